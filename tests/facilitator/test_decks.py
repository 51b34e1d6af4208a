"""Decks reopen in python-pptx with titles, notes and the expected slides, in every
language, follow the template they are given, and split long lists."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.facilitator.decks import (
    SLIDE_LINES,
    Bullet,
    TemplateError,
    deck_bytes,
    lines_of,
    plan_slides,
    split,
)
from tests.conftest import MINIMAL, REPO, TEMPLATE, make_translated

EPOCH = 1700000000


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(MINIMAL)


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return load_course(make_translated(tmp_path_factory.mktemp("translated") / "course"))


def open_deck(course: Course, module_id: str, template: Path = TEMPLATE):
    return Presentation(io.BytesIO(deck_bytes(course, course.module(module_id), template, EPOCH)))


def body(slide) -> list[tuple[str, int]]:
    frame = next(p for p in slide.placeholders if p.placeholder_format.idx == 1).text_frame
    return [(p.text, p.level) for p in frame.paragraphs]


def test_deck_has_every_generated_and_authored_slide(course: Course) -> None:
    prs = open_deck(course, "intro")
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == ["Introduction", "Agenda", "Learning objectives", "Why this course",
                      "The cycle", "Activity: Who is missing?", "Sources", "Key messages"]
    assert [s.slide_layout.name for s in prs.slides][:2] == ["Title Slide", "Title and Content"]
    assert prs.slides[-1].slide_layout.name == "Closing"
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    for slide in prs.slides:
        assert slide.notes_slide.notes_text_frame.text.strip(), slide.shapes.title.text
    assert body(prs.slides[0]) == [("Gender mainstreaming", 0), ("30 minutes", 0)]
    assert body(prs.slides[1]) == [("Presentation and discussion (slides) · 20 minutes", 0),
                                   ("Activity: Who is missing? · 10 minutes", 0)]
    assert body(prs.slides[3]) == [("Women are often missed", 0),
                                   ("Services are designed for men", 0), ("opening hours", 1)]
    assert "Ask the group" in prs.slides[3].notes_slide.notes_text_frame.text
    activity = prs.slides[5]
    assert body(activity) == [("10 minutes · group discussion", 0), ("Materials:", 0),
                              ("Flipchart paper", 1), ("Markers", 1)]
    notes = activity.notes_slide.notes_text_frame.text
    assert "1. Ask who uses local services. (5 min)" in notes and "Why are they missing?" in notes


def test_every_bundled_deck_matches_its_source() -> None:
    bundled = load_course(REPO)
    for module in bundled.modules:
        prs = Presentation(io.BytesIO(deck_bytes(bundled, module, TEMPLATE, EPOCH)))
        plans = list(plan_slides(bundled, module))
        assert len(plans) == 3 + len(module.slides) + len(module.activities) + 2
        continued = sum(len(split(p, "(continued)")) - 1 for p in plans)
        assert len(prs.slides) == len(plans) + continued, module.id
        for slide in prs.slides:
            assert slide.shapes.title.text.strip()
            assert slide.notes_slide.notes_text_frame.text.strip(), slide.shapes.title.text


def test_long_lists_continue_on_further_slides_with_the_same_notes(course: Course) -> None:
    module = course.module("intro")
    slide = module.slides[0].model_copy(update={
        "lines": tuple(module.slides[0].lines[0].model_copy(
            update={"text": f"Point {n}: " + "women are missed by services " * 4})
            for n in range(14))})
    long = course.model_copy(update={"modules": (module.model_copy(
        update={"slides": (slide,)}),)})
    prs = open_deck(long, "intro")
    titles = [s.shapes.title.text for s in prs.slides]
    parts = [s for s in prs.slides if s.shapes.title.text.startswith("Why this course")]
    assert len(parts) > 2 and titles.count("Why this course (continued)") == len(parts) - 1
    texts = [text for part in parts for text, _ in body(part)]
    assert texts == [line.text for line in slide.lines]  # all of them, in order
    for part in parts:
        assert sum(lines_of(Bullet(t)) for t, _ in body(part)) <= SLIDE_LINES
        assert "Ask the group" in part.notes_slide.notes_text_frame.text


def test_decks_are_in_the_language_they_are_built_for(translated: Course) -> None:
    spanish = localize(translated, "es")
    prs = open_deck(spanish, "intro")
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[:5] == ["Introducción", "Agenda", "Objetivos de aprendizaje",
                          "Por qué este curso", "El ciclo"]
    assert body(prs.slides[0])[1][0] == "30 minutos"
    assert body(prs.slides[5])[0] == ("10 minutos · discusión en grupo", 0)
    notes = prs.slides[5].notes_slide.notes_text_frame.text
    assert "2. Haga una lista de quién falta. (5 min)" in notes  # minutes from the source
    assert prs.core_properties.language == "es"


def test_right_to_left_decks_keep_fallback_text_in_its_own_direction(course: Course) -> None:
    """A Persian deck: Persian paragraphs right to left, English left where a translation is
    missing left to right, left-aligned and marked English; an English deck untouched."""
    intro = course.module("intro")
    persian_slide = intro.slides[0].model_copy(update={"title": "چرا این دوره", "lines": (
        intro.slides[0].lines[0].model_copy(update={"text": "زنان اغلب نادیده گرفته می‌شوند"}),
        intro.slides[0].lines[1])})
    persian = course.model_copy(update={"language": "fa", "modules": (intro.model_copy(
        update={"slides": (persian_slide, *intro.slides[1:])}), *course.modules[1:])})
    prs = open_deck(persian, "intro")
    paragraphs = {p.text: p for p in prs.slides[3].shapes.placeholders[1].text_frame.paragraphs}
    own = paragraphs["زنان اغلب نادیده گرفته می‌شوند"]
    assert own._p.pPr.get("rtl") == "1" and own.alignment == PP_ALIGN.RIGHT
    fallback = paragraphs["Services are designed for men"]
    assert fallback._p.pPr.get("rtl") == "0" and fallback.alignment == PP_ALIGN.LEFT
    assert all(r._r.rPr.get("lang") == "en" for r in fallback.runs)
    for slide in open_deck(course, "intro").slides:
        for shape in (s for s in slide.placeholders if s.has_text_frame):
            for paragraph in shape.text_frame.paragraphs:
                assert paragraph._p.pPr is None or paragraph._p.pPr.get("rtl") is None


def test_write_decks_writes_each_language(translated: Course, tmp_path: Path) -> None:
    from tests.renderers import write_decks

    write_decks(translated, TEMPLATE, tmp_path, EPOCH)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pptx")) == [
        "en/basics.pptx", "en/intro.pptx", "es/basics.pptx", "es/intro.pptx"]


def test_deck_zip_has_fixed_times_and_properties(course: Course) -> None:
    data = deck_bytes(course, course.module("basics"), TEMPLATE, EPOCH)
    assert data == deck_bytes(course, course.module("basics"), TEMPLATE, EPOCH)
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        assert {i.date_time for i in deck.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    props = Presentation(io.BytesIO(data)).core_properties
    assert props.modified.year == 2023 and props.last_modified_by == "coursepack"


def test_the_bundled_template_uses_a_font_for_every_script() -> None:
    prs = Presentation(str(TEMPLATE))
    theme = prs.slide_master.part.part_related_by(RT.THEME).blob.decode()
    assert theme.count('<a:latin typeface="DejaVu Sans"/>') == 2
    assert theme.count('<a:cs typeface="DejaVu Sans"/>') == 2


def test_another_template_gives_its_fonts_colours_and_logo(course: Course,
                                                          tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(b'typeface="DejaVu Sans"', b'typeface="Liberation Serif"')
    theme._blob = theme.blob.replace(b'val="6B2C91"', b'val="00796B"')
    logo = tmp_path / "logo.png"
    _png(logo)
    _add_logo(prs.slide_master, logo)
    branded = tmp_path / "branded.pptx"
    prs.save(str(branded))
    deck = deck_bytes(course, course.module("intro"), branded, EPOCH)
    with zipfile.ZipFile(io.BytesIO(deck)) as archive:
        names = archive.namelist()
        theme_xml = archive.read("ppt/theme/theme1.xml").decode()
    assert 'typeface="Liberation Serif"' in theme_xml and "DejaVu Sans" not in theme_xml
    assert 'val="00796B"' in theme_xml
    assert any(name.startswith("ppt/media/") for name in names)
    reopened = Presentation(io.BytesIO(deck))
    assert any(s.shape_type == 13 for s in reopened.slide_master.shapes)  # the logo picture


def _add_logo(master, image: Path) -> None:
    """A picture on the slide master (python-pptx has no call for it): every slide shows it."""
    from pptx.oxml.shapes.picture import CT_Picture

    _, rel_id = master.part.get_or_add_image_part(str(image))
    pic = CT_Picture.new_pic(900, "Logo", "logo", rel_id, Inches(11.8), Inches(6.95),
                             Inches(1.2), Inches(0.4))
    master.shapes._spTree.append(pic)


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (120, 40), (0, 121, 107)).save(path)


def test_template_without_needed_layout_is_refused(course: Course, tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    prs.slide_layouts.get_by_name("Title and Content").name = "Body"
    broken = tmp_path / "template.pptx"
    prs.save(str(broken))
    with pytest.raises(TemplateError, match="'Title and Content'"):
        deck_bytes(course, course.module("intro"), broken, EPOCH)
