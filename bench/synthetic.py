"""Synthetic courses for the benchmark: the bundled course's modules repeated to any size.

``make_course(target, 200)`` writes a course of 200 modules in English, Spanish and
Russian. The first copy of each bundled module keeps its id; later copies are
``<id>-2``, ``<id>-3`` …, with every id that must be unique in the course (objectives,
activities, items) renamed the same way and prerequisites pointing at the same copy.
Each copy brings its Spanish and Russian translation, with a translation record that
is as current as the bundled one, so the copies are "complete", not stale.
``assessments/cycles.yml`` stays as bundled: the test forms keep a realistic length.

Run it on its own to look at a course: ``python bench/synthetic.py 20 /tmp/course-20``.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python bench/synthetic.py
    sys.path.insert(0, str(ROOT))

from generator.course.staleness import RECORD_FILE, fingerprint, item_fingerprint  # noqa: E402
from generator.course.yamlsource import load_yaml  # noqa: E402

LANGUAGES = ("en", "es", "ru")
"""The course's languages: the bundled ones with complete translations (fa is dropped)."""
SHARED = ("mkdocs.yml", "glossary.yml", "terminology.yml", "materials.yml", "site_assets",
          "site_templates", "countries", "facilitator/template.pptx")
"""What a build needs from the course folder besides course.yml, modules and banks."""
LOCALE_FILES = ("course.yml", "glossary.yml", "messages.po", "materials.yml")
MODULE_FILES = ("module.yml", "content.md", "slides.md", "activities.yml")
PICTURES = ("images", "charts", "pictures.yml", "handouts")
"""A module's pictures, charts and handouts, and (translations) the text inside its SVGs:
copied as they are, since they hold no ids of the module's own."""
CYCLES = "assessments/cycles.yml"
FACTS = "facts.yml"

_ID_LINE = re.compile(r"^(\s*(?:-\s+)?(?:id|objective):\s+)(['\"]?)([a-z0-9-]+)\2(\s*)$")
_INLINE_PREREQUISITES = re.compile(r"^(prerequisites:\s*\[)([^\]]*)(\]\s*)$")
_BLOCK_ENTRY = re.compile(r"^(\s*-\s+)([a-z0-9-]+)(\s*)$")


class SyntheticCourseError(Exception):
    """The bundled course cannot be repeated as asked; the message says why."""


@dataclass(frozen=True)
class Copy:
    """One module of the synthetic course: copy ``number`` of bundled module ``source``."""

    source: str
    number: int

    @property
    def id(self) -> str:
        return copy_id(self.source, self.number)


def copy_id(value: str, number: int) -> str:
    """An id in copy ``number``: the first copy keeps it, later ones get ``-<number>``."""
    return value if number == 1 else f"{value}-{number}"


