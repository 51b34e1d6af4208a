"""The learner site's pages, as Markdown generated from the course model.

Text from the model is escaped (``text``) or, for authored Markdown, passed through
as Markdown and sanitised after rendering; it is never evaluated as a template.
Items marked ``test`` never reach a page, even when also marked ``practice``: learners
must not meet pre/post test questions (or their answers) before the tests.
"""

from __future__ import annotations

import html
import json
import math
import random
from collections.abc import Iterable

from generator.course.localize import (
    direction,
    language_name,
    own_language,
    translation_notices,
)
from generator.course.model import Choice, Course, Item, Module
from generator.site.pictures import with_pictures
from generator.site.templates import template_page


def text(value: str) -> str:
    """Plain text for a Markdown page: HTML special characters escaped."""
    return html.escape(value.strip(), quote=False)


def own(course: Course, value: str) -> str:
    """:func:`text`, marked with the source language and its direction when a
    right-to-left page shows it in another script (its translation is missing)."""
    marks = own_marks(course, value)
    return f"<span {marks}>{text(value)}</span>" if marks else text(value)


def own_marks(course: Course, value: str) -> str:
    """``lang`` and ``dir`` of ``value`` when they are not the page's (see
    :func:`own_language`), else nothing: such text keeps its own direction, so its full
    stops and numbers stay where they belong and screen readers use the right voice."""
    own = own_language(course, value)
    return f'lang="{own[0]}" dir="{own[1]}"' if own else ""


def own_heading(course: Course, level: int, value: str) -> str:
    """A Markdown heading of ``value``, marked as :func:`own_marks` says."""
    marks = own_marks(course, value)
    return f"{'#' * level} {text(value)}" + (f" {{ {marks} }}" if marks else "")


def own_paragraph(course: Course, value: str) -> str:
    """A Markdown paragraph of ``value``, marked as :func:`own_marks` says."""
    marks = own_marks(course, value)
    return text(value) + (f"\n{{ {marks} }}" if marks else "")


def own_list(course: Course, values: Iterable[str]) -> list[str]:
    """A bulleted list, each item marked as :func:`own_marks` says (md_in_html: the
    items' Markdown, such as abbreviations, still works)."""
    items = []
    for value in values:
        marks = own_marks(course, value)
        items.append(f"<li {marks + ' ' if marks else ''}markdown=\"span\">{text(value)}</li>")
    return ["<ul markdown>", *items, "</ul>"]


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def pages(course: Course) -> dict[str, str]:
    """Every page of the learner site, as Markdown keyed by path under docs/."""
    result = {"index.md": _home(course), "progress.md": _progress(course),
              "references.md": _references(course)}
    if course.glossary:
        result["glossary.md"] = _glossary(course)
    for track in course.tracks:
        result[f"tracks/{track.id}.md"] = described(track.summary, _track(course, track.id))
    for index, module in enumerate(course.modules):
        result[f"modules/{module.id}.md"] = described(module.summary, _module(course, index))
    abbreviations = _abbreviations(course)
    result = {path: markdown + abbreviations for path, markdown in result.items()}
    for template in course.site_templates:  # maintainer templates: rendered by macros as is
        result[f"{template.name}.md"] = template_page(course, template)
    return result


def described(summary: str, markdown: str) -> str:
    """``markdown`` with ``summary`` as the page's meta description (front matter; JSON is
    YAML, so no summary can break out of it). Pages without one get the course's."""
    return f"---\ndescription: {json.dumps(' '.join(summary.split()))}\n---\n\n{markdown}"


def nav(course: Course) -> list:
    """The navigation: home, each track with its modules in course order, glossary, references."""
    entries: list = [{ui(course, "Home"): "index.md"},
                     {ui(course, "Your progress"): "progress.md"}]
    for track in course.tracks:
        modules = [{text(m.title): f"modules/{m.id}.md"}
                   for m in course.modules if m.track == track.id]
        entries.append({text(track.title): [f"tracks/{track.id}.md", *modules]})
    entries += [{text(t.title): f"{t.name}.md"} for t in course.site_templates]
    if course.glossary:
        entries.append({ui(course, "Glossary"): "glossary.md"})
    entries.append({ui(course, "References"): "references.md"})
    return entries


def ui(course: Course, msgid: str, **values: object) -> str:
    """A UI string in the course's language, with ``{name}`` values filled in, escaped."""
    return text(course.ui(msgid, **values))  # not extracted: the caller's string is


