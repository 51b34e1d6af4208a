"""Workshop run-sheets: agendas whose times add up, in prerequisite order, and refusals."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from generator.cli import main
from generator.forms import plan_forms
from generator.loader import load_course
from generator.model import Course
from generator.problems import CourseInvalid
from generator.workshop import plan, read_workshop

from .conftest import FIXTURES, REPO

WORKSHOPS = FIXTURES / "workshops"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(REPO)


def test_two_day_agenda_adds_up_and_follows_prerequisites(course: Course) -> None:
    workshop = read_workshop(course, WORKSHOPS / "two-days.yml")
    slots = plan(course, workshop)
    assert slots[0].kind == "pre-test" and slots[-1].kind == "post-test"
    assert {s.day for s in slots} == {1, 2}
    for day in (1, 2):
        today = [s for s in slots if s.day == day]
        assert today[0].start == 9 * 60 and today[-1].end <= 17 * 60
        assert all(a.end == b.start for a, b in zip(today, today[1:], strict=False))
    for module in map(course.module, workshop.modules):
        planned = sum(s.end - s.start for s in slots if s.module == module.title)
        assert planned == module.minutes, module.id
    order = list(dict.fromkeys(s.module for s in slots if s.module))
    ids = [next(m.id for m in course.modules if m.title == title) for title in order]
    for position, module_id in enumerate(ids):
        assert set(course.module(module_id).prerequisites) <= set(ids[:position])
    assert "women-who-inject-drugs" in course.module("needle-syringe-programmes").prerequisites


def test_no_stretch_of_teaching_is_longer_than_the_session_length(course: Course) -> None:
    workshop = read_workshop(course, WORKSHOPS / "short-sessions.yml")
    slots = plan(course, workshop)
    stretch = 0
    for before, slot in zip(slots, slots[1:], strict=False):
        assert before.end == slot.start or slot.day == before.day + 1
    for slot in slots:
        stretch = 0 if slot.kind in ("break", "lunch") or slot.start == 9 * 60 \
            else stretch
        if slot.module:
            stretch += slot.end - slot.start
            assert stretch <= 45 or stretch == slot.end - slot.start, slot
    inside = [s for s in slots if s.kind == "break" and not s.module]
    assert len(inside) > len({s.module for s in slots if s.module}) + 1
    for module in map(course.module, workshop.modules):
        assert sum(s.end - s.start for s in slots if s.module == module.title) == module.minutes


def test_plan_writes_agenda_checklist_decks_and_guide(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(WORKSHOPS / "two-days.yml"),
                 "--out", str(out)]) == 0
    assert "over 2 day(s)" in capsys.readouterr().out
    agenda = (out / "agenda.html").read_text()
    assert "Day 2" in agenda and "Materials checklist" in agenda and "flipchart paper" in agenda
    info = subprocess.run(["pdfinfo", str(out / "agenda.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert "(A4)" in info
    assert sorted(p.name for p in (out / "decks" / "en").glob("*.pptx")) == [
        "course-introduction.pptx", "needle-syringe-programmes.pptx", "women-in-prison.pptx",
        "women-who-inject-drugs.pptx"]
    assert (out / "guide" / "en" / "guide.pdf").is_file()


def test_bundle_has_the_agenda_as_slides_and_the_cycles_printed_tests(
        tmp_path: Path, course: Course) -> None:
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(WORKSHOPS / "two-days.yml"),
                 "--out", str(out)]) == 0
    deck = Presentation(str(out / "agenda.pptx"))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[0] == "TSP refresher workshop" and "Day 1" in titles and "Day 2" in titles
    slots = plan(course, read_workshop(course, WORKSHOPS / "two-days.yml"))
    body = "\n".join(shape.text_frame.text for s in deck.slides for shape in s.placeholders
                     if shape.placeholder_format.idx == 1)
    assert all(f"{s.start // 60:02d}:{s.start % 60:02d}" in body for s in slots)
    refresher = {p.occasion: p for p in plan_forms(course) if p.cycle == "refresher"}
    with open(out / "tests" / "pre-responses.csv", newline="") as handle:
        assert next(csv.reader(handle))[1:] == [i.id for i in refresher["pre"].items]
    for name in ("pre-booklet.pdf", "post-booklet.pdf", "pre-answer-sheet.pdf",
                 "answer-key.pdf"):
        assert (out / "tests" / name).read_bytes().startswith(b"%PDF")


def test_a_workshop_that_cannot_fit_is_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan",
                 str(WORKSHOPS / "one-day-too-short.yml"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "one-day-too-short.yml:4: days: the modules and tests need 2 days" in err
    assert "set days: 2" in err and not out.exists()


def test_every_problem_of_a_workshop_file_is_reported_at_once(course: Course) -> None:
    with pytest.raises(CourseInvalid) as caught:
        read_workshop(course, WORKSHOPS / "unknown-module.yml")
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {(4, "modules[1]"), (5, "language"), (7, "day_start"), (8, "cycle")}
    assert "did you mean 'needle-syringe-programmes'" in caught.value.problems[0].hint
