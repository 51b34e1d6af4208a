"""XLSForm export: one multilingual KoboToolbox / ODK form for one cycle's pre- or post-test.

The form asks for the participant code twice on its first page, then every item as
printed, one page per module (groups shown as pages by Enketo, ``style: pages``, and as one
screen by ODK Collect, ``field-list``). It holds no key and no score: a participant cannot
change an answer and watch a total move, and ``coursepack assess score`` scores the export.
Field names, which the scoring code relies on:

* ``participant_code``: must match the course's code pattern, and
  ``participant_code_check``: must equal the first; both compared as the scorer compares
  codes, without spaces and in capitals;
* ``<item id>``: ``select_one <item id>`` (single, true-false) or ``select_multiple <item id>``
  (multiple); choice names ``a``, ``b``, … in printed order;
* groups ``code_page`` and ``page_<n>``: a KoboToolbox export with "include groups in
  headers" names columns ``page_2/<item id>``, which the scorer reads as ``<item id>``.

Every cell is written as a string (never a formula), whatever the course text starts with.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import xlsxwriter

from generator.assessments.forms import Form, occasion_name
from generator.build.reproducible import epoch_datetime, epoch_naive
from generator.course.localize import language_name

SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "constraint",
                  "constraint_message", "appearance")
LOWER = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґәғқңөұүһ"
UPPER = LOWER.upper()
"""Letters the phone form capitalises as the scorer does: Latin and Cyrillic (Russian,
Ukrainian, Kazakh)."""
TRANSLATED = ("label", "hint", "constraint_message")


Row = dict[str, Any]


def xlsform_bytes(forms: Sequence[Form], epoch: int) -> bytes:
    """One XLSForm (.xlsx) for the forms of one plan, one per language, the first the default.

    The same ``forms`` and ``epoch`` give the same bytes: the document's creation date is
    ``epoch`` and the version is a digest of the content, never the clock.
    """
    _check_same_plan(forms)
    languages = [language_label(f.language) for f in forms]
    survey, choices = _survey(forms), _choices(forms)
    default = forms[0]
    settings: Row = {
        "form_title": f"{default.course_title} — {default.cycle_title} — "
                      f"{occasion_name(default)}",
        "form_id": form_id(default),
        "version": _version(forms, epoch),
        "default_language": languages[0],
        "style": "pages",
    }
    return workbook_bytes(str(settings["form_title"]), epoch, (
        ("survey", _columns(SURVEY_COLUMNS, languages), survey),
        ("choices", _columns(("list_name", "name", "label"), languages), choices),
        ("settings", list(settings), [settings])))


def workbook_bytes(title: str, epoch: int,
                   sheets: Sequence[tuple[str, Sequence[str], Sequence[Row]]]) -> bytes:
    """An XLSForm's workbook: each sheet's columns and rows, every cell written as text
    (never a formula, number or link), created at ``epoch``: the same bytes every time."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    workbook.set_properties({"title": title, "created": epoch_naive(epoch)})
    for name, columns, rows in sheets:
        _sheet(workbook, name, columns, rows)
    workbook.close()
    return out.getvalue()


def language_label(code: str) -> str:
    """The XLSForm name of a language, as its speakers pick it from the form's language
    menu: its own name and its code, ``English (en)``, ``español (es)``, ``русский (ru)``."""
    return f"{language_name(code)} ({code})"


def form_id(form: Form) -> str:
    """``<course slug>-<cycle>-<occasion>``: ASCII letters, digits and hyphens."""
    ascii_title = unicodedata.normalize("NFKD", form.course_title).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.decode().lower()).strip("-")[:40].strip("-")
    return f"{slug or 'course'}-{form.cycle}-{form.occasion}"


def as_scored(field: str) -> str:
    """An XPath of ``field``'s value as the scorer reads a code: no spaces, capitals."""
    return f"translate(translate({field}, ' ', ''), '{LOWER}', '{UPPER}')"


