"""XLSForm export: one multilingual KoboToolbox / ODK form for one cycle's pre- or post-test.

The form asks for the participant code twice, then every item as printed (one question named
by the item id, whose choices are the printed letters in lower case), then scores itself.
Field names, which the scoring code relies on:

* ``participant_code`` and ``participant_code_check`` (must equal the first);
* ``<item id>``: ``select_one <item id>`` (single, true-false) or ``select_multiple <item id>``
  (multiple); choice names ``a``, ``b``, … in printed order;
* ``score_<item id with - as _>``: 1 for exactly the key, else 0;
* ``score_total``: the sum of the item scores.

There are no groups, so KoboToolbox's CSV export (XML values and headers) has the bare item
ids as column headers. Every cell is written as a string (never a formula), whatever the
course text starts with.
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

from .forms import Form, FormItem
from .localize import language_name
from .reproducible import epoch_datetime, epoch_naive

SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "constraint",
                  "constraint_message", "calculation")
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
        "form_title": f"{default.course_title} — {default.cycle_title} — {default.occasion}",
        "form_id": form_id(default),
        "version": _version(forms, epoch),
        "default_language": languages[0],
    }
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    workbook.set_properties({"title": settings["form_title"], "created": epoch_naive(epoch)})
    survey_columns = _columns(SURVEY_COLUMNS, languages)
    _sheet(workbook, "survey", survey_columns, survey)
    _sheet(workbook, "choices", _columns(("list_name", "name", "label"), languages), choices)
    _sheet(workbook, "settings", list(settings), [settings])
    workbook.close()
    return out.getvalue()


def language_label(code: str) -> str:
    """The XLSForm name of a language: ``English (en)``, ``Spanish (es)``."""
    return f"{language_name(code, 'en')} ({code})"


def form_id(form: Form) -> str:
    """``<course slug>-<cycle>-<occasion>``: ASCII letters, digits and hyphens."""
    ascii_title = unicodedata.normalize("NFKD", form.course_title).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.decode().lower()).strip("-")[:40].strip("-")
    return f"{slug or 'course'}-{form.cycle}-{form.occasion}"


def score_name(item_id: str) -> str:
    """The calculate field holding an item's score: ``score_intro_q_purpose``."""
    return "score_" + item_id.replace("-", "_")


def score_expression(item: FormItem) -> str:
    """An XPath giving 1 when exactly the key of ``item`` is chosen, else 0."""
    field = f"${{{item.id}}}"
    if item.type != "multiple":
        return f"if({field} = '{item.correct.lower()}', 1, 0)"
    tests = [f"selected({field}, '{o.letter.lower()}')" if o.letter in item.correct
             else f"not(selected({field}, '{o.letter.lower()}'))" for o in item.options]
    return f"if({' and '.join(tests)}, 1, 0)"


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

    rows: list[Row] = [
        {"type": "note", "name": "code_note", **_translated(forms, "label", say("code_intro"))},
        {"type": "text", "name": "participant_code", "required": "yes",
         **_translated(forms, "label", say("code")),
         **_translated(forms, "hint", say("code_hint"))},
        {"type": "text", "name": "participant_code_check", "required": "yes",
         "constraint": ". = ${participant_code}",
         **_translated(forms, "label", say("code_again")),
         **_translated(forms, "constraint_message", say("codes_differ"))},
    ]
    for n, item in enumerate(items):
        kind = "select_multiple" if item.type == "multiple" else "select_one"
        row: Row = {"type": f"{kind} {item.id}", "name": item.id,
                    **_translated(forms, "label", lambda f, n=n: _plain(f.items[n].stem))}
        if item.type == "multiple":
            row.update(_translated(forms, "hint", say("select_all")))
        rows.append(row)
    for item in items:
        rows.append({"type": "calculate", "name": score_name(item.id),
                     "calculation": score_expression(item)})
    total = " + ".join(f"${{{score_name(i.id)}}}" for i in items) or "0"
    rows.append({"type": "calculate", "name": "score_total", "calculation": total})
    rows.append({"type": "note", "name": "score_note",
                 **_translated(forms, "label", say("score"))})
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
