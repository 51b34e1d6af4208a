"""The learner's progress in a real browser, at phone and desktop width, from http and from
the offline copy on file://: answers come back after a reload, modules are marked, the home
page continues where the learner left off, and progress can be printed and cleared."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import CHROMIUM_ARGS, describe, run_axe  # noqa: F401  (CHROMIUM_ARGS: docs)

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
MODULE = "modules/needle-syringe-programmes.html"
NEXT_TITLE = "Opioid substitution therapy and drug dependence treatment"  # the next module


@pytest.fixture(scope="module")
def offline_root(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The whole-course offline copy, unpacked; the file:// URL of its folder."""
    target = tmp_path_factory.mktemp("offline-progress")
    with zipfile.ZipFile(built_site.parent / "course-offline.zip") as archive:
        archive.extractall(target)
    return (target / "course").as_uri() + "/"


@pytest.fixture(params=["http", "file"])
def root(request: pytest.FixtureRequest, site_url: str) -> str:
    """The site's root URL, served over http or unpacked from the offline zip."""
    return site_url if request.param == "http" else request.getfixturevalue("offline_root")


@pytest.fixture(params=VIEWPORTS.keys())
def sized(request: pytest.FixtureRequest, page: Page) -> Iterator[Page]:
    page.set_viewport_size(VIEWPORTS[request.param])
    yield page


def answer_all_right(page: Page) -> None:
    page.wait_for_load_state()
    expect(page.locator("form.cp-quiz").first).to_be_visible()
    for quiz in page.locator("form.cp-quiz").all():
        for wrong in quiz.locator('input[type="checkbox"][data-correct="false"]').all():
            wrong.uncheck()
        for right in quiz.locator('input[data-correct="true"]').all():
            right.check()
        quiz.locator('button[type="submit"]').click()
        expect(quiz.locator(".cp-result")).to_have_text("Correct.")


def state(page: Page, module: str):
    return page.locator(f'article span.cp-state[data-module="{module}"]').first


def test_answers_and_states_survive_a_reload(sized: Page, root: str) -> None:
    page = sized
    page.goto(root + "en/" + MODULE)
    expect(state(page, "needle-syringe-programmes")).to_have_text("In progress")
    quizzes = page.locator("form.cp-quiz")
    assert quizzes.count() >= 2, "the test needs a module with two self-check questions"
    first = quizzes.first
    wrong = first.locator('input[data-correct="false"]').first
    wrong.check()
    first.locator('button[type="submit"]').click()
    page.reload()
    first = page.locator("form.cp-quiz").first
    expect(first.locator('input[data-correct="false"]').first).to_be_checked()
    expect(first.locator(".cp-result")).to_have_text(
        "Not quite: read the feedback and try again.")
    expect(first.locator(".cp-feedback:visible")).to_have_count(1)
    expect(state(page, "needle-syringe-programmes")).to_have_text("In progress")

    answer_all_right(page)
    page.reload()
    expect(state(page, "needle-syringe-programmes")).to_have_text(re.compile("Done"))
    expect(page.locator("form.cp-quiz .cp-result").first).to_have_text("Correct.")
    link = page.locator(f'.md-nav a.md-nav__link[href$="{MODULE.split("/")[1]}"]').first
    expect(link.locator(".cp-nav-state--done")).to_have_count(1)
    expect(link.locator(".cp-nav-state--done")).to_have_attribute("aria-label", "Done")

    page.goto(root + "en/tracks/nine-components.html")
    expect(state(page, "needle-syringe-programmes")).to_have_text(re.compile("Done"))
    expect(page.locator("article .cp-track-progress").first).to_have_text("1 of 9 done")


def test_continue_resumes_where_the_learner_left_off(sized: Page, root: str) -> None:
    page = sized
    page.goto(root + "en/index.html")
    start = page.locator("article a.cp-continue")
    expect(start).to_have_text("Start the course")
    expect(start).to_have_attribute("href", "modules/course-introduction.html")

    page.goto(root + "en/" + MODULE)  # opened, not finished: continue there
    page.goto(root + "en/index.html")
    expect(start).to_have_text("Continue: Needle and syringe programmes")
    start.click()
    expect(page).to_have_url(re.compile(re.escape(MODULE) + "$"))

    answer_all_right(page)  # finished: continue with the next module not done
    page.goto(root + "en/index.html")
    expect(start).to_have_text(f"Continue: {NEXT_TITLE}")
    start.click()
    expect(page.locator("article h1")).to_contain_text(NEXT_TITLE)


def test_progress_is_shared_by_the_languages_and_can_be_cleared(page: Page,
                                                                site_url: str) -> None:
    page.goto(site_url + "en/" + MODULE)
    answer_all_right(page)
    page.goto(site_url + "es/progress.html")
    expect(state(page, "needle-syringe-programmes")).to_have_text(re.compile("Hecho"))
    expect(page.get_by_role("button", name="Imprimir")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Borrar mi progreso").click()
    expect(state(page, "needle-syringe-programmes")).to_have_text("Sin empezar")
    page.goto(site_url + "en/" + MODULE)
    expect(page.locator("form.cp-quiz input:checked")).to_have_count(0)


def test_front_page_opens_the_browser_s_language(browser: Browser, site_url: str) -> None:
    for locale, expected in (("es-MX", "/es/index.html"), ("ru", "/ru/index.html"),
                             ("fa-IR", "/fa/index.html")):
        context = browser.new_context(locale=locale)
        try:
            page = context.new_page()
            page.goto(site_url)
            expect(page).to_have_url(re.compile(re.escape(expected) + "$"))
        finally:
            context.close()


def test_front_page_offers_every_language_without_a_match(browser: Browser,
                                                          site_url: str) -> None:
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        page.goto(site_url)
        expect(page).to_have_url(site_url)  # no redirect, so no loop either
        links = page.get_by_role("navigation").get_by_role("link")
        expect(links).to_have_text(["English", "español", "русский", "فارسی"])
        assert run_axe(page) == []
        page.get_by_role("link", name="русский").click()
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        page.wait_for_load_state()  # coursepack.js has noted the choice
        page.goto(site_url)  # the language chosen last is the one that opens next
        expect(page).to_have_url(re.compile(r"/ru/index\.html$"))
    finally:
        context.close()


def test_persian_fallback_text_reads_left_to_right_in_english(page: Page,
                                                              site_url: str) -> None:
    page.goto(site_url + "fa/" + MODULE)
    expect(page.locator("body")).to_have_attribute("dir", "rtl")
    fallback = page.locator('article div[lang="en"] p').first
    expect(fallback).to_be_visible()
    assert fallback.evaluate("e => [getComputedStyle(e).direction, "
                             "e.closest('[lang]').lang]") == ["ltr", "en"]


PAGE_TYPES = ("index.html", "progress.html", "tracks/nine-components.html", MODULE,
              "glossary.html", "references.html", "about.html")


@pytest.mark.parametrize("language", ["en", "es", "ru", "fa"])
def test_no_serious_accessibility_violations_in_any_language(page: Page, site_url: str,
                                                              language: str) -> None:
    page.set_viewport_size(VIEWPORTS["phone"])
    found = []
    for path in PAGE_TYPES:
        page.goto(f"{site_url}{language}/{path}")
        expect(page.locator("article h1")).to_be_visible()
        found += [f"{language}/{path}: {line}" for line in describe(run_axe(page)).splitlines()]
    assert found == [], "\n".join(found)
