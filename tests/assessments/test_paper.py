"""Printed tests, typeset by Typst: booklets with a code box and no answers, answer sheets
with the code box on every page, and the key (letters and answer text) only in the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.assessments.forms import Form, printed_form
from generator.assessments.paper import (
    ANSWER_KEY,
    ANSWER_SHEET,
    BOOKLET,
    answer_key_data,
    answer_sheet_data,
    booklet_data,
)
from generator.build.typeset import TEMPLATES, typeset
from generator.course.blueprint import plan_forms
from generator.course.load import load_course
from generator.course.localize import in_right_to_left_script, localize
from generator.course.model import Course
from tests.conftest import MINIMAL, REPO, make_persian, make_translated
from tests.pdf import (
    BIDI_MARKS,
    PAYLOADS,
    flat,
    language,
    line_with,
    lines,
    pages,
    pdfinfo,
    shows,
    tagged_languages,
    words,
)

EPOCH = 1700000000


def made(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(typeset(TEMPLATES, name, data, EPOCH))
    return path


@pytest.fixture(scope="module")
def bundled() -> tuple[Course, list[Form]]:
    course = load_course(REPO)
    return course, [printed_form(course, plan) for plan in plan_forms(course)[:2]]


def test_booklet_numbers_questions_asks_for_a_code_and_hides_the_key(tmp_path: Path) -> None:
    course = load_course(MINIMAL)
    form = printed_form(course, plan_forms(course)[0])
    pdf = made(tmp_path, BOOKLET, booklet_data(course, form))
    info = pdfinfo(pdf)
    assert "(A4)" in info["Page size"] and info["Tagged"] == "yes"
    assert info["Title"] == "Initial training: Pre-test (Test booklet)"
    assert language(pdf) == "en"
    text = flat(" ".join(pages(pdf)))
    assert "Participant code" in text and "Do not write your name" in text
    for item in form.items:
        assert f"{item.number}. {item.stem[:20]}" in text
        for option in item.options:
            assert f"{option.letter}. {option.text}" in text
    assert "name:" not in text.lower() and "correct" not in text.lower()


def test_single_answers_get_round_boxes_and_multiple_square(bundled) -> None:
    course, forms = bundled
    data = booklet_data(course, forms[0])
    kinds = {i.id: i.type for i in forms[0].items}
    assert [q["multiple"] for q in data["items"]] == [
        kinds[i.id] == "multiple" for i in forms[0].items]
    assert any(q["multiple"] for q in data["items"]) and not all(
        q["multiple"] for q in data["items"])
    template = (TEMPLATES / "paper.typ").read_text()
    assert "circle(" in template and "box(width: 3.6mm, height: 3.6mm" in template


def test_answer_sheet_has_the_code_box_on_every_page(bundled, tmp_path: Path) -> None:
    course, forms = bundled
    pdf = made(tmp_path, ANSWER_SHEET, answer_sheet_data(course, forms[0]))
    texts = pages(pdf)
    info = pdfinfo(pdf)
    assert len(texts) == int(info["Pages"]) >= 2
    assert info["Tagged"] == "yes" and language(pdf) == "en"
    assert all("Participant code" in page for page in texts)
    numbers = [n for page in texts for n in page.split() if n.isdigit()]
    for item in forms[0].items:
        assert str(item.number) in numbers


def test_answer_key_gives_letters_and_answer_text_for_both_occasions(bundled,
                                                                     tmp_path: Path) -> None:
    course, forms = bundled
    pdf = made(tmp_path, ANSWER_KEY, answer_key_data(course, forms))
    assert pdfinfo(pdf)["Tagged"] == "yes" and language(pdf) == "en"
    text = flat(" ".join(pages(pdf)))
    assert "For facilitators only" in text and "Pre-test" in text and "Post-test" in text
    for form in forms:
        for item in form.items:
            right = [o.text for o in item.options if o.letter in item.correct]
            assert flat(right[0])[:40] in text, item.id


def test_course_text_never_runs_as_typst(tmp_path: Path) -> None:
    course = load_course(MINIMAL)
    form = printed_form(course, plan_forms(course)[0])
    first = form.items[0]
    hostile = first.model_copy(update={
        "stem": " ".join(PAYLOADS),
        "options": tuple(o.model_copy(update={"text": p})
                         for o, p in zip(first.options, PAYLOADS, strict=False))})
    evil = form.model_copy(update={"items": (hostile, *form.items[1:]),
                                   "cycle_title": '#read("/etc/passwd")'})
    for name, data in ((BOOKLET, booklet_data(course, evil)),
                       (ANSWER_KEY, answer_key_data(course, [evil]))):
        text = flat(" ".join(pages(made(tmp_path, name, data))))
        assert "root:" not in text
        assert '#read("/etc/passwd")' in text
        for payload in PAYLOADS[:len(first.options)]:
            assert shows(text, payload), (name, payload)


def test_spanish_forms_are_spanish(tmp_path: Path) -> None:
    course = localize(load_course(make_translated(tmp_path / "course")), "es")
    form = printed_form(course, plan_forms(course)[0])
    pdf = made(tmp_path, BOOKLET, booklet_data(course, form))
    assert language(pdf) == "es"
    text = flat(" ".join(pages(pdf)))
    assert "Código de participante" in text and "Formación inicial: Prueba inicial" in text


def test_english_in_a_persian_booklet_reads_left_to_right(tmp_path: Path) -> None:
    source = load_course(make_persian(tmp_path / "course"))
    persian = localize(source, "fa")
    form = printed_form(persian, plan_forms(persian)[0])  # every item is in Persian …
    english = {item.id: item for item in printed_form(source, plan_forms(source)[0]).items}
    # … so two are put back into English here, as text without its translation would be
    # shown (a form refuses untranslated items; its templates must still set them right)
    left = {"intro-q-cycle": {"stem": english["intro-q-cycle"].stem},
            "intro-q-purpose": {"stem": english["intro-q-purpose"].stem,
                                "options": english["intro-q-purpose"].options}}
    mixed = form.model_copy(update={"items": tuple(
        item.model_copy(update=left.get(item.id, {})) for item in form.items)})
    booklet = made(tmp_path, BOOKLET, booklet_data(persian, mixed))
    key = made(tmp_path, ANSWER_KEY, answer_key_data(persian, [mixed]))
    text = BIDI_MARKS.sub("", " ".join(pages(booklet)))
    stem = "The TSP cycle ends with a refresher training."
    assert stem in text and f".{stem[:-1]}" not in text  # the full stop at its end
    assert "Women who inject drugs" in text
    assert "Women who inject drugs" in BIDI_MARKS.sub("", " ".join(pages(key)))
    for item in (i for i in mixed.items if i.id not in left):  # Persian, as written
        assert "".join(words(item.stem)) in "".join(words(text)), item.id
    for pdf in (booklet, key):  # English parts tagged as English, in a Persian document
        assert language(pdf) == "fa" and tagged_languages(pdf) == {"en"}, pdf.name
    # each from its own side: English at the left margin (16 mm), Persian at the right
    margin = 16 / 25.4 * 72
    assert line_with(booklet, "The TSP cycle").left < margin + 1
    assert line_with(booklet, "Women who inject").left < margin + 20  # after its tick box
    course = lines(booklet)[0]
    assert in_right_to_left_script(course.text) and course.right > course.page_width - margin - 1


def test_us_letter_is_a_course_setting(tmp_path: Path) -> None:
    course = load_course(MINIMAL).model_copy(update={"paper": "us-letter"})
    pdf = made(tmp_path, BOOKLET, booklet_data(course, printed_form(course,
                                                                    plan_forms(course)[0])))
    assert "(letter)" in pdfinfo(pdf)["Page size"]


def test_same_data_same_pdf() -> None:
    course = load_course(MINIMAL)
    data = booklet_data(course, printed_form(course, plan_forms(course)[0]))
    assert typeset(TEMPLATES, BOOKLET, data, EPOCH) == typeset(TEMPLATES, BOOKLET, data, EPOCH)
