"""Rules for the question banks as measuring instruments: levels, leaks, enemies and cues.

Errors (``RULES`` in rules.py) and warnings (``WARNINGS``) are pure functions of the
loaded course, like every other rule. See docs/assessments.md#item-quality.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from generator.course.answer_hints import ALL, ANSWER_HINTS, ONE, hint_in, hint_patterns
from generator.course.blueprint import (
    BankTooSmall,
    FormsImpossible,
    objective_counts,
    plan_cycle,
)
from generator.course.item_writing import CHECKS, WORD_CHECKS, Cue, cues, figures
from generator.course.model import Item, ItemWords
from generator.course.reading import ASSESSMENTS_DIR, MODULES_DIR, LoadedBank, LoadedCourse
from generator.course.similarity import ALIKE, alike_pairs, question_text
from generator.course.yamlsource import YamlDoc
from generator.errors import Problem


@dataclass(frozen=True)
class Placed:
    """An item as read in one language, with the file and list index it was read from."""

    item: Item
    doc: YamlDoc
    index: int

    def line(self, *path: str | int) -> int:
        """The line of ``path`` inside the item; an option is named by its id."""
        if len(path) > 1 and path[0] == "options" and isinstance(path[1], str):
            entry = self.doc.data["items"][self.index] if isinstance(self.doc.data, dict) \
                else {}
            options = entry.get("options") if isinstance(entry, dict) else None
            ids = [o.get("id") if isinstance(o, dict) else None
                   for o in (options if isinstance(options, list) else [])]
            path = ("options", ids.index(path[1]), *path[2:]) if path[1] in ids \
                else ("options",)
        return self.doc.line("items", self.index, *path)

    @property
    def file(self) -> str:
        return self.doc.path


def _banks(loaded: LoadedCourse) -> list[LoadedBank]:
    """The question banks of the course's modules (an orphan bank is reported on its own)."""
    modules = set(loaded.module_folders)
    return [b for b in loaded.banks if b.module_id in modules]


def _placed_source(loaded: LoadedCourse) -> list[Placed]:
    """Every module item in the source language, with where it was read."""
    return [Placed(item, b.doc, n) for b in _banks(loaded)
            for n, item in zip(b.entries or range(len(b.bank.items)), b.bank.items,
                               strict=True)]


def _placed(loaded: LoadedCourse) -> dict[str, list[Placed]]:
    """Every module item, by language (source first), with where each one was read."""
    banks = _banks(loaded)
    language = loaded.course.default_language if loaded.course else ""
    placed = {language: _placed_source(loaded)}
    for translation in loaded.translations:
        placed[translation.language] = []
        for bank in banks:
            doc = translation.bank_docs.get(bank.module_id)
            items = translation.items.get(bank.module_id, bank.bank.items)
            where = _indexes(doc)
            placed[translation.language] += [
                Placed(item, doc, where[item.id]) if doc is not None and item.id in where
                else Placed(item, bank.doc, n) for n, item in enumerate(items)]
    return placed


def _indexes(doc: YamlDoc | None) -> dict[str, int]:
    entries = doc.data.get("items") if doc is not None and isinstance(doc.data, dict) else None
    return {e["id"]: n for n, e in enumerate(entries if isinstance(entries, list) else [])
            if isinstance(e, dict) and isinstance(e.get("id"), str)}


def enemies_of(loaded: LoadedCourse) -> frozenset[frozenset[str]]:
    """Test items listed as each other's enemies, and test items that ask alike questions
    in the source language."""
    if not _banks_valid(loaded):
        return frozenset()
    tests = [i for b in _banks(loaded) for i in b.bank.items if "test" in i.use]
    pairs = {frozenset((item.id, enemy)) for item in tests for enemy in item.enemies}
    texts = [question_text(i) for i in tests]
    pairs |= {frozenset((tests[i].id, tests[j].id)) for i, j, _ in alike_pairs(texts, texts)}
    return frozenset(pair for pair in pairs if len(pair) == 2)


def _banks_valid(loaded: LoadedCourse) -> bool:
    """Whether modules and banks (translations too) loaded without problems and every item
    measures a known objective: otherwise those problems come first."""
    if any(p.path.startswith((f"{ASSESSMENTS_DIR}/", f"{MODULES_DIR}/"))
           or f"/{ASSESSMENTS_DIR}/" in p.path for p in loaded.problems):
        return False
    objectives = {o.id for m in loaded.modules for o in m.meta.objectives}
    return all(i.objective in objectives for b in loaded.banks for i in b.bank.items)


