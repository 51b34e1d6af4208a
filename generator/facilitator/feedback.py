"""Participant feedback (reaction) forms and their summary.

Two anonymous forms, in the workshop's language: a daily one and one at the end of the
workshop. Each is printed (``feedback/<form>.pdf``, Typst ``feedback.typ``), offered as an
XLSForm for KoboToolbox / ODK (``feedback/<form>-xlsform.xlsx``) and as an entry template
for paper answers (``feedback/<form>-entry.csv``). Neither asks for a code or a name.

Field names, which :func:`summarise_feedback` reads back from the CSV/XLSX exports or the
filled entry templates: ``feedback_form`` (``daily`` or ``final``), ``day`` (the daily
form), one column per question (``day_*``, ``end_*``); ratings are 1 (strongly disagree)
to 5 (strongly agree), comments are free text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.assessments.xlsform import language_label, workbook_bytes
from generator.build.typeset import course_text
from generator.course.model import Course
from generator.errors import Problem
from generator.scoring.responses import read_table

FORMS = ("daily", "final")
"""The feedback forms, in the order a workshop uses them."""
SCALE = (1, 2, 3, 4, 5)
COMMENT_CHARACTERS = 500
"""A comment longer than this is cut with an ellipsis in the report."""
SMALL_N = 5
"""Fewer answers than this to a question: the report says to read its figures with care."""


@dataclass(frozen=True)
class Question:
    """One question of a feedback form: a rating on ``SCALE`` or a comment."""

    name: str
    kind: str  # rating, comment
    text: str


def questions(course: Course, form: str) -> list[Question]:
    """The questions of feedback form ``form`` (``daily``, ``final``) in the course's
    language."""
    ui = course.ui
    if form == "daily":
        return [
            Question("day_useful", "rating", ui("Today's sessions were useful for my work.")),
            Question("day_clear", "rating", ui("The facilitators explained things clearly.")),
            Question("day_pace", "rating", ui("The pace of the day was right.")),
            Question("day_take_part", "rating",
                     ui("I had enough opportunity to take part and ask questions.")),
            Question("day_best", "comment", ui("What worked best today?")),
            Question("day_change", "comment", ui("What should change tomorrow?")),
        ]
    return [
        Question("end_objectives", "rating", ui("The workshop met its objectives.")),
        Question("end_relevant", "rating", ui("The content is relevant to my work.")),
        Question("end_apply", "rating", ui("I can apply what I learned in my work.")),
        Question("end_materials", "rating", ui("The materials and handouts were useful.")),
        Question("end_facilitators", "rating", ui("The facilitators were well prepared.")),
        Question("end_organisation", "rating", ui("The organisation and the venue were good.")),
        Question("end_most_useful", "comment", ui("What was the most useful part?")),
        Question("end_improve", "comment", ui("What should be improved?")),
        Question("end_other", "comment", ui("Any other comments")),
    ]


def form_title(course: Course, form: str) -> str:
    ui = course.ui
    return ui("Daily feedback") if form == "daily" else ui("End-of-workshop feedback")


def scale_labels(course: Course) -> list[str]:
    ui = course.ui
    return [ui("Strongly disagree"), ui("Disagree"), ui("Neither agree nor disagree"),
            ui("Agree"), ui("Strongly agree")]


# --- the forms -------------------------------------------------------------------------------


def feedback_data(course: Course, workshop_title: str, form: str) -> dict[str, Any]:
    """What ``feedback.typ`` prints: the form's title, the anonymity note, the scale and
    the questions."""
    ui = course.ui
    return {
        "lang": course.language, "paper": course.paper,
        "title": form_title(course, form), "workshop": course_text(course, workshop_title),
        "note": ui("This form is anonymous: do not write your name or your participant "
                   "code. Tick one box per statement."),
        "day": ui("Day: ____") if form == "daily" else "",
        "scale": [f"{n} {label}" for n, label in zip(SCALE, scale_labels(course),
                                                     strict=True)],
        "numbers": [str(n) for n in SCALE],
        "ratings": [q.text for q in questions(course, form) if q.kind == "rating"],
        "comments": [q.text for q in questions(course, form) if q.kind == "comment"],
        "thanks": ui("Thank you!"),
    }


def feedback_xlsform(course: Course, workshop_title: str, workshop_id: str, form: str,
                     days: int, epoch: int) -> bytes:
    """The XLSForm of feedback form ``form``: no code, no name; a hidden ``feedback_form``
    says which form an export comes from. The same inputs give the same bytes."""
    ui = course.ui
    label = f"label::{language_label(course.language)}"
    hint = f"hint::{language_label(course.language)}"
    survey: list[dict[str, str]] = [
        {"type": "calculate", "name": "feedback_form", "calculation": f"'{form}'"},
        {"type": "note", "name": "anonymous",
         label: ui("This form is anonymous: it does not ask for your name or code.")}]
    if form == "daily":
        survey.append({"type": "select_one day", "name": "day", label: ui("Which day?"),
                       "required": "yes"})
    for q in questions(course, form):
        if q.kind == "rating":
            survey.append({"type": "select_one agree", "name": q.name, label: q.text,
                           "required": "yes", "appearance": "likert"})
        else:
            survey.append({"type": "text", "name": q.name, label: q.text,
                           hint: ui("Please do not write names."), "appearance": "multiline"})
    choices = [{"list_name": "agree", "name": str(n), label: f"{n} {text}"}
               for n, text in zip(SCALE, scale_labels(course), strict=True)]
    choices += [{"list_name": "day", "name": str(d), label: ui("Day {day}", day=d)}
                for d in range(1, days + 1)]
    title = f"{workshop_title} — {form_title(course, form)}"
    digest = hashlib.sha256(json.dumps([survey, choices], ensure_ascii=False)
                            .encode()).hexdigest()[:8]
    slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", workshop_id)
                  .encode("ascii", "ignore").decode().lower()).strip("-")[:40] or "workshop"
    settings = {"form_title": title, "form_id": f"{slug}-feedback-{form}",
                "version": f"{epoch}-{digest}", "default_language": language_label(
                    course.language)}
    return workbook_bytes(title, epoch, (
        ("survey", ["type", "name", label, hint, "required", "appearance", "calculation"],
         survey),
        ("choices", ["list_name", "name", label], choices),
        ("settings", list(settings), [settings])))


def entry_template(course: Course, form: str) -> str:
    """The CSV header a trainer types paper answers under: one row per form handed in."""
    names = ["feedback_form", *(["day"] if form == "daily" else []),
             *(q.name for q in questions(course, form))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(names)
    return out.getvalue()


# --- the summary -----------------------------------------------------------------------------


EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE = re.compile(r"\+?\d[\d ()./-]{6,}\d")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def sanitised(comment: str) -> str:
    """A comment as the report shows it: control and direction characters removed,
    whitespace collapsed, e-mail addresses and phone numbers hidden, cut to
    ``COMMENT_CHARACTERS``."""
    text = " ".join(CONTROL.sub("", comment).split())
    text = PHONE.sub("…", EMAIL.sub("…", text))
    if len(text) > COMMENT_CHARACTERS:
        text = text[:COMMENT_CHARACTERS - 1].rstrip() + "…"
    return text


def summarise_feedback(course: Course, paths: Sequence[Path],
                       problems: list[Problem]) -> dict[str, Any]:
    """Per form and question: the count of each rating, the number of answers and their
    mean (ratings), or the comments, sanitised and sorted (comments). Cells that are not a
    rating are left out and listed in ``problems``."""
    known = {form: questions(course, form) for form in FORMS}
    ratings: dict[str, list[int]] = {q.name: [] for qs in known.values() for q in qs}
    comments: dict[str, list[str]] = {q.name: [] for qs in known.values() for q in qs}
    answered = dict.fromkeys(FORMS, 0)
    for path in paths:
        table = read_table(path, problems)
        if table is None:
            continue
        header = [h.rsplit("/", 1)[-1] for h in table.header]
        names = {q.name: q for qs in known.values() for q in qs}
        if not any(h in names for h in header):
            problems.append(Problem(table.path, 1, "", "no column of a feedback form",
                                    "use the entry template feedback/<form>-entry.csv or "
                                    "the export of the feedback XLSForm"))
            continue
        for number, row in table.rows:
            forms = {form for h, cell in zip(header, row, strict=False) if cell.strip()
                     for form in FORMS if h in [q.name for q in known[form]]}
            for form in forms:
                answered[form] += 1
            for column, cell in zip(header, row, strict=False):
                question, cell = names.get(column), cell.strip()
                if question is None or not cell:
                    continue
                if question.kind == "comment":
                    text = sanitised(cell)
                    if text:
                        comments[column].append(text)
                elif cell in {str(n) for n in SCALE}:
                    ratings[column].append(int(cell))
                else:
                    problems.append(Problem(table.path, number, column,
                                            f"'{cell}' is not a rating from 1 to 5",
                                            "write the number ticked, 1 to 5, or leave "
                                            "it empty"))
    summary: dict[str, Any] = {}
    for form in FORMS:
        if not answered[form]:
            continue
        rows = []
        for q in known[form]:
            if q.kind == "rating":
                values = ratings[q.name]
                rows.append({"question": q.name, "text": q.text, "kind": "rating",
                             "n": len(values),
                             "counts": {str(n): values.count(n) for n in SCALE},
                             "mean": round(sum(values) / len(values), 2) if values else None})
            else:
                rows.append({"question": q.name, "text": q.text, "kind": "comment",
                             "n": len(comments[q.name]),
                             "comments": sorted(comments[q.name], key=str.casefold)})
        summary[form] = {"title": form_title(course, form), "forms": answered[form],
                         "questions": rows}
    return summary
