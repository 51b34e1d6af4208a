"""Test forms planned from ids: which items each pre/post form holds, in which order, with
which option order. Every language prints the same plan (see assessments.forms)."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict

from generator.course.assembly import OCCASIONS, Deal, Share, deal
from generator.course.model import Blueprint, Course, Cycle, Item, ModuleFile, TrueFalse


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlannedItem(Frozen):
    """One item of a form: its id and its option ids in printed order."""

    id: str
    options: tuple[str, ...]


class FormPlan(Frozen):
    """The items of one cycle's pre- or post-test, in printed order."""

    cycle: str
    occasion: str
    items: tuple[PlannedItem, ...]
    anchors: frozenset[str]


def objective_counts(cycle: Cycle, modules: Iterable[ModuleFile]) -> dict[str, int]:
    """Items per form for each objective the cycle covers, in course order."""
    counts: dict[str, int] = {}
    for module in modules:
        if module.id in cycle.modules:
            for objective in module.objectives:
                count = cycle.objectives.get(objective.id, cycle.items_per_objective)
                if count:
                    counts[objective.id] = count
    return counts


def anchor_counts(counts: Mapping[str, int], bank_sizes: Mapping[str, int],
                  share: float) -> dict[str, int]:
    """How many of each objective's items are anchors (on both pre and post).

    ``share`` of the form's items, rounded half up, are anchors; they go one at a time, in
    turn, to the objectives with the fewest spare items in the bank first, so anchors
    relieve the objectives that are shortest of items.
    """
    total = math.floor(share * sum(counts.values()) + 0.5)
    order = sorted(counts, key=lambda o: bank_sizes.get(o, 0) - 2 * counts[o])
    anchors = dict.fromkeys(counts, 0)
    while total > 0:
        for objective in order:
            if total and anchors[objective] < counts[objective]:
                anchors[objective] += 1
                total -= 1
    return anchors


def items_needed(count: int, anchors: int) -> int:
    """Test items an objective needs: its anchors plus its own items on each form."""
    return anchors + 2 * (count - anchors)


class FormsImpossible(ValueError):
    """A cycle's blueprint cannot be met by the bank: ``hint`` says what would help."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


class BankTooSmall(FormsImpossible):
    """An objective has fewer test items than its forms need (``bank_covers_blueprint``
    reports it for validation, with the file to add them to)."""


def plan_forms(course: Course) -> tuple[FormPlan, ...]:
    """The pre and post forms of every cycle (none without ``assessments/cycles.yml``)."""
    if course.blueprint is None:
        return ()
    items = [i for m in course.modules for i in m.items]
    enemies = enemy_sets(course.enemies)
    return tuple(plan for cycle in course.blueprint.cycles
                 for plan in plan_cycle(course.blueprint, cycle, course.modules, items, enemies))


def enemy_sets(pairs: Iterable[tuple[str, str]]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(pair) for pair in pairs)


def plan_cycle(blueprint: Blueprint, cycle: Cycle, modules: Iterable[ModuleFile],
               items: Iterable[Item], enemies: frozenset[frozenset[str]],
               salt: str = "") -> tuple[FormPlan, FormPlan]:
    """The pre and the post form of ``cycle``: each objective's count of items, drawn at
    random (seeded), anchors on both forms, no two enemies on one form and at least the
    cycle's ``apply_share`` of items at level apply on each; ``FormsImpossible`` says
    which of these the bank cannot meet."""
    rng = random.Random(f"{blueprint.seed}:{cycle.id}{salt}")
    bank = bank_by_objective(items)
    counts = objective_counts(cycle, modules)
    anchors = anchor_counts(counts, {o: len(bank.get(o, ())) for o in counts},
                            blueprint.anchor_share)
    pools, shares = {}, {}
    for objective, count in counts.items():
        pools[objective] = list(bank.get(objective, ()))
        rng.shuffle(pools[objective])
        shares[objective] = Share(anchors[objective], count - anchors[objective])
        needed = items_needed(count, anchors[objective])
        if len(pools[objective]) < needed:
            raise BankTooSmall(
                f"objective '{objective}' has {len(pools[objective])} test item(s) but needs "
                f"{needed}", f"add {needed - len(pools[objective])} item(s) marked test for it")
    total = sum(counts.values())
    least = math.ceil(cycle.apply_share * total - 1e-9)
    dealt = deal(pools, shares, enemies, least, rng)
    _check(dealt, least, total)
    anchored = frozenset(i.id for o in pools for i in dealt.role(o, "anchor"))
    return tuple(
        FormPlan(cycle=cycle.id, occasion=occasion, anchors=anchored,
                 items=tuple(_planned(item, rng) for o in pools for item in _shuffled(
                     dealt.role(o, "anchor") + dealt.role(o, occasion), rng)))
        for occasion in OCCASIONS)


def _check(dealt: Deal, least: int, total: int) -> None:
    """Raise ``FormsImpossible`` for what the search could not resolve."""
    clashing = sorted({i for o in OCCASIONS for i in dealt.clashes(o)})
    if clashing:
        raise FormsImpossible(
            f"enemies {', '.join(clashing)} cannot be kept on different forms",
            "add test items to their objectives, or make the items ask different things")
    for occasion in OCCASIONS:
        applied = dealt.applied(occasion)
        if applied < least:
            short = [o for o, pool in dealt.pools.items()
                     if not any(i.level == "apply" for i in pool)]
            raise FormsImpossible(
                f"the {occasion}-test has {applied} of {total} items at level apply; the "
                f"cycle asks for at least {least} (apply_share)",
                "write more test items that put the learner in a situation (level: apply), "
                f"e.g. for {', '.join(short[:5]) or 'its objectives'}, or lower apply_share")


def bank_by_objective(items: Iterable[Item]) -> dict[str, list[Item]]:
    """The items marked ``test``, by objective, in bank order."""
    by_objective: dict[str, list[Item]] = {}
    for item in items:
        if "test" in item.use:
            by_objective.setdefault(item.objective, []).append(item)
    return by_objective


def _shuffled(items: list[Item], rng: random.Random) -> list[Item]:
    items = list(items)
    rng.shuffle(items)
    return items


def _planned(item: Item, rng: random.Random) -> PlannedItem:
    options = [c.id for c in item.choices()]
    if not isinstance(item, TrueFalse):
        rng.shuffle(options)
    return PlannedItem(id=item.id, options=tuple(options))


