"""Atomic, locked and reproducible builds, through the real pipeline."""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build.reproducible import ZIP_EPOCH_MIN, source_date_epoch
from generator.build.staging import staged
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


@pytest.mark.parametrize(("sig", "after"), [
    (signal.SIGTERM, 1.0), (signal.SIGTERM, 3.0), (signal.SIGKILL, 1.0), (signal.SIGKILL, 3.0)])
def test_a_stopped_build_leaves_no_worker_no_lock_and_a_build(
        built: Path, sig: signal.Signals, after: float) -> None:
    """However a build is stopped, none of its processes lives on to hold the lock, the
    previous build/ is there, and the next build succeeds and tidies what was left."""
    before = tree_digest(built / "build")
    (built / "modules" / "intro" / "content.md").write_text(
        (built / "modules" / "intro" / "content.md").read_text() + "\nMore text.\n")
    command = [str(Path(sys.executable).parent / "coursepack"), "--course", str(built),
               "build", "--template", str(TEMPLATE)]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(after)
    process.send_signal(sig)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the workers go with their parent
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        pytest.fail("a process of the stopped build is still running")
    assert (built / "build" / "site" / "index.html").is_file()
    stopped = tree_digest(built / "build")
    assert run_build(built) == 0
    assert [p.name for p in built.iterdir() if p.name.startswith(".build")] == []
    assert stopped in (before, tree_digest(built / "build")), "the old build or the new one"


def test_the_swap_exchanges_the_two_folders_at_once(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "old.txt").write_text("old")
    with staged(out) as staging:
        (staging / "new.txt").write_text("new")
    assert [p.name for p in out.iterdir()] == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "build.lock"]


def test_a_build_set_aside_by_a_killed_swap_is_put_back(tmp_path: Path) -> None:
    """Where names cannot be exchanged, a kill between the two renames leaves the old
    build set aside: the next command under the lock puts it back before anything else."""
    (tmp_path / ".build-old-999").mkdir()
    (tmp_path / ".build-old-999" / "index.html").write_text("previous")
    (tmp_path / ".build-staging-998").mkdir()
    with pytest.raises(RuntimeError), staged(tmp_path / "build"):
        assert (tmp_path / "build" / "index.html").read_text() == "previous"
        raise RuntimeError("the new build fails")
    assert (tmp_path / "build" / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "build.lock"]