def test_items_have_level(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every test item says whether it asks to recall a fact or to act on a situation."""
    if not _banks_valid(loaded):
        return
    source = _placed_source(loaded)
    for placed in source:
        if "test" in placed.item.use and placed.item.level is None:
            yield Problem(placed.file, placed.line("id"), f"{placed.item.id}.level",
                          "a test item needs a level",
                          "add 'level: recall' (it asks for a fact) or 'level: apply' (it puts "
                          "the learner in a situation to act on); see docs/assessments.md")


def references_are_items(loaded: LoadedCourse) -> Iterator[Problem]:
    """``enemies`` name test items and ``distinct_from`` names practice items."""
    if not _banks_valid(loaded):
        return
    source = _placed_source(loaded)
    by_id = {p.item.id: p.item for p in source}
    for placed in source:
        item = placed.item
        for n, enemy in enumerate(item.enemies):
            if enemy == item.id or enemy not in by_id or "test" not in by_id[enemy].use:
                yield Problem(placed.file, placed.line("enemies", n), f"{item.id}.enemies",
                              f"'{enemy}' is not another test item of the course",
                              "list the ids of test items that ask the same thing as this one")
        for n, other in enumerate(item.distinct_from):
            if other.item not in by_id or not _on_site(by_id[other.item]):
                yield Problem(placed.file, placed.line("distinct_from", n, "item"),
                              f"{item.id}.distinct_from",
                              f"'{other.item}' is not a practice item shown on the site",
                              "name a practice item (use: [practice]) that the leak check "
                              "matched with this test item")


def _on_site(item: Item) -> bool:
    return "practice" in item.use and "test" not in item.use


def test_items_do_not_leak(loaded: LoadedCourse) -> Iterator[Problem]:
    """No test item asks what a practice item on the site already asks and answers."""
    if not _banks_valid(loaded):
        return
    reported: set[tuple[str, str]] = set()
    every = _placed(loaded)
    sources = {p.item.id: p.file for p in next(iter(every.values()))}
    for language, placed in every.items():
        tests = [p for p in placed if "test" in p.item.use]
        practice = [p for p in placed if _on_site(p.item)]
        pairs = alike_pairs([question_text(p.item) for p in tests],
                            [question_text(p.item) for p in practice])
        for i, j, score in pairs:
            test, shown = tests[i], practice[j]
            pair = (test.item.id, shown.item.id)
            if pair in reported or shown.item.id in {d.item for d in test.item.distinct_from}:
                continue
            reported.add(pair)
            source = "" if test.file.startswith(ASSESSMENTS_DIR) else \
                f" in the source file, {sources[test.item.id]},"
            yield Problem(
                test.file, test.line("stem"), f"{test.item.id}.stem",
                f"this test item asks nearly the same as the practice item '{shown.item.id}' "
                f"({shown.file}:{shown.line('stem')}), which the site shows with its answer "
                f"(likeness {score:.2f} in '{language}', {ALIKE} or more counts as the same)",
                "ask about another fact or situation in one of the two items; if they differ "
                f"after all, add to this item{source} distinct_from: [{{item: "
                f"{shown.item.id}, reason: what each one asks}}]")


def item_writing_within_limits(loaded: LoadedCourse) -> Iterator[Problem]:
    """Across the course's test items, each cue stays within its limit in cycles.yml."""
    if loaded.blueprint is None or loaded.blueprint_doc is None or loaded.course is None \
            or not _banks_valid(loaded):
        return
    items = [i for b in _banks(loaded) for i in b.bank.items]
    settings = loaded.blueprint.item_writing
    doc = loaded.blueprint_doc
    found = figures(items, settings, loaded.course.default_language)
    longest, least = found["key_longest"], settings.limits.key_longest_at_least
    if longest["of"] and longest["share"] < least - 1e-9:
        wanted = math.ceil(least * longest["of"] - 1e-9)
        yield Problem(
            doc.path, doc.line("item_writing", "limits", "key_longest_at_least"),
            "item_writing.limits.key_longest_at_least",
            f"the key is the longest option in only {longest['count']} of {longest['of']} "
            f"single-choice test items ({longest['share']:.0%}); at least {least:.0%} "
            f"({wanted} items) keep learners from ruling out the longest option",
            f"give the key the most detail in {wanted - longest['count']} more items, as a "
            "wrong option would have it")
    for check, figure in found.items():
        if figure["share"] > figure["limit"] + 1e-9:
            allowed = math.floor(figure["limit"] * figure["of"] + 1e-9)
            yield Problem(
                doc.path, doc.line("item_writing", "limits", check),
                f"item_writing.limits.{check}",
                f"{figure['count']} of {figure['of']} test items ({figure['share']:.0%}) show "
                f"the cue '{check}'; the limit is {figure['limit']:.0%} ({allowed} items)",
                f"`coursepack validate` lists each item with this cue as a warning: rewrite "
                f"at least {figure['count'] - allowed} of them")


def forms_can_be_assembled(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every cycle's forms can keep enemies apart and reach the cycle's share of apply items."""
    if loaded.blueprint is None or loaded.blueprint_doc is None or not _banks_valid(loaded):
        return
    modules = [m.meta for m in loaded.modules]
    items = [i for b in _banks(loaded) for i in b.bank.items]
    for n, cycle in enumerate(loaded.blueprint.cycles):
        if not objective_counts(cycle, modules):
            continue
        try:
            plan_cycle(loaded.blueprint, cycle, modules, items, loaded.enemies)
        except BankTooSmall:
            continue  # bank_covers_blueprint names every objective short of items
        except FormsImpossible as error:
            yield Problem(loaded.blueprint_doc.path,
                          loaded.blueprint_doc.line("cycles", n, "id"), f"cycles[{n}]",
                          f"cycle '{cycle.id}': {error}", error.hint)


def item_writing_cues(loaded: LoadedCourse) -> Iterator[Problem]:
    """Warnings: each cue in each test item, where it is; translations only for cues the
    source text does not have."""
    if loaded.blueprint is None or loaded.course is None or not _banks_valid(loaded):
        return
    settings = loaded.blueprint.item_writing
    source_cues: dict[str, set[str]] = {}
    for language, placed in _placed(loaded).items():
        words = settings.words.get(language, ItemWords())
        is_source = language == loaded.course.default_language
        checks = CHECKS if is_source else WORD_CHECKS
        for p in placed:
            if "test" not in p.item.use:
                continue
            for cue in cues(p.item, words, checks):
                if is_source:
                    source_cues.setdefault(p.item.id, set()).add(cue.check)
                elif cue.check in source_cues.get(p.item.id, set()):
                    continue
                yield _warning(p, cue)


def _warning(placed: Placed, cue: Cue) -> Problem:
    return Problem(placed.file, placed.line(*cue.path),
                   f"{placed.item.id}." + ".".join(cue.path).replace("options.", "options:"),
                   f"{cue.message} [{cue.check}]", cue.hint)


def stems_without_answer_hints(loaded: LoadedCourse) -> Iterator[Problem]:
    """No stem says how to answer ("Choose all that apply."): the site and the printed tests
    add that after every question, in the learner's language."""
    if loaded.course is None or not _banks_valid(loaded):
        return
    catalogues = {loaded.course.default_language: loaded.messages,
                  **{t.language: t.messages for t in loaded.translations}}
    patterns = hint_patterns(loaded.course.languages, [
        *ANSWER_HINTS, *(c[h] for c in catalogues.values() for h in ANSWER_HINTS if h in c)])
    reported: set[tuple[str, int]] = set()
    for language, placed_items in _placed(loaded).items():
        for placed in placed_items:
            found = hint_in(placed.item.stem, patterns)
            where = (placed.file, placed.line("stem"))
            if found is None or where in reported:
                continue
            reported.add(where)
            site, paper = ALL if placed.item.type == "multiple" else ONE
            say = catalogues.get(language, {})
            yield Problem(
                placed.file, where[1], f"{placed.item.id}.stem",
                f"the stem says how to answer ('{found}'), which the site and the printed "
                "tests already say after the question",
                f"remove '{found}' from the stem: after this question the site shows "
                f"'{say.get(site, site)}' and the printed test '{say.get(paper, paper)}'")
