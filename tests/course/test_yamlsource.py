"""Course YAML is read as PyYAML's safe loader reads it, with the line of every key."""

from __future__ import annotations

import pytest
import yaml

from generator.course.yamlsource import ALIAS, load_yaml

DOCUMENTS = [
    "a: 1\nb: [1, 2.5, true, null, 2024-01-02, '3']\n1: x\ntrue: y\n~: z\n",
    "- a\n- {b: c, d: [e, {f: g}]}\n",
    "x: !!str 12\ny: !!binary aGVsbG8=\nz: !!float 1\n",
    "<<: {a: 1}\nb: 2\n",  # a merge key: left to PyYAML
    "x: !!set {a, b}\ny: !!omap [{a: 1}, {b: 2}]\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_data_is_what_the_safe_loader_gives(text: str) -> None:
    doc, problems = load_yaml(text, "x.yml")
    assert problems == [] and doc is not None
    expected = yaml.safe_load(text)
    assert repr(doc.data) == repr(expected)  # the same values of the same types


def test_every_key_and_entry_has_its_line() -> None:
    doc, _ = load_yaml("a:\n  b:\n    - id: one\n      c: 1\n    - two\nd: 3\n", "x.yml")
    assert doc is not None
    assert doc.lines == {(): 1, ("a",): 1, ("a", "b"): 2, ("a", "b", 0): 3,
                         ("a", "b", 0, "id"): 3, ("a", "b", 0, "c"): 4, ("a", "b", 1): 5,
                         ("d",): 6}
    assert doc.locate(("a", "b", 0, "c")) == (4, "a.b[one].c")


def test_a_key_given_twice_is_reported_where_it_is_and_the_last_one_counts() -> None:
    doc, problems = load_yaml("a: 1\nb:\n  c: 1\n  c: 2\n", "x.yml")
    assert doc is not None and doc.data == {"a": 1, "b": {"c": 2}}
    assert [(p.line, p.field) for p in problems] == [(4, "b.c")]


@pytest.mark.parametrize("text", ["a: &x [1]\nb: *x\n", "a: !!python/object:os.system 1\n",
                                  "x: !custom {a: 1}\n"])
def test_aliases_and_foreign_tags_are_refused(text: str) -> None:
    doc, problems = load_yaml(text, "x.yml")
    assert doc is None and len(problems) == 1
    assert ALIAS in problems[0].message or "tags" in problems[0].message
