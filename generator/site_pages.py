"""The learner site's pages, as Markdown generated from the course model.

Text from the model is escaped (``text``) or, for authored Markdown, passed through
as Markdown and sanitised after rendering; it is never evaluated as a template.
Items marked ``test`` never reach a page, even when also marked ``practice``: learners
must not meet pre/post test questions (or their answers) before the tests.
"""

from __future__ import annotations

import html

from babel import Locale, UnknownLocaleError

from .model import Course, Item, Module
from .templates import template_page

LABELS = {
    "duration": "Duration", "minutes": "minutes", "track": "Track",
    "objectives": "Learning objectives", "before": "Before you start",
    "study_first": "Study these modules first:", "key_messages": "Key messages",
    "activities": "Activities", "self_check": "Check your understanding",
    "sources": "Sources", "previous": "Previous", "next": "Next",
    "check": "Check answer", "retry": "Try again", "print": "Print this module",
    "tick_one": "Choose one answer.", "tick_all": "Choose all answers that apply.",
    "glossary": "Glossary", "references": "References", "home": "Home",
    "modules": "modules", "about": "about", "in_workshop": "in a workshop",
    "version": "version", "tracks": "Tracks", "languages": "Languages",
}


def text(value: str) -> str:
    """Plain text for a Markdown page: HTML special characters escaped."""
    return html.escape(value.strip(), quote=False)


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def pages(course: Course) -> dict[str, str]:
    """Every page of the learner site, as Markdown keyed by path under docs/."""
    result = {"index.md": _home(course), "references.md": _references(course)}
    if course.glossary:
        result["glossary.md"] = _glossary(course)
    for track in course.tracks:
        result[f"tracks/{track.id}.md"] = _track(course, track.id)
    for index, module in enumerate(course.modules):
        result[f"modules/{module.id}.md"] = _module(course, index)
    abbreviations = _abbreviations(course)
    result = {path: markdown + abbreviations for path, markdown in result.items()}
    for template in course.site_templates:  # maintainer templates: rendered by macros as is
        result[f"{template.name}.md"] = template_page(template.text)
    return result


def nav(course: Course) -> list:
    """The navigation: home, each track with its modules in course order, glossary, references."""
    entries: list = [{LABELS["home"]: "index.md"}]
    for track in course.tracks:
        modules = [{text(m.title): f"modules/{m.id}.md"}
                   for m in course.modules if m.track == track.id]
        entries.append({text(track.title): [f"tracks/{track.id}.md", *modules]})
    entries += [{text(t.title): f"{t.name}.md"} for t in course.site_templates]
    if course.glossary:
        entries.append({LABELS["glossary"]: "glossary.md"})
    entries.append({LABELS["references"]: "references.md"})
    return entries


def _home(course: Course) -> str:
    minutes = sum(m.minutes for m in course.modules)
    lines = [f"# {text(course.title)}", "", text(course.summary), "",
             f"**{len(course.modules)} {LABELS['modules']}** · {LABELS['about']} "
             f"**{_hours(minutes)}** {LABELS['in_workshop']} · "
             f"{LABELS['version']} {text(course.version)}", "",
             f"**{LABELS['languages']}:** " + ", ".join(_language_name(code)
                                                   for code in course.languages), "",
             f"## {LABELS['tracks']}", ""]
    for track in course.tracks:
        count = sum(1 for m in course.modules if m.track == track.id)
        lines.append(f"- [{text(track.title)}](tracks/{track.id}.md) ({count} "
                     f"{LABELS['modules']}): {text(track.summary)}")
    return "\n".join(lines) + "\n"


def _track(course: Course, track_id: str) -> str:
    track = course.track(track_id)
    lines = [f"# {text(track.title)}", "", text(track.summary), ""]
    for module in (m for m in course.modules if m.track == track_id):
        lines.append(f"- [{text(module.title)}](../modules/{module.id}.md) "
                     f"({module.minutes} {LABELS['minutes']}): {text(module.summary)}")
    return "\n".join(lines) + "\n"


