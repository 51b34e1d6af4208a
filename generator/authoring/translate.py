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
    PagesRecord,
    PageTranslation,
    Review,
    SiteTemplate,
    Translation,
    TranslationRecord,
    UnitStatus,
)
from generator.course.pictures import PICTURE_TEXTS
from generator.course.reading import (
    COURSE_FILE,
    GLOSSARY_FILE,
    MATERIALS_FILE,
    MODULES_DIR,
    TEMPLATES_DIR,
    LoadedBank,
    LoadedCourse,
    LoadedModule,
    LoadedTranslation,
)
from generator.course.staleness import (
    LISTS_BY_ID,
    RECORD_FILE,
    TEXT_KEYS,
    TranslatedPage,
    fingerprint,
    item_fingerprint,
    untranslated,
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
    if loaded.materials_doc is not None:
        _create(started, root, base / MATERIALS_FILE,
                _yaml(MATERIALS_FILE, skeleton(loaded.materials_doc.data)))
    _create(started, root, base / MESSAGES_FILE, messages_po(course, language))
    made_pages = [page for page in loaded.site_templates
                  if _create(started, root, base / TEMPLATES_DIR / f"{page.name}.md",
                             page_to_translate(page))]
    _record_new_pages(base / TEMPLATES_DIR / RECORD_FILE, made_pages)
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
    state = _translation(loaded, course, language).states.get(module_id)
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


def mark_page_current(loaded: LoadedCourse, course: Course, language: str, name: str,
                      reviewed: bool = False) -> PageTranslation:
    """Record that the maintainer page ``name``'s translation matches today's source."""
    page = _translation(loaded, course, language).pages.get(name)
    if page is None:
        raise TranslateError(f"there is no page '{name}' ({TEMPLATES_DIR}/{name}.md); the "
                             "pages are: " + (", ".join(t.name for t in course.site_templates)
                                              or "none"))
    relative = f"{LOCALES_DIR}/{language}/{TEMPLATES_DIR}/{name}.md"
    if page.translated is None:
        raise TranslateError(f"there is no {relative} yet: run `coursepack translate init "
                             f"{language}` first")
    review: Review = "reviewed" if reviewed else (page.record.review if page.record else "draft")
    page.record = page.current_record(review)
    path = loaded.root / LOCALES_DIR / language / TEMPLATES_DIR / RECORD_FILE
    _write_pages_record(path, {name: page})
    return page.status()


def page_to_translate(page: SiteTemplate) -> str:
    """A maintainer page to translate: the source, with a note under its title on what to
    keep (the note is a template comment: readers never see it)."""
    title, _, rest = page.text.lstrip().partition("\n")
    return (f"{title}\n\n{{# Translation of {TEMPLATES_DIR}/{page.name}.md: translate the text "
            "and the title; keep everything between {{ }} and {% %} as it is. #}\n" + rest)


def skeleton(data: Any) -> Any:
    """The translatable part of a source YAML file: its text and the ids that place it."""
    if isinstance(data, dict):
        return {key: skeleton(value) for key, value in data.items()
                if key == "id" or key in TEXT_KEYS
                or key in LISTS_BY_ID and not _ids_only(value)}
    if isinstance(data, list):
        return [skeleton(value) for value in data]
    return data


def _ids_only(value: Any) -> bool:
    """A list of ids (an activity's materials): the source's stand in every language."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


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


def _translation(loaded: LoadedCourse, course: Course, language: str) -> LoadedTranslation:
    translation = next((t for t in loaded.translations if t.language == language), None)
    if translation is None:
        raise TranslateError(f"'{language}' is not a translation of this course; its languages "
                             f"are {', '.join(course.languages)}")
    return translation


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


def _record_new_pages(path: Path, made: list[SiteTemplate]) -> None:
    """Add the sources of newly made page translations to the language's page record."""
    _write_pages_record(path, {page.name: TranslatedPage(page.name, page.text, page.text, None)
                               for page in made})


def _write_pages_record(path: Path, pages: dict[str, TranslatedPage]) -> None:
    """The page record with ``pages`` recorded as made from today's source (their review
    kept), the other pages' records as they were."""
    if not pages:
        return
    record = PagesRecord.model_validate(
        (yaml.safe_load(path.read_text("utf-8")) if path.exists() else None) or {})
    entries = {**record.pages, **{
        name: page.record or page.current_record("draft") for name, page in pages.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Written by `coursepack translate`: the source each translated page was made from.\n"
        "# Set a page's review to `reviewed` once a native speaker has checked it.\n"
        + _dump(PagesRecord(pages=dict(sorted(entries.items()))).model_dump()),
        encoding="utf-8")


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


def catalogue_strings(course: Course) -> list[str]:
    """Every entry of a language's ``messages.po``: the generator's interface strings and
    the titles of the course's test cycles (see :func:`messages_po`)."""
    cycles = [c.title for c in course.blueprint.cycles] if course.blueprint else []
    return list(dict.fromkeys([*interface_strings(), *cycles]))


def status_data(course: Course) -> dict[str, Any]:
    """What ``translate status --json`` prints (see docs/translating.md): each module,
    maintainer page and the course text by language, and the interface strings."""
    strings = catalogue_strings(course)
    return {
        "source_language": course.default_language,
        "languages": [t.language for t in course.translations],
        "modules": [
            {"id": module.id, "languages": {
                t.language: m.translation.model_dump(mode="json", exclude={"translated_files"})
                for t in course.translations for m in t.modules
                if m.id == module.id and m.translation is not None}}
            for module in course.modules],
        "pages": [
            {"name": page.name, "languages": {
                t.language: p.translation.model_dump(mode="json")
                for t in course.translations for p in t.site_templates
                if p.name == page.name and p.translation is not None}}
            for page in course.site_templates],
        "course": {t.language: _course_text(course, t) for t in course.translations},
        "interface": {
            t.language: {"translated": sum(s in t.messages for s in strings),
                         "total": len(strings),
                         "missing": [s for s in strings if s not in t.messages]}
            for t in course.translations},
    }


def _course_text(course: Course, translation: Translation) -> dict[str, UnitStatus]:
    """How much of ``course.yml`` (title, summary, tracks) and, if the course has a
    glossary, ``glossary.yml`` and, if it has materials, ``materials.yml`` (their names) a
    translation has: complete, partial or missing (a text the same as the source's counts
    as untranslated; these files record no source, so they are never stale)."""
    tracks = {t.id: t for t in translation.tracks}
    texts = [(course.title, translation.title), (course.summary, translation.summary),
             *((text, getattr(tracks[t.id], key)) for t in course.tracks
               for key, text in (("title", t.title), ("summary", t.summary)))]
    state = {"course.yml": _share([untranslated(a, b) for a, b in texts])}
    if course.glossary:
        glossary = {" ".join(e.definition.split()) for e in translation.glossary}
        state["glossary.yml"] = _share([" ".join(e.definition.split()) in glossary
                                        and len(e.definition.split()) > 1
                                        for e in course.glossary])
    if course.materials:
        names = {m.id: m.name for m in translation.materials}
        state["materials.yml"] = _share([untranslated(m.name, names.get(m.id, m.name))
                                         for m in course.materials])
    return state


def _share(untranslated_texts: list[bool]) -> UnitStatus:
    if not untranslated_texts or not any(untranslated_texts):
        return "complete"
    return "missing" if all(untranslated_texts) else "partial"


def status_text(course: Course) -> str:
    """The same for people: a row per module, maintainer page and course file, a column per
    language, and what is left to do in each language."""
    data = status_data(course)
    languages = data["languages"]
    if not languages:
        return (f"This course has only its source language ({course.default_language}). "
                "Start a translation with `coursepack translate init <lang>`.\n")
    rows: list[tuple[str, dict[str, str]]] = [("module", {lang: lang for lang in languages})]
    rows += [(m["id"], {lang: _cell(m["languages"][lang]) for lang in languages})
             for m in data["modules"]]
    if data["pages"]:
        rows += [("", {}), ("page", {lang: lang for lang in languages})]
        rows += [(p["name"], {lang: _page_cell(p["languages"][lang]) for lang in languages})
                 for p in data["pages"]]
    rows += [("", {})]
    rows += [(name, {lang: data["course"][lang][name] for lang in languages})
             for name in data["course"][languages[0]]]
    interface = data["interface"]
    rows.append(("interface", {
        lang: f"{interface[lang]['translated']}/{interface[lang]['total']} strings"
        for lang in languages}))
    width = max(len(name) for name, _ in rows) + 2
    column = max([len(c) for _, cells in rows for c in cells.values()] + [12]) + 2
    lines = [f"Translations of {course.id} (source: {course.default_language})", ""]
    lines += [name.ljust(width) + "".join(cells.get(lang, "").ljust(column)
                                          for lang in languages) for name, cells in rows]
    lines += ["", "complete: all text translated and current · partial: some text still in "
              f"{language_name(course.default_language, 'en')} · stale: the source changed "
              "since · missing: not started", "", *_next_steps(data)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _cell(state: dict[str, Any]) -> str:
    statuses = [state[unit] for unit in UNITS]
    if len(set(statuses)) == 1:
        text = statuses[0]
    else:
        text = ", ".join(f"{unit} {state[unit]}" for unit in UNITS)
    return text if statuses == ["missing"] * 3 else f"{text} ({state['review']})"


def _page_cell(state: dict[str, Any]) -> str:
    return state["status"] if state["status"] == "missing" else \
        f"{state['status']} ({state['review']})"


def _summary(lang: str, data: dict[str, Any]) -> str:
    """One line: how much of everything a language has translated and current."""
    modules = [m["languages"][lang] for m in data["modules"]]
    pages = [p["languages"][lang]["status"] for p in data["pages"]]
    interface = data["interface"][lang]
    parts = [f"modules {sum(all(s[u] == 'complete' for u in UNITS) for s in modules)} of "
             f"{len(modules)}"]
    if pages:
        parts.append(f"pages {pages.count('complete')} of {len(pages)}")
    parts.append(f"interface strings {interface['translated']} of {interface['total']}")
    course = data["course"][lang].values()
    parts.append("course text " + ("complete" if all(s == "complete" for s in course)
                                   else "incomplete"))
    return f"{lang}: translated and current: {', '.join(parts)}."


def _next_steps(data: dict[str, Any]) -> list[str]:
    """Per language: how much is done, then what is left and how to do it."""
    steps, left = [], False
    for lang in data["languages"]:
        todo = _left_to_do(lang, data)
        steps += [_summary(lang, data), *todo]
        left = left or bool(todo)
    return steps if left else [*steps, "Every translation is complete and current."]


def _left_to_do(lang: str, data: dict[str, Any]) -> list[str]:
    steps = []
    states = {m["id"]: m["languages"][lang] for m in data["modules"]}
    missing = [m for m, s in states.items() if all(s[u] == "missing" for u in UNITS)]
    stale = [m for m, s in states.items() if "stale" in (s[u] for u in UNITS)]
    partial = [m for m, s in states.items() if m not in missing + stale
               and any(s[u] != "complete" for u in UNITS)]
    pages = {p["name"]: p["languages"][lang]["status"] for p in data["pages"]}
    folder = f"{LOCALES_DIR}/{lang}"
    if missing:
        steps.append(f"{lang}: not started: {', '.join(missing)}. Run `coursepack translate "
                     f"init {lang} --module <id>` to create the files to translate.")
    if stale:
        steps.append(f"{lang}: the source changed since translation: {', '.join(stale)}. "
                     "Update the translation, then run `coursepack translate mark-current "
                     f"{lang} --module <id>`.")
    if partial:
        steps.append(f"{lang}: text still to translate in: {', '.join(partial)}.")
    if untranslated_pages := [n for n, s in pages.items() if s == "missing"]:
        steps.append(f"{lang}: pages not translated (shown in the source language): "
                     f"{', '.join(untranslated_pages)}. Run `coursepack translate init {lang}` "
                     f"to create {folder}/{TEMPLATES_DIR}/<page>.md.")
    if stale_pages := [n for n, s in pages.items() if s == "stale"]:
        steps.append(f"{lang}: the source page changed since translation: "
                     f"{', '.join(stale_pages)}. Update {folder}/{TEMPLATES_DIR}/<page>.md, "
                     f"then run `coursepack translate mark-current {lang} --page <page>`.")
    if partial_pages := [n for n, s in pages.items() if s == "partial"]:
        steps.append(f"{lang}: text still to translate in the pages: "
                     f"{', '.join(partial_pages)} ({folder}/{TEMPLATES_DIR}/).")
    if files := [name for name, s in data["course"][lang].items() if s != "complete"]:
        steps.append(f"{lang}: text still to translate in "
                     + " and ".join(f"{folder}/{name}" for name in files) + ".")
    todo = data["interface"][lang]["total"] - data["interface"][lang]["translated"]
    if todo:
        steps.append(f"{lang}: {todo} interface string(s) to translate in "
                     f"{folder}/{MESSAGES_FILE} (Poedit or Weblate open it).")
    return steps
