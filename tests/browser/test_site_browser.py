"""The built learner site in a real browser: navigation, search and accessibility (axe-core).

The ``page`` fixture also fails any test whose page reached another host or logged an error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import describe, run_axe

STORE = "coursepack:whid-harm-reduction"  # the learner's progress in localStorage
COURSE_TITLE = "Gender-responsive harm reduction for women who inject drugs"
VIEWPORTS = {"phone": (360, 740), "desktop": (1280, 800)}
PAGES = {
    "home": "en/index.html",
    "track": "en/tracks/nine-components.html",
    "module": "en/modules/needle-syringe-programmes.html",
    "glossary": "en/glossary.html",
}


def heading(page: Page):
    return page.locator("article h1")


def exactly(text: str) -> re.Pattern[str]:
    """``text``, followed at most by the heading's permalink sign."""
    return re.compile(rf"^{re.escape(text)}\s*¶?$")


def test_home_links_through_a_track_to_a_module(page: Page, site_url: str) -> None:
    page.goto(site_url)  # the front page opens the default language
    expect(page).to_have_url(re.compile(r"/en/index\.html$"))
    expect(page).to_have_title(COURSE_TITLE)
    expect(heading(page)).to_have_text(exactly(COURSE_TITLE))

    page.locator("article").get_by_role("link", name="The nine components").click()
    expect(page).to_have_url(re.compile(r"/tracks/nine-components\.html$"))
    expect(page).to_have_title(f"The nine components - {COURSE_TITLE}")
    expect(heading(page)).to_have_text(exactly("The nine components"))

    page.locator("article").get_by_role("link", name="Needle and syringe programmes").click()
    expect(page).to_have_url(re.compile(r"/modules/needle-syringe-programmes\.html$"))
    expect(page).to_have_title(f"Needle and syringe programmes - {COURSE_TITLE}")
    expect(heading(page)).to_have_text(exactly("Needle and syringe programmes"))


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_serious_accessibility_violations(page: Page, site_url: str, path: str,
                                             viewport: tuple[int, int]) -> None:
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + path)
    expect(heading(page)).to_be_visible()
    violations = run_axe(page)
    assert violations == [], f"axe on {path} at {width}x{height}:\n{describe(violations)}"


def test_search_finds_a_module_by_a_word_in_it(page: Page, site_url: str) -> None:
    page.goto(site_url + "en/index.html")
    page.keyboard.press("/")
    search = page.get_by_role("textbox", name="Search")
    expect(search).to_be_focused()
    search.press_sequentially("syringe")
    result = page.locator(".md-search-result__list").locator(
        'a[href*="modules/needle-syringe-programmes.html"]').first
    expect(result).to_be_visible()
    expect(result).to_contain_text("Needle and syringe programmes")


def test_self_check_gives_feedback_and_can_be_retried(page: Page, site_url: str) -> None:
    page.goto(site_url + "en/modules/women-who-inject-drugs.html")
    quiz = page.locator("form.cp-quiz").first
    options = quiz.locator("input")
    correct = quiz.locator('input[data-correct="true"]').first
    wrong = quiz.locator('input[data-correct="false"]').first
    wrong.check()
    quiz.get_by_role("button", name="Check answer").click()
    expect(quiz.locator(".cp-result")).to_have_text("Not quite: read the feedback and try again.")
    feedback = wrong.locator("xpath=..").locator(".cp-feedback")
    expect(feedback).to_be_visible()
    assert feedback.evaluate("e => getComputedStyle(e).borderLeftColor") == "rgb(183, 28, 28)"
    quiz.get_by_role("button", name="Try again").click()
    expect(quiz.locator(".cp-feedback:visible")).to_have_count(0)
    assert options.count() >= 2
    correct.focus()  # keyboard: space selects, Enter submits the form
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(quiz.locator(".cp-result")).to_have_text("Correct.")
    expect(correct.locator("xpath=..").locator(".cp-feedback")).to_be_visible()
    assert correct.locator("xpath=..").locator(".cp-feedback").evaluate(
        "e => getComputedStyle(e).borderLeftColor") == "rgb(27, 94, 32)"  # right ≠ wrong
    item = quiz.get_attribute("data-item")
    progress = page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}'))")
    assert progress["items"][item]["right"] is True  # kept in this browser only


def test_axe_is_clean_on_a_self_check_question(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + "en/modules/women-who-inject-drugs.html")
    quiz = page.locator("form.cp-quiz").first
    quiz.locator('input[data-correct="false"]').first.check()
    quiz.get_by_role("button", name="Check answer").click()
    quiz.scroll_into_view_if_needed()
    violations = run_axe(page)
    assert violations == [], describe(violations)


def test_abbreviations_explain_themselves_on_hover(page: Page, site_url: str) -> None:
    page.goto(site_url + "en/modules/needle-syringe-programmes.html")
    abbr = page.locator("article abbr", has_text="NSP").first
    expect(abbr).to_have_attribute("title", re.compile("^Needle and syringe programme"))


def test_persian_feedback_stands_on_the_right(page: Page, site_url: str) -> None:
    """Right to left, the feedback's bar and indent mirror: logical CSS properties."""
    page.goto(site_url + "fa/modules/course-introduction.html")
    quiz = page.locator("form.cp-quiz").first
    quiz.locator('input[data-correct="false"]').first.check()
    quiz.locator('button[type="submit"]').click()
    feedback = quiz.locator(".cp-feedback:visible").first
    sides = feedback.evaluate("e => { const s = getComputedStyle(e); return "
                              "[s.borderRightWidth, s.borderLeftWidth, s.direction]; }")
    assert sides == ["3px", "0px", "rtl"]
