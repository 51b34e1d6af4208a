"""Maintainer templates get course and country data; nothing else is ever a template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.course.load import load_course
from generator.site.plugin import SiteBuildFailed, build_site
from tests.conftest import FIXTURES, TEMPLATE, make_course


@pytest.fixture
def root(tmp_path: Path) -> Path:
    course = make_course(tmp_path / "course")
    shutil.copytree(FIXTURES / "templates", course, dirs_exist_ok=True)
    return course


def build(root: Path, site: Path, country: str | None = None) -> str:
    build_site(load_course(root), root / "mkdocs.yml", site, 0, country)
    return (site / "en" / "local.html").read_text()


def test_template_page_shows_course_and_country_data(root: Path, tmp_path: Path) -> None:
    page = build(root, tmp_path / "site", "testland")
    assert "Minimal course 1.0" in page
    assert "In Testland: Women" in page and "drop-in (women-only hours)" in page
    assert "In Testland" not in build(root, tmp_path / "plain")


def test_module_text_is_never_a_template_even_with_macros_on(root: Path, tmp_path: Path) -> None:
    content = root / "modules" / "intro" / "content.md"
    content.write_text(content.read_text() + "\n{{ course.title }} and {{ 1111 * 3 }}\n")
    build(root, tmp_path / "site")
    page = (tmp_path / "site" / "en" / "modules" / "intro.html").read_text()
    assert "{{ course.title }} and {{ 1111 * 3 }}" in page and "3333" not in page


@pytest.mark.parametrize("expression", ["{{ contry.name }}", "{{ ''.__class__.__mro__ }}"])
def test_undefined_or_unsafe_template_expressions_fail_the_build(
        root: Path, tmp_path: Path, expression: str) -> None:
    template = root / "site_templates" / "local.md"
    template.write_text(template.read_text() + f"\n{expression}\n")
    with pytest.raises(SiteBuildFailed, match="local.md"):
        build(root, tmp_path / "site")


def test_unknown_country_is_refused(root: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["--course", str(root), "build", "--template", str(TEMPLATE),
                 "--country", "testlnd"])
    assert code == 1
    assert "no countries/testlnd.yml (countries: testland)" in capsys.readouterr().err
    assert not (root / "build").exists()
