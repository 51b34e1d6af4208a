"""The offline copies: the whole site, and each language's own, reproducible, with only the
files a reader from file:// uses, and the size of each language's copy by its link."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from generator.course.load import load_course
from generator.site.linkcheck import broken_links
from generator.site.offline import (
    ALL_LANGUAGES,
    ONLINE_ONLY,
    lunr_files,
    offline_zip,
    without_elements,
)
from generator.site.plugin import build_site, size_text
from tests.conftest import MINIMAL, make_translated

EPOCH = 1700000000
DOWNLOAD = ('<p class="cp-download cp-online-only"><a href="course-offline.zip" download>'
            'Download the course</a> <span class="cp-offline-size"></span></p>')
"""The home page's download link, as the lead's pages.py writes it."""
NEVER_OFFLINE = re.compile(r"(\.map|/search_index\.json|/sitemap\.xml(\.gz)?|/404\.html|"
                           r"/course-offline\.zip)$")


def translated_with_download(root: Path) -> Path:
    """The minimal course in English and Spanish, with a page that holds the download link."""
    course = make_translated(root)
    (course / "site_templates").mkdir()
    (course / "site_templates" / "download.md").write_text(
        f"# Download\n\n{DOWNLOAD}\n", encoding="utf-8")
    return course


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual course's site (with the download link) built: the site folder."""
    course = translated_with_download(tmp_path_factory.mktemp("offline") / "course")
    build_site(load_course(course), course / "mkdocs.yml", course.parent / "site", EPOCH)
    return course.parent / "site"


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


def test_the_whole_course_copy_leaves_out_what_file_urls_never_use(site: Path) -> None:
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"en/search/search_index.json", "en/sitemap.xml", "en/404.html",
            "es/course-offline.zip"} <= on_disk  # the web site has them
    assert any(name.endswith(".map") for name in on_disk)
    with zipfile.ZipFile(io.BytesIO(offline_zip(site, EPOCH))) as archive:
        names = set(archive.namelist())
        page = archive.read("course/es/download.html").decode()
    assert [n for n in names if NEVER_OFFLINE.search(n)] == []
    lunr = sorted(n for n in names if "/lunr/" in n)
    assert lunr == ["course/es/assets/javascripts/lunr/min/lunr.es.min.js",
                    "course/es/assets/javascripts/lunr/min/lunr.stemmer.support.min.js"]
    for needed in ("course/index.html", "course/en/search/search_index.js",
                   "course/es/javascripts/search-on-demand.js", "course/en/modules/intro.html"):
        assert needed in names
    assert any(re.fullmatch(r"course/es/assets/javascripts/workers/search\.\w+\.min\.js", n)
               for n in names)
    assert "cp-download" not in page and ONLINE_ONLY not in page  # it has no zip to offer
    assert ALL_LANGUAGES in page and 'hreflang="en"' in page  # every language is in it


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_language_has_an_offline_copy_of_its_own(site: Path, tmp_path: Path,
                                                      language: str) -> None:
    with zipfile.ZipFile(site / language / "course-offline.zip") as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    copy = tmp_path / f"course-{language}"
    assert all(name.startswith(f"course-{language}/") for name in names)
    assert (copy / "index.html").is_file() and (copy / "search" / "search_index.js").is_file()
    assert [n for n in names if NEVER_OFFLINE.search(n)] == []
    for page in copy.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "script-src 'self' 'unsafe-inline'" in text, page
        assert ONLINE_ONLY not in text and ALL_LANGUAGES not in text, page
        assert "hreflang=" not in text, page  # no way out to a language it does not hold
    assert broken_links(copy) == []  # nothing points outside the copy
    assert not list(site.rglob(".course-offline.zip*"))  # no half-written copy left


def test_the_size_of_each_language_s_copy_is_shown_in_its_language(site: Path) -> None:
    for language, separator in (("en", "."), ("es", ",")):
        size = (site / language / "course-offline.zip").stat().st_size
        whole, tenth = f"{max(size / 1_000_000, 0.1):.1f}".split(".")
        page = (site / language / "download.html").read_text(encoding="utf-8")
        assert f'<span class="cp-offline-size">{whole}{separator}{tenth} MB</span>' in page
        assert '<a href="course-offline.zip"' in page


def test_the_offline_copies_are_the_same_when_built_again(site: Path, tmp_path: Path) -> None:
    course = translated_with_download(tmp_path / "course")
    build_site(load_course(course), course / "mkdocs.yml", tmp_path / "again", EPOCH)
    for language in ("en", "es"):
        first = (site / language / "course-offline.zip").read_bytes()
        assert (tmp_path / "again" / language / "course-offline.zip").read_bytes() == first
    assert offline_zip(tmp_path / "again", EPOCH) == offline_zip(site, EPOCH)


def test_size_text_writes_numbers_the_language_s_way() -> None:
    assert size_text(4_512_345, "en", "{size} MB") == "4.5 MB"
    assert size_text(1_234_567, "ru", "{size} МБ") == "1,2 МБ"
    # Latin digits in Persian too, as elsewhere in the interface (Babel writes no others)
    assert size_text(12_345_678, "fa", "{size} مگابایت") == "12.3 مگابایت"
    assert size_text(1_500, "en", "{size} MB") == "0.1 MB"  # never "0.0"


def test_without_elements_takes_out_whole_elements_and_nothing_else() -> None:
    page = ('<body>\n<div class="a cp-x"><div>in <div>deeper</div></div>\n<img class="cp-x" '
            'src="x.png"></div><div class="keep">kept <br/><input class="cp-x"/>'
            '<span class="cp-xy">not marked</span></div>\n<p class="cp-x">é</p></body>')
    assert without_elements(page, frozenset({"cp-x"})) == (
        '<body>\n<div class="keep">kept <br/><span class="cp-xy">not marked</span></div>\n'
        "</body>")
    assert without_elements(page, frozenset({"cp-none"})) == page


def test_without_elements_leaves_scripts_comments_and_unclosed_elements_alone() -> None:
    page = ("<script>let x = '<div class=\"cp-x\">';</script><!-- <p class='cp-x'>c</p> -->"
            "<DIV CLASS='cp-x' id=a><div>one</div><Div>two</Div></DIV>kept"
            '<section class="cp-x">never closed')
    assert without_elements(page, frozenset({"cp-x"})) == (
        "<script>let x = '<div class=\"cp-x\">';</script><!-- <p class='cp-x'>c</p> -->"
        'kept<section class="cp-x">never closed')


def test_lunr_files_are_those_material_s_worker_imports() -> None:
    assert lunr_files(["en"]) == frozenset()
    base = "assets/javascripts/lunr/"
    assert lunr_files(["ru"]) == {f"{base}min/lunr.ru.min.js",
                                  f"{base}min/lunr.stemmer.support.min.js"}
    assert lunr_files(["ja", "en"]) == {f"{base}tinyseg.js", f"{base}min/lunr.ja.min.js",
                                        f"{base}min/lunr.multi.min.js",
                                        f"{base}min/lunr.stemmer.support.min.js"}
