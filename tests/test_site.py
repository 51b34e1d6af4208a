"""The learner site, built for real with mkdocs-material."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.loader import load_course
from generator.site import build_site

from .conftest import MINIMAL


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("site")
    course = load_course(MINIMAL)
    build_site(course, MINIMAL / "mkdocs.yml", work / "docs", work / "site", epoch=1700000000)
    return work / "site"


def test_module_page_has_objectives_content_messages_sources_and_neighbours(site: Path) -> None:
    page = (site / "modules" / "basics.html").read_text()
    for text in ("List the nine components.", "Nine components make up the package.",
                 "Nine components make one package.", "45 minutes",
                 'href="intro.html"', 'href="../references.html#brief"'):
        assert text in page, text


def test_home_lists_tracks_and_total_time(site: Path) -> None:
    page = (site / "index.html").read_text()
    assert 'href="tracks/gender-mainstreaming.html"' in page
    assert "about <strong>1 h 15 min</strong>" in page


def test_test_items_never_reach_the_site(site: Path) -> None:
    course = load_course(MINIMAL)
    test_only = [i.stem for m in course.modules for i in m.items if i.use == ("test",)]
    assert test_only
    for path in (p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for stem in test_only:
            assert stem.encode() not in data, f"{stem!r} leaked into {path}"


def test_pages_load_nothing_from_other_hosts(site: Path) -> None:
    for page in site.rglob("*.html"):
        links = re.findall(r'(?:src|href)="([^"]+)"', page.read_text())
        external = [link for link in links if re.match(r"(https?:)?//", link)]
        assert external == [], f"{page}: {external}"


def test_module_text_that_looks_like_html_is_shown_not_run(tmp_path: Path) -> None:
    from .conftest import make_course

    root = make_course(tmp_path / "course")
    meta = root / "modules" / "intro" / "module.yml"
    meta.write_text(meta.read_text().replace("title: Introduction",
                                             'title: "Intro <script>alert(1)</script>"'))
    build_site(load_course(root), root / "mkdocs.yml", tmp_path / "docs", tmp_path / "site", 0)
    page = (tmp_path / "site" / "modules" / "intro.html").read_text()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page