def _check_same_plan(forms: Sequence[Form]) -> None:
    if not forms:
        raise ValueError("an XLSForm needs at least one form")

    def shape(form: Form) -> tuple[object, ...]:
        return (form.cycle, form.occasion, tuple(
            (i.id, i.type, i.correct, tuple(o.letter for o in i.options)) for i in form.items))

    first = shape(forms[0])
    for form in forms[1:]:
        if shape(form) != first:
            raise ValueError(f"the '{form.language}' form is not the same plan as the "
                             f"'{forms[0].language}' one (cycle, occasion, items or letters)")
    codes = [f.language for f in forms]
    if len(set(codes)) != len(codes):
        raise ValueError(f"a language is given twice: {codes}")


def _translated(forms: Sequence[Form], column: str, text: Callable[[Form], str]) -> Row:
    """``column::<language>`` cells, ``text(form)`` for each form's language."""
    return {f"{column}::{language_label(f.language)}": text(f) for f in forms}


def _survey(forms: Sequence[Form]) -> list[Row]:
    items = forms[0].items

    def say(key: str) -> Callable[[Form], str]:
        return lambda f: getattr(f.texts, key)

    pattern = forms[0].code_pattern
    rows: list[Row] = [
        {"type": "begin_group", "name": "code_page", "appearance": "field-list"},
        {"type": "note", "name": "code_note", **_translated(forms, "label", say("code_intro"))},
        {"type": "text", "name": "participant_code", "required": "yes",
         "constraint": f"regex({as_scored('.')}, '^(?:{pattern})$')",
         **_translated(forms, "label", say("code")),
         **_translated(forms, "hint", say("code_hint")),
         **_translated(forms, "constraint_message", say("code_format"))},
        {"type": "text", "name": "participant_code_check", "required": "yes",
         "constraint": f"{as_scored('.')} = {as_scored('${participant_code}')}",
         **_translated(forms, "label", say("code_again")),
         **_translated(forms, "constraint_message", say("codes_differ"))},
        {"type": "end_group"},
    ]
    pages: list[list[int]] = []
    for n, item in enumerate(items):
        if not pages or items[pages[-1][0]].module != item.module:
            pages.append([])
        pages[-1].append(n)
    for page, numbers in enumerate(pages, start=1):
        first = numbers[0]
        rows.append({"type": "begin_group", "name": f"page_{page}", "appearance": "field-list",
                     **_translated(forms, "label",
                                   lambda f, first=first: f.items[first].module_title)})
        for n in numbers:
            item = items[n]
            kind = "select_multiple" if item.type == "multiple" else "select_one"
            row: Row = {"type": f"{kind} {item.id}", "name": item.id,
                        **_translated(forms, "label",
                                      lambda f, n=n: f"{f.items[n].number}. "
                                                     + _plain(f.items[n].stem))}
            if item.type == "multiple":
                row.update(_translated(forms, "hint", say("select_all")))
            rows.append(row)
        rows.append({"type": "end_group"})
    return rows


def _choices(forms: Sequence[Form]) -> list[Row]:
    rows = []
    for n, item in enumerate(forms[0].items):
        for m, option in enumerate(item.options):
            rows.append({"list_name": item.id, "name": option.letter.lower(),
                         **_translated(forms, "label",
                                       lambda f, n=n, m=m: _plain(f.items[n].options[m].text))})
    return rows


def _plain(text: str) -> str:
    """Course text as a label that ODK shows as typed: a ``${`` is broken with a word joiner
    so that it is never read as a reference to a field."""
    return text.replace("${", "$\u2060{")


def _columns(columns: Sequence[str], languages: Sequence[str]) -> list[str]:
    """The header row: a translated column once per language, others once."""
    return [name for c in columns
            for name in ([f"{c}::{lang}" for lang in languages] if c in TRANSLATED else [c])]


def _sheet(workbook: xlsxwriter.Workbook, name: str, columns: Sequence[str],
           rows: Sequence[Row]) -> None:
    sheet = workbook.add_worksheet(name)
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column)
    for r, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = row.get(column)
            if value is not None:
                sheet.write_string(r, col, str(value))


def _version(forms: Sequence[Form], epoch: int) -> str:
    """``YYYYMMDDHHMM`` of ``epoch`` and a digest of the forms: new content, new version."""
    content = json.dumps([f.model_dump(mode="json") for f in forms], sort_keys=True)
    digest = hashlib.sha256(content.encode()).hexdigest()[:8]
    return f"{epoch_datetime(epoch):%Y%m%d%H%M}-{digest}"
