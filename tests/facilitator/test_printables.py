"""Feedback forms and their summary, the attendance sheet, the pilot action plan, the
refresher's review of the pilots, and certificates whose names are kept nowhere else."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from generator.cli import main
from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.errors import CourseInvalid
from generator.facilitator.feedback import questions, sanitised, summarise_feedback
from generator.facilitator.printables import read_names
from generator.facilitator.workshop import plan, read_forms_record
from generator.facilitator.workshop_model import WorkshopFile
from tests.conftest import REPO
from tests.pdf import flat, pages
from tests.scoring.test_responses import answers, write_entry_csv

XFORMS = "http://www.w3.org/2002/xforms"
NAMES = ("Aigerim Nurlanovna Sadykova", "José Álvarez-Quintero", "Мария Петровна Иванова")
REFRESHER = """title: Повторный семинар
modules: [women-in-prison, needle-syringe-programmes, women-who-inject-drugs, course-introduction]
language: ru
days: 2
cycle: refresher
kind: refresher
start: 2026-11-17
place: Алматы
"""


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(REPO)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A refresher workshop planned in Russian."""
    folder = tmp_path_factory.mktemp("refresher")
    (folder / "refresher.yml").write_text(REFRESHER, encoding="utf-8")
    out = folder / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(folder / "refresher.yml"),
                 "--out", str(out)]) == 0
    return out


def test_bundle_prints_feedback_forms_attendance_and_action_plan_in_its_language(
        bundle: Path, course: Course) -> None:
    ru = localize(course, "ru")
    plan_text = flat(" ".join(pages(bundle / "action-plan.pdf")))
    for words in ("План пилотных действий", "Приоритетные меры", "Необходимая поддержка",
                  "Показатели"):
        assert words in plan_text
    assert len(pages(bundle / "action-plan.pdf")) == 1
    attendance = pages(bundle / "attendance.pdf")
    assert "Лист регистрации участников" in attendance[0] and "Подпись" in attendance[0]
    assert any("День 2" in page for page in attendance)
    for form in ("daily", "final"):
        printed = flat(" ".join(pages(bundle / "feedback" / f"{form}.pdf")))
        assert all(flat(q.text) in printed for q in questions(ru, form))
        assert "анонимна" in printed
        header = (bundle / "feedback" / f"{form}-entry.csv").read_text().split(",")
        assert "participant_code" not in header and "name" not in header


