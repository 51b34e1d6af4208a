"""The results store: scored workshops accumulated in one SQLite file, for reports across
workshops, countries and cycles (``assess score --record``, ``assess report``).

A recording is one workshop's scored tests of one cycle: the workshop (id, title, place,
dates, country, language, facilitators), its forms (item ids and objectives in printed
order), each participant's item scores by code, and the participants' group attributes.
Never a name. The same workshop is its ``id`` and ``cycle``: recorded once, replaced only
on request. The schema is created and migrated here (``PRAGMA user_version``, one function
per version), and every write is one transaction: a run that is interrupted leaves the
store as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.errors import CoursepackError
from generator.scoring.statistics import ScoredForm

DEFAULT_STORE = "results.sqlite"
"""The store's file in the course folder when ``--store`` is not given."""
LOCK_WAIT = 120
"""Seconds to wait for another run writing to the same store (its report included)."""


class StoreRefused(CoursepackError):
    """The store cannot be opened or written as asked; it is unchanged."""

    def report(self, command: str) -> str:
        return f"coursepack {command}: {self}"


@dataclass(frozen=True)
class Workshop:
    """What identifies (``id``, ``cycle``) and describes a recorded workshop."""

    id: str
    cycle: str
    title: str
    place: str = ""
    country: str = ""
    start: date | None = None
    end: date | None = None
    language: str = ""
    facilitators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recording:
    """One workshop's scored tests of one cycle, and its participants' attributes."""

    workshop: Workshop
    forms: tuple[ScoredForm, ...]
    attributes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Selection:
    """Which recordings a report covers; empty fields select everything."""

    country: str = ""  # participants of this country (see programme.combine)
    cycle: str = ""
    start: date | None = None  # workshops that begin on or after this day
    end: date | None = None  # … and on or before this one


# --- schema --------------------------------------------------------------------------------


def _version_1(db: sqlite3.Connection) -> None:
    """Workshops, their forms and items, participants' scores and attributes."""
    schema = """
        CREATE TABLE workshops (
            id INTEGER PRIMARY KEY,
            workshop TEXT NOT NULL,
            cycle TEXT NOT NULL,
            title TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            start TEXT,
            "end" TEXT,
            UNIQUE (workshop, cycle));
        CREATE TABLE forms (
            id INTEGER PRIMARY KEY,
            workshop INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            occasion TEXT NOT NULL CHECK (occasion IN ('pre', 'post')),
            UNIQUE (workshop, occasion));
        CREATE TABLE items (
            form INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            item TEXT NOT NULL,
            objective TEXT NOT NULL,
            PRIMARY KEY (form, position));
        CREATE TABLE scores (
            form INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            scores TEXT NOT NULL CHECK (scores <> '' AND scores NOT GLOB '*[^01]*'),
            PRIMARY KEY (form, code));
        CREATE TABLE attributes (
            workshop INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            attribute TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (workshop, code, attribute))"""
    for statement in schema.split(";"):
        db.execute(statement)  # not executescript: it would commit the open transaction


def _version_2(db: sqlite3.Connection) -> None:
    """The workshop's language and facilitators; workshops found by date."""
    db.execute("ALTER TABLE workshops ADD COLUMN language TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE workshops ADD COLUMN facilitators TEXT NOT NULL DEFAULT '[]'")
    db.execute("CREATE INDEX workshops_by_start ON workshops (start)")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_version_1, _version_2)
"""Migration n (1-based) brings a store from schema version n − 1 to n."""
VERSION = len(MIGRATIONS)


@contextmanager
def transaction(path: Path, migrations: Sequence[Callable[[sqlite3.Connection], None]]
                = MIGRATIONS) -> Iterator[sqlite3.Connection]:
    """The store at ``path`` (created if missing), brought to the current schema, inside
    one write transaction: committed when the block ends, rolled back on any error or
    interruption (and by SQLite itself if the process dies)."""
    if path.is_dir():
        raise StoreRefused(f"--store {path} is a folder; give the store's file, e.g. "
                           f"{path / DEFAULT_STORE}")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = _connect(path)
    try:
        _begin(db, path)
        try:
            _migrate(db, path, migrations)
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    finally:
        db.close()


def _begin(db: sqlite3.Connection, path: Path) -> None:
    """Start the write transaction, after waiting up to LOCK_WAIT seconds for another."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" not in str(error):
            raise
        raise StoreRefused(f"another coursepack has been writing to {path} for over "
                           f"{LOCK_WAIT} seconds; nothing was changed\n    hint: run the "
                           "command again when it has finished") from None


def _connect(path: Path) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=LOCK_WAIT)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreRefused(f"{path} is not a results store ({error}); give another --store "
                           "or move this file away") from None
    return db


def _migrate(db: sqlite3.Connection, path: Path,
             migrations: Sequence[Callable[[sqlite3.Connection], None]]) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(migrations):
        raise StoreRefused(f"{path} has schema version {version}, newer than this coursepack "
                           f"knows ({len(migrations)}); update coursepack")
    if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreRefused(f"{path} is an SQLite file but not a results store; give "
                           "another --store")
    for number in range(version, len(migrations)):
        migrations[number](db)
        db.execute(f"PRAGMA user_version = {number + 1}")


# --- writing -------------------------------------------------------------------------------


def recorded_already(db: sqlite3.Connection, recordings: Sequence[Recording]) -> list[Workshop]:
    """The recordings' workshops that the store holds already (same id and cycle)."""
    return [r.workshop for r in recordings if _row_id(db, r.workshop) is not None]


