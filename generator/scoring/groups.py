"""Who belongs to which group, without names: a participants file (code → country,
organisation, workshop, role) and the attributes ``cycles.yml`` reads from the codes
themselves (``participant_code.groups``). The result is the ``groups`` mapping of the
report: participant code → {attribute: value}."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.errors import Problem
from generator.scoring.responses import (
    CODE_COLUMN,
    PERSONAL_CODE,
    PERSONAL_COLUMN,
    read_table,
)

ATTRIBUTES = ("country", "organisation", "workshop", "role")
"""The columns a participants file may have besides the code (the report's breakdowns)."""
SPELLINGS = {"organization": "organisation"}
MAX_VALUE = 80
"""The longest value a participants file may give (a group's name, not a description)."""

Groups = dict[str, dict[str, str]]
"""Participant code → {attribute: value}."""


def code_groups(codes: Iterable[str], patterns: Mapping[str, str]) -> Groups:
    """The attributes read from each code: per attribute, the first group of its pattern
    (or the whole match) searched in the code; a code it does not match gets none."""
    groups: Groups = {}
    for code in codes:
        found = {}
        for attribute, pattern in patterns.items():
            match = re.search(pattern, code)
            if match:
                found[attribute] = match.group(1) if match.re.groups else match.group(0)
        groups[code] = found
    return groups


def read_participants(path: Path, pattern: str, known: set[str],
                      problems: list[Problem]) -> Groups:
    """Code → attributes from a participants file (CSV or XLSX, a ``participant_code``
    column and any of ``ATTRIBUTES``). Every problem is added to ``problems`` by row and
    column: a column of names, phone numbers or e-mail addresses (the file is then not
    read at all), another unknown column, a code that is not a code of this course, twice in
    the file or not among the scored participants (``known``), a value that looks personal
    or is too long. Rows with problems are left out."""
    table = read_table(path, problems)
    if table is None:
        return {}
    columns = _columns(table.path, table.header, problems)
    if columns is None:
        return {}
    groups: Groups = {}
    seen: dict[str, int] = {}
    code_at = table.header.index(CODE_COLUMN)
    for row_number, row in table.rows:
        row = row + [""] * (len(table.header) - len(row))
        code = "".join(row[code_at].split()).upper()
        problem = _code_problem(code, pattern, known, seen.get(code))
        if problem:
            problems.append(Problem(table.path, row_number, CODE_COLUMN, *problem))
            continue
        seen[code] = row_number
        values = {}
        for index, attribute in columns.items():
            value = " ".join(row[index].split())
            problem = _value_problem(value)
            if problem:
                problems.append(Problem(table.path, row_number, table.header[index], *problem))
                values = None
                break
            if value:
                values[attribute] = value
        if values is not None:
            groups[code] = values
    return groups


def merged(*sources: Mapping[str, Mapping[str, str]]) -> Groups:
    """Every code's attributes, a later source's value winning over an earlier one's."""
    result: Groups = {}
    for source in sources:
        for code, values in source.items():
            result.setdefault(code, {}).update(values)
    return result


def _columns(path: str, header: list[str],
             problems: list[Problem]) -> dict[int, str] | None:
    """Column index → attribute; None (nothing read) when a column looks personal or the
    code column is missing."""
    refused = False
    columns = {}
    for index, name in enumerate(header):
        attribute = SPELLINGS.get(name.strip().lower(), name.strip().lower())
        if attribute == CODE_COLUMN:
            continue
        if PERSONAL_COLUMN.search(name):
            refused = True
            problems.append(Problem(
                path, 1, name, "this column looks like names, phone numbers or e-mail "
                "addresses; the participants file is not read",
                "delete the column and save the file again: participants are known by "
                "their codes only"))
        elif attribute in ATTRIBUTES:
            columns[index] = attribute
        elif name:
            problems.append(Problem(
                path, 1, name, f"'{name}' is not an attribute a report groups by; the column "
                "is not read", f"the columns are {CODE_COLUMN} and any of "
                f"{', '.join(ATTRIBUTES)}"))
    if CODE_COLUMN not in header:
        problems.append(Problem(path, 1, "", f"there is no {CODE_COLUMN} column",
                                f"the first column is {CODE_COLUMN}, then any of "
                                f"{', '.join(ATTRIBUTES)}"))
        return None
    return None if refused else columns


def _code_problem(code: str, pattern: str, known: set[str],
                  seen: int | None) -> tuple[str, str] | None:
    if not code:
        return ("the participant code is empty; the row is left out",
                "give each row the code from the participant's card")
    if PERSONAL_CODE.search(code):
        return ("this looks like an e-mail address or phone number, not a participant code; "
                "the row is left out", "enter the code from the participant's card instead")
    if not re.fullmatch(pattern, code):
        return (f"'{code}' is not a participant code of this course (codes match "
                f"{pattern}); the row is left out", "copy the code exactly as on the card")
    if seen is not None:
        return (f"participant code '{code}' is already at row {seen}; this row is left out",
                "give each participant one row")
    if code not in known:
        return (f"'{code}' answered none of the tests scored; the row is left out",
                "check the code against the response files, or remove the row")
    return None


def _value_problem(value: str) -> tuple[str, str] | None:
    if len(value) > MAX_VALUE:
        return (f"this value has {len(value)} characters, more than {MAX_VALUE}; the row is "
                "left out", "give the group's short name, e.g. a country code")
    if PERSONAL_CODE.search(value):
        return ("this looks like an e-mail address or phone number; the row is left out",
                "give only the group (country, organisation, workshop, role), never "
                "contact details")
    return None
