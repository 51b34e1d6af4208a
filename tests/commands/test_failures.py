"""Every failure a user can meet is a message with a hint and an exit code, never a
Python traceback (``--debug`` shows one)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from generator.build import outputs
from generator.cli import main
from tests.conftest import REPO, TEMPLATE


def build(course: Path, *extra: str) -> int:
    return main(["--course", str(course), *extra, "build", "--only", "decks",
                 "--template", str(TEMPLATE)])


@pytest.mark.parametrize(("code", "said"), [
    (errno.ENOSPC, "the disk is full"), (errno.EROFS, "the folder is read-only"),
    (errno.ENAMETOOLONG, "a file name is too long")])
def test_a_system_error_while_writing_is_a_message(
        course: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
        code: int, said: str) -> None:
    def fail(*_args: object) -> None:
        raise OSError(code, "from the system", "build/decks/en/intro.pptx")

    monkeypatch.setattr(outputs.Outputs, "_put", fail)
    assert build(course) == 1
    err = capsys.readouterr().err
    assert f"coursepack build: {said} (build/decks/en/intro.pptx)" in err
    assert "hint:" in err and "Traceback" not in err
    assert not (course / "build").exists()
    with pytest.raises(OSError):
        build(course, "--debug")


def test_an_unexpected_error_says_so_and_keeps_the_build(
        course: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    def fail(*_args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(outputs.Outputs, "_put", fail)
    assert build(course) == 3
    err = capsys.readouterr().err
    assert "coursepack build: a source is too large or too deeply nested" in err
    assert "Traceback" not in err


def test_a_module_id_too_long_for_a_file_name_is_refused(
        course: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--course", str(course), "new", "module", "a" * 252,
                 "--track", "nine-components"]) == 1
    assert "a module id of 252 characters is too long" in capsys.readouterr().err


def test_a_file_that_is_not_a_workbook_is_a_problem_of_that_file(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "initial-pre.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    assert main(["--course", str(REPO), "assess", "score", "--cycle", "initial", str(bad),
                 "--out", str(tmp_path / "report")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:1: cannot read this file" in err and "Traceback" not in err


def test_a_workshop_title_too_long_for_a_slide_is_a_problem_at_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    workshop = tmp_path / "long.yml"
    workshop.write_text(f"title: {'T' * 300}\nmodules: [women-in-prison]\nlanguage: en\n"
                        "days: 1\n")
    assert main(["--course", str(REPO), "workshop", "plan", str(workshop),
                 "--out", str(tmp_path / "bundle")]) == 1
    err = capsys.readouterr().err
    assert "long.yml:1: title:" in err and "Traceback" not in err
