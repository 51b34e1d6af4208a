"""A workshop day as a trainer runs it: registration and opening on the first day, lunch
at the asked time, breaks between stretches of teaching, a recap at the end of each day and
the post-test and closing on the last.

Modules are placed whole on one day, in order; a module may be cut for a break or lunch
between its parts (the slides, each activity), never inside one. Lunch starts within
``LUNCH_WINDOW`` minutes of ``lunch_at``: as close to it as the parts allow, with time for
questions before it when a part would otherwise run past the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from generator.course.model import Course, Module
from generator.errors import Problem
from generator.facilitator.session import session_plan
from generator.facilitator.workshop_model import (
    DEFAULT_TEST_MINUTES,
    WorkshopFile,
    clock,
    minutes_of,
)

LUNCH_WINDOW = 15
"""How far (minutes) lunch may start before or after ``lunch_at``."""


@dataclass(frozen=True)
class Piece:
    """An indivisible stretch of the day: a test, the opening, a module's slides or one
    activity."""

    kind: str
    what: str
    minutes: int
    module: str = ""
    materials: tuple[str, ...] = ()  # ids in materials.yml
    teaching: bool = False
    handouts: tuple[str, ...] = ()  # <module-id>/<name>


@dataclass(frozen=True)
class Placed:
    """A piece, a pause or lunch at its time (minutes since midnight)."""

    day: int
    start: int
    end: int
    kind: str
    what: str
    module: str = ""
    materials: tuple[str, ...] = ()
    handouts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Frame:
    """The clock of every day and the words for the pauses."""

    start: int
    end: int
    lunch_at: int
    lunch_minutes: int
    break_minutes: int
    session_minutes: int
    words: Callable[[str], str]
    """The pause's words by kind: "break", "lunch", "free"."""

    @property
    def has_lunch(self) -> bool:
        """Lunch is planned on days long enough to hold it."""
        return self.start < self.lunch_at and self.lunch_at + self.lunch_minutes < self.end


@dataclass(frozen=True)
class _Day:
    number: int
    now: int
    teaching: int = 0
    lunched: bool = False
    slots: tuple[Placed, ...] = ()


def _place(frame: Frame, day: _Day, pieces: Sequence[Piece], pause_first: bool,
           limit: int | None) -> _Day | None:
    """``day`` with ``pieces`` added in order (a break first if ``pause_first`` and the day
    has begun); None if they run past ``limit`` or would keep lunch out of its window."""
    low, high = frame.lunch_at - LUNCH_WINDOW, frame.lunch_at + LUNCH_WINDOW
    for index, piece in enumerate(pieces):
        pause = bool(day.slots) and frame.break_minutes > 0 and (
            (index == 0 and pause_first and day.teaching > 0)
            or (piece.teaching and day.teaching > 0
                and day.teaching + piece.minutes > frame.session_minutes))
        after = day.now + (frame.break_minutes if pause else 0) + piece.minutes
        if frame.has_lunch and not day.lunched and (
                after > high
                or (day.now >= low and abs(day.now - frame.lunch_at)
                    <= abs(after - frame.lunch_at))):
            if day.now > high:
                return None
            lunch = max(day.now, low)
            slots = day.slots
            if lunch > day.now:
                slots += (Placed(day.number, day.now, lunch, "free", frame.words("free")),)
            slots += (Placed(day.number, lunch, lunch + frame.lunch_minutes, "lunch",
                             frame.words("lunch")),)
            day = replace(day, now=lunch + frame.lunch_minutes, teaching=0, lunched=True,
                          slots=slots)
        elif pause:
            day = replace(day, now=day.now + frame.break_minutes, teaching=0, slots=(
                *day.slots, Placed(day.number, day.now, day.now + frame.break_minutes,
                                   "break", frame.words("break"))))
        day = replace(day, now=day.now + piece.minutes,
                      teaching=day.teaching + piece.minutes if piece.teaching else 0,
                      slots=(*day.slots, Placed(day.number, day.now, day.now + piece.minutes,
                                                piece.kind, piece.what, piece.module,
                                                piece.materials, piece.handouts)))
        if limit is not None and day.now > limit:
            return None
    return day


@dataclass(frozen=True)
class Overrun:
    """The days ran out: the last day would end ``missing`` minutes after the day's end."""

    missing: int
    day: int
    end: int


def schedule(frame: Frame, days: int, opening: Sequence[Piece],
             modules: Sequence[Sequence[Piece]], recap: Sequence[Piece],
             closing: Sequence[Piece]) -> list[Placed] | Overrun:
    """``opening`` on day 1, the modules whole in order, ``recap`` at the end of each day
    but the last, ``closing`` (a pause before it) at the end of the last; or how far the
    last day would overrun with everything left on it."""
    left = list(modules)
    slots: list[Placed] = []
    for number in range(1, days + 1):
        last = number == days
        day: _Day | None = _Day(number, frame.start)
        if number == 1:
            day = _place(frame, day, opening, False, frame.end)
            if day is None:
                return _overrun(frame, number, _Day(number, frame.start), (opening, *left),
                                closing)

        def finish(day: _Day, last: bool = last) -> _Day | None:
            return _place(frame, day, closing if last else recap, last, frame.end)

        while left:
            placed = _place(frame, day, left[0], True, frame.end)
            if placed is None or finish(placed) is None:
                break
            day = placed
            left.pop(0)
        if last and left:
            return _overrun(frame, number, day, left, closing)
        done = finish(day)
        if done is None:
            return _overrun(frame, number, day, left, closing if last else recap)
        slots += done.slots
    return slots


