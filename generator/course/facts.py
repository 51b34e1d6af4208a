"""The fact ledger's rules: every figure the course states is tied to its source.

``facts.yml`` lists each figure with the words that must stand beside it, the source
passage it comes from, and the modules that state it. The course text is held to the
ledger always; the ledger is held to the source documents wherever they are at hand;
every translation states the figures of its source text, written the language's way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.course.model import Fact, FactsFile, OwnNumbers
from generator.course.numbers import TOKEN, Number, canonical, in_language, numbers_in
from generator.course.reading import FACTS_FILE, GLOSSARY_FILE, GUIDES, LoadedCourse
from generator.course.texts import Key, Passage, language_passages
from generator.errors import Problem

GUIDE = GUIDES[FACTS_FILE]
SENTENCE_END = re.compile(r"[.!?؟。](?=\s|$)|\n(?=\s*\n)")
YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Ledger:
    """The ledger and the passages it is checked against, read once per validation."""

    facts: FactsFile
    english: tuple[Passage, ...]
    years: frozenset[str]
    """The years of the course's references: a citation, not a figure."""


def ledger(loaded: LoadedCourse) -> Ledger | None:
    """The course's ledger, or None when it has no facts.yml."""
    if loaded.facts is None or loaded.course is None:
        return None
    english = language_passages(loaded)[loaded.course.default_language]
    years = frozenset(str(r.year) for r in loaded.course.references if r.year)
    return Ledger(loaded.facts, tuple(english), years)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds ``text[start:end]``."""
    begin = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    after = SENTENCE_END.search(text, end)
    return text[begin:after.start() if after else len(text)]


def has_words(sentence: str, words: tuple[str, ...]) -> bool:
    """Whether every word (or its longer forms) stands in ``sentence``; a word may give
    alternatives: ``OST|opioid substitution``."""
    return all(any(re.search(rf"(?<!\w){re.escape(a.strip())}", sentence, re.I)
                   for a in word.split("|")) for word in words)


def explains(fact: Fact, number: Number, sentence: str, module: str) -> bool:
    return (fact.figure == number.figure and module in fact.stated_in
            and has_words(sentence, fact.words))


def is_own(own: OwnNumbers, number: Number, text: str) -> bool:
    """Whether a word of ``own.next_to`` stands just before or just after the number."""
    if number.figure not in own.figures:
        return False
    before = re.search(r"(\w+)\W{0,3}$", text[max(0, number.start - 40):number.start])
    after = re.match(r"\W{0,3}(\w+)", text[number.end:])
    near = [m.group(1).lower() for m in (before, after) if m]
    return any(word.startswith(w.lower()) for w in own.next_to for word in near)


def numbers_are_in_the_ledger(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every figure of the course text is a ledger fact (with its words beside it) or a
    number the ledger marks as the course's own."""
    book = ledger(loaded)
    if book is None:
        return
    by_figure: dict[str, list[Fact]] = {}
    for fact in book.facts.facts:
        by_figure.setdefault(fact.figure, []).append(fact)
    for passage in book.english:
        if not passage.states:
            continue
        for number in numbers_in(passage.text, "en"):
            if number.figure in book.years and not number.in_words:
                continue
            sentence = sentence_around(passage.text, number.start, number.end)
            sentence += "\n" + passage.context
            facts = by_figure.get(number.figure, [])
            if any(explains(f, number, sentence, passage.module) for f in facts) \
                    or any(is_own(o, number, passage.text) for o in book.facts.own):
                continue
            yield _unexplained(passage, number, sentence, book.facts)


def _unexplained(passage: Passage, number: Number, sentence: str, facts: FactsFile
                 ) -> Problem:
    line = passage.line + passage.text[:number.start].count("\n")
    near = [f for f in facts.facts if f.figure == number.figure
            and passage.module in f.stated_in]
    if near:
        tied = "; ".join(f"{f.id}: {', '.join(f.words)}" for f in near)
        return Problem(
            passage.file, line, passage.field,
            f"the figure {number.written} stands here without the words the ledger ties it "
            f"to ({tied})",
            "check the sentence against the source: if the figure or what it is about has "
            f"changed, correct it; see {GUIDE}")
    return Problem(
        passage.file, line, passage.field,
        f"the figure {number.written} is not in the fact ledger ({FACTS_FILE})",
        f"add it to {FACTS_FILE} with the source passage it comes from, and this module in "
        "its stated_in; if the course states it on its own account (a timing, a count), "
        f"list it under `own`; see {GUIDE}")


