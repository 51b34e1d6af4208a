"""Two languages in a real browser: each language's search finds only its own pages, and
the switcher opens the same page in the other language."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from ..conftest import REPO, make_translated
from .conftest import build, serve


@pytest.fixture(scope="module")
def bilingual_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal course with its Spanish translation, built and served."""
    course = make_translated(tmp_path_factory.mktemp("bilingual") / "course")
    with serve(build(course, course.parent / "build")) as url:
        yield url


def search(page: Page, words: str):
    """Type ``words`` into the site search; the result list."""
    page.keyboard.press("/")
    page.get_by_role("textbox", name=re.compile("Search|Búsqueda")).press_sequentially(words)
    return page.locator(".md-search-result")


@pytest.mark.parametrize(("language", "own", "other"), [
    ("es", "vacaciones", "holiday"),
    ("en", "holiday", "vacaciones"),
])
def test_search_finds_only_the_pages_of_its_language(page: Page, bilingual_url: str,
                                                     language: str, own: str,
                                                     other: str) -> None:
    page.goto(f"{bilingual_url}{language}/index.html")
    results = search(page, own)
    found = results.locator(".md-search-result__list a").first
    expect(found).to_be_visible()
    expect(found).to_have_attribute("href", re.compile(r"modules/intro\.html"))
    hrefs = results.locator(".md-search-result__list a").evaluate_all(
        "links => links.map(link => link.href)")
    assert hrefs and all(f"/{language}/" in href for href in hrefs), hrefs
    box = page.get_by_role("textbox", name=re.compile("Search|Búsqueda"))
    box.fill("")
    box.press_sequentially(other)  # Material searches on key presses
    expect(results.locator(".md-search-result__list a")).to_have_count(0)
    expect(results.locator(".md-search-result__meta")).to_be_visible()


def test_switcher_opens_the_same_page_in_the_other_language(page: Page,
                                                            bilingual_url: str) -> None:
    page.goto(f"{bilingual_url}es/modules/intro.html")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("article h1")).to_contain_text("Introducción")
    page.locator(".md-select").hover()
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/modules/intro\.html$"))
    expect(page.locator("article h1")).to_contain_text("Introduction")
    page.locator(".md-select").hover()
    page.get_by_role("link", name="español").click()
    expect(page).to_have_url(re.compile(r"/es/modules/intro\.html$"))


def test_an_untranslated_page_is_english_left_to_right_on_a_right_to_left_site(
        page: Page, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A maintainer page with no Persian translation: its English heading and text read
    left to right in an English voice, under a Persian notice that says so."""
    import shutil

    from ..conftest import FIXTURES

    course = make_translated(tmp_path_factory.mktemp("persian") / "course")
    shutil.copytree(FIXTURES / "templates", course, dirs_exist_ok=True)
    (course / "locales" / "fa").mkdir()  # Persian: only the interface is translated
    shutil.copy(REPO / "locales" / "fa" / "messages.po", course / "locales" / "fa")
    (course / "course.yml").write_text((course / "course.yml").read_text().replace(
        "languages: [en, es]", "languages: [en, es, fa]"), encoding="utf-8")
    with serve(build(course, course.parent / "build")) as url:
        page.goto(f"{url}fa/local.html")
        title = page.locator("article h1")
        expect(title).to_contain_text("Local services")
        assert title.evaluate("e => [getComputedStyle(e).direction, e.closest('[lang]')"
                              ".getAttribute('lang')]") == ["ltr", "en"]
        text = page.locator("article p", has_text="Minimal course")
        assert text.evaluate("e => [getComputedStyle(e).direction, e.closest('[lang]')"
                             ".getAttribute('lang')]") == ["ltr", "en"]
        notice = page.locator("article .admonition")
        expect(notice).to_contain_text("این صفحه هنوز ترجمه نشده است")
        assert notice.evaluate("e => getComputedStyle(e).direction") == "rtl"
