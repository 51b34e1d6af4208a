"""The results store: recorded through ``assess score --record`` into a real SQLite file,
refused or replaced when recorded twice (never duplicated), left as it was by a process
killed in the middle of a write, migrated from an older schema; ``assess report`` across
three workshops in two countries and two cycles, with retention."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from generator.assessments.forms import Form, printed_form
from generator.cli import main
from generator.commands import assess
from generator.course.blueprint import plan_forms
from generator.course.load import load_course
from generator.scoring import store
from generator.scoring.statistics import ScoredForm
from tests.conftest import REPO, make_course

TABLES = ("workshops", "forms", "items", "scores", "attributes")
WORKSHOPS = {
    "almaty-initial": ("Almaty initial training", "Almaty", "2026-03-02", "initial"),
    "bishkek-initial": ("Bishkek initial training", "Bishkek", "2026-03-16", "initial"),
    "almaty-refresher": ("Almaty refresher training", "Almaty", "2026-09-07", "refresher"),
}


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    """The minimal course with codes like KZ-014 whose letters are the country."""
    root = make_course(tmp_path / "course")
    cycles = root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text() + "participant_code:\n"
                      "  pattern: '^[A-Z]{2}-[0-9]{3}$'\n  example: KZ-014\n"
                      "  groups:\n    country: '^([A-Z]{2})-'\n")
    return root


def workshop_file(folder: Path, name: str) -> Path:
    title, place, start, cycle = WORKSHOPS[name]
    path = folder / f"{name}.yml"
    path.write_text(f"title: {title}\nplace: {place}\nstart: {start}\n"
                    f"facilitators: [A. Facilitator, B. Facilitator]\nmodules: [intro, basics]\n"
                    f"language: en\ndays: 2\ncycle: {cycle}\n")
    return path


def letters(form: Form, code: str, occasion: str, shift: int = 0) -> list[str]:
    """Each item right or wrong by the code's number: more right on the post-test."""
    number = int(code[-3:]) + shift
    row = []
    for k, item in enumerate(form.items):
        right = (k + number) % (5 if occasion == "post" else 2) != 0
        wrong = next(o.letter for o in item.options if o.letter not in item.correct)
        row.append(item.correct if right else wrong)
    return row


def responses(course_root: Path, folder: Path, cycle: str, codes: list[str],
              shift: int = 0) -> list[str]:
    course = load_course(course_root)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for plan in plan_forms(course):
        if plan.cycle != cycle:
            continue
        form = printed_form(course, plan)
        path = folder / f"{cycle}-{plan.occasion}.csv"
        lines = [",".join(["participant_code", *[i.id for i in form.items]])]
        lines += [",".join([code, *letters(form, code, plan.occasion, shift)]) for code in codes]
        path.write_text("\n".join(lines) + "\n")
        files.append(str(path))
    return files


def record(course_root: Path, tmp_path: Path, name: str, codes: list[str],
           *extra: str, shift: int = 0) -> int:
    cycle = WORKSHOPS[name][3]
    files = responses(course_root, tmp_path / "answers" / name, cycle, codes, shift)
    return main(["--course", str(course_root), "assess", "score", "--cycle", cycle, *files,
                 "--workshop-file", str(workshop_file(tmp_path, name)), "--record",
                 "--out", str(tmp_path / "reports" / name), *extra])


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def codes(prefix: str, numbers: range) -> list[str]:
    return [f"{prefix}-{n:03d}" for n in numbers]


