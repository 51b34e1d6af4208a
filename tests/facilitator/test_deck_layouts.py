"""Slide layouts chosen in slides.md, pictures, native charts, footer and slide numbers,
and a second template restyling them all."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.facilitator.decks import deck, deck_bytes, plan_slides, render_deck
from tests.conftest import TEMPLATE, make_pictured
from tests.facilitator.test_decks_render import slide_images, soffice_pdf

EPOCH = 1700000000
LAYOUTS = ["Title Slide", "Title and Content", "Title and Content", "Title and Content",
           "Section Header", "Picture with Caption", "Two Content", "Key Figure", "Quote",
           "Chart", "Title and Content", "Title and Content", "Closing"]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return load_course(make_pictured(tmp_path_factory.mktemp("pictured") / "course"))


def intro_deck(course: Course, template: Path = TEMPLATE, language: str = "en") -> bytes:
    localized = localize(course, language)
    return deck_bytes(localized, localized.module("intro"), template, EPOCH)


def placeholder_text(slide, idx: int) -> str:
    return next(p for p in slide.placeholders if p.placeholder_format.idx == idx).text_frame.text


def test_each_slide_takes_the_layout_its_source_names(course: Course) -> None:
    prs = Presentation(io.BytesIO(intro_deck(course)))
    assert [s.slide_layout.name for s in prs.slides] == LAYOUTS
    key_figure, quote = prs.slides[7], prs.slides[8]
    assert placeholder_text(key_figure, 1) == "70 %"
    assert placeholder_text(key_figure, 13).startswith("of women in prison in Tajikistan")
    assert placeholder_text(key_figure, 14) == "A policy brief (UNODC, 2014)"
    assert placeholder_text(quote, 1) == ("\u201cServices should be designed with women, not "
                                          "for them.\u201d")
    assert placeholder_text(quote, 13) == "A participant in the survey — A policy brief " \
                                          "(UNODC, 2014)"
    assert placeholder_text(prs.slides[4], 1) == "Services designed with women"
    closing = prs.slides[-1]
    assert placeholder_text(closing, 1) == "Services must reach women."


def test_a_chart_is_a_native_chart_with_the_source_s_numbers(course: Course) -> None:
    prs = Presentation(io.BytesIO(intro_deck(course)))
    frames = [s for s in prs.slides[9].shapes if s.has_chart]
    assert len(frames) == 1
    chart = frames[0].chart
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == ["Women in prison for drugs, Tajikistan",
                                               "Women who inject drugs on OST"]
    assert chart.series[0].values == (70.0, 0.003)
    spanish = Presentation(io.BytesIO(intro_deck(course, language="es")))
    chart = next(s for s in spanish.slides[9].shapes if s.has_chart).chart
    assert list(chart.plots[0].categories)[0] == "Mujeres en prisión por drogas, Tayikistán"
    assert chart.series[0].values == (70.0, 0.003)


def test_pictures_sit_inside_the_slide_with_their_alt_text(course: Course) -> None:
    prs = Presentation(io.BytesIO(intro_deck(course)))
    pictures = {slide.slide_layout.name: shape for slide in prs.slides
                for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE}
    assert set(pictures) == {"Picture with Caption", "Two Content"}
    assert pictures["Picture with Caption"]._element.nvPicPr.cNvPr.get("descr") == \
        "A rounded box with the words: initial training"
    for shape in pictures.values():
        assert shape.left >= 0 and shape.left + shape.width <= prs.slide_width
        assert shape.top >= 0 and shape.top + shape.height <= prs.slide_height
    svg = pictures["Picture with Caption"]
    assert abs(svg.width / svg.height - 2.0) < 0.01  # the drawing kept in proportion
    embedded = svg._element.xpath(".//*[local-name()='svgBlip']/@r:embed")
    assert len(embedded) == 1  # the SVG itself beside its PNG, sharp in PowerPoint
    part = svg.part.related_part(embedded[0])
    assert part.content_type == "image/svg+xml" and b"Initial training" in part.blob
    assert not pictures["Two Content"]._element.xpath(".//*[local-name()='svgBlip']")


def test_slides_are_numbered_and_carry_the_course_and_module(course: Course) -> None:
    prs = Presentation(io.BytesIO(intro_deck(course)))
    for number, slide in enumerate(prs.slides, start=1):
        xml = slide._element.xml
        numbered = 'type="slidenum"' in xml
        assert numbered == (slide.slide_layout.name not in ("Title Slide", "Closing")), number
        if numbered:
            field = slide._element.xpath('.//a:fld[@type="slidenum"]/a:t')[0]
            assert field.text == str(number)
            assert "Minimal course · Introduction" in xml


def test_every_text_is_in_a_placeholder_of_its_layout(course: Course) -> None:
    prs = Presentation(io.BytesIO(intro_deck(course)))
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                assert shape.is_placeholder, (slide.slide_layout.name, shape.name)


def test_decks_with_charts_are_reproducible(course: Course) -> None:
    first, second = intro_deck(course), intro_deck(course)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        workbook = next(n for n in archive.namelist() if n.endswith(".xlsx"))
        with zipfile.ZipFile(io.BytesIO(archive.read(workbook))) as embedded:
            assert b"2023-11-14T22:13:20Z" in embedded.read("docProps/core.xml")


def test_right_to_left_decks_mirror_their_layouts(course: Course) -> None:
    localized = localize(course, "en")
    planned = deck(localized, "Introduction", plan_slides(localized, localized.module("intro")),
                   EPOCH, localized.module("intro"))
    ltr = Presentation(io.BytesIO(render_deck(planned, TEMPLATE)))
    rtl = Presentation(io.BytesIO(render_deck(dataclasses.replace(planned, language="fa"),
                                              TEMPLATE)))
    width = ltr.slide_width
    for left, right in zip(ltr.slides, rtl.slides, strict=True):
        for a, b in zip(left.shapes, right.shapes, strict=True):
            assert b.left == width - a.left - a.width, (left.slide_layout.name, a.name)


def test_a_template_without_a_layout_shows_the_slide_as_a_list(course: Course,
                                                               tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    prs.slide_layouts.get_by_name("Key Figure").name = "Big Number"
    other = tmp_path / "other.pptx"
    prs.save(str(other))
    deck_file = Presentation(io.BytesIO(intro_deck(course, other)))
    slide = deck_file.slides[7]
    assert slide.slide_layout.name == "Title and Content"
    assert placeholder_text(slide, 1).splitlines() == [
        "70 %", "of women in prison in Tajikistan were convicted of a drug offence",
        "A policy brief (UNODC, 2014)"]


def test_a_second_template_restyles_every_layout(course: Course, tmp_path: Path) -> None:
    """Another organisation's template: other colours and font in its theme, so every
    layout (title, section, key figure, quote, closing …) shows in them."""
    prs = Presentation(str(TEMPLATE))
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = (theme.blob.replace(b'typeface="DejaVu Sans"', b'typeface="Liberation Serif"')
                   .replace(b'val="3B1F5B"', b'val="00594F"')
                   .replace(b'val="C2185B"', b'val="E65100"'))
    branded = tmp_path / "branded.pptx"
    prs.save(str(branded))
    out = tmp_path / "out"
    out.mkdir()
    decks = []
    for name, template in (("ours", TEMPLATE), ("theirs", branded)):
        path = tmp_path / f"{name}.pptx"
        path.write_bytes(intro_deck(course, template))
        decks.append(path)
    ours, theirs = (slide_images(pdf, out) for pdf in soffice_pdf(decks, out))
    assert len(ours) == len(theirs) == len(LAYOUTS)
    for number, (a, b) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert a.tobytes() != b.tobytes(), f"slide {number} looks the same on both templates"


def test_the_title_slide_names_track_minutes_and_organisation(course: Course) -> None:
    given = course.model_copy(update={"organisation": "Harm Reduction Network"})
    prs = Presentation(io.BytesIO(intro_deck(given)))
    assert placeholder_text(prs.slides[0], 1).splitlines() == [
        "Gender mainstreaming", "30 minutes · Harm Reduction Network"]


@pytest.mark.parametrize(("kind", "chart_type"), [("pie", XL_CHART_TYPE.PIE),
                                                  ("column", XL_CHART_TYPE.COLUMN_CLUSTERED)])
def test_every_kind_of_chart_is_native_in_the_deck_and_drawn_for_the_site(
        course: Course, kind: str, chart_type: XL_CHART_TYPE) -> None:
    from generator.build.chart_svg import chart_svg
    from generator.course.pictures import svg_dangers

    intro = course.module("intro")
    chart = intro.chart("charts/figures.yml").model_copy(update={"kind": kind})
    changed = intro.model_copy(update={"charts": (chart,)})
    given = course.model_copy(update={"modules": (changed, *course.modules[1:])})
    prs = Presentation(io.BytesIO(deck_bytes(given, changed, TEMPLATE, EPOCH)))
    graph = next(s for s in prs.slides[9].shapes if s.has_chart).chart
    assert graph.chart_type == chart_type and graph.series[0].values == (70.0, 0.003)
    for right_to_left in (False, True):
        drawing = chart_svg(chart, right_to_left)
        assert svg_dangers(drawing) == [] and b"Women who inject drugs on OST" in drawing
    assert (b"<path" in chart_svg(chart)) == (kind == "pie")
