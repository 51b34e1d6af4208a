"""Incremental builds: a content-hash cache over the previous build, and work on every core.

Each output file is recorded with the *key* of what it was made from (a hash of its
inputs and of the generator itself) and the *digest* of its bytes. A later build that
needs the same key takes the previous file (a hard link, so nothing is rewritten) if it
still has that digest; anything else is made again. Costly files (decks, PDFs, each
language's site) are made in worker processes, one per core.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import hashlib
import json
import os
import shutil
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from pydantic import BaseModel

MAX_WORKERS = 4
"""At most this many worker processes."""
JOBS_PER_WORKER = 100
"""Fresh workers after this many files each: PDF rendering keeps a little memory per file."""


@dataclass(frozen=True)
class Record:
    """How one output file was made: the key of its inputs and the digest of its bytes."""

    key: str
    digest: str


@dataclass
class _Job:
    path: str
    key: str
    make: Callable[..., Any]
    args: tuple[Any, ...]
    folder: bool
    cost: int
    heavy: bool = False


class Outputs:
    """Files of one build, written under ``folder``; unchanged ones come from ``previous``."""

    def __init__(self, folder: Path, previous: Path | None = None,
                 manifest: dict[str, Record] | None = None, workers: int = 1) -> None:
        self.folder = folder
        self.previous = previous
        self.old = manifest or {}
        self.records: dict[str, Record] = {}
        self.workers = workers
        self.made: list[str] = []
        """Paths (files, or folders made in one piece) made in this build rather than reused."""
        self._jobs: list[_Job] = []
        self._toolchain = toolchain()
        self._folders: dict[Path, str] = {}
        """The digest of each folder an output is made from (templates), taken once."""

    def key(self, make: Callable[..., Any], *inputs: object) -> str:
        """The key of ``make(*inputs)``: its inputs, the function and the generator's version."""
        digest = hashlib.sha256(self._toolchain.encode())
        digest.update(f"{make.__module__}.{make.__qualname__}".encode())
        for value in inputs:
            if isinstance(value, Path) and value.is_dir():
                if value not in self._folders:
                    self._folders[value] = tree_digest(value)
                digest.update(self._folders[value].encode())
            else:
                digest.update(fingerprint(value).encode())
        return digest.hexdigest()

    def write(self, path: str, data: bytes | str) -> None:
        """A file cheap to make: the previous build's copy is kept if its bytes are the same."""
        data = data.encode() if isinstance(data, str) else data
        digest = hashlib.sha256(data).hexdigest()
        if not self._reuse(path, Record(digest, digest)):
            self._put(path, data)
            self.records[path] = Record(digest, digest)

    def render(self, path: str, make: Callable[..., bytes], *inputs: object,
               cost: int = 1, heavy: bool = False) -> None:
        """The file ``make(*inputs)``, made in a worker at ``run()`` unless the previous build
        made it from the same inputs. ``cost`` orders the work: costly files first. A
        ``heavy`` file takes much memory to make: two are never made at once."""
        key = self.key(make, *inputs)
        if not self._reuse(path, Record(key, "")):
            self._jobs.append(_Job(path, key, make, inputs, False, cost, heavy))

    def render_folder(self, path: str, make: Callable[..., None], *inputs: object,
                      key_inputs: tuple[object, ...] = (), cost: int = 1) -> None:
        """The folder ``make(folder, *inputs)`` fills, reused whole when ``inputs`` and
        ``key_inputs`` (what ``make`` reads from disk) are the same as last time."""
        key = self.key(make, *inputs, *key_inputs)
        old = {p: r for p, r in self.old.items() if p.startswith(f"{path}/")}
        if old and all(r.key == key for r in old.values()) and self._link_all(old):
            return
        self._jobs.append(_Job(path, key, make, inputs, True, cost))

    def run(self) -> None:
        """Make every pending file, costly ones first, on up to ``workers`` processes."""
        jobs = sorted(self._jobs, key=lambda job: -job.cost)
        self._jobs = []
        if self.workers < 2 or len(jobs) < 2:
            for job in jobs:
                self._finish(job, _call(job.make, self._target(job), job.args))
            return
        context = get_context("fork")  # workers start at once, sharing the parent's memory
        gc.freeze()  # … which their garbage collector then leaves alone (not copied to them)
        try:
            batch = self.workers * JOBS_PER_WORKER
            for start in range(0, len(jobs), batch):
                self._run_on(ProcessPoolExecutor(min(self.workers, len(jobs) - start),
                                                 mp_context=context, initializer=_die_with,
                                                 initargs=(os.getpid(),)),
                             jobs[start:start + batch])
        finally:
            gc.unfreeze()

    def _run_on(self, pool: ProcessPoolExecutor, jobs: list[_Job]) -> None:
        """Keep every worker busy (one job queued ahead), never with two heavy jobs at once;
        each result is written as soon as it comes, then let go."""
        waiting, running = deque(jobs), {}
        with pool:
            try:
                while waiting or running:
                    while len(running) <= self.workers and waiting:
                        job = _next_job(waiting, any(j.heavy for j in running.values()))
                        if job is None:
                            break
                        running[pool.submit(_work, job.make, self._target(job), job.args)] = job
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in sorted(done, key=lambda f: running[f].path):
                        self._finish(running.pop(future), future.result())
            except BaseException:
                for future in running:
                    future.cancel()
                raise

    def keep(self, prefix: str) -> None:
        """Carry the previous records of ``prefix`` (a part this build does not make)."""
        self.records.update({p: r for p, r in self.old.items()
                             if p == prefix or p.startswith(f"{prefix}/")})

    def _target(self, job: _Job) -> Path | None:
        if not job.folder:
            return None
        target = self.folder / job.path
        target.mkdir(parents=True, exist_ok=True)
        return target

    def _finish(self, job: _Job, data: bytes | None) -> None:
        self.made.append(job.path)
        if data is not None:
            self._put(job.path, data)
            self.records[job.path] = Record(job.key, hashlib.sha256(data).hexdigest())
            return
        folder = self.folder / job.path
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            self.records[file.relative_to(self.folder).as_posix()] = Record(job.key,
                                                                            file_digest(file))

    def _reuse(self, path: str, wanted: Record) -> bool:
        old = self.old.get(path)
        if old is None or old.key != wanted.key:
            return False
        return self._link_all({path: old})

    def _link_all(self, records: dict[str, Record]) -> bool:
        """Link the previous build's files into this one if every one is intact."""
        if self.previous is None:
            return False
        sources = {p: self.previous / p for p in records}
        if not all(s.is_file() and file_digest(s) == records[p].digest
                   for p, s in sources.items()):
            return False
        for path, source in sources.items():
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(str(source), str(target))
        self.records.update(records)
        return True

    def _put(self, path: str, data: bytes) -> None:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # never write through a link to the previous build
        target.write_bytes(data)


