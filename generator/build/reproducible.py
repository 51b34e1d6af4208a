"""Reproducible output: one build timestamp, and zip files without clock times."""

from __future__ import annotations

import os
import subprocess
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest time a zip entry can hold


def source_date_epoch(root: Path) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the last commit's time, else 1980-01-01; never now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        try:
            return int(value)
        except ValueError:
            raise SystemExit(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}") from None
    try:
        result = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                                capture_output=True, text=True, check=True)
        return int(result.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return ZIP_EPOCH_MIN


def epoch_datetime(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def epoch_naive(epoch: int) -> datetime:
    """``epoch`` as a naive UTC datetime, as Office document properties store dates."""
    return epoch_datetime(epoch).replace(tzinfo=None)


@contextmanager
def source_date_epoch_env(epoch: int) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` for tools that read it (mkdocs) while they run."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def zip_entry(name: str, epoch: int) -> zipfile.ZipInfo:
    """A zip entry that says nothing about when or where it was made, but ``epoch``."""
    stamp = epoch_datetime(max(epoch, ZIP_EPOCH_MIN)).timetuple()[:6]
    entry = zipfile.ZipInfo(name, date_time=stamp)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    entry.create_system = 3
    return entry
