"""Read filled entry templates (CSV, XLSX) and KoboToolbox CSV exports, and score them.

Each file is matched to one form of the chosen cycles by its item columns. A cell holds the
printed letter(s) ticked (``B``, ``AC``; Kobo's ``a c``); blank means no answer. Scoring is
all-or-nothing: an item is right when exactly its key letters are given. Every problem is
collected with file, row and column; cells with problems are excluded and listed.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.assessments.forms import Form
from generator.errors import Problem
from generator.scoring.statistics import ScoredForm

CODE_COLUMN = "participant_code"
IGNORED_COLUMNS = frozenset({
    "participant_code_check", "score_total", "start", "end", "today", "deviceid", "username",
    "simserial", "subscriberid", "instanceid", "meta/instanceid", "meta/rootuuid",
    "formhub/uuid", "__version__",
})
"""Columns KoboToolbox or the generated XLSForm add that carry no answers."""
PERSONAL_COLUMN = re.compile(
    r"(^|[^a-z])(names?|first_?name|last_?name|surname|full_?name|phone|phonenumber|mobile|"
    r"tel|telephone|e-?mail|address)([^a-z]|$)", re.IGNORECASE)
"""Headers that suggest names, phone numbers or e-mail addresses: never read."""
PERSONAL_CODE = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}|\d{7,}", re.IGNORECASE)
"""Codes that look like an e-mail address or a phone number."""
SEPARATORS = re.compile(r"[\s,;/]+")


@dataclass
class Scored:
    """Everything read from the response files of the chosen cycles."""

    forms: dict[tuple[str, str], ScoredForm] = field(default_factory=dict)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Table:
    path: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


GROUP_PREFIX = re.compile(r"^(?:code_page|page_\d+)/")
"""The XLSForm's page groups, which a Kobo export may put before a column's name."""


def score_files(paths: Sequence[Path], forms: Sequence[Form]) -> Scored:
    """Score every file against the form it belongs to (``forms``: one per cycle/occasion);
    codes must match the forms' participant-code pattern."""
    scored = Scored()
    answers: dict[tuple[str, str], dict[str, tuple[int, ...]]] = {}
    first_row: dict[tuple[str, str, str], tuple[str, int]] = {}
    for path in paths:
        table = read_table(path, scored.problems)
        if table is None:
            continue
        form = _which_form(table, forms, scored.problems)
        if form is None:
            continue
        key = (form.cycle, form.occasion)
        scored.files[table.path] = key
        rows = answers.setdefault(key, {})
        for code, row_number, scores in _score_rows(table, form, scored.problems):
            seen = first_row.get((*key, code))
            if seen:
                scored.problems.append(Problem(
                    table.path, row_number, CODE_COLUMN,
                    f"participant code '{code}' is already used at {seen[0]}:{seen[1]} "
                    f"({form.cycle} {form.occasion}-test); this row is left out",
                    "each participant takes each test once: check the code on the card"))
                continue
            first_row[(*key, code)] = (table.path, row_number)
            rows[code] = scores
    for form in forms:
        key = (form.cycle, form.occasion)
        if key in answers:
            scored.forms[key] = ScoredForm(
                cycle=form.cycle, occasion=form.occasion,
                item_ids=tuple(i.id for i in form.items),
                objectives=tuple(i.objective for i in form.items), scores=answers[key])
    return scored


def read_table(path: Path, problems: list[Problem]) -> _Table | None:
    shown = str(path)
    try:
        raw = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError,
            zipfile.BadZipFile) as error:
        problems.append(Problem(shown, 1, "", f"cannot read this file: {error}",
                                "save it as CSV (UTF-8) or XLSX and try again"))
        return None
    raw = [(n, row) for n, row in raw if any(cell.strip() for cell in row)]
    if not raw:
        problems.append(Problem(shown, 1, "", "the file is empty",
                                "start from the entry template <occasion>-responses.csv"))
        return None
    (_, header), rows = raw[0], raw[1:]
    return _Table(shown, [GROUP_PREFIX.sub("", h.strip().lstrip("\ufeff")) for h in header],
                  rows)


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text else ""
    delimiter = max(",;\t", key=first.count)
    return list(enumerate(csv.reader(text.splitlines(), delimiter=delimiter), start=1))


FORMULA = "\x00formula:"
"""Marks a workbook cell that holds a formula: its value would depend on the spreadsheet."""
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""The most an .xlsx may unpack to (200 MB, about a million answers): a larger one is
refused rather than read (a small file can unpack to gigabytes)."""


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as package:
        unpacked = sum(info.file_size for info in package.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValueError(f"it unpacks to {unpacked // 2**20} MB, more than the "
                         f"{MAX_UNPACKED_BYTES // 2**20} MB a response file may have")
    sheet = load_workbook(path, read_only=True, data_only=False).worksheets[0]
    sheet.reset_dimensions()  # read every row, whatever the file says its size is
    rows = []
    for n, row in enumerate(sheet.iter_rows(), start=1):
        cells = []
        for cell in row:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                cells.append(FORMULA + str(value))
            else:
                cells.append("" if value is None else str(value))
        rows.append((n, cells))
    return rows


def _which_form(table: _Table, forms: Sequence[Form], problems: list[Problem]) -> Form | None:
    """The form whose items the file's columns are, told apart by file name if need be."""
    items = {i.id for form in forms for i in form.items}
    columns = {c for c in table.header if c in items}
    exact = [f for f in forms if {i.id for i in f.items} == columns]
    if len(exact) > 1:
        name = Path(table.path).name.lower()
        exact = [f for f in exact if f.occasion in name and f.cycle in name] or \
                [f for f in exact if f.occasion in name] or exact
    if len(exact) == 1:
        return exact[0]
    if exact:
        problems.append(Problem(table.path, 1, "", "these columns fit more than one form: "
                                + ", ".join(f"{f.cycle} {f.occasion}" for f in exact),
                                "put the cycle and occasion in the file name, e.g. "
                                f"{exact[0].cycle}-{exact[0].occasion}.csv"))
        return None
    best = max(forms, key=lambda f: len(columns & {i.id for i in f.items}), default=None)
    if best is None or not columns & {i.id for i in best.items}:
        problems.append(Problem(table.path, 1, "", "no column is an item of the "
                                "chosen cycle(s)", "use the entry template "
                                "<occasion>-responses.csv of this cycle, or check --cycle"))
        return None
    return best