@pytest.mark.parametrize("form", ["daily", "final"])
def test_feedback_xlsforms_pass_odk_validate_and_ask_no_code_or_name(
        bundle: Path, form: str, tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes((bundle / "feedback" / f"{form}-xlsform.xlsx").read_bytes())
    xform = etree.fromstring(convert(xlsform=str(path), validate=True,
                                     file_type=".xlsx").xform.encode())
    fields = {b.get("nodeset").rsplit("/", 1)[-1]
              for b in xform.xpath("//x:bind", namespaces={"x": XFORMS})}
    assert "feedback_form" in fields and ("day" in fields) == (form == "daily")
    assert not {f for f in fields if "code" in f or "name" in f}
    assert xform.xpath("//x:itext/x:translation/@lang", namespaces={"x": XFORMS}) == [
        "русский (ru)"]


def test_a_refresher_opens_with_a_review_of_the_pilots(course: Course) -> None:
    workshop = WorkshopFile(title="R", modules=("course-introduction", "women-in-prison"),
                            language="en", days=2, kind="refresher", pilot_review_minutes=45,
                            pre_test_minutes=20, post_test_minutes=20)
    slots = plan(course, workshop)
    review = [s for s in slots if s.what == "Review of the pilots"]
    assert len(review) == 1 and review[0].day == 1 and review[0].end - review[0].start == 45
    first_module = next(s for s in slots if s.module)
    assert review[0].end <= first_module.start
    first = plan(course, workshop.model_copy(update={"kind": "initial"}))
    assert not [s for s in first if s.what == "Review of the pilots"]


def test_comments_are_sanitised() -> None:
    assert sanitised("  Call me\u202e at +7 701 123 45 67\x07 or a.b@example.org  ") == \
        "Call me at … or …"
    assert len(sanitised("x" * 2000)) == 500


def _feedback_files(folder: Path) -> list[str]:
    daily = folder / "daily.csv"
    with open(daily, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["feedback_form", "day", "day_useful", "day_clear", "day_pace",
                         "day_take_part", "day_best", "day_change"])
        writer.writerow(["daily", "1", "5", "4", "3", "4", "Ролевые игры", ""])
        writer.writerow(["daily", "1", "4", "4", "2", "5", "=HYPERLINK(\"x\")", "Больше пауз"])
        writer.writerow(["daily", "2", "5", "5", "4", "5", "", "пишите мне: a@b.org"])
    final = folder / "final.csv"
    with open(final, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["end_objectives", "end_relevant", "end_other"])
        for n in range(6):
            writer.writerow([str(1 + n % 5), "5", ""])
    return [str(daily), str(final)]


@pytest.fixture(scope="module")
def report(bundle: Path) -> Path:
    """The refresher's learning-gain report, with its participants' feedback."""
    folder = bundle.parent / "scored"
    folder.mkdir()
    everyone_right = {code: None for code in ("KZ-001", "KZ-002", "KZ-003")}
    files = [str(write_entry_csv(folder / f"{form.occasion}.csv", form,
                                 answers(form, everyone_right)))
             for form in read_forms_record(bundle)]
    out = bundle.parent / "report"
    assert main(["--course", str(REPO), "assess", "score", "--workshop", str(bundle), *files,
                 "--feedback", *_feedback_files(folder), "--out", str(out)]) == 0
    return out


def test_the_feedback_summary_goes_into_the_report(report: Path) -> None:
    feedback = json.loads((report / "summary.json").read_text())["feedback"]
    daily = {q["question"]: q for q in feedback["daily"]["questions"]}
    assert feedback["daily"]["forms"] == 3 and feedback["final"]["forms"] == 6
    assert daily["day_pace"]["counts"] == {"1": 0, "2": 1, "3": 1, "4": 1, "5": 0}
    assert daily["day_pace"]["mean"] == 3.0 and daily["day_useful"]["n"] == 3
    assert daily["day_change"]["comments"] == ["Больше пауз", "пишите мне: …"]
    final = {q["question"]: q for q in feedback["final"]["questions"]}
    assert final["end_objectives"]["mean"] == pytest.approx(16 / 6, abs=0.01)
    assert final["end_apply"]["n"] == 0 and final["end_apply"]["mean"] is None
    html = (report / "report.html").read_text()
    assert "Отзывы участников" in html and "Больше пауз" in html and "a@b.org" not in html
    assert "Меньше 5 ответов" in html  # the daily form: three answers
    printed = flat(" ".join(pages(report / "report.pdf")))
    assert "Отзывы участников" in printed and "Ролевые игры" in printed
    book = load_workbook(report / "report.xlsx")
    assert "Отзывы участников" in book.sheetnames
    sheet = book["Комментарии"]
    assert '=HYPERLINK("x")' in [c.value for c in sheet["C"]]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_names_appear_only_in_the_certificates(bundle: Path, report: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    names = tmp_path / "private" / "names.csv"
    names.parent.mkdir()
    names.write_text("name\n" + "\n".join(NAMES) + "\n\n", encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in REPO.rglob("*") if p.is_file()
              and ".git" not in p.parts}
    out = tmp_path / "certificates"
    assert main(["--course", str(REPO), "workshop", "certificates",
                 str(bundle.parent / "refresher.yml"), "--names", str(names),
                 "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "3 certificate(s)" in said.out
    assert sorted(p.name for p in out.iterdir()) == [
        "certificate-01.pdf", "certificate-02.pdf", "certificate-03.pdf", "certificates.pdf"]
    combined = [flat(page) for page in pages(out / "certificates.pdf")]
    assert len(combined) == 3
    for n, name in enumerate(NAMES):
        assert flat(name) in combined[n] and "Сертификат об участии" in combined[n]
        own = flat(" ".join(pages(out / f"certificate-0{n + 1}.pdf")))
        assert flat(name) in own and not [m for m in NAMES if m != name and flat(m) in own]
    # nowhere else: not in the bundle, the course folder, the output or the messages
    elsewhere = [p for p in (*bundle.parent.rglob("*"), *tmp_path.rglob("*")) if p.is_file()
                 and p.parent != out and p != names]
    assert {report / "report.pdf", bundle / "attendance.pdf"} <= set(elsewhere)
    elsewhere += [p for p in REPO.rglob("*") if p.is_file() and ".git" not in p.parts
                  and before.get(p) != p.stat().st_mtime_ns]
    assert elsewhere
    for path in elsewhere:
        data = path.read_bytes()
        for name in NAMES:
            for part in name.split():
                assert part.encode() not in data, (path, part)
    for name in NAMES:
        assert name not in said.out + said.err


def test_a_names_file_is_read_without_quoting_its_names(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("organisation,name\nNGO,  Ana   María  \n,\nMoH,Ivan\n", encoding="utf-8")
    assert read_names(path) == ["Ana María", "Ivan"]
    path.write_text("Ana\n" + "Secret " * 30 + "\n", encoding="utf-8")
    with pytest.raises(CourseInvalid) as refused:
        read_names(path)
    assert "Secret" not in str(refused.value.problems) and refused.value.problems[0].line == 2
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CourseInvalid, match="."):
        read_names(path)


def test_certificates_stay_out_of_the_bundle_and_replace_their_own(
        bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Ana\n", encoding="utf-8")
    workshop = str(bundle.parent / "refresher.yml")
    assert main(["--course", str(REPO), "workshop", "certificates", workshop,
                 "--names", str(names), "--out", str(bundle / "certificates")]) == 1
    assert "inside the workshop bundle" in capsys.readouterr().err
    assert not (bundle / "certificates").exists()
    out = tmp_path / "out"
    out.mkdir()
    (out / "certificate-07.pdf").write_bytes(b"an earlier run")
    (out / "letter.txt").write_text("mine")
    assert main(["--course", str(REPO), "workshop", "certificates", workshop,
                 "--names", str(names), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "certificate-01.pdf", "certificates.pdf", "letter.txt"]


def test_a_cell_that_is_not_a_rating_is_listed_and_left_out(course: Course,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "kobo.csv"
    path.write_text("start;feedback_form;day;group/day_useful;day_pace\n"
                    "x;daily;1;6;4\nx;daily;2;5;\n", encoding="utf-8")
    problems: list = []
    summary = summarise_feedback(course, [path], problems)
    useful = next(q for q in summary["daily"]["questions"] if q["question"] == "day_useful")
    assert useful["counts"]["5"] == 1 and useful["n"] == 1 and "final" not in summary
    assert [(p.line, p.field) for p in problems] == [(2, "day_useful")]
    assert "'6' is not a rating from 1 to 5" in problems[0].message
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    summarise_feedback(course, [tmp_path / "other.csv"], problems)
    assert "no column of a feedback form" in problems[-1].message
