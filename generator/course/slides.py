"""The slide dialect: ``---`` between slides, ``# title``, ``- bullets``, ``???`` notes."""

from __future__ import annotations

from generator.course.model import Slide, SlideLine
from generator.errors import Problem

SEPARATOR = "---"
NOTES_MARKERS = ("???",)
REVEAL_NOTES_PREFIX = "Note:"


def parse_slides(text: str, path: str) -> tuple[tuple[Slide, ...], list[Problem]]:
    """Split ``slides.md`` into slides; report each slide without a title."""
    slides: list[Slide] = []
    problems: list[Problem] = []
    for number, (start, chunk) in enumerate(_chunks(text), start=1):
        slide, problem = _parse_slide(chunk, start, number, path)
        if slide:
            slides.append(slide)
        if problem:
            problems.append(problem)
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
                 ) -> tuple[Slide | None, Problem | None]:
    offset = next(i for i, line in enumerate(lines) if line.strip())
    first = lines[offset].strip()
    line_no = start + offset
    if not first.startswith("# ") or not first[2:].strip():
        return None, Problem(
            path, line_no, f"slide {number}", "this slide has no title line",
            "start every slide with a line '# Title'; separate slides with a line '---'",
        )
    body: list[SlideLine] = []
    notes: list[str] = []
    in_notes = False
    for raw in lines[offset + 1:]:
        stripped = raw.strip()
        if not in_notes and (stripped in NOTES_MARKERS or stripped.startswith(REVEAL_NOTES_PREFIX)):
            in_notes = True
            if stripped not in NOTES_MARKERS:
                notes.append(stripped.removeprefix(REVEAL_NOTES_PREFIX).strip())
        elif in_notes:
            notes.append(stripped)
        elif stripped[:2] in ("- ", "* "):
            level = 1 if len(raw) - len(raw.lstrip()) >= 2 else 0
            body.append(SlideLine(kind="bullet", level=level, text=stripped[2:].strip()))
        elif stripped:
            body.append(SlideLine(kind="text", text=stripped))
    note_text = "\n".join(notes).strip()
    note_text = "\n\n".join(p.replace("\n", " ") for p in note_text.split("\n\n") if p)
    return Slide(title=first[2:].strip(), lines=tuple(body), notes=note_text, line=line_no), None
