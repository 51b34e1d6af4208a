"""The facilitator guide per language, outside the learner site: one HTML page, one PDF
per module and the whole guide as one PDF (a cover with the contents, then every module,
pages numbered throughout), typeset by Typst from ``generator/typst/guide.typ``.

For each module: objectives, timing, the session plan, each activity's method, materials,
steps and debrief questions, the talking points of the slides, facilitator notes, and the
answer keys of its practice and test items. Every text is escaped; nothing is a template.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from generator.build.chart_svg import chart_svg, decimal_mark
from generator.build.outputs import Outputs
from generator.build.sanitize import add_content_security_policy
from generator.build.typeset import (
    TEMPLATES,
    Text,
    course_text,
    message_texts,
    typeset,
    typeset_large,
)
from generator.course.localize import direction, own_language, translation_notices
from generator.course.model import Activity, Course, Item, Module, Step
from generator.facilitator.decks import numbered_slides
from generator.facilitator.handouts import activity_materials
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
    guide (:func:`module_data`), as plain text and course texts with their language and
    direction."""
    ui = course.ui
    title = (_title(course) if whole
             else f"{parts[0]['title']['text']}: {ui('Facilitator guide')}")
    return {
        "lang": course.language, "paper": course.paper, "title": title, "whole": whole,
        "course": course_text(course, course.title),
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
    """One module's part of the guide: each course text with its own language and
    direction (:func:`~generator.build.typeset.course_text`), each label or line made of
    both as a run of them."""
    ui = course.ui

    def own(value: str) -> Text:
        return course_text(course, value)

    def run(*values: str) -> list[Text]:
        return [own(value) for value in values]

    plan = [{"from": span, "what": what, "minutes": minutes}
            for span, what, minutes in _session(course, module)]
    return {
        "id": module.id, "title": own(module.title),
        "meta": run(course.track(module.track).title,
                    " · " + ui("{minutes} minutes", minutes=module.minutes)),
        "summary": own(module.summary.strip()),
        "notices": list(translation_notices(course, module, ("deck", "quiz"))),
        "objectives": [own(o.text) for o in module.objectives],
        "plan": plan,
        "activities": [{
            "title": _activity_title(course, a),
            "meta": run(ui("{minutes} minutes", minutes=a.minutes) + " · ", a.method),
            "materials": run(*activity_materials(course, module, a)),
            "steps": [{"text": own(step.text), "minutes": _step_minutes(course, step)}
                      for step in a.steps],
            "debrief": run(*a.debrief), "notes": own(a.notes.strip())}
            for a in module.activities],
        "talking": [{"slide": ui("Slide {number}", number=number), "title": own(slide.title),
                     "notes": own(slide.notes.strip()),
                     "pictures": [_picture_data(course, module, line.src, line.text)
                                  for line in slide.images()]}
                    for number, slide in numbered_slides(course, module)
                    if slide.notes.strip() or slide.images()],
        "key_messages": run(*module.key_messages),
        "key": [{"id": item.id,
                 "use": ", ".join(ui("test") if u == "test" else ui("practice")
                                  for u in item.use),
                 "stem": own(item.stem),
                 "answers": run(*(course.choice_text(item, c) for c in item.choices()
                                  if c.correct))}
                for item in module.items],
    }


def _session(course: Course, module: Module) -> list[tuple[str, list[Text], int]]:
    """The session plan: each part's minutes from start to end (``0–20``), what it is
    (a run of course texts: "Activity: <title>", the title in its own language and
    direction) and its minutes."""
    start, parts, activities = 0, [], iter(module.activities)
    for part in session_plan(course, module):  # the slides, then each activity in order
        what = (_activity_title(course, next(activities)) if part.kind == "activity"
                else [course_text(course, part.what)])
        parts.append((f"{start}–{start + part.minutes}", what, part.minutes))
        start += part.minutes
    return parts


def _step_minutes(course: Course, step: Step) -> str:
    """How long a step takes, as the guide and the deck's notes show it: "5 min"."""
    return course.ui("{minutes} min", minutes=step.minutes)


def _activity_title(course: Course, activity: Activity) -> list[Text]:
    """"Activity: <title>" in the course's language, the title in its own."""
    return message_texts(course, course.ui("Activity: {title}"), title=activity.title)


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
    contents = "".join(f'<li><a href="#{m.id}">{_own(course, m.title)}</a></li>'
                       for m in course.modules)
    return (f"<h1>{_own(course, course.title)}<br>{e(ui('Facilitator guide'))}</h1>\n"
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
        f"<h2{_lang(course, module.title)}>{e(module.title)}</h2>",
        f'<p class="meta">{_own(course, course.track(module.track).title)} · '
        f'{e(ui("{minutes} minutes", minutes=module.minutes))}</p>',
        _paragraphs(course, module.summary),
        *(f'<p class="notice">{e(n)}</p>' for n in translation_notices(
            course, module, ("deck", "quiz"))),
        f"<h3>{e(ui('Learning objectives'))}</h3>",
        _list(course, (o.text for o in module.objectives)),
        f"<h3>{e(ui('Session plan'))}</h3>",
        _plan(course, module),
    ]
    for activity in module.activities:
        parts.append(_activity(course, module, activity))
    talking = [(s.title, s.notes) for s in module.slides if s.notes.strip()]
    if talking:
        parts.append(f"<h3>{e(ui('Talking points'))}</h3><dl>")
        parts += [f"<dt{_lang(course, t)}>{e(t)}</dt><dd>{_paragraphs(course, n)}</dd>"
                  for t, n in talking]
        parts.append("</dl>")
    parts += [f"<h3>{e(ui('Key messages'))}</h3>", _list(course, module.key_messages)]
    if module.items:
        parts.append(_answer_key(course, module.items))
    parts.append("</section>\n")
    return "\n".join(parts)


def _plan(course: Course, module: Module) -> str:
    """The session minute by minute."""
    ui, e = course.ui, escape
    lines = [f'<tr><td><bdi dir="ltr">{span}</bdi></td><td>{_run(what)}</td>'  # 0–20 in RTL
             f"<td>{minutes}</td></tr>" for span, what, minutes in _session(course, module)]
    return (f"<table><thead><tr><th>{e(ui('Minutes'))}</th><th>{e(ui('What'))}</th>"
            f"<th>{e(ui('Duration'))}</th></tr></thead><tbody>{''.join(lines)}</tbody></table>")


def _activity(course: Course, module: Module, activity: Activity) -> str:
    ui, e = course.ui, escape
    parts = [f"<h3>{_run(_activity_title(course, activity))}</h3>",
             f'<p class="meta">{e(ui("{minutes} minutes", minutes=activity.minutes))}'
             f" · {_own(course, activity.method)}</p>"]
    if activity.materials or activity.handouts:
        parts += [f"<p><strong>{e(ui('Materials:'))}</strong></p>",
                  _list(course, activity_materials(course, module, activity))]
    parts += [f"<p><strong>{e(ui('Steps:'))}</strong></p>", _steps(course, activity)]
    if activity.debrief:
        parts += [f"<p><strong>{e(ui('Debrief questions:'))}</strong></p>",
                  _list(course, activity.debrief)]
    if activity.notes.strip():
        parts += [f"<p><strong>{e(ui('Facilitator notes:'))}</strong></p>",
                  _paragraphs(course, activity.notes)]
    return "\n".join(parts)


def _steps(course: Course, activity: Activity) -> str:
    """The numbered steps, each with its minutes in the page's language (marked as such in
    a list left in another language)."""
    page = f' lang="{escape(course.language)}" dir="{direction(course.language)}"'
    minutes = [f' <span class="meta"{page if _lang(course, step.text) else ""}>'
               f"({escape(_step_minutes(course, step))})</span>" for step in activity.steps]
    return _list(course, (step.text for step in activity.steps), "ol", minutes)


def _answer_key(course: Course, items: tuple[Item, ...]) -> str:
    ui, e = course.ui, escape
    rows = []
    for item in items:
        answers = [course.choice_text(item, c) for c in item.choices() if c.correct]
        use = ", ".join(ui("test") if u == "test" else ui("practice") for u in item.use)
        rows.append(f"<tr><td>{e(item.id)}</td><td>{e(use)}</td>"
                    f"<td{_lang(course, item.stem)}>{e(item.stem)}</td>"
                    f'<td class="key">{"<br>".join(_own(course, a) for a in answers)}</td></tr>')
    return (f"<h3>{e(ui('Answer key'))}</h3><table><thead><tr><th>{e(ui('Item'))}</th>"
            f"<th>{e(ui('Use'))}</th><th>{e(ui('Question'))}</th>"
            f"<th>{e(ui('Correct answer'))}</th></tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table>")


def _list(course: Course, texts: Iterable[str], tag: str = "ul",
          after: list[str] | None = None) -> str:
    """A list of course texts, each in its own language and direction: the list's, when
    it is wholly in one other than the page's (its markers then stand on that side).
    ``after``: HTML to add to each entry (a step's minutes)."""
    texts = list(texts)
    after = after or [""] * len(texts)
    own = {_lang(course, t) for t in texts}
    shared = own.pop() if len(own) == 1 else ""
    items = "".join(f"<li{'' if shared else _lang(course, t)}>{escape(t)}{more}</li>"
                    for t, more in zip(texts, after, strict=True))
    return f"<{tag}{shared}>{items}</{tag}>"


def _paragraphs(course: Course, text: str) -> str:
    """A course text's paragraphs (blank lines separate them), in its own language and
    direction."""
    own = _lang(course, text)
    return "".join(f"<p{own}>{escape(p)}</p>" for p in text.strip().split("\n\n")
                   if p.strip())


def _lang(course: Course, text: str) -> str:
    """The ``lang`` and ``dir`` attributes of an element that holds only ``text``, where
    they are not the page's (see :func:`~generator.course.localize.own_language`)."""
    own = own_language(course, text)
    return f' lang="{escape(own[0])}" dir="{own[1]}"' if own else ""


def _own(course: Course, text: str) -> str:
    """A course text inline: escaped, in a ``span`` with its own language and direction
    where they are not the page's."""
    own = _lang(course, text)
    return f"<span{own}>{escape(text)}</span>" if own else escape(text)


def _run(texts: list[Text]) -> str:
    """A run of :func:`~generator.build.typeset.message_texts` as HTML."""
    shown = []
    for t in texts:
        own = "".join(f' {key}="{escape(t[key])}"' for key in ("lang", "dir") if t[key])
        shown.append(f"<span{own}>{escape(t['text'])}</span>" if own else escape(t["text"]))
    return "".join(shown)


def escape(text: object) -> str:
    """Text for HTML content and attribute values."""
    return html.escape(str(text), quote=True)
