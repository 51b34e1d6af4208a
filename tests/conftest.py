"""Fixture courses: ``fixtures/minimal`` is valid; each ``fixtures/broken/<rule>/`` holds
only the files that differ from it, plus ``expected.txt`` (``path:line: text`` per line)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
BROKEN = FIXTURES / "broken"
REPO = Path(__file__).parent.parent
TEMPLATE = REPO / "facilitator" / "template.pptx"


@dataclass(frozen=True)
class Expected:
    path: str
    line: int
    text: str


def broken_names() -> list[str]:
    return sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def make_course(target: Path, *broken: str) -> Path:
    """A copy of the minimal course with the files of the named broken fixtures laid over."""
    shutil.copytree(MINIMAL, target)
    for name in broken:
        shutil.copytree(BROKEN / name, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("expected.txt"))
    return target


def make_translated(target: Path) -> Path:
    """A copy of the minimal course with its Spanish translation (``fixtures/translated``)."""
    make_course(target)
    shutil.copytree(FIXTURES / "translated", target, dirs_exist_ok=True)
    return target


def make_persian(target: Path) -> Path:
    """A copy of the minimal course with a Persian translation (``fixtures/persian``, with
    the bundled Persian interface strings): its module ``intro``'s title, objectives and
    every test item in Persian, its summary, key messages, activities and slides and the
    module ``basics`` left in English."""
    make_course(target)
    shutil.copytree(FIXTURES / "persian", target, dirs_exist_ok=True)
    shutil.copy2(REPO / "locales" / "fa" / "messages.po", target / "locales" / "fa")
    return target


BUNDLED = ("course.yml", "mkdocs.yml", "glossary.yml", "facts.yml", "terminology.yml",
           "materials.yml", "modules", "assessments", "locales", "site_assets", "site_templates",
           "countries")
"""What a copy of the bundled course needs to validate and build its site (the source
documents stay out: the ledger is then held to the course text only)."""


def make_pictured(target: Path) -> Path:
    """The translated minimal course with its fact ledger, pictures, a chart and a slide of
    every layout (``fixtures/pictures``)."""
    make_translated(target)
    shutil.copytree(FIXTURES / "ledger", target, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "pictures", target, dirs_exist_ok=True)
    return target


def bundled_copy(target: Path) -> Path:
    """A writable copy of the bundled course's sources."""
    target.mkdir(parents=True)
    for name in BUNDLED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def expected(name: str) -> list[Expected]:
    rows = []
    for row in (BROKEN / name / "expected.txt").read_text(encoding="utf-8").splitlines():
        path, line, text = row.split(":", 2)
        rows.append(Expected(path, int(line), text.strip()))
    return rows


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A fresh, writable copy of the minimal valid course."""
    return make_course(tmp_path / "course")
