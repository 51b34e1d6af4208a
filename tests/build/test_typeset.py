"""What the Typst templates receive of course text: each text with its own language and
direction where they are not the document's."""

from __future__ import annotations

from pathlib import Path

from generator.build.typeset import course_text, message_texts
from generator.course.load import load_course
from generator.course.localize import localize
from tests.conftest import make_persian


def test_course_text_carries_its_language_and_direction_only_when_foreign(
        tmp_path: Path) -> None:
    source = load_course(make_persian(tmp_path / "course"))
    persian = localize(source, "fa")
    assert course_text(persian, "Services must reach women.") == {
        "text": "Services must reach women.", "lang": "en", "dir": "ltr"}
    assert course_text(persian, "مقدمه") == {"text": "مقدمه", "lang": None, "dir": None}
    assert course_text(source, "Services must reach women.")["dir"] is None


def test_a_message_with_a_title_in_another_script_is_a_run_of_texts(tmp_path: Path) -> None:
    persian = localize(load_course(make_persian(tmp_path / "course")), "fa")
    message = persian.ui("Activity: {title}")
    assert "{title}" in message and message != "Activity: {title}"  # the Persian message
    run = message_texts(persian, message, title="Who is missing?")
    assert "".join(t["text"] for t in run) == persian.ui("Activity: {title}",
                                                         title="Who is missing?")
    assert [t for t in run if t["dir"]] == [
        {"text": "Who is missing?", "lang": "en", "dir": "ltr"}]  # only the title
    unfilled = message_texts(persian, "{a} and {b}", a="x")  # a field without a value stays
    assert "".join(t["text"] for t in unfilled) == "x and {b}"
