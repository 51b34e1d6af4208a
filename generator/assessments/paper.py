"""Printed tests: participant booklet, answer sheet and facilitator answer key (HTML → A4 PDF).

Participants write a code, never a name. Every text is escaped; nothing is a template.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from generator.assessments.forms import LETTERS, Form, FormItem
from generator.build.sanitize import add_content_security_policy
from generator.course.localize import direction
from generator.course.model import Course

CODE_BOXES = 8
"""Boxes in the participant-code field: one character each."""

STYLE = """
@page { size: A4; margin: 16mm 16mm 18mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.4; }
h1 { font-size: 16pt; margin: 0 0 2mm; } h2 { font-size: 13pt; }
.code { border: 1.5pt solid #000; padding: 3mm 4mm; margin: 3mm 0 5mm; }
.boxes { display: inline-block; margin-inline-start: 3mm; vertical-align: middle; }
.boxes span { display: inline-block; width: 8mm; height: 9mm; border: 1pt solid #000;
              margin-inline-end: 1mm; }
.note { font-size: 10pt; }
ol.questions { padding-inline-start: 8mm; }
ol.questions > li { margin-bottom: 5mm; break-inside: avoid; }
.stem { font-weight: bold; margin: 0 0 1mm; } .how { font-weight: normal; font-style: italic; }
ul.options { list-style: none; padding-inline-start: 0; margin: 0; }
ul.options li { margin: 1mm 0; }
.box { display: inline-block; width: 4mm; height: 4mm; border: 1pt solid #000;
       margin-inline-end: 2mm; vertical-align: -0.5mm; }
table { border-collapse: collapse; margin: 2mm 0 6mm; }
th, td { border: 1pt solid #666; padding: 1.2mm 2.5mm; text-align: center; }
td.text { text-align: start; }
.sheet td.n { font-weight: bold; }
.secret { border: 1.5pt solid #c2185b; padding: 2mm 4mm; }
"""


def booklet_html(course: Course, form: Form) -> str:
    """The participant booklet: code box, instructions, numbered questions."""
    ui = course.ui
    questions = "".join(_question(course, form, item) for item in form.items)
    body = (f"{_heading(course, form)}{_code_box(course)}"
            f'<p class="note">{escape(ui("Do not write your name anywhere. Answer every question: tick one box, or every box that applies where the question says so."))}</p>'  # noqa: E501
            f'<ol class="questions">{questions}</ol>')
    return _page(course, form, ui("Test booklet"), body)


def answer_sheet_html(course: Course, form: Form) -> str:
    """One row per question with a box per letter, for marking answers apart from the booklet."""
    ui = course.ui
    width = max(len(item.options) for item in form.items)
    head = "".join(f"<th>{LETTERS[n]}</th>" for n in range(width))
    rows = "".join(
        f'<tr><td class="n">{item.number}</td>'
        + "".join(f'<td>{"<span class=box></span>" if n < len(item.options) else ""}</td>'
                  for n in range(width))
        + "</tr>" for item in form.items)
    body = (f"{_heading(course, form)}{_code_box(course)}"
            f'<p class="note">{escape(ui("Tick the letter of your answer for each question."))}</p>'
            f'<table class="sheet"><tr><th>{escape(ui("Question"))}</th>{head}</tr>{rows}</table>')
    return _page(course, form, ui("Answer sheet"), body)


def answer_key_html(course: Course, forms: Sequence[Form]) -> str:
    """The facilitator's key to the pre- and post-test of one cycle, in one language."""
    ui = course.ui
    parts = [f"<h1>{escape(course.title)}</h1>",
             f"<h2>{escape(forms[0].cycle_title)}: {escape(ui('Answer key'))}</h2>",
             f'<p class="secret">{escape(ui("For facilitators only: keep this key away from participants."))}</p>']  # noqa: E501
    for form in forms:
        rows = "".join(
            f'<tr><td>{i.number}</td><td class="text">{escape(i.id)}</td>'
            f'<td class="text">{escape(i.objective)}</td><td><b>{i.correct}</b></td></tr>'
            for i in form.items)
        parts.append(
            f"<h2>{escape(_occasion(course, form.occasion))}</h2>"
            f"<table><tr><th>{escape(ui('Question'))}</th><th>{escape(ui('Item'))}</th>"
            f"<th>{escape(ui('Objective'))}</th><th>{escape(ui('Correct'))}</th></tr>"
            f"{rows}</table>")
    parts.append(f'<p class="note">{escape(ui("A question counts as right only when exactly the letters in the key are ticked."))}</p>')  # noqa: E501
    return _document(course, f"{forms[0].cycle_title}: {ui('Answer key')}", "".join(parts))


def _occasion(course: Course, occasion: str) -> str:
    return course.ui("Pre-test") if occasion == "pre" else course.ui("Post-test")


def _heading(course: Course, form: Form) -> str:
    return (f"<h1>{escape(course.title)}</h1>"
            f"<h2>{escape(form.cycle_title)}: {escape(_occasion(course, form.occasion))}</h2>")


def _code_box(course: Course) -> str:
    boxes = "<span></span>" * CODE_BOXES
    return (f'<div class="code">{escape(course.ui("Participant code"))}'
            f'<span class="boxes">{boxes}</span><br>'
            f'<span class="note">{escape(course.ui("Copy the code from your card."))}</span></div>')


def _question(course: Course, form: Form, item: FormItem) -> str:
    how = form.texts.select_all if item.type == "multiple" else course.ui("Tick one answer.")
    options = "".join(f'<li><span class="box"></span>{o.letter}. {escape(o.text)}</li>'
                      for o in item.options)
    return (f'<li><p class="stem">{escape(item.stem)} <span class="how">{escape(how)}</span></p>'
            f'<ul class="options">{options}</ul></li>')


def _page(course: Course, form: Form, kind: str, body: str) -> str:
    return _document(course, f"{form.cycle_title}: {_occasion(course, form.occasion)} ({kind})",
                     body)


def _document(course: Course, title: str, body: str) -> str:
    language = escape(course.language)
    page = (f'<!doctype html>\n<html lang="{language}" dir="{direction(course.language)}">\n'
            f'<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
    return add_content_security_policy(page)
