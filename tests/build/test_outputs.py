"""The build cache: unchanged files come from the previous build, changed ones never do."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.build.outputs import Outputs
from generator.build.pipeline import BuildSettings, build, manifest_path
from generator.commands.build import COURSE_PARTS
from generator.course.load import load_course
from tests.conftest import TEMPLATE, make_translated

EPOCH = 1700000000


def run(root: Path, out: Path, template: Path = TEMPLATE, workers: int = 2):
    settings = BuildSettings(root=root, out=out, template=template, epoch=EPOCH,
                             workers=workers)
    return build(load_course(root), settings, COURSE_PARTS)


def files(out: Path) -> dict[str, tuple[int, int, str]]:
    """Every output file: inode, modification time and digest."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns,
                                            hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    root = make_translated(tmp_path / "course")
    out = tmp_path / "build"
    run(root, out)
    return root, out


def test_a_build_with_no_change_rewrites_nothing(built: tuple[Path, Path]) -> None:
    root, out = built
    before = files(out)
    assert run(root, out).made == ()
    assert files(out) == before  # same inodes and times: every file was kept, not written


def test_an_edited_module_changes_its_deck_and_page_and_nothing_else(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    root, out = built
    before = files(out)
    slides = root / "modules" / "intro" / "slides.md"
    slides.write_text(slides.read_text().replace("Walk through", "Talk through"))
    content = root / "modules" / "intro" / "content.md"
    content.write_text(content.read_text() + "\nA sentence added by the maintainer.\n")
    made = run(root, out).made
    after = files(out)
    changed = {path for path in after if after[path][2] != before.get(path, (0, 0, ""))[2]}
    assert {"decks/en/intro.pptx", "site/en/modules/intro.html"} <= changed
    assert "A sentence added" in (out / "site/en/modules/intro.html").read_text()
    unchanged = {"decks/en/basics.pptx", "facilitator/en/modules/basics.pdf",
                 "assessments/initial/en/pre-booklet.pdf"}
    assert all(after[path] == before[path] for path in unchanged)  # not even rewritten
    assert not any(path.startswith("decks/") and "basics" in path for path in made)
    # what the cache gave is exactly what a build from scratch gives
    cold = tmp_path / "cold"
    run(root, cold, workers=1)
    assert {p: d for p, (_, _, d) in files(cold).items()} == \
        {p: d for p, (_, _, d) in after.items()}


def test_a_changed_template_rebuilds_every_deck(built: tuple[Path, Path],
                                                tmp_path: Path) -> None:
    root, out = built
    template = tmp_path / "template.pptx"
    template.write_bytes(TEMPLATE.read_bytes())
    assert run(root, out, template).made == ()  # the same design, from another file
    before = files(out)
    prs = Presentation(str(template))
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(b'val="6B2C91"', b'val="00796B"')
    prs.save(str(template))  # rebranded where it is
    made = run(root, out, template).made
    decks = sorted(path for path in before if path.startswith("decks/"))
    assert decks and sorted(path for path in made if path.startswith("decks/")) == decks
    after = files(out)
    assert all(after[path][2] != before[path][2] for path in decks)
    assert not any(path.startswith(("site/", "facilitator/", "assessments/")) for path in made)


def test_a_file_changed_in_the_build_folder_is_made_again(built: tuple[Path, Path]) -> None:
    root, out = built
    deck = out / "decks" / "en" / "basics.pptx"
    right = deck.read_bytes()
    with open(deck, "r+b") as handle:  # edited in place, as an editor might
        handle.write(b"PK-edited")
    assert run(root, out).made == ("decks/en/basics.pptx",)
    assert deck.read_bytes() == right


def test_a_lost_or_damaged_record_only_makes_the_build_cold(built: tuple[Path, Path]) -> None:
    root, out = built
    before = files(out)
    manifest_path(out).write_text("{not json")
    assert len(run(root, out).made) > 10
    assert {p: d for p, (_, _, d) in files(out).items()} == \
        {p: d for p, (_, _, d) in before.items()}


def test_parallel_and_serial_builds_are_byte_identical(built: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    root, out = built
    serial = tmp_path / "serial"
    run(root, serial, workers=1)
    assert os.cpu_count() and {p: d for p, (_, _, d) in files(serial).items()} == \
        {p: d for p, (_, _, d) in files(out).items()}


def _hold(marker: str, seconds: float) -> bytes:
    """A job that marks itself running in the folder ``marker`` is in (refused if another
    job holds the mark) for ``seconds``."""
    held = Path(marker)
    os.close(os.open(held, os.O_CREAT | os.O_EXCL))  # FileExistsError: two at once
    time.sleep(seconds)
    held.unlink()
    return b"made"


def _light(seconds: float) -> bytes:
    time.sleep(seconds)
    return b"light"


def test_heavy_files_are_never_made_two_at_once(tmp_path: Path) -> None:
    outputs = Outputs(tmp_path / "out", workers=2)
    for number in range(3):
        outputs.render(f"heavy-{number}", _hold, str(tmp_path / "running"), 0.3,
                       cost=100, heavy=True)
    for number in range(12):
        outputs.render(f"light-{number}", _light, 0.05 + number / 1000)
    started = time.perf_counter()
    outputs.run()
    assert sorted(outputs.made) == sorted([f"heavy-{n}" for n in range(3)]
                                          + [f"light-{n}" for n in range(12)])
    assert (tmp_path / "out" / "heavy-2").read_bytes() == b"made"
    # the light files were made beside the heavy ones, not after them
    assert time.perf_counter() - started < 3 * 0.3 + 12 * 0.05
