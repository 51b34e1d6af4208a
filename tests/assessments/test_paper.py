"""Printed tests: A4 booklets with a code box and no answers; the key only in the key."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.assessments.forms import printed_form
from generator.assessments.paper import answer_key_html, answer_sheet_html, booklet_html
from generator.build.pdf import pdf_bytes
from generator.course.blueprint import plan_forms
from generator.course.load import load_course
from generator.course.localize import localize
from tests.conftest import MINIMAL, make_translated


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "595.276 x 841.89 pts (A4)" in info.stdout
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_booklet_numbers_questions_asks_for_a_code_and_hides_the_key(tmp_path: Path) -> None:
    course = load_course(MINIMAL)
    form = printed_form(course, plan_forms(course)[0])
    page = booklet_html(course, form)
    text = pdf_text(pdf_bytes(page), tmp_path)
    assert "Participant code" in text and "Do not write your name" in text
    assert "Initial training: Pre-test" in text
    for item in form.items:
        assert f"{item.number}. {item.stem[:20]}" in " ".join(text.split())
        for option in item.options:
            assert f"{option.letter}. {option.text}" in text
    assert "name:" not in page.lower() and "correct" not in page.lower()
    assert "<script" not in page


def test_answer_sheet_has_a_box_per_printed_option(tmp_path: Path) -> None:
    course = load_course(MINIMAL)
    form = printed_form(course, plan_forms(course)[1])
    page = answer_sheet_html(course, form)
    assert page.count("<span class=box>") == sum(len(i.options) for i in form.items)
    assert "Participant code" in pdf_text(pdf_bytes(page), tmp_path)


def test_answer_key_lists_both_occasions_with_their_letters(tmp_path: Path) -> None:
    course = load_course(MINIMAL)
    forms = [printed_form(course, plan) for plan in plan_forms(course)[:2]]
    text = pdf_text(pdf_bytes(answer_key_html(course, forms)), tmp_path)
    assert "For facilitators only" in text
    for form in forms:
        for item in form.items:
            assert any(line.split()[:1] == [str(item.number)] and item.id in line
                       and line.split()[-1] == item.correct for line in text.splitlines())


def test_untrusted_text_is_escaped_and_spanish_is_spanish(tmp_path: Path) -> None:
    course = localize(load_course(make_translated(tmp_path / "course")), "es")
    form = printed_form(course, plan_forms(course)[0])
    evil = form.model_copy(update={"items": (form.items[0].model_copy(
        update={"stem": '<script>alert(1)</script><img src=x onerror="alert(2)">'}),)})
    page = booklet_html(course, evil)
    assert "<script>" not in page and "<img" not in page
    assert 'lang="es"' in page and "Código de participante" in page
    assert "Formación inicial: Prueba inicial" in page


def test_same_page_same_pdf() -> None:
    course = load_course(MINIMAL)
    page = booklet_html(course, printed_form(course, plan_forms(course)[0]))
    assert pdf_bytes(page) == pdf_bytes(page)
