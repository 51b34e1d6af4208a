"""The ``coursepack`` command: exit codes and what it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import expected, make_course

ISSUE_CASES = ("copied-module", "yaml-syntax", "missing-field", "misspelt-key",
               "unknown-objective", "answer-not-option")


def test_validate_valid_course_exits_zero(course: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--course", str(course), "validate"]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_reports_every_problem_in_one_run(
        tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    root = make_course(tmp_path / "course", *ISSUE_CASES)
    assert main(["--course", str(root), "validate"]) == 1
    err = capsys.readouterr().err
    for case in ISSUE_CASES:
        want = expected(case)[0]  # the case's main problem; some follow-ups depend on others
        assert f"{want.path}:{want.line}:" in err and want.text in err, f"{case}: {want} missing"
    assert "did you mean 'materials'?" in err
    assert "hint:" in err
    assert "::error" not in err


def test_ci_gets_error_annotations(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", "misspelt-key")
    result = subprocess.run(
        [Path(sys.executable).with_name("coursepack"), "--course", root, "validate"],
        capture_output=True, text=True, env={**os.environ, "CI": "true"})
    assert result.returncode == 1
    assert "::error file=modules/intro/activities.yml,line=6::" in result.stderr


def test_inspect_json_gives_the_model(course: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--course", str(course), "inspect", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    intro = data["modules"][0]
    assert (intro["id"], intro["track"], intro["minutes"]) == ("intro", "gender-mainstreaming", 30)
    assert [o["id"] for o in intro["objectives"]] == ["intro-purpose", "intro-cycle"]
    assert intro["activities"][0]["steps"][0] == {"minutes": 5,
                                                  "text": "Ask who uses local services."}
    first = intro["items"][0]
    assert (first["objective"], first["use"], first["answer"]) == (
        "intro-purpose", ["practice", "test"], "a")
    assert [o["id"] for o in first["options"]] == ["a", "b"]
    assert intro["items"][2]["answer"] == ["a", "c"]


def test_inspect_refuses_invalid_course(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", "missing-field")
    assert main(["--course", str(root), "inspect", "--json"]) == 1
