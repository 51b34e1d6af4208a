"""Cross-reference rules: one small function per rule, each saying how to fix it."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from generator.course.activity_rules import (
    activities_fit_the_session,
    steps_add_up,
    translated_steps_match,
)
from generator.course.blueprint import anchor_counts, items_needed, objective_counts
from generator.course.facts import (
    facts_are_stated,
    facts_match_their_sources,
    numbers_are_in_the_ledger,
    source_documents_at_hand,
    translations_keep_figures,
)
from generator.course.handout_rules import (
    handout_sources_exist,
    handouts_are_known,
    materials_are_distinct,
    materials_are_known,
)
from generator.course.item_rules import (
    forms_can_be_assembled,
    item_writing_cues,
    item_writing_within_limits,
    references_are_items,
    stems_without_answer_hints,
    test_items_do_not_leak,
    test_items_have_level,
)
from generator.course.model import MAX_BULLET_CHARS, MAX_TITLE_CHARS, ModuleFile
from generator.course.picture_rules import (
    charts_use_the_ledger,
    pictures_are_placed_well,
    pictures_are_safe,
    slide_sources_exist,
    svg_texts_match,
)
from generator.course.raw_html import html_problems
from generator.course.reading import (
    ASSESSMENTS_DIR,
    MODULES_DIR,
    TEMPLATES_DIR,
    LoadedCourse,
    LoadedModule,
)
from generator.course.terminology import avoided_terms
from generator.course.translations import LOCALES_DIR, interface_languages
from generator.course.yamlsource import YamlDoc, field_name
from generator.errors import Problem

Rule = Callable[[LoadedCourse], Iterator[Problem]]

PLACEHOLDER = "PLACEHOLDER"
"""Marks every sample text a maintainer has to replace (``grep -rn PLACEHOLDER`` finds it)."""


def _did_you_mean(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                            *(f"lpt{n}" for n in range(1, 10))})
"""Names Windows cannot give a file or folder: a course copied there would lose the module."""


def module_folder_matches_id(loaded: LoadedCourse) -> Iterator[Problem]:
    """A module's id is its folder name, one every system can create."""
    for m in loaded.modules:
        if m.meta.id in RESERVED_NAMES:
            yield Problem(m.doc.path, m.doc.line("id"), "id",
                          f"'{m.meta.id}' cannot be a module id: Windows reserves the name",
                          "choose another id, e.g. condoms instead of con")
        if m.meta.id != m.folder:
            yield Problem(
                m.doc.path, m.doc.line("id"), "id",
                f"module id '{m.meta.id}' does not match its folder name '{m.folder}'",
                f"if this is a new module, set id: {m.folder} and give its objectives, activities "
                f"and items new ids; otherwise rename the folder to '{m.meta.id}'",
            )


def ids_unique(loaded: LoadedCourse) -> Iterator[Problem]:
    """Module, objective, activity and item ids are unique across the course."""
    first: dict[str, tuple[YamlDoc, tuple]] = {}
    for doc, path, value in _course_ids(loaded):
        if value in first:
            other_doc, other_path = first[value]
            yield Problem(
                doc.path, doc.line(*path), field_name(path),
                f"id '{value}' is already used at {other_doc.path}:{other_doc.line(*other_path)}",
                "every id must be unique in the whole course: give this one a new id",
            )
        else:
            first[value] = (doc, path)


def _course_ids(loaded: LoadedCourse) -> Iterator[tuple[YamlDoc, tuple, str]]:
    for m in loaded.modules:
        yield m.doc, ("id",), m.meta.id
        for i, objective in enumerate(m.meta.objectives):
            yield m.doc, ("objectives", i, "id"), objective.id
        if m.activities_doc:
            for i, activity in enumerate(m.activities):
                yield m.activities_doc, ("activities", i, "id"), activity.id
    for bank in loaded.banks:
        if bank.module_id in loaded.module_folders:  # an orphan bank is reported on its own
            for i, item in enumerate(bank.bank.items):
                yield bank.doc, ("items", bank.entries[i] if bank.entries else i, "id"), item.id


