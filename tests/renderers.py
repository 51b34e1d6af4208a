"""Each renderer's outputs made at once into a folder, for tests (the build makes them
through the pipeline instead)."""

from __future__ import annotations

from pathlib import Path

from generator.assessments.part import plan_assessments
from generator.build.outputs import Outputs
from generator.course.localize import localize_all
from generator.course.model import Course
from generator.facilitator.decks import plan_decks
from generator.facilitator.guide import plan_guides


def write_assessments(course: Course, out_dir: Path, epoch: int) -> list[str]:
    """The test files of ``plan_assessments`` made in ``out_dir``."""
    outputs = Outputs(out_dir)
    left_out = plan_assessments(localize_all(course), epoch, outputs, ".")
    outputs.run()
    return left_out


def write_guides(course: Course, out_dir: Path, epoch: int = 1700000000) -> None:
    """The guides of ``plan_guides`` made in ``out_dir``."""
    outputs = Outputs(out_dir)
    plan_guides(localize_all(course), outputs, epoch, ".")
    outputs.run()


def write_decks(course: Course, template: Path, out_dir: Path, epoch: int) -> None:
    """The decks of ``plan_decks`` made in ``out_dir``."""
    outputs = Outputs(out_dir)
    plan_decks(localize_all(course), template, epoch, outputs, ".")
    outputs.run()
