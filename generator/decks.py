"""Slide decks: one editable .pptx per module, designed by the template's layouts."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.presentation import Presentation as PresentationType

from .model import Course, Module
from .reproducible import epoch_datetime, normalize_zip

TITLE_LAYOUT = "Title Slide"
CONTENT_LAYOUT = "Title and Content"
SECTION_LAYOUT = "Section Header"
REQUIRED_LAYOUTS = (TITLE_LAYOUT, CONTENT_LAYOUT, SECTION_LAYOUT)


class TemplateError(Exception):
    """The slide template cannot be used (missing file or layout)."""


Bullet = tuple[int, str]  # (level, text)


def deck_bytes(course: Course, module: Module, template: Path, epoch: int) -> bytes:
    """The module's deck as a reproducible .pptx file."""
    prs = _open_template(template)
    track = course.track(module.track)
    _add(prs, TITLE_LAYOUT, module.title, [(0, f"{track.title} · {module.minutes} minutes")],
         module.summary.strip())
    _add(prs, CONTENT_LAYOUT, "Learning objectives", [(0, o.text) for o in module.objectives],
         "By the end of this session participants will be able to: "
         + " ".join(o.text for o in module.objectives))
    for slide in module.slides:
        _add(prs, CONTENT_LAYOUT, slide.title, [(line.level, line.text) for line in slide.lines],
             slide.notes)
    for activity in module.activities:
        details = [(0, f"{activity.minutes} minutes · {activity.method}")]
        if activity.materials:
            details.append((0, "Materials: " + ", ".join(activity.materials)))
        notes = ["Steps:", *[f"{n}. {step}" for n, step in enumerate(activity.steps, 1)]]
        if activity.debrief:
            notes += ["", "Debrief:", *[f"- {q}" for q in activity.debrief]]
        if activity.notes:
            notes += ["", activity.notes.strip()]
        _add(prs, SECTION_LAYOUT, f"Activity: {activity.title}", details, "\n".join(notes))
    _add(prs, CONTENT_LAYOUT, "Key messages", [(0, m) for m in module.key_messages],
         "Close by asking participants which message matters most for their own work.")
    sources = [course.reference(s) for s in module.sources]
    _add(prs, CONTENT_LAYOUT, "Sources",
         [(0, f"{r.title} ({', '.join(str(x) for x in (r.publisher, r.year) if x)})")
          for r in sources],
         "Point participants to the course site's reference list for the full documents.")
    _set_properties(prs, course, module, epoch)
    buffer = io.BytesIO()
    prs.save(buffer)
    return normalize_zip(buffer.getvalue(), epoch)


def _open_template(template: Path) -> PresentationType:
    if not template.is_file():
        raise TemplateError(f"{template}: slide template not found; pass --template FILE.pptx")
    prs = Presentation(str(template))
    names = {layout.name for layout in prs.slide_layouts}
    missing = [name for name in REQUIRED_LAYOUTS if name not in names]
    if missing:
        raise TemplateError(f"{template}: the template has no layout named "
                            f"{', '.join(repr(m) for m in missing)}; rename layouts in the "
                            f"slide master (it has: {', '.join(sorted(names))})")
    return prs


def _add(prs: PresentationType, layout_name: str, title: str, bullets: list[Bullet],
         notes: str) -> None:
    layout = next(layout for layout in prs.slide_layouts if layout.name == layout_name)
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = title
    body = next((p for p in slide.placeholders if p.placeholder_format.idx == 1), None)
    if body is not None:
        frame = body.text_frame
        for index, (level, text) in enumerate(bullets):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.text = text
            paragraph.level = level
    slide.notes_slide.notes_text_frame.text = notes


def _set_properties(prs: PresentationType, course: Course, module: Module, epoch: int) -> None:
    props = prs.core_properties
    props.title = module.title
    props.subject = course.title
    props.author = props.last_modified_by = "coursepack"
    props.created = props.modified = epoch_datetime(epoch).replace(tzinfo=None)
    props.revision = 1
    props.last_printed = epoch_datetime(epoch).replace(tzinfo=None)


def write_decks(course: Course, template: Path, out_dir: Path, epoch: int) -> None:
    """``<out_dir>/<lang>/<module-id>.pptx`` for every module."""
    language_dir = out_dir / course.default_language
    language_dir.mkdir(parents=True, exist_ok=True)
    for module in course.modules:
        deck = deck_bytes(course, module, template, epoch)
        (language_dir / f"{module.id}.pptx").write_bytes(deck)
