"""Rules on the materials vocabulary (``materials.yml``) and on modules' handouts: each
material listed once under one name, activities naming only known materials and handouts,
a handout's citation among the course's references."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from generator.course.reading import MATERIALS_FILE, LoadedCourse
from generator.errors import Problem

SIMILAR_NAMES = 0.9
"""Names at least this alike (difflib's ratio, ignoring case and punctuation) are taken
for one material listed twice ("Marker", "markers")."""
MINOR_WORDS = frozenset({"a", "an", "the", "of", "for", "and", "or", "in", "on", "with", "to"})


def _did_you_mean(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _plain(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold()))


def _words(name: str) -> frozenset[str]:
    """The name's words that say what it is, each without a plural -s."""
    return frozenset(w.removesuffix("s") for w in _plain(name).split() if w not in MINOR_WORDS)


def near_duplicates(names: list[str]) -> list[tuple[int, int]]:
    """Pairs (earlier, later) of positions in ``names`` that name one thing twice: nearly
    equal once case and punctuation are set aside ("Flip chart", "flipchart"), or one
    saying all the other says and more ("Flipchart", "Flipchart paper")."""
    plain = [_plain(n) for n in names]
    words = [_words(n) for n in names]
    return [(i, j) for j in range(len(plain)) for i in range(j)
            if difflib.SequenceMatcher(None, plain[i].replace(" ", ""),
                                       plain[j].replace(" ", "")).ratio() >= SIMILAR_NAMES
            or (words[i] and words[j] and (words[i] <= words[j] or words[j] <= words[i]))]


def materials_are_distinct(loaded: LoadedCourse) -> Iterator[Problem]:
    """One entry per material: a repeated id, or a name like another's, is an error (the
    checklist would list one thing twice)."""
    doc, vocabulary = loaded.materials_doc, loaded.materials
    if doc is None or vocabulary is None:
        return
    entries = vocabulary.materials
    seen: dict[str, int] = {}
    for index, material in enumerate(entries):
        if material.id in seen:
            yield Problem(doc.path, doc.line("materials", index, "id"),
                          f"materials[{index}].id", f"'{material.id}' is listed twice",
                          f"keep one entry; the other is at line "
                          f"{doc.line('materials', seen[material.id], 'id')}")
        seen.setdefault(material.id, index)
    for earlier, later in near_duplicates([m.name for m in entries]):
        yield Problem(doc.path, doc.line("materials", later, "name"),
                      f"materials[{later}].name",
                      f"'{entries[later].name}' is nearly the same as "
                      f"'{entries[earlier].name}' ({entries[earlier].id})",
                      f"use '{entries[earlier].id}' in the activities and remove this entry, "
                      "or name the two so that they cannot be confused")


def materials_are_known(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every material an activity lists is in ``materials.yml`` (a course without that
    file has no vocabulary yet, and its activities' materials are not checked)."""
    if loaded.materials is None:
        return
    known = [m.id for m in loaded.materials.materials]
    for module in loaded.modules:
        doc = module.activities_doc
        if doc is None:
            continue
        for index, activity in enumerate(module.activities):
            for position, material in enumerate(activity.materials):
                if material not in known:
                    yield Problem(
                        doc.path, doc.line("activities", index, "materials", position),
                        f"activities[{index}].materials[{position}]",
                        f"'{material}' is not in {MATERIALS_FILE}",
                        _did_you_mean(material, known)
                        + f"add it to {MATERIALS_FILE} (id, name, unit, per, quantity) or "
                        "use one of the ids there")


def handouts_are_known(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every handout an activity names is a file of its module's handouts/ folder, or,
    written ``<module-id>/<name>``, of another module's."""
    for module in loaded.modules:
        doc = module.activities_doc
        if doc is None:
            continue
        known = sorted(module.handouts)
        everywhere = sorted(f"{m.folder}/{h}" for m in loaded.modules for h in m.handouts)
        for index, activity in enumerate(module.activities):
            for position, name in enumerate(activity.handouts):
                if name not in known and name not in everywhere:
                    yield Problem(
                        doc.path, doc.line("activities", index, "handouts", position),
                        f"activities[{index}].handouts[{position}]",
                        f"there is no handout '{name}' in this module",
                        _did_you_mean(name, known + everywhere)
                        + f"write modules/{_handout_file(module.folder, name)}, or name one "
                        "of its own, or another module's as <module-id>/<name>: "
                        f"{', '.join(known + everywhere) or 'none yet'}")


def _handout_file(folder: str, name: str) -> str:
    module, _, own = name.rpartition("/")
    return f"{module or folder}/handouts/{own}.yml"


def handout_sources_exist(loaded: LoadedCourse) -> Iterator[Problem]:
    """A handout's ``source`` is a reference of course.yml."""
    if loaded.course is None:
        return
    known = [r.id for r in loaded.course.references]
    for module in loaded.modules:
        for doc, handout in module.handouts.values():
            if doc is None or handout is None or handout.source is None:
                continue
            if handout.source not in known:
                yield Problem(doc.path, doc.line("source"), "source",
                              f"there is no reference '{handout.source}' in course.yml",
                              _did_you_mean(handout.source, known)
                              + "add it under references: in course.yml")
