"""Translations under locales/<lang>/ are laid over the source; the source fills the gaps."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from generator.course.load import load, load_course
from generator.course.localize import (
    RIGHT_TO_LEFT_BLOCKS,
    in_right_to_left_script,
    localize,
    own_language,
)
from generator.course.model import Course
from tests.conftest import make_persian, make_translated


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return load_course(make_translated(tmp_path / "course"))


def test_translated_text_replaces_the_source_text(course: Course) -> None:
    spanish = localize(course, "es")
    assert (spanish.language, spanish.title) == ("es", "Curso mínimo")
    intro = spanish.module("intro")
    assert intro.title == "Introducción"
    assert "no llegan a las mujeres" in intro.content
    assert intro.slides[0].title == "Por qué este curso"
    assert intro.activities[0].title == "¿Quién falta?"
    assert intro.activities[0].steps[0].text == "Pregunte quién usa los servicios locales."


def test_ids_durations_order_and_answers_come_from_the_source(course: Course) -> None:
    source, intro = course.module("intro"), localize(course, "es").module("intro")
    assert [o.id for o in intro.objectives] == [o.id for o in source.objectives]
    assert intro.objectives[0].text == "Explicar el propósito del curso."
    assert intro.minutes == source.minutes
    assert intro.activities[0].minutes == source.activities[0].minutes
    assert [s.minutes for s in intro.activities[0].steps] == [5, 5]  # translated text only
    assert intro.activities[0].steps[1].text == "Haga una lista de quién falta."
    practice = next(i for i in intro.items if i.id == "intro-q-practice-only")
    assert practice.stem == "¿Cuáles son etapas del ciclo?"
    assert practice.correct_ids() == {"a", "c"}


def test_translated_steps_that_no_longer_match_the_source_fall_back_to_it(
        tmp_path: Path) -> None:
    """A step added to the source: which translated text goes with which minutes is not
    known, so the source's steps stand, with a warning, until the translation matches."""
    root = make_translated(tmp_path / "course")
    source = root / "modules" / "intro" / "activities.yml"
    source.write_text(source.read_text().replace(
        "    debrief:", "      - minutes: 5\n        text: Share the lists.\n    debrief:"
    ).replace("minutes: 10\n", "minutes: 15\n", 1))
    loaded, course = load(root)
    steps = localize(course, "es").module("intro").activities[0].steps
    assert [s.text for s in steps] == ["Ask who uses local services.", "List who is missing.",
                                       "Share the lists."]
    [warning] = [w for w in loaded.warnings if "steps" in w.field]
    assert (warning.path, warning.line) == ("locales/es/modules/intro/activities.yml", 5)
    assert "the source has 3 steps, this translation 2" in warning.message
    state = course.translations[0].modules[0].translation
    assert state is not None and state.deck == "stale"


def test_what_is_not_translated_falls_back_to_the_source(course: Course) -> None:
    spanish = localize(course, "es")
    basics, source = spanish.module("basics"), course.module("basics")
    assert (basics.title, basics.content, basics.slides) == (
        source.title, source.content, source.slides)
    assert basics.translation and (basics.translation.site, basics.translation.deck) == (
        "missing", "missing")
    assert spanish.track("nine-components") == course.track("nine-components")
    assert spanish.track("gender-mainstreaming").title == "Transversalización de género"


def test_interface_strings_come_from_the_catalogue_except_fuzzy_ones(course: Course) -> None:
    spanish = localize(course, "es")
    assert spanish.ui("Learning objectives") == "Objetivos de aprendizaje"
    assert spanish.ui("Key messages") == "Key messages"  # marked fuzzy: not used
    assert spanish.ui("Glossary") == "Glossary"  # not translated yet
    assert course.ui("Learning objectives") == "Learning objectives"


def test_localize_refuses_a_language_the_course_does_not_have(course: Course) -> None:
    assert localize(course, "en") is course
    with pytest.raises(ValueError, match="no 'ru' translation"):
        localize(course, "ru")


def test_text_in_another_script_is_in_the_source_language_and_its_direction(
        tmp_path: Path) -> None:
    source = load_course(make_persian(tmp_path / "course"))
    persian = localize(source, "fa")
    intro = persian.module("intro")
    assert own_language(persian, intro.summary) == ("en", "ltr")  # left in English
    assert own_language(persian, intro.title) is None  # Persian: the page's own
    assert own_language(persian, "2012: 84") is None  # no letters: the page's
    assert own_language(persian, "HIV و هپاتیت") is None  # Persian with a Latin word
    assert own_language(source, intro.summary) is None  # English in the English course
    assert own_language(source, intro.title) == ("en", "rtl")  # a Persian word in English
    hebrew_source = persian.model_copy(update={"default_language": "he"})
    assert own_language(hebrew_source, intro.summary) == ("fa", "ltr")  # not the source's


def test_every_right_to_left_letter_is_in_a_right_to_left_block() -> None:
    """The quick pass of ``in_right_to_left_script`` misses no right-to-left letter."""
    letters = (chr(c) for c in range(0x110000))
    missed = [hex(ord(c)) for c in letters if c.isalpha()
              and unicodedata.bidirectional(c) in ("R", "AL") and not RIGHT_TO_LEFT_BLOCKS.match(c)]
    assert missed == []
    assert in_right_to_left_script("ߊ 𐤀 ﭐ") is True  # N'Ko, Phoenician, Arabic forms
    assert in_right_to_left_script("٣٤ ۵") is None  # Arabic-Indic digits are not letters
    assert in_right_to_left_script("½ ²") is None
