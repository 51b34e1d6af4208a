"""Handouts and the materials checklist of a workshop.

Each handout a workshop's activities name (``handouts:`` in activities.yml) is printed as
``handouts/<module>--<name>.pdf`` in the workshop's language, and all of them, in the
copies the participant count needs, as one ``handouts/print-pack.pdf``. The materials
checklist lists each material of the vocabulary (``materials.yml``) the activities name,
with its quantity for the workshop's participants and groups and the day it is first
needed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError

from generator.build.outputs import Outputs
from generator.build.typeset import TEMPLATES, course_text, typeset
from generator.course.model import Activity, Course, Handout, Module
from generator.facilitator.workshop_model import Slot, WorkshopFile

HANDOUTS_DIR = "handouts"
PRINT_PACK = f"{HANDOUTS_DIR}/print-pack.pdf"


def handout_ref(module: Module, name: str) -> str:
    """How a session part names a handout: ``<module-id>/<name>``."""
    return f"{module.id}/{name}"


def find_handout(course: Course, ref: str) -> Handout | None:
    """The handout ``<module-id>/<name>`` in ``course``'s language."""
    module_id, _, name = ref.partition("/")
    module = next((m for m in course.modules if m.id == module_id), None)
    return next((h for h in module.handouts if h.name == name), None) if module else None


def activity_materials(course: Course, module: Module, activity: Activity) -> list[str]:
    """What an activity needs, as the guide and the deck list it: the materials' names,
    then each handout as "Handout: <title>"."""
    names = [course.material_name(m) for m in activity.materials]
    for name in activity.handouts:
        handout = find_handout(course, name if "/" in name else handout_ref(module, name))
        names.append(course.ui("Handout: {title}", title=handout.title if handout else name))
    return names


@dataclass(frozen=True)
class Counts:
    """Whom a workshop prints and prepares for; participants None when the file does not
    say (quantities are then given per participant or group, without totals)."""

    participants: int | None
    groups: int | None
    facilitators: int

    def of(self, per: str) -> int | None:
        """How many participants, groups, facilitators (or 1 for the workshop)."""
        return {"participant": self.participants, "group": self.groups,
                "facilitator": self.facilitators, "workshop": 1}[per]


def counts(workshop: WorkshopFile) -> Counts:
    """The workshop's participants, groups (of ``group_size``) and facilitators."""
    participants = workshop.participants
    groups = math.ceil(participants / workshop.group_size) if participants else None
    return Counts(participants, groups, max(1, len(workshop.facilitators)))


def per(course: Course, who: str, quantity: int) -> str:
    """"2 per group" and the like, in the course's language."""
    if who == "participant":
        return course.ui("{quantity} per participant", quantity=quantity)
    if who == "group":
        return course.ui("{quantity} per group", quantity=quantity)
    if who == "facilitator":
        return course.ui("{quantity} per facilitator", quantity=quantity)
    return course.ui("{quantity} for the workshop", quantity=quantity)


def first_days(slots: list[Slot], attribute: str) -> dict[str, int]:
    """Each material id or handout ref of the slots, with the day it is first needed."""
    days: dict[str, int] = {}
    for slot in slots:
        for key in getattr(slot, attribute):
            days.setdefault(key, slot.day)
    return days


def print_quantities(course: Course, workshop: WorkshopFile, slots: list[Slot]
                     ) -> list[tuple[str, Handout, int, int]]:
    """Each handout the workshop uses: its ref, the handout, the copies to print (one per
    participant, group or facilitator times its ``copies``; one set when the participants
    are not known) and the day it is first needed."""
    people = counts(workshop)
    found = []
    for ref, day in first_days(slots, "handouts").items():
        handout = find_handout(course, ref)
        if handout is not None:
            found.append((ref, handout, handout.copies * (people.of(handout.per) or 1), day))
    return found


def counted(course: Course, number: int, unit: str | Mapping[str, str]) -> str:
    """``number`` and ``unit`` in the form the course's language gives that number (CLDR
    plural categories: 1 sheet, 3 sheets; 1 лист, 3 листа, 12 листов)."""
    if isinstance(unit, str):
        return f"{number} {unit}".strip()
    try:
        category = Locale.parse(course.language.replace("-", "_")).plural_form(number)
    except (ValueError, UnknownLocaleError):
        category = "other"
    return f"{number} {unit.get(category) or unit.get('other', '')}".strip()


