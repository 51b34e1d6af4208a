"""Workshop run-sheets: a day-by-day agenda from a workshop file, and a bundle to copy.

``coursepack workshop plan workshop.yml`` reads the workshop file, checks it against the
course, schedules the modules in prerequisite order between the pre-test and the
post-test, and writes the agenda (HTML and A4 PDF), the materials checklist and the
decks and facilitator guide of the workshop's language into one folder.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import (
    ValidationError,
)

from generator.assessments.forms import Form, printed_form
from generator.assessments.part import plan_cycle_language
from generator.build.outputs import Outputs, default_workers
from generator.build.sanitize import add_content_security_policy
from generator.build.staging import staged
from generator.build.typeset import TEMPLATES, course_text, typeset
from generator.course.blueprint import FormPlan, FormsImpossible, enemy_sets, plan_cycle
from generator.course.localize import direction
from generator.course.model import Course, Cycle, FrozenDict, Module
from generator.course.reading import LoadedCourse, read_yaml, validate
from generator.course.yamlsource import YamlDoc
from generator.errors import CourseInvalid, Problem
from generator.facilitator.day import PlanImpossible, clock_problems, plan_days
from generator.facilitator.decks import (
    CONTENT_LAYOUT,
    TITLE_LAYOUT,
    Bullet,
    SlidePlan,
    check_template,
    deck,
    plan_decks,
    render_deck,
)
from generator.facilitator.guide import STYLE, escape, plan_guides
from generator.facilitator.handouts import checklist, find_handout, plan_handouts
from generator.facilitator.printables import plan_printables
from generator.facilitator.workshop_model import (
    DEFAULT_TEST_MINUTES,
    Slot,
    WorkshopFile,
    clock,
)

FORMS_FILE = "tests/forms.json"
"""The workshop's forms, with their keys, for ``coursepack assess score --workshop``."""


def read_workshop(course: Course, path: Path) -> WorkshopFile:
    """The workshop file, checked against the course, with its test slots sized;
    ``CourseInvalid`` lists every problem."""
    loaded = LoadedCourse(root=path.parent)
    doc = read_yaml(loaded, path.name)
    if doc is None or not isinstance(doc.data, dict):
        raise CourseInvalid(loaded.problems)
    workshop = validate(loaded, doc, doc.data, WorkshopFile)
    loaded.problems += _against_course(course, doc)
    if workshop is not None:
        loaded.problems += clock_problems(workshop, doc.path, doc.line)
    if loaded.problems or workshop is None:
        raise CourseInvalid(loaded.problems)
    workshop = _sized(course, workshop, doc)
    if workshop.id is None:
        workshop = workshop.model_copy(update={"id": file_id(path)})
    try:
        plan(course, workshop)
    except PlanImpossible as impossible:
        raise CourseInvalid([Problem(doc.path, doc.line("days"), "days", str(impossible),
                                     impossible.hint)]) from None
    return workshop


def file_id(path: Path) -> str:
    """A workshop's default id: its file name without .yml, as lower-case letters, digits
    and hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", path.stem.lower())) or "workshop"


def _against_course(course: Course, doc: YamlDoc) -> list[Problem]:
    """Module ids, language and country that the course does not have."""
    problems = []
    known = [m.id for m in course.modules]
    modules = doc.data.get("modules")
    for index, module_id in enumerate(modules if isinstance(modules, list) else []):
        if module_id not in known:
            close = difflib.get_close_matches(str(module_id), known, n=1, cutoff=0.6)
            problems.append(Problem(
                doc.path, doc.line("modules", index), f"modules[{index}]",
                f"there is no module '{module_id}' in the course",
                (f"did you mean '{close[0]}'? " if close else "")
                + f"the modules are: {', '.join(known)}"))
    language = doc.data.get("language")
    if language is not None and language not in course.languages:
        problems.append(Problem(doc.path, doc.line("language"), "language",
                                f"the course has no '{language}' version",
                                f"use one of {', '.join(course.languages)}"))
    country = doc.data.get("country")
    if country is not None and country not in [c.id for c in course.countries]:
        problems.append(Problem(doc.path, doc.line("country"), "country",
                                f"there is no countries/{country}.yml",
                                "add the country file or remove 'country'"))
    cycle = doc.data.get("cycle")
    cycles = [c.id for c in course.blueprint.cycles] if course.blueprint else []
    if cycle is not None and cycle not in cycles:
        problems.append(Problem(doc.path, doc.line("cycle"), "cycle",
                                f"there is no test cycle '{cycle}'",
                                f"use one of {', '.join(cycles)} (assessments/cycles.yml)"
                                if cycles else "remove 'cycle': the course has no test cycles"))
    return problems


def chosen_cycle(course: Course, workshop: WorkshopFile) -> Cycle | None:
    """The test cycle the workshop file names, or the first (None: the course has none)."""
    if course.blueprint is None:
        return None
    return next((c for c in course.blueprint.cycles if c.id == workshop.cycle),
                course.blueprint.cycles[0])


def untested_modules(course: Course, workshop: WorkshopFile) -> list[str]:
    """The workshop's modules that its test cycle does not cover."""
    cycle = chosen_cycle(course, workshop)
    return [m for m in workshop.modules if cycle is None or m not in cycle.modules]


