"""What a workshop prints besides its agenda and tests: feedback forms, the attendance
sheet, the pilot action-plan worksheet (the TSP cycle), and certificates of attendance.

The certificates are made apart from the bundle (``coursepack workshop certificates``)
from a names file that stays on the trainer's machine: the names are read, typeset into
the certificate PDFs and kept nowhere else (no bundle, record, cache or log).
"""

from __future__ import annotations

import csv
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from generator.build.outputs import Outputs
from generator.build.staging import staged
from generator.build.typeset import TEMPLATES, course_text, typeset
from generator.course.model import Course
from generator.errors import CourseInvalid, Problem
from generator.facilitator.feedback import FORMS, entry_template, feedback_data, feedback_xlsform
from generator.facilitator.workshop_model import WorkshopFile
from generator.scoring.report.document import dates

ATTENDANCE_ROWS = 25
"""Rows per day on the attendance sheet when the workshop file gives no participant count."""
MAX_NAME = 120
"""The longest name a certificate prints; a longer line is refused (a missing line break)."""
CERTIFICATE = re.compile(r"certificate-\d+\.pdf")


def plan_printables(course: Course, workshop: WorkshopFile, epoch: int,
                    outputs: Outputs) -> None:
    """``feedback/`` (each form as PDF, XLSForm and entry CSV: ``daily.pdf``,
    ``daily-xlsform.xlsx``, ``daily-entry.csv``, the same for ``final``),
    ``attendance.pdf`` and ``action-plan.pdf``, in ``course``'s language (the
    workshop's)."""
    for form in FORMS:
        outputs.render(f"feedback/{form}.pdf", typeset, TEMPLATES, "feedback",
                       feedback_data(course, workshop.title, form), epoch)
        outputs.write(f"feedback/{form}-xlsform.xlsx", feedback_xlsform(
            course, workshop.title, workshop.id or "workshop", form, workshop.days, epoch))
        outputs.write(f"feedback/{form}-entry.csv", entry_template(course, form))
    outputs.render("attendance.pdf", typeset, TEMPLATES, "attendance",
                   attendance_data(course, workshop), epoch)
    outputs.render("action-plan.pdf", typeset, TEMPLATES, "action-plan",
                   action_plan_data(course, workshop), epoch)


def attendance_data(course: Course, workshop: WorkshopFile) -> dict[str, Any]:
    """One page per day: a numbered row per participant, the code and a signature."""
    ui = course.ui
    rows = workshop.participants or ATTENDANCE_ROWS
    return {"lang": course.language, "paper": course.paper, "title": ui("Attendance sheet"),
            "workshop": course_text(course, workshop.title), "rows": rows,
            "days": [_day(course, workshop, day) for day in range(1, workshop.days + 1)],
            "labels": {"number": ui("No."), "code": ui("Participant code"),
                       "signature": ui("Signature")}}


def _day(course: Course, workshop: WorkshopFile, day: int) -> str:
    if workshop.start is None:
        return course.ui("Day {day}", day=day)
    when = (workshop.start + timedelta(days=day - 1)).isoformat()
    return course.ui("Day {day}: {date}", day=day,
                     date=dates(when, None, course.language))


def action_plan_data(course: Course, workshop: WorkshopFile) -> dict[str, Any]:
    """The pilot action-plan worksheet, one printed per participant."""
    ui = course.ui
    return {
        "lang": course.language, "paper": course.paper, "title": ui("Pilot action plan"),
        "workshop": course_text(course, workshop.title),
        "intro": ui("Plan what you will pilot in your own work before the refresher "
                    "workshop. Keep this sheet: the refresher opens with a review of the "
                    "pilots."),
        "labels": {"code": ui("Participant code"), "organisation": ui("Organisation"),
                   "number": ui("No."), "intervention": ui("Intervention"),
                   "priorities": ui("Priority interventions"), "steps": ui("Steps"),
                   "step": ui("Step"), "who": ui("Who"), "when": ui("By when"),
                   "support": ui("Support needed"), "indicators": ui("Indicators"),
                   "indicator": ui("Indicator"), "baseline": ui("Now"),
                   "target": ui("Target")},
        "hints": {"priorities": ui("One to three interventions from this workshop that "
                                   "you will start or improve."),
                  "support": ui("From your organisation, colleagues, the facilitators or "
                                "others."),
                  "refresher": ui("Bring this plan and what you measured to the refresher "
                                  "workshop.")},
    }


# --- certificates ----------------------------------------------------------------------------


def read_names(path: Path) -> list[str]:
    """The participants' names, one a line (a CSV's ``name`` column, or its first); a
    header ``name`` is skipped. ``CourseInvalid`` says what is wrong, never quoting a name."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CourseInvalid([Problem(str(path), 1, "", f"cannot read the names file "
                                     f"({type(error).__name__})",
                                     "save it as UTF-8 text or CSV, one name a line")]) \
            from None
    rows = list(csv.reader(text.splitlines()))
    column = 0
    if rows and any(c.strip().casefold() == "name" for c in rows[0]):
        column = [c.strip().casefold() for c in rows[0]].index("name")
        rows = rows[1:]
    names, problems = [], []
    for number, row in enumerate(rows, start=1 if column == 0 and rows else 2):
        name = " ".join(row[column].split()) if len(row) > column else ""
        if len(name) > MAX_NAME:
            problems.append(Problem(str(path), number, "name",
                                    f"a name longer than {MAX_NAME} characters",
                                    "is a line break missing?"))
        elif name:
            names.append(name)
    if not names and not problems:
        problems.append(Problem(str(path), 1, "name", "the names file holds no name",
                                "write one participant's name a line"))
    if problems:
        raise CourseInvalid(problems)
    return names


def certificate_data(course: Course, workshop: WorkshopFile,
                     names: list[str]) -> dict[str, Any]:
    """What ``certificate.typ`` prints, one page per name."""
    ui = course.ui
    when = dates(workshop.start.isoformat(), workshop.end.isoformat() if workshop.end else None,
                 course.language) if workshop.start else ""
    if workshop.place:
        when = f"{workshop.place}, {when}" if when else workshop.place
    return {"lang": course.language, "paper": course.paper,
            "title": ui("Certificate of attendance"), "names": names,
            "certify": ui("This is to certify that"), "attended": ui("attended the workshop"),
            "workshop": course_text(course, workshop.title), "when": when,
            "course": course_text(course, course.title),
            "signers": list(workshop.facilitators) or [ui("Facilitator"),
                                                        ui("Organiser")]}


def write_certificates(course: Course, workshop: WorkshopFile, names: list[str], out: Path,
                       epoch: int) -> int:
    """``out/certificates.pdf`` (every participant) and ``out/certificate-NN.pdf`` (one
    each, numbered in the names file's order: no name in a file name); the number
    written. Other files in ``out`` stay; certificates of an earlier, longer names file
    are removed."""
    with staged(out, whole_folder=False) as staging:
        (staging / "certificates.pdf").write_bytes(
            typeset(TEMPLATES, "certificate", certificate_data(course, workshop, names), epoch))
        width = max(2, len(str(len(names))))
        for number, name in enumerate(names, start=1):
            (staging / f"certificate-{number:0{width}d}.pdf").write_bytes(
                typeset(TEMPLATES, "certificate", certificate_data(course, workshop, [name]),
                        epoch))
        written = {p.name for p in staging.iterdir()}
    for stale in out.glob("certificate-*.pdf"):
        if stale.name not in written and CERTIFICATE.fullmatch(stale.name):
            stale.unlink()
    return len(names)
