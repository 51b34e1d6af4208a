"""``course-offline.zip``: the learner site packed to be opened from ``file://``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.build.reproducible import zip_entry
from generator.build.sanitize import add_content_security_policy

ZIP_NAME = "course-offline.zip"
FOLDER = "course"  # unpacks into course/; open course/index.html


def offline_zip(site_dir: Path, epoch: int) -> bytes:
    """The built site packed, entries sorted and stamped with ``epoch``; HTML gets the
    offline content security policy."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if path.suffix == ".html":
                data = add_content_security_policy(data.decode("utf-8"), offline=True).encode()
            name = f"{FOLDER}/{path.relative_to(site_dir).as_posix()}"
            archive.writestr(zip_entry(name, epoch), data)
    return buffer.getvalue()
