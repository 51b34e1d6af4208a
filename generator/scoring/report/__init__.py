"""The learning-gain report: ``summary.json`` (the data), ``report.html`` (self-contained,
no scripts), ``report.pdf`` (A4 by Typst) and ``report.xlsx``, written together. Page 1
says in plain words what changed; charts, groups, a glossary and the detail follow."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from generator.build.staging import staged
from generator.course.model import Course
from generator.scoring.report.data import ReportContext, summary
from generator.scoring.report.document import document
from generator.scoring.report.html import report_html
from generator.scoring.report.pdf import report_pdf
from generator.scoring.report.xlsx import report_xlsx
from generator.scoring.responses import Scored

__all__ = ["ReportContext", "summary", "summary_json", "write_report"]


def write_report(course: Course, scored: Scored, cycles: Sequence[str], out: Path,
                 epoch: int, context: ReportContext | None = None,
                 groups: Mapping[str, Mapping[str, str]] | None = None,
                 feedback: dict | None = None) -> None:
    """summary.json, report.html, report.pdf and report.xlsx in out, written together.
    groups: participant code -> {attribute: value} (country, organisation, workshop,
    role, cycle...), never names; breakdowns by each attribute, small groups suppressed.
    The report's words are in ``course``'s language (see ``localize``). feedback: the
    participants' feedback (``facilitator.feedback.summarise_feedback``), a section of
    its own."""
    data = summary(scored, cycles, course, context, groups)
    if feedback:
        data["feedback"] = feedback
    blocks = document(data, course, list(scored.files))
    files = {"summary.json": summary_json(data).encode(),
             "report.html": report_html(blocks, course.language).encode(),
             "report.pdf": report_pdf(blocks, course, epoch),
             "report.xlsx": report_xlsx(data, blocks, course, epoch)}
    with staged(out, whole_folder=False) as staging:
        for name, content in files.items():
            (staging / name).write_bytes(content)


def summary_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
