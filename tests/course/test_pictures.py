"""Pictures and charts in the sources: placed with Markdown's image syntax, checked for
alt text, size and safety, charts held to the fact ledger, translated texts laid over."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from generator.course.load import load, load_course
from generator.course.localize import localize
from generator.course.pictures import svg_dangers, svg_texts
from generator.errors import CourseInvalid
from tests.conftest import make_pictured

SLIDES = "modules/intro/slides.md"
CONTENT = "modules/intro/content.md"
SVG = "modules/intro/images/cycle.svg"


@pytest.fixture
def pictured(tmp_path: Path) -> Path:
    return make_pictured(tmp_path / "course")


def problems(root: Path) -> list[str]:
    with pytest.raises(CourseInvalid) as caught:
        load(root)
    return [f"{p.path}:{p.line}: {p.message}" for p in caught.value.problems]


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_pictures_and_charts_reach_the_model_in_every_language(pictured: Path) -> None:
    course = load_course(pictured)
    intro = course.module("intro")
    assert {p.path: (p.width, p.height) for p in intro.pictures} == {
        "images/cycle.svg": (400, 200), "images/photo.png": (160, 90)}
    assert [(v.label, v.value) for v in intro.chart("charts/figures.yml").values] == [
        ("Women in prison for drugs, Tajikistan", 70), ("Women who inject drugs on OST", 0.003)]
    assert [s.layout for s in intro.slides] == [
        "bullets", "section", "picture", "two-columns", "key-figure", "quote", "chart"]
    spanish = localize(course, "es").module("intro")
    assert svg_texts(spanish.picture("images/cycle.svg").data) == {
        "step-one": "Formación inicial"}
    assert svg_texts(intro.picture("images/cycle.svg").data) == {"step-one": "Initial training"}
    chart = spanish.chart("charts/figures.yml")
    assert chart.title == "Cifras del informe"
    assert [v.value for v in chart.values] == [70, 0.003]  # the numbers stay the source's


def test_a_language_can_have_its_own_picture(pictured: Path) -> None:
    own = pictured / "locales/es/modules/intro/images/photo.png"
    own.parent.mkdir(parents=True)
    own.write_bytes(png(20, 10))
    spanish = localize(load_course(pictured), "es").module("intro")
    assert (spanish.picture("images/photo.png").width, spanish.picture("images/photo.png")
            .height) == (20, 10)


@pytest.mark.parametrize(("svg", "what"), [
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>',
     "a <script> element"),
    ('<svg xmlns="http://www.w3.org/2000/svg"\n onload="alert(1)"></svg>',
     "an event handler (onload=…)"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
     '<image xlink:href="https://example.org/track.png"/></svg>',
     "a link to 'https://example.org/track.png'"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<foreignObject><p>x</p></foreignObject></svg>',
     "a <foreignObject> element"),
    ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
     "a DOCTYPE or ENTITY declaration"),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<rect style="fill: url(http://x.org/a)"/></svg>',
     "a reference outside the file in style"),
])
def test_an_unsafe_svg_is_refused_at_its_line(pictured: Path, svg: str, what: str) -> None:
    (pictured / SVG).write_text(svg, encoding="utf-8")
    found = problems(pictured)
    assert f"{SVG}:2: this SVG has {what}, which is not allowed" in found
    assert not [p for p in found if "pictures.yml" in p]  # reported once, where it is


def test_a_safe_svg_has_no_dangers(pictured: Path) -> None:
    assert svg_dangers((pictured / SVG).read_bytes()) == []


def test_misplaced_pictures_are_reported_where_they_are_placed(pictured: Path) -> None:
    edit(pictured, CONTENT, "](images/cycle.svg)", "](images/missing.svg)")
    edit(pictured, SLIDES, "![A plain pink rectangle](images/photo.png)",
         "![](images/photo.png)")
    with (pictured / CONTENT).open("a", encoding="utf-8") as content:
        content.write("\n![A secret](../../../etc/passwd.png)\n")
    found = problems(pictured)
    assert f"{CONTENT}:13: there is no file modules/intro/images/missing.svg" in found
    assert f"{SLIDES}:24: the picture images/photo.png has no alt text" in found
    assert f"{CONTENT}:17: '../../../etc/passwd.png' is not a picture of this module" in found


def test_a_picture_over_budget_or_of_the_wrong_kind_is_refused(pictured: Path) -> None:
    (pictured / "modules/intro/images/photo.png").write_bytes(png(3000, 10))
    assert ("modules/intro/images/photo.png:1: this picture is 3000 × 10 pixels; at most "
            "2400 on the longer side") in problems(pictured)
    (pictured / "modules/intro/images/photo.png").write_bytes(b"GIF89a not a png")
    assert ("modules/intro/images/photo.png:1: this file is not the kind of picture its name "
            "says") in problems(pictured)


def test_chart_values_come_from_the_ledger(pictured: Path) -> None:
    chart = "modules/intro/charts/figures.yml"
    edit(pictured, chart, "value: 70", "value: 75")
    edit(pictured, chart, "fact: ost-access-women", "fact: no-such-fact")
    found = problems(pictured)
    assert (f"{chart}:8: the value 75 is not the figure of the fact 'prison-tajikistan' (70)"
            in found)
    assert f"{chart}:13: there is no fact 'no-such-fact' in facts.yml" in found


def test_svg_text_translations_name_real_texts(pictured: Path) -> None:
    edit(pictured, "locales/es/modules/intro/pictures.yml", "step-one:", "step-two:")
    assert ("locales/es/modules/intro/pictures.yml:2: images/cycle.svg has no text with the "
            "id 'step-two'") in problems(pictured)


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("source: brief\n---\n# In their words", "---\n# In their words", 26,
     "a key-figure slide has the figure, one line saying what it means, and its source"),
    ("Each cycle starts from what was piloted.", "- a bullet", 12,
     "a picture slide has one picture (images/…) and a caption"),
    ("layout: section", "layout: poster", 9, "there is no slide layout 'poster'"),
    ("# Why this course\n", "# Why this course\n+++\n", 2,
     "'+++' starts the second column of a two-columns slide, once"),
    ("# Why this course\n", "# Why this course\n![A box](images/cycle.svg)\n", 2,
     "a 'bullets' slide has no room for a picture"),
    ("70 %\n", "70 per cent of women, Tajikistan\n", 28, "the key figure is too long to show "
     "large"),
    ("source: brief\n---\n# Figures", "source: nothing\n---\n# Figures", 32,
     "'source: nothing' is not a reference in course.yml"),
])
def test_a_slide_missing_what_its_layout_needs_is_reported(pictured: Path, old: str, new: str,
                                                           line: int, message: str) -> None:
    edit(pictured, SLIDES, old, new)
    found = problems(pictured)
    assert any(p.startswith(f"{SLIDES}:{line}: {message}") for p in found), found


def test_inspect_shows_pictures_in_base64(pictured: Path) -> None:
    import base64
    import json
    import subprocess
    import sys

    coursepack = Path(sys.executable).with_name("coursepack")
    shown = json.loads(subprocess.run([str(coursepack), "--course", str(pictured), "inspect",
                                       "--json"], capture_output=True, text=True,
                                      check=True).stdout)
    intro = next(m for m in shown["modules"] if m["id"] == "intro")
    png = next(p for p in intro["pictures"] if p["path"] == "images/photo.png")
    assert base64.b64decode(png["data"]) == (pictured / "modules/intro/images/photo.png"
                                             ).read_bytes()
