"""The offline zip: the whole site, reproducible, with search usable from file://."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.course.load import load_course
from generator.site.offline import offline_zip
from generator.site.plugin import build_site
from tests.conftest import MINIMAL


def test_offline_zip_packs_the_site_for_file_urls(tmp_path: Path) -> None:
    build_site(load_course(MINIMAL), MINIMAL / "mkdocs.yml", tmp_path / "site", 1700000000)
    first = offline_zip(tmp_path / "site", 1700000000)
    assert offline_zip(tmp_path / "site", 1700000000) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert "course/index.html" in names and "course/en/search/search_index.js" in names
        assert "course/en/javascripts/iframe-worker-shim.js" in names
        index = archive.read("course/en/index.html").decode()
    assert index.count("Content-Security-Policy") == 1
    assert "script-src 'self' 'unsafe-inline'" in index
    online = (tmp_path / "site" / "en" / "index.html").read_text()
    script_policy = online.split("script-src", 1)[1].split(";", 1)[0]
    assert "'sha256-" in script_policy and "unsafe-inline" not in script_policy
