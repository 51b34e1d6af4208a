"""Pre/post knowledge test forms assembled from the items marked ``test``."""

from __future__ import annotations

import csv
import io
import json
import random
from html import escape
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .model import Course, Item, TrueFalse

OCCASIONS = ("pre", "post")
LETTERS = "ABCDEFGH"


class PrintedOption(BaseModel):
    model_config = ConfigDict(frozen=True)

    letter: str
    option: str
    text: str


class FormItem(BaseModel):
    """One question as printed on a form, with its key."""

    model_config = ConfigDict(frozen=True)

    number: int
    id: str
    module: str
    objective: str
    type: str
    stem: str
    options: tuple[PrintedOption, ...]
    correct: str

    @property
    def instruction(self) -> str:
        return "Tick all that apply." if self.type == "multiple" else "Tick one."


class Form(BaseModel):
    model_config = ConfigDict(frozen=True)

    occasion: str
    language: str
    items: tuple[FormItem, ...]


def assemble_form(course: Course, occasion: str) -> Form:
    """The form for one occasion: every test item, options shuffled by the course seed."""
    rng = random.Random(f"{course.assessment.seed}:{occasion}")
    items: list[FormItem] = []
    for module in course.modules:
        for item in (i for i in module.items if "test" in i.use):
            items.append(_printed(item, module.id, len(items) + 1, rng))
    return Form(occasion=occasion, language=course.default_language, items=tuple(items))


def _printed(item: Item, module_id: str, number: int, rng: random.Random) -> FormItem:
    choices = list(item.choices())
    if not isinstance(item, TrueFalse):
        rng.shuffle(choices)
    options = tuple(PrintedOption(letter=LETTERS[i], option=c.id, text=c.text)
                    for i, c in enumerate(choices))
    correct = "".join(LETTERS[i] for i, c in enumerate(choices) if c.correct)
    return FormItem(number=number, id=item.id, module=module_id, objective=item.objective,
                    type=item.type, stem=item.stem, options=options, correct=correct)


def write_assessments(course: Course, out_dir: Path) -> None:
    """Booklets, answer key, entry templates and ``forms.json`` under ``out_dir``."""
    forms = [assemble_form(course, occasion) for occasion in OCCASIONS]
    language_dir = out_dir / course.default_language
    language_dir.mkdir(parents=True, exist_ok=True)
    for form in forms:
        (language_dir / f"{form.occasion}-test.html").write_text(
            _booklet(course, form), encoding="utf-8")
        (language_dir / f"{form.occasion}-responses.csv").write_text(
            _entry_template(form), encoding="utf-8")
    (language_dir / "answer-key.html").write_text(_answer_key(course, forms), encoding="utf-8")
    data = {"forms": [form.model_dump() for form in forms]}
    (out_dir / "forms.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")


def _entry_template(form: Form) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["participant_code", *[i.id for i in form.items]])
    return out.getvalue()


_STYLE = """
@page { size: A4; margin: 18mm; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 11pt; }
.code { border: 1px solid #000; padding: 6mm; margin: 4mm 0 8mm; }
.code span { display: inline-block; width: 60mm; border-bottom: 1px solid #000; }
ol.questions > li { margin-bottom: 6mm; break-inside: avoid; }
ul.options { list-style: none; padding-left: 0; }
ul.options li::before { content: "\\2610  "; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 2px 6px; }
"""


def _page(title: str, body: str, language: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")


def _booklet(course: Course, form: Form) -> str:
    heading = f"{'Pre' if form.occasion == 'pre' else 'Post'}-test"
    parts = [f"<h1>{escape(course.title)}: {heading}</h1>",
             '<p class="code">Participant code: <span></span></p>',
             "<p>Do not write your name. Answer every question.</p>",
             '<ol class="questions">']
    for item in form.items:
        options = "".join(f"<li>{o.letter}. {escape(o.text)}</li>" for o in item.options)
        parts.append(f"<li><p>{escape(item.stem)} <em>{item.instruction}</em></p>"
                     f'<ul class="options">{options}</ul></li>')
    parts.append("</ol>")
    return _page(f"{course.title}: {heading}", "\n".join(parts), form.language)


def _answer_key(course: Course, forms: list[Form]) -> str:
    parts = [f"<h1>{escape(course.title)}: answer key (facilitators only)</h1>"]
    for form in forms:
        rows = "".join(f"<tr><td>{i.number}</td><td>{escape(i.id)}</td>"
                       f"<td>{escape(i.objective)}</td><td>{i.correct}</td></tr>"
                       for i in form.items)
        parts.append(f"<h2>{form.occasion.capitalize()}-test</h2><table><tr><th>No.</th>"
                     f"<th>Item</th><th>Objective</th><th>Correct</th></tr>{rows}</table>")
    return _page(f"{course.title}: answer key", "\n".join(parts), forms[0].language)
