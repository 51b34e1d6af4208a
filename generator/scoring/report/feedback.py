"""The report's "Participant feedback" section: the summary of the feedback forms
(``facilitator.feedback.summarise_feedback``) as blocks (see ``document``) and as rows of
the workbook."""

from __future__ import annotations

from typing import Any

from generator.course.model import Course
from generator.facilitator.feedback import SCALE, SMALL_N
from generator.scoring.report.numbers import fixed


def feedback_blocks(feedback: dict[str, Any], course: Course) -> list[dict[str, object]]:
    """The report's "Participant feedback" section (see ``scoring.report.document``): a
    table of ratings per form, a small-n note, then the comments."""
    ui = course.ui
    if not feedback:
        return []
    blocks: list[dict[str, object]] = [
        {"kind": "heading", "level": 2, "text": ui("Participant feedback")},
        {"kind": "para", "text": ui("Ratings from 1 (strongly disagree) to 5 (strongly "
                                    "agree), from anonymous feedback forms.")}]
    for form in feedback.values():
        blocks.append({"kind": "heading", "level": 3, "text": ui(
            "{form}: {n} form(s)", form=form["title"], n=form["forms"])})
        ratings = [q for q in form["questions"] if q["kind"] == "rating"]
        blocks.append({"kind": "table", "text_columns": 1, "small": True,
                       "widths": [0, *[None] * (len(SCALE) + 2)],
                       "header": [ui("Statement"), ui("Answers"),
                                  *(str(n) for n in SCALE), ui("Mean")],
                       "rows": [[q["text"], str(q["n"]),
                                 *(str(q["counts"][str(n)]) for n in SCALE),
                                 fixed(q["mean"], 1)]
                                for q in ratings]})
        if any(q["n"] < SMALL_N for q in ratings):
            blocks.append({"kind": "para", "text": ui(
                "Fewer than {n} answers: read these figures with care.", n=SMALL_N)})
        for q in form["questions"]:
            if q["kind"] == "comment" and q["comments"]:
                blocks.append({"kind": "heading", "level": 4, "text": q["text"]})
                blocks += [{"kind": "para", "text": f"– {c}"} for c in q["comments"]]
    return blocks


def feedback_rows(feedback: dict[str, Any]) -> list[list[object]]:
    """The ratings as rows for the report's workbook: form, statement, answers, the counts
    of 1 to 5 and the mean."""
    return [[form["title"], q["text"], q["n"], *(q["counts"][str(n)] for n in SCALE),
             q["mean"]]
            for form in feedback.values() for q in form["questions"] if q["kind"] == "rating"]