def _next_job(waiting: deque[_Job], heavy_running: bool) -> _Job | None:
    """The first waiting job, passing over heavy ones while a heavy job runs."""
    for job in waiting:
        if not (job.heavy and heavy_running):
            waiting.remove(job)
            return job
    return None


def _call(make: Callable[..., Any], folder: Path | None, args: tuple[Any, ...]) -> Any:
    return make(*args) if folder is None else make(folder, *args)


def _work(make: Callable[..., Any], folder: Path | None, args: tuple[Any, ...]) -> Any:
    """:func:`_call` in a worker, which then gives the memory it freed back to the system
    (a site build leaves much behind that the PDFs after it do not need)."""
    try:
        return _call(make, folder, args)
    finally:
        gc.collect()
        if _LIBC is not None:
            _LIBC.malloc_trim(0)


try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL("libc.so.6")
except OSError:  # not glibc: freed memory stays with the worker until it ends
    _LIBC = None


def read_manifest(path: Path) -> dict[str, Record]:
    """The records of the previous build (none if missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {p: Record(**r) for p, r in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_manifest(path: Path, records: dict[str, Record]) -> None:
    data = {"files": {p: dataclasses.asdict(r) for p, r in sorted(records.items())}}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    temporary.replace(path)


def fingerprint(value: object) -> str:
    """A stable text standing for ``value``: files by their contents, models as JSON."""
    if isinstance(value, Path):
        return tree_digest(value) if value.is_dir() else file_digest(value)
    if isinstance(value, BaseModel):
        return hashlib.sha256(value.model_dump_json().encode()).hexdigest()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, tuple | list):
        return hashlib.sha256("\0".join(map(fingerprint, value)).encode()).hexdigest()
    return hashlib.sha256(repr(value).encode()).hexdigest()


def file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def tree_digest(folder: Path) -> str:
    """One digest of every file under ``folder`` (names and contents, bytecode caches left
    out); the digest of nothing if there is no such folder."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   ) if folder.is_dir() else []
    return hashlib.sha256("".join(
        f"{p.relative_to(folder).as_posix()}\0{file_digest(p)}\n" for p in files
    ).encode()).hexdigest()


def toolchain() -> str:
    """A digest of the generator's own files, Python and every installed package version:
    a new coursepack or dependency makes everything again."""
    package = Path(__file__).parents[1]
    parts: Iterable[str] = (
        sys.version, tree_digest(package),
        *sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """In a worker: be killed when the build's process ends, however it ends (SIGKILL
    included), so that no worker outlives it holding the build's lock."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def default_workers() -> int:
    """One worker per available core, at most ``MAX_WORKERS``."""
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def link_or_copy(source: str, target: str) -> None:
    """A hard link (same file, nothing written), or a copy across file systems."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
