"""The numbers a text states, in digits or in words, in the language it is written in.

A number is read the way the language writes it (CLDR symbols via Babel: 0.003 in
English, 0,003 in Spanish and Russian, ۰٫۰۰۳ in Persian) and kept as a canonical figure
(``0.003``), so that figures compare across languages. Number words count from eleven
up: one to ten in words are ordinary prose ("two groups", "the nine components").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

NATIVE_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
DIGIT = r"[0-9۰-۹٠-٩]"
TOKEN = re.compile(
    rf"(?<![\w.,٫/])(?<![^\W\d_]-){DIGIT}+(?:(?:[.,٫٬/]|[\u00a0\u202f]){DIGIT}+)*(?![\w/]|[.,٫]{DIGIT})")
"""Digits with the separators any of the course's languages uses, not part of a word or
code (COVID-19 is a name, 55/5 a resolution number, kept whole)."""
WORD_FROM, WORD_TO = 11, 100
ROUND = (200, 300, 400, 500, 600, 700, 800, 900, 1000)
WORD = re.compile(r"(?<![\w-])\w{3,}")
LEFT_OUT = re.compile(r"\]\([^)]*\)|`[^`]*`|<[^>]*>|\{[#.][^}]*\}|^\s*\d+[.)]\s", re.M)
"""Link targets, code, HTML tags, attribute lists and list numbers: not stated figures."""


@dataclass(frozen=True)
class Number:
    """One number in a text: the canonical figure and where it stands."""

    figure: str
    written: str
    start: int
    end: int
    in_words: bool = False


@lru_cache(maxsize=1 << 16)
def numbers_in(text: str, language: str, words_from: int = WORD_FROM) -> tuple[Number, ...]:
    """Every number ``text`` states, in order, digits read with the language's symbols;
    number words count from ``words_from`` up."""
    text = LEFT_OUT.sub(lambda m: " " * len(m.group()), text)
    found = [Number(canonical(m.group(), language) or m.group(), m.group(), *m.span())
             for m in TOKEN.finditer(text)]
    words = number_words(language, words_from)
    covered = 0
    for token in WORD.finditer(text):
        if token.start() < covered:
            continue
        for pattern, value in words.get(token.group()[:3].lower(), ()):
            match = pattern.match(text, token.start())
            if match:
                found.append(Number(str(value), match.group(), *match.span(), in_words=True))
                covered = match.end()
                break
    return tuple(sorted(found, key=lambda n: n.start))


def canonical(written: str, language: str) -> str | None:
    """``written`` as a figure (``1000``, ``0.003``, ``55/5``) read the language's way, or
    None when the language would not write a number like that."""
    plain = written.translate(NATIVE_DIGITS)
    if "/" in plain:
        return plain
    decimal, group = ("٫", "٬") if plain != written else _symbols(language)
    parts = plain.split(decimal)
    if len(parts) > 2:
        return None
    whole = parts[0]
    if any(sep in whole for sep in ".,٫٬\u00a0\u202f" if sep not in group):
        return None
    if group and group in whole:
        chunks = whole.split(group)
        if any(len(chunk) != 3 for chunk in chunks[1:]):
            return None
        whole = "".join(chunks)
    try:
        value = Decimal(whole + ("." + parts[1] if len(parts) == 2 else ""))
    except InvalidOperation:
        return None
    return figure_of(value)


def figure_of(value: Decimal) -> str:
    """The canonical figure of a value: no exponent, no trailing zeros after the point."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def in_language(figure: str, language: str) -> str:
    """How the language writes ``figure`` in digits (the hint for a wrongly written one)."""
    if "/" in figure:
        return figure
    decimal, group = _symbols(language)
    whole, _, fraction = figure.partition(".")
    if group and len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", group)
    return whole + (decimal + fraction if fraction else "")


@cache
def _symbols(language: str) -> tuple[str, str]:
    """The decimal and group symbols of the language's Latin-digit number format."""
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        language = "en"
    decimal, group = get_decimal_symbol(language), get_group_symbol(language)
    return decimal, ("\u00a0" if group in "\u00a0\u202f " else group)


@cache
def number_words(language: str, start: int = WORD_FROM
                 ) -> dict[str, list[tuple[re.Pattern[str], int]]]:
    """The language's number words from ``start`` up (ordinals up to ten too), by their
    first three letters: each a pattern and its value, longest first. Empty for a
    language num2words does not know."""
    from num2words import num2words

    try:
        spelled = {num2words(n, lang=language): n for n in (*range(start, WORD_TO + 1), *ROUND)}
        spelled |= {num2words(n, lang=language, to="ordinal"): n for n in range(start, 11)}
    except NotImplementedError:
        return {}
    words: dict[str, list[tuple[re.Pattern[str], int]]] = {}
    for form in sorted(spelled, key=len, reverse=True):
        pattern = re.compile(_form_pattern(form, language) + r"(?!\w)", re.IGNORECASE)
        words.setdefault(form[:3].lower(), []).append((pattern, spelled[form]))
    return words


def _form_pattern(form: str, language: str) -> str:
    """A number word as a pattern: any spacing or hyphen between its words; in Russian,
    any case ending (семнадцать, семнадцати, первая); in Spanish, either gender (primera)."""
    words = re.split(r"[\s-]+", form)
    if language == "ru":
        words = [re.escape(w[:-2] if len(w) > 5 else w[:-1]) + r"\w{0,3}" if len(w) > 4
                 else re.escape(w) for w in words]
    elif language == "es":
        words = [re.escape(w[:-1]) + r"\w?" if len(w) > 4 else re.escape(w) for w in words]
    else:
        words = [re.escape(w) for w in words]
    return r"[\s-]+".join(words)
