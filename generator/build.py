"""Atomic builds: everything is built into a staging folder, swapped in only on success."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .assessments import write_assessments
from .decks import write_decks
from .guide import write_guides
from .model import Course
from .offline import ZIP_NAME as OFFLINE_ZIP
from .offline import write_offline_zip
from .site import build_site

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


Step = Callable[[str], None]


def build(course: Course, settings: BuildSettings, step: Step = lambda _: None) -> list[str]:
    """Build the selected parts; keep the other parts of the previous build as they were.
    Returns what was left out and why (test forms whose items are not translated)."""
    out = settings.out
    out.parent.mkdir(parents=True, exist_ok=True)
    with _lock(out):
        staging = out.parent / f".{out.name}-staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            left_out = _build_parts(course, settings, staging, step)
            _keep_unbuilt_parts(out, staging, settings.parts)
            step("finishing")
            _swap(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return left_out


def _build_parts(course: Course, settings: BuildSettings, staging: Path, step: Step
                 ) -> list[str]:
    if "site" in settings.parts:
        step("site")
        build_site(course, settings.root / "mkdocs.yml", staging / "site", settings.epoch,
                   settings.country)
        write_offline_zip(staging / "site", staging / OFFLINE_ZIP, settings.epoch)
    if "decks" in settings.parts:
        step("decks")
        write_decks(course, settings.template, staging / "decks", settings.epoch)
    if "facilitator" in settings.parts:
        step("facilitator guide")
        write_guides(course, staging / "facilitator")
    if "assessments" in settings.parts:
        step("assessments")
        return write_assessments(course, staging / "assessments", settings.epoch)
    return []


def _keep_unbuilt_parts(out: Path, staging: Path, built: tuple[str, ...]) -> None:
    """Carry over the parts of the previous build that this build did not make."""
    for part in PARTS:
        if part not in built and (out / part).is_dir():
            shutil.copytree(out / part, staging / part, copy_function=_link_or_copy)
    if "site" not in built and (out / OFFLINE_ZIP).is_file():
        _link_or_copy(str(out / OFFLINE_ZIP), str(staging / OFFLINE_ZIP))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


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
