"""Translations under ``locales/<lang>/``, read and laid over the source files.

A translated YAML file holds only the text of its source file: the same keys, with the
ids that say which track, objective, activity, item or option a text belongs to (an
activity's steps, which have no ids, in the source's order). A translated Markdown file
(``content.md``, ``slides.md``) or ``glossary.yml`` replaces its source. A file that is
not there falls back to the source. Ids, durations (a step's minutes too), answers and
links always come from the source. UI strings are a gettext catalogue,
``messages.po``.
"""

from __future__ import annotations

import difflib
import importlib.util
import io
import string
from pathlib import Path
from typing import Any

from babel.messages.pofile import PoFileError, read_po
from pydantic import ValidationError

from generator.course.model import (
    FIELD,
    ActivitiesFile,
    ChartFile,
    CourseFile,
    GlossaryFile,
    HandoutFile,
    Item,
    ItemBankFile,
    MaterialsFile,
    ModuleFile,
    PagesRecord,
    SiteTemplate,
    TranslationRecord,
)
from generator.course.pictures import PICTURE_TEXTS, placed, svg_texts
from generator.course.reading import (
    ASSESSMENTS_DIR,
    COURSE_FILE,
    GLOSSARY_FILE,
    GUIDE,
    MODULES_DIR,
    TEMPLATES_DIR,
    LoadedBank,
    LoadedCourse,
    LoadedModule,
    LoadedTranslation,
    M,
    page_template,
    read_model,
    read_text,
    read_yaml,
    validation_problems,
)
from generator.course.slides import parse_slides
from generator.course.staleness import (
    LISTS_BY_ID,
    PLURAL_KEYS,
    RECORD_FILE,
    TEXT_KEYS,
    TranslatedModule,
    TranslatedPage,
)
from generator.course.yamlsource import KeyPath, YamlDoc, field_name
from generator.errors import Problem

LOCALES_DIR = "locales"
MESSAGES_FILE = "messages.po"
TRANSLATION_GUIDE = f"{GUIDE}#translations"


def interface_languages() -> frozenset[str]:
    """Languages mkdocs-material has interface text for (search box, menus …)."""
    spec = importlib.util.find_spec("material")  # found, not imported: no theme code runs
    assert spec is not None and spec.submodule_search_locations
    folder = Path(spec.submodule_search_locations[0]) / "templates" / "partials" / "languages"
    return frozenset(p.name.removesuffix(".html") for p in folder.iterdir()
                     if p.name.endswith(".html"))


def read_translations(loaded: LoadedCourse) -> None:
    """Read ``locales/<lang>/`` for every language of the course but the default one."""
    if loaded.course is None or loaded.course_doc is None:
        return
    loaded.messages = read_messages(loaded, loaded.course.default_language)
    for index, language in enumerate(loaded.course.languages):
        if language == loaded.course.default_language:
            continue
        if not (loaded.root / LOCALES_DIR / language).is_dir():
            loaded.problems.append(Problem(
                COURSE_FILE, loaded.course_doc.line("languages", index), f"languages[{index}]",
                f"'{language}' has no translation folder {LOCALES_DIR}/{language}/",
                f"create {LOCALES_DIR}/{language}/ with the translated files "
                f"(see {TRANSLATION_GUIDE}), or remove '{language}' from languages"))
            continue
        loaded.translations.append(_read_translation(loaded, language))


