"""The slide dialect: ``---`` between slides, ``# title``, an optional ``layout:`` line,
``- bullets``, ``![alt](images/…)`` pictures, ``> quotes``, ``+++`` between two columns,
``source:`` for a key figure or a quote, and ``???`` before the speaker notes."""

from __future__ import annotations

import re

from generator.course.model import SLIDE_LAYOUTS, Slide, SlideLine
from generator.errors import Problem

SEPARATOR = "---"
COLUMN_BREAK = "+++"
NOTES_MARKERS = ("???",)
REVEAL_NOTES_PREFIX = "Note:"
IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)\)$")
"""A picture or chart on a line of its own: ``![alt text](images/file.svg)``."""
GUIDE = "docs/authoring.md#slide-layouts"


def parse_slides(text: str, path: str) -> tuple[tuple[Slide, ...], list[Problem]]:
    """Split ``slides.md`` into slides; report each slide that is not well formed."""
    slides: list[Slide] = []
    problems: list[Problem] = []
    for number, (start, chunk) in enumerate(_chunks(text), start=1):
        slide, found = _parse_slide(chunk, start, number, path)
        if slide:
            slides.append(slide)
            found += layout_problems(slide, path)
        problems += found
    if not slides and not problems:
        problems.append(Problem(path, 1, "", "this file has no slides",
                                "write at least one slide: a line '# Title' followed by bullets"))
    return tuple(slides), problems


def _chunks(text: str) -> list[tuple[int, list[str]]]:
    """Slides as (first line number, lines), skipping empty ones."""
    chunks: list[tuple[int, list[str]]] = []
    start, lines = 1, []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == SEPARATOR:
            chunks.append((start, lines))
            start, lines = number + 1, []
        else:
            lines.append(line)
    chunks.append((start, lines))
    return [(s, ls) for s, ls in chunks if any(line.strip() for line in ls)]


def _parse_slide(lines: list[str], start: int, number: int, path: str
                 ) -> tuple[Slide | None, list[Problem]]:
    offset = next(i for i, line in enumerate(lines) if line.strip())
    first = lines[offset].strip()
    title_line = start + offset
    if not first.startswith("# ") or not first[2:].strip():
        return None, [Problem(
            path, title_line, f"slide {number}", "this slide has no title line",
            "start every slide with a line '# Title'; separate slides with a line '---'",
        )]
    title = first[2:].strip()
    where = f"slide '{title}'"
    layout, source, column = "bullets", "", 0
    body: list[SlideLine] = []
    notes: list[str] = []
    problems: list[Problem] = []
    in_notes = False
    for at, raw in enumerate(lines[offset + 1:], start=title_line + 1):
        stripped = raw.strip()
        image = IMAGE.match(stripped)
        if not in_notes and (stripped in NOTES_MARKERS or stripped.startswith(REVEAL_NOTES_PREFIX)):
            in_notes = True
            if stripped not in NOTES_MARKERS:
                notes.append(stripped.removeprefix(REVEAL_NOTES_PREFIX).strip())
        elif in_notes:
            notes.append(stripped)
        elif stripped.startswith("layout:") and not body and layout == "bullets":
            layout = stripped.removeprefix("layout:").strip()
            if layout not in SLIDE_LAYOUTS:
                problems.append(Problem(path, at, where, f"there is no slide layout '{layout}'",
                                        f"use one of: {', '.join(SLIDE_LAYOUTS)} (see {GUIDE})"))
                layout = "bullets"
        elif stripped.startswith("source:"):
            source = stripped.removeprefix("source:").strip()
        elif stripped == COLUMN_BREAK:
            column += 1
            if column > 1 or layout != "two-columns":
                problems.append(Problem(path, at, where, "'+++' starts the second column of a "
                                        "two-columns slide, once",
                                        "write 'layout: two-columns' under the title, and one "
                                        "'+++' between the columns"))
                column = min(column, 1)
        elif image:
            body.append(SlideLine(kind="image", text=image["alt"].strip(), src=image["src"],
                                  column=column, line=at))
        elif stripped.startswith("!["):
            problems.append(Problem(path, at, where, "this picture line is not complete",
                                    "write a picture on a line of its own as "
                                    "![what it shows](images/file.svg)"))
        elif stripped[:2] in ("- ", "* "):
            level = 1 if len(raw) - len(raw.lstrip()) >= 2 else 0
            body.append(SlideLine(kind="bullet", level=level, text=stripped[2:].strip(),
                                  column=column, line=at))
        elif stripped.startswith(">"):
            body.append(SlideLine(kind="quote", text=stripped[1:].strip(), column=column,
                                  line=at))
        elif stripped:
            body.append(SlideLine(kind="text", text=stripped, column=column, line=at))
    note_text = "\n".join(notes).strip()
    note_text = "\n\n".join(p.replace("\n", " ") for p in note_text.split("\n\n") if p)
    return Slide(title=title, layout=layout, lines=tuple(body), source=source,
                 notes=note_text, line=title_line), problems


