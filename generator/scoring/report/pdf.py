"""``report.pdf``: the report's blocks typeset on the course's paper by Typst
(``generator/typst/report.typ``), which receives them as JSON data, never as markup."""

from __future__ import annotations

from collections.abc import Sequence

from generator.build.typeset import TEMPLATES, typeset
from generator.course.model import Course
from generator.scoring.report.document import Block

TEMPLATE = "report"


def report_pdf(blocks: Sequence[Block], course: Course, epoch: int) -> bytes:
    title = next(str(b["text"]) for b in blocks if b["kind"] == "title")
    return typeset(TEMPLATES, TEMPLATE, {"title": title, "lang": course.language,
                                         "paper": course.paper, "blocks": list(blocks)}, epoch)
