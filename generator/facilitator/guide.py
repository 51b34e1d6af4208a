"""The facilitator guide per language, outside the learner site: one HTML page, one PDF
per module and the whole guide as one PDF (a cover with the contents, then every module,
pages numbered throughout), typeset by Typst from ``generator/typst/guide.typ``.

For each module: objectives, timing, the session plan, each activity's method, materials,
steps and debrief questions, the talking points of the slides, facilitator notes, and the
answer keys of its practice and test items. Every text is escaped; nothing is a template.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from generator.build.chart_svg import chart_svg, decimal_mark
from generator.build.outputs import Outputs
from generator.build.sanitize import add_content_security_policy
from generator.build.typeset import TEMPLATES, typeset, typeset_large
from generator.course.localize import direction, translation_notices
from generator.course.model import Activity, Course, Item, Module
from generator.facilitator.decks import numbered_slides
from generator.facilitator.session import session_plan

STYLE = """
@page { size: A4; margin: 18mm 16mm 20mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45;
       color: #1a1a1a; max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
h1 { color: #3b1f5b; font-size: 20pt; }
h2 { color: #3b1f5b; font-size: 15pt; border-bottom: 2px solid #6b2c91;
     page-break-before: always; margin-top: 0; padding-top: .5rem; }
section:first-child h2 { page-break-before: auto; }
h3 { font-size: 12pt; margin-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #999; padding: .25rem .4rem; text-align: start; vertical-align: top; }
.meta { color: #444; }
.notice { border-inline-start: 4px solid #b45309; padding: 0.3em 0.8em; background: #fff7ed; }
.key { background: #f3eef8; }
"""
MODULES = "modules"
"""Each module's part of the guide is also a PDF of its own, ``<lang>/modules/<id>.pdf``."""


def plan_guides(courses: Mapping[str, Course], outputs: Outputs, epoch: int,
                folder: str = "facilitator") -> None:
    """``<folder>/<lang>/guide.html``, ``guide.pdf`` (the whole guide) and each module's
    part as a PDF of its own, ``<lang>/modules/<id>.pdf`` (``courses``: the course
    localized in each language)."""
    for language, localized in courses.items():
        outputs.write(f"{folder}/{language}/guide.html", guide_html(localized))
        parts = {m.id: module_data(localized, m) for m in localized.modules}
        outputs.render(f"{folder}/{language}/guide.pdf", typeset_large, TEMPLATES, "guide",
                       guide_data(localized, list(parts.values()), whole=True), epoch,
                       cost=len(parts), heavy=True)
        for module in localized.modules:
            outputs.render(f"{folder}/{language}/{MODULES}/{module.id}.pdf", typeset,
                           TEMPLATES, "guide", guide_data(localized, [parts[module.id]],
                                                          whole=False), epoch)


def guide_data(course: Course, parts: list[dict[str, Any]], whole: bool) -> dict[str, Any]:
    """What ``guide.typ`` shows: the title and labels, and the modules' ``parts`` of the
    guide (:func:`module_data`), as plain text."""
    ui = course.ui
    title = _title(course) if whole else f"{parts[0]['title']}: {ui('Facilitator guide')}"
    return {
        "lang": course.language, "paper": course.paper, "title": title, "whole": whole,
        "course": course.title,
        "warning": ui("For facilitators only: this guide contains the answers to the tests."),
        "labels": {
            "kind": ui("Facilitator guide"), "contents": ui("Contents"),
            "objectives": ui("Learning objectives"), "plan": ui("Session plan"),
            "minutes": ui("Minutes"), "what": ui("What"), "duration": ui("Duration"),
            "talking": ui("Talking points"), "key_messages": ui("Key messages"),
            "answer_key": ui("Answer key"), "item": ui("Item"), "use": ui("Use"),
            "question": ui("Question"), "correct": ui("Correct answer"),
            "materials": ui("Materials:"), "steps": ui("Steps:"),
            "debrief": ui("Debrief questions:"), "notes": ui("Facilitator notes:")},
        "modules": parts,
    }


def module_data(course: Course, module: Module) -> dict[str, Any]:
    """One module's part of the guide."""
    ui = course.ui
    start, plan = 0, []
    for part in session_plan(course, module):
        plan.append({"from": f"{start}–{start + part.minutes}", "what": part.what,
                     "minutes": part.minutes})
        start += part.minutes
    return {
        "id": module.id, "title": module.title,
        "meta": f"{course.track(module.track).title} · "
                + ui("{minutes} minutes", minutes=module.minutes),
        "summary": module.summary.strip(),
        "notices": list(translation_notices(course, module, ("deck", "quiz"))),
        "objectives": [o.text for o in module.objectives],
        "plan": plan,
        "activities": [{
            "title": ui("Activity: {title}", title=a.title),
            "meta": f"{ui('{minutes} minutes', minutes=a.minutes)} · {a.method}",
            "materials": list(a.materials), "steps": list(a.steps),
            "debrief": list(a.debrief), "notes": a.notes.strip()} for a in module.activities],
        "talking": [{"slide": ui("Slide {number}", number=number), "title": slide.title,
                     "notes": slide.notes.strip(),
                     "pictures": [_picture_data(course, module, line.src, line.text)
                                  for line in slide.images()]}
                    for number, slide in numbered_slides(course, module)
                    if slide.notes.strip() or slide.images()],
        "key_messages": list(module.key_messages),
        "key": [{"id": item.id,
                 "use": ", ".join(ui("test") if u == "test" else ui("practice")
                                  for u in item.use),
                 "stem": item.stem,
                 "answers": [course.choice_text(item, c) for c in item.choices() if c.correct]}
                for item in module.items],
    }


def _picture_data(course: Course, module: Module, src: str, alt: str) -> dict[str, Any]:
    """A slide's picture or chart for ``guide.typ``: an SVG as text, a PNG or JPEG as its
    bytes (a list of numbers: JSON has no bytes), and its alt text."""
    if src.startswith("charts/"):
        svg = chart_svg(module.chart(src), direction(course.language) == "rtl",
                        decimal_mark(course.language))
        return {"alt": alt, "svg": svg.decode("utf-8")}
    picture = module.picture(src)
    if src.endswith(".svg"):
        return {"alt": alt, "svg": picture.data.decode("utf-8")}
    return {"alt": alt, "raster": list(picture.data)}


def guide_html(course: Course) -> str:
    """The whole guide as one self-contained HTML page (no scripts, no external files)."""
    body = "".join(_module(course, m) for m in course.modules)
    return _document(course, f"{_cover(course)}{body}")


def _title(course: Course) -> str:
    return f"{course.ui('Facilitator guide')}: {course.title}"


def _cover(course: Course) -> str:
    """Title, warning and contents, linked to the modules."""
    ui, e = course.ui, escape
    warning = ui("For facilitators only: this guide contains the answers to the tests.")
    contents = "".join(f'<li><a href="#{m.id}">{e(m.title)}</a></li>' for m in course.modules)
    return (f"<h1>{e(course.title)}<br>{e(ui('Facilitator guide'))}</h1>\n"
            f'<p class="meta">{e(warning)}</p>\n<nav><ol>{contents}</ol></nav>\n')


def _document(course: Course, body: str) -> str:
    e = escape
    page = (
        f'<!doctype html>\n<html lang="{e(course.language)}" '
        f'dir="{direction(course.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{e(_title(course))}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
    return add_content_security_policy(page)


def _module(course: Course, module: Module) -> str:
    ui, e = course.ui, escape
    parts = [
        f'<section id="{e(module.id)}">',
        f"<h2>{e(module.title)}</h2>",
        f'<p class="meta">{e(course.track(module.track).title)} · '
        f'{e(ui("{minutes} minutes", minutes=module.minutes))}</p>',
        f"<p>{e(module.summary)}</p>",
        *(f'<p class="notice">{e(n)}</p>' for n in translation_notices(
            course, module, ("deck", "quiz"))),
        f"<h3>{e(ui('Learning objectives'))}</h3>",
        _list(o.text for o in module.objectives),
        f"<h3>{e(ui('Session plan'))}</h3>",
        _plan(course, module),
    ]
    for activity in module.activities:
        parts.append(_activity(course, activity))
    talking = [(s.title, s.notes) for s in module.slides if s.notes.strip()]
    if talking:
        parts.append(f"<h3>{e(ui('Talking points'))}</h3><dl>")
        parts += [f"<dt>{e(t)}</dt><dd>{_paragraphs(n)}</dd>" for t, n in talking]
        parts.append("</dl>")
    parts += [f"<h3>{e(ui('Key messages'))}</h3>", _list(module.key_messages)]
    if module.items:
        parts.append(_answer_key(course, module.items))
    parts.append("</section>\n")
    return "\n".join(parts)


def _plan(course: Course, module: Module) -> str:
    """The session minute by minute."""
    ui, e = course.ui, escape
    start, lines = 0, []
    for part in session_plan(course, module):
        lines.append(f"<tr><td>{start}–{start + part.minutes}</td><td>{e(part.what)}</td>"
                     f"<td>{part.minutes}</td></tr>")
        start += part.minutes
    return (f"<table><thead><tr><th>{e(ui('Minutes'))}</th><th>{e(ui('What'))}</th>"
            f"<th>{e(ui('Duration'))}</th></tr></thead><tbody>{''.join(lines)}</tbody></table>")


def _activity(course: Course, activity: Activity) -> str:
    ui, e = course.ui, escape
    parts = [f"<h3>{e(ui('Activity: {title}', title=activity.title))}</h3>",
             f'<p class="meta">{e(ui("{minutes} minutes", minutes=activity.minutes))}'
             f" · {e(activity.method)}</p>"]
    if activity.materials:
        parts += [f"<p><strong>{e(ui('Materials:'))}</strong></p>", _list(activity.materials)]
    parts += [f"<p><strong>{e(ui('Steps:'))}</strong></p>",
              "<ol>" + "".join(f"<li>{e(s)}</li>" for s in activity.steps) + "</ol>"]
    if activity.debrief:
        parts += [f"<p><strong>{e(ui('Debrief questions:'))}</strong></p>",
                  _list(activity.debrief)]
    if activity.notes.strip():
        parts += [f"<p><strong>{e(ui('Facilitator notes:'))}</strong></p>",
                  _paragraphs(activity.notes)]
    return "\n".join(parts)


def _answer_key(course: Course, items: tuple[Item, ...]) -> str:
    ui, e = course.ui, escape
    rows = []
    for item in items:
        answers = [course.choice_text(item, c) for c in item.choices() if c.correct]
        use = ", ".join(ui("test") if u == "test" else ui("practice") for u in item.use)
        rows.append(f"<tr><td>{e(item.id)}</td><td>{e(use)}</td><td>{e(item.stem)}</td>"
                    f'<td class="key">{"<br>".join(e(a) for a in answers)}</td></tr>')
    return (f"<h3>{e(ui('Answer key'))}</h3><table><thead><tr><th>{e(ui('Item'))}</th>"
            f"<th>{e(ui('Use'))}</th><th>{e(ui('Question'))}</th>"
            f"<th>{e(ui('Correct answer'))}</th></tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table>")


def _list(texts) -> str:
    return "<ul>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>"


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.strip().split("\n\n") if p.strip())


def escape(text: object) -> str:
    """Text for HTML content and attribute values."""
    return html.escape(str(text), quote=True)
