"""``coursepack serve``: mkdocs' live-reload server, rebuilt on edits to modules, question
banks and translations."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import make_translated

TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(url: str, until: Callable[[str], bool]) -> str:
    """The page at ``url`` once ``until`` holds for it (at most TIMEOUT seconds)."""
    deadline, page = time.monotonic() + TIMEOUT, None
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and until(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} did not change in {TIMEOUT} s; last page:\n{page}")


@contextmanager
def serving(course: Path, *args: str) -> Iterator[str]:
    """``coursepack serve`` on a free port; yields its address, stops it in any case."""
    port = free_port()
    log = course.with_name("serve.log")
    with log.open("w") as output:
        server = subprocess.Popen(
            [Path(sys.executable).with_name("coursepack"), "--course", course, "serve",
             "--dev-addr", f"127.0.0.1:{port}", *args],
            stdout=output, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: mkdocs removes its temporary site
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        print(log.read_text())  # shown when the test fails


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_preview_follows_edits_to_a_page_and_a_question_bank(course: Path) -> None:
    with serving(course) as address:
        url = f"{address}/modules/intro.html"
        page = poll(url, lambda page: "Which are stages of the TSP cycle?" in page)
        assert "Women who inject drugs are often missed by services." in page
        # the live-reload script runs: the page's policy allows it
        assert "livereload" in page and "script-src 'self' 'unsafe-inline'" in page

        (course / "modules/intro/content.md").write_text(
            "## Edited while serving\n\nA sentence written during the preview.\n",
            encoding="utf-8")
        poll(url, lambda page: "A sentence written during the preview." in page)

        edit(course / "assessments/intro.yml", "Which are stages of the TSP cycle?",
             "Which stages make up the TSP cycle?")  # a practice item, on the page
        poll(url, lambda page: "Which stages make up the TSP cycle?" in page)


def test_the_preview_of_another_language_follows_its_translation(tmp_path: Path) -> None:
    course = make_translated(tmp_path / "course")
    with serving(course, "--language", "es") as address:
        url = f"{address}/modules/intro.html"
        page = poll(url, lambda page: "Por qué este curso" in page)
        assert '<html lang="es"' in page
        edit(course / "locales/es/modules/intro/content.md", "## El ciclo",
             "## El ciclo de formación")
        poll(url, lambda page: "El ciclo de formación" in page)


def test_a_language_the_course_does_not_have_is_refused(course: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    assert main(["--course", str(course), "serve", "--language", "ru"]) == 1
    err = capsys.readouterr().err
    assert "the course has no 'ru'; its languages are en" in err
    assert "coursepack translate init ru" in err