def _score_rows(table: _Table, form: Form,
                problems: list[Problem]) -> Iterable[tuple[str, int, tuple[int, ...]]]:
    header = table.header
    printed = {i.id: i for i in form.items}
    if CODE_COLUMN not in header:
        problems.append(Problem(table.path, 1, "", f"there is no {CODE_COLUMN} column",
                                f"the first column of the entry template is {CODE_COLUMN}"))
        return
    _check_columns(table, form, problems)
    code_at = header.index(CODE_COLUMN)
    columns = [(n, printed[name]) for n, name in enumerate(header) if name in printed]
    workbook = table.path.lower().endswith(".xlsx")
    answers: dict[tuple[int, str], tuple[tuple[str, ...], int]] = {}
    for row_number, row in table.rows:
        if len(row) < len(header) and table.path.lower().endswith(".csv"):
            problems.append(Problem(
                table.path, row_number, "", f"this row has {len(row)} cells and the header "
                f"{len(header)}; the row is left out",
                "a cell is missing: check the row against the header (an empty answer is "
                "an empty cell between two commas)"))
            continue
        row = row + [""] * (len(header) - len(row))
        for n, cell in enumerate(row if workbook else ()):
            if cell.startswith(FORMULA):
                problems.append(Problem(
                    table.path, row_number, header[n] if n < len(header) else "",
                    f"this cell holds a formula ({cell.removeprefix(FORMULA)}), not the "
                    "letters ticked; the cell counts as no answer",
                    "type the letters as text, e.g. B or AC"))
                row[n] = ""
        code = _code(table.path, row_number, row[code_at], form.code_pattern, problems)
        if code is None:
            continue
        scores = dict.fromkeys(printed, 0)
        for n, item in columns:
            answer = answers.get((n, row[n]))
            if answer is None:  # each distinct cell of a column is read once
                letters = _letters(row[n])
                wrong = tuple(sorted(set(letters) - {o.letter for o in item.options}))
                answer = answers[(n, row[n])] = (
                    wrong, int("".join(sorted(set(letters))) == item.correct))
            wrong, right = answer
            if wrong:
                problems.append(Problem(
                    table.path, row_number, item.id,
                    f"'{row[n]}' has {', '.join(wrong)}, not a letter of question "
                    f"{item.number} (its options are "
                    f"{', '.join(o.letter for o in item.options)}); the cell counts as no answer",
                    "copy the letters ticked in the booklet, e.g. B or AC; leave blank "
                    "for no answer"))
                continue
            scores[item.id] = right
        yield code, row_number, tuple(scores[i.id] for i in form.items)


def _check_columns(table: _Table, form: Form, problems: list[Problem]) -> None:
    items = {i.id for i in form.items}
    for name in table.header:
        if name in items or name == CODE_COLUMN:
            continue
        if PERSONAL_COLUMN.search(name):
            problems.append(Problem(
                table.path, 1, name, "this column looks like names, phone numbers or e-mail "
                "addresses; it is not read",
                "delete the column: participants are identified by their codes only"))
        elif _ignored(name, items):
            continue
        else:
            problems.append(Problem(
                table.path, 1, name, f"'{name}' is not an item of the {form.cycle} "
                f"{form.occasion}-test; the column is not read",
                "remove the column, or check that the file belongs to this form"))
    for item in form.items:
        if item.id not in table.header:
            problems.append(Problem(
                table.path, 1, item.id, f"question {item.number} ({item.id}) has no column; "
                "every participant counts as not answering it",
                "add the column, in the order of the entry template"))


def _ignored(name: str, items: set[str]) -> bool:
    lowered = name.lower()
    return (lowered in IGNORED_COLUMNS or lowered.startswith(("_", "score_"))
            or name == "" or name.split("/")[0] in items)


def _code(path: str, row_number: int, cell: str, pattern: str,
          problems: list[Problem]) -> str | None:
    """The code as compared everywhere: without spaces and in capitals (the phone form
    compares codes the same way)."""
    code = "".join(cell.split()).upper()
    if not code:
        problems.append(Problem(path, row_number, CODE_COLUMN, "the participant code is empty; "
                                "the row is left out", "copy the code from the booklet"))
        return None
    if PERSONAL_CODE.search(code):
        problems.append(Problem(path, row_number, CODE_COLUMN,
                                "this looks like an e-mail address or phone number, not a "
                                "participant code; the row is left out",
                                "enter the code from the participant's card instead"))
        return None
    if not re.fullmatch(pattern, code):
        problems.append(Problem(path, row_number, CODE_COLUMN,
                                f"'{code}' is not a participant code of this course (codes "
                                f"match {pattern}); the row is left out",
                                "copy the code exactly as on the participant's card"))
        return None
    return code


def _letters(cell: str) -> list[str]:
    """``B``, ``AC``, ``a c``, ``A, C`` → the letters, upper case."""
    return list(SEPARATORS.sub("", cell).upper())
