"""Load and validate a course: every source file read once, every problem collected."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.course.model import (
    ID_PATTERN,
    ITEM_TYPES,
    ActivitiesFile,
    Activity,
    Blueprint,
    ChartFile,
    Country,
    CountryFile,
    CourseFile,
    FactsFile,
    GlossaryEntry,
    GlossaryFile,
    HandoutFile,
    Item,
    ItemBankFile,
    Material,
    MaterialsFile,
    ModuleFile,
    SiteTemplate,
    Slide,
    TerminologyFile,
)
from generator.course.pictures import CHART_PATH, PICTURE_PATH, Placed, placed
from generator.course.slides import parse_slides
from generator.course.staleness import TranslatedModule, TranslatedPage
from generator.course.yamlsource import YamlDoc, load_yaml
from generator.errors import Problem

COURSE_FILE = "course.yml"
GLOSSARY_FILE = "glossary.yml"
FACTS_FILE = "facts.yml"
TERMINOLOGY_FILE = "terminology.yml"
MATERIALS_FILE = "materials.yml"
HANDOUTS_DIR = "handouts"
COUNTRIES_DIR = "countries"
TEMPLATES_DIR = "site_templates"
MODULES_DIR = "modules"
ASSESSMENTS_DIR = "assessments"
CYCLES_FILE = f"{ASSESSMENTS_DIR}/cycles.yml"
GUIDE = "docs/authoring.md"
GUIDES = {CYCLES_FILE: "docs/assessments.md",
          FACTS_FILE: f"{GUIDE}#the-fact-ledger",
          TERMINOLOGY_FILE: f"{GUIDE}#respectful-language"}
"""Where a file's keys are explained, when not in the authoring guide."""

M = TypeVar("M", bound=BaseModel)
ITEM_ADAPTER: TypeAdapter[Item] = TypeAdapter(Item)


@dataclass
class LoadedModule:
    """The parts of one module folder that loaded without problems."""

    folder: str
    doc: YamlDoc
    meta: ModuleFile
    content: str = ""
    slides: tuple[Slide, ...] = ()
    slides_path: str = ""
    slides_text: str = ""
    activities_doc: YamlDoc | None = None
    activities: tuple[Activity, ...] = ()
    placed: list[Placed] = field(default_factory=list)
    """The pictures and charts its page and slides place."""
    pictures: dict[str, bytes] = field(default_factory=dict)
    """By path (images/<name>): the files that exist, as read (this language's own)."""
    charts: dict[str, tuple[YamlDoc, ChartFile | None]] = field(default_factory=dict)
    """By path (charts/<name>.yml): the chart files that exist, as read."""
    picture_texts: YamlDoc | None = None
    """A translation's ``pictures.yml``: the text inside its SVG pictures."""
    handouts: dict[str, tuple[YamlDoc, HandoutFile | None]] = field(default_factory=dict)
    """By name: its handout files (handouts/<name>.yml), as read."""


@dataclass
class LoadedBank:
    """A question bank's items that loaded without problems."""

    module_id: str
    doc: YamlDoc
    bank: ItemBankFile
    entries: tuple[int, ...] = ()
    """For each item of ``bank``, its index in the file's ``items`` list."""

    def line(self, item: int, *path: str | int) -> int:
        """The line of ``path`` inside the ``item``-th loaded item."""
        index = self.entries[item] if item < len(self.entries) else item
        return self.doc.line("items", index, *path)


@dataclass
class LoadedTranslation:
    """One language's files laid over the source; the source fills every gap."""

    language: str
    course: CourseFile
    glossary: tuple[GlossaryEntry, ...]
    modules: list[LoadedModule]
    items: dict[str, tuple[Item, ...]]
    messages: dict[str, str]
    states: dict[str, TranslatedModule]
    """By module id: the source and translation read for telling how current it is."""
    bank_docs: dict[str, YamlDoc]
    """By module id: the translated question bank as read (for problems at its lines)."""
    files: dict[str, YamlDoc | str] = field(default_factory=dict)
    """The translation files that exist, by the path of their source file: parsed YAML,
    or Markdown text."""
    pages: dict[str, TranslatedPage] = field(default_factory=dict)
    """By name: each maintainer page's source and translation, for telling how current
    it is."""
    site_templates: list[SiteTemplate] = field(default_factory=list)
    """The maintainer pages in this language: the translation, else the source."""
    materials: tuple[Material, ...] = ()
    """The materials vocabulary in this language."""


