"""Pre/post forms: only test items, shuffled per form, with the right key."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from generator.assessments import assemble_form, write_assessments
from generator.loader import load_course

from .conftest import MINIMAL


def test_forms_hold_test_items_only_with_correct_letters() -> None:
    course = load_course(MINIMAL)
    items = {i.id: i for m in course.modules for i in m.items}
    for occasion in ("pre", "post"):
        form = assemble_form(course, occasion)
        assert [i.id for i in form.items] == ["intro-q-purpose", "intro-q-cycle", "basics-q-count"]
        for printed in form.items:
            right = {o.option for o in printed.options if o.letter in printed.correct}
            assert right == items[printed.id].correct_ids()


def test_same_seed_same_forms_and_files(tmp_path: Path) -> None:
    course = load_course(MINIMAL)
    assert assemble_form(course, "pre") == assemble_form(course, "pre")
    write_assessments(course, tmp_path / "a")
    write_assessments(course, tmp_path / "b")
    first, second = tmp_path / "a", tmp_path / "b"
    for path in (p for p in first.rglob("*") if p.is_file()):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes()


def test_outputs_entry_template_booklet_and_forms_json(tmp_path: Path) -> None:
    course = load_course(MINIMAL)
    write_assessments(course, tmp_path)
    with open(tmp_path / "en" / "pre-responses.csv", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["participant_code", "intro-q-purpose", "intro-q-cycle", "basics-q-count"]
    booklet = (tmp_path / "en" / "post-test.html").read_text()
    assert "Participant code" in booklet and "How many components" in booklet
    assert "Correct" not in booklet
    data = json.loads((tmp_path / "forms.json").read_text())
    assert [f["occasion"] for f in data["forms"]] == ["pre", "post"]
