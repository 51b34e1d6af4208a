"""Moodle XML export of a printed form: one quiz category with one question per item.

Every item becomes a ``multichoice`` question whose answers keep the printed order and
letters (true-false items too, as two printed options), so a paper sheet and the Moodle quiz
agree. All course text goes in as escaped text, never as HTML markup.

Answer fractions (percent of the item's grade):

* single and true-false: the key 100, every other option 0;
* multiple with ``k`` correct of ``n`` options: each correct option ``100/k`` and each wrong
  one ``-100/(n-k)``, so ticking every option scores 0. Moodle accepts only the fractions in
  :data:`MOODLE_FRACTIONS`; each value is the allowed one nearest to the exact share. With at
  most 8 options every share 1/k is allowed, rounded as Moodle writes it (7 decimals of the
  fraction, e.g. 33.33333 %), so ticking every option scores 0 up to that rounding (at most
  0.0000003 of the mark, which Moodle shows as 0).
"""

from __future__ import annotations

import html
from decimal import Decimal

from lxml import etree

from generator.assessments.forms import Form, FormItem, occasion_name
from generator.build.sanitize import xml_text

MOODLE_FRACTIONS = tuple(Decimal(v) for v in (
    "1", "0.9", "0.8333333", "0.8", "0.75", "0.7", "0.6666667", "0.6", "0.5", "0.4",
    "0.3333333", "0.3", "0.25", "0.2", "0.1666667", "0.1428571", "0.125", "0.1111111", "0.1",
    "0.05"))
"""The positive grade fractions Moodle's importer accepts (its ``fraction_options_full``)."""



def moodle_xml(form: Form) -> bytes:
    """``form`` as a Moodle XML quiz file (UTF-8), for Question bank → Import → Moodle XML."""
    quiz = etree.Element("quiz")
    category = etree.SubElement(quiz, "question", type="category")
    _text(etree.SubElement(category, "category"), category_path(form))
    _text(etree.SubElement(category, "info", format="html"), "")
    for item in form.items:
        quiz.append(_question(item))
    etree.indent(quiz)
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def category_path(form: Form) -> str:
    """``$course$/top/<course>/<cycle>/<occasion>/<language>``, each name with ``/`` doubled
    (Moodle's escape for a slash inside a category name)."""
    names = (form.course_title, form.cycle_title, occasion_name(form), form.language)
    return "/".join(["$course$", "top",
                     *(_html(name).replace("/", "//") for name in names)])


def answer_fractions(item: FormItem) -> tuple[Decimal, ...]:
    """The fraction (percent) of each printed option of ``item``, in printed order."""
    correct = [o.letter in item.correct for o in item.options]
    if item.type != "multiple":
        return tuple(Decimal(100) if c else Decimal(0) for c in correct)
    right, wrong = sum(correct), len(correct) - sum(correct)
    gain = _nearest(Decimal(1) / right)
    loss = _nearest(Decimal(1) / wrong) if wrong else Decimal(0)
    return tuple((gain if c else -loss) * 100 for c in correct)


def _nearest(share: Decimal) -> Decimal:
    return min(MOODLE_FRACTIONS, key=lambda f: (abs(f - share), f))


def _question(item: FormItem) -> etree._Element:
    question = etree.Element("question", type="multichoice")
    _text(etree.SubElement(question, "name"), f"{item.number}. {item.id}")
    _text(etree.SubElement(question, "questiontext", format="html"), _html(item.stem))
    _text(etree.SubElement(question, "generalfeedback", format="html"), "")
    for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"),
                       ("idnumber", item.id),
                       ("single", "false" if item.type == "multiple" else "true"),
                       ("shuffleanswers", "0"), ("answernumbering", "ABCD"),
                       ("showstandardinstruction", "0")):
        etree.SubElement(question, tag).text = xml_text(value)
    for option, fraction in zip(item.options, answer_fractions(item), strict=True):
        answer = etree.SubElement(question, "answer", fraction=_percent(fraction),
                                  format="html")
        _text(answer, _html(option.text))
        _text(etree.SubElement(answer, "feedback", format="html"), "")
    return question


def _percent(value: Decimal) -> str:
    """A percentage with Moodle's precision: ``33.33333``, ``-50``, ``0``."""
    text = f"{value.quantize(Decimal('0.00001')):f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(parent: etree._Element, value: str) -> None:
    etree.SubElement(parent, "text").text = xml_text(value)


def _html(value: str) -> str:
    """Plain text as HTML that shows it literally: ``<script>`` becomes ``&lt;script&gt;``."""
    return html.escape(xml_text(value), quote=True)