def _home(course: Course) -> str:
    minutes = sum(m.minutes for m in course.modules)
    facts = ui(course, "Modules: {modules}; about {hours} in a workshop; version {version}",
               modules=len(course.modules), hours=_hours(course, minutes), version=course.version)
    languages = ", ".join(language_name(code) for code in course.languages)
    first = course.modules[0].id if course.modules else ""
    order = " ".join(m.id for m in course.modules)
    lines = [f"# {text(course.title)}", "", text(course.summary), "",
             f'<p class="cp-start"><a class="md-button md-button--primary cp-continue" '
             f'href="modules/{first}.html" data-modules="{order}">'
             f'{ui(course, "Start the course")}</a> '
             f'<a class="md-button" href="progress.html">{ui(course, "Your progress")}</a></p>',
             "", facts, "",
             f"**{ui(course, 'Languages')}:** {languages}", "",
             f'<p class="cp-download cp-online-only"><a href="course-offline.zip" download>'
             f'{ui(course, "Download this course to study offline")}</a> '
             '<span class="cp-offline-size"></span></p>', "",
             f"## {ui(course, 'Tracks')}", ""]
    for track in course.tracks:
        modules = [m.id for m in course.modules if m.track == track.id]
        lines.append(f"- [{text(track.title)}](tracks/{track.id}.md) "
                     f"({ui(course, 'modules: {count}', count=len(modules))})"
                     f'{_track_progress(course, modules)}: {text(track.summary)}')
    return "\n".join(lines) + "\n"


def _track_progress(course: Course, modules: list[str]) -> str:
    """Where the learner's progress in a track appears: as on a first visit, until
    coursepack.js fills in what this browser keeps (so nothing moves as the page shows)."""
    first = ui(course, "{done} of {total} done", done=0, total=len(modules))
    return f' <span class="cp-track-progress" data-modules="{" ".join(modules)}">{first}</span>'


def _state(course: Course, module: Module) -> str:
    """Where a module's state for this learner appears: "not started" until coursepack.js
    fills in what this browser keeps (the same badge, so nothing moves)."""
    return (f'<span class="cp-state" data-module="{module.id}"><span class="cp-badge '
            f'cp-badge--not-started">{ui(course, "Not started")}</span></span>')


def _progress(course: Course) -> str:
    """The learner's progress summary: every module and its state, kept in the browser."""
    lines = [f"# {ui(course, 'Your progress')}", "",
             ui(course, "Your progress is kept in this browser only: nothing is sent "
                        "anywhere. It is shared by every language of the course."), "",
             f'<button type="button" class="md-button cp-print" hidden>'
             f'{ui(course, "Print")}</button> '
             f'<button type="button" class="md-button cp-clear" hidden>'
             f'{ui(course, "Clear my progress")}</button>', ""]
    for track in course.tracks:
        lines += [f"## {text(track.title)}", ""]
        lines += [f"- [{text(m.title)}](modules/{m.id}.md) {_state(course, m)}"
                  for m in course.modules if m.track == track.id]
        lines.append("")
    return "\n".join(lines)


def _track(course: Course, track_id: str) -> str:
    track = course.track(track_id)
    modules = [m for m in course.modules if m.track == track_id]
    lines = [f"# {text(track.title)}", "", text(track.summary), "",
             f"{ui(course, 'modules: {count}', count=len(modules))}"
             f"{_track_progress(course, [m.id for m in modules])}", ""]
    for module in modules:
        lines.append(f"- [{text(module.title)}](../modules/{module.id}.md) "
                     f"({_minutes(course, module.minutes)}) {_state(course, module)}: "
                     f"{text(module.summary)}")
    return "\n".join(lines) + "\n"


def _module(course: Course, index: int) -> str:
    module = course.modules[index]
    lines = [own_heading(course, 1, module.title), "", own_paragraph(course, module.summary), "",
             *_notices(course, module), *_overview(course, index),
             _in_own_language(course, module, with_pictures(course, module,
                                                            module.content.strip())), ""]
    lines += _box("success", course.ui("Key messages"),
                  own_list(course, module.key_messages))
    lines += _on_your_own(course, module)
    lines += _self_check(course, module)
    lines += _workshop(course, module)
    if module.sources:
        lines += ["", f"## {ui(course, 'Sources')}", ""]
        lines += [f"- [{text(course.reference(s).title)}](../references.md#{s})"
                  for s in module.sources]
    lines += ["", *_neighbours(course, index)]
    return "\n".join(lines) + "\n"


