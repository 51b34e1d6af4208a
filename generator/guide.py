"""The facilitator guide: one HTML page and one A4 PDF per language, outside the learner site.

For each module: objectives, timing, the session plan, each activity's method, materials,
steps and debrief questions, the talking points of the slides, facilitator notes, and the
answer keys of its practice and test items. Every text is escaped; nothing is a template.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from weasyprint import HTML

from .localize import direction, localize, translation_notices
from .model import Activity, Course, Item, Module
from .sanitize import add_content_security_policy

STYLE = """
@page { size: A4; margin: 18mm 16mm 20mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45;
       color: #1a1a1a; max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
h1 { color: #3b1f5b; font-size: 20pt; }
h2 { color: #3b1f5b; font-size: 15pt; border-bottom: 2px solid #6b2c91;
     page-break-before: always; margin-top: 0; padding-top: .5rem; }
h3 { font-size: 12pt; margin-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #999; padding: .25rem .4rem; text-align: start; vertical-align: top; }
.meta { color: #444; }
.notice { border-left: 4px solid #b45309; padding: 0.3em 0.8em; background: #fff7ed; }
.key { background: #f3eef8; }
"""


def write_guides(course: Course, out_dir: Path) -> None:
    """``<out_dir>/<lang>/guide.html`` and ``guide.pdf`` for every language."""
    for language in course.languages:
        localized = localize(course, language)
        folder = out_dir / language
        folder.mkdir(parents=True, exist_ok=True)
        page = guide_html(localized)
        (folder / "guide.html").write_text(page, encoding="utf-8")
        HTML(string=page, base_url=str(folder)).write_pdf(folder / "guide.pdf")


def guide_html(course: Course) -> str:
    """The whole guide as one self-contained HTML page (no scripts, no external files)."""
    ui, e = course.ui, escape
    title = ui("Facilitator guide")
    warning = ui("For facilitators only: this guide contains the answers to the tests.")
    contents = "".join(f'<li><a href="#{m.id}">{e(m.title)}</a></li>' for m in course.modules)
    body = "".join(_module(course, m) for m in course.modules)
    page = (
        f'<!doctype html>\n<html lang="{e(course.language)}" '
        f'dir="{direction(course.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{e(title)}: {e(course.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n<h1>{e(course.title)}<br>{e(title)}</h1>\n"
        f'<p class="meta">{e(warning)}</p>\n'
        f"<nav><ol>{contents}</ol></nav>\n{body}</main>\n</body>\n</html>\n"
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


@dataclass(frozen=True)
class SessionPart:
    """One part of a module's workshop session."""

    kind: str  # "session" (the slides) or "activity"
    what: str
    minutes: int
    materials: tuple[str, ...] = ()


def session_plan(course: Course, module: Module) -> list[SessionPart]:
    """The module's session in order: the slides, then each activity (minutes add up)."""
    presentation = max(0, module.minutes - sum(a.minutes for a in module.activities))
    return [SessionPart("session", course.ui("Presentation and discussion (slides)"),
                        presentation),
            *(SessionPart("activity", course.ui("Activity: {title}", title=a.title),
                          a.minutes, a.materials) for a in module.activities)]


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