def read_messages(loaded: LoadedCourse, language: str) -> dict[str, str]:
    """The translated UI strings of ``locales/<lang>/messages.po`` (fuzzy ones left out)."""
    relative = f"{LOCALES_DIR}/{language}/{MESSAGES_FILE}"
    if not (loaded.root / relative).exists():
        return {}
    text = read_text(loaded, relative)
    if text is None:
        return {}
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        loaded.problems.append(Problem(
            relative, (getattr(error, "lineno", 0) or 0) + 1, "",
            f"cannot read this PO file: {error}",
            "open and save it in Poedit, or check that each entry is a msgid line "
            "followed by a msgstr line"))
        return {}
    messages = {}
    for message in catalog:
        if not (isinstance(message.id, str) and message.id and isinstance(message.string, str)
                and message.string and not message.fuzzy):
            continue
        unknown = _placeholders(message.string) - _placeholders(message.id)
        fancy = [f for f in _placeholders(message.string) if not FIELD.fullmatch(f)]
        if fancy:
            loaded.problems.append(Problem(
                relative, message.lineno or 1, "msgstr",
                f"{', '.join(sorted(fancy))} is not a plain field: only {{name}} is filled in",
                "write the field exactly as in the msgid, e.g. {minutes}, with nothing after "
                "the name (no :format or !conversion)"))
        elif unknown:
            loaded.problems.append(Problem(
                relative, message.lineno or 1, "msgstr",
                f"{', '.join(sorted(unknown))} is not in the English text {message.id!r}",
                "keep the words in {braces} exactly as in the msgid: the generator fills them in"))
        else:
            messages[message.id] = message.string
    return messages


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a UI string (a stray brace counts as a field)."""
    try:
        return {"{" + name + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "") + "}"
                for _, name, spec, conversion in string.Formatter().parse(text)
                if name is not None}
    except ValueError:
        return {"{…"}


def _read_translation(loaded: LoadedCourse, language: str) -> LoadedTranslation:
    assert loaded.course is not None and loaded.course_doc is not None
    base = f"{LOCALES_DIR}/{language}"
    files: dict[str, YamlDoc | str] = {}
    course_doc, course = _overlay_doc(loaded, base, loaded.course_doc, CourseFile)
    course = course or loaded.course
    if course_doc is not None:
        files[COURSE_FILE] = course_doc
    glossary = loaded.glossary
    if (loaded.root / base / GLOSSARY_FILE).exists():
        glossary_doc, translated = read_model(loaded, f"{base}/{GLOSSARY_FILE}", GlossaryFile)
        glossary = translated.terms if translated else glossary
        if glossary_doc is not None:
            files[GLOSSARY_FILE] = glossary_doc
    _report_strays(loaded, base, MODULES_DIR, set(loaded.module_folders), "")
    banks = {p.stem for p in (loaded.root / ASSESSMENTS_DIR).glob("*.yml")}
    _report_strays(loaded, base, ASSESSMENTS_DIR, banks, ".yml")
    banks = {b.module_id: b for b in loaded.banks}
    modules, items, states, bank_docs = [], {}, {}, {}
    for source in loaded.modules:
        module, translated, docs = _translated_module(loaded, base, source)
        modules.append(module)
        files |= {path: docs.get(path, text) for path, text in translated.items()}
        bank = banks.get(source.meta.id)
        source_items, translated_items = {}, None
        if bank is not None:
            items[bank.module_id], translated_items, doc = _translated_items(loaded, base, bank)
            if doc is not None:
                bank_docs[bank.module_id] = files[bank.doc.path] = doc
            source_items = _entries_by_id(bank.doc.data.get("items"))
        states[source.meta.id] = TranslatedModule(
            module_dir=f"{MODULES_DIR}/{source.folder}",
            record=_record(loaded, f"{base}/{MODULES_DIR}/{source.folder}/{RECORD_FILE}"),
            sources=source_files(source), translated=translated,
            source_items=source_items, translated_items=translated_items)
    for bank in loaded.banks:
        items.setdefault(bank.module_id, bank.bank.items)
    pages, templates = _translated_pages(loaded, base)
    materials = loaded.materials.materials if loaded.materials else ()
    if loaded.materials_doc is not None:
        materials_doc, overlaid = _overlay_doc(loaded, base, loaded.materials_doc, MaterialsFile)
        materials = overlaid.materials if overlaid else materials
        if materials_doc is not None:
            files[loaded.materials_doc.path] = materials_doc
    return LoadedTranslation(
        language=language, course=course, glossary=glossary, modules=modules, items=items,
        messages=read_messages(loaded, language), states=states, bank_docs=bank_docs,
        files=files, pages=pages, site_templates=templates, materials=materials)


def _translated_pages(loaded: LoadedCourse, base: str
                      ) -> tuple[dict[str, TranslatedPage], list[SiteTemplate]]:
    """Each maintainer page in this language (``<base>/site_templates/<name>.md``, else the
    source page), and what its translation was made from, by page name."""
    folder = f"{base}/{TEMPLATES_DIR}"
    sources = {t.name: t for t in loaded.site_templates}
    _report_strays(loaded, base, TEMPLATES_DIR, set(sources), ".md")
    record = None
    if (loaded.root / folder / RECORD_FILE).exists():
        record = read_model(loaded, f"{folder}/{RECORD_FILE}", PagesRecord)[1]
    pages, templates = {}, []
    for name, source in sources.items():
        relative = f"{folder}/{name}.md"
        text = _optional_text(loaded, relative)
        page = TranslatedPage(name=name, source=source.text, translated=text,
                              record=record.pages.get(name) if record else None)
        translated = page_template(loaded, relative, name, text) if text is not None else None
        pages[name] = page
        templates.append((translated or source).model_copy(
            update={"translation": page.status()}))
    return pages, templates


def _translated_module(loaded: LoadedCourse, base: str, source: LoadedModule
                       ) -> tuple[LoadedModule, dict[str, Any], dict[str, YamlDoc]]:
    """The module in this language, the translated files by their source path, and the
    translated YAML files as read."""
    folder = f"{MODULES_DIR}/{source.folder}"
    translated: dict[str, Any] = {}
    docs: dict[str, YamlDoc] = {}
    translated_doc, translated_meta = _overlay_doc(loaded, base, source.doc, ModuleFile)
    if translated_doc is not None:
        translated[source.doc.path] = translated_doc.data
        docs[source.doc.path] = translated_doc
    meta = translated_meta or source.meta
    content = _optional_text(loaded, f"{base}/{folder}/content.md")
    if content is not None:
        translated[f"{folder}/content.md"] = content
    slides_text = _optional_text(loaded, f"{base}/{folder}/slides.md")
    slides, slides_path = source.slides, source.slides_path
    if slides_text is not None:
        translated[f"{folder}/slides.md"] = slides_text
        slides_path = f"{base}/{folder}/slides.md"
        slides, problems = parse_slides(slides_text, slides_path)
        loaded.problems += problems
    activities = source.activities
    if source.activities_doc is not None:
        activities_doc, overlaid = _overlay_doc(loaded, base, source.activities_doc,
                                                ActivitiesFile)
        if activities_doc is not None:
            translated[source.activities_doc.path] = activities_doc.data
            docs[source.activities_doc.path] = activities_doc
        activities = overlaid.activities if overlaid else activities
    module = LoadedModule(folder=source.folder, doc=translated_doc or source.doc, meta=meta,
                          content=source.content if content is None else content,
                          slides=slides, slides_path=slides_path,
                          activities_doc=source.activities_doc, activities=activities)
    content_path = f"{base}/{folder}/content.md" if content is not None else f"{folder}/content.md"
    module.placed = placed(module.content, content_path, slides, slides_path)
    for path, doc in _translated_pictures(loaded, base, module, source).items():
        translated[path], docs[path] = doc.data, doc
    for name, (handout_doc, handout) in source.handouts.items():
        doc, overlaid = (None, None) if handout_doc is None else \
            _overlay_doc(loaded, base, handout_doc, HandoutFile)
        module.handouts[name] = (doc or handout_doc, overlaid or handout)
        if doc is not None and handout_doc is not None:
            translated[handout_doc.path], docs[handout_doc.path] = doc.data, doc
    return module, translated, docs


def _translated_pictures(loaded: LoadedCourse, base: str, module: LoadedModule,
                         source: LoadedModule) -> dict[str, YamlDoc]:
    """The pictures of a translated module: its own file under ``base`` (the language's
    folder) where there is one, else the source's; its charts laid over the source's; and
    ``pictures.yml``, the text inside its SVG pictures. Returns the translation files of
    charts and SVG texts that exist, by the path of their source (see ``source_files``)."""
    root, folder = loaded.root.resolve(), f"{base}/{MODULES_DIR}/{source.folder}"
    found: dict[str, YamlDoc] = {}
    for src in dict.fromkeys(p.src for p in module.placed):
        own = loaded.root / folder / src
        if src in source.pictures:
            here = own.is_file() and own.resolve().is_relative_to(root)
            module.pictures[src] = own.read_bytes() if here else source.pictures[src]
        elif src in source.charts:
            chart_doc, chart = source.charts[src]
            doc, overlaid = _overlay_doc(loaded, base, chart_doc, ChartFile)
            module.charts[src] = (doc or chart_doc, overlaid or chart)
            if doc is not None:
                found[chart_doc.path] = doc
    if (loaded.root / folder / PICTURE_TEXTS).is_file():
        module.picture_texts = read_yaml(loaded, f"{folder}/{PICTURE_TEXTS}")
        if module.picture_texts is not None:
            found[f"{MODULES_DIR}/{source.folder}/{PICTURE_TEXTS}"] = module.picture_texts
    return found


def source_files(source: LoadedModule) -> dict[str, Any]:
    """A module's source files by path: text, or parsed YAML. Its charts count as files to
    translate, and so does ``pictures.yml``, the text inside its SVG pictures by picture
    and id (a file only translations have)."""
    folder = f"{MODULES_DIR}/{source.folder}"
    files = {source.doc.path: source.doc.data, f"{folder}/content.md": source.content,
             f"{folder}/slides.md": source.slides_text}
    if source.activities_doc is not None:
        files[source.activities_doc.path] = source.activities_doc.data
    files |= {doc.path: doc.data for doc, _ in source.charts.values()}
    files |= {doc.path: doc.data for doc, _ in source.handouts.values() if doc is not None}
    texts = {src: svg_texts(data) for src, data in source.pictures.items() if src.endswith(".svg")}
    if any(texts.values()):
        files[f"{folder}/{PICTURE_TEXTS}"] = {src: t for src, t in texts.items() if t}
    return files


def _translated_items(loaded: LoadedCourse, base: str, source: LoadedBank
                      ) -> tuple[tuple[Item, ...], dict[str, Any] | None, YamlDoc | None]:
    """The bank in this language, its translated entries by item id (None: no file) and
    the translation file as read."""
    doc, translated = _overlay_doc(loaded, base, source.doc, ItemBankFile)
    entries = _entries_by_id(doc.data.get("items")) if doc and isinstance(doc.data, dict) else None
    return (translated.items if translated else source.bank.items), entries, doc


def _entries_by_id(entries: Any) -> dict[str, Any]:
    if not isinstance(entries, list):
        return {}
    return {e["id"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _record(loaded: LoadedCourse, relative: str) -> TranslationRecord | None:
    if not (loaded.root / relative).exists():
        return None
    return read_model(loaded, relative, TranslationRecord)[1]


def _optional_text(loaded: LoadedCourse, relative: str) -> str | None:
    return read_text(loaded, relative) if (loaded.root / relative).exists() else None


def _overlay_file(loaded: LoadedCourse, base: str, source: YamlDoc, model: type[M]) -> M | None:
    """The translation of ``source`` under ``base``, or None when it is missing or wrong."""
    return _overlay_doc(loaded, base, source, model)[1]


def _overlay_doc(loaded: LoadedCourse, base: str, source: YamlDoc,
                 model: type[M]) -> tuple[YamlDoc | None, M | None]:
    """The translation file of ``source`` and its overlay on the source, if there is one."""
    relative = f"{base}/{source.path}"
    if not (loaded.root / relative).exists():
        return None, None
    doc = read_yaml(loaded, relative)
    if doc is None or not isinstance(doc.data, dict):
        return doc, None
    merged = overlay(source.data, doc.data, doc, (), loaded.problems)
    try:
        return doc, model.model_validate(merged)
    except ValidationError as error:
        loaded.problems += _own_problems(error, doc, source, model)
        return doc, None


def _own_problems(error: ValidationError, doc: YamlDoc, source: YamlDoc,
                  model: type[M]) -> list[Problem]:
    """The problems of a translated file that are its own: a problem the source file has
    too is reported in the source file only."""
    try:
        model.model_validate(source.data)
        in_source: set[tuple] = set()
    except ValidationError as source_error:
        in_source = {tuple(e["loc"]) for e in source_error.errors()}
    own = [e for e in error.errors() if tuple(e["loc"]) not in in_source]
    return validation_problems(own, doc, model)


def overlay(source: Any, translation: Any, doc: YamlDoc, path: KeyPath,
            problems: list[Problem]) -> Any:
    """``source`` with the text of ``translation`` laid over it; misfits are reported."""
    if isinstance(source, dict) and isinstance(translation, dict):
        return _overlay_mapping(source, translation, doc, path, problems)
    if isinstance(source, list) and isinstance(translation, list):
        return _overlay_entries(source, translation, doc, path, problems)
    problems.append(Problem(
        doc.path, doc.line(*path), field_name(path),
        "this is shaped differently from the source file",
        "copy the shape of the source: keys with text, and lists of entries with their ids"))
    return source


def _overlay_mapping(source: dict, translation: dict, doc: YamlDoc, path: KeyPath,
                     problems: list[Problem]) -> dict:
    merged = dict(source)
    for key, value in translation.items():
        here = path + (key,)
        if key == "id":
            continue
        if key not in source:
            close = difflib.get_close_matches(str(key), list(source), n=1, cutoff=0.6)
            problems.append(Problem(
                doc.path, doc.line(*here), field_name(here),
                f"'{key}' is not in the source file"
                + (f" — did you mean '{close[0]}'?" if close else ""),
                "translate only the keys the source file has"))
        elif key not in TEXT_KEYS | LISTS_BY_ID or (
                key not in TEXT_KEYS and _is_text_list(source[key])):
            problems.append(Problem(
                doc.path, doc.line(*here), field_name(here), f"'{key}' is not text to translate",
                f"ids, durations, answers and links come from the source file; remove '{key}'"))
        elif key in PLURAL_KEYS:  # each language has its own plural forms
            merged[key] = value
        elif isinstance(source[key], dict | list) and not _is_text_list(source[key]):
            merged[key] = overlay(source[key], value, doc, here, problems)
        else:
            merged[key] = value
    return merged


def _overlay_entries(source: list, translation: list, doc: YamlDoc, path: KeyPath,
                     problems: list[Problem]) -> list:
    """Entries matched by id: the translation may leave some out or change their order.
    Entries without ids (an activity's steps) are matched in order, one for one."""
    if source and all(isinstance(e, dict) and "id" not in e for e in source):
        return _overlay_in_order(source, translation, doc, path, problems)
    positions = {e.get("id"): i for i, e in enumerate(source) if isinstance(e, dict)}
    merged = list(source)
    for index, entry in enumerate(translation):
        here = path + (index,)
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if entry_id in positions:
            position = positions[entry_id]
            merged[position] = overlay(source[position], entry, doc, here, problems)
            continue
        known = [str(k) for k in positions]
        close = difflib.get_close_matches(str(entry_id), known, n=1, cutoff=0.6)
        problems.append(Problem(
            doc.path, doc.line(*here), field_name(here),
            f"no entry with id '{entry_id}' in the source file" if entry_id
            else "this entry has no id",
            (f"did you mean '{close[0]}'? " if close else "")
            + f"give each entry the id of the source entry it translates ({', '.join(known)})"))
    return merged


def _overlay_in_order(source: list, translation: list, doc: YamlDoc, path: KeyPath,
                      problems: list[Problem]) -> list:
    """Entries without ids, such as an activity's steps (``- minutes: 5`` and ``text:``),
    translated in the source's order, each with its text only (the minutes come from the
    source). When the numbers differ (a step added to the source since), which text goes
    with which step is not known: the source's entries stand until the translation
    matches again (a warning of ``validate``, and ``translate status`` says partial)."""
    if len(translation) != len(source):
        return source
    merged = []
    for index, (entry, given) in enumerate(zip(source, translation, strict=True)):
        if isinstance(given, str) and isinstance(entry.get("text"), str):
            problems.append(Problem(
                doc.path, doc.line(*path, index), field_name(path + (index,)),
                "this is shaped differently from the source file",
                "write it as - text: … (the minutes come from the source)"))
            merged.append(entry)
        else:
            merged.append(overlay(entry, given, doc, path + (index,), problems))
    return merged


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _report_strays(loaded: LoadedCourse, base: str, folder: str, known: set[str],
                   suffix: str) -> None:
    """Translated modules or banks whose source does not exist."""
    directory = loaded.root / base / folder
    if not directory.is_dir():
        return
    for path in sorted(directory.iterdir()):
        translates_a_source = path.name.endswith(suffix) if suffix else path.is_dir()
        name = path.name.removesuffix(suffix)
        if translates_a_source and name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            loaded.problems.append(Problem(
                f"{base}/{folder}/{path.name}", 1, "",
                f"there is no {folder}/{path.name} to translate",
                (f"did you mean '{close[0]}'? " if close else "")
                + "name translated files after their source file, or delete this one"))
