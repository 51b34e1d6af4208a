"""The fact ledger: course text held to the ledger, the ledger to its source documents,
and every translation to the figures of its source text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.course.load import load
from generator.course.numbers import numbers_in
from generator.errors import CourseInvalid, Problem
from tests.conftest import FIXTURES, make_translated

CONTENT = "modules/intro/content.md"
SPANISH = "locales/es/modules/intro/content.md"


@pytest.fixture
def ledgered(tmp_path: Path) -> Path:
    """The translated minimal course with a ledger, a source document and figures."""
    root = make_translated(tmp_path / "course")
    shutil.copytree(FIXTURES / "ledger", root, dirs_exist_ok=True)
    return root


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(root: Path) -> list[str]:
    with pytest.raises(CourseInvalid) as caught:
        load(root)
    return [f"{p.path}:{p.line}: {p.message}" for p in caught.value.problems]


def warnings(root: Path) -> list[Problem]:
    return load(root)[0].warnings


def test_a_course_true_to_its_ledger_is_valid(ledgered: Path) -> None:
    assert not [w for w in warnings(ledgered) if "ledger" in w.message]


def test_a_changed_figure_is_caught_where_it_stands_and_in_the_ledger(ledgered: Path) -> None:
    edit(ledgered, CONTENT, "up to 70 per cent", "up to 30 per cent")
    found = problems(ledgered)
    assert f"{CONTENT}:3: the figure 30 is not in the fact ledger (facts.yml)" in found
    assert "facts.yml:4: intro does not state 70 with Tajikistan in the same sentence" in found


def test_a_changed_context_word_is_caught(ledgered: Path) -> None:
    edit(ledgered, CONTENT, "In Tajikistan, up to 70", "In Kazakhstan, up to 70")
    found = problems(ledgered)
    assert any(p.startswith(f"{CONTENT}:3: the figure 70 stands here without the words the "
                            "ledger ties it to (prison-tajikistan: Tajikistan)") for p in found)


def test_a_number_word_is_a_figure_too(ledgered: Path) -> None:
    edit(ledgered, CONTENT, "Seventeen women", "Twelve women")
    found = problems(ledgered)
    assert f"{CONTENT}:10: the figure Twelve is not in the fact ledger (facts.yml)" in found
    assert "facts.yml:18: intro does not state 17 with women in the same sentence" in found


def test_a_number_with_no_ledger_entry_is_caught(ledgered: Path) -> None:
    edit(ledgered, "modules/intro/module.yml", "Services must reach women.",
         "Services must reach 37.5 % of women.")
    assert "modules/intro/module.yml:12: the figure 37.5 is not in the fact ledger (facts.yml)" \
        in problems(ledgered)


def test_the_course_s_own_numbers_need_their_word(ledgered: Path) -> None:
    edit(ledgered, CONTENT, "take 10 minutes", "take 10 of them")
    assert f"{CONTENT}:11: the figure 10 is not in the fact ledger (facts.yml)" \
        in problems(ledgered)


def test_a_translated_figure_that_differs_is_caught(ledgered: Path) -> None:
    edit(ledgered, SPANISH, "hasta el 70 por ciento", "hasta el 75 por ciento")
    found = problems(ledgered)
    assert f"{SPANISH}:3: the source states 70 here; the translation does not" in found
    assert f"{SPANISH}:4: the translation states 75, which the source does not" in found


def test_a_translated_figure_in_the_english_format_is_caught(ledgered: Path) -> None:
    edit(ledgered, SPANISH, "0,003", "0.003")
    with pytest.raises(CourseInvalid) as caught:
        load(ledgered)
    wrong = [p for p in caught.value.problems if p.path == SPANISH]
    assert [(p.line, p.message, p.hint) for p in wrong] == [
        (6, "0.003 is written the English way", "write it 0,003 (the es number format)")]


def test_a_translation_laid_out_otherwise_is_compared_as_a_whole_file(ledgered: Path) -> None:
    edit(ledgered, SPANISH, "drogas.\n\nSolo el", "drogas.\nSolo el")
    edit(ledgered, SPANISH, "Diecisiete\nmujeres", "Doce\nmujeres")
    assert f"{SPANISH}:1: the source states 17 in this file; the translation does not" \
        in problems(ledgered)


def test_a_translation_may_write_a_figure_in_words(ledgered: Path) -> None:
    edit(ledgered, SPANISH, "el 70 por ciento", "el setenta por ciento")
    assert not [w for w in warnings(ledgered) if w.path == SPANISH]


def test_a_translation_that_drops_a_number_word_is_caught(ledgered: Path) -> None:
    edit(ledgered, SPANISH, "Diecisiete\nmujeres", "Doce\nmujeres")
    assert f"{SPANISH}:10: the source states 17 here; the translation does not" \
        in problems(ledgered)


def test_a_ledger_passage_not_in_its_source_is_caught(ledgered: Path) -> None:
    edit(ledgered, "facts.yml", "(and up to 70 per cent in Tajikistan)",
         "(and up to 70 per cent in Kazakhstan)")
    found = problems(ledgered)
    assert "facts.yml:8: this passage is not in brief.txt" in found
    assert "facts.yml:5: the passage does not say Tajikistan" in found


def test_a_ledger_figure_its_passage_does_not_give_is_caught(ledgered: Path) -> None:
    edit(ledgered, "facts.yml", 'figure: "70"', 'figure: "30"')
    edit(ledgered, CONTENT, "up to 70 per cent", "up to 30 per cent")
    edit(ledgered, SPANISH, "hasta el 70 por ciento", "hasta el 30 por ciento")
    assert problems(ledgered) == ["facts.yml:4: the passage does not give 30"]


def test_without_the_source_documents_the_text_is_still_held_to_the_ledger(
        ledgered: Path) -> None:
    shutil.rmtree(ledgered / "sources")
    notes = [w for w in warnings(ledgered) if w.path == "facts.yml"]
    assert [(n.line, n.message) for n in notes] == [
        (1, "the source documents are not at sources: the ledger's passages were not "
            "checked against them")]
    edit(ledgered, CONTENT, "up to 70 per cent", "up to 30 per cent")
    assert f"{CONTENT}:3: the figure 30 is not in the fact ledger (facts.yml)" \
        in problems(ledgered)


def test_a_fact_names_a_reference_and_modules_that_exist(ledgered: Path) -> None:
    edit(ledgered, "facts.yml", "source: brief\n    where: Incarceration",
         "source: breif\n    where: Incarceration")
    edit(ledgered, "facts.yml", "stated_in: [intro]\n  - id: ost", "stated_in: [intro, outro]\n"
         "  - id: ost")
    found = problems(ledgered)
    assert "facts.yml:6: 'breif' is not a reference in course.yml" in found
    assert "facts.yml:9: there is no module 'outro'" in found


@pytest.mark.parametrize(("text", "language", "figures"), [
    ("Seventeen (17) women from 7 countries; 60–80 % and 10-20 %", "en",
     ["17", "17", "7", "60", "80", "10", "20"]),
    ("resolution 55/5, COVID-19, [a link](page-2.md), 1,000 people", "en", ["55/5", "1000"]),
    ("el 0,003 % de diecisiete mujeres, 12.345,5 en total", "es", ["0.003", "17", "12345.5"]),
    ("семнадцати женщин из 7 стран, 0,003 %, 12\u00a0345", "ru", ["17", "7", "0.003", "12345"]),
    ("هفده زن از ۷ کشور، ۰٫۰۰۳ درصد و بیست و پنج", "fa", ["17", "7", "0.003", "25"]),
])
def test_numbers_are_read_the_way_each_language_writes_them(
        text: str, language: str, figures: list[str]) -> None:
    assert [n.figure for n in numbers_in(text, language)] == figures
