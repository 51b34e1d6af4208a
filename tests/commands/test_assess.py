"""``coursepack assess score`` knows its workshop (a planned bundle or ``--workshop-file``):
the title, place, dates and facilitators reach the report, its language follows the
workshop, and ``--record`` stores it under the workshop's id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands import assess
from generator.course.load import load_course
from generator.facilitator.workshop import read_forms_record, read_workshop_record
from generator.scoring import store
from tests.conftest import REPO, make_translated
from tests.scoring.test_responses import POST, PRE, answers, initial_forms, write_entry_csv

TWO_DAYS = REPO / "tests" / "fixtures" / "workshops" / "two-days.yml"


def capture(monkeypatch: pytest.MonkeyPatch) -> dict:
    seen: dict = {}
    monkeypatch.setattr(assess, "write_report", lambda *a, **k: seen.update(args=a))
    return seen


def test_a_planned_bundle_gives_the_report_its_workshop_and_records_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workshop = tmp_path / "Almaty March 2026.yml"
    workshop.write_text(TWO_DAYS.read_text() + "place: Almaty\nstart: 2026-03-10\n"
                        "facilitators: [A. Facilitator]\n")
    bundle = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(workshop),
                 "--out", str(bundle)]) == 0
    recorded = read_workshop_record(bundle)
    assert (recorded.id, recorded.place, recorded.start, recorded.end) == (
        "almaty-march-2026", "Almaty", date(2026, 3, 10), date(2026, 3, 11))
    files = [str(write_entry_csv(tmp_path / f"{form.occasion}.csv", form,
                                 answers(form, {"KZ-001": None, "KG-002": None})))
             for form in read_forms_record(bundle)]
    seen = capture(monkeypatch)
    path = tmp_path / "programme.sqlite"
    assert main(["--course", str(REPO), "assess", "score", "--workshop", str(bundle), *files,
                 "--record", "--store", str(path), "--out", str(tmp_path / "report")]) == 0
    course, *_, context, groups = seen["args"]
    assert course.language == "en"
    assert (context.title, context.place, context.start, context.end, context.facilitators,
            context.min_group) == ("TSP refresher workshop", "Almaty", date(2026, 3, 10),
                                   date(2026, 3, 11), ("A. Facilitator",), 5)
    assert groups == {"KZ-001": {"country": "KZ"}, "KG-002": {"country": "KG"}}
    [recording] = store.read(path)
    assert (recording.workshop.id, recording.workshop.cycle, recording.workshop.place) == (
        "almaty-march-2026", "refresher", "Almaty")
    assert recording.attributes == groups


def test_the_report_is_in_the_workshop_files_language(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_translated(tmp_path / "course")
    forms = initial_forms(load_course(root))
    files = [str(write_entry_csv(tmp_path / f"{o}.csv", forms[o], answers(forms[o], given)))
             for o, given in (("pre", PRE), ("post", POST))]
    workshop = tmp_path / "taller.yml"
    workshop.write_text("title: Taller de Almaty\nmodules: [intro, basics]\nlanguage: es\n"
                        "days: 1\nplace: Almaty\n")
    seen = capture(monkeypatch)
    assert main(["--course", str(root), "assess", "score", "--cycle", "initial", *files,
                 "--workshop-file", str(workshop), "--out", str(tmp_path / "out")]) == 0
    course, *_, context, _ = seen["args"]
    assert course.language == "es" and context.title == "Taller de Almaty"
    assert main(["--course", str(root), "assess", "score", "--cycle", "initial", *files,
                 "--workshop-file", str(workshop), "--language", "en",
                 "--out", str(tmp_path / "out")]) == 0
    assert seen["args"][0].language == "en"


def test_a_bad_workshop_file_is_reported_by_line_and_field(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = make_translated(tmp_path / "course")
    workshop = tmp_path / "bad.yml"
    workshop.write_text("title: T\nmodules: [intro]\nlanguage: es\ndays: 1\n"
                        "start: 10 March\nfacilitators: A. Facilitator\n")
    assert main(["--course", str(root), "assess", "score", "--cycle", "initial",
                 str(tmp_path / "pre.csv"), "--workshop-file", str(workshop),
                 "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "bad.yml:5: start: Input should be a valid date" in err
    assert "bad.yml:6: facilitators:" in err
    assert "Nothing was written" in err and not (tmp_path / "out").exists()


def test_replace_and_store_go_with_record(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = make_translated(tmp_path / "course")
    for option in (["--replace"], ["--store", str(tmp_path / "s.sqlite")]):
        assert main(["--course", str(root), "assess", "score", "--cycle", "initial",
                     str(tmp_path / "pre.csv"), *option, "--out", str(tmp_path / "out")]) == 1
        assert "go with --record" in capsys.readouterr().err
    assert not (tmp_path / "s.sqlite").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize(("option", "said"), [
    (["--min-group", "0"], "'0' is not a whole number of at least 1"),
    (["--from", "March"], "'March' is not a date: write YYYY-MM-DD"),
])
def test_bad_options_are_refused_by_argparse(tmp_path: Path, capsys: pytest.CaptureFixture,
                                             option: list[str], said: str) -> None:
    with pytest.raises(SystemExit):
        main(["assess", "report", "--out", str(tmp_path), *option])
    assert said in capsys.readouterr().err
