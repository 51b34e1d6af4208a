"""``coursepack translate``: start a language, see how current every translation is, and
record that a reviewed translation matches its source again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

import yaml
from babel.messages.pofile import read_po, write_po

from generator.course.localize import language_name
from generator.course.model import (
    UNITS,
    Course,
    LanguageCode,
    ModuleTranslation,
    Review,
    TranslationRecord,
)
from generator.course.pictures import PICTURE_TEXTS
from generator.course.reading import (
    COURSE_FILE,
    GLOSSARY_FILE,
    MODULES_DIR,
    LoadedBank,
    LoadedCourse,
    LoadedModule,
)
from generator.course.staleness import (
    LISTS_BY_ID,
    RECORD_FILE,
    TEXT_KEYS,
    fingerprint,
    item_fingerprint,
)
from generator.course.translations import LOCALES_DIR, MESSAGES_FILE, source_files
from generator.errors import CoursepackError

POT = Path(__file__).parents[1] / "messages.pot"
_LANGUAGE = re.compile(LanguageCode.__metadata__[0].pattern)


class TranslateError(CoursepackError):
    """A translate command that cannot do what was asked; the message says why and how."""


@dataclass
class Started:
    """What ``translate init`` wrote and what it left alone."""

    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    added_to_course: bool = False


def init_language(loaded: LoadedCourse, course: Course, language: str,
                  module_id: str | None = None) -> Started:
    """Create the files to translate for ``language`` (one module, or all), pre-filled with
    the source text and recording the source each was made from; existing files are kept.
    ``loaded`` and ``course`` are the course as ``load`` read it."""
    root = loaded.root
    _check_language(course, language)
    modules = [m for m in loaded.modules if module_id in (None, m.meta.id)]
    if module_id is not None and not modules:
        raise TranslateError(f"there is no module '{module_id}'; the modules are: "
                             + ", ".join(m.id for m in course.modules))
    started = Started()
    base = root / LOCALES_DIR / language
    assert loaded.course_doc is not None
    _create(started, root, base / COURSE_FILE, _yaml(COURSE_FILE, skeleton(loaded.course_doc.data)))
    if (root / GLOSSARY_FILE).exists():
        _create(started, root, base / GLOSSARY_FILE, (root / GLOSSARY_FILE).read_text("utf-8"))
    _create(started, root, base / MESSAGES_FILE, messages_po(course, language))
    banks = {b.module_id: b for b in loaded.banks}
    for module in modules:
        folder = f"{MODULES_DIR}/{module.folder}"
        files = {path: _yaml(path, data if path.endswith(PICTURE_TEXTS) else skeleton(data))
                 if isinstance(data, dict) else data
                 for path, data in source_files(module).items()}
        bank = banks.get(module.meta.id)
        if bank is not None:
            files[bank.doc.path] = _yaml(bank.doc.path, skeleton(bank.doc.data))
        made = [path for path, text in files.items() if _create(started, root, base / path, text)]
        _record_new_files(base / folder / RECORD_FILE, made, module, bank)
    started.added_to_course = _add_language(root / COURSE_FILE, language)
    return started


def mark_current(loaded: LoadedCourse, course: Course, language: str, module_id: str,
                 reviewed: bool = False) -> ModuleTranslation:
    """Record that ``module_id``'s translation matches today's source; returns its state."""
    root = loaded.root
    translation = next((t for t in loaded.translations if t.language == language), None)
    if translation is None:
        raise TranslateError(f"'{language}' is not a translation of this course; its languages "
                             f"are {', '.join(course.languages)}")
    state = translation.states.get(module_id)
    if state is None:
        raise TranslateError(f"there is no module '{module_id}'; the modules are: "
                             + ", ".join(m.id for m in course.modules))
    if not state.translated and state.translated_items is None:
        raise TranslateError(f"{LOCALES_DIR}/{language}/{state.module_dir}/ has no translated "
                             f"files yet: run `coursepack translate init {language} "
                             f"--module {module_id}` first")
    review: Review = "reviewed" if reviewed else (state.record.review if state.record else "draft")
    state.record = state.current_record(review)
    _write_record(root / LOCALES_DIR / language / state.module_dir / RECORD_FILE, state.record)
    return state.status()


def skeleton(data: Any) -> Any:
    """The translatable part of a source YAML file: its text and the ids that place it."""
    if isinstance(data, dict):
        return {key: skeleton(value) for key, value in data.items()
                if key == "id" or key in TEXT_KEYS | LISTS_BY_ID}
    if isinstance(data, list):
        return [skeleton(value) for value in data]
    return data


def messages_po(course: Course, language: str) -> str:
    """The interface catalogue to translate: the generator's strings and the cycle titles."""
    with POT.open("rb") as pot:
        catalog = read_po(pot)
    catalog.locale = language.replace("-", "_")
    for cycle in course.blueprint.cycles if course.blueprint else ():
        catalog.add(cycle.title, auto_comments=["A test cycle's title (assessments/cycles.yml)"])
    out = BytesIO()
    write_po(out, catalog, width=0, no_location=True, omit_header=False)
    return out.getvalue().decode("utf-8")