READING_WORDS_PER_MINUTE = 120
"""Words a learner reads a minute in a language that may not be their first."""


def study_minutes(module: Module) -> int:
    """About how long studying a module's page takes: reading its text, doing its
    self-checks (a minute each) and its own tasks (five minutes each), in steps of five."""
    words = len(module.content.split())
    questions = sum(1 for item in module.items if "test" not in item.use)
    tasks = sum(1 for activity in module.activities if activity.learner_task)
    minutes = words / READING_WORDS_PER_MINUTE + questions + 5 * tasks
    return max(5, 5 * math.ceil(minutes / 5))


def _overview(course: Course, index: int) -> list[str]:
    """The box at the top of a module page: where it sits in the course, how long it
    takes, what the learner will be able to do and what to study first."""
    module = course.modules[index]
    track = course.track(module.track)
    place = ui(course, "Module {number} of {total}", number=index + 1,
               total=len(course.modules))
    body = [
        f"**{place}** {_state(course, module)} · "
        f"{ui(course, 'Study time: about {minutes} minutes', minutes=study_minutes(module))}"
        f" · {ui(course, 'Workshop session')}: {_minutes(course, module.minutes)} · "
        f"{ui(course, 'Track')}: [{text(track.title)}](../tracks/{track.id}.md)", "",
        f"**{ui(course, 'Learning objectives')}**", "",
        *own_list(course, [o.text for o in module.objectives]), "",
    ]
    if module.prerequisites:
        body += [f"**{ui(course, 'Before you start')}:** "
                 + ", ".join(f"[{text(course.module(p).title)}]({p}.md)"
                             for p in module.prerequisites), ""]
    body.append(f'<button type="button" class="md-button cp-print" hidden>'
                f'{ui(course, "Print this module")}</button>')
    return _box("abstract", course.ui("Overview"), body)


def _box(kind: str, title: str, body: list[str]) -> list[str]:
    """A box styled as an admonition of ``kind`` holding the Markdown lines of ``body``
    (md_in_html, so lists whose items carry their own language work inside)."""
    return [f'<div class="admonition {kind}" markdown>',
            f'<p class="admonition-title">{text(title)}</p>', "", *body, "", "</div>", ""]


def _in_own_language(course: Course, module: Module, markdown: str) -> str:
    """The page text, marked with the source language and its direction when this
    language's translation of it is missing: read by screen readers in the right voice,
    laid out in its own direction (English in a Persian page stays left to right)."""
    source = f"modules/{module.id}/content.md"
    if module.translation is None or source in module.translation.translated_files:
        return markdown
    language = course.default_language
    return (f'<div lang="{language}" dir="{direction(language)}" markdown>\n\n{markdown}\n\n'
            "</div>")


def _notices(course: Course, module: Module) -> list[str]:
    """A warning box when the page's text is partly untranslated, outdated or unreviewed."""
    notices = translation_notices(course, module, ("site", "quiz"))
    if not notices:
        return []
    title = course.ui("About this translation").replace('"', "'")  # the extension escapes it
    lines = [f'!!! warning "{title}"', ""]
    for notice in notices:
        lines += [f"    {text(notice)}", ""]
    return lines


def _on_your_own(course: Course, module: Module) -> list[str]:
    """The activities' tasks a learner can do alone, for self-study."""
    tasks = [a for a in module.activities if a.learner_task]
    if not tasks:
        return []
    lines = ["", f"## {ui(course, 'On your own')}", ""]
    for activity in tasks:
        lines += [own_heading(course, 3, activity.title), "",
                  own_paragraph(course, activity.learner_task), ""]
    return lines


def _workshop(course: Course, module: Module) -> list[str]:
    """What the module's workshop session does, folded away: for learners who attend it."""
    if not module.activities:
        return []
    title = ui(course, "In the workshop")
    rows = [f"- **{own(course, a.title)}** ({_minutes(course, a.minutes)}, "
            f"{own(course, a.method)})" for a in module.activities]
    return ["", f'<details class="cp-workshop" markdown>\n<summary>{title}</summary>', "",
            ui(course, "The workshop session on this module ({minutes}) holds these "
                       "activities:", minutes=_minutes(course, module.minutes)), "",
            *rows, "", "</details>", ""]


