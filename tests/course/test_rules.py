"""Each broken fixture course is reported at the right place, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.course.load import load_course
from generator.errors import CourseInvalid, Problem
from tests.conftest import REPO, broken_names, expected, make_course, make_translated


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(CourseInvalid) as caught:
        load_course(root)
    return caught.value.problems


def test_minimal_course_is_valid(course: Path) -> None:
    loaded = load_course(course)
    assert [m.id for m in loaded.modules] == ["intro", "basics"]
    assert loaded.module("intro").items[0].correct_ids() == {"a"}


@pytest.mark.parametrize("name", broken_names())
def test_broken_course_is_reported_where_the_problem_is(tmp_path: Path, name: str) -> None:
    problems = problems_of(make_course(tmp_path / "course", name))
    for want in expected(name):
        matches = [p for p in problems if (p.path, p.line) == (want.path, want.line)
                   and want.text in f"{p.message} {p.hint}"]
        assert matches, f"{want} not in:\n" + "\n".join(p.format() for p in problems)
    assert {p.path for p in problems} <= {w.path for w in expected(name)}, \
        "problems reported in files the fixture did not break"


def test_every_problem_has_a_hint(tmp_path: Path) -> None:
    problems = problems_of(make_course(tmp_path / "course", *broken_names()[:6]))
    assert all(p.hint for p in problems)


def test_bundled_course_is_valid() -> None:
    course = load_course(REPO)
    assert {m.track for m in course.modules} == {
        "getting-started", "gender-mainstreaming", "nine-components", "prison-settings"}


def test_the_course_model_is_frozen_all_the_way_down(course: Path) -> None:
    loaded = load_course(make_translated(course.parent / "translated"))
    with pytest.raises(TypeError, match="read-only"):
        loaded.translations[0].messages["Learning objectives"] = "changed"
    with pytest.raises(TypeError, match="read-only"):
        loaded.blueprint.cycles[0].objectives["x"] = 1
    with pytest.raises(ValidationError):
        loaded.modules[0].title = "changed"


def test_items_and_entries_are_named_by_id_in_messages(tmp_path: Path) -> None:
    problems = problems_of(make_course(tmp_path / "course", "source-problem-not-in-translation"))
    assert {p.field for p in problems} == {
        "activities[intro-act-discussion].duration", "items[basics-q-count]",
        "items[basics-q-examples].objective"}


def test_a_link_out_of_the_course_folder_is_refused_wherever_it_is(course: Path) -> None:
    (course / "site_assets" / "env.txt").symlink_to("/proc/self/environ")
    (course / "site_assets" / "etc").symlink_to("/etc", target_is_directory=True)
    (course / "site_templates").mkdir(exist_ok=True)
    (course / "site_templates" / "passwd.md").symlink_to("/etc/passwd")
    (course / "site_assets" / "inside.yml").symlink_to(course / "course.yml")
    problems = problems_of(course)
    assert {(p.path, p.line) for p in problems} >= {
        ("site_assets/env.txt", 1), ("site_assets/etc", 1), ("site_templates/passwd.md", 1)}
    assert not [p for p in problems if "inside.yml" in p.path]
    assert all("outside the course folder" in p.message for p in problems
               if p.path.startswith("site_"))


def test_a_module_id_windows_cannot_create_is_refused(course: Path) -> None:
    (course / "modules" / "intro").rename(course / "modules" / "nul")
    for path in (course / "modules" / "nul" / "module.yml", course / "course.yml"):
        text = path.read_text().replace("intro\n", "nul\n")
        path.write_text(text.replace("id: intro", "id: nul"))
    problems = problems_of(course)
    assert any("Windows reserves the name" in p.message and p.path == "modules/nul/module.yml"
               for p in problems)


def test_an_objective_short_of_items_is_reported_once(tmp_path: Path) -> None:
    problems = problems_of(make_course(tmp_path / "course", "bank-too-small"))
    short = [p for p in problems if "basics-list" in p.message]
    assert len(short) == 1, [p.format() for p in short]
