"""The assessments part of a build: every file for every cycle, occasion and language."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from generator.course.blueprint import plan_forms
from generator.course.load import load_course
from tests.conftest import make_translated
from tests.renderers import write_assessments

EPOCH = 1_700_000_000
PER_LANGUAGE = ["answer-key.pdf", "post-answer-sheet.pdf", "post-booklet.pdf", "post-moodle.xml",
                "post-qti.zip", "post-responses.csv", "pre-answer-sheet.pdf", "pre-booklet.pdf",
                "pre-moodle.xml", "pre-qti.zip", "pre-responses.csv"]


def test_every_cycle_occasion_and_language_gets_its_files(tmp_path: Path) -> None:
    course = load_course(make_translated(tmp_path / "course"))
    out = tmp_path / "assessments"
    write_assessments(course, out, EPOCH)
    for cycle in ("initial", "refresher"):
        assert sorted(p.name for p in (out / cycle).iterdir()) == [
            "en", "es", "post-xlsform.xlsx", "pre-xlsform.xlsx"]
        for language in ("en", "es"):
            assert sorted(p.name for p in (out / cycle / language).iterdir()) == PER_LANGUAGE


def test_forms_json_and_entry_templates_follow_the_printed_order(tmp_path: Path) -> None:
    course = load_course(make_translated(tmp_path / "course"))
    out = tmp_path / "assessments"
    write_assessments(course, out, EPOCH)
    forms = json.loads((out / "forms.json").read_text())["forms"]
    assert [(f["cycle"], f["occasion"], f["language"]) for f in forms] == [
        (c, o, lang) for c in ("initial", "refresher") for o in ("pre", "post")
        for lang in ("en", "es")]
    plans = {(p.cycle, p.occasion): p for p in plan_forms(course)}
    for form in forms:
        plan = plans[(form["cycle"], form["occasion"])]
        assert [i["id"] for i in form["items"]] == [i.id for i in plan.items]
        for item in form["items"]:
            assert set(item) == {"number", "id", "module", "objective", "type", "stem",
                                 "options", "correct"}
            assert set(item["correct"]) <= {o["letter"] for o in item["options"]}
        template = out / form["cycle"] / form["language"] / f"{form['occasion']}-responses.csv"
        with open(template, newline="") as handle:
            assert next(csv.reader(handle)) == ["participant_code",
                                                *[i["id"] for i in form["items"]]]
    spanish = next(f for f in forms if f["language"] == "es")
    assert any(o["text"] == "Verdadero" for i in spanish["items"] for o in i["options"])


def test_same_sources_same_bytes(tmp_path: Path) -> None:
    course = load_course(make_translated(tmp_path / "course"))
    write_assessments(course, tmp_path / "a", EPOCH)
    write_assessments(course, tmp_path / "b", EPOCH)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                   if p.is_file())
    assert len(files) == 1 + 2 * (2 + 2 * len(PER_LANGUAGE))
    for path in files:
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes(), path


def test_no_blueprint_no_files(tmp_path: Path) -> None:
    course = load_course(make_translated(tmp_path / "course"))
    write_assessments(course.model_copy(update={"blueprint": None}), tmp_path / "out", EPOCH)
    assert not (tmp_path / "out").exists()


def test_xlsform_speaks_every_language_from_its_messages(tmp_path: Path) -> None:
    course = load_course(make_translated(tmp_path / "course"))
    write_assessments(course, tmp_path / "out", EPOCH)
    sheet = load_workbook(tmp_path / "out" / "initial" / "pre-xlsform.xlsx")["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    code = next(r for r in rows if r[header.index("name")] == "participant_code")
    assert code[header.index("label::English (en)")] == "Participant code"
    assert code[header.index("label::español (es)")] == "Código de participante"
    settings = load_workbook(tmp_path / "out" / "initial" / "pre-xlsform.xlsx")["settings"]
    values = dict(zip(*settings.iter_rows(values_only=True), strict=True))
    assert values["default_language"] == "English (en)"