def course_ids_unique(loaded: LoadedCourse) -> Iterator[Problem]:
    """Track and reference ids in course.yml are unique."""
    if not (loaded.course and loaded.course_doc):
        return
    course = loaded.course
    for key, entries in (("tracks", course.tracks), ("references", course.references)):
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            if entry.id in seen:
                yield Problem(loaded.course_doc.path, loaded.course_doc.line(key, i, "id"),
                              f"{key}[{i}].id", f"'{entry.id}' is listed twice",
                              "remove the second entry or give it its own id")
            seen.add(entry.id)


def course_order_complete(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every module folder appears in the course's module list exactly once."""
    if not (loaded.course and loaded.course_doc):
        return
    doc, order = loaded.course_doc, loaded.course.modules
    for i, module_id in enumerate(order):
        if module_id in order[:i]:
            yield Problem(doc.path, doc.line("modules", i), f"modules[{i}]",
                          f"module '{module_id}' is listed twice in the course order",
                          "list every module exactly once; remove this line")
        elif module_id not in loaded.module_folders:
            yield Problem(doc.path, doc.line("modules", i), f"modules[{i}]",
                          f"there is no module '{module_id}'",
                          _did_you_mean(module_id, loaded.module_folders)
                          + f"create modules/{module_id}/ or remove this line")
    for folder in loaded.module_folders:
        if folder not in order:
            yield Problem(doc.path, doc.line("modules"), "modules",
                          f"module '{folder}' (modules/{folder}/) is not in the course order",
                          f"add '- {folder}' to modules in course.yml where learners should "
                          "meet it, or delete the folder")


def languages_have_interface(loaded: LoadedCourse) -> Iterator[Problem]:
    """The site's own interface (search, menus) exists in every course language."""
    if not (loaded.course and loaded.course_doc):
        return
    known = interface_languages()
    for i, language in enumerate(loaded.course.languages):
        if language not in known:
            yield Problem(loaded.course_doc.path, loaded.course_doc.line("languages", i),
                          f"languages[{i}]",
                          f"the site's interface (mkdocs-material) has no '{language}'",
                          f"{_did_you_mean(language, sorted(known))}use a language code "
                          "mkdocs-material knows, e.g. es, ru, fa, pt-BR")


def track_exists(loaded: LoadedCourse) -> Iterator[Problem]:
    """A module's track is one of the course's tracks."""
    if not loaded.course:
        return
    tracks = [t.id for t in loaded.course.tracks]
    for m in loaded.modules:
        if m.meta.track not in tracks:
            yield Problem(m.doc.path, m.doc.line("track"), "track",
                          f"unknown track '{m.meta.track}'",
                          _did_you_mean(m.meta.track, tracks)
                          + f"tracks in course.yml: {', '.join(tracks)}")


def sources_exist(loaded: LoadedCourse) -> Iterator[Problem]:
    """A module cites only references listed in course.yml."""
    if not loaded.course:
        return
    references = [r.id for r in loaded.course.references]
    for m in loaded.modules:
        for i, source in enumerate(m.meta.sources):
            if source not in references:
                yield Problem(m.doc.path, m.doc.line("sources", i), f"sources[{i}]",
                              f"unknown reference '{source}'",
                              _did_you_mean(source, references)
                              + "add it to references in course.yml or fix the id")


def prerequisites_exist(loaded: LoadedCourse) -> Iterator[Problem]:
    """Prerequisites name existing modules other than the module itself."""
    for m in loaded.modules:
        for i, prerequisite in enumerate(m.meta.prerequisites):
            if prerequisite == m.meta.id:
                yield Problem(m.doc.path, m.doc.line("prerequisites", i), f"prerequisites[{i}]",
                              "a module cannot be its own prerequisite", "remove this entry")
            elif prerequisite not in loaded.module_folders:
                yield Problem(m.doc.path, m.doc.line("prerequisites", i), f"prerequisites[{i}]",
                              f"there is no module '{prerequisite}'",
                              _did_you_mean(prerequisite, loaded.module_folders)
                              + "prerequisites are module ids (folder names under modules/)")


def prerequisites_acyclic(loaded: LoadedCourse) -> Iterator[Problem]:
    """Following prerequisites never leads back to where it started."""
    graph = {m.meta.id: m.meta.prerequisites for m in loaded.modules}
    reported: set[frozenset[str]] = set()
    for m in loaded.modules:
        cycle = _cycle_from(m.meta.id, graph)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            yield Problem(m.doc.path, m.doc.line("prerequisites"), "prerequisites",
                          f"prerequisites go round in a circle: {' → '.join(cycle)}",
                          "remove one prerequisite from the circle so there is a first module")


def _cycle_from(start: str, graph: dict[str, tuple[str, ...]]) -> list[str] | None:
    """A path of prerequisites from ``start`` back to ``start``, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return path + [start]
            if nxt not in visited:
                visited.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None


def bank_module_exists(loaded: LoadedCourse) -> Iterator[Problem]:
    """Each question bank is named after an existing module."""
    for bank in loaded.banks:
        if bank.module_id not in loaded.module_folders:
            yield Problem(bank.doc.path, 1, "",
                          f"there is no module '{bank.module_id}' for this question bank",
                          _did_you_mean(bank.module_id, loaded.module_folders)
                          + "name the file after its module: assessments/<module-id>.yml")


def item_objective_exists(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every item measures one of its own module's objectives."""
    modules: dict[str, LoadedModule] = {m.folder: m for m in loaded.modules}
    for bank in loaded.banks:
        module = modules.get(bank.module_id)
        if module is None:
            continue
        objectives = [o.id for o in module.meta.objectives]
        for i, item in enumerate(bank.bank.items):
            if item.objective not in objectives:
                yield Problem(bank.doc.path, bank.line(i, "objective"),
                              f"items[{item.id}].objective",
                              f"'{item.objective}' is not an objective of module '{module.folder}'",
                              _did_you_mean(item.objective, objectives)
                              + f"its objectives are: {', '.join(objectives)}")


def slide_text_fits(loaded: LoadedCourse) -> Iterator[Problem]:
    """Slide titles and bullets are short enough to fit (long lists continue by themselves)."""
    modules = [*loaded.modules, *(m for t in loaded.translations for m in t.modules)]
    for module in modules:
        for slide in module.slides:
            if len(slide.title) > MAX_TITLE_CHARS:
                yield Problem(module.slides_path, slide.line, "",
                              f"the slide title '{slide.title}' has {len(slide.title)} "
                              f"characters; at most {MAX_TITLE_CHARS} fit",
                              "shorten it and say the rest in the bullets or the notes")
            for line in slide.lines:
                if len(line.text) > MAX_BULLET_CHARS:
                    yield Problem(module.slides_path, slide.line, "",
                                  f"a bullet on the slide '{slide.title}' has {len(line.text)} "
                                  f"characters; at most {MAX_BULLET_CHARS} fit",
                                  "split it into shorter bullets, or move the detail into "
                                  "the speaker notes (after ???)")
    for module in loaded.modules:
        yield from _bullets_fit(module, None)
    sources = {m.meta.id: m.meta for m in loaded.modules}
    for module in (m for t in loaded.translations for m in t.modules):
        yield from _bullets_fit(module, sources.get(module.meta.id))


def _bullets_fit(module: LoadedModule, source: ModuleFile | None) -> Iterator[Problem]:
    """Objectives and key messages become slide bullets too. A translation (``source`` given)
    is checked where its text differs from the source, at its own line."""
    meta, doc = module.meta, module.doc
    same = {o.id: o.text for o in source.objectives} if source else {}
    for objective in meta.objectives:
        if same.get(objective.id) != objective.text and len(objective.text) > MAX_BULLET_CHARS:
            path = _entry_path(doc, "objectives", objective.id) + ("text",)
            yield _too_long(doc, path, objective.text)
    untranslated = set(source.key_messages) if source else set()
    for index, message in enumerate(meta.key_messages):
        if message not in untranslated and len(message) > MAX_BULLET_CHARS:
            yield _too_long(doc, ("key_messages", index), message)


def _entry_path(doc: YamlDoc, key: str, entry_id: str) -> tuple:
    """The key path of the list entry with ``id: entry_id`` in ``doc``."""
    entries = doc.data.get(key) if isinstance(doc.data, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and entry.get("id") == entry_id:
            return (key, index)
    return (key,)


def _too_long(doc: YamlDoc, path: tuple, text: str) -> Problem:
    return Problem(doc.path, doc.line(*path), field_name(path),
                   f"this has {len(text)} characters; at most {MAX_BULLET_CHARS} fit on a slide",
                   "say it in fewer words")


def _sources_of_forms_valid(loaded: LoadedCourse) -> bool:
    """Whether modules and banks loaded well enough to check the blueprint against them
    (otherwise their own problems are reported, and fixing those comes first)."""
    if loaded.blueprint is None or loaded.blueprint_doc is None or loaded.course is None:
        return False
    if any(p.path.startswith((f"{MODULES_DIR}/", f"{ASSESSMENTS_DIR}/")) for p in loaded.problems):
        return False
    objectives = {o.id for m in loaded.modules for o in m.meta.objectives}
    return all(i.objective in objectives for b in loaded.banks for i in b.bank.items)


def cycle_ids_unique(loaded: LoadedCourse) -> Iterator[Problem]:
    """Each cycle in assessments/cycles.yml has its own id."""
    if loaded.blueprint is None or loaded.blueprint_doc is None:
        return
    seen: set[str] = set()
    for i, cycle in enumerate(loaded.blueprint.cycles):
        if cycle.id in seen:
            yield Problem(loaded.blueprint_doc.path, loaded.blueprint_doc.line("cycles", i, "id"),
                          f"cycles[{i}].id", f"the cycle id '{cycle.id}' is used twice",
                          "give each cycle its own id, e.g. initial and refresher")
        seen.add(cycle.id)


def cycle_modules_exist(loaded: LoadedCourse) -> Iterator[Problem]:
    """A cycle's modules are modules of the course."""
    if loaded.blueprint is None or loaded.blueprint_doc is None or loaded.course is None:
        return
    known = list(loaded.course.modules)
    for i, cycle in enumerate(loaded.blueprint.cycles):
        for j, module_id in enumerate(cycle.modules):
            if module_id not in known:
                yield Problem(loaded.blueprint_doc.path,
                              loaded.blueprint_doc.line("cycles", i, "modules", j),
                              f"cycles[{i}].modules[{j}]",
                              f"'{module_id}' is not a module of the course",
                              _did_you_mean(module_id, known)
                              + "list module ids from course.yml")


def cycle_objectives_exist(loaded: LoadedCourse) -> Iterator[Problem]:
    """Objectives given their own item count belong to one of the cycle's modules."""
    if not _sources_of_forms_valid(loaded):
        return
    for i, cycle in enumerate(loaded.blueprint.cycles):
        known = [o.id for m in loaded.modules if m.meta.id in cycle.modules
                 for o in m.meta.objectives]
        for objective in cycle.objectives:
            if objective not in known:
                yield Problem(loaded.blueprint_doc.path,
                              loaded.blueprint_doc.line("cycles", i, "objectives", objective),
                              f"cycles[{i}].objectives.{objective}",
                              f"'{objective}' is not an objective of this cycle's modules",
                              _did_you_mean(objective, known)
                              + "name an objective of one of the modules listed in modules:")


def bank_covers_blueprint(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every objective of a cycle has enough items marked test for a pre and a post form."""
    if not _sources_of_forms_valid(loaded):
        return
    by_id = {m.meta.id: m.meta for m in loaded.modules}
    modules = [by_id[m] for m in loaded.course.modules if m in by_id]
    bank: dict[str, int] = {}
    for item in (i for b in loaded.banks for i in b.bank.items if "test" in i.use):
        bank[item.objective] = bank.get(item.objective, 0) + 1
    where = {o.id: m.id for m in modules for o in m.objectives}
    for i, cycle in enumerate(loaded.blueprint.cycles):
        counts = objective_counts(cycle, modules)
        anchors = anchor_counts(counts, bank, loaded.blueprint.anchor_share)
        for objective, count in counts.items():
            needed = items_needed(count, anchors[objective])
            if bank.get(objective, 0) < needed:
                missing = needed - bank.get(objective, 0)
                yield Problem(
                    loaded.blueprint_doc.path, loaded.blueprint_doc.line("cycles", i, "id"),
                    f"cycles[{i}]",
                    f"cycle '{cycle.id}': objective '{objective}' has "
                    f"{bank.get(objective, 0)} item(s) marked test but needs {needed} "
                    f"({count} on each form, {anchors[objective]} of them on both); "
                    f"{missing} missing",
                    f"add {missing} item(s) with objective: {objective} and use: [test] to "
                    f"assessments/{where[objective]}.yml, or lower its count under objectives:")


def _module_pages(loaded: LoadedCourse) -> list[tuple[str, str]]:
    """Each module page's file and text: the sources, and translations that differ."""
    pages = [(f"{MODULES_DIR}/{m.folder}/content.md", m.content) for m in loaded.modules]
    sources = dict(pages)
    for translation in loaded.translations:
        for module in translation.modules:
            folder = f"{LOCALES_DIR}/{translation.language}/{MODULES_DIR}/{module.folder}"
            path = f"{folder}/content.md"
            if module.content != sources.get(f"{MODULES_DIR}/{module.folder}/content.md"):
                pages.append((path, module.content))
    return pages


def module_html_balanced(loaded: LoadedCourse) -> Iterator[Problem]:
    """Raw HTML in a module's page (source or translation) closes every element it opens
    and uses no element whose content is not shown as text."""
    for path, text in _module_pages(loaded):
        for line, message in html_problems(text):
            yield Problem(path, line, "", message,
                          "close the element, write it as code in `backticks` if it is an "
                          "example, or leave it out: pages are Markdown")


def page_templates_parse(loaded: LoadedCourse) -> Iterator[Problem]:
    """Maintainer pages and their translations are templates Jinja can read (the build
    would otherwise stop at the first one, without naming the language)."""
    pages = [(f"{TEMPLATES_DIR}/{t.name}.md", t.text) for t in loaded.site_templates]
    pages += [(f"{LOCALES_DIR}/{t.language}/{TEMPLATES_DIR}/{name}.md", page.translated)
              for t in loaded.translations for name, page in t.pages.items()
              if page.translated is not None]
    environment = SandboxedEnvironment()
    for path, text in pages:
        try:
            environment.parse(text)
        except TemplateSyntaxError as error:
            yield Problem(path, error.lineno or 1, "", f"the template cannot be read: {error}",
                          "close every {% if %} with {% endif %} and every {% for %} with "
                          "{% endfor %}, and write {{ … }} around a variable; compare with the "
                          f"source page {TEMPLATES_DIR}/{Path(path).name}")


CALLOUT_KINDS = ("note", "abstract", "info", "tip", "success", "question", "warning",
                 "failure", "danger", "bug", "example", "quote")
"""The kinds of callout (``!!! tip "Title"``) the site styles (docs/authoring.md)."""
_CALLOUT = re.compile(r"^(?:!!!|\?\?\?\+?)\s*(\S*)")


def callouts_are_known(loaded: LoadedCourse) -> Iterator[Problem]:
    """A callout in a module page names a kind the site styles and holds indented text."""
    for path, text in _module_pages(loaded):
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            found = _CALLOUT.match(line)
            if not found:
                continue
            kind = found.group(1).strip('"')
            if kind not in CALLOUT_KINDS:
                yield Problem(path, number, "",
                              f"callout kind '{kind}' is not one the site knows",
                              f"{_did_you_mean(kind, list(CALLOUT_KINDS))}write one of "
                              f'{", ".join(CALLOUT_KINDS)}, e.g. !!! tip "A title"')
            following = next((n for n in lines[number:] if n.strip()), "")
            if not following.startswith("    "):
                yield Problem(path, number, "", "the callout has no text under it",
                              "indent the callout's text by four spaces on the lines "
                              "below it (a blank line first is fine)")


INPUT_FOLDERS = ("modules", "assessments", "locales", "site_assets", "site_templates",
                 "countries", "facilitator")
"""Folders whose files reach the outputs (site_assets/ is copied into the site as it is)."""


def inputs_stay_inside(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every file of an input folder is a regular file inside the course folder: a link to
    a file elsewhere (``/etc/passwd``, ``/proc/self/environ``) would be published."""
    root = loaded.root.resolve()
    for folder in INPUT_FOLDERS:
        for parent, dirs, files in os.walk(loaded.root / folder):
            for name in sorted([*dirs, *files]):
                path = Path(parent) / name
                relative = path.relative_to(loaded.root).as_posix()
                target = path.resolve()
                if not target.is_relative_to(root):
                    yield Problem(relative, 1, "", "this links to something outside the course "
                                  f"folder ({target}), which would be published",
                                  "replace the link with a real file inside the course folder")
                elif name in files and not target.is_file():
                    yield Problem(relative, 1, "", "this is not a regular file",
                                  "replace it with a real file, or delete it")
            dirs[:] = [d for d in dirs if (Path(parent) / d).resolve().is_relative_to(root)
                       and not (Path(parent) / d).is_symlink()]


RULES: tuple[Rule, ...] = (
    inputs_stay_inside,
    module_html_balanced,
    page_templates_parse,
    callouts_are_known,
    module_folder_matches_id,
    ids_unique,
    course_ids_unique,
    course_order_complete,
    languages_have_interface,
    slide_text_fits,
    steps_add_up,
    activities_fit_the_session,
    materials_are_distinct,
    materials_are_known,
    handouts_are_known,
    handout_sources_exist,
    track_exists,
    sources_exist,
    prerequisites_exist,
    prerequisites_acyclic,
    bank_module_exists,
    item_objective_exists,
    cycle_ids_unique,
    cycle_modules_exist,
    cycle_objectives_exist,
    bank_covers_blueprint,
    test_items_have_level,
    references_are_items,
    stems_without_answer_hints,
    test_items_do_not_leak,
    item_writing_within_limits,
    forms_can_be_assembled,
    numbers_are_in_the_ledger,
    facts_are_stated,
    facts_match_their_sources,
    translations_keep_figures,
    pictures_are_placed_well,
    pictures_are_safe,
    charts_use_the_ledger,
    slide_sources_exist,
    svg_texts_match,
)
def no_placeholders(loaded: LoadedCourse) -> Iterator[Problem]:
    """Sample text from ``coursepack new module`` that is still there (a warning in
    ``validate``; ``build`` refuses it unless told ``--allow-placeholders``)."""
    for module in loaded.modules:
        docs = [module.doc, module.activities_doc,
                *(b.doc for b in loaded.banks if b.module_id == module.folder)]
        for doc in (d for d in docs if d is not None):
            values = ((line, _value_at(doc.data, path)) for path, line in doc.lines.items())
            lines = sorted(line for line, value in values
                           if isinstance(value, str) and PLACEHOLDER in value)
            yield from _sample_text(doc.path, lines)
        for path, text in ((f"{MODULES_DIR}/{module.folder}/content.md", module.content),
                           (module.slides_path, module.slides_text)):
            yield from _sample_text(path, [n for n, line in enumerate(text.splitlines(), 1)
                                           if PLACEHOLDER in line])


SAMPLE_TEXT = "sample text from `coursepack new module` is still here"


def _sample_text(path: str, lines: list[int]) -> Iterator[Problem]:
    """One problem per file, at its first sample text, listing the others' lines."""
    if lines:
        more = f" (lines {', '.join(map(str, lines))})" if len(lines) > 1 else ""
        yield Problem(path, lines[0], "", f"{SAMPLE_TEXT}{more}",
                      f"replace each text marked {PLACEHOLDER} with the module's own, or "
                      "build a preview anyway with --allow-placeholders")


def _value_at(data: object, path: tuple) -> object:
    for part in path:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def placeholders(warnings: list[Problem]) -> list[Problem]:
    """The warnings that are sample text left in place."""
    return [w for w in warnings if w.message.startswith(SAMPLE_TEXT)]


WARNINGS: tuple[Rule, ...] = (item_writing_cues, no_placeholders, avoided_terms,
                              source_documents_at_hand, translated_steps_match)
"""Rules whose problems are reported but do not stop a build."""


def check_rules(loaded: LoadedCourse) -> list[Problem]:
    """Every cross-reference problem in the loaded course."""
    return [problem for rule in RULES for problem in rule(loaded)]


def check_warnings(loaded: LoadedCourse, rules: Sequence[Rule] = WARNINGS) -> list[Problem]:
    """Every warning of ``rules`` about the loaded course, in file and line order."""
    return sorted(problem for rule in rules for problem in rule(loaded))