def workshop_cycle(course: Course, workshop: WorkshopFile) -> Cycle | None:
    """The workshop's test cycle restricted to the modules it teaches (None: no tests)."""
    cycle = chosen_cycle(course, workshop)
    if cycle is None:
        return None
    modules = tuple(m for m in cycle.modules if m in workshop.modules)
    if not modules:
        return None
    objectives = {o.id for m in course.modules if m.id in modules for o in m.objectives}
    return cycle.model_copy(update={
        "modules": modules,
        "objectives": FrozenDict({o: n for o, n in cycle.objectives.items()
                                  if o in objectives})})


def workshop_plans(course: Course, workshop: WorkshopFile) -> tuple[FormPlan, ...]:
    """The workshop's pre- and post-test: its cycle's blueprint over the modules it teaches
    (anchors, enemies and levels hold as for the whole cycle); raises ``FormsImpossible``."""
    cycle = workshop_cycle(course, workshop)
    if cycle is None or course.blueprint is None:
        return ()
    items = [i for m in course.modules for i in m.items]
    return plan_cycle(course.blueprint, cycle, course.modules, items,
                      enemy_sets(course.enemies), salt=":" + ",".join(cycle.modules))


def minutes_for_test(course: Course, items: int) -> int:
    """Minutes a test of ``items`` items needs: ``test_setup_minutes`` plus
    ``minutes_per_item`` per item, rounded up to whole 5 minutes."""
    assert course.blueprint is not None
    needed = course.blueprint.test_setup_minutes + course.blueprint.minutes_per_item * items
    return 5 * math.ceil(needed / 5 - 1e-9)


def _sized(course: Course, workshop: WorkshopFile, doc: YamlDoc) -> WorkshopFile:
    """``workshop`` with its test slots sized from its forms; a slot too short is refused."""
    try:
        plans = workshop_plans(course, workshop)
    except FormsImpossible as impossible:
        raise CourseInvalid([Problem(doc.path, doc.line("modules"), "modules",
                                     f"the workshop's tests cannot be assembled: {impossible}",
                                     impossible.hint)]) from None
    if not plans and course.blueprint is not None:
        cycle = chosen_cycle(course, workshop)
        assert cycle is not None
        key = "cycle" if workshop.cycle else "modules"
        raise CourseInvalid([Problem(
            doc.path, doc.line(key), key,
            f"the test cycle '{cycle.id}' covers none of this workshop's modules, so the "
            "workshop would have no pre- and post-test",
            f"name a cycle that lists them (cycle: in this file), or add them to the cycle's "
            f"modules in assessments/cycles.yml; it covers: {', '.join(cycle.modules)}")])
    if not plans:
        return workshop.model_copy(update={
            "pre_test_minutes": workshop.pre_test_minutes or DEFAULT_TEST_MINUTES,
            "post_test_minutes": workshop.post_test_minutes or DEFAULT_TEST_MINUTES})
    sized, problems = {}, []
    for plan in plans:
        key = f"{plan.occasion}_test_minutes"
        needed = minutes_for_test(course, len(plan.items))
        given = getattr(workshop, key)
        sized[key] = given or needed
        if given is not None and given < needed:
            problems.append(Problem(
                doc.path, doc.line(key), key,
                f"the {plan.occasion}-test has {len(plan.items)} items and needs {needed} "
                f"minutes; {given} is too short",
                f"set {key}: {needed}, or leave it out to have it sized from the items "
                "(minutes_per_item and test_setup_minutes in assessments/cycles.yml)"))
    if problems:
        raise CourseInvalid(problems)
    return workshop.model_copy(update=sized)