def interface_strings() -> list[str]:
    """The generator's own interface strings, as in ``messages.pot``."""
    with POT.open("rb") as pot:
        return [m.id for m in read_po(pot) if m.id and isinstance(m.id, str)]


def _check_language(course: Course, language: str) -> None:
    if not _LANGUAGE.fullmatch(language):
        raise TranslateError(f"'{language}' is not a language code: use a code such as "
                             "es, ru, fa or pt-BR")
    if language == course.default_language:
        raise TranslateError(f"'{language}' is the source language of this course: "
                             "translate into another one")


def _create(started: Started, root: Path, path: Path, text: str) -> bool:
    relative = str(path.relative_to(root))
    if path.exists():
        started.kept.append(relative)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    started.created.append(relative)
    return True


def _record_new_files(path: Path, made: list[str], module: LoadedModule,
                      bank: LoadedBank | None) -> None:
    """Add the sources of newly made files to the module's record (created if need be)."""
    if not made:
        return
    record = TranslationRecord.model_validate(
        (yaml.safe_load(path.read_text("utf-8")) if path.exists() else None) or {})
    sources, items = dict(record.sources), dict(record.items)
    for made_path in made:
        if bank is not None and made_path == bank.doc.path:
            items |= {item["id"]: item_fingerprint(item) for item in bank.doc.data["items"]}
        else:
            sources[made_path] = fingerprint(source_files(module)[made_path])
    _write_record(path, record.model_copy(update={"sources": sources, "items": items}))


def _write_record(path: Path, record: TranslationRecord) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Written by `coursepack translate`: the source each translated file and item\n"
        "# was made from. Set review to `reviewed` once a native speaker has checked it.\n"
        + _dump(record.model_dump()), encoding="utf-8")


def _add_language(course_file: Path, language: str) -> bool:
    """Add ``language`` to ``languages: [...]`` in course.yml; False if it is there already."""
    text = course_file.read_text("utf-8")
    match = re.search(r"(?m)^languages:\s*\[([^\]\n]*)\]", text)
    if match is None:
        raise TranslateError(f"add {language} to `languages:` in {COURSE_FILE} by hand")
    codes = [c.strip() for c in match.group(1).split(",") if c.strip()]
    if language in codes:
        return False
    listed = f"languages: [{', '.join([*codes, language])}]"
    course_file.write_text(text[:match.start()] + listed + text[match.end():], "utf-8")
    return True


def _yaml(source: str, data: Any) -> str:
    """A file to translate: what it translates and how, then the text with its ids."""
    return (f"# Translation of {source}: translate the text, keep every id as it is.\n"
            "# Text left as in the source shows in the source language (see "
            "`coursepack translate status`).\n" + _dump(data))


