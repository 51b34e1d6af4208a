"""A workshop as data: its file (``WorkshopFile``) and the lines of its agenda (``Slot``).

Apart from ``workshop.py`` so that the planner (``day.py``), the handouts and the printables
read the real types without importing the bundle that uses them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import Field, PositiveInt, StringConstraints, field_validator

from generator.course.model import Id, Strict

DEFAULT_TEST_MINUTES = 20
"""A test slot's length when the workshop file gives none and the course has no test
cycles to size it from."""


def minutes_of(clock: str) -> int:
    """``HH:MM`` as minutes since midnight."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    """Minutes since midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class WorkshopFile(Strict):
    """A workshop: which modules, in which language, over how many days, at what times."""

    title: str = Field(min_length=1, max_length=200,
                       description="Printed on the agenda and its title slide.")
    id: Id | None = Field(None, description="The workshop's identity in a results store "
                                            "(assess score --record); default: the file's "
                                            "name without .yml.")
    place: str = Field("", max_length=200, description="Where it is held, e.g. \"Almaty\"; "
                                                        "shown on the test report.")
    start: date | None = Field(None, description="The first day, YYYY-MM-DD; the last is "
                                                 "start + days − 1.")
    facilitators: tuple[Annotated[str, StringConstraints(min_length=1, max_length=100)],
                        ...] = Field((), description="Who runs it, as the report names them.")
    modules: tuple[Id, ...] = Field(min_length=1, description="Module ids; any order.")
    language: str = Field(description="One of the course's languages.")
    country: Id | None = Field(None, description="A countries/<id>.yml overlay, if any.")
    cycle: Id | None = Field(None, description="The test cycle (assessments/cycles.yml) whose "
                                               "pre- and post-test are printed; default: "
                                               "the first.")
    days: PositiveInt
    participants: PositiveInt | None = Field(
        None, description="How many take part: sizes the print pack and the checklist's "
                          "quantities.")
    group_size: PositiveInt = Field(5, description="Participants per group in the "
                                                   "activities, for what each group gets.")
    day_start: str = Field("09:00", description="HH:MM, 24-hour clock.")
    day_end: str = Field("17:00", description="HH:MM: nothing is planned after it.")
    lunch_at: str = Field("12:30", description="HH:MM: lunch starts at the first break "
                                                "from then on.")
    lunch_minutes: PositiveInt = 60
    break_minutes: int = Field(15, ge=0, description="Break between two sessions.")
    session_minutes: PositiveInt = Field(
        90, description="The longest stretch of teaching without a break: a longer module "
                        "gets a break between its slides and activities.")
    pre_test_minutes: PositiveInt | None = Field(
        None, description="Minutes for the pre-test; default: sized from its items "
                          "(minutes_per_item and test_setup_minutes in cycles.yml).")
    post_test_minutes: PositiveInt | None = Field(
        None, description="Minutes for the post-test; default: sized like the pre-test.")
    registration_minutes: int = Field(30, ge=0, description="First thing on day 1.")
    opening_minutes: int = Field(45, ge=0, description="Welcome, introductions, "
                                                       "expectations, ground rules; day 1.")
    recap_minutes: int = Field(15, ge=0, description="Recap and feedback at the end of "
                                                     "each day but the last.")
    closing_minutes: int = Field(30, ge=0, description="Evaluation and certificates, after "
                                                       "the post-test on the last day.")
    kind: Literal["initial", "refresher"] = Field(
        "initial", description="refresher: a workshop after the pilots; day 1 opens with a "
                               "review of the pilots (the TSP cycle).")
    pilot_review_minutes: PositiveInt = Field(
        60, description="A refresher's review of the pilots, in minutes.")

    @property
    def end(self) -> date | None:
        """The last day, from ``start`` and ``days``."""
        return self.start + timedelta(days=self.days - 1) if self.start else None

    @field_validator("day_start", "day_end", "lunch_at")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not TIME.match(value):
            raise ValueError("write the time as HH:MM on a 24-hour clock, e.g. \"09:00\"")
        return value


@dataclass(frozen=True)
class Slot:
    """One line of the agenda."""

    day: int
    start: int  # minutes since midnight
    end: int
    kind: str  # registration, opening, pre-test, session, activity, break, lunch, free,
    # recap, post-test, closing
    what: str
    module: str = ""
    materials: tuple[str, ...] = ()  # ids in materials.yml
    handouts: tuple[str, ...] = ()  # <module-id>/<name>
