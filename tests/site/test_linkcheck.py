"""The offline link check on hand-made pages."""

from __future__ import annotations

from pathlib import Path

from generator.site.linkcheck import broken_links


def test_links_must_resolve_inside_the_site_and_load_nothing_from_outside(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "style.css").write_text("")
    (tmp_path / "sub" / "page.html").write_text(
        '<link rel="stylesheet" href="../style.css"><link rel="canonical" href="https://x.org/">'
        '<a href="https://example.org/doc">ok</a><a href="#top">ok</a>'
        '<a href="../missing.html">bad</a><script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="https://fonts.example/css"><a href="../../etc/passwd">x</a>'
        '<a href="javascript:alert(1)">x</a>')
    assert broken_links(tmp_path) == [
        'sub/page.html: href="../missing.html" points to a file that does not exist',
        'sub/page.html: src="https://cdn.example/x.js" loads from outside the site',
        'sub/page.html: href="https://fonts.example/css" loads from outside the site',
        'sub/page.html: href="../../etc/passwd" points outside the site',
        'sub/page.html: href="javascript:alert(1)" loads from outside the site',
    ]


def test_a_link_to_a_folder_opens_its_index_page(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text('<a href="sub/">in</a><a href="./">home</a>')
    (tmp_path / "sub" / "index.html").write_text(
        '<a href="../">up</a><a href="/index.html">root</a><a href="..">up</a>'
        '<a href="../empty/">none</a><a href="%2e%2e/%2e%2e/x">out</a>')
    (tmp_path / "empty").mkdir()
    assert broken_links(tmp_path) == [
        'sub/index.html: href="../empty/" points to a file that does not exist',
        'sub/index.html: href="%2e%2e/%2e%2e/x" points outside the site',
    ]