def layout_problems(slide: Slide, path: str) -> list[Problem]:
    """What the slide's layout needs and does not have, each at its line."""
    where = f"slide '{slide.title}'"
    kinds = [line.kind for line in slide.lines]
    images = slide.images()
    charts = [i for i in images if i.src.startswith("charts/")]
    pictures = [i for i in images if not i.src.startswith("charts/")]

    def problem(message: str, hint: str, line: int = slide.line) -> Problem:
        return Problem(path, line, where, message, f"{hint} (see {GUIDE})")

    found: list[Problem] = []
    layout = slide.layout
    if layout in ("bullets", "section", "key-figure", "quote") and images:
        found.append(problem(f"a '{layout}' slide has no room for a picture",
                             "use 'layout: picture', 'layout: chart' or "
                             "'layout: two-columns' for a slide with a picture",
                             images[0].line))
    if layout == "picture" and (len(pictures) != 1 or charts or "bullet" in kinds):
        found.append(problem("a picture slide has one picture (images/…) and a caption",
                             "keep one ![…](images/…) line and write the caption as plain "
                             "lines"))
    if layout == "chart" and (len(charts) != 1 or pictures or "bullet" in kinds):
        found.append(problem("a chart slide has one chart (charts/….yml) and a caption",
                             "keep one ![…](charts/….yml) line and write the caption as plain "
                             "lines"))
    if layout == "two-columns":
        columns = {line.column for line in slide.lines}
        if columns != {0, 1}:
            found.append(problem("a two-columns slide has something in both columns",
                                 "write the left column, a line '+++', then the right column"))
        for column in (0, 1):
            own = [line for line in slide.lines if line.column == column]
            if any(line.kind == "image" for line in own) and len(own) > 1:
                found.append(problem("a column holds either a picture or text, not both",
                                     "move the text to the other column or into the notes",
                                     own[0].line))
    if layout == "key-figure" and (kinds != ["text", "text"] or not slide.source):
        found.append(problem("a key-figure slide has the figure, one line saying what it "
                             "means, and its source",
                             "write the figure on one line (such as '1 in 5'), what it means "
                             "on the next, and 'source: <reference id>'"))
    if layout == "key-figure" and kinds[:1] == ["text"] and len(slide.lines[0].text) > 16:
        found.append(problem("the key figure is too long to show large",
                             "keep the figure to a few characters ('1 in 5', '35 %') and say "
                             "the rest on the next line", slide.lines[0].line))
    if layout == "quote" and ("quote" not in kinds or "bullet" in kinds or not slide.source):
        found.append(problem("a quote slide has the quoted words (lines starting '>'), who "
                             "said them if you like, and its source",
                             "start each line of the quote with '>', write who said it on a "
                             "plain line, and add 'source: <reference id>'"))
    if layout == "section" and any(k != "text" for k in kinds):
        found.append(problem("a section slide has a title and at most a line or two of text",
                             "move the bullets to the next slide"))
    if slide.source and layout not in ("key-figure", "quote", "picture", "chart"):
        found.append(problem("only a key figure, a quote, a picture or a chart takes a "
                             "'source:' line",
                             "name the source in the speaker notes instead"))
    return found
