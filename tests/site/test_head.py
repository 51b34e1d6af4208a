"""The head of the site's pages: the description (course text) escaped, a canonical link
only to an absolute address, no head links to other languages."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.course.load import load_course
from generator.site.plugin import build_site
from tests.conftest import make_translated

SUMMARY = 'Say "hi" & <b>stop</b>'


def built(tmp_path: Path, **settings: str) -> Path:
    """The bilingual minimal course, its summary and a track's ``SUMMARY``, built with
    ``settings`` added to its mkdocs.yml."""
    course = make_translated(tmp_path / "course")
    source = course / "course.yml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "summary: Why services respond to women.", f"summary: '{SUMMARY}'").replace(
        "summary: The smallest valid course, for tests.", f"summary: '{SUMMARY}'"),
        encoding="utf-8")
    config = course / "mkdocs.yml"
    config.write_text(yaml.safe_dump({**yaml.safe_load(config.read_text()), **settings}))
    build_site(load_course(course), config, tmp_path / "site", 1700000000)
    return tmp_path / "site"


def test_description_is_escaped_and_no_canonical_without_an_address(tmp_path: Path) -> None:
    site = built(tmp_path)
    escaped = "Say &#34;hi&#34; &amp; &lt;b&gt;stop&lt;/b&gt;"
    for page in ("index.html", "tracks/gender-mainstreaming.html", "references.html"):
        text = (site / "en" / page).read_text(encoding="utf-8")
        assert f'<meta name="description" content="{escaped}">' in text, page
    page = (site / "es" / "modules" / "intro.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page  # "/es/modules/intro.html" is no canonical address
    assert 'rel="alternate"' not in page  # the switcher's links do that, page to page


def test_canonical_link_with_the_site_s_address(tmp_path: Path) -> None:
    site = built(tmp_path, site_url="https://example.org/")
    page = (site / "es" / "modules" / "intro.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/es/modules/intro.html">' in page
