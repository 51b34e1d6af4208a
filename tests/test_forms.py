"""Form assembly: anchors, blueprint coverage, seeds, shuffled options, every language."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

from generator.forms import objective_counts, plan_forms, printed_form
from generator.loader import load_course
from generator.localize import localize

from .conftest import MINIMAL, REPO, make_translated


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