def _self_check(course: Course, module: Module) -> list[str]:
    practice = [item for item in module.items if "test" not in item.use]
    if not practice:  # nothing to check: the learner says when the module is done
        return ["", f'<p><button type="button" class="md-button cp-mark-done" hidden>'
                    f'{ui(course, "I have finished this module")}</button></p>']
    lines = ["", f"## {ui(course, 'Check your understanding')}", ""]
    for number, item in enumerate(practice, start=1):
        lines += [quiz_html(course, item, number), ""]
    return lines


def quiz_html(course: Course, item: Item, number: int) -> str:
    """A self-check question: native inputs, per-option feedback, checked by quiz.js."""
    kind = "checkbox" if item.type == "multiple" else "radio"
    name = f"q-{item.id}"
    hint = ui(course, "Choose all answers that apply." if kind == "checkbox"
              else "Choose one answer.")
    options = []
    for choice in shown_order(item):
        option_id = f"{name}-{choice.id}"
        label = text(course.choice_text(item, choice))
        options.append(
            f'<div class="cp-option"><input type="{kind}" name="{name}" id="{option_id}" '
            f'value="{attr(choice.id)}" data-correct="{str(choice.correct).lower()}">'
            f'<label for="{option_id}">{label}</label>'
            f'<p class="cp-feedback" hidden>{text(choice.feedback)}</p></div>'
        )
    shown = "\n".join(options)  # a line each: search words never run into each other
    messages = " ".join(f'data-{key}="{attr(message)}"' for key, message in (
        ("right", course.ui("Correct.")),
        ("wrong", course.ui("Not quite: read the feedback and try again.")),
        ("unanswered", course.ui("Choose an answer first."))))
    return (
        f'<form class="cp-quiz" id="{name}" data-item="{attr(item.id)}" {messages}>'
        f'<fieldset><legend>{number}. {text(item.stem)} <span class="cp-hint">{hint}</span>'
        f"</legend>\n{shown}\n</fieldset>"
        f'<p class="cp-actions"><button type="submit" class="md-button md-button--primary">'
        f'{ui(course, "Check answer")}</button> <button type="reset" class="md-button">'
        f'{ui(course, "Try again")}</button></p>'
        f'<p class="cp-result" role="status" aria-live="polite"></p></form>'
    )


def shown_order(item: Item) -> list[Choice]:
    """An item's choices in the order the site shows them: shuffled by a generator seeded
    with the item's id, so every language shows the same order and the key is not always
    first. True/false items keep True before False."""
    choices = list(item.choices())
    if item.type != "true-false":
        random.Random(f"practice:{item.id}").shuffle(choices)
    return choices


def _neighbours(course: Course, index: int) -> list[str]:
    links = []
    if index > 0:
        previous = course.modules[index - 1]
        links.append(f"{ui(course, 'Previous')}: [{text(previous.title)}]({previous.id}.md)")
    if index + 1 < len(course.modules):
        following = course.modules[index + 1]
        links.append(f"{ui(course, 'Next')}: [{text(following.title)}]({following.id}.md)")
    return [" · ".join(links)] if links else []


def _minutes(course: Course, minutes: int) -> str:
    return ui(course, "{minutes} minutes", minutes=minutes)


def _references(course: Course) -> str:
    lines = [f"# {ui(course, 'References')}", ""]
    for ref in course.references:
        details = ", ".join(str(x) for x in (ref.publisher, ref.year) if x)
        lines += [f"## {text(ref.title)} {{#{ref.id}}}", "", text(details), ""]
        if ref.url:
            lines += [f"<{attr(ref.url)}>", ""]
    return "\n".join(lines)


def _glossary(course: Course) -> str:
    lines = [f"# {ui(course, 'Glossary')}", ""]
    for entry in sorted(course.glossary, key=lambda e: (e.abbr or e.term).casefold()):
        name = f"{text(entry.abbr)} — {text(entry.term)}" if entry.abbr else text(entry.term)
        lines += [name, f":   {text(entry.definition)}", ""]
    return "\n".join(lines)


def _abbreviations(course: Course) -> str:
    """Markdown abbreviation definitions (``abbr`` extension), appended to every page."""
    rows = [f"*[{entry.abbr}]: {text(entry.term)}: {text(entry.definition)}"
            for entry in course.glossary if entry.abbr]
    return "\n" + "\n".join(rows) + "\n" if rows else ""


def _hours(course: Course, minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if rest:
        return course.ui("{hours} h {minutes} min", hours=hours, minutes=f"{rest:02d}")
    return course.ui("{hours} h", hours=hours)