def add(db: sqlite3.Connection, recordings: Sequence[Recording], replace: bool = False) -> None:
    """Write ``recordings`` in the open transaction; a workshop recorded already is
    replaced when ``replace``, else ``StoreRefused`` (nothing is written)."""
    already = recorded_already(db, recordings)
    if already and not replace:
        names = ", ".join(f"'{w.title}' ({w.id}, {w.cycle})" for w in already)
        raise StoreRefused(
            f"the store holds {names} already; nothing was recorded\n    hint: add --replace "
            "to replace the recorded results with these, or give the workshop another id "
            "(id: in its workshop file) if it is a different workshop")
    for recording in recordings:
        old = _row_id(db, recording.workshop)
        if old is not None:
            db.execute("DELETE FROM workshops WHERE id = ?", (old,))
        _insert(db, recording)


def _row_id(db: sqlite3.Connection, workshop: Workshop) -> int | None:
    row = db.execute("SELECT id FROM workshops WHERE workshop = ? AND cycle = ?",
                     (workshop.id, workshop.cycle)).fetchone()
    return row[0] if row else None


def _insert(db: sqlite3.Connection, recording: Recording) -> None:
    w = recording.workshop
    row = db.execute(
        'INSERT INTO workshops (workshop, cycle, title, place, country, start, "end", '
        "language, facilitators) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (w.id, w.cycle, w.title, w.place, w.country, _day(w.start), _day(w.end), w.language,
         json.dumps(list(w.facilitators), ensure_ascii=False))).lastrowid
    for form in recording.forms:
        form_id = db.execute("INSERT INTO forms (workshop, occasion) VALUES (?, ?)",
                             (row, form.occasion)).lastrowid
        db.executemany("INSERT INTO items VALUES (?, ?, ?, ?)",
                       [(form_id, n, item, objective) for n, (item, objective)
                        in enumerate(zip(form.item_ids, form.objectives, strict=True))])
        db.executemany("INSERT INTO scores VALUES (?, ?, ?)",
                       [(form_id, code, "".join(map(str, scores)))
                        for code, scores in sorted(form.scores.items())])
    db.executemany("INSERT INTO attributes VALUES (?, ?, ?, ?)",
                   [(row, code, attribute, value)
                    for code, values in sorted(recording.attributes.items())
                    for attribute, value in sorted(values.items())])


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- reading -------------------------------------------------------------------------------


def read(path: Path, selection: Selection = Selection()) -> list[Recording]:
    """The recordings of ``selection``'s cycle and dates, by start date then id (its
    country is the participants', chosen by ``programme.combine``); the store is migrated
    if it is older (in its own transaction)."""
    if not path.is_file():
        raise StoreRefused(f"there is no results store at {path}\n    hint: record workshops "
                           "with `coursepack assess score ... --record`, or give --store")
    with transaction(path) as db:
        rows = db.execute(
            'SELECT id, workshop, cycle, title, place, country, start, "end", language, '
            "facilitators FROM workshops ORDER BY start IS NULL, start, workshop, cycle"
        ).fetchall()
        return [_recording(db, row) for row in rows if _selected(row, selection)]


def _selected(row: tuple, selection: Selection) -> bool:
    cycle, start = row[2], row[6]
    if selection.cycle and cycle != selection.cycle:
        return False
    if (selection.start or selection.end) and start is None:
        return False
    day = date.fromisoformat(start) if start else None
    return not ((selection.start and day < selection.start)
                or (selection.end and day > selection.end))


def _recording(db: sqlite3.Connection, row: tuple) -> Recording:
    key, workshop_id, cycle, title, place, country, start, end, language, facilitators = row
    workshop = Workshop(workshop_id, cycle, title, place, country,
                        date.fromisoformat(start) if start else None,
                        date.fromisoformat(end) if end else None, language,
                        tuple(json.loads(facilitators)))
    forms = []
    for form_id, occasion in db.execute(
            "SELECT id, occasion FROM forms WHERE workshop = ? ORDER BY occasion DESC", (key,)):
        items = db.execute("SELECT item, objective FROM items WHERE form = ? ORDER BY position",
                           (form_id,)).fetchall()
        scores = {code: tuple(int(s) for s in text) for code, text in db.execute(
            "SELECT code, scores FROM scores WHERE form = ? ORDER BY code", (form_id,))}
        forms.append(ScoredForm(cycle=cycle, occasion=occasion,
                                item_ids=tuple(i for i, _ in items),
                                objectives=tuple(o for _, o in items), scores=scores))
    attributes: dict[str, dict[str, str]] = {}
    for code, attribute, value in db.execute(
            "SELECT code, attribute, value FROM attributes WHERE workshop = ? "
            "ORDER BY code, attribute", (key,)):
        attributes.setdefault(code, {})[attribute] = value
    return Recording(workshop, tuple(forms), attributes)
