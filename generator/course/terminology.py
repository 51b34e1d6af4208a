"""Respectful language: the words ``terminology.yml`` asks authors to avoid, found in
every text field of every language, each with the term to write instead.

Someone else's words, quoted as they are, are exempt: a Markdown blockquote (``>``) or
text in quotation marks ("…", “…”, «…», „…“).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.course.model import Term
from generator.course.reading import LoadedCourse
from generator.course.texts import Passage, language_passages
from generator.errors import Problem

QUOTATION = re.compile(r'"[^"\n]*"|“[^”]*”|«[^»]*»|„[^“”]*[“”]')


def term_pattern(term: Term) -> re.Pattern[str]:
    """Any of the term's avoided words or phrases, as whole words, in any letter case; a
    word ending in * matches any ending."""
    forms = [r"\s+".join(re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else r"(?!\w)")
                         for w in phrase.split()) for phrase in term.avoid]
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + ")", re.IGNORECASE)


def avoided_terms(loaded: LoadedCourse) -> Iterator[Problem]:
    """A warning at each avoided word, naming the preferred term and the reason."""
    if loaded.terminology is None:
        return
    for language, found in language_passages(loaded).items():
        terms = loaded.terminology.languages.get(language, ())
        if not terms:
            continue
        starts = {phrase.split()[0].rstrip("*").lower() for t in terms for phrase in t.avoid}
        patterns = [(term, term_pattern(term)) for term in terms]
        for passage in found:
            lowered = passage.text.lower()
            if not passage.quoted and any(start in lowered for start in starts):
                yield from _avoided(passage, patterns)


def _avoided(passage: Passage, terms: list[tuple[Term, re.Pattern[str]]]
             ) -> Iterator[Problem]:
    text = QUOTATION.sub(lambda m: " " * len(m.group()), passage.text)
    for term, pattern in terms:
        for match in pattern.finditer(text):
            line = passage.line + text[:match.start()].count("\n")
            yield Problem(passage.file, line, passage.field,
                          f"'{match.group()}' stigmatises: write '{term.prefer}'",
                          f"{term.reason} (terminology.yml; quote someone else's words in "
                          "quotation marks to keep them as they are)")
