"""Atomic, locked and reproducible builds, through the real pipeline."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from generator.build.reproducible import ZIP_EPOCH_MIN, source_date_epoch
from generator.cli import main
from generator.commands import build as build_module
from tests.conftest import TEMPLATE


def run_build(root: Path, *extra: str) -> int:
    return main(["--course", str(root), "build", "--template", str(TEMPLATE), *extra])


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(course: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run_build(course) == 0
    return course


def test_build_makes_site_decks_and_test_forms(built: Path) -> None:
    out = built / "build"
    assert (out / "site" / "index.html").is_file()
    assert (out / "site" / "en" / "modules" / "intro.html").is_file()
    assert sorted(p.name for p in (out / "decks" / "en").iterdir()) == ["basics.pptx",
                                                                        "intro.pptx"]
    assert (out / "assessments" / "initial" / "en" / "pre-booklet.pdf").is_file()
    assert (out / "assessments" / "forms.json").is_file()
    assert [p.name for p in built.iterdir() if p.name.startswith(".build")] == []


def test_answer_keys_are_in_the_facilitator_guide_and_not_in_the_learner_site(
        built: Path) -> None:
    out = built / "build"
    test_only = "The TSP cycle ends with a refresher training."
    guide = (out / "facilitator" / "en" / "guide.html").read_text()
    assert test_only in guide and "Answer key" in guide
    assert (out / "facilitator" / "en" / "guide.pdf").is_file()
    for path in (p for p in (out / "site").rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert test_only.encode() not in data and b"Answer key" not in data, path


def test_same_epoch_gives_byte_identical_builds(built: Path) -> None:
    first = tree_digest(built / "build")
    assert run_build(built) == 0
    assert tree_digest(built / "build") == first


def test_invalid_content_leaves_previous_build_untouched(built: Path) -> None:
    before = tree_digest(built / "build")
    (built / "modules" / "intro" / "module.yml").write_text("id: [unclosed\n")
    assert run_build(built) == 1
    assert tree_digest(built / "build") == before


def test_strict_mkdocs_warning_fails_and_keeps_previous_build(
        built: Path, capsys: pytest.CaptureFixture) -> None:
    before = tree_digest(built / "build")
    content = built / "modules" / "intro" / "content.md"
    content.write_text(content.read_text() + "\nSee [the missing page](missing.md).\n")
    assert run_build(built) == 3
    assert "missing.md" in capsys.readouterr().err
    assert tree_digest(built / "build") == before
    assert [p.name for p in built.iterdir() if p.name.startswith(".build")] == []


def test_interrupted_build_keeps_previous_build(built: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree_digest(built / "build")

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "plan_assessments", interrupt)
    assert run_build(built) == 130
    assert tree_digest(built / "build") == before
    assert [p.name for p in built.iterdir() if p.name.startswith(".build")] == []


def test_second_concurrent_build_fails_fast(built: Path, capsys: pytest.CaptureFixture) -> None:
    before = tree_digest(built / "build")
    with open(built / "build.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert run_build(built) == 4
    assert "another coursepack build" in capsys.readouterr().err
    assert tree_digest(built / "build") == before


def test_only_rebuilds_one_part_and_keeps_the_others(built: Path) -> None:
    before = tree_digest(built / "build")
    deck = built / "build" / "decks" / "en" / "intro.pptx"
    slides = built / "modules" / "intro" / "slides.md"
    slides.write_text(slides.read_text().replace("Walk through", "Talk through"))
    assert run_build(built, "--only", "decks") == 0
    after = tree_digest(built / "build")
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {str(deck.relative_to(built / "build"))}


def test_epoch_comes_from_env_then_last_commit_never_the_clock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert source_date_epoch(tmp_path) == 1234567890
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date_epoch(tmp_path) == ZIP_EPOCH_MIN
    env = {**os.environ, "GIT_AUTHOR_DATE": "@1600000000 +0000",
           "GIT_COMMITTER_DATE": "@1600000000 +0000", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "x"]):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, env=env)
    assert source_date_epoch(tmp_path) == 1600000000
