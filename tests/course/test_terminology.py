"""Respectful language: avoided terms are warned at their line, in every language, with
the preferred term; quoted words are exempt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.course.load import load
from generator.course.model import TerminologyFile
from generator.course.terminology import _avoided, term_pattern
from generator.course.texts import Passage
from tests.conftest import FIXTURES, REPO, make_translated


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = make_translated(tmp_path / "course")
    shutil.copytree(FIXTURES / "ledger", root, dirs_exist_ok=True)
    return root


def append(root: Path, relative: str, text: str) -> None:
    with (root / relative).open("a", encoding="utf-8") as file:
        file.write(text)


def stigmatising(root: Path) -> list[tuple[str, int, str]]:
    return [(w.path, w.line, w.message) for w in load(root)[0].warnings
            if "stigmatises" in w.message]


def test_avoided_terms_are_warned_at_their_line_with_the_preferred_term(course: Path) -> None:
    append(course, "modules/intro/content.md", "\nMany addicts fear\nclean needles runs.\n")
    append(course, "locales/es/modules/intro/content.md", "\nMuchas drogadictas temen.\n")
    assert stigmatising(course) == [
        ("locales/es/modules/intro/content.md", 13,
         "'drogadictas' stigmatises: write 'persona que usa drogas'"),
        ("modules/intro/content.md", 13, "'addicts' stigmatises: write 'person who uses drugs'"),
        ("modules/intro/content.md", 14, "'clean needles' stigmatises: write 'sterile needles'"),
    ]


def test_terms_are_found_in_every_text_field(course: Path) -> None:
    path = course / "assessments/intro.yml"
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    bank["items"][0]["options"][1]["feedback"] = "No: a junkie is a person too."
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), "utf-8")
    found = load(course)[0].warnings
    assert [(w.path, w.field) for w in found if "stigmatises" in w.message] == [
        ("assessments/intro.yml", "items[intro-q-purpose].options[b].feedback")]


def test_a_quotation_is_exempt(course: Path) -> None:
    append(course, "modules/intro/content.md",
           '\nThe report calls them "addicts", a word we do not use.\n\n'
           "> Junkies, they called us.\n")
    assert stigmatising(course) == []


BUNDLED = TerminologyFile.model_validate(
    yaml.safe_load((REPO / "terminology.yml").read_text(encoding="utf-8")))


@pytest.mark.parametrize(("language", "text", "found"), [
    ("en", "Outreach to drug addicts with clean syringes", ["drug addicts", "clean syringes"]),
    ("es", "Las drogadictas y el abuso de drogas; jeringas limpias",
     ["drogadictas", "abuso de drogas", "jeringas limpias"]),
    ("ru", "Наркоманы и наркоманки получают чистые шприцы",
     ["Наркоманы", "наркоманки", "чистые шприцы"]),
    ("fa", "برنامه برای معتادان و سرنگ تمیز", ["معتادان", "سرنگ تمیز"]),
])
def test_the_bundled_list_covers_each_language(language: str, text: str,
                                               found: list[str]) -> None:
    terms = [(t, term_pattern(t)) for t in BUNDLED.languages[language]]
    passage = Passage("page.md", 1, "block 1", ("page.md", 1), text, "intro")
    assert sorted(p.message.split("'")[1] for p in _avoided(passage, terms)) == sorted(found)


def test_the_bundled_course_uses_no_avoided_term() -> None:
    assert [w.format() for w in load(REPO)[0].warnings if "stigmatises" in w.message] == []