def _overrun(frame: Frame, number: int, day: _Day, left: Sequence[Sequence[Piece]],
             closing: Sequence[Piece]) -> Overrun:
    """How far day ``number`` runs past its end with everything ``left`` and ``closing``
    on it."""
    for pieces in (*left, closing):
        day = _place(frame, day, pieces, True, None) or day
    return Overrun(max(1, day.now - frame.end), number, day.now)


def fits_a_day(frame: Frame, pieces: Sequence[Piece]) -> bool:
    """Whether ``pieces`` fit into an empty day."""
    return _place(frame, _Day(1, frame.start), pieces, False, frame.end) is not None


class PlanImpossible(Exception):
    """The workshop's modules do not fit its days; ``hint`` says what to change."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def plan_days(course: Course, workshop: WorkshopFile,
              modules: Sequence[Module]) -> list[Placed]:
    """The workshop's days: registration, opening and pre-test first, ``modules`` in order,
    a recap at the end of each day, post-test and closing last; ``PlanImpossible`` says how
    many minutes are missing and what to change."""
    ui = course.ui
    words = {"break": ui("Break"), "lunch": ui("Lunch"),
             "free": ui("Questions and discussion")}
    frame = Frame(minutes_of(workshop.day_start), minutes_of(workshop.day_end),
                  minutes_of(workshop.lunch_at), workshop.lunch_minutes,
                  workshop.break_minutes, workshop.session_minutes, words.__getitem__)
    opening = [p for p in (
        Piece("registration", ui("Registration"), workshop.registration_minutes),
        Piece("opening", ui("Opening: welcome, introductions, expectations, ground rules"),
              workshop.opening_minutes, teaching=True),
        Piece("pre-test", ui("Pre-test"), workshop.pre_test_minutes or DEFAULT_TEST_MINUTES,
              teaching=True),
        # a refresher reviews the pilots, after its pre-test has measured what was retained
        Piece("review", ui("Review of the pilots"),
              workshop.pilot_review_minutes if workshop.kind == "refresher" else 0,
              teaching=True),
    ) if p.minutes]
    recap = [p for p in (Piece("recap", ui("Recap of the day and feedback"),
                               workshop.recap_minutes),) if p.minutes]
    closing = [p for p in (
        Piece("post-test", ui("Post-test"), workshop.post_test_minutes or DEFAULT_TEST_MINUTES,
              teaching=True),
        Piece("closing", ui("Closing: evaluation and certificates"),
              workshop.closing_minutes, teaching=True),
    ) if p.minutes]
    sessions = [[Piece(part.kind, part.what, part.minutes, module.title, part.materials, True,
                       part.handouts)
                 for part in session_plan(course, module) if part.minutes]
                for module in modules]
    for module, pieces in zip(modules, sessions, strict=True):
        if not fits_a_day(frame, pieces):
            raise PlanImpossible(
                f"'{module.title}' takes {module.minutes} minutes with its breaks, longer "
                f"than a whole day ({workshop.day_start}–{workshop.day_end})",
                "make the days longer (day_start, day_end)")
    placed = schedule(frame, workshop.days, opening, sessions, recap, closing)
    if not isinstance(placed, Overrun):
        return placed
    needed = next((days for days in range(workshop.days + 1, workshop.days + len(modules) + 2)
                   if isinstance(schedule(frame, days, opening, sessions, recap, closing),
                                 list)), workshop.days + len(modules) + 1)
    later = next((end for end in range(frame.end + 5, 24 * 60, 5)
                  if isinstance(schedule(replace(frame, end=end), workshop.days, opening,
                                         sessions, recap, closing), list)), None)
    raise PlanImpossible(
        f"the modules and tests need {needed} days; this workshop has {workshop.days}: "
        f"{placed.missing} minutes are missing (day {placed.day} would end at "
        f"{clock(placed.end)}, not {workshop.day_end})",
        f"set days: {needed}"
        + (f", end the days later (day_end: \"{clock(later)}\")" if later else "")
        + f", or leave out modules of at least {placed.missing} minutes (or shorten "
          "registration_minutes, opening_minutes, recap_minutes, closing_minutes)")


def clock_problems(workshop: WorkshopFile, path: str,
                   line: Callable[[str], int]) -> list[Problem]:
    """A day that ends before it starts, and a lunch time outside the day; ``line`` gives a
    field's line in the file."""
    start, end = minutes_of(workshop.day_start), minutes_of(workshop.day_end)
    if end <= start:
        return [Problem(path, line("day_end"), "day_end",
                        f"the day ends ({workshop.day_end}) before it starts "
                        f"({workshop.day_start})",
                        "write day_end later than day_start, on a 24-hour clock")]
    if not start < minutes_of(workshop.lunch_at) < end:
        return [Problem(path, line("lunch_at"), "lunch_at",
                        f"lunch at {workshop.lunch_at} is outside the day "
                        f"({workshop.day_start}–{workshop.day_end})",
                        "set lunch_at between day_start and day_end (a day that ends "
                        "before lunch simply has none)")]
    return []
