"""A workshop day as trainers run it (issue 23, points 1 and 8): registration and opening,
lunch at the asked time between a module's parts, a daily recap, post-test and closing; a
plan that does not fit refused with the minutes missing; the agenda one slide per day and
a PDF with no row split across pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation

from generator.build.typeset import TEMPLATES, typeset
from generator.cli import main
from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.errors import CourseInvalid, Problem
from generator.facilitator.decks import deck, render_deck
from generator.facilitator.workshop import agenda_slides, plan, read_workshop, slot_materials
from generator.facilitator.workshop_model import Slot, clock
from tests.conftest import FIXTURES, REPO
from tests.pdf import pages, shows

EPOCH = 1700000000

WORKSHOP = FIXTURES / "workshops" / "three-days-ru.yml"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(REPO)


@pytest.fixture(scope="module")
def slots(course: Course) -> list[Slot]:
    return plan(localize(course, "ru"), read_workshop(course, WORKSHOP))


def _on(page: str, text: str) -> bool:
    """Whether ``text`` stands on ``page`` wherever lines broke (at a hyphen too)."""
    return shows(page.replace("-", ""), text.replace("-", ""))


def test_every_lunch_is_within_15_minutes_of_13_00(slots: list[Slot]) -> None:
    lunches = [s for s in slots if s.kind == "lunch"]
    assert [s.day for s in lunches] == [1, 2, 3]
    assert all(abs(s.start - 13 * 60) <= 15 and s.end - s.start == 60 for s in lunches)


def test_no_activity_is_split_and_every_module_is_whole(course: Course,
                                                        slots: list[Slot]) -> None:
    ru = localize(course, "ru")
    workshop = read_workshop(course, WORKSHOP)
    for module in map(ru.module, workshop.modules):
        parts = [s for s in slots if s.module == module.title]
        assert len({s.day for s in parts}) == 1, module.id
        activities = [s for s in parts if s.kind == "activity"]
        assert [s.end - s.start for s in activities] == [a.minutes for a in module.activities]
        assert sum(s.end - s.start for s in parts) == module.minutes
    for day in (1, 2, 3):
        today = [s for s in slots if s.day == day]
        assert all(a.end == b.start for a, b in zip(today, today[1:], strict=False))
        assert today[0].start == 9 * 60 and today[-1].end <= 17 * 60 + 30


def test_registration_opening_recap_and_closing(course: Course, slots: list[Slot]) -> None:
    ru = localize(course, "ru")
    assert [(s.kind, s.end - s.start) for s in slots[:3]] == [
        ("registration", 30), ("opening", 45), ("pre-test", 45)]
    assert slots[1].what == ru.ui("Opening: welcome, introductions, expectations, ground rules")
    assert slots[0].what == "Регистрация"
    for day in (1, 2):
        assert [s for s in slots if s.day == day][-1].kind == "recap"
    assert [s.kind for s in slots if s.kind == "recap"] == ["recap"] * 2
    assert [(s.kind, s.day) for s in slots[-2:]] == [("post-test", 3), ("closing", 3)]


def test_lengths_from_the_file_replace_the_defaults(tmp_path: Path, course: Course) -> None:
    changed = tmp_path / "changed.yml"
    changed.write_text(WORKSHOP.read_text() + "registration_minutes: 0\nopening_minutes: 60\n"
                       "recap_minutes: 20\nclosing_minutes: 45\n")
    slots = plan(course, read_workshop(course, changed))
    assert slots[0].kind == "opening" and slots[0].end - slots[0].start == 60
    assert {s.end - s.start for s in slots if s.kind == "recap"} == {20}
    assert slots[-1].kind == "closing" and slots[-1].end - slots[-1].start == 45


def test_modules_that_do_not_fit_are_refused_with_the_minutes_missing(
        tmp_path: Path, course: Course) -> None:
    problem = _first_refusal(tmp_path, course, "days: 3", "days: 2")
    assert problem.field == "days" and "minutes are missing (day 2 would end at" in \
        problem.message
    missing = int(problem.message.split(": ")[-1].split(" minutes")[0])
    assert missing > 60
    assert "set days: 3" in problem.hint and "day_end: " in problem.hint
    assert f"leave out modules of at least {missing} minutes" in problem.hint
    later = problem.hint.split('day_end: "')[1][:5]
    longer = tmp_path / "longer.yml"
    longer.write_text(WORKSHOP.read_text().replace("days: 3", "days: 2")
                      .replace('day_end: "17:30"', f'day_end: "{later}"'))
    assert plan(course, read_workshop(course, longer))[-1].kind == "closing"


def test_agenda_deck_has_one_slide_per_day_and_pdf_no_split_row(
        tmp_path: Path, course: Course, slots: list[Slot]) -> None:
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(WORKSHOP),
                 "--out", str(out)]) == 0
    deck = Presentation(str(out / "agenda.pptx"))
    assert [s.shapes.title.text for s in deck.slides][1:] == ["День 1", "День 2", "День 3"]
    for number, slide in enumerate(list(deck.slides)[1:], start=1):
        tables = [shape.table for shape in slide.shapes if shape.has_table]
        assert len(tables) == 1
        rows = [[cell.text for cell in row.cells] for row in tables[0].rows]
        today = [s for s in slots if s.day == number]
        assert rows[0][0].startswith(clock(today[0].start))
        assert rows[-1][0].endswith(clock(today[-1].end))
        assert len(rows) < len(today) and "Обед" in [r[1] for r in rows]
        assert all(clock(s.start) in slide.notes_slide.notes_text_frame.text for s in today)
    printed = pages(out / "agenda.pdf")
    russian = localize(course, "ru")
    assert len(printed) > 1
    text, cursor = "\f".join(printed), 0
    for slot in slots:  # each row's time after the last, and its texts on the time's page
        time = f"{clock(slot.start)}–{clock(slot.end)}"
        cursor = text.index(time, cursor)
        page = printed[text.count("\f", 0, cursor)]
        assert _on(page, slot.what), (time, slot.what)
        for material in slot_materials(russian, slot):  # by name, then handouts by title
            assert _on(page, material), (time, material)


def test_a_right_to_left_day_slide_has_its_times_on_the_right(course: Course) -> None:
    fa = localize(course, "fa")
    workshop = read_workshop(course, WORKSHOP)
    pptx = render_deck(deck(fa, workshop.title, agenda_slides(fa, workshop, plan(fa, workshop)),
                            0), REPO / "facilitator" / "template.pptx")
    slide = list(Presentation(io.BytesIO(pptx)).slides)[1]
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    assert table.cell(0, 1).text == "09:00–09:30" and table.cell(0, 0).text == "ثبت‌نام"
    assert table.columns[1].width < table.columns[0].width
    assert table.cell(0, 1).text_frame.paragraphs[0]._p.pPr.get("rtl") == "0"
    assert table.cell(0, 0).text_frame.paragraphs[0]._p.pPr.get("rtl") == "1"


@pytest.mark.parametrize("lunch_at", ["11:45", "12:00", "12:10", "12:20", "12:30", "12:40",
                                      "12:50", "13:10", "13:20", "13:30"])
def test_lunch_keeps_its_window_whatever_the_time(tmp_path: Path, course: Course,
                                                  lunch_at: str) -> None:
    moved = tmp_path / "moved.yml"
    moved.write_text(WORKSHOP.read_text().replace('"13:00"', f'"{lunch_at}"')
                     .replace("days: 3", "days: 4"))
    slots = plan(course, read_workshop(course, moved))
    asked = int(lunch_at[:2]) * 60 + int(lunch_at[3:])
    lunches = [s for s in slots if s.kind == "lunch"]
    assert all(abs(s.start - asked) <= 15 for s in lunches)
    assert {s.day for s in lunches} == {s.day for s in slots if s.end > asked + 15}
    for free in (s for s in slots if s.kind == "free"):  # only to wait for lunch
        after = slots[slots.index(free) + 1]
        assert after.kind == "lunch" and after.start == asked - 15
    activities = {a.minutes for m in course.modules for a in m.activities}
    assert all(s.end - s.start in activities for s in slots if s.kind == "activity")


def test_a_day_that_ends_before_it_starts_or_lunch_outside_it_is_refused(
        tmp_path: Path, course: Course) -> None:
    problem = _first_refusal(tmp_path, course, 'day_end: "17:30"', 'day_end: "08:00"')
    assert problem.field == "day_end"
    assert problem.line == 15
    problem = _first_refusal(tmp_path, course, '"13:00"', '"18:00"')
    assert problem.field == "lunch_at" and "outside the day (09:00–17:30)" in problem.message


def _first_refusal(tmp_path: Path, course: Course, old: str, new: str) -> Problem:
    """The first problem ``read_workshop`` raises for the workshop with ``old`` made ``new``."""
    changed = tmp_path / "changed.yml"
    changed.write_text(WORKSHOP.read_text().replace(old, new))
    with pytest.raises(CourseInvalid) as caught:
        read_workshop(course, changed)
    return caught.value.problems[0]


def _tall_rows_agenda(template: Path, tmp_path: Path) -> list[str]:
    """``template``'s agenda with 30 rows of 2 to 9 lines each, as pages of text: rows of
    every height, so that some reach a page's foot wherever the breaks fall."""
    def text(value: str) -> dict[str, str | None]:
        return {"text": value, "lang": None, "dir": None}

    slots = [{"time": f"{9 + n // 4:02d}:{n % 4 * 15:02d}–{9 + n // 4:02d}:{n % 4 * 15 + 14:02d}",
              "module": text(f"Module {n}"),
              "what": text(" ".join([f"row{n}start"] + ["words"] * (12 * (2 + n % 8))
                                    + [f"row{n}end"])),
              "materials": [], "pause": False} for n in range(30)]
    data = {"lang": "en", "paper": "a4", "title": "Tall rows", "course": text("Course"),
            "labels": {"time": "Time", "module": "Module", "what": "What",
                       "materials": "Materials", "checklist": "Checklist"},
            "days": [{"title": "Day 1", "slots": slots}], "checklist": []}
    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes(typeset(template, "agenda", data, EPOCH))
    return pages(pdf)


def _split_rows(printed: list[str]) -> list[int]:
    return [n for n in range(30) if not any(
        f"row{n}start" in page and f"row{n}end" in page for page in printed)]


def test_no_agenda_row_is_split_across_pages(tmp_path: Path) -> None:
    """Rows of every height from 2 to 9 lines over a dozen pages: each row's first and last
    word stand on one page, wherever the page breaks fall."""
    printed = _tall_rows_agenda(TEMPLATES, tmp_path)
    assert len(printed) > 3 and _split_rows(printed) == []
