"""How current a translation is: stale, partial and missing units, and what each output
says about them (site page, deck title notes, guide, test forms)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from generator.assessments.forms import UntranslatedItems, printed_form
from generator.authoring.translate import init_language, mark_current, status_data
from generator.course.blueprint import plan_forms
from generator.course.load import load, load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.course.staleness import untranslated
from generator.facilitator.decks import deck_bytes
from generator.facilitator.guide import guide_html
from generator.site.plugin import build_site
from tests.conftest import TEMPLATE, make_translated
from tests.renderers import write_assessments

STALE = "El original en inglés ha cambiado desde esta traducción."
PARTLY = "Esta página está en parte en inglés."
DRAFT = "Esta traducción aún no ha sido revisada."


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The translated fixture with a second language (ru) started and marked current."""
    root = make_translated(tmp_path / "course")
    init_language(*load(root), "ru", "intro")
    mark_current(*load(root), "ru", "intro")
    return root


def states(root: Path) -> dict[tuple[str, str], dict]:
    data = status_data(load_course(root))
    return {(m["id"], lang): state for m in data["modules"]
            for lang, state in m["languages"].items()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_fixture_translation_is_current(root: Path) -> None:
    found = states(root)
    assert {u: found["intro", "es"][u] for u in ("site", "deck", "quiz")} == {
        "site": "complete", "deck": "complete", "quiz": "complete"}
    assert (found["basics", "es"]["site"], found["basics", "es"]["quiz"]) == (
        "missing", "complete")
    assert found["intro", "ru"]["site"] == "partial"  # pre-filled with the English text


def test_one_changed_sentence_makes_exactly_that_unit_stale_in_every_language(
        root: Path, tmp_path: Path) -> None:
    before = states(root)
    edit(root / "modules/intro/content.md", "Women who inject drugs", "Women who use drugs")
    after = states(root)
    changed = {key: (before[key], after[key]) for key in after if after[key] != before[key]}
    assert set(changed) == {("intro", "es"), ("intro", "ru")}
    for key in changed:
        assert after[key]["site"] == "stale"
        assert {after[key]["deck"], after[key]["quiz"]} == {
            before[key]["deck"], before[key]["quiz"]}
    build_site(load_course(root), root / "mkdocs.yml", tmp_path / "site", 0)
    page = (tmp_path / "site/es/modules/intro.html").read_text(encoding="utf-8")
    assert STALE in page and PARTLY not in page
    assert STALE not in (tmp_path / "site/en/modules/intro.html").read_text(encoding="utf-8")

    mark_current(*load(root), "es", "intro")
    assert states(root)["intro", "es"]["site"] == "complete"
    build_site(load_course(root), root / "mkdocs.yml", tmp_path / "again", 0)
    assert STALE not in (tmp_path / "again/es/modules/intro.html").read_text(encoding="utf-8")


def test_a_deleted_translation_falls_back_with_a_notice_and_blocks_its_forms(
        root: Path, tmp_path: Path) -> None:
    (root / "locales/es/assessments/intro.yml").unlink()
    course = load_course(root)
    assert states(root)["intro", "es"]["quiz"] == "missing"
    build_site(course, root / "mkdocs.yml", tmp_path / "site", 0)
    page = (tmp_path / "site/es/modules/intro.html").read_text(encoding="utf-8")
    assert PARTLY in page and "Which are stages of the TSP cycle?" in page

    left_out = write_assessments(course, tmp_path / "assessments", 0)
    spanish = [reason for reason in left_out if reason.startswith("the 'es' ")]
    assert spanish and all("locales/es/assessments/intro.yml: intro-q-" in r for r in spanish)
    assert (tmp_path / "assessments/initial/en/pre-booklet.pdf").is_file()
    assert not (tmp_path / "assessments/initial/es").exists()
    with pytest.raises(UntranslatedItems, match=r"not translated in locales/es/assessments/"
                                                r"intro\.yml: .*intro-q-cycle"):
        printed_form(localize(course, "es"), plan_forms(course)[0])


def test_a_stale_item_is_named_and_never_printed(root: Path) -> None:
    edit(root / "assessments/basics.yml", "How many components", "How many parts")
    course = load_course(root)
    assert states(root)["basics", "es"]["stale_items"] == ["basics-q-count"]
    plan = next(p for p in plan_forms(course) if any(i.id == "basics-q-count" for i in p.items))
    with pytest.raises(UntranslatedItems, match=r"older English text .*basics-q-count "
                                                r"\(update them, then run `coursepack translate "
                                                r"mark-current es --module basics`\)"):
        printed_form(localize(course, "es"), plan)
    mark_current(*load(root), "es", "basics")
    printed_form(localize(load_course(root), "es"), plan)


def test_deck_and_guide_say_what_the_reader_must_know(root: Path) -> None:
    (root / "locales/es/modules/intro/slides.md").unlink()
    course: Course = localize(load_course(root), "es")
    deck = Presentation(__import__("io").BytesIO(
        deck_bytes(course, course.module("intro"), TEMPLATE, 0)))
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    assert PARTLY in notes and DRAFT in notes
    guide = guide_html(course)
    assert f'<p class="notice">{PARTLY}</p>' in guide


def test_reviewed_translations_carry_no_review_notice(root: Path) -> None:
    mark_current(*load(root), "es", "intro", reviewed=True)
    course = localize(load_course(root), "es")
    assert course.module("intro").translation.review == "reviewed"
    notes = Presentation(__import__("io").BytesIO(deck_bytes(
        course, course.module("intro"), TEMPLATE, 0))).slides[0].notes_slide.notes_text_frame
    assert DRAFT not in notes.text and PARTLY not in notes.text


@pytest.mark.parametrize(("source", "translation", "expected"), [
    ("Women who inject drugs", "Mujeres que se inyectan drogas", False),
    ("Women who inject drugs", "Women  who inject\ndrugs", True),  # copied, not translated
    ("HIV", "HIV", False),  # a single word may stay as it is
    ({"title": "A b", "id": "x", "minutes": 5}, {"id": "x"}, True),
    ({"items": [{"id": "q", "stem": "A b"}]}, {"items": [{"id": "q", "stem": "C d"}]}, False),
    ({"debrief": ["Why?", "Who is missing?"]}, {"debrief": ["¿Por qué?"]}, True),
    ({"materials": ["pens", "flip-charts"]}, {}, False),  # ids: the source's stand
    ({"rows": [{"id": "a", "cells": ["", ""]}]}, {}, False),  # blanks to fill in
])
def test_untranslated_text_is_found(source: object, translation: object,
                                    expected: bool) -> None:
    assert untranslated(source, translation) is expected


def test_the_build_succeeds_and_a_workshop_in_that_language_stops(root: Path, tmp_path: Path,
                                                                  capsys) -> None:
    from generator.cli import main

    (root / "locales/es/assessments/intro.yml").unlink()
    out = tmp_path / "build"
    assert main(["--course", str(root), "build", "--only", "assessments", "--only", "site",
                 "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: the 'es' pre-test of cycle 'initial' is not built" in err
    assert (out / "site/es/modules/intro.html").is_file()
    workshop = tmp_path / "taller.yml"
    workshop.write_text("title: Taller\nmodules: [intro, basics]\nlanguage: es\ndays: 1\n"
                        'day_start: "09:00"\nday_end: "17:00"\ncycle: initial\n', "utf-8")
    assert main(["--course", str(root), "workshop", "plan", str(workshop), "--template",
                 str(TEMPLATE), "--out", str(tmp_path / "taller")]) == 1
    assert not [p.name for p in tmp_path.iterdir() if "taller" in p.name and p.is_dir()]
    assert "not translated in locales/es/assessments/intro.yml" in capsys.readouterr().err


def test_untrusted_text_in_a_translation_stays_inert(root: Path, tmp_path: Path) -> None:
    content = root / "locales/es/modules/intro/content.md"
    content.write_text(content.read_text(encoding="utf-8") + "\n"
                       "Total: {{ 7 * 7 }} <img src=\"../assets/images/favicon.png\" alt=\"x\" "
                       "onerror=\"alert(1)\">\n", "utf-8")
    edit(root / "locales/es/messages.po", 'msgstr "Sobre esta traducción"',
         'msgstr "Sobre <script>alert(2)</script>"')
    edit(root / "locales/es/messages.po", 'msgstr "Esta página está en parte en {language}."',
         'msgstr "<b onclick=\\"alert(3)\\">{language}</b>"')
    (root / "locales/es/modules/intro/slides.md").unlink()  # the site stays complete
    (root / "locales/es/assessments/intro.yml").unlink()  # practice items fall back: notice
    build_site(load_course(root), root / "mkdocs.yml", tmp_path / "site", 0)
    page = (tmp_path / "site/es/modules/intro.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    assert "<script" not in article and "onerror" not in page and "<b onclick" not in page
    assert "{{ 7 * 7 }}" in article
    assert "&lt;b onclick" in article and 'admonition-title">Sobre' in article
    guide = guide_html(localize(load_course(root), "es"))
    assert "<b onclick" not in guide and "&lt;b onclick" in guide