def facts_are_stated(loaded: LoadedCourse) -> Iterator[Problem]:
    """Each fact is stated, with its words, by every module its ``stated_in`` names, and
    cites a reference the course lists."""
    book = ledger(loaded)
    if book is None or loaded.facts_doc is None or loaded.course is None:
        return
    doc = loaded.facts_doc
    references = {r.id for r in loaded.course.references}
    modules = {m.meta.id for m in loaded.modules} | {"glossary", "course"}
    by_module: dict[str, list[Passage]] = {}
    for passage in book.english:
        by_module.setdefault(passage.module, []).append(passage)
    for index, fact in enumerate(book.facts.facts):
        entry = f"facts[{fact.id}]"
        if fact.source not in references:
            yield Problem(doc.path, doc.line("facts", index, "source"), f"{entry}.source",
                          f"'{fact.source}' is not a reference in course.yml",
                          "name the id of an entry of course.yml's references")
        for n, module in enumerate(fact.stated_in):
            if module not in modules:
                yield Problem(doc.path, doc.line("facts", index, "stated_in", n),
                              f"{entry}.stated_in", f"there is no module '{module}'",
                              "name a module id, or glossary or course")
            elif not _states(by_module.get(module, []), fact):
                words = f" with {', '.join(fact.words)} in the same sentence" \
                    if fact.words else ""
                yield Problem(
                    doc.path, doc.line("facts", index, "figure"), f"{entry}.figure",
                    f"{module} does not state {fact.figure}{words}",
                    "the module's text no longer agrees with the source: check its figure "
                    "and what it is about against the passage, or take the module out of "
                    f"stated_in if it no longer states this fact; see {GUIDE}")


def _states(passages: list[Passage], fact: Fact) -> bool:
    return any(fact.figure == number.figure
               and has_words(sentence_around(p.text, number.start, number.end) + "\n"
                             + p.context, fact.words)
               for p in passages if p.states for number in numbers_in(p.text, "en"))


def flat(text: str) -> str:
    """Lower case, one space between words, typographic quotes plain, and no hyphens (a
    source's line-break hyphens and its compound words read alike)."""
    text = re.sub(r"-\s*\n\s*", "", text).replace("-", "")
    text = text.translate(str.maketrans("’‘“”", "''\"\""))
    return " ".join(text.split()).lower()


def sources_folder(loaded: LoadedCourse) -> Path | None:
    """The folder of the source documents, if the course has a ledger and it is at hand."""
    if loaded.facts is None:
        return None
    folder = (loaded.root / loaded.facts.sources_folder).resolve()
    return folder if folder.is_dir() else None


def read_documents(loaded: LoadedCourse) -> tuple[Path, dict[str, str]] | None:
    """The sources folder and the flattened text of each reference's file found there,
    by reference id; None when the folder is not at hand."""
    folder = sources_folder(loaded)
    if folder is None or loaded.course is None:
        return None
    texts: dict[str, str] = {}
    for reference in loaded.course.references:
        name = reference.file
        if name and "/" not in name and "\\" not in name and (folder / name).is_file():
            texts[reference.id] = flat((folder / name).read_text("utf-8", errors="replace"))
    return folder, texts


def facts_match_their_sources(loaded: LoadedCourse) -> Iterator[Problem]:
    """Each fact's passage is in its source document, with the figure and the words."""
    documents = read_documents(loaded)
    if documents is None or loaded.facts_doc is None or loaded.course is None:
        return
    folder, texts = documents
    doc = loaded.facts_doc
    files = {r.id: r.file for r in loaded.course.references}
    for index, fact in enumerate(loaded.facts.facts if loaded.facts else ()):
        entry, at = f"facts[{fact.id}]", ("facts", index)
        if fact.source not in files:
            continue
        if fact.source not in texts:
            yield Problem(doc.path, doc.line(*at, "source"), f"{entry}.source",
                          f"the source document of '{fact.source}' is not in {folder}"
                          + ("" if files[fact.source] else " (the reference names no file)"),
                          "give the reference in course.yml the `file` it is read from, "
                          "and put that file in the sources folder")
            continue
        passage = flat(fact.passage)
        if passage not in texts[fact.source]:
            yield Problem(doc.path, doc.line(*at, "passage"), f"{entry}.passage",
                          f"this passage is not in {files[fact.source]}",
                          "copy the source's words exactly as they are (line breaks and "
                          "spacing do not matter)")
        if fact.figure not in {n.figure for n in numbers_in(fact.passage, "en", 1)}:
            yield Problem(doc.path, doc.line(*at, "figure"), f"{entry}.figure",
                          f"the passage does not give {fact.figure}",
                          "correct the figure to what the source says, or quote the passage "
                          "that gives it")
        missing = [w for w in fact.words if not has_words(passage, (w,))]
        if missing:
            yield Problem(doc.path, doc.line(*at, "words"), f"{entry}.words",
                          f"the passage does not say {', '.join(missing)}",
                          "the figure is about something else in the source: correct the "
                          "words, and the course text that uses them")


