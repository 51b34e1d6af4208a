"""Decks rendered by LibreOffice: every slide becomes a page, and no text runs past its box.

LibreOffice Impress (``soffice``) and poppler's ``pdftoppm`` are installed by
``make test-deps`` (scripts/install-test-deps.sh)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from generator.course.load import load_course
from generator.course.model import MAX_BULLET_CHARS, MAX_TITLE_CHARS, Course
from tests.conftest import REPO, TEMPLATE, make_translated
from tests.renderers import write_decks

SLIDE_HEIGHT_IN = 7.5
# Bands of the bundled template that stay empty when text fits, on a light slide: above
# the title, between title and body, and between the body and the footer row.
EMPTY_BANDS_IN = ((0.0, 0.28), (1.57, 1.73), (6.75, 6.92))


def soffice_pdf(decks: list[Path], out: Path) -> list[Path]:
    """``decks`` converted to PDF by LibreOffice in a profile of its own."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: run `make test-deps` first")
    profile = out / "profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, decks)],
                   check=True, capture_output=True, timeout=300)
    return [out / f"{deck.stem}.pdf" for deck in decks]


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def slide_images(pdf: Path, out: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(out / pdf.stem)],
                   check=True, timeout=300)
    return [Image.open(p).convert("L") for p in sorted(out.glob(f"{pdf.stem}-*.png"))]


def overflowing_bands(image: Image.Image) -> list[tuple[float, float]]:
    """Bands that should be empty but hold dark (text) pixels (none checked on the dark
    title, section and closing slides)."""
    width, height = image.size
    found = []
    if image.getpixel((2, 2)) < 128:
        return found
    for top, bottom in EMPTY_BANDS_IN:
        box = (0, int(top / SLIDE_HEIGHT_IN * height), width,
               int(bottom / SLIDE_HEIGHT_IN * height))
        if image.crop(box).getextrema()[0] < 128:
            found.append((top, bottom))
    return found


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return load_course(make_translated(tmp_path_factory.mktemp("translated") / "course"))


def test_every_language_of_a_module_converts_to_one_page_per_slide(translated: Course,
                                                                   tmp_path: Path) -> None:
    from pptx import Presentation

    write_decks(translated, TEMPLATE, tmp_path / "decks", 0)
    decks = sorted((tmp_path / "decks").glob("*/intro.pptx"))
    assert [d.parent.name for d in decks] == ["en", "es"]
    for deck in decks:
        out = tmp_path / deck.parent.name
        out.mkdir()
        (pdf,) = soffice_pdf([deck], out)
        assert pages(pdf) == len(Presentation(str(deck)).slides) > 5, deck


def test_no_text_runs_past_its_box_in_the_bundled_decks_or_at_the_limits(
        tmp_path: Path) -> None:
    course = load_course(REPO)
    module = course.modules[0]
    words = ("обеспечить доступ женщинам ", "Équité d'accès aux services ")  # the widest
    longest = [(word * 20)[:MAX_BULLET_CHARS] for word in words]
    crowded = module.slides[0].model_copy(update={
        "title": (words[0] * 5)[:MAX_TITLE_CHARS],
        "lines": tuple(module.slides[0].lines[0].model_copy(
            update={"text": longest[n % 2], "level": n // 6 % 2}) for n in range(14))})
    limits = module.model_copy(update={"id": "at-the-limits", "slides": (crowded,)})
    course = course.model_copy(update={"modules": (*course.modules, limits)})
    write_decks(course, TEMPLATE, tmp_path / "decks", 0)
    decks = sorted((tmp_path / "decks" / "en").glob("*.pptx"))
    problems = []
    for pdf in soffice_pdf(decks, tmp_path):
        for number, image in enumerate(slide_images(pdf, tmp_path), start=1):
            for band in overflowing_bands(image):
                problems.append(f"{pdf.stem} slide {number}: text in {band} in")
    assert problems == []
    assert len(list(tmp_path.glob("at-the-limits-*.png"))) > len(limits.slides) + 6
