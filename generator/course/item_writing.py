"""Item-writing checks: cues that let a test-wise learner answer without knowing.

One pure function per check (after Haladyna, Downing and Rodriguez's item-writing
guidelines). Each looks at one item and returns the cues it finds; ``figures`` counts them
over a course's test items, for the limits in ``assessments/cycles.yml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from generator.course.model import (
    Course,
    Item,
    ItemWords,
    ItemWriting,
    MultipleChoice,
    SingleChoice,
    TrueFalse,
)

UNEVEN_RATIO = 2.5
"""Options are uneven when the longest has more than this many times the shortest's
characters (and at least :data:`UNEVEN_MIN_GAP` more)."""
UNEVEN_MIN_GAP = 30


@dataclass(frozen=True)
class Cue:
    """One cue in one item: which check found it, where, what it is and how to remove it."""

    check: str
    path: tuple[str, ...]
    """Key path inside the item, options by id: ``("stem",)``, ``("options", "b", "text")``."""
    message: str
    hint: str


Check = Callable[[Item, ItemWords], Iterator[Cue]]


def key_longest(item: Item, words: ItemWords) -> Iterator[Cue]:
    """A single-choice key longer than every other option."""
    yield from _key_length(item, "longest", "test-wise learners pick the longest option: "
                           "shorten the key, or give a wrong option as much detail")


def key_shortest(item: Item, words: ItemWords) -> Iterator[Cue]:
    """A single-choice key shorter than every other option: the cue reversed, which
    learners find as soon as keys are written short on purpose."""
    yield from _key_length(item, "shortest", "keys should be as long as wrong options, "
                           "sometimes longer, sometimes shorter: give the key the detail the "
                           "wrong options have")


def _key_length(item: Item, extreme: str, hint: str) -> Iterator[Cue]:
    """The key of a single-choice item (three options or more for ``shortest``) is the
    ``longest`` or ``shortest`` option."""
    if not isinstance(item, SingleChoice) or (extreme == "shortest" and len(item.options) < 3):
        return
    key = next(o for o in item.options if o.id == item.answer)
    others = [len(o.text) for o in item.options if o.id != item.answer]
    nearest = max(others) if extreme == "longest" else min(others)
    if (len(key.text) > nearest) if extreme == "longest" else (len(key.text) < nearest):
        yield Cue(f"key_{extreme}", ("options", item.answer, "text"),
                  f"the key ('{item.answer}', {len(key.text)} characters) is the {extreme} "
                  f"option (the next has {nearest})", hint)


def absolute_word(item: Item, words: ItemWords) -> Iterator[Cue]:
    """An absolute word (always, only, never) in a false statement or a wrong option."""
    if isinstance(item, TrueFalse):
        found = _found(words.absolute, item.stem)
        if found and not item.answer:
            yield Cue("absolute_false", ("stem",),
                      f"a false statement with the absolute word '{found}'",
                      "absolute statements are usually false, so learners guess them: make the "
                      "statement false for another reason, or write true ones with such words too")
        return
    for option in item.options:
        found = _found(words.absolute, option.text)
        if found and option.id not in item.correct_ids() and not any(
                _found(words.absolute, o.text) for o in item.options
                if o.id in item.correct_ids()):
            yield Cue("absolute_word", ("options", option.id, "text"),
                      f"the wrong option '{option.id}' has the absolute word '{found}' "
                      "and no right option has one",
                      "learners rule out options with always, only or never: reword it")


def all_none(item: Item, words: ItemWords) -> Iterator[Cue]:
    """An "all of the above" or "none of the above" option."""
    if isinstance(item, TrueFalse):
        return
    for option in item.options:
        found = _found(words.all_none, option.text)
        if found:
            yield Cue("all_none", ("options", option.id, "text"), f"the option '{option.id}' is "
                      f"'{found}'", "options are shuffled on every form and the option can be "
                      "answered by spotting two true ones: write an option of its own")


def one_wrong_option(item: Item, words: ItemWords) -> Iterator[Cue]:
    """A select-all item with exactly one wrong option: an odd-one-out question."""
    if isinstance(item, MultipleChoice) and len(item.options) - len(item.answer) == 1:
        yield Cue("one_wrong_option", ("answer",),
                  f"{len(item.answer)} of {len(item.options)} options are right, one is wrong",
                  "learners only need to spot the odd one out: make at least two options wrong")


def uneven_options(item: Item, words: ItemWords) -> Iterator[Cue]:
    """Options of very different length."""
    if isinstance(item, TrueFalse):
        return
    lengths = [len(o.text) for o in item.options]
    longest, shortest = max(lengths), min(lengths)
    if longest > UNEVEN_RATIO * shortest and longest - shortest >= UNEVEN_MIN_GAP:
        yield Cue("uneven_options", ("options", item.options[lengths.index(longest)].id, "text"),
                  f"the options run from {shortest} to {longest} characters",
                  "write options of about the same length and detail")


def negative_stem(item: Item, words: ItemWords) -> Iterator[Cue]:
    """A stem that asks for what is not so."""
    found = _found(words.negative, item.stem)
    if found:
        yield Cue("negative_stem", ("stem",), f"the stem asks with '{found}'",
                  "learners misread negative questions: ask for what is right, or put the "
                  "situation in the stem and ask what to do")


CHECKS: tuple[Check, ...] = (key_longest, key_shortest, absolute_word, all_none, one_wrong_option,
                             uneven_options, negative_stem)
WORD_CHECKS: tuple[Check, ...] = (absolute_word, all_none, negative_stem)
"""Checks that depend on a language's words, so they are run on translations too."""