@dataclass
class LoadedCourse:
    """Everything read from a course folder, before the cross-reference rules."""

    root: Path
    course_doc: YamlDoc | None = None
    course: CourseFile | None = None
    module_folders: list[str] = field(default_factory=list)
    modules: list[LoadedModule] = field(default_factory=list)
    banks: list[LoadedBank] = field(default_factory=list)
    blueprint_doc: YamlDoc | None = None
    blueprint: Blueprint | None = None
    glossary: tuple[GlossaryEntry, ...] = ()
    glossary_doc: YamlDoc | None = None
    facts_doc: YamlDoc | None = None
    facts: FactsFile | None = None
    terminology_doc: YamlDoc | None = None
    terminology: TerminologyFile | None = None
    materials_doc: YamlDoc | None = None
    materials: MaterialsFile | None = None
    countries: list[Country] = field(default_factory=list)
    site_templates: list[SiteTemplate] = field(default_factory=list)
    messages: dict[str, str] = field(default_factory=dict)
    translations: list[LoadedTranslation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    enemies: frozenset[frozenset[str]] = frozenset()
    """Pairs of test items never on one form (see ``item_rules.enemies_of``)."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop a build (item-writing cues)."""
    texts: dict[str, list[Any]] = field(default_factory=dict)
    """By language: every text the course states, as ``texts.Passage``s (filled in once
    by ``texts.language_passages``)."""


def read_sources(root: Path) -> LoadedCourse:
    """Read every source file once, validating each against its model."""
    loaded = LoadedCourse(root=root)
    loaded.course_doc, loaded.course = read_model(loaded, COURSE_FILE, CourseFile)
    if (root / GLOSSARY_FILE).exists():
        loaded.glossary_doc, glossary = read_model(loaded, GLOSSARY_FILE, GlossaryFile)
        loaded.glossary = glossary.terms if glossary else ()
    if (root / FACTS_FILE).exists():
        loaded.facts_doc, loaded.facts = read_model(loaded, FACTS_FILE, FactsFile)
    if (root / TERMINOLOGY_FILE).exists():
        loaded.terminology_doc, loaded.terminology = read_model(
            loaded, TERMINOLOGY_FILE, TerminologyFile)
    if (root / MATERIALS_FILE).exists():
        loaded.materials_doc, loaded.materials = read_model(loaded, MATERIALS_FILE,
                                                            MaterialsFile)
    modules_dir = root / MODULES_DIR
    if not modules_dir.is_dir():
        loaded.problems.append(Problem(MODULES_DIR, 1, "", "there is no modules/ folder",
                                       f"create modules/<module-id>/ folders (see {GUIDE})"))
    else:
        for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
            loaded.module_folders.append(folder.name)
            _read_module(loaded, folder.name)
    for path in sorted((root / COUNTRIES_DIR).glob("*.yml")):
        relative = f"{COUNTRIES_DIR}/{path.name}"
        _, country = read_model(loaded, relative, CountryFile)
        if country and _is_file_id(loaded, relative, path.stem, "a country id"):
            loaded.countries.append(Country(id=path.stem, **dict(country)))
    for path in sorted((root / TEMPLATES_DIR).glob("*.md")):
        _read_site_template(loaded, path)
    assessments_dir = root / ASSESSMENTS_DIR
    if assessments_dir.is_dir():
        if (root / CYCLES_FILE).exists():
            loaded.blueprint_doc, loaded.blueprint = read_model(loaded, CYCLES_FILE, Blueprint)
        for path in sorted(assessments_dir.glob("*.yml")):
            if path.name == Path(CYCLES_FILE).name:
                continue
            bank = _read_bank(loaded, f"{ASSESSMENTS_DIR}/{path.name}", path.stem)
            if bank is not None:
                loaded.banks.append(bank)
    return loaded


def _read_bank(loaded: LoadedCourse, relative: str, module_id: str) -> LoadedBank | None:
    """A question bank, item by item: an item with problems is reported and left out, so
    that the rules still check the others (an unknown objective shows at once)."""
    doc = read_yaml(loaded, relative)
    if doc is None or not isinstance(doc.data, dict):
        return None
    entries = doc.data.get("items")
    if validate(loaded, doc, {**doc.data, "items": []}, ItemBankFile) is None \
            or not isinstance(entries, list | None):
        if not isinstance(entries, list | None):
            validate(loaded, doc, doc.data, ItemBankFile)
        return None
    items, kept = [], []
    for index, entry in enumerate(entries or []):
        try:
            items.append(ITEM_ADAPTER.validate_python(entry))
            kept.append(index)
        except ValidationError as error:
            loaded.problems += validation_problems(
                [{**e, "loc": ("items", index, *e["loc"])} for e in error.errors()], doc,
                ItemBankFile)
    return LoadedBank(module_id, doc, ItemBankFile(items=tuple(items)), tuple(kept))


def _read_module(loaded: LoadedCourse, folder: str) -> None:
    base = f"{MODULES_DIR}/{folder}"
    doc, meta = read_model(loaded, f"{base}/module.yml", ModuleFile)
    content = read_text(loaded, f"{base}/content.md")
    slides_text = read_text(loaded, f"{base}/slides.md")
    slides: tuple[Slide, ...] = ()
    if slides_text is not None:
        slides, problems = parse_slides(slides_text, f"{base}/slides.md")
        loaded.problems += problems
    activities_doc, activities = None, None
    if (loaded.root / base / "activities.yml").exists():
        activities_doc, activities = read_model(loaded, f"{base}/activities.yml", ActivitiesFile)
    if doc and meta:
        module = LoadedModule(
            folder=folder, doc=doc, meta=meta, content=content or "", slides=slides,
            slides_path=f"{base}/slides.md", slides_text=slides_text or "",
            activities_doc=activities_doc,
            activities=activities.activities if activities else (),
            placed=placed(content or "", f"{base}/content.md", slides, f"{base}/slides.md"))
        read_pictures(loaded, module, base)
        for path in sorted((loaded.root / base / HANDOUTS_DIR).glob("*.yml")):
            relative = f"{base}/{HANDOUTS_DIR}/{path.name}"
            if _is_file_id(loaded, relative, path.stem, "a handout name"):
                module.handouts[path.stem] = read_model(loaded, relative, HandoutFile)
        loaded.modules.append(module)


def read_pictures(loaded: LoadedCourse, module: LoadedModule, folder: str) -> None:
    """The picture and chart files a source module places, read from its ``folder``.
    Missing and misplaced files are reported by the rule ``pictures_are_usable``."""
    for src in dict.fromkeys(p.src for p in module.placed):
        if not (PICTURE_PATH.match(src) or CHART_PATH.match(src)):
            continue
        path = loaded.root / folder / src
        if not (path.is_file() and path.resolve().is_relative_to(loaded.root.resolve())):
            continue
        if PICTURE_PATH.match(src):
            module.pictures[src] = path.read_bytes()
        else:
            module.charts[src] = read_model(loaded, f"{folder}/{src}", ChartFile)


def _read_site_template(loaded: LoadedCourse, path: Path) -> None:
    relative = f"{TEMPLATES_DIR}/{path.name}"
    text = read_text(loaded, relative)
    if text is None:
        return
    template = page_template(loaded, relative, path.stem, text)
    if template is not None and _is_file_id(loaded, relative, path.stem, "a page name"):
        loaded.site_templates.append(template)


def page_template(loaded: LoadedCourse, relative: str, name: str, text: str
                  ) -> SiteTemplate | None:
    """A maintainer page (or its translation) as read from ``relative``: its first line,
    ``# Title``, names it in the navigation."""
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if not first.startswith("# ") or not first[2:].strip():
        loaded.problems.append(Problem(relative, 1, "", "a page template starts with its title",
                                       "make the first line '# Page title'"))
        return None
    return SiteTemplate(name=name, title=first[2:].strip(), text=text)


def _is_file_id(loaded: LoadedCourse, relative: str, stem: str, what: str) -> bool:
    """A file name that serves as an id: report it unless it is a valid one."""
    if ID_PATTERN.fullmatch(stem):
        return True
    loaded.problems.append(Problem(relative, 1, "", f"'{stem}' cannot be {what}",
                                   "rename the file with lower-case letters, digits and "
                                   "hyphens, e.g. local-services"))
    return False


def read_text(loaded: LoadedCourse, relative: str) -> str | None:
    """A source file's text, if it exists, is inside the course folder and is UTF-8."""
    path = loaded.root / relative
    if not path.is_file():
        loaded.problems.append(Problem(relative, 1, "", "this file is missing",
                                       f"create it; see {GUIDE} for what goes in it"))
        return None
    if not path.resolve().is_relative_to(loaded.root.resolve()):
        loaded.problems.append(Problem(
            relative, 1, "", "this file points outside the course folder",
            "replace the link with a real file inside the course"))
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        loaded.problems.append(Problem(relative, line, "", "this file is not valid UTF-8 text",
                                       "save it as UTF-8 in your editor"))
        return None


def read_model(loaded: LoadedCourse, relative: str, model: type[M]
               ) -> tuple[YamlDoc | None, M | None]:
    doc = read_yaml(loaded, relative)
    if doc is None or not isinstance(doc.data, dict):
        return doc, None
    return doc, validate(loaded, doc, doc.data, model)


def read_yaml(loaded: LoadedCourse, relative: str) -> YamlDoc | None:
    """A YAML source file parsed safely; a file that is not a mapping is reported."""
    text = read_text(loaded, relative)
    if text is None:
        return None
    doc, problems = load_yaml(text, relative)
    loaded.problems += problems
    if doc is not None and not isinstance(doc.data, dict):
        loaded.problems.append(Problem(relative, 1, "", "expected a mapping of keys and values",
                                       f"see {GUIDE} for the keys this file takes"))
    return doc


def validate(loaded: LoadedCourse, doc: YamlDoc, data: dict, model: type[M]) -> M | None:
    """``data`` (read from ``doc``) as ``model``, or None with the problems recorded."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        loaded.problems += validation_problems(error.errors(), doc, model)
        return None


def validation_problems(errors: list[Any], doc: YamlDoc, model: type[BaseModel]
                        ) -> list[Problem]:
    """Turn pydantic's errors into problems that point at lines and give advice."""
    problems = []
    guide = GUIDES.get(doc.path, GUIDE)
    for e in errors:
        loc = e["loc"]
        line, name = doc.locate(_without_union_tags(loc))
        kind, last = e["type"], loc[-1] if loc else ""
        if kind == "missing":
            message, hint = f"required field '{last}' is missing", f"add '{last}:' (see {guide})"
        elif kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            close = difflib.get_close_matches(str(last), allowed, n=1, cutoff=0.6)
            message = f"unknown key '{last}'" + (f" — did you mean '{close[0]}'?" if close else "")
            hint = f"keys allowed here: {', '.join(allowed)}"
        else:
            message = _MESSAGES.get(kind) or e["msg"].removeprefix("Value error, ")
            if not isinstance(e.get("input"), dict | list) and kind != "value_error":
                message += f" (found {e['input']!r})"
            hint = _FIELD_HINTS.get(last) or _HINTS.get(kind, f"see {guide}")
        problems.append(Problem(doc.path, line, name, message, hint))
    return problems


_HINTS = {
    "string_pattern_mismatch": "ids use lower-case letters, digits and hyphens, "
                               "starting with a letter, e.g. 'nsp-equipment'",
    "greater_than": "use a number greater than 0",
    "int_parsing": "write a whole number, e.g. 90",
    "union_tag_invalid": "type is one of: single, multiple, true-false",
    "union_tag_not_found": "add 'type: single', 'type: multiple' or 'type: true-false'",
    "too_short": "add at least one entry",
    "literal_error": "use one of the values listed",
    "tuple_type": "write a list: one '- entry' per line, or [a, b]",
    "string_type": "write plain text here",
}


_MESSAGES = {
    "tuple_type": "expected a list",
    "list_type": "expected a list",
    "dict_type": "expected keys and values",
    "model_type": "expected keys and values",
    "model_attributes_type": "expected keys and values",
}
"""Pydantic's wording replaced where it names Python types."""


_FIELD_HINTS = {
    "abbr": "an abbreviation is letters of any script and digits (and & . + -, single "
            "spaces between words), e.g. NSP, ПОИШ or УНП ООН",
}


def _without_union_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the item-type tag pydantic inserts after a list index in a tagged union."""
    return tuple(p for i, p in enumerate(loc)
                 if not (p in ITEM_TYPES and i and isinstance(loc[i - 1], int)))


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at ``loc`` inside ``model`` (for suggestions)."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    return list(current.model_fields) if _is_model(current) else []


def _step(annotation: Any, part: Any) -> Any:
    annotation = _unwrap(annotation)
    if _is_model(annotation):
        info = annotation.model_fields.get(part)
        return info.annotation if info else None
    args = typing.get_args(annotation)
    if isinstance(part, int) and typing.get_origin(annotation) in (tuple, list) and args:
        return args[0]
    if isinstance(part, str) and part in ITEM_TYPES:
        return ITEM_TYPES[part]
    return None


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
