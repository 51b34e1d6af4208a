"""Writing outputs all at once: every command that writes (``build``, ``workshop plan``,
``assess score``) makes its files in a staging folder beside the target, under a lock, and
publishes them only when everything succeeded. An error or Ctrl-C leaves the previous
outputs as they were and removes the staging folder."""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import EXIT_LOCKED, CoursepackError


class BuildLocked(CoursepackError):
    """Another command is writing the same output folder."""

    exit_code = EXIT_LOCKED

    def report(self, command: str) -> str:
        return str(self)


@contextmanager
def staged(out: Path, *, whole_folder: bool = True) -> Iterator[Path]:
    """A fresh staging folder for ``out``; when the block ends without an error, the
    staging folder replaces ``out`` (``whole_folder``) or its files replace theirs in
    ``out``, other files there kept (a report folder may hold the response files)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        _tidy(out)
        staging = out.parent / f".{out.name}-staging-{os.getpid()}"
        staging.mkdir()
        try:
            yield staging
            if whole_folder:
                _swap(staging, out)
            else:
                _move_files(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _tidy(out: Path) -> None:
    """What a command that was killed left beside ``out`` (the lock is held, so nobody is
    writing): its staging folder goes, and a previous ``out`` set aside is put back."""
    for left in sorted(out.parent.glob(f".{out.name}-old-*")):
        if not out.exists():
            left.rename(out)
        else:
            shutil.rmtree(left, ignore_errors=True)
    for left in out.parent.glob(f".{out.name}-staging-*"):
        shutil.rmtree(left, ignore_errors=True)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` in one step (the kernel exchanges the two names), so
    that ``out`` exists at every instant; where the file system cannot exchange names, two
    renames, and ``_tidy`` puts the old one back if a kill comes between them."""
    with _signals_held():
        if out.exists() and _exchange(staging, out):
            shutil.rmtree(staging, ignore_errors=True)  # now the previous out
            return
        old = out.parent / f".{out.name}-old-{os.getpid()}"
        if out.exists():
            out.rename(old)
        staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's ``renameat2``; False where it is missing."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd = -100
    done = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), RENAME_EXCHANGE)
    return done == 0


def _move_files(staging: Path, out: Path) -> None:
    """Move the staged files into ``out`` together; Ctrl-C waits until all are moved."""
    out.mkdir(parents=True, exist_ok=True)
    with _signals_held():
        for path in sorted(staging.iterdir()):
            path.replace(out / path.name)


@contextmanager
def _signals_held() -> Iterator[None]:
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    lock_path = out.parent / f"{out.name}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                f"another coursepack build is writing {out} (lock {lock_path} is held); "
                "wait for it to finish, then try again"
            ) from None
        yield
