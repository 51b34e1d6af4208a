"""Maintainer templates get course and country data; nothing else is ever a template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.course.load import load_course
from generator.site.plugin import SiteBuildFailed, build_site
from tests.conftest import FIXTURES, TEMPLATE, make_course, make_translated


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


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    """The Spanish minimal course with the template page of ``fixtures/templates``."""
    course = make_translated(tmp_path / "translated")
    shutil.copytree(FIXTURES / "templates", course, dirs_exist_ok=True)
    return course


def test_a_translated_page_is_shown_in_its_language(translated: Path, tmp_path: Path) -> None:
    page = translated / "locales/es/site_templates/local.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Servicios locales\n\n{{ course.title }} {{ course.version }}\n"
                    "{% if country %}En {{ country.name }}: {% for s in country.referral_services"
                    " %}{{ s.name }}{% endfor %}{% endif %}\n", encoding="utf-8")
    assert main(["--course", str(translated), "translate", "mark-current", "es", "--page",
                 "local"]) == 0
    build_site(load_course(translated), translated / "mkdocs.yml", tmp_path / "site", 0,
               "testland")
    spanish = (tmp_path / "site/es/local.html").read_text("utf-8")
    assert '<h1 id="servicios-locales">Servicios locales' in spanish
    assert "Curso mínimo 1.0" in spanish and "En Testland: Women" in spanish
    assert "Esta traducción aún no ha sido revisada." in spanish  # its draft notice
    assert 'lang="en"' not in spanish.split("<article", 1)[1]
    assert "Servicios locales" in _nav(tmp_path / "site/es/index.html")
    assert "Local services" in (tmp_path / "site/en/local.html").read_text("utf-8")


def _nav(page: Path) -> str:
    html = page.read_text("utf-8")
    return html[html.index('<nav class="md-nav md-nav--primary"'):]


def test_an_untranslated_page_is_the_source_marked_with_its_language(
        translated: Path, tmp_path: Path) -> None:
    build_site(load_course(translated), translated / "mkdocs.yml", tmp_path / "site", 0)
    spanish = (tmp_path / "site/es/local.html").read_text("utf-8")
    article = spanish.split("<article", 1)[1]
    assert '<h1 dir="ltr" id="local-services" lang="en">Local services' in article
    assert "This page has not been translated yet, so it is shown in inglés." in article
    marked = article.split('<div dir="ltr" lang="en">', 1)[1].split("</div>", 1)[0]
    assert "Curso mínimo 1.0" in marked  # the source page, filled with Spanish course data
    assert "Local services" in _nav(tmp_path / "site/es/index.html")


def test_a_notice_in_a_template_page_is_never_run_as_a_template(
        translated: Path, tmp_path: Path) -> None:
    course = load_course(translated)
    spanish = course.translations[0]
    trap = "{{ 6 * 7 }} {% if true %}yes{% endif %} <b>"
    course = course.model_copy(update={"translations": (spanish.model_copy(update={
        "messages": {**spanish.messages, "About this translation": trap}}),)})
    build_site(course, translated / "mkdocs.yml", tmp_path / "site", 0)
    page = (tmp_path / "site/es/local.html").read_text("utf-8")
    assert "{{ 6 * 7 }} {% if true %}yes{% endif %} &lt;b&gt;" in page
    assert "42" not in page.split("<article", 1)[1]
