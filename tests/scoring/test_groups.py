"""Groups without names: a participants file (code → country, organisation, workshop, role)
and attributes read from the codes; names and contact details are refused, every problem is
reported by file, row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.cli import main
from generator.commands import assess
from generator.course.load import load_course
from generator.errors import CourseInvalid, Problem
from generator.scoring.groups import code_groups, merged, read_participants
from tests.conftest import make_course
from tests.scoring.test_responses import POST, PRE, answers, initial_forms, write_entry_csv

PATTERN = r"^[A-Z0-9][A-Z0-9-]{1,19}$"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_code_groups_take_the_first_group_or_the_whole_match() -> None:
    groups = code_groups(["KZ-001", "KG-014", "X1"], {"country": "^([A-Z]{2})-",
                                                      "role": "^K[GZ]"})
    assert groups == {"KZ-001": {"country": "KZ", "role": "KZ"},
                      "KG-014": {"country": "KG", "role": "KG"}, "X1": {}}


def test_a_participants_file_gives_each_code_its_groups(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "people.csv", [
        ["participant_code", "country", "Organization", "role"],
        ["kz-001", "KZ", "  Harm   Reduction NGO ", "outreach worker"],
        ["KZ-002", "KZ", "", "nurse"]])
    problems: list[Problem] = []
    groups = read_participants(path, PATTERN, {"KZ-001", "KZ-002", "KZ-003"}, problems)
    assert problems == []
    assert groups == {"KZ-001": {"country": "KZ", "organisation": "Harm Reduction NGO",
                                 "role": "outreach worker"},
                      "KZ-002": {"country": "KZ", "role": "nurse"}}
    assert merged(code_groups(["KZ-001"], {"country": "^(..)", "role": "^(.)"}), groups) == {
        "KZ-001": {"country": "KZ", "role": "outreach worker",
                   "organisation": "Harm Reduction NGO"},
        "KZ-002": {"country": "KZ", "role": "nurse"}}


def test_every_problem_of_a_participants_file_is_reported_by_row_and_column(
        tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in (["participant_code", "country", "district", "role"],
                ["KZ-001", "KZ", "north", "nurse"],
                ["KZ-001", "KZ", "north", "nurse"],   # twice
                ["KZ-099", "KZ", "north", "nurse"],   # answered no test
                ["not a code!", "KZ", "", ""],
                ["KZ-002", "a@b.org", "", ""],        # contact details as a value
                ["", "KZ", "", ""],
                ["KZ-003", "KZ", "", "x" * 81]):
        sheet.append(row)
    book.save(tmp_path / "people.xlsx")
    problems: list[Problem] = []
    groups = read_participants(tmp_path / "people.xlsx", PATTERN,
                               {"KZ-001", "KZ-002", "KZ-003"}, problems)
    where = [(p.line, p.field) for p in problems]
    assert where == [(1, "district"), (3, "participant_code"), (4, "participant_code"),
                     (5, "participant_code"), (6, "country"), (7, "participant_code"),
                     (8, "role")]
    assert all(p.path.endswith("people.xlsx") for p in problems)
    said = [p.message for p in problems]
    assert "'district' is not an attribute" in said[0]
    assert "already at row 2" in said[1]
    assert "'KZ-099' answered none of the tests" in said[2]
    assert "not a participant code of this course" in said[3]
    assert "e-mail address or phone number" in said[4]
    assert "empty" in said[5] and "81 characters" in said[6]
    assert groups == {"KZ-001": {"country": "KZ", "role": "nurse"}}


@pytest.mark.parametrize("column", ["name", "Full name", "phone", "E-mail", "surname"])
def test_a_column_of_names_or_contacts_refuses_the_whole_file(tmp_path: Path,
                                                            column: str) -> None:
    path = write_csv(tmp_path / "people.csv", [["participant_code", "country", column],
                                               ["KZ-001", "KZ", "Aigul"]])
    problems: list[Problem] = []
    assert read_participants(path, PATTERN, {"KZ-001"}, problems) == {}
    [problem] = problems
    assert (problem.line, problem.field) == (1, column)
    assert "the participants file is not read" in problem.message
    assert "codes only" in problem.hint


def scored_files(course_root: Path, tmp_path: Path) -> list[str]:
    forms = initial_forms(load_course(course_root))
    return [str(write_entry_csv(tmp_path / f"{o}.csv", forms[o], answers(forms[o], given)))
            for o, given in (("pre", PRE), ("post", POST))]


def test_assess_score_refuses_names_and_writes_nothing(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    root = make_course(tmp_path / "course")
    files = scored_files(root, tmp_path)
    people = write_csv(tmp_path / "people.csv", [["participant_code", "name"],
                                                 ["P01", "Aigul"]])
    assert main(["--course", str(root), "assess", "score", "--cycle", "initial", *files,
                 "--participants", str(people), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{people}:1: name: this column looks like names" in err
    assert "Aigul" not in err and "Nothing was written" in err
    assert not (tmp_path / "out").exists()


def test_assess_score_hands_the_groups_to_the_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Code groups from cycles.yml and the participants file (which wins) reach the report,
    with --min-group."""
    root = make_course(tmp_path / "course")
    cycles = root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text() + "participant_code:\n  example: P01\n  groups:\n"
                      "    country: '^(P)'\n")
    files = scored_files(root, tmp_path)
    people = write_csv(tmp_path / "people.csv", [["participant_code", "country", "role"],
                                                 ["P01", "KG", "nurse"], ["P02", "", "peer"]])
    seen = {}
    monkeypatch.setattr(assess, "write_report", lambda *a, **k: seen.update(args=a))
    assert main(["--course", str(root), "assess", "score", "--cycle", "initial", *files,
                 "--participants", str(people), "--min-group", "3",
                 "--out", str(tmp_path / "out")]) == 0
    *_, context, groups = seen["args"]
    assert context.min_group == 3 and context.title == "Minimal course"
    assert groups == {"P01": {"country": "KG", "role": "nurse"},
                      "P02": {"country": "P", "role": "peer"}, "P03": {"country": "P"},
                      "P04": {"country": "P"}, "P05": {"country": "P"}}


@pytest.mark.parametrize(("groups", "said"), [
    ("    country: '^([A-Z]{2})-'\n", "groups.country: the example 'P01' does not match"),
    ("    country: '^(['\n", "groups.country: '^([' is not a valid regular expression"),
    ("    name: '^(P)'\n", "groups.name"),
])
def test_code_groups_in_cycles_yml_are_checked(tmp_path: Path, groups: str, said: str) -> None:
    root = make_course(tmp_path / "course")
    cycles = root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text() + "participant_code:\n  example: P01\n  groups:\n"
                      + groups)
    with pytest.raises(CourseInvalid) as caught:
        load_course(root)
    assert said in "\n".join(p.format() for p in caught.value.problems)
