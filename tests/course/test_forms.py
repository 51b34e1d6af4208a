"""Form assembly: anchors, blueprint coverage, seeds, shuffled options, every language."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from generator.assessments.forms import printed_form
from generator.course.blueprint import (
    FormsImpossible,
    enemy_sets,
    objective_counts,
    plan_cycle,
    plan_forms,
)
from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Blueprint, Cycle, Item, ModuleFile, Objective, TrueFalse
from tests.conftest import MINIMAL, REPO, make_translated


def test_pre_and_post_share_exactly_the_anchor_items() -> None:
    course = load_course(REPO)
    assert course.blueprint is not None
    plans = plan_forms(course)
    assert {(p.cycle, p.occasion) for p in plans} == {
        ("initial", "pre"), ("initial", "post"), ("refresher", "pre"), ("refresher", "post")}
    for cycle in course.blueprint.cycles:
        pre, post = (p for p in plans if p.cycle == cycle.id)
        size = len(pre.items)
        assert len(post.items) == size
        overlap = {i.id for i in pre.items} & {i.id for i in post.items}
        assert overlap == pre.anchors
        assert len(overlap) == math.floor(course.blueprint.anchor_share * size + 0.5) > 0


def test_every_objective_has_its_number_of_items_on_every_form() -> None:
    course = load_course(REPO)
    assert course.blueprint is not None
    objective_of = {i.id: i.objective for m in course.modules for i in m.items}
    for cycle in course.blueprint.cycles:
        wanted = objective_counts(cycle, course.modules)
        assert len(wanted) == sum(len(m.objectives) for m in course.modules)
        for plan in (p for p in plan_forms(course) if p.cycle == cycle.id):
            assert Counter(objective_of[i.id] for i in plan.items) == wanted
            assert all("test" in next(i for m in course.modules for i in m.items
                                      if i.id == planned.id).use for planned in plan.items)


def test_same_seed_same_forms_other_seed_other_forms() -> None:
    course = load_course(REPO)
    assert course.blueprint is not None
    assert plan_forms(course) == plan_forms(load_course(REPO))
    reseeded = course.model_copy(update={
        "blueprint": course.blueprint.model_copy(update={"seed": course.blueprint.seed + 1})})
    assert plan_forms(reseeded) != plan_forms(course)


def test_options_are_shuffled_and_the_key_follows_them() -> None:
    course = load_course(REPO)
    items = {i.id: i for m in course.modules for i in m.items}
    orders = []
    for plan in plan_forms(course):
        form = printed_form(course, plan)
        for printed in form.items:
            item = items[printed.id]
            right = {o.option for o in printed.options if o.letter in printed.correct}
            assert right == item.correct_ids()
            assert [o.letter for o in printed.options] == list("ABCDEFGH"[:len(printed.options)])
            if item.type != "true-false":
                orders.append([o.option for o in printed.options]
                              == [c.id for c in item.choices()])
    assert not all(orders), "no option order was shuffled"


def test_every_language_prints_the_same_items_letters_and_keys(tmp_path: Path) -> None:
    course = load_course(make_translated(tmp_path / "course"))
    true_false = []
    for plan in plan_forms(course):
        english, spanish = (printed_form(localize(course, lang), plan) for lang in ("en", "es"))
        assert spanish.language == "es"
        assert [(i.id, i.correct, [o.option for o in i.options]) for i in english.items] == \
               [(i.id, i.correct, [o.option for o in i.options]) for i in spanish.items]
        true_false += [i for i in spanish.items if i.type == "true-false"]
    assert true_false
    assert all([o.text for o in i.options] == ["Verdadero", "Falso"] for i in true_false)


def test_no_forms_without_a_blueprint(tmp_path: Path) -> None:
    course = load_course(MINIMAL)
    assert plan_forms(course.model_copy(update={"blueprint": None})) == ()


# --- enemies and levels ----------------------------------------------------------------


def _bank(objectives: int, levels: str) -> tuple[list[ModuleFile], list[Item]]:
    """One module with ``objectives`` objectives and, for each, one item per letter of
    ``levels`` (``a``: apply, ``r``: recall)."""
    module = ModuleFile(id="m", track="t", title="M", summary="S", minutes=60,
                        key_messages=("k",),
                        objectives=tuple(Objective(id=f"o{n}", text="x")
                                         for n in range(objectives)))
    items = [TrueFalse(id=f"o{n}-i{k}", type="true-false", objective=f"o{n}", use=("test",),
                       level="apply" if level == "a" else "recall", stem=f"Statement {n} {k}",
                       answer=True, feedback={"correct": "y", "incorrect": "n"})
             for n in range(objectives) for k, level in enumerate(levels)]
    return [module], items


def _blueprint(seed: int, apply_share: float = 0) -> tuple[Blueprint, Cycle]:
    cycle = Cycle(id="c", title="C", modules=("m",), apply_share=apply_share)
    return Blueprint(seed=seed, anchor_share=0.2, cycles=(cycle,)), cycle


def test_enemies_are_never_on_the_same_form() -> None:
    modules, items = _bank(6, "rrr")
    enemies = enemy_sets((f"o{n}-i{k}", f"o{n + 1}-i{k}") for n in range(5) for k in range(3))
    for seed in range(30):
        blueprint, cycle = _blueprint(seed)
        for plan in plan_cycle(blueprint, cycle, modules, items, enemies):
            ids = {i.id for i in plan.items}
            assert len(ids) == 6
            assert not [pair for pair in enemies if pair <= ids], (seed, plan.occasion)


def test_each_form_reaches_the_share_of_apply_items() -> None:
    modules, items = _bank(10, "arr")
    level = {i.id: i.level for i in items}
    for seed in range(30):
        blueprint, cycle = _blueprint(seed, apply_share=0.5)
        pre, post = plan_cycle(blueprint, cycle, modules, items, frozenset())
        for plan in (pre, post):
            assert sum(level[i.id] == "apply" for i in plan.items) >= 5
        assert {i.id for i in pre.items} & {i.id for i in post.items} == pre.anchors


def test_a_blueprint_the_bank_cannot_meet_says_why() -> None:
    modules, items = _bank(3, "rrr")
    blueprint, cycle = _blueprint(1, apply_share=0.4)
    with pytest.raises(FormsImpossible, match="0 of 3 items at level apply") as caught:
        plan_cycle(blueprint, cycle, modules, items, frozenset())
    assert "level: apply" in caught.value.hint and "o0" in caught.value.hint
    modules, items = _bank(2, "rr")
    everyone = enemy_sets((a.id, b.id) for a in items for b in items if a.id < b.id)
    with pytest.raises(FormsImpossible, match="cannot be kept on different forms"):
        plan_cycle(_blueprint(1)[0], _blueprint(1)[1], modules, items, everyone)


def test_bundled_forms_keep_enemies_apart_and_ask_to_apply() -> None:
    course = load_course(REPO)
    assert course.blueprint is not None
    level = {i.id: i.level for m in course.modules for i in m.items}
    enemies = enemy_sets(course.enemies)
    assert enemies, "the bundled bank has near-twins, found or listed"
    for plan in plan_forms(course):
        ids = {i.id for i in plan.items}
        assert not [pair for pair in enemies if pair <= ids]
        assert sum(level[i] == "apply" for i in ids) >= 0.4 * len(ids)


def test_a_large_pool_is_dealt_again_from_any_position() -> None:
    """With many spare items, one enemy pair never makes the blueprint impossible."""
    module = ModuleFile(id="m", track="t", title="M", summary="S", minutes=60,
                        key_messages=("k",), objectives=(Objective(id="o", text="x"),))
    items = [TrueFalse(id=f"t{k}", type="true-false", objective="o", use=("test",),
                       level="recall", stem=f"Statement {k}", answer=True,
                       feedback={"correct": "y", "incorrect": "n"}) for k in range(8)]
    cycle = Cycle(id="c", title="C", modules=("m",), items_per_objective=2)
    for seed in range(1, 25):
        blueprint = Blueprint(seed=seed, anchor_share=0, cycles=(cycle,))
        for plan in plan_cycle(blueprint, cycle, [module], items,
                               enemy_sets([("t0", "t1")])):
            assert {"t0", "t1"} - {i.id for i in plan.items}, seed