def source_documents_at_hand(loaded: LoadedCourse) -> Iterator[Problem]:
    """A warning when the ledger cannot be held to the source documents."""
    if loaded.facts is not None and loaded.facts_doc is not None \
            and sources_folder(loaded) is None:
        yield Problem(loaded.facts_doc.path, loaded.facts_doc.line("sources_folder"),
                      "sources_folder",
                      f"the source documents are not at {loaded.facts.sources_folder}: the "
                      "ledger's passages were not checked against them",
                      "put the course's source documents there (as CI has them), or set "
                      "sources_folder to where they are")


def translations_keep_figures(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every translated text states the figures of its source text, in the language's
    own number format (digits or words), and no others."""
    if loaded.facts is None or loaded.course is None:
        return
    texts = language_passages(loaded)
    source = {p.key: p for p in texts[loaded.course.default_language]}
    for translation in loaded.translations:
        language = translation.language
        for group, originals in _comparable(texts[language], source):
            yield from _compare(group, originals, language)


def _comparable(translated: list[Passage], source: dict[Key, Passage]
                ) -> Iterator[tuple[list[Passage], list[Passage]]]:
    """Translated passages and their source passages, in groups compared as one: a YAML
    field alone; a page or deck block by block when the translation has the source's
    blocks, else the whole file; the glossary as a whole (translations order it their way)."""
    by_file: dict[str, list[Passage]] = {}
    for passage in translated:
        by_file.setdefault(passage.key[0], []).append(passage)
    source_by_file: dict[str, list[Passage]] = {}
    for key, passage in source.items():
        source_by_file.setdefault(key[0], []).append(passage)
    for path, group in by_file.items():
        originals = source_by_file.get(path, [])
        whole = path == GLOSSARY_FILE or (
            isinstance(group[0].key[1], int)
            and [p.key for p in group] != [p.key for p in originals])
        if whole:
            yield group, originals
        else:
            yield from (([p], [source[p.key]]) for p in group if p.key in source)


def _compare(translated: list[Passage], originals: list[Passage], language: str
             ) -> Iterator[Problem]:
    first = translated[0]
    origin = f"{originals[0].file}:{originals[0].line}" if originals else first.key[0]
    required = {n.figure for p in originals for n in numbers_in(p.text, "en")}
    if not required and not any(TOKEN.search(p.text) for p in translated):
        return
    allowed = required | {n.figure for p in originals for n in numbers_in(p.text, "en", 1)}
    found = [(p, n) for p in translated for n in numbers_in(p.text, language, 1)]
    given = {n.figure for _, n in found}
    english = {canonical(n.written, "en"): (p, n) for p, n in found if not n.in_words}
    for figure in sorted(required - given):
        if figure in english:
            passage, number = english[figure]
            yield Problem(passage.file, _line(passage, number), passage.field,
                          f"{number.written} is written the English way",
                          f"write it {in_language(figure, language)} (the {language} "
                          "number format)")
        else:
            where = "here" if len(translated) == 1 else "in this file"
            yield Problem(first.file, first.line, first.field,
                          f"the source states {figure} {where}; the translation does not",
                          f"translate the figure as the source gives it ({origin})")
    for passage, number in found:
        if number.figure not in allowed and not number.in_words \
                and canonical(number.written, "en") not in required:
            yield Problem(passage.file, _line(passage, number), passage.field,
                          f"the translation states {number.written}, which the source "
                          "does not", f"give the figure of the source text ({origin})")


def _line(passage: Passage, number: Number) -> int:
    return passage.line + passage.text[:number.start].count("\n")