def prerequisite_order(course: Course, module_ids: tuple[str, ...]) -> list[Module]:
    """The workshop's modules, each after the prerequisites it shares with the workshop;
    otherwise in course order."""
    chosen = [m for m in course.modules if m.id in module_ids]
    done: list[Module] = []
    while len(done) < len(chosen):
        ready = next(m for m in chosen if m not in done
                     and all(p in [d.id for d in done] for p in m.prerequisites if p in module_ids))
        done.append(ready)
    return done


def plan(course: Course, workshop: WorkshopFile) -> list[Slot]:
    """The agenda (see ``day.py``): registration, opening and pre-test first, modules in
    prerequisite order, lunch at ``lunch_at``, a recap each day, post-test and closing
    last."""
    return [Slot(p.day, p.start, p.end, p.kind, p.what, p.module, p.materials,
                 p.handouts)
            for p in plan_days(course, workshop, prerequisite_order(course, workshop.modules))]


def slot_materials(course: Course, slot: Slot) -> list[str]:
    """A slot's materials by name, then its handouts by title."""
    handouts = [find_handout(course, ref) for ref in slot.handouts]
    return [course.material_name(m) for m in slot.materials] + [
        course.ui("Handout: {title}", title=h.title) for h in handouts if h is not None]


def forms_record(workshop: WorkshopFile, forms: list[Form]) -> str:
    """The workshop's forms as ``assess score --workshop`` reads them back."""
    return json.dumps({"workshop": workshop.title,
                       "workshop_file": workshop.model_dump(mode="json"),
                       "forms": [f.model_dump(mode="json") for f in forms]},
                      indent=2, ensure_ascii=False) + "\n"


def read_forms_record(folder: Path) -> list[Form]:
    """The forms a workshop bundle recorded; ``ValueError`` says what is wrong."""
    path = folder / FORMS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        forms = [Form.model_validate(f) for f in data["forms"]]
        _check_record(forms)
        return forms
    except FileNotFoundError:
        raise ValueError(f"{path} does not exist: give the folder `coursepack workshop plan` "
                         "wrote (it has agenda.html and tests/)") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"{path} is not a workshop's forms record ({where}: {first['msg']}); "
                         "plan the workshop again") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not a workshop's forms record ({error}); plan the "
                         "workshop again") from None


def read_workshop_record(folder: Path) -> WorkshopFile | None:
    """The workshop file a bundle recorded (title, place, dates…); None for a bundle planned
    before bundles recorded it. ``ValueError`` when it is damaged."""
    path = folder / FORMS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8")).get("workshop_file")
        return None if data is None else WorkshopFile.model_validate(data)
    except (OSError, ValueError, AttributeError) as error:
        raise ValueError(f"{path} is not a workshop's forms record ({error}); plan the "
                         "workshop again") from None


def _check_record(forms: list[Form]) -> None:
    """What the model cannot check: forms with items, keys among their letters, a pattern
    that compiles."""
    if not forms:
        raise ValueError("it lists no forms")
    for form in forms:
        try:
            re.compile(form.code_pattern)
        except re.error as error:
            raise ValueError(f"its participant-code pattern does not compile: {error}") \
                from None
        if not form.items:
            raise ValueError(f"the {form.occasion}-test has no items")
        for item in form.items:
            letters = {o.letter for o in item.options}
            if not item.correct or not set(item.correct) <= letters:
                raise ValueError(f"the key '{item.correct}' of {item.id} is not among its "
                                 f"letters {', '.join(sorted(letters))}")


def agenda_html(course: Course, workshop: WorkshopFile, slots: list[Slot]) -> str:
    """The agenda and the materials checklist as one printable page."""
    ui, e = course.ui, escape
    rows = []
    for day in range(1, max(s.day for s in slots) + 1):
        rows.append(f'<tr><th colspan="4">{e(ui("Day {day}", day=day))}</th></tr>')
        rows += [f"<tr><td>{clock(s.start)}–{clock(s.end)}</td><td>{e(s.module)}</td>"
                 f"<td>{e(s.what)}</td><td>{e(', '.join(slot_materials(course, s)))}</td></tr>"
                 for s in slots if s.day == day]
    materials = checklist(course, workshop, slots)
    page = (
        f'<!doctype html>\n<html lang="{e(course.language)}" '
        f'dir="{direction(course.language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(workshop.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{e(workshop.title)}</h1>\n<p class=\"meta\">{e(course.title)}</p>\n"
        f"<table><thead><tr><th>{e(ui('Time'))}</th><th>{e(ui('Module'))}</th>"
        f"<th>{e(ui('What'))}</th><th>{e(ui('Materials'))}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>\n"
        f"<h3>{e(ui('Materials checklist'))}</h3>\n<ul>"
        + "".join(f"<li>☐ {e(m)}</li>" for m in materials)
        + f"<li>☐ {e(ui('Printed pre-tests and post-tests, one per participant'))}</li></ul>\n"
        "</main>\n</body>\n</html>\n"
    )
    return add_content_security_policy(page)


