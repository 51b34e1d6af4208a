"""Printed tests: participant booklet, answer sheet and facilitator answer key, typeset by
Typst from ``generator/typst/{booklet,answer-sheet,answer-key}.typ``.

Participants write a code, never a name. The functions here give each template its data:
plain text, which the templates show as it is, each course text with its own language and
direction (:func:`~generator.build.typeset.course_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.assessments.forms import LETTERS, Form
from generator.build.typeset import course_text
from generator.course.model import Course

BOOKLET, ANSWER_SHEET, ANSWER_KEY = "booklet", "answer-sheet", "answer-key"
"""The templates of the printed tests."""


def booklet_data(course: Course, form: Form) -> dict[str, Any]:
    """The participant booklet: code box, instructions, numbered questions."""
    ui = course.ui
    return {
        **_form(course, form, ui("Test booklet")),
        "labels": {**_code_labels(course), "instructions": ui(
            "Do not write your name anywhere. Answer every question: tick one box, or every "
            "box that applies where the question says so.")},
        "items": [{"number": item.number, "stem": course_text(course, item.stem),
                   "multiple": item.type == "multiple",
                   "how": form.texts.select_all if item.type == "multiple"
                   else ui("Tick one answer."),
                   "options": [{"letter": o.letter, "text": course_text(course, o.text)}
                               for o in item.options]}
                  for item in form.items],
    }


def answer_sheet_data(course: Course, form: Form) -> dict[str, Any]:
    """A row of tick boxes per question, for marking answers apart from the booklet."""
    ui = course.ui
    width = max(len(item.options) for item in form.items)
    return {
        **_form(course, form, ui("Answer sheet")),
        "labels": {**_code_labels(course), "question": ui("Question"),
                   "instructions": ui("Tick the letter of your answer for each question.")},
        "letters": list(LETTERS[:width]),
        "items": [{"number": item.number, "options": len(item.options),
                   "multiple": item.type == "multiple"} for item in form.items],
    }


def answer_key_data(course: Course, forms: Sequence[Form]) -> dict[str, Any]:
    """The facilitator's key to the pre- and post-test of one cycle, in one language: the
    right letters and the text of the right answers."""
    ui = course.ui
    title = f"{forms[0].cycle_title}: {ui('Answer key')}"
    return {
        "lang": course.language, "paper": course.paper, "title": title,
        "course": course_text(course, course.title), "form": title,
        "labels": {
            "secret": ui("For facilitators only: keep this key away from participants."),
            "question": ui("Question"), "correct": ui("Correct"),
            "answer": ui("Correct answer"), "item": ui("Item"),
            "rule": ui("A question counts as right only when exactly the letters in the key "
                       "are ticked.")},
        "forms": [{"title": _occasion(course, form.occasion),
                   "items": [{"number": i.number, "id": i.id, "correct": i.correct,
                              "answers": [course_text(course, o.text) for o in i.options
                                          if o.letter in i.correct]}
                             for i in form.items]} for form in forms],
    }


def _form(course: Course, form: Form, kind: str) -> dict[str, Any]:
    name = f"{form.cycle_title}: {_occasion(course, form.occasion)}"
    return {"lang": course.language, "paper": course.paper,
            "course": course_text(course, course.title), "form": name,
            "title": f"{name} ({kind})"}


def _code_labels(course: Course) -> dict[str, str]:
    return {"code": course.ui("Participant code"),
            "copy_code": course.ui("Copy the code from your card.")}


def _occasion(course: Course, occasion: str) -> str:
    return course.ui("Pre-test") if occasion == "pre" else course.ui("Post-test")
