"""Decks reopen in python-pptx with titles, notes and the expected slides."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from generator.decks import TemplateError, deck_bytes
from generator.loader import load_course

from .conftest import MINIMAL, TEMPLATE

EPOCH = 1700000000


@pytest.fixture(scope="module")
def course():
    return load_course(MINIMAL)


def test_deck_has_every_generated_and_authored_slide(course) -> None:
    module = course.module("intro")
    prs = Presentation(io.BytesIO(deck_bytes(course, module, TEMPLATE, EPOCH)))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == ["Introduction", "Learning objectives", "Why this course", "The cycle",
                      "Activity: Who is missing?", "Key messages", "Sources"]
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    for slide in prs.slides:
        assert slide.notes_slide.notes_text_frame.text.strip(), slide.shapes.title.text
    why = prs.slides[2]
    body = [p for p in why.placeholders if p.placeholder_format.idx == 1][0].text_frame
    assert [(p.text, p.level) for p in body.paragraphs] == [
        ("Women are often missed", 0), ("Services are designed for men", 0),
        ("opening hours", 1)]
    assert "Ask the group" in why.notes_slide.notes_text_frame.text
    activity_notes = prs.slides[4].notes_slide.notes_text_frame.text
    assert "1. Ask who uses local services." in activity_notes
    assert "Why are they missing?" in activity_notes


def test_deck_zip_has_fixed_times_and_properties(course) -> None:
    data = deck_bytes(course, course.module("basics"), TEMPLATE, EPOCH)
    assert data == deck_bytes(course, course.module("basics"), TEMPLATE, EPOCH)
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        assert {i.date_time for i in deck.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    props = Presentation(io.BytesIO(data)).core_properties
    assert props.modified.year == 2023 and props.last_modified_by == "coursepack"


def test_template_without_needed_layout_is_refused(course, tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    prs.slide_layouts.get_by_name("Section Header").name = "Divider"
    broken = tmp_path / "template.pptx"
    prs.save(str(broken))
    with pytest.raises(TemplateError, match="'Section Header'"):
        deck_bytes(course, course.module("intro"), broken, EPOCH)
