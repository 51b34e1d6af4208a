"""The build pipeline: every part plans its outputs, the outputs are made (or taken from
the previous build when nothing they depend on changed), every part finishes, and the
result replaces the previous build at once (``staging.staged``).

The parts themselves (site, decks, facilitator, assessments) come from the ``build``
command, so this package imports no renderer."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import PARTS
from generator.build.outputs import (
    Outputs,
    default_workers,
    link_or_copy,
    read_manifest,
    write_manifest,
)
from generator.build.staging import staged
from generator.course.localize import localize_all
from generator.course.model import Course

Courses = Mapping[str, Course]
"""The course in each of its languages (language → localized course): each part renders
from these, none localizes again."""


@dataclass(frozen=True)
class BuildSettings:
    root: Path
    out: Path
    template: Path
    epoch: int
    parts: tuple[str, ...] = PARTS
    country: str | None = None
    workers: int = field(default_factory=default_workers)


Step = Callable[[str], None]


@dataclass(frozen=True)
class Part:
    """One part of a build: its folder under ``build/`` and the files beside it, what it
    plans before the outputs are made (returns why things were left out) and what it
    finishes once they are."""

    name: str
    plan: Callable[[Courses, BuildSettings, Outputs], list[str]]
    finish: Callable[[Courses, BuildSettings, Outputs], None] | None = None
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Built:
    """What a build left out and why (test forms whose items are not translated), and
    what it made rather than took from the previous build."""

    left_out: list[str]
    made: tuple[str, ...]


def build(course: Course, settings: BuildSettings, parts: Sequence[Part],
          step: Step = lambda _: None) -> Built:
    """Build the parts named in ``settings.parts``; keep the other parts of the previous
    build as they were. Files whose inputs did not change since the previous build are
    taken from it."""
    out, manifest = settings.out, manifest_path(settings.out)
    chosen = [p for p in parts if p.name in settings.parts]
    with staged(out) as staging:
        outputs = Outputs(staging, out if out.is_dir() else None, read_manifest(manifest),
                          settings.workers)
        left_out = _build_parts(course, settings, chosen, outputs, step)
        _keep_unbuilt_parts(out, staging, [p for p in parts if p not in chosen], outputs)
        step("finishing")
        write_manifest(manifest, outputs.records)  # a file it names but lacks is made again
    return Built(left_out, tuple(sorted(outputs.made)))


def manifest_path(out: Path) -> Path:
    """Where a build records how its files were made: ``build.cache.json`` beside ``build/``."""
    return out.parent / f"{out.name}.cache.json"


def _build_parts(course: Course, settings: BuildSettings, parts: Sequence[Part],
                 outputs: Outputs, step: Step) -> list[str]:
    step("planning")
    courses = localize_all(course)
    left_out = [reason for part in parts for reason in part.plan(courses, settings, outputs)]
    step("site, decks and PDFs")
    outputs.run()
    step("finishing the site and the guides")
    for part in parts:
        if part.finish is not None:
            part.finish(courses, settings, outputs)
    outputs.run()
    return left_out


def _keep_unbuilt_parts(out: Path, staging: Path, unbuilt: Sequence[Part],
                        outputs: Outputs) -> None:
    """Carry over the parts of the previous build that this build did not make."""
    for part in unbuilt:
        if (out / part.name).is_dir():
            shutil.copytree(out / part.name, staging / part.name, copy_function=link_or_copy)
            outputs.keep(part.name)
        for name in part.files:
            if (out / name).is_file():
                link_or_copy(str(out / name), str(staging / name))
                outputs.keep(name)