def cues(item: Item, words: ItemWords, checks: Iterable[Check] = CHECKS) -> list[Cue]:
    return [cue for check in checks for cue in check(item, words)]


def _found(phrases: tuple[str, ...], text: str) -> str | None:
    """The first of ``phrases`` in ``text`` as whole words, ignoring case."""
    if not phrases:
        return None
    match = _words_pattern(phrases).search(text)
    if match is None:
        return None
    return next(p for p in phrases if p.casefold() == match.group(1).casefold())


@functools.lru_cache(maxsize=64)
def _words_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all of ``phrases``, longest first, as whole words."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)


def figures(items: Iterable[Item], settings: ItemWriting, language: str
            ) -> dict[str, dict[str, float | int]]:
    """For every limit: how many test items show the cue, out of how many could, the share
    and the limit."""
    words = settings.words.get(language, ItemWords())
    tests = [i for i in items if "test" in i.use]
    found = {i.id: {c.check for c in cues(i, words)} for i in tests}
    choice = [i for i in tests if not isinstance(i, TrueFalse)]
    pools = {
        "key_longest": [i for i in tests if isinstance(i, SingleChoice)],
        "key_shortest": [i for i in tests if isinstance(i, SingleChoice) and len(i.options) > 2],
        "absolute_false": [i for i in tests if isinstance(i, TrueFalse)
                           and _found(words.absolute, i.stem)],
        "one_wrong_option": [i for i in tests if isinstance(i, MultipleChoice)],
        "uneven_options": choice,
        "negative_stem": tests,
        "all_none": choice,
    }
    limits = settings.limits.model_dump()
    result = {}
    for check, pool in pools.items():
        count = sum(check in found[i.id] for i in pool)
        result[check] = {"count": count, "of": len(pool),
                         "share": round(count / len(pool), 3) if pool else 0.0,
                         "limit": limits[check]}
    return result


def item_writing_figures(course: Course) -> dict[str, object]:
    """``inspect --json``'s ``item_writing``: the course figures and each test item's cues
    (source language)."""
    if course.blueprint is None:
        return {"figures": {}, "items": {}}
    settings = course.blueprint.item_writing
    items = [i for m in course.modules for i in m.items]
    words = settings.words.get(course.language, ItemWords())
    return {
        "figures": figures(items, settings, course.language),
        "items": {i.id: sorted({c.check for c in cues(i, words)}) for i in items
                  if "test" in i.use},
    }