def plan(order: list[str], count: int) -> list[Copy]:
    """``count`` modules: the bundled course order, then its second copy, and so on."""
    return [Copy(order[i % len(order)], i // len(order) + 1) for i in range(count)]


def make_course(target: Path, modules: int, source: Path = ROOT) -> Path:
    """Write a course of ``modules`` modules made from the course at ``source`` to ``target``."""
    if modules < 1:
        raise SyntheticCourseError("a course needs at least one module")
    if target.exists() and any(target.iterdir()):
        raise SyntheticCourseError(f"{target} is not empty; give a new folder")
    course = _read_yaml(source, "course.yml")
    missing = [lang for lang in LANGUAGES if lang not in course["languages"]]
    if missing:
        raise SyntheticCourseError(f"the course at {source} has no {', '.join(missing)}")
    copies = plan(list(course["modules"]), modules)
    target.mkdir(parents=True, exist_ok=True)
    course["languages"] = list(LANGUAGES)
    course["modules"] = [c.id for c in copies]
    _write_yaml(target / "course.yml", course)
    for name in SHARED:
        _copy(source / name, target / name)
    for lang in LANGUAGES[1:]:
        for name in LOCALE_FILES:
            _copy(source / "locales" / lang / name, target / "locales" / lang / name)
    _write_cycles(source, target, {c.source for c in copies})
    _write_facts(source, target, copies)
    made = {c.id for c in copies}
    for copy in copies:
        _copy_module(source, target, copy, made)
    return target


def _write_facts(source: Path, target: Path, copies: list[Copy]) -> None:
    """The fact ledger, each fact stated by every copy of the modules that state it."""
    if not (source / FACTS).is_file():
        return
    ledger = _read_yaml(source, FACTS)
    for fact in ledger.get("facts", []):
        stated = [c.id for c in copies if c.source in fact["stated_in"]]
        fact["stated_in"] = stated + [m for m in fact["stated_in"] if m in ("glossary", "course")]
    ledger["facts"] = [f for f in ledger.get("facts", []) if f["stated_in"]]
    ledger["sources_folder"] = str((source / ledger.get("sources_folder", ".")).resolve())
    _write_yaml(target / FACTS, ledger)


def _write_cycles(source: Path, target: Path, modules: set[str]) -> None:
    """cycles.yml as bundled; a course smaller than the bundle leaves out absent modules."""
    if modules >= set(_read_yaml(source, "course.yml")["modules"]):
        _copy(source / CYCLES, target / CYCLES)
        return
    cycles = _read_yaml(source, CYCLES)
    kept = []
    for cycle in cycles["cycles"]:
        cycle["modules"] = [m for m in cycle["modules"] if m in modules]
        if cycle["modules"]:
            kept.append(cycle)
    if kept:
        _write_yaml(target / CYCLES, {**cycles, "cycles": kept})


def _copy_module(source: Path, target: Path, copy: Copy, made: set[str]) -> None:
    """The module's files, its bank and their es/ru translations, ids renamed for the copy."""
    files = [f"modules/{copy.source}/{name}" for name in MODULE_FILES]
    files.append(f"assessments/{copy.source}.yml")
    sources = {path: (source / path).read_text("utf-8") for path in files
               if (source / path).is_file()}
    for lang in ("", *(f"locales/{lang}/" for lang in LANGUAGES[1:])):
        for name in PICTURES:
            _copy(source / f"{lang}modules/{copy.source}/{name}",
                  target / f"{lang}modules/{copy.id}/{name}")
    if copy.number == 1:
        for path in sources:
            _copy(source / path, target / path)
        for lang in LANGUAGES[1:]:
            for path in (f"modules/{copy.source}", f"assessments/{copy.source}.yml"):
                _copy(source / "locales" / lang / path, target / "locales" / lang / path)
        return
    renames = _renames(sources, copy)
    prerequisites = {p: p if copy_id(p, copy.number) not in made else copy_id(p, copy.number)
                     for p in _prerequisites(sources, copy)}
    renamed = {path: _renamed(path, text, renames, prerequisites)
               for path, text in sources.items()}
    for path, (text, _) in renamed.items():
        _write(target / _moved(path, copy), text)
    for lang in LANGUAGES[1:]:
        base = source / "locales" / lang
        for path in sources:
            if (base / path).is_file():
                text, _ = _renamed(f"locales/{lang}/{path}", (base / path).read_text("utf-8"),
                                   renames, prerequisites)
                _write(target / "locales" / lang / _moved(path, copy), text)
        record = base / "modules" / copy.source / RECORD_FILE
        if record.is_file():
            _write_record(target / "locales" / lang / "modules" / copy.id / RECORD_FILE,
                          _record(record, sources, renamed, renames, copy))


def _renames(sources: dict[str, str], copy: Copy) -> dict[str, str]:
    """The module's own ids (module, objectives, activities, items) and their copy's ids."""
    ids = [copy.source]
    path = f"modules/{copy.source}/module.yml"
    module = _parse(path, sources[path])
    ids += [o["id"] for o in module.get("objectives") or []]
    for path, key in ((f"modules/{copy.source}/activities.yml", "activities"),
                      (f"assessments/{copy.source}.yml", "items")):
        if path in sources:
            ids += [e["id"] for e in _parse(path, sources[path]).get(key) or []]
    return {i: copy_id(i, copy.number) for i in ids}


def _prerequisites(sources: dict[str, str], copy: Copy) -> list[str]:
    path = f"modules/{copy.source}/module.yml"
    return list(_parse(path, sources[path]).get("prerequisites") or [])


def _renamed(path: str, text: str, renames: dict[str, str], prerequisites: dict[str, str]
             ) -> tuple[str, Any]:
    """A file's text with the copy's ids, and its parsed data (None for Markdown).

    The text is changed line by line, so comments and layout stay as bundled; the result
    is checked against the same renaming done on the parsed data."""
    if not path.endswith(".yml"):
        return text, None
    lines, in_prerequisites = [], False
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if match := _ID_LINE.match(body):
            value = renames.get(match[3], match[3])
            body = f"{match[1]}{match[2]}{value}{match[2]}{match[4]}"
        elif match := _INLINE_PREREQUISITES.match(body):
            entries = [e.strip() for e in match[2].split(",") if e.strip()]
            body = match[1] + ", ".join(prerequisites.get(e, e) for e in entries) + match[3]
        elif in_prerequisites and (match := _BLOCK_ENTRY.match(body)):
            body = f"{match[1]}{prerequisites.get(match[2], match[2])}{match[3]}"
        if body.strip() and not body.lstrip().startswith("#"):
            in_prerequisites = body.rstrip() == "prerequisites:" or (
                in_prerequisites and body.lstrip().startswith("-"))
        lines.append(body + line[len(line.rstrip("\n")):])
    renamed = "".join(lines)
    expected = _rename_data(_parse(path, text), renames, prerequisites)
    data = _parse(path, renamed)
    if data != expected:
        raise SyntheticCourseError(
            f"{path}: renaming ids line by line did not give the expected file; check that "
            "ids, objectives and prerequisites are written as plain 'key: value' lines")
    return renamed, data


def _rename_data(data: Any, renames: dict[str, str], prerequisites: dict[str, str]) -> Any:
    if isinstance(data, dict):
        return {key: (renames.get(value, value) if key in ("id", "objective")
                      and isinstance(value, str)
                      else [prerequisites.get(p, p) for p in value] if key == "prerequisites"
                      and isinstance(value, list)
                      else _rename_data(value, renames, prerequisites))
                for key, value in data.items()}
    if isinstance(data, list):
        return [_rename_data(value, renames, prerequisites) for value in data]
    return data


def _record(record_file: Path, sources: dict[str, str],
            renamed: dict[str, tuple[str, Any]], renames: dict[str, str], copy: Copy
            ) -> dict[str, Any]:
    """The copy's translation record: what was current for the bundled module is current
    for the copy (new fingerprints); what was stale stays stale."""
    record = yaml.safe_load(record_file.read_text("utf-8")) or {}
    old_sources: dict[str, str] = record.get("sources") or {}
    new_sources = {}
    for path, stamp in old_sources.items():
        if path in sources:
            before = _value(path, sources[path])
            after = renamed[path][1] if renamed[path][1] is not None else renamed[path][0]
            stamp = fingerprint(after) if stamp == fingerprint(before) else stamp
        new_sources[_moved(path, copy)] = stamp
    bank = f"assessments/{copy.source}.yml"
    before_items = _by_id(_parse(bank, sources[bank])) if bank in sources else {}
    after_items = _by_id(renamed[bank][1]) if bank in renamed else {}
    new_items = {}
    for item, stamp in (record.get("items") or {}).items():
        new_id = renames.get(item, item)
        if item in before_items and stamp == item_fingerprint(before_items[item]):
            stamp = item_fingerprint(after_items[new_id])
        new_items[new_id] = stamp
    return {**record, "sources": new_sources, "items": new_items}


def _by_id(bank: Any) -> dict[str, Any]:
    return {item["id"]: item for item in (bank or {}).get("items") or []}


def _value(path: str, text: str) -> Any:
    """A source file as its fingerprint sees it: parsed YAML, or the text."""
    return _parse(path, text) if path.endswith(".yml") else text


def _moved(path: str, copy: Copy) -> str:
    """A source path of the bundled module as the copy's path."""
    return (path.replace(f"modules/{copy.source}/", f"modules/{copy.id}/")
            .replace(f"assessments/{copy.source}.yml", f"assessments/{copy.id}.yml"))


def _parse(path: str, text: str) -> Any:
    doc, problems = load_yaml(text, path)
    if doc is None or problems:
        raise SyntheticCourseError(f"{path}: cannot read the bundled file: "
                                   + "; ".join(p.message for p in problems))
    return doc.data


def _read_yaml(root: Path, relative: str) -> Any:
    return _parse(relative, (root / relative).read_text("utf-8"))


def _write_yaml(path: Path, data: Any) -> None:
    _write(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))


def _write_record(path: Path, record: dict[str, Any]) -> None:
    _write(path, "# Written by bench/synthetic.py from the bundled module's record.\n"
           + yaml.safe_dump(record, allow_unicode=True, sort_keys=False))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    """Copy a file or folder that a build needs; a missing optional one is skipped."""
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    elif source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: python bench/synthetic.py MODULES TARGET_FOLDER")
    print(make_course(Path(sys.argv[2]), int(sys.argv[1])))
