"""Atomic builds: everything is built into a staging folder, swapped in only on success."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.assessments.part import plan_assessments
from generator.build.outputs import (
    Outputs,
    default_workers,
    link_or_copy,
    read_manifest,
    write_manifest,
)
from generator.course.model import Course
from generator.facilitator.decks import plan_decks
from generator.facilitator.guide import finish_guides, plan_guides
from generator.site.offline import ZIP_NAME as OFFLINE_ZIP
from generator.site.offline import offline_zip
from generator.site.plugin import finish_site, plan_site

PARTS = ("site", "decks", "facilitator", "assessments")


class BuildLocked(Exception):
    """Another build of the same output folder is running."""


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


def build(course: Course, settings: BuildSettings, step: Step = lambda _: None) -> Built:
    """Build the selected parts; keep the other parts of the previous build as they were.
    Files whose inputs did not change since the previous build are taken from it."""
    out = settings.out
    out.parent.mkdir(parents=True, exist_ok=True)
    with _lock(out):
        staging = out.parent / f".{out.name}-staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        manifest = manifest_path(out)
        outputs = Outputs(staging, out if out.is_dir() else None, read_manifest(manifest),
                          settings.workers)
        try:
            left_out = _build_parts(course, settings, outputs, step)
            _keep_unbuilt_parts(out, staging, settings.parts, outputs)
            step("finishing")
            _swap(staging, out)
            write_manifest(manifest, outputs.records)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return Built(left_out, tuple(outputs.made))


@dataclass(frozen=True)
class Built:
    """What a build left out and why (test forms whose items are not translated), and
    what it made rather than took from the previous build."""

    left_out: list[str]
    made: tuple[str, ...]


def manifest_path(out: Path) -> Path:
    """Where a build records how its files were made: ``build.cache.json`` beside ``build/``."""
    return out.parent / f"{out.name}.cache.json"


def _build_parts(course: Course, settings: BuildSettings, outputs: Outputs, step: Step
                 ) -> list[str]:
    left_out: list[str] = []
    step("planning")
    if "site" in settings.parts:
        plan_site(course, settings.root / "mkdocs.yml", settings.epoch, settings.country,
                  outputs)
    if "decks" in settings.parts:
        plan_decks(course, settings.template, settings.epoch, outputs)
    if "facilitator" in settings.parts:
        plan_guides(course, outputs)
    if "assessments" in settings.parts:
        left_out = plan_assessments(course, settings.epoch, outputs)
    step("site, decks and PDFs")
    outputs.run()
    step("finishing the site and the guides")
    if "site" in settings.parts:
        finish_site(course, outputs)
        outputs.render(OFFLINE_ZIP, offline_zip, outputs.folder / "site", settings.epoch)
    if "facilitator" in settings.parts:
        finish_guides(course, outputs)
    outputs.run()
    return left_out


def _keep_unbuilt_parts(out: Path, staging: Path, built: tuple[str, ...],
                        outputs: Outputs) -> None:
    """Carry over the parts of the previous build that this build did not make."""
    for part in PARTS:
        if part not in built and (out / part).is_dir():
            shutil.copytree(out / part, staging / part, copy_function=link_or_copy)
            outputs.keep(part)
    if "site" not in built and (out / OFFLINE_ZIP).is_file():
        link_or_copy(str(out / OFFLINE_ZIP), str(staging / OFFLINE_ZIP))
        outputs.keep(OFFLINE_ZIP)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging``; Ctrl-C waits until both renames are done."""
    old = out.parent / f".{out.name}-old-{os.getpid()}"
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        if out.exists():
            out.rename(old)
        staging.rename(out)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _lock(out: Path) -> Iterator[None]:
    lock_path = out.parent / f"{out.name}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                f"another coursepack build is writing {out} (lock {lock_path} is held); "
                "wait for it to finish, then build again"
            ) from None
        yield