def _module(course: Course, index: int) -> str:
    module = course.modules[index]
    track = course.track(module.track)
    lines = [
        f"# {text(module.title)}", "", text(module.summary), "",
        f"**{LABELS['duration']}:** {module.minutes} {LABELS['minutes']} · "
        f"**{LABELS['track']}:** [{text(track.title)}](../tracks/{track.id}.md)", "",
        f'<button type="button" class="md-button cp-print" hidden>{LABELS["print"]}</button>',
        "", f"## {LABELS['objectives']}", "",
        *[f"- {text(o.text)}" for o in module.objectives], "",
    ]
    if module.prerequisites:
        lines += [f"## {LABELS['before']}", "", LABELS["study_first"], ""]
        lines += [f"- [{text(course.module(p).title)}]({p}.md)" for p in module.prerequisites]
        lines.append("")
    lines += [module.content.strip(), "", f"## {LABELS['key_messages']}", ""]
    lines += [f"- {text(message)}" for message in module.key_messages]
    lines += _activities(module)
    lines += _self_check(module)
    if module.sources:
        lines += ["", f"## {LABELS['sources']}", ""]
        lines += [f"- [{text(course.reference(s).title)}](../references.md#{s})"
                  for s in module.sources]
    lines += ["", *_neighbours(course, index)]
    return "\n".join(lines) + "\n"


def _activities(module: Module) -> list[str]:
    """Learner-facing side of the activities: what, how long, and the learner's task."""
    if not module.activities:
        return []
    lines = ["", f"## {LABELS['activities']}", ""]
    for activity in module.activities:
        lines += [f"### {text(activity.title)}", "",
                  f"*{activity.minutes} {LABELS['minutes']} · {text(activity.method)}*", ""]
        if activity.learner_task:
            lines += [text(activity.learner_task), ""]
    return lines


def _self_check(module: Module) -> list[str]:
    practice = [item for item in module.items if "test" not in item.use]
    if not practice:
        return []
    lines = ["", f"## {LABELS['self_check']}", ""]
    for number, item in enumerate(practice, start=1):
        lines += [quiz_html(item, number), ""]
    return lines


def quiz_html(item: Item, number: int) -> str:
    """A self-check question: native inputs, per-option feedback, checked by quiz.js."""
    kind = "checkbox" if item.type == "multiple" else "radio"
    name = f"q-{item.id}"
    hint = LABELS["tick_all"] if kind == "checkbox" else LABELS["tick_one"]
    options = []
    for choice in item.choices():
        option_id = f"{name}-{choice.id}"
        options.append(
            f'<div class="cp-option"><input type="{kind}" name="{name}" id="{option_id}" '
            f'value="{attr(choice.id)}" data-correct="{str(choice.correct).lower()}">'
            f'<label for="{option_id}">{text(choice.text)}</label>'
            f'<p class="cp-feedback" hidden>{text(choice.feedback)}</p></div>'
        )
    return (
        f'<form class="cp-quiz" id="{name}" data-item="{attr(item.id)}">'
        f'<fieldset><legend>{number}. {text(item.stem)} <span class="cp-hint">{hint}</span>'
        f"</legend>{''.join(options)}</fieldset>"
        f'<p class="cp-actions"><button type="submit" class="md-button md-button--primary">'
        f'{LABELS["check"]}</button> <button type="reset" class="md-button">'
        f'{LABELS["retry"]}</button></p>'
        f'<p class="cp-result" role="status" aria-live="polite"></p></form>'
    )


def _neighbours(course: Course, index: int) -> list[str]:
    links = []
    if index > 0:
        previous = course.modules[index - 1]
        links.append(f"{LABELS['previous']}: [{text(previous.title)}]({previous.id}.md)")
    if index + 1 < len(course.modules):
        following = course.modules[index + 1]
        links.append(f"{LABELS['next']}: [{text(following.title)}]({following.id}.md)")
    return [" · ".join(links)] if links else []


def _references(course: Course) -> str:
    lines = [f"# {LABELS['references']}", ""]
    for ref in course.references:
        details = ", ".join(str(x) for x in (ref.publisher, ref.year) if x)
        lines += [f"## {text(ref.title)} {{#{ref.id}}}", "", text(details), ""]
        if ref.url:
            lines += [f"<{attr(ref.url)}>", ""]
    return "\n".join(lines)


def _glossary(course: Course) -> str:
    lines = [f"# {LABELS['glossary']}", ""]
    for entry in sorted(course.glossary, key=lambda e: (e.abbr or e.term).casefold()):
        name = f"{text(entry.abbr)} — {text(entry.term)}" if entry.abbr else text(entry.term)
        lines += [name, f":   {text(entry.definition)}", ""]
    return "\n".join(lines)


def _abbreviations(course: Course) -> str:
    """Markdown abbreviation definitions (``abbr`` extension), appended to every page."""
    rows = [f"*[{entry.abbr}]: {text(entry.term)}: {text(entry.definition)}"
            for entry in course.glossary if entry.abbr]
    return "\n" + "\n".join(rows) + "\n" if rows else ""


def _language_name(code: str) -> str:
    """A language's name in that language (``ru`` → ``русский``), or the code."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return code


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
