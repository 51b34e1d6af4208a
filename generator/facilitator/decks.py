"""Slide decks: one editable .pptx per module and language, designed by the template.

The template (``facilitator/template.pptx`` or ``--template``) gives fonts, colours,
logo and positions through its layouts, picked by name. This module decides only what
goes on each slide, and splits long lists across continuation slides so that no text
overflows (see ``SLIDE_LINES``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PresentationType

from generator.build.outputs import Outputs
from generator.build.reproducible import epoch_naive, normalize_zip
from generator.course.localize import direction, localize, translation_notices
from generator.course.model import Activity, Course, Module, Slide
from generator.errors import BuildFailed

TITLE_LAYOUT = "Title Slide"
CONTENT_LAYOUT = "Title and Content"
REQUIRED_LAYOUTS = (TITLE_LAYOUT, CONTENT_LAYOUT)

LINE_CHARS = 80
"""Characters of body text counted as one line (Latin at 20 pt on the template's body;
letters of wider scripts count for more, see ``WIDE_LETTER``)."""
WIDE_LETTER = 1.35
"""How much a Cyrillic, Greek or Arabic-script letter counts against ``LINE_CHARS``."""
SLIDE_LINES = 11
"""Lines of body text on one slide; a longer list continues on the next slide (the
template's body holds about 14: the rest is room for wrapping)."""


class TemplateError(BuildFailed):
    """The slide template cannot be used (missing file or layout)."""


@dataclass(frozen=True)
class Bullet:
    text: str
    level: int = 0


@dataclass(frozen=True)
class SlidePlan:
    """One slide before splitting: title, body lines and speaker notes."""

    layout: str
    title: str
    bullets: tuple[Bullet, ...]
    notes: str


@dataclass(frozen=True)
class Deck:
    """Everything a .pptx is made from, apart from the template."""

    title: str
    subject: str
    language: str
    continued: str
    plans: tuple[SlidePlan, ...]
    epoch: int


def deck(course: Course, title: str, plans: Iterable[SlidePlan], epoch: int) -> Deck:
    """The deck of ``plans``, titled ``title``, in ``course``'s language."""
    return Deck(title, course.title, course.language, course.ui("(continued)"), tuple(plans),
                epoch)


def deck_bytes(course: Course, module: Module, template: Path, epoch: int) -> bytes:
    """The module's deck, in the course's language, as a reproducible .pptx file."""
    return render_deck(deck(course, module.title, plan_slides(course, module), epoch), template)


def render_deck(deck: Deck, template: Path) -> bytes:
    """A reproducible .pptx of ``deck`` on ``template``, long lists continued."""
    prs = _open_template(template)
    right_to_left = direction(deck.language) == "rtl"
    for plan in deck.plans:
        for part in split(plan, deck.continued):
            _add(prs, part, right_to_left)
    _set_properties(prs, deck)
    buffer = io.BytesIO()
    prs.save(buffer)
    return normalize_zip(buffer.getvalue(), deck.epoch)


def plan_slides(course: Course, module: Module) -> Iterator[SlidePlan]:
    """Title, objectives, the module's own slides, one per activity, key messages, sources."""
    ui = course.ui
    track = course.track(module.track)
    minutes = ui("{minutes} minutes", minutes=module.minutes)
    notices = translation_notices(course, module, ("deck",))
    yield SlidePlan(TITLE_LAYOUT, module.title, (Bullet(f"{track.title} · {minutes}"),),
                    "\n\n".join([*notices, module.summary.strip()]))
    yield SlidePlan(
        CONTENT_LAYOUT, ui("Learning objectives"),
        tuple(Bullet(o.text) for o in module.objectives),
        ui("By the end of this session participants will be able to:") + "\n"
        + "\n".join(f"- {o.text}" for o in module.objectives))
    for slide in module.slides:
        yield SlidePlan(CONTENT_LAYOUT, slide.title,
                        tuple(Bullet(line.text, line.level) for line in slide.lines),
                        slide.notes)
    for activity in module.activities:
        yield _activity_slide(course, activity)
    yield SlidePlan(CONTENT_LAYOUT, ui("Key messages"),
                    tuple(Bullet(m) for m in module.key_messages),
                    ui("Close by asking participants which message matters most for their "
                       "own work."))
    yield SlidePlan(
        CONTENT_LAYOUT, ui("Sources"),
        tuple(Bullet(_reference(course, s)) for s in module.sources),
        ui("Point participants to the course site's reference list for the full documents."))


def numbered_slides(course: Course, module: Module) -> list[tuple[int, Slide]]:
    """The module's own slides, each with its number in the module's deck (slides before
    it, and continuation slides, counted)."""
    continued = course.ui("(continued)")
    plans = list(plan_slides(course, module))
    numbers, number = [], 1
    for plan in plans:
        numbers.append(number)
        number += len(split(plan, continued))
    first = 2  # the title slide and the objectives come before the module's own slides
    return [(numbers[first + n], slide) for n, slide in enumerate(module.slides)]


def _activity_slide(course: Course, activity: Activity) -> SlidePlan:
    ui = course.ui
    bullets = [Bullet(ui("{minutes} minutes", minutes=activity.minutes)
                      + f" · {activity.method}")]
    if activity.materials:
        bullets.append(Bullet(ui("Materials:")))
        bullets += [Bullet(m, 1) for m in activity.materials]
    notes = [ui("Steps:"), *[f"{n}. {step}" for n, step in enumerate(activity.steps, 1)]]
    if activity.debrief:
        notes += ["", ui("Debrief questions:"), *[f"- {q}" for q in activity.debrief]]
    if activity.notes:
        notes += ["", activity.notes.strip()]
    return SlidePlan(CONTENT_LAYOUT, ui("Activity: {title}", title=activity.title),
                     tuple(bullets), "\n".join(notes))


def _reference(course: Course, reference_id: str) -> str:
    ref = course.reference(reference_id)
    details = ", ".join(str(x) for x in (ref.publisher, ref.year) if x)
    return f"{ref.title} ({details})"


def lines_of(bullet: Bullet) -> int:
    """Lines of body text a bullet is counted as."""
    width = sum(WIDE_LETTER if "\u0370" <= c <= "\u06ff" else 1 for c in bullet.text)
    return max(1, math.ceil(width / LINE_CHARS))


def split(plan: SlidePlan, continued: str) -> list[SlidePlan]:
    """``plan`` as one slide, or as few slides as ``SLIDE_LINES`` allows, evenly filled;
    continuation slides repeat the title marked ``continued`` and the notes."""
    total = sum(lines_of(b) for b in plan.bullets)
    count = max(1, math.ceil(total / SLIDE_LINES))
    target = math.ceil(total / count)
    parts: list[list[Bullet]] = [[]]
    used = 0
    for bullet in plan.bullets:
        lines = lines_of(bullet)
        full = used + lines > SLIDE_LINES or (used + lines > target and len(parts) < count)
        if parts[-1] and full:
            parts.append([])
            used = 0
        parts[-1].append(bullet)
        used += lines
    return [SlidePlan(plan.layout, plan.title if n == 0 else f"{plan.title} {continued}",
                      tuple(bullets), plan.notes)
            for n, bullets in enumerate(parts)]


def check_template(template: Path) -> None:
    """Raise ``TemplateError`` now rather than for every deck."""
    _open_template(template)


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


def _add(prs: PresentationType, plan: SlidePlan, right_to_left: bool) -> None:
    layout = prs.slide_layouts.get_by_name(plan.layout)
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = plan.title
    frames = [slide.shapes.title.text_frame]
    body = next((p for p in slide.placeholders if p.placeholder_format.idx == 1), None)
    if body is not None:
        frame = body.text_frame
        for index, bullet in enumerate(plan.bullets):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.text = bullet.text
            paragraph.level = bullet.level
        frames.append(frame)
    slide.notes_slide.notes_text_frame.text = plan.notes
    if right_to_left:
        for paragraph in (p for f in [*frames, slide.notes_slide.notes_text_frame]
                          for p in f.paragraphs):
            paragraph._p.get_or_add_pPr().set("rtl", "1")
            paragraph.alignment = PP_ALIGN.RIGHT


def _set_properties(prs: PresentationType, deck: Deck) -> None:
    props = prs.core_properties
    props.title = deck.title
    props.subject = deck.subject
    props.language = deck.language
    props.author = props.last_modified_by = "coursepack"
    props.created = props.modified = epoch_naive(deck.epoch)
    props.revision = 1
    props.last_printed = epoch_naive(deck.epoch)


def plan_decks(course: Course, template: Path, epoch: int, outputs: Outputs,
               folder: str = "decks") -> None:
    """``<folder>/<lang>/<module-id>.pptx`` for every module in every language."""
    check_template(template)
    for language in course.languages:
        localized = localize(course, language)
        for module in localized.modules:
            planned = deck(localized, module.title, plan_slides(localized, module), epoch)
            outputs.render(f"{folder}/{language}/{module.id}.pptx", render_deck, planned,
                           template)
