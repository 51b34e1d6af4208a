"""Workshop run-sheets: agendas whose times add up, in prerequisite order, and refusals."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from generator.cli import main
from generator.course.blueprint import enemy_sets, objective_counts, plan_forms
from generator.course.load import load_course
from generator.course.model import Course
from generator.errors import CourseInvalid
from generator.facilitator.workshop import (
    minutes_for_test,
    plan,
    read_forms_record,
    read_workshop,
    workshop_cycle,
    workshop_plans,
)
from tests.conftest import FIXTURES, REPO
from tests.pdf import flat, pages, pdfinfo

WORKSHOPS = FIXTURES / "workshops"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(REPO)


def test_two_day_agenda_adds_up_and_follows_prerequisites(course: Course) -> None:
    workshop = read_workshop(course, WORKSHOPS / "two-days.yml")
    slots = plan(course, workshop)
    assert [s.kind for s in slots[:3]] == ["registration", "opening", "pre-test"]
    assert [s.kind for s in slots[-2:]] == ["post-test", "closing"]
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
    assert "Day 2" in agenda and "Materials checklist" in agenda and "Flipchart paper" in agenda
    info = pdfinfo(out / "agenda.pdf")
    assert "(A4)" in info["Page size"] and info["Tagged"] == "yes"
    printed = pages(out / "agenda.pdf")
    assert "Day 1" in printed[0] and "Lunch" in flat(" ".join(printed))
    assert "Flipchart paper" in flat(" ".join(printed))
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
    assert len(deck.slides) == 3  # the title, then one slide per day
    body = "\n".join(cell.text for s in deck.slides for shape in s.shapes if shape.has_table
                     for row in shape.table.rows for cell in row.cells)
    assert all(f"{s.start // 60:02d}:{s.start % 60:02d}" in body for s in slots
               if s.kind not in ("session", "activity"))
    planned = {p.occasion: p for p in workshop_plans(
        course, read_workshop(course, WORKSHOPS / "two-days.yml"))}
    with open(out / "tests" / "pre-responses.csv", newline="") as handle:
        assert next(csv.reader(handle))[1:] == [i.id for i in planned["pre"].items]
    for name in ("pre-booklet.pdf", "post-booklet.pdf", "pre-answer-sheet.pdf",
                 "answer-key.pdf"):
        assert (out / "tests" / name).read_bytes().startswith(b"%PDF")


def test_a_workshop_that_cannot_fit_is_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan",
                 str(WORKSHOPS / "one-day-too-short.yml"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "one-day-too-short.yml:4: days: the modules and tests need 3 days" in err
    assert "235 minutes are missing (day 1 would end at 16:55, not 13:00)" in err
    assert "set days: 3" in err and 'day_end: "17:40"' in err and not out.exists()


def test_every_problem_of_a_workshop_file_is_reported_at_once(course: Course) -> None:
    with pytest.raises(CourseInvalid) as caught:
        read_workshop(course, WORKSHOPS / "unknown-module.yml")
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {(4, "modules[1]"), (5, "language"), (7, "day_start"), (8, "cycle")}
    assert "did you mean 'needle-syringe-programmes'" in caught.value.problems[0].hint


def test_workshop_tests_cover_only_what_it_teaches(course: Course) -> None:
    """A workshop's forms follow its cycle's blueprint over its own modules: one item per
    objective, anchors shared, enemies apart, the share of apply items reached; its test
    slots are sized from the item count."""
    workshop = read_workshop(course, WORKSHOPS / "two-days.yml")
    cycle = workshop_cycle(course, workshop)
    assert cycle is not None and set(cycle.modules) == set(workshop.modules)
    pre, post = workshop_plans(course, workshop)
    objective = {i.id: i.objective for m in course.modules for i in m.items}
    level = {i.id: i.level for m in course.modules for i in m.items}
    wanted = objective_counts(cycle, course.modules)
    assert len(wanted) == 16
    for form in (pre, post):
        ids = [i.id for i in form.items]
        assert sorted(objective[i] for i in ids) == sorted(wanted)
        assert not [pair for pair in enemy_sets(course.enemies) if pair <= set(ids)]
        assert sum(level[i] == "apply" for i in ids) >= 0.4 * len(ids)
    assert {i.id for i in pre.items} & {i.id for i in post.items} == pre.anchors
    assert len(pre.anchors) == 3  # 20 % of 16, rounded
    whole = {p.occasion: p for p in plan_forms(course) if p.cycle == "refresher"}
    assert len(whole["pre"].items) == 68 > len(pre.items)
    minutes = minutes_for_test(course, 16)
    assert minutes == 25  # 5 to hand out and write codes, 1 per item, whole 5 minutes
    slots = plan(course, workshop)
    assert [s.end - s.start for s in slots if s.kind == "pre-test"] == [minutes]


def test_a_test_slot_too_short_for_its_items_is_refused(tmp_path: Path, course: Course) -> None:
    short = tmp_path / "short.yml"
    short.write_text((WORKSHOPS / "two-days.yml").read_text() + "pre_test_minutes: 10\n")
    with pytest.raises(CourseInvalid) as caught:
        read_workshop(course, short)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (11, "pre_test_minutes")
    assert "16 items and needs 25 minutes; 10 is too short" in problem.message
    assert "set pre_test_minutes: 25" in problem.hint


def test_assess_score_scores_a_workshop_against_its_own_forms(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(WORKSHOPS / "two-days.yml"),
                 "--out", str(out)]) == 0
    forms = {f.occasion: f for f in read_forms_record(out)}
    files = []
    for occasion, form in forms.items():
        path = tmp_path / f"{occasion}.csv"
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["participant_code", *[i.id for i in form.items]])
            for n, code in enumerate(("KZ-001", "KZ-002", "KZ-003")):
                right = n + (occasion == "post")
                writer.writerow([code, *[i.correct if k % 3 < right else ""
                                         for k, i in enumerate(form.items)]])
        files.append(str(path))
    assert main(["--course", str(REPO), "assess", "score", "--workshop", str(out), *files,
                 "--out", str(tmp_path / "report")]) == 0, capsys.readouterr().err
    summary = json.loads((tmp_path / "report" / "summary.json").read_text())
    assert summary["matching"]["matched"] == 3
    assert {i["id"] for i in summary["items"]} == {i.id for f in forms.values() for i in f.items}
    assert main(["--course", str(REPO), "assess", "score", "--workshop", str(tmp_path), *files,
                 "--out", str(tmp_path / "again")]) == 1
    assert "tests/forms.json does not exist" in capsys.readouterr().err


def test_a_cycle_that_tests_none_of_the_modules_is_refused(tmp_path: Path,
                                                           course: Course) -> None:
    """A workshop teaching only modules its cycle leaves out would have no tests."""
    narrow = course.model_copy(update={"blueprint": course.blueprint.model_copy(update={
        "cycles": tuple(c.model_copy(update={"modules": ("course-introduction",)})
                        for c in course.blueprint.cycles)})})
    only_prison = tmp_path / "prison.yml"
    only_prison.write_text((WORKSHOPS / "two-days.yml").read_text().replace(
        "modules: [women-in-prison, needle-syringe-programmes, women-who-inject-drugs, "
        "course-introduction]", "modules: [women-in-prison]"))
    with pytest.raises(CourseInvalid) as caught:
        read_workshop(narrow, only_prison)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (10, "cycle")
    assert "covers none of this workshop's modules" in problem.message
    assert "it covers: course-introduction" in problem.hint


def test_modules_outside_the_cycle_are_named_when_planning(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmp_path / "course"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv", "build", "node_modules",
                                                              ".git", "build.*"))
    cycles = root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text().replace("      - women-in-prison\n", ""))
    assert main(["--course", str(root), "workshop", "plan", str(WORKSHOPS / "two-days.yml"),
                 "--out", str(tmp_path / "bundle")]) == 0
    assert "the tests do not cover women-in-prison" in capsys.readouterr().err
    forms = read_forms_record(tmp_path / "bundle")
    assert not [i for f in forms for i in f.items if i.module == "women-in-prison"]


@pytest.mark.parametrize(("damage", "said"), [
    (lambda f: f.update(code_pattern="["), "pattern does not compile"),
    (lambda f: f.update(items=[]), "has no items"),
    (lambda f: f["items"][0].update(correct="Z"), "is not among its letters"),
    (lambda f: f.pop("cycle"), "(cycle: Field required)"),
])
def test_a_damaged_forms_record_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture,
                                           damage: object, said: str) -> None:
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(WORKSHOPS / "two-days.yml"),
                 "--out", str(out)]) == 0
    record = out / "tests" / "forms.json"
    data = json.loads(record.read_text())
    damage(data["forms"][0])
    record.write_text(json.dumps(data))
    answers = tmp_path / "pre.csv"
    answers.write_text("participant_code\nKZ-001\n")
    assert main(["--course", str(REPO), "assess", "score", "--workshop", str(out),
                 str(answers), "--out", str(tmp_path / "report")]) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and "pydantic.dev" not in err
    assert not (tmp_path / "report").exists()


def test_a_missing_slide_template_fails_cleanly_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(WORKSHOPS / "two-days.yml"),
                 "--out", str(out), "--template", str(tmp_path / "none.pptx")]) == 3
    err = capsys.readouterr().err
    assert "slide template not found" in err and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []
    assert not out.exists()