def agenda_data(course: Course, workshop: WorkshopFile, slots: list[Slot]) -> dict[str, Any]:
    """What ``agenda.typ`` shows: the days, their slots (pauses marked) and the checklist."""
    ui = course.ui
    days = max(s.day for s in slots)
    return {
        "lang": course.language, "paper": course.paper, "title": workshop.title,
        "course": course_text(course, course.title),
        "labels": {"time": ui("Time"), "module": ui("Module"), "what": ui("What"),
                   "materials": ui("Materials"), "checklist": ui("Materials checklist")},
        "days": [{"title": ui("Day {day}", day=day),
                  "slots": [{"time": f"{clock(s.start)}–{clock(s.end)}",
                             "module": course_text(course, s.module),
                             "what": course_text(course, s.what),
                             "materials": [course_text(course, m)
                                           for m in slot_materials(course, s)],
                             "pause": s.kind in ("break", "lunch")}
                            for s in slots if s.day == day]}
                 for day in range(1, days + 1)],
        "checklist": [course_text(course, text) for text in (
            *checklist(course, workshop, slots),
            ui("Printed pre-tests and post-tests, one per participant"))],
    }


def agenda_slides(course: Course, workshop: WorkshopFile,
                  slots: list[Slot]) -> Iterator[SlidePlan]:
    """The agenda as slides: a title slide, then one slide per day, a table of its times
    and what happens (a module's parts in one row between pauses); every part and the
    materials in the notes."""
    days = max(s.day for s in slots)
    yield SlidePlan(TITLE_LAYOUT, workshop.title, (Bullet(course.title),), "")
    for day in range(1, days + 1):
        today = [s for s in slots if s.day == day]
        rows: list[tuple[int, int, str, str]] = []
        for s in today:
            if rows and s.module and rows[-1][3] == s.module:
                rows[-1] = (rows[-1][0], s.end, rows[-1][2], s.module)
            else:
                rows.append((s.start, s.end, s.module or s.what, s.module))
        parts = [f"{clock(s.start)}–{clock(s.end)}  "
                 + (f"{s.module}: {s.what}" if s.module else s.what) for s in today]
        materials = list(dict.fromkeys(m for s in today for m in slot_materials(course, s)))
        notes = "\n".join(parts + ([f"{course.ui('Materials')}: {', '.join(materials)}"]
                                    if materials else []))
        yield SlidePlan(CONTENT_LAYOUT, course.ui("Day {day}", day=day), (), notes,
                        table=tuple((f"{clock(start)}–{clock(end)}", what)
                                    for start, end, what, _ in rows))


def write_bundle(course: Course, localized: Course, workshop: WorkshopFile, template: Path,
                 out: Path, epoch: int) -> list[Slot]:
    """``out/``: agenda.html, .pdf and .pptx, decks/, guide/ and tests/ in the workshop's
    language (``localized``: the course in that language)."""
    chosen = localized.model_copy(update={
        "modules": tuple(m for m in localized.modules if m.id in workshop.modules),
        "languages": (workshop.language,)})  # the source language stays: fallback text is in it
    slots = plan(localized, workshop)
    forms = [printed_form(localized, p) for p in workshop_plans(course, workshop)]
    check_template(template)
    with staged(out) as staging:
        outputs = Outputs(staging, workers=default_workers())
        page = agenda_html(localized, workshop, slots)
        outputs.write("agenda.html", page)
        outputs.render("agenda.pdf", typeset, TEMPLATES, "agenda",
                       agenda_data(localized, workshop, slots), epoch)
        outputs.render("agenda.pptx", render_deck, deck(
            localized, workshop.title, agenda_slides(localized, workshop, slots), epoch),
            template)
        plan_decks({workshop.language: chosen}, template, epoch, outputs)
        plan_guides({workshop.language: chosen}, outputs, epoch, "guide")
        plan_handouts(localized, workshop, slots, outputs, epoch)
        if forms:
            plan_cycle_language(localized, forms, epoch, outputs, "tests")
            outputs.write(FORMS_FILE, forms_record(workshop, forms))
        plan_printables(localized, workshop, epoch, outputs)
        outputs.run()
    return slots

