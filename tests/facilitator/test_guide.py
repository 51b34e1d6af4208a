"""The facilitator guide: session plans and answer keys, in HTML and as an A4 PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.course.load import load_course
from generator.course.localize import in_right_to_left_script, localize
from generator.course.model import Course
from generator.facilitator.guide import guide_html
from tests.conftest import REPO, make_persian, make_translated
from tests.pdf import (
    BIDI_MARKS,
    PAYLOADS,
    flat,
    fonts,
    language,
    line_with,
    lines,
    pages,
    pdfinfo,
    shows,
    tagged_languages,
    words,
)
from tests.renderers import write_guides


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return load_course(make_translated(tmp_path_factory.mktemp("guide") / "course"))


def test_guide_has_plan_activities_talking_points_and_answer_keys(course: Course) -> None:
    page = guide_html(course)
    for text in ("Describe the TSP cycle.", "Who is missing?", "group discussion",
                 "Flipchart paper", "Ask who uses local services.", "Why are they missing?",
                 "Walk through the three stages.", "Answer key",
                 "The TSP cycle ends with a refresher training.",  # a test item …
                 "Women who inject drugs"):  # … and the right answer of another
        assert text in page, text
    plan = re.search(r"<h3>Session plan</h3>\s*<table>.*?</table>", page, re.S)
    assert plan and "0–20" in plan.group(0) and "20–30" in plan.group(0)  # 30 min, 10 activity
    cycle = page.split("intro-q-cycle", 1)[1].split("</tr>", 1)[0]
    assert '<td class="key">True</td>' in cycle
    assert "<script" not in page and "Content-Security-Policy" in page


def test_each_step_shows_its_minutes_in_every_language(course: Course,
                                                      tmp_path: Path) -> None:
    page = guide_html(course)
    assert '<li>Ask who uses local services. <span class="meta">(5 min)</span></li>' in page
    write_guides(course, tmp_path)
    for lang, step in (("en", "List who is missing."), ("es", "Haga una lista de quién falta.")):
        text = "\n".join(pages(tmp_path / lang / "modules" / "intro.pdf", layout=True))
        # numbered, the minutes in a column of their own at the end of the line
        assert re.search(rf"^ *2\. +{re.escape(step)} {{10,}}5 min$", text, re.M), text


def test_guide_text_is_escaped(course: Course) -> None:
    module = course.modules[0]
    hostile = module.model_copy(update={"title": "<script>alert(1)</script>"})
    page = guide_html(course.model_copy(update={"modules": (hostile, *course.modules[1:])}))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_guide_is_written_per_language_as_html_and_a4_pdf(course: Course,
                                                         tmp_path: Path) -> None:
    write_guides(course, tmp_path)
    spanish = (tmp_path / "es" / "guide.html").read_text()
    assert '<html lang="es" dir="ltr">' in spanish and "¿Quién falta?" in spanish
    assert "Objetivos de aprendizaje" in spanish
    for lang in ("en", "es"):
        pdf = tmp_path / lang / "guide.pdf"
        info = pdfinfo(pdf)
        assert "(A4)" in info["Page size"] and info["Tagged"] == "yes"
        assert language(pdf) == lang
        assert int(info["Pages"]) >= 3  # cover and contents, then a page per module


def test_the_whole_guide_is_numbered_throughout_with_contents_that_match(
        course: Course, tmp_path: Path) -> None:
    write_guides(course, tmp_path)
    texts = pages(tmp_path / "en" / "guide.pdf")
    total = len(texts)
    for number, text in enumerate(texts, 1):
        assert re.search(rf"\b{number}\s*/\s*{total}\s*$", text), number
    contents = texts[1]
    assert contents.startswith("Contents")
    for module in course.modules:
        listed = re.search(re.escape(module.title) + r"[ .]*\W*(\d+)", contents)
        assert listed, module.title
        start = int(listed.group(1))
        assert texts[start - 1].lstrip().startswith(module.title), (module.title, start)
        assert module.title not in texts[start - 2].split("\n")[0]  # a new page per module
    assert b"/Outlines" in (tmp_path / "en" / "guide.pdf").read_bytes()  # bookmarks
    module_pdf = pages(tmp_path / "en" / "modules" / f"{course.modules[0].id}.pdf")
    assert re.search(rf"\b1\s*/\s*{len(module_pdf)}\s*$", module_pdf[0])


def test_each_page_of_a_module_is_headed_by_the_module(tmp_path: Path) -> None:
    bundled = load_course(REPO)
    two = bundled.model_copy(update={"modules": bundled.modules[:2], "languages": ("en",)})
    write_guides(two, tmp_path)
    texts = pages(tmp_path / "en" / "guide.pdf")
    for module in two.modules:
        start = next(n for n, text in enumerate(texts) if text.lstrip().startswith(module.title))
        following = texts[start + 1]
        assert following.lstrip().startswith(module.title), module.id  # the running header


def test_talking_points_carry_their_slide_number_in_slide_order(course: Course,
                                                                tmp_path: Path) -> None:
    write_guides(course, tmp_path)
    module = course.modules[0]
    text = flat(" ".join(pages(tmp_path / "en" / "modules" / f"{module.id}.pdf")))
    found = [(int(n), title) for n, title in re.findall(r"Slide (\d+) (\w[^.?!]*?) ", text)]
    numbers = [n for n, _ in found]
    assert numbers == sorted(numbers) and numbers[0] == 4  # after title, agenda, objectives
    for slide in module.slides:
        assert f"{slide.title}" in text


def test_guide_text_never_runs_as_typst(course: Course, tmp_path: Path) -> None:
    module = course.modules[0]
    hostile = module.model_copy(update={"title": PAYLOADS[0], "summary": " ".join(PAYLOADS)})
    write_guides(course.model_copy(update={"modules": (hostile, *course.modules[1:]),
                                           "languages": ("en",)}), tmp_path)
    text = flat(" ".join(pages(tmp_path / "en" / "guide.pdf")))
    assert "root:" not in text
    for payload in PAYLOADS:
        assert shows(text, payload), payload


def test_persian_is_set_right_to_left_in_logical_order(tmp_path: Path) -> None:
    persian = localize(load_course(REPO), "fa")
    module = persian.modules[0]
    write_guides(persian.model_copy(update={"modules": (module,), "languages": ("fa",)}),
                 tmp_path)
    pdf = tmp_path / "fa" / "modules" / f"{module.id}.pdf"
    assert language(pdf) == "fa"
    embedded = fonts(pdf)
    assert embedded.get("NotoSansArabicUI-Regular") and all(embedded.values()), embedded
    # the title first, then an objective, each in the order written (poppler may split a
    # word at a zero-width non-joiner, so letters are compared, not spaces)
    assert "".join(words(pages(pdf)[0])).startswith("".join(words(module.title)))
    assert "".join(words(module.objectives[0].text)) in "".join(words(" ".join(pages(pdf))))


ENGLISH_LEFT = ("What the course is about.",  # the summary
                "Ask who uses local services.",  # an activity's step
                "Ask the group who uses services near them.",  # a talking point's notes
                "Services must reach women.")  # a key message
"""Text of the Persian fixture's module ``intro`` that has no Persian translation."""


