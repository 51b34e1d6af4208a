"""The offline zip, unpacked and opened from file://, navigates and searches."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect


@pytest.fixture(scope="module")
def offline_index(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built_site.parent / "course-offline.zip") as archive:
        archive.extractall(target)
    return (target / "course" / "index.html").as_uri()


def test_offline_copy_navigates_and_searches_from_file_urls(page: Page,
                                                            offline_index: str) -> None:
    page.goto(offline_index)
    page.locator("article").get_by_role("link", name="The nine components").click()
    expect(page).to_have_url(re.compile(r"^file://.*/tracks/nine-components\.html$"))
    page.keyboard.press("/")
    page.get_by_role("textbox", name="Search").press_sequentially("syringe")
    result = page.locator(".md-search-result__list a").first
    expect(result).to_contain_text("Needle and syringe programmes")
    result.click()
    expect(page).to_have_url(re.compile(r"/modules/needle-syringe-programmes\.html"))
    quiz = page.locator("form.cp-quiz").first
    expect(quiz).to_be_visible()
    for right in quiz.locator('input[data-correct="true"]').all():
        right.check()
    quiz.get_by_role("button", name="Check answer").click()
    expect(quiz.locator(".cp-result")).to_have_text("Correct.")
