"""The learning-gain report as a reader gets it: the PDF read back with pdftotext and
pdfinfo, the workbook reopened with openpyxl, the page's HTML, summary.json; small groups
suppressed in all four; the same bytes for the same epoch; Persian mirrored."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.course.load import load_course
from generator.course.localize import localize
from generator.scoring.report import ReportContext, write_report
from generator.scoring.report.document import dates
from generator.scoring.responses import score_files
from tests.conftest import make_course, make_persian
from tests.pdf import language, pages, pdfinfo
from tests.scoring.test_responses import answers, initial_forms, write_entry_csv

EPOCH = 1764892800
CONTEXT = ReportContext(title="Almaty workshop", place="Almaty", start=date(2026, 11, 17),
                        end=date(2026, 11, 20), facilitators=("A. Trainer",))
# Right (True) or wrong per question of the 3-question forms. Country A: 6 participants,
# B: 5, C: 3 (suppressed; B with it, or the totals would give C back). C goes from nothing
# right to everything right, which nobody else does.
PRE = {**{f"A-0{n}": [n % 2 == 0, False, False] for n in range(1, 7)},
       **{f"B-0{n}": [True, n % 2 == 0, False] for n in range(1, 6)},
       **{f"C-0{n}": [False, False, False] for n in range(1, 4)}}
POST = {**{f"A-0{n}": [True, n % 3 == 0, False] for n in range(1, 7)},
        **{f"B-0{n}": [True, True, n == 1] for n in range(1, 6)},
        **{f"C-0{n}": [True, True, True] for n in range(1, 4)}}
GROUPS = {code: {"country": code[0]} for code in PRE}
SMALL_CODES = ("C-01", "C-02", "C-03", "B-01", "B-02", "B-03", "B-04", "B-05")


def _letters(form, rights: dict[str, list[bool]]) -> dict[str, list[str]]:
    def wrong(item) -> str:
        return next(o.letter for o in item.options if o.letter not in item.correct)

    return answers(form, {code: [None if right else wrong(item) for item, right in
                                 zip(form.items, row, strict=True)]
                          for code, row in rights.items()})


def _report(root: Path, tmp: Path, out: Path, language: str = "en") -> Path:
    course = load_course(root)
    forms = initial_forms(course)
    files = [write_entry_csv(tmp / f"{occasion}.csv", forms[occasion],
                             _letters(forms[occasion], given))
             for occasion, given in (("pre", PRE), ("post", POST))]
    scored = score_files(files, list(forms.values()))
    assert not scored.problems
    write_report(localize(course, language), scored, ["initial"], out, EPOCH, CONTEXT, GROUPS)
    return out


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    return _report(make_course(tmp / "course"), tmp, tmp / "out")


def _xlsx_texts(path: Path) -> list[str]:
    book = load_workbook(path)
    return [str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def test_summary_json_has_the_change_with_its_intervals(report: Path) -> None:
    data = json.loads((report / "summary.json").read_text())
    change = data["cycles"]["initial"]["change"]
    assert change["n"] == 14
    assert change["difference"]["low"] < change["difference"]["mean"] < \
        change["difference"]["high"]
    assert change["effect_size"]["measure"] == "d_z"
    assert change["class_gain"]["seed"] == 20261205 and change["class_gain"]["resamples"] == 2000
    assert data["context"]["title"] == "Almaty workshop"
    assert [m["module"] for m in data["cycles"]["initial"]["modules"]]


def test_a_group_of_three_appears_nowhere(report: Path) -> None:
    """C (3) and its complement B are named, marked as not shown, and have no figures in
    any output; their participants' codes and scores are left out of the detail too."""
    data = json.loads((report / "summary.json").read_text())
    rows = {r["value"]: r for r in data["cycles"]["initial"]["groups"]["country"]}
    assert rows["C"] == {"value": "C", "suppressed": "small"}
    assert rows["B"] == {"value": "B", "suppressed": "complement"}
    assert rows["A"]["n"] == 6
    assert data["cycles"]["initial"]["participants_withheld"] == 8
    html = (report / "report.html").read_text()
    pdf = "\n".join(pages(report / "report.pdf", layout=True))
    xlsx = _xlsx_texts(report / "report.xlsx")
    json_text = (report / "summary.json").read_text()
    for code in SMALL_CODES:
        for text in (html, pdf, json_text, "\n".join(xlsx)):
            assert code not in text
    assert re.search(r"<bdi>C</bdi></td><td class=\"note\" colspan=\"5\">fewer than 5 "
                     r"participants</td>", html)
    assert "<bdi>B</bdi></td><td class=\"note\"" in html
    line = next(line for line in pdf.splitlines() if re.match(r"\s*C\s", line))
    assert "fewer than 5 participants" in line and not re.search(r"\d", line.replace("5", ""))
    book = load_workbook(report / "report.xlsx")
    groups = [row for row in book["Groups"].iter_rows(min_row=2, values_only=True)]
    small = [row for row in groups if row[2] in ("B", "C")]
    assert len(small) == 2 and all(v is None for row in small for v in row[4:])
    assert all(isinstance(row[3], str) for row in small)  # the note, not n


