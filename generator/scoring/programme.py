"""A programme's results: recorded workshops combined into the one ``Scored`` the report
takes, with each participant's groups (their country, organisation and role, and the
workshop they attended)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.errors import Problem
from generator.scoring.groups import Groups
from generator.scoring.responses import Scored
from generator.scoring.statistics import ScoredForm
from generator.scoring.store import Recording


@dataclass(frozen=True)
class Programme:
    """The recordings combined: forms by (cycle, occasion), groups by code."""

    scored: Scored
    groups: Groups
    cycles: list[str]
    notes: list[str]  # what the combination left out or narrowed, in words


def combine(recordings: Sequence[Recording], cycle_order: Sequence[str], where: str,
            country: str = "") -> Programme:
    """One form per (cycle, occasion) over every selected workshop's participants (only
    those whose country is ``country``, when given, compared without case).

    Workshops whose forms differ are combined over the items all of them asked (so every
    participant's percent is over the same items); a participant code recorded in two
    workshops of the same cycle keeps its first workshop's answers (by start date), the other
    is listed in the report's excluded rows. ``where`` names the store in those rows."""
    scored = Scored()
    notes: list[str] = []
    groups = _groups(recordings)
    if country:
        groups = {code: values for code, values in groups.items()
                  if values.get("country", "").casefold() == country.casefold()}
    parts: dict[tuple[str, str], list[tuple[Recording, ScoredForm]]] = {}
    for recording in recordings:
        for form in recording.forms:
            chosen = {c: row for c, row in form.scores.items() if c in groups}
            if chosen:
                parts.setdefault((form.cycle, form.occasion), []).append(
                    (recording, replace(form, scores=chosen)))
    for key, found in parts.items():
        form, dropped = _combined(found, where, scored.problems)
        if form is None:
            notes.append(f"{key[0]} {key[1]}: the workshops' tests share no item")
            continue
        if dropped:
            notes.append(f"{key[0]} {key[1]}: {len(form.item_ids)} item(s) common to every "
                         f"workshop; {dropped} other(s) left out")
        scored.forms[key] = form
        for recording, _ in found:
            scored.files[f"{recording.workshop.title} ({recording.workshop.id})"] = key
    cycles = [c for c in cycle_order if any(k[0] == c for k in scored.forms)]
    cycles += sorted({k[0] for k in scored.forms} - set(cycles))
    everyone = {code for form in scored.forms.values() for code in form.scores}
    return Programme(scored, {c: v for c, v in groups.items() if c in everyone}, cycles, notes)


def _combined(found: list[tuple[Recording, ScoredForm]], where: str,
              problems: list[Problem]) -> tuple[ScoredForm | None, int]:
    """The forms of one cycle and occasion as one, over their common items; and how many
    items were left out because some workshop did not ask them."""
    first = found[0][1]
    common = [i for i in first.item_ids if all(i in f.item_ids for _, f in found)]
    every = {i for _, f in found for i in f.item_ids}
    if not common:
        return None, len(every)
    objectives = dict(zip(first.item_ids, first.objectives, strict=True))
    scores: dict[str, tuple[int, ...]] = {}
    came_from: dict[str, Recording] = {}
    for recording, form in found:
        at = {item: n for n, item in enumerate(form.item_ids)}
        for code, row in form.scores.items():
            if code in scores:
                problems.append(Problem(
                    where, 0, code, f"'{code}' took the {form.cycle} {form.occasion}-test in "
                    f"'{came_from[code].workshop.title}' and again in "
                    f"'{recording.workshop.title}'; the second is left out",
                    "codes are for one person: check the cards of both workshops"))
                continue
            came_from[code] = recording
            scores[code] = tuple(row[at[item]] for item in common)
    return ScoredForm(cycle=first.cycle, occasion=first.occasion, item_ids=tuple(common),
                      objectives=tuple(objectives[i] for i in common),
                      scores=scores), len(every) - len(common)


def _groups(recordings: Sequence[Recording]) -> Groups:
    """Each participant's recorded attributes (the latest recording's where they differ),
    and the workshop (its title) where they were first recorded: a participant of an initial
    and a refresher training is in the group of the initial one, their cohort. The workshop's
    country stands in where the participant's own is not recorded."""
    groups: Groups = {}
    for recording in recordings:  # by start date
        workshop = recording.workshop
        for code in sorted({c for f in recording.forms for c in f.scores}):
            values = groups.setdefault(code, {"workshop": workshop.title})
            if workshop.country:
                values.setdefault("country", workshop.country.upper())
            values.update({a: v for a, v in recording.attributes.get(code, {}).items()
                           if a != "workshop"})
    return groups
