"""Maintainer pages (``site_templates/``) are translated, tracked and counted like modules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.authoring.test_translate import rows, run
from tests.conftest import FIXTURES, make_course

SPANISH = """# Servicios locales

{{ course.title }} {{ course.version }}
{% if country %}En {{ country.name }}:{% for s in country.referral_services %} {{ s.name }} \
({{ s.offers }}){% endfor %}{% endif %}
"""


def test_a_page_is_started_tracked_and_marked_current(tmp_path: Path, capsys) -> None:
    root = make_course(tmp_path / "course")
    shutil.copytree(FIXTURES / "templates", root, dirs_exist_ok=True)
    assert run(capsys, "--course", str(root), "translate", "init", "es")[0] == 0
    page = root / "locales/es/site_templates/local.md"
    copy = page.read_text("utf-8")
    assert copy.startswith("# Local services\n\n{# Translation of site_templates/local.md:")
    assert run(capsys, "--course", str(root), "validate")[0] == 0

    out = run(capsys, "--course", str(root), "translate", "status")[1]
    assert rows(out)["local"] == "partial (draft)"  # still the source's words
    assert "es: text still to translate in the pages: local (locales/es/site_templates/)." in out
    data = json.loads(run(capsys, "--course", str(root), "translate", "status", "--json")[1])
    assert data["pages"] == [{"name": "local",
                              "languages": {"es": {"review": "draft", "status": "partial"}}}]

    page.write_text(SPANISH, "utf-8")
    out = run(capsys, "--course", str(root), "translate", "status")[1]
    assert rows(out)["local"] == "complete (draft)" and ", pages 1 of 1," in out

    source = root / "site_templates/local.md"
    source.write_text(source.read_text("utf-8").replace("{{ course.version }}",
                                                        "({{ course.version }})"), "utf-8")
    out = run(capsys, "--course", str(root), "translate", "status")[1]
    assert rows(out)["local"] == "stale (draft)" and ", pages 0 of 1," in out
    assert "then run `coursepack translate mark-current es --page <page>`" in out
    code, out, _ = run(capsys, "--course", str(root), "translate", "mark-current", "es",
                       "--page", "local", "--reviewed")
    assert code == 0 and "es/local: recorded as current (complete; reviewed)" in out
    assert rows(run(capsys, "--course", str(root), "translate", "status")[1])["local"] == \
        "complete (reviewed)"


def test_an_untranslated_page_counts_as_untranslated(tmp_path: Path, capsys) -> None:
    root = make_course(tmp_path / "course")
    shutil.copytree(FIXTURES / "templates", root, dirs_exist_ok=True)
    run(capsys, "--course", str(root), "translate", "init", "ru", "--module", "intro")
    (root / "locales/ru/site_templates/local.md").unlink()
    out = run(capsys, "--course", str(root), "translate", "status")[1]
    assert rows(out)["local"] == "missing"
    assert "ru: translated and current: modules 0 of 2, pages 0 of 1, interface strings 0 of" in out
    assert ("ru: pages not translated (shown in the source language): local. Run `coursepack "
            "translate init ru` to create locales/ru/site_templates/<page>.md.") in out
    for page, message in (("local", "there is no locales/ru/site_templates/local.md yet: run "
                                    "`coursepack translate init ru` first"),
                          ("about", "there is no page 'about' (site_templates/about.md); the "
                                    "pages are: local")):
        code, _, err = run(capsys, "--course", str(root), "translate", "mark-current", "ru",
                           "--page", page)
        assert code == 1 and message in err, err
    with pytest.raises(SystemExit):  # a module or a page must be named
        main(["--course", str(root), "translate", "mark-current", "ru"])


def test_status_counts_every_catalogue_entry_and_the_course_text(tmp_path: Path,
                                                                 capsys) -> None:
    root = make_course(tmp_path / "course")
    run(capsys, "--course", str(root), "translate", "init", "ru", "--module", "intro")
    data = json.loads(run(capsys, "--course", str(root), "translate", "status", "--json")[1])
    interface = data["interface"]["ru"]
    assert "Initial training" in interface["missing"]  # a cycle title is in messages.po too
    assert interface["total"] == interface["translated"] + len(interface["missing"])
    # no glossary: no row; materials.yml started with the source's names (one word may stay)
    assert data["course"]["ru"] == {"course.yml": "missing", "materials.yml": "partial"}
    course = root / "locales/ru/course.yml"
    course.write_text(course.read_text("utf-8").replace("title: Minimal course",
                                                        "title: Минимальный курс"), "utf-8")
    out = run(capsys, "--course", str(root), "translate", "status")[1]
    assert rows(out)["course.yml"] == "partial"
    assert "ru: text still to translate in locales/ru/course.yml and locales/ru/materials.yml." \
        in out
