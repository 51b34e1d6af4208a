"""``mkdocs build`` (and so ``mkdocs serve``) with the root mkdocs.yml compiles the modules."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_plain_mkdocs_builds_the_bundled_course_through_the_hook(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([mkdocs, "build", "--strict", "--site-dir", tmp_path / "site"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "modules" / "needle-syringe-programmes.html").read_text()
    assert "Needle and syringe programmes" in page
    assert "Learning objectives" in page
    with zipfile.ZipFile(tmp_path / "site" / "course-offline.zip") as archive:
        assert "course-en/modules/needle-syringe-programmes.html" in archive.namelist()