def test_the_pdf_reads_back_with_the_summary_on_page_one(report: Path) -> None:
    info = pdfinfo(report / "report.pdf")
    assert info["Title"] == "Almaty workshop" and info["Page size"].endswith("(A4)")
    assert int(info["Pages"]) < 12
    assert language(report / "report.pdf") == "en"
    first = " ".join(pages(report / "report.pdf")[0].split())
    assert "Almaty workshop" in first and "Nov 17 – 20, 2026" in first  # CLDR's span
    assert "Score per module, before and after" in first  # the chart follows the summary
    assert re.search(r"The average score rose from \d+ % to \d+ % among 14 participants "
                     r"\(change \+\d+ points, 95 % CI \+?\d+ to \+\d+\)", first)
    assert "/" not in re.sub(r"\d+ ?/ ?\d+$", "", first)  # no file paths on page 1


def test_the_dates_are_written_as_the_report_s_language_writes_a_span() -> None:
    assert dates("2026-11-17", "2026-11-20", "es") == "17–20 de noviembre de 2026"
    assert dates("2026-11-17", None, "ru") == "17 ноября 2026\u202fг."
    assert dates("2026-11-30", "2026-12-02", "en") == "Nov 30\u2009–\u2009Dec 2, 2026"


def test_the_workbook_has_a_summary_formats_frozen_headers_filters_and_a_chart(
        report: Path) -> None:
    book = load_workbook(report / "report.xlsx")
    assert book.sheetnames[0] == "Summary"
    assert {"Modules", "Objectives", "Groups", "Participants", "Items"} <= set(book.sheetnames)
    modules = book["Modules"]
    assert modules.freeze_panes == "A2" and modules.auto_filter.ref.startswith("A1:E")
    assert modules["C2"].number_format == "0.0" and isinstance(modules["C2"].value, float)
    summary = book["Summary"]
    assert summary["A1"].value == "Almaty workshop"
    formats = {c.number_format for row in summary.iter_rows() for c in row}
    assert {"0%", "0.00"} <= formats
    for sheet in book:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    with zipfile.ZipFile(report / "report.xlsx") as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        assert charts and b"<c:barChart>" in package.read(charts[0])


def test_the_same_epoch_gives_the_same_bytes(report: Path, tmp_path: Path) -> None:
    again = _report(make_course(tmp_path / "course"), tmp_path, tmp_path / "again")
    for name in ("summary.json", "report.html", "report.pdf", "report.xlsx"):
        assert (again / name).read_bytes() == (report / name).read_bytes(), name


def test_the_persian_report_is_mirrored(tmp_path: Path) -> None:
    out = _report(make_persian(tmp_path / "course"), tmp_path, tmp_path / "out", "fa")
    html = (out / "report.html").read_text()
    assert '<html lang="fa" dir="rtl">' in html
    assert language(out / "report.pdf") == "fa"
    first = pages(out / "report.pdf")[0]
    assert "مکان" in first and "among" not in first  # "Place", in Persian


def test_numbers_are_rounded_for_readers() -> None:
    from generator.scoring.report.numbers import fixed, p_value, share, signed

    assert [p_value(0.0004), p_value(0.001), p_value(0.04567), p_value(None)] == [
        "< 0.001", "0.001", "0.046", "–"]
    assert [signed(33.6), signed(-4.2), signed(-0.3), signed(0.0), signed(12.34, 1)] == [
        "+34", "−4", "0", "0", "+12.3"]
    assert [fixed(0.5491, 2), fixed(-0.004, 2), share(0.9565)] == ["0.55", "0.00", "96"]
