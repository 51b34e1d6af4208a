"""Scoring response files: entry templates (CSV, XLSX) and KoboToolbox exports agree;
bad data is reported by file, row and column; spreadsheets never get formulas."""

from __future__ import annotations

import csv
import json
import math
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from generator.assessments.forms import Form, printed_form
from generator.cli import main
from generator.course.blueprint import plan_forms
from generator.course.load import load_course
from generator.course.model import Course
from generator.scoring import responses
from generator.scoring.statistics import mcnemar_p
from tests.conftest import make_course

# Letters each participant ticks, by question number, on the initial pre- and post-test.
# P05 is only on the post-test; P04 gets everything right on the pre-test.
PRE = {"P01": ["B", "A", "B"], "P02": ["A", "A", "A"], "P03": ["A", "B", ""],
       "P04": None}
POST = {"P01": ["B", "A", None], "P02": ["B", "A", None], "P03": ["A", "B", "B"],
        "P04": None, "P05": ["B", "C", None]}


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    return make_course(tmp_path / "course")


def initial_forms(course: Course) -> dict[str, Form]:
    return {p.occasion: printed_form(course, p) for p in plan_forms(course)
            if p.cycle == "initial"}


def answers(form: Form, given: dict[str, list[str | None] | None]) -> dict[str, list[str]]:
    """Letters per participant; None = the key (all right), a None cell = the key letters."""
    filled = {}
    for code, letters in given.items():
        letters = letters or [None] * len(form.items)
        filled[code] = [item.correct if cell is None else cell
                        for item, cell in zip(form.items, letters, strict=True)]
    return filled


