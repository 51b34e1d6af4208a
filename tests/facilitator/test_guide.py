"""The facilitator guide: session plans and answer keys, in HTML and as an A4 PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.facilitator.guide import guide_html
from tests.conftest import make_translated
from tests.renderers import write_guides


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return load_course(make_translated(tmp_path_factory.mktemp("guide") / "course"))


def test_guide_has_plan_activities_talking_points_and_answer_keys(course: Course) -> None:
    page = guide_html(course)
    for text in ("Describe the TSP cycle.", "Who is missing?", "group discussion",
                 "flipchart", "Ask who uses local services.", "Why are they missing?",
                 "Walk through the three stages.", "Answer key",
                 "The TSP cycle ends with a refresher training.",  # a test item …
                 "Women who inject drugs"):  # … and the right answer of another
        assert text in page, text
    plan = re.search(r"<h3>Session plan</h3>\s*<table>.*?</table>", page, re.S)
    assert plan and "0–20" in plan.group(0) and "20–30" in plan.group(0)  # 30 min, 10 activity
    cycle = page.split("intro-q-cycle", 1)[1].split("</tr>", 1)[0]
    assert '<td class="key">True</td>' in cycle
    assert "<script" not in page and "Content-Security-Policy" in page


def test_guide_text_is_escaped(course: Course) -> None:
    module = course.modules[0]
    hostile = module.model_copy(update={"title": "<script>alert(1)</script>"})
    page = guide_html(course.model_copy(update={"modules": (hostile, *course.modules[1:])}))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_guide_is_written_per_language_as_html_and_a4_pdf(course: Course,
                                                         tmp_path: Path) -> None:
    write_guides(course, tmp_path)
    spanish = (tmp_path / "es" / "guide.html").read_text()
    assert '<html lang="es" dir="ltr">' in spanish and "¿Quién falta?" in spanish
    assert "Objetivos de aprendizaje" in spanish
    for language in ("en", "es"):
        info = pdfinfo(tmp_path / language / "guide.pdf")
        assert "(A4)" in info["Page size"]
        assert int(info["Pages"]) >= 3  # contents, then a page per module


def pdfinfo(pdf: Path) -> dict[str, str]:
    """poppler's description of a PDF (installed by ``make test-deps``)."""
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)


def test_guide_is_reproducible(course: Course, tmp_path: Path) -> None:
    write_guides(localize(course, "en"), tmp_path / "a")
    write_guides(localize(course, "en"), tmp_path / "b")
    assert (tmp_path / "a" / "en" / "guide.pdf").read_bytes() == \
        (tmp_path / "b" / "en" / "guide.pdf").read_bytes()


def test_guide_reads_right_to_left_in_a_right_to_left_language(course: Course) -> None:
    assert 'dir="rtl"' in guide_html(course.model_copy(update={"language": "fa"}))
    assert 'dir="ltr"' in guide_html(course)