class _Dumper(yaml.SafeDumper):
    """Block style for text with line breaks, so translators see paragraphs."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def status_data(course: Course) -> dict[str, Any]:
    """The module × language matrix of ``translate status --json`` (see docs/translating.md)."""
    strings = interface_strings()
    return {
        "source_language": course.default_language,
        "languages": [t.language for t in course.translations],
        "modules": [
            {"id": module.id, "languages": {
                t.language: m.translation.model_dump(mode="json", exclude={"translated_files"})
                for t in course.translations for m in t.modules
                if m.id == module.id and m.translation is not None}}
            for module in course.modules],
        "interface": {
            t.language: {"translated": sum(s in t.messages for s in strings),
                         "total": len(strings),
                         "missing": [s for s in strings if s not in t.messages]}
            for t in course.translations},
    }


def status_text(course: Course) -> str:
    """The same matrix for people: one row per module, one column per language."""
    data = status_data(course)
    languages = data["languages"]
    if not languages:
        return (f"This course has only its source language ({course.default_language}). "
                "Start a translation with `coursepack translate init <lang>`.\n")
    width = max([len(m["id"]) for m in data["modules"]] + [len("interface")]) + 2
    cells = {(m["id"], lang): _cell(m["languages"][lang]) for m in data["modules"]
             for lang in languages}
    column = max([len(c) for c in cells.values()] + [12]) + 2
    lines = [f"Translations of {course.id} (source: {course.default_language})", "",
             "module".ljust(width) + "".join(lang.ljust(column) for lang in languages)]
    for module in data["modules"]:
        lines.append(module["id"].ljust(width) + "".join(
            cells[(module["id"], lang)].ljust(column) for lang in languages))
    interface = data["interface"]
    lines.append("interface".ljust(width) + "".join(
        f"{interface[lang]['translated']}/{interface[lang]['total']} strings".ljust(column)
        for lang in languages))
    lines += ["", "complete: all text translated and current · partial: some text still in "
              f"{language_name(course.default_language, 'en')} · stale: the source changed "
              "since · missing: not started", "", *_next_steps(course, data)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _cell(state: dict[str, Any]) -> str:
    statuses = [state[unit] for unit in UNITS]
    if len(set(statuses)) == 1:
        text = statuses[0]
    else:
        text = ", ".join(f"{unit} {state[unit]}" for unit in UNITS)
    return text if statuses == ["missing"] * 3 else f"{text} ({state['review']})"


def _next_steps(course: Course, data: dict[str, Any]) -> list[str]:
    steps = []
    for lang in data["languages"]:
        states = {m["id"]: m["languages"][lang] for m in data["modules"]}
        missing = [m for m, s in states.items() if all(s[u] == "missing" for u in UNITS)]
        stale = [m for m, s in states.items() if "stale" in (s[u] for u in UNITS)]
        partial = [m for m, s in states.items() if m not in missing + stale
                   and any(s[u] != "complete" for u in UNITS)]
        if missing:
            steps.append(f"{lang}: not started: {', '.join(missing)}. Run `coursepack translate "
                         f"init {lang} --module <id>` to create the files to translate.")
        if stale:
            steps.append(f"{lang}: the source changed since translation: {', '.join(stale)}. "
                         "Update the translation, then run `coursepack translate mark-current "
                         f"{lang} --module <id>`.")
        if partial:
            steps.append(f"{lang}: text still to translate in: {', '.join(partial)}.")
        todo = data["interface"][lang]["total"] - data["interface"][lang]["translated"]
        if todo:
            steps.append(f"{lang}: {todo} interface string(s) to translate in "
                         f"{LOCALES_DIR}/{lang}/{MESSAGES_FILE} (Poedit or Weblate open it).")
    return steps or ["Every translation is complete and current."]
