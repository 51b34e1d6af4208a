"""``coursepack new module``: a new module that validates at once, or a refusal that writes
nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import bundled_copy, make_course

NEW = "women-and-housing"
FILES = (f"modules/{NEW}/module.yml", f"modules/{NEW}/content.md", f"modules/{NEW}/slides.md",
         f"modules/{NEW}/activities.yml", f"assessments/{NEW}.yml")


def run(capsys: pytest.CaptureFixture, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--course", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_a_new_module_in_the_minimal_course_validates_and_is_on_the_site(
        course: Path, capsys: pytest.CaptureFixture) -> None:
    cycles = (course / "assessments/cycles.yml").read_text()
    code, out, err = run(capsys, course, "new", "module", NEW, "--track", "gender-mainstreaming")
    assert code == 0, err
    for path in FILES:
        text = (course / path).read_text(encoding="utf-8")
        assert "PLACEHOLDER" in text, path
        assert f"created {path}" in out
        if path.endswith(".yml"):
            comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
            assert len(comments) >= 5, path  # every field explained
    assert "<!--" in (course / FILES[1]).read_text()  # guidance, not shown on the site
    meta = yaml.safe_load((course / FILES[0]).read_text())
    assert (meta["id"], meta["track"]) == (NEW, "gender-mainstreaming")
    order = yaml.safe_load((course / "course.yml").read_text())["modules"]
    assert order == ["intro", NEW, "basics"]  # after its track's last module
    assert (course / "assessments/cycles.yml").read_text() == cycles
    for step in ("coursepack validate", "make serve",
                 f"coursepack translate init <lang> --module {NEW}", "grep -rn PLACEHOLDER"):
        assert step in out

    code, _, err = run(capsys, course, "validate")
    assert code == 0 and f"modules/{NEW}/content.md:7: warning: sample text" in err
    code, _, err = run(capsys, course, "build", "--only", "site")
    assert code == 1 and "--allow-placeholders" in err
    assert not (course / "build").exists()
    code, _, err = run(capsys, course, "build", "--only", "site", "--allow-placeholders")
    assert code == 0, err
    page = (course / "build/site/en/modules" / f"{NEW}.html").read_text(encoding="utf-8")
    assert "PLACEHOLDER: the module title" in page
    assert "PLACEHOLDER: a question with one right answer?" in page  # practice items
    assert "PLACEHOLDER: a statement that is true or false." not in page  # a test item
    assert "Module women-and-housing: the page learners read" not in page  # the comment
    track = (course / "build/site/en/tracks/gender-mainstreaming.html").read_text()
    assert f"../modules/{NEW}.html" in track


def test_a_new_module_in_the_bundled_course_validates_and_quotes_no_figures(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = bundled_copy(tmp_path / "course")
    code, out, err = run(capsys, root, "new", "module", NEW, "--track", "prison-settings")
    assert code == 0, err
    assert "after prison-harm-reduction" in out
    assert "For the other languages (es, ru, fa)" in out
    assert run(capsys, root, "validate")[0] == 0
    # the bundled course holds every figure to its ledger: the scaffold states none
    assert (root / "facts.yml").is_file()
    code, out, _ = run(capsys, root, "inspect", "--json")
    module = next(m for m in json.loads(out)["modules"] if m["id"] == NEW)
    assert module["items"] and module["activities"] and len(module["slides"]) == 2


@pytest.mark.parametrize(("module_id", "track", "advice"), [
    ("Women_Housing", "nine-components",
     "'Women_Housing' cannot be a module id; ids are lower-case letters"),
    ("../outside", "nine-components", "a module id is a folder name under modules/, not a path"),
    ("intro", "nine-components", "there is already a module 'intro' (modules/intro/)"),
    ("intro-cycle", "nine-components",
     "the id 'intro-cycle' is already used by an objective of module intro"),
    ("housing", "nine-component", "Did you mean 'nine-components'? The tracks are: "
                                  "gender-mainstreaming, nine-components."),
])
def test_a_request_that_cannot_give_a_valid_module_writes_nothing(
        course: Path, capsys: pytest.CaptureFixture, module_id: str, track: str,
        advice: str) -> None:
    before = snapshot(course)
    code, out, err = run(capsys, course, "new", "module", module_id, "--track", track)
    assert code == 1 and out == ""
    assert err.startswith("coursepack new module: ") and advice in err
    assert snapshot(course) == before


def test_a_generated_id_taken_elsewhere_is_refused(course: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    for path in ("modules/basics/module.yml", "assessments/basics.yml"):
        text = (course / path).read_text()
        (course / path).write_text(text.replace("basics-list", "housing-explain"))
    before = snapshot(course)
    code, _, err = run(capsys, course, "new", "module", "housing", "--track", "nine-components")
    assert code == 1 and "'housing-explain' (which the new module gives " in err
    assert "choose another module id" in err
    assert snapshot(course) == before


def test_a_link_out_of_the_course_folder_is_refused(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    course = make_course(tmp_path / "course")
    (course / "modules" / "escape").symlink_to(tmp_path / "outside" / "escape")
    before = snapshot(course)
    code, _, err = run(capsys, course, "new", "module", "escape", "--track", "nine-components")
    assert code == 1
    assert "modules/escape:1: this links to something outside the course folder" in err
    assert "replace the link" in err
    assert snapshot(course) == before and not (tmp_path / "outside").exists()


def test_an_existing_file_is_never_overwritten(course: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    (course / "modules" / NEW).write_text("notes\n")  # a file, not a module folder
    before = snapshot(course)
    code, _, err = run(capsys, course, "new", "module", NEW, "--track", "nine-components")
    assert code == 1 and f"modules/{NEW} already exists and would be overwritten" in err
    assert snapshot(course) == before


def test_the_course_order_keeps_its_comments_and_flow_style(
        course: Path, capsys: pytest.CaptureFixture) -> None:
    path = course / "course.yml"
    text = path.read_text()
    path.write_text(text.replace("modules:\n  - intro\n  - basics\n",
                                 "modules: [intro, basics]  # course order\n"))
    assert run(capsys, course, "new", "module", NEW, "--track", "gender-mainstreaming")[0] == 0
    assert "modules: [intro, women-and-housing, basics]  # course order\n" in path.read_text()
    assert run(capsys, course, "validate")[0] == 0