def test_english_left_in_a_persian_guide_reads_left_to_right(tmp_path: Path) -> None:
    persian = localize(load_course(make_persian(tmp_path / "course")), "fa")
    write_guides(persian.model_copy(update={"languages": ("fa",)}), tmp_path / "out")
    pdf = tmp_path / "out" / "fa" / "modules" / "intro.pdf"
    text = BIDI_MARKS.sub("", " ".join(pages(pdf)))
    for sentence in ENGLISH_LEFT:  # in the order written, the full stop at its end
        assert sentence in text and f".{sentence[:-1]}" not in text, sentence
    intro = persian.module("intro")  # the Persian title and objectives as written
    assert "".join(words(pages(pdf)[0])).startswith("".join(words(intro.title)))
    for objective in intro.objectives:
        assert "".join(words(objective.text)) in "".join(words(text)), objective.id
    # laid out from its own side: English at the left margin (16 mm), Persian at the right
    title, margin = lines(pdf)[0], 16 / 25.4 * 72
    assert in_right_to_left_script(title.text) and title.right > title.page_width - margin - 1
    for sentence in ENGLISH_LEFT:
        found = next(line for page in range(1, len(pages(pdf)) + 1)
                     for line in lines(pdf, page) if sentence in line.text)
        assert found.left < margin + 8, (sentence, found)  # a list's text after its marker
    assert line_with(pdf, "What the course").left < margin + 1
    # tagged with its language, in a Persian document
    assert language(pdf) == "fa" and tagged_languages(pdf) == {"en"}


def test_english_left_in_a_persian_html_guide_is_marked(tmp_path: Path) -> None:
    page = guide_html(localize(load_course(make_persian(tmp_path / "course")), "fa"))
    assert '<html lang="fa" dir="rtl">' in page
    assert '<p lang="en" dir="ltr">What the course is about.</p>' in page
    assert ('<ol lang="en" dir="ltr"><li>Ask who uses local services. <span class="meta" '
            'lang="fa" dir="rtl">(5 دقیقه)</span></li>') in page
    assert '<span lang="en" dir="ltr">Who is missing?</span>' in page  # in "Activity: …"
    assert 'lang="en"' not in page.split("<h3>", 2)[1]  # the Persian objectives are not
    english = guide_html(load_course(make_persian(tmp_path / "en")))
    assert 'dir="ltr"' in english and 'lang="en" dir="ltr">' not in english.split("<body>")[1]


def test_guide_is_reproducible(course: Course, tmp_path: Path) -> None:
    write_guides(localize(course, "en"), tmp_path / "a")
    write_guides(localize(course, "en"), tmp_path / "b")
    assert (tmp_path / "a" / "en" / "guide.pdf").read_bytes() == \
        (tmp_path / "b" / "en" / "guide.pdf").read_bytes()


def test_guide_reads_right_to_left_in_a_right_to_left_language(course: Course) -> None:
    assert 'dir="rtl"' in guide_html(course.model_copy(update={"language": "fa"}))
    assert 'dir="ltr"' in guide_html(course)


def test_slide_pictures_and_charts_stand_by_their_talking_points(tmp_path: Path) -> None:
    import subprocess

    from tests.conftest import make_pictured

    pictured = load_course(make_pictured(tmp_path / "course"))
    write_guides(pictured, tmp_path / "out")
    for lang in ("en", "es"):
        pdf = tmp_path / "out" / lang / "modules" / "intro.pdf"
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                                 text=True, check=True).stdout.splitlines()[2:]
        assert len(listing) == 1 and " 160    90 " in listing[0]  # the PNG, as it is
        text = flat(" ".join(pages(pdf)))
        chart_label = ("Women in prison for drugs, Tajikistan" if lang == "en"
                       else "Mujeres en prisión por drogas, Tayikistán")
        assert flat(chart_label) in text  # the chart, drawn with its labels
    spanish = flat(" ".join(pages(tmp_path / "out" / "es" / "modules" / "intro.pdf")))
    assert "0,003" in spanish