def test_a_scored_workshop_is_recorded_without_names(course_root: Path, tmp_path: Path) -> None:
    assert record(course_root, tmp_path, "almaty-initial", codes("KZ", range(1, 7))) == 0
    [recording] = store.read(course_root / "results.sqlite")
    workshop = recording.workshop
    assert workshop == store.Workshop(
        id="almaty-initial", cycle="initial", title="Almaty initial training", place="Almaty",
        country="", start=date(2026, 3, 2), end=date(2026, 3, 3), language="en",
        facilitators=("A. Facilitator", "B. Facilitator"))
    assert [f.occasion for f in recording.forms] == ["pre", "post"]
    course = load_course(course_root)
    form = next(printed_form(course, p) for p in plan_forms(course)
                if (p.cycle, p.occasion) == ("initial", "pre"))
    pre = recording.forms[0]
    assert pre.item_ids == tuple(i.id for i in form.items)
    assert pre.objectives == tuple(i.objective for i in form.items)
    assert pre.scores["KZ-002"] == tuple(int(c == i.correct) for c, i in zip(
        letters(form, "KZ-002", "pre"), form.items, strict=True))
    assert recording.attributes["KZ-001"] == {"country": "KZ"}
    with sqlite3.connect(course_root / "results.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == store.VERSION
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_recording_a_workshop_twice_is_refused_then_replaced(
        course_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = course_root / "results.sqlite"
    people = codes("KZ", range(1, 7))
    assert record(course_root, tmp_path, "almaty-initial", people) == 0
    before, first = counts(path), store.read(path)
    capsys.readouterr()
    assert record(course_root, tmp_path, "almaty-initial", people, shift=1) == 1
    err = capsys.readouterr().err
    assert "holds 'Almaty initial training' (almaty-initial, initial) already" in err
    assert "--replace" in err and "Traceback" not in err
    assert counts(path) == before and store.read(path) == first
    assert record(course_root, tmp_path, "almaty-initial", people, "--replace", shift=1) == 0
    assert counts(path) == before
    [again] = store.read(path)
    assert again.workshop == first[0].workshop and again.forms != first[0].forms


def test_a_store_given_with_store_and_a_file_that_is_no_store(
        course_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    elsewhere = tmp_path / "programme" / "kz.sqlite"
    assert record(course_root, tmp_path, "almaty-initial", codes("KZ", range(1, 7)),
                  "--store", str(elsewhere)) == 0
    assert counts(elsewhere)["workshops"] == 1 and not (course_root / "results.sqlite").exists()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    assert record(course_root, tmp_path, "bishkek-initial", codes("KG", range(1, 7)),
                  "--store", str(garbage)) == 1
    assert "is not a results store" in capsys.readouterr().err
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    assert record(course_root, tmp_path, "bishkek-initial", codes("KG", range(1, 7)),
                  "--store", str(other)) == 1
    assert "an SQLite file but not a results store" in capsys.readouterr().err
    assert not (tmp_path / "reports" / "bishkek-initial").exists()


def test_record_needs_to_know_the_workshop(course_root: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture) -> None:
    files = responses(course_root, tmp_path / "answers", "initial", codes("KZ", range(1, 4)))
    assert main(["--course", str(course_root), "assess", "score", "--cycle", "initial", *files,
                 "--record", "--out", str(tmp_path / "out")]) == 1
    assert "--workshop-file FILE.yml" in capsys.readouterr().err
    assert not (course_root / "results.sqlite").exists()


KILLED_RUN = """
import sys, time
from pathlib import Path
from generator.cli import main
from generator.commands import assess
from generator.scoring import store

marker = Path(sys.argv[1])
connect = store._connect

def small_cache(path):
    db = connect(path)
    db.execute("PRAGMA cache_size = 2")  # changed pages reach the file before the commit
    return db

def stall(*args, **kwargs):  # the report is written inside the store's transaction
    marker.write_text("writing")
    time.sleep(120)

store._connect = small_cache
assess.write_report = stall
sys.exit(main(sys.argv[2:]))
"""


def test_a_store_survives_a_kill_in_the_middle_of_a_write(
        course_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = course_root / "results.sqlite"
    monkeypatch.setattr(assess, "write_report", lambda *a, **k: None)  # the store is tested
    many = codes("KZ", range(1, 800))
    assert record(course_root, tmp_path, "almaty-initial", many) == 0
    assert record(course_root, tmp_path, "bishkek-initial", codes("KG", range(1, 400))) == 0
    before, recorded, image = counts(path), store.read(path), path.read_bytes()
    files = responses(course_root, tmp_path / "again", "initial", many, shift=1)
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(marker), "--course", str(course_root),
         "assess", "score", "--cycle", "initial", *files, "--workshop-file",
         str(workshop_file(tmp_path, "almaty-initial")), "--record", "--replace",
         "--out", str(tmp_path / "killed")],
        env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and path.read_bytes() != image  # half written on disk
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert journal.exists()  # SQLite rolls it back at the next open
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.read(path) == recorded and counts(path) == before
    assert not (tmp_path / "killed").exists()


def test_a_store_of_an_older_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with store.transaction(path, store.MIGRATIONS[:1]) as db:
        db.execute("INSERT INTO workshops (workshop, cycle, title, start, \"end\") "
                   "VALUES ('w', 'initial', 'Old workshop', '2025-05-01', '2025-05-02')")
        db.execute("INSERT INTO forms (workshop, occasion) VALUES (1, 'pre')")
        db.execute("INSERT INTO items VALUES (1, 0, 'q1', 'o1'), (1, 1, 'q2', 'o1')")
        db.execute("INSERT INTO scores VALUES (1, 'KZ-001', '10')")
        db.execute("INSERT INTO attributes VALUES (1, 'KZ-001', 'country', 'KZ')")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    [old] = store.read(path)
    assert old.workshop == store.Workshop("w", "initial", "Old workshop", start=date(2025, 5, 1),
                                          end=date(2025, 5, 2))
    assert old.forms == (ScoredForm("initial", "pre", ("q1", "q2"), ("o1", "o1"),
                                    {"KZ-001": (1, 0)}),)
    assert old.attributes == {"KZ-001": {"country": "KZ"}}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == store.VERSION == 2
        columns = {row[1] for row in db.execute("PRAGMA table_info(workshops)")}
        assert {"language", "facilitators"} <= columns
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {store.VERSION + 1}")
    with pytest.raises(store.StoreRefused, match="newer than this coursepack knows"):
        store.read(path)


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    form = ScoredForm("initial", "pre", ("q1",), ("o1",), {"KZ-001": (1,)})
    first = store.Recording(store.Workshop("w", "initial", "W"), (form,))
    with store.transaction(path) as db:
        store.add(db, [first])
    with pytest.raises(RuntimeError), store.transaction(path) as db:
        store.add(db, [first], replace=True)
        store.add(db, [store.Recording(store.Workshop("v", "initial", "V"), (form,))])
        raise RuntimeError("the report could not be written")
    assert store.read(path) == [first]


def run_report(course_root: Path, out: Path, *extra: str) -> int:
    return main(["--course", str(course_root), "assess", "report", "--out", str(out), *extra])


def test_a_programme_report_over_three_workshops_two_countries_and_two_cycles(
        course_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    kz, kg = codes("KZ", range(1, 9)), codes("KG", range(1, 7))
    assert record(course_root, tmp_path, "almaty-initial", kz) == 0
    assert record(course_root, tmp_path, "bishkek-initial", kg) == 0
    back = [*kz[:5], "KZ-020"]  # five come back six months later, one is new
    assert record(course_root, tmp_path, "almaty-refresher", back) == 0
    assert run_report(course_root, tmp_path / "all") == 0
    data = json.loads((tmp_path / "all" / "summary.json").read_text())
    assert set(data["cycles"]) == {"initial", "refresher"}
    assert data["cycles"]["initial"]["matching"]["matched"] == len(kz) + len(kg)
    assert data["cycles"]["refresher"]["matching"]["matched"] == 6
    [retention] = data["retention"]
    assert (retention["from"], retention["to"], retention["matched"]) == (
        "initial", "refresher", 5)

    seen = {}
    monkeypatch.setattr(assess, "write_report", lambda *a, **k: seen.update(args=a))
    assert run_report(course_root, tmp_path / "kg", "--country", "kg", "--min-group", "2") == 0
    _, scored, cycles, _, _, context, groups = seen["args"]
    assert cycles == ["initial"] and set(scored.forms) == {("initial", "pre"),
                                                           ("initial", "post")}
    assert set(scored.forms["initial", "pre"].scores) == set(kg) == set(groups)
    assert groups["KG-001"] == {"workshop": "Bishkek initial training", "country": "KG"}
    assert context.min_group == 2 and context.title == "Results across workshops"
    assert context.selection == ("1 recorded workshop(s); country KG: "
                                 "Bishkek initial training")
    assert (context.start, context.end) == (date(2026, 3, 16), date(2026, 3, 17))

    assert run_report(course_root, tmp_path / "spring", "--from", "2026-03-01",
                      "--to", "2026-03-31") == 0
    _, scored, cycles, *_, groups = seen["args"]
    assert cycles == ["initial"] and len(groups) == len(kz) + len(kg)
    assert groups["KZ-001"]["workshop"] == "Almaty initial training"
    assert run_report(course_root, tmp_path / "everyone") == 0
    *_, groups = seen["args"]
    assert groups["KZ-001"] == {"workshop": "Almaty initial training", "country": "KZ"}
    assert groups["KZ-020"] == {"workshop": "Almaty refresher training", "country": "KZ"}

    capsys.readouterr()
    assert run_report(course_root, tmp_path / "none", "--country", "uz") == 1
    err = capsys.readouterr().err
    assert "no recorded workshop in" in err and "--country uz" in err
    assert run_report(course_root, tmp_path / "none", "--from", "2027-01-01") == 1
    assert not (tmp_path / "none").exists()
    assert run_report(course_root, tmp_path / "none", "--store",
                      str(tmp_path / "missing.sqlite")) == 1
    assert "there is no results store" in capsys.readouterr().err


def test_a_store_another_run_is_writing_is_waited_for_then_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.sqlite"
    with store.transaction(path):
        pass
    monkeypatch.setattr(store, "LOCK_WAIT", 0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(store.StoreRefused, match="another coursepack has been writing"):
            store.read(path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.read(path) == []
