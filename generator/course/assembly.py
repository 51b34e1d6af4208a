"""Choosing a cycle's items: anchors, each occasion's own items, enemies kept apart and
enough items at level apply.

Each objective's test items are shuffled (seeded) and dealt in turn: its anchors, its
pre-test items, its post-test items, then spares. While a form holds two enemies or too few
apply items, a min-conflicts search re-deals one objective involved at a time, taking the
deal with the fewest conflicts (enemy pairs first, then missing apply items), until there
are none or the search gives up; the same seed always makes the same choices.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass

from generator.course.model import Item

OCCASIONS = ("pre", "post")
STEPS_PER_OBJECTIVE = 10
"""How many re-deals the search may try, per objective, before it gives up."""
MAX_DEALS = 24
"""The most deals of one objective's items compared in one step."""


@dataclass(frozen=True)
class Share:
    """How one objective's items are dealt: the numbers of anchors and of each occasion's
    own items."""

    anchors: int
    own: int


class Deal:
    """The items of every objective, in dealing order (see the module's docstring)."""

    def __init__(self, pools: dict[str, list[Item]], shares: dict[str, Share],
                 enemies: frozenset[frozenset[str]], least_apply: int, rng: random.Random):
        self.pools, self.shares, self.rng = pools, shares, rng
        self.least_apply = least_apply
        self.enemies: dict[str, set[str]] = {}
        for pair in enemies:
            a, b = tuple(pair)
            self.enemies.setdefault(a, set()).add(b)
            self.enemies.setdefault(b, set()).add(a)

    def role(self, objective: str, role: str) -> list[Item]:
        """``anchor``, ``pre``, ``post`` or ``spare`` items of ``objective``."""
        pool, share = self.pools[objective], self.shares[objective]
        start = {"anchor": 0, "pre": share.anchors, "post": share.anchors + share.own,
                 "spare": share.anchors + 2 * share.own}[role]
        end = {"anchor": share.anchors, "pre": share.anchors + share.own,
               "post": share.anchors + 2 * share.own, "spare": len(pool)}[role]
        return pool[start:end]

    def on(self, occasion: str) -> list[Item]:
        return [i for o in self.pools for i in self.role(o, "anchor") + self.role(o, occasion)]

    def clashes(self, occasion: str) -> list[str]:
        """Ids of items on the form with an enemy on the same form."""
        ids = {i.id for i in self.on(occasion)}
        return sorted(i for i in ids if self.enemies.get(i, set()) & ids)

    def applied(self, occasion: str) -> int:
        return sum(i.level == "apply" for i in self.on(occasion))

    def cost(self) -> tuple[int, int]:
        return (sum(len(self.clashes(o)) for o in OCCASIONS),
                sum(max(0, self.least_apply - self.applied(o)) for o in OCCASIONS))

    def solve(self) -> None:
        """Re-deal objectives until no conflict is left or the steps run out."""
        for _ in range(STEPS_PER_OBJECTIVE * len(self.pools)):
            cost = self.cost()
            if cost == (0, 0):
                return
            objective = self.rng.choice(self._involved(cost))
            self._redeal(objective)

    def _involved(self, cost: tuple[int, int]) -> list[str]:
        if cost[0]:
            clashing = {i for o in OCCASIONS for i in self.clashes(o)}
            return [o for o, pool in self.pools.items() if {i.id for i in pool} & clashing]
        return [o for o, pool in self.pools.items()
                if any(i.level == "apply" for i in pool)
                and any(i.level != "apply" for i in pool)] or list(self.pools)

    def _deals(self, pool: list[Item]) -> list[list[Item]]:
        """Every order of a small pool, or ``MAX_DEALS`` random orders of a larger one."""
        if math.factorial(len(pool)) <= MAX_DEALS:
            deals = [list(order) for order in itertools.permutations(pool)]
            self.rng.shuffle(deals)
            return deals
        return [self.rng.sample(pool, len(pool)) for _ in range(MAX_DEALS)]

    def _redeal(self, objective: str) -> None:
        pool = self.pools[objective]
        best, best_cost = list(pool), self.cost()
        for deal in self._deals(pool):
            self.pools[objective] = list(deal)
            cost = self.cost()
            if cost < best_cost or (cost == best_cost and self.rng.random() < 0.3):
                best, best_cost = list(deal), cost
        self.pools[objective] = best


def deal(pools: dict[str, list[Item]], shares: dict[str, Share], enemies: Iterable[frozenset],
         least_apply: int, rng: random.Random) -> Deal:
    """The items of every objective dealt, conflicts searched away as far as possible."""
    dealt = Deal(pools, shares, frozenset(enemies), least_apply, rng)
    dealt.solve()
    return dealt