def checklist(course: Course, workshop: WorkshopFile, slots: list[Slot]) -> list[str]:
    """The materials checklist: each material with its quantity and first day, then each
    handout's printed copies; in the order they are first needed."""
    ui, people = course.ui, counts(workshop)
    lines = []
    for material_id, day in first_days(slots, "materials").items():
        material = course.material(material_id)
        if material is None:
            lines.append(material_id)
            continue
        each = per(course, material.per, material.quantity)
        count = people.of(material.per)
        amount = "" if count is None else counted(course, material.quantity * count,
                                                  material.unit)
        lines.append(ui("{name}: {amount} ({each}) · from day {day}", name=material.name,
                        amount=amount, each=each, day=day) if amount else
                     ui("{name} ({each}) · from day {day}", name=material.name, each=each,
                        day=day))
    for _, handout, copies, day in print_quantities(course, workshop, slots):
        lines.append(ui("Handout: {title}", title=handout.title) + ": "
                     + ui("{copies} printed copies ({each}) · from day {day}", copies=copies,
                          each=per(course, handout.per, handout.copies), day=day))
    return lines


def handout_data(course: Course, handout: Handout, copies: int = 1) -> dict[str, Any]:
    """What ``handout.typ`` shows of one handout, printed ``copies`` times."""
    def t(value: str) -> dict[str, str | None]:
        return course_text(course, value)
    reference = next((r for r in course.references if r.id == handout.source), None)
    citation = "" if reference is None else ", ".join(
        str(p) for p in (reference.title, reference.publisher, reference.year) if p)
    return {
        "title": t(handout.title), "ticks": handout.kind == "checklist",
        "intro": t(handout.intro.strip()),
        "copies": copies,
        "sections": [{"title": t(s.title), "points": [t(p) for p in s.points],
                      "lines": [t(line) for line in s.lines]} for s in handout.sections],
        "table": None if handout.table is None else {
            "columns": [t(c) for c in handout.table.columns],
            "rows": [[t(c) for c in r.cells] + [t("")] * (len(handout.table.columns)
                                                            - len(r.cells))
                     for r in handout.table.rows]},
        "lines": [t(line) for line in handout.lines],
        "citation": t(course.ui("Source: {citation}", citation=citation) if citation else ""),
    }


def handouts_document(course: Course, title: str, handouts: list[dict[str, Any]]
                      ) -> dict[str, Any]:
    """The data of one PDF of handouts (a handout, or the print pack)."""
    return {"lang": course.language, "paper": course.paper, "title": title,
            "course": course_text(course, course.title), "handouts": handouts}


def plan_handouts(course: Course, workshop: WorkshopFile, slots: list[Slot],
                  outputs: Outputs, epoch: int) -> None:
    """``handouts/``: a PDF of each handout the workshop uses, and the print pack."""
    quantities = print_quantities(course, workshop, slots)
    for ref, handout, _, _ in quantities:
        outputs.render(f"{HANDOUTS_DIR}/{ref.replace('/', '--')}.pdf", typeset, TEMPLATES,
                       "handout", handouts_document(course, handout.title,
                                                    [handout_data(course, handout)]), epoch)
    if quantities:
        outputs.render(PRINT_PACK, typeset, TEMPLATES, "handout", handouts_document(
            course, course.ui("Handouts to print: {title}", title=workshop.title),
            [handout_data(course, h, copies) for _, h, copies, _ in quantities]), epoch,
            cost=2)


def plan_course_handouts(courses: Mapping[str, Course], outputs: Outputs, epoch: int,
                         folder: str = "facilitator") -> None:
    """``<folder>/<lang>/handouts/<module-id>--<name>.pdf``: every handout of the course in
    each of its languages (``courses``: the course localized in each)."""
    for language, localized in courses.items():
        for module in localized.modules:
            for handout in module.handouts:
                outputs.render(f"{folder}/{language}/{HANDOUTS_DIR}/{module.id}--{handout.name}"
                               ".pdf", typeset, TEMPLATES, "handout", handouts_document(
                                   localized, handout.title, [handout_data(localized, handout)]),
                               epoch)