def write_entry_csv(path: Path, form: Form, filled: dict[str, list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant_code", *[i.id for i in form.items]])
        for code, letters in filled.items():
            writer.writerow([code.lower(), *letters])
    return path


def write_entry_xlsx(path: Path, form: Form, filled: dict[str, list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["participant_code", *[i.id for i in form.items]])
    for code, letters in filled.items():
        sheet.append([code, *letters])
    book.save(path)
    return path


def write_kobo_csv(path: Path, form: Form, filled: dict[str, list[str]]) -> Path:
    """What KoboToolbox exports with 'XML values and headers': ';', lower-case choice names,
    space-separated multiple answers, one 0/1 column per choice, metadata columns."""
    header = ["start", "end", "participant_code", "participant_code_check"]
    for item in form.items:
        header.append(item.id)
        if item.type == "multiple":
            header += [f"{item.id}/{o.letter.lower()}" for o in item.options]
    header += [f"score_{i.id.replace('-', '_')}" for i in form.items]
    header += ["score_total", "_id", "_uuid", "_submission_time", "_validation_status",
               "_index"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for n, (code, letters) in enumerate(filled.items(), start=1):
            row = ["2026-11-20T09:00:00", "2026-11-20T09:20:00", code, code]
            for item, cell in zip(form.items, letters, strict=True):
                row.append(" ".join(cell.lower()))
                if item.type == "multiple":
                    row += ["1" if o.letter in cell else "0" for o in item.options]
            row += ["0"] * len(form.items) + ["0", str(n), f"uuid-{n}", "2026-11-20", "", str(n)]
            writer.writerow(row)
    return path


def score(course_root: Path, out: Path, *files: Path, extra: tuple[str, ...] = ()) -> int:
    return main(["--course", str(course_root), "assess", "score", "--cycle", "initial",
                 *map(str, files), "--out", str(out), *extra])


def test_entry_csv_xlsx_and_kobo_export_give_the_same_summary(course_root: Path,
                                                               tmp_path: Path) -> None:
    forms = initial_forms(load_course(course_root))
    pre, post = answers(forms["pre"], PRE), answers(forms["post"], POST)
    entry = [write_entry_csv(tmp_path / "pre.csv", forms["pre"], pre),
             write_entry_csv(tmp_path / "post.csv", forms["post"], post)]
    excel = [write_entry_xlsx(tmp_path / "pre.xlsx", forms["pre"], pre),
             write_entry_xlsx(tmp_path / "post.xlsx", forms["post"], post)]
    kobo = [write_kobo_csv(tmp_path / "kobo-a.csv", forms["pre"], pre),
            write_kobo_csv(tmp_path / "kobo-b.csv", forms["post"], post)]
    summaries = []
    for name, files in (("entry", entry), ("excel", excel), ("kobo", kobo)):
        assert score(course_root, tmp_path / name, *files) == 0
        summaries.append((tmp_path / name / "summary.json").read_text())
    assert summaries[0] == summaries[1] == summaries[2]
    data = json.loads(summaries[0])
    assert data["occasions"]["pre"]["n"] == 4 and data["occasions"]["post"]["n"] == 5
    assert data["matching"]["unmatched_post"] == ["P05"]
    participants = {p["code"]: p for p in data["participants"]}
    assert participants["P04"]["pre_percent"] == 100.0
    assert participants["P05"]["pre_percent"] is None
    assert data["excluded"] == []


def test_scores_are_all_or_nothing_on_the_printed_letters(course_root: Path,
                                                          tmp_path: Path) -> None:
    forms = initial_forms(load_course(course_root))
    pre = forms["pre"]
    keyed = {"P01": [i.correct for i in pre.items],
             "P02": ["".join(o.letter for o in i.options) for i in pre.items],  # everything ticked
             "P03": [""] * len(pre.items)}
    post = {"P01": [i.correct for i in forms["post"].items]}
    assert score(course_root, tmp_path / "out",
                 write_entry_csv(tmp_path / "pre.csv", pre, keyed),
                 write_entry_csv(tmp_path / "post.csv", forms["post"], post)) == 0
    data = json.loads((tmp_path / "out" / "summary.json").read_text())
    percents = {p["code"]: p["pre_percent"] for p in data["participants"]}
    assert percents == {"P01": 100.0, "P02": 0.0, "P03": 0.0}


def test_bad_data_is_reported_by_file_row_and_column(course_root: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    form = initial_forms(load_course(course_root))["pre"]
    first, second = form.items[0], form.items[1]
    path = tmp_path / "pre.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant_code", "Name", "phone", "E-mail", "q-extra",
                         *[i.id for i in form.items]])
        writer.writerow(["P01", "Ana", "555", "a@b.org", "", *[i.correct for i in form.items]])
        writer.writerow(["P02", "", "", "", "", "Z", *[i.correct for i in form.items[1:]]])
        writer.writerow(["p01", "", "", "", "", *[i.correct for i in form.items]])
        writer.writerow(["ana@example.org", "", "", "", "", *[i.correct for i in form.items]])
    out = tmp_path / "out"
    assert score(course_root, out, path) == 1
    err = capsys.readouterr().err
    shown = str(path)
    for where in (f"{shown}:1: Name:", f"{shown}:1: phone:", f"{shown}:1: E-mail:",
                  f"{shown}:1: q-extra: 'q-extra' is not an item",
                  f"{shown}:3: {first.id}: 'Z' has Z, not a letter of question 1",
                  f"{shown}:4: participant_code: participant code 'P01' is already used at "
                  f"{shown}:2", f"{shown}:5: participant_code: this looks like an e-mail"):
        assert where in err, where
    assert "Nothing was written" in err and not out.exists()

    assert score(course_root, out, path, extra=("--allow-partial",)) == 0
    data = json.loads((out / "summary.json").read_text())
    excluded = {(e["row"], e["column"]) for e in data["excluded"]}
    assert excluded == {(1, "Name"), (1, "phone"), (1, "E-mail"), (1, "q-extra"),
                        (3, first.id), (4, "participant_code"), (5, "participant_code")}
    assert {p["code"] for p in data["participants"]} == {"P01", "P02"}
    p02 = next(p for p in data["participants"] if p["code"] == "P02")
    assert p02["pre_percent"] == pytest.approx(100 * (len(form.items) - 1) / len(form.items),
                                               abs=1e-3)
    html = (out / "report.html").read_text()
    assert "Excluded cells" in html and "q-extra" in html and "Ana" not in html
    assert second.id in html


def test_codes_that_look_like_formulas_stay_text(course_root: Path, tmp_path: Path) -> None:
    cycles = course_root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text() + "participant_code: {pattern: '^.+$', example: X}\n")
    forms = initial_forms(load_course(course_root))
    codes = ["=1+1", "+SUM(A1)", "-2+3", "@A1", "\tX"]
    pre = {code: [i.correct for i in forms["pre"].items] for code in codes}
    path = tmp_path / "pre.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant_code", *[i.id for i in forms["pre"].items]])
        for code, letters in pre.items():
            writer.writerow([code, *letters])
    assert score(course_root, tmp_path / "out", path) == 0
    sheet = load_workbook(tmp_path / "out" / "report.xlsx")["Participants"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert sorted(c.value for c in cells) == sorted(c.upper().strip() for c in codes)
    assert all(c.data_type == "s" for c in cells)


def test_codes_must_match_the_course_pattern(course_root: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    cycles = course_root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text()
                      + "participant_code: {pattern: '^[A-Z]{2}-[0-9]{3}$', example: KZ-014}\n")
    forms = initial_forms(load_course(course_root))
    path = write_entry_csv(tmp_path / "pre.csv", forms["pre"],
                           {"kz-014": [i.correct for i in forms["pre"].items],
                            " kz - 015": [i.correct for i in forms["pre"].items],
                            "Maria": [i.correct for i in forms["pre"].items]})
    assert score(course_root, tmp_path / "out", path) == 1
    err = capsys.readouterr().err
    assert f"{path}:4: participant_code: 'MARIA' is not a participant code" in err
    assert "KZ-014" not in err and "KZ-015" not in err
    assert not (tmp_path / "out").exists()


def test_report_is_self_contained_and_reproducible(course_root: Path, tmp_path: Path) -> None:
    forms = initial_forms(load_course(course_root))
    files = [write_entry_csv(tmp_path / "pre.csv", forms["pre"], answers(forms["pre"], PRE)),
             write_entry_csv(tmp_path / "post.csv", forms["post"], answers(forms["post"], POST))]
    for run in ("a", "b"):
        assert score(course_root, tmp_path / run, *files) == 0
    for name in ("summary.json", "report.xlsx", "report.html", "report.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    html = (tmp_path / "a" / "report.html").read_text()
    assert "<svg" in html and "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_both_cycles_give_retention(course_root: Path, tmp_path: Path) -> None:
    course = load_course(course_root)
    forms = {(p.cycle, p.occasion): printed_form(course, p) for p in plan_forms(course)}
    everyone = {"P01": None, "P02": None}
    files = [write_entry_csv(tmp_path / f"{cycle}-{occasion}.csv", form, answers(form, everyone))
             for (cycle, occasion), form in forms.items()]
    assert main(["--course", str(course_root), "assess", "score", "--cycle", "initial",
                 "--cycle", "refresher", *map(str, files), "--out", str(tmp_path / "out")]) == 0
    data = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert set(data["cycles"]) == {"initial", "refresher"}
    [pair] = data["retention"]
    assert (pair["from"], pair["to"], pair["matched"]) == ("initial", "refresher", 2)
    assert pair["retention_ratio"] == 1.0


def test_unknown_cycle_is_refused(course_root: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture) -> None:
    assert main(["--course", str(course_root), "assess", "score", "--cycle", "initail",
                 str(tmp_path / "x.csv"), "--out", str(tmp_path / "out")]) == 1
    assert "the cycles are: initial, refresher" in capsys.readouterr().err


def test_the_report_is_published_together_beside_the_response_files(
        course_root: Path, tmp_path: Path) -> None:
    """``--out .``: the three files replace their old versions together; the response files
    in the same folder stay, and no staging folder is left."""
    forms = initial_forms(load_course(course_root))
    files = [write_entry_csv(tmp_path / "pre.csv", forms["pre"], answers(forms["pre"], PRE)),
             write_entry_csv(tmp_path / "post.csv", forms["post"], answers(forms["post"], POST))]
    (tmp_path / "summary.json").write_text("old")
    assert score(course_root, tmp_path, *files) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"pre.csv", "post.csv", "report.html", "report.pdf", "report.xlsx",
            "summary.json"} <= names
    assert (tmp_path / "summary.json").read_text() != "old"
    assert not [n for n in {p.name for p in tmp_path.parent.iterdir()} if "staging" in n]


def test_every_row_of_a_workbook_is_read_whatever_its_stated_size(
        course_root: Path, tmp_path: Path) -> None:
    """A workbook whose <dimension> says A1:C4 but holds 31 rows gives all 30 participants."""
    forms = initial_forms(load_course(course_root))
    many = {f"P{n:02d}": [i.correct for i in forms["pre"].items] for n in range(1, 31)}
    path = write_entry_xlsx(tmp_path / "pre.xlsx", forms["pre"], many)
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stale, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C4"', data)
            target.writestr(info, data)
    assert score(course_root, tmp_path / "out", stale) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["occasions"]["pre"]["n"] == 30


def test_formula_cells_and_short_rows_are_problems_at_their_row(
        course_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forms = initial_forms(load_course(course_root))
    keys = [i.correct for i in forms["pre"].items]
    book = Workbook()
    book.active.append(["participant_code", *[i.id for i in forms["pre"].items]])
    book.active.append(["P01", *keys])
    book.active.append(["P02", "=CHAR(66)", *keys[1:]])
    book.save(tmp_path / "pre.xlsx")
    assert score(course_root, tmp_path / "out", tmp_path / "pre.xlsx") == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'pre.xlsx'}:3: {forms['pre'].items[0].id}: this cell holds a " \
           "formula (=CHAR(66))" in err
    short = tmp_path / "short.csv"
    short.write_text("participant_code," + ",".join(i.id for i in forms["pre"].items)
                     + "\nP01," + ",".join(keys) + "\nP02," + keys[0] + "\n")
    assert score(course_root, tmp_path / "out", short) == 1
    assert f"{short}:3: this row has 2 cells and the header {len(keys) + 1}" in \
        capsys.readouterr().err


def test_a_workbook_that_unpacks_too_large_is_refused(
        course_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    forms = initial_forms(load_course(course_root))
    path = write_entry_xlsx(tmp_path / "pre.xlsx", forms["pre"], {"P01": ["A"] * 3})
    monkeypatch.setattr(responses, "MAX_UNPACKED_BYTES", 1000)
    assert score(course_root, tmp_path / "out", path) == 1
    assert "more than the 0 MB a response file may have" in capsys.readouterr().err


def test_mcnemar_stays_fast_and_exact_for_a_hundred_thousand_participants() -> None:
    start = time.perf_counter()
    assert mcnemar_p(50_000, 50_000) == 1.0
    assert mcnemar_p(3, 20) == pytest.approx(0.000 + 2 * sum(
        math.comb(23, i) for i in range(4)) / 2**23)
    assert mcnemar_p(49_000, 51_000) < 1e-9
    assert time.perf_counter() - start < 1
