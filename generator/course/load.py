"""Loading a course: read every source, check every rule, assemble the frozen model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator.course.model import (
    Chart,
    Course,
    Handout,
    Item,
    Module,
    ModuleTranslation,
    Picture,
    Translation,
)
from generator.course.pictures import size, translate_svg
from generator.course.reading import LoadedCourse, LoadedModule, read_sources
from generator.errors import CourseInvalid

if TYPE_CHECKING:
    from generator.course.rules import Rule


def load_course(root: Path) -> Course:
    """Load, validate and assemble the course at ``root``, or raise ``CourseInvalid``."""
    return load(root)[1]


def load(root: Path, warnings: Sequence[Rule] | None = None) -> tuple[LoadedCourse, Course]:
    """The files as read and the course assembled from them; raises ``CourseInvalid``.
    ``warnings``: the warning rules to check (all of ``rules.WARNINGS`` by default; a
    build asks only for those it acts on)."""
    from generator.course.item_rules import enemies_of
    from generator.course.rules import WARNINGS, check_rules, check_warnings
    from generator.course.translations import read_translations

    loaded = read_sources(root)
    read_translations(loaded)
    loaded.enemies = enemies_of(loaded)
    problems = loaded.problems + check_rules(loaded)
    loaded.warnings = check_warnings(loaded, WARNINGS if warnings is None else warnings)
    if problems:
        raise CourseInvalid(problems, loaded.warnings)
    return loaded, assemble(loaded)


def assemble(loaded: LoadedCourse) -> Course:
    """Join the loaded parts into the frozen course model, in course order."""
    assert loaded.course is not None
    settings = dict(loaded.course)
    del settings["modules"]
    translations = tuple(
        Translation(language=t.language, title=t.course.title, summary=t.course.summary,
                    tracks=t.course.tracks, glossary=t.glossary, messages=t.messages,
                    site_templates=tuple(t.site_templates), materials=t.materials,
                    modules=_modules(loaded.course.modules, t.modules, t.items,
                                     {m: state.status() for m, state in t.states.items()}))
        for t in loaded.translations
    )
    return Course(**settings, glossary=loaded.glossary, countries=tuple(loaded.countries),
                  site_templates=tuple(loaded.site_templates),
                  materials=loaded.materials.materials if loaded.materials else (),
                  modules=_modules(loaded.course.modules, loaded.modules,
                                   {b.module_id: b.bank.items for b in loaded.banks}),
                  blueprint=loaded.blueprint,
                  enemies=tuple(sorted(tuple(sorted(pair)) for pair in loaded.enemies)),
                  language=loaded.course.default_language, messages=loaded.messages,
                  translations=translations)


def _modules(order: tuple[str, ...], parts: list[LoadedModule],
             items: dict[str, tuple[Item, ...]],
             states: dict[str, ModuleTranslation] | None = None) -> tuple[Module, ...]:
    by_id = {m.meta.id: m for m in parts}
    return tuple(
        Module(**dict(by_id[module_id].meta), content=by_id[module_id].content,
               slides=by_id[module_id].slides, activities=by_id[module_id].activities,
               items=items.get(module_id, ()), pictures=_pictures(by_id[module_id]),
               charts=tuple(Chart(**chart.model_dump(), path=src)
                            for src, (_, chart) in by_id[module_id].charts.items() if chart),
               handouts=tuple(Handout(**handout.model_dump(), name=name) for name, (_, handout)
                              in by_id[module_id].handouts.items() if handout),
               translation=(states or {}).get(module_id))
        for module_id in order
    )


def _pictures(module: LoadedModule) -> tuple[Picture, ...]:
    """The module's pictures, the text inside its SVGs translated (``pictures.yml``)."""
    texts = module.picture_texts.data if module.picture_texts else {}
    pictures = []
    for src, data in module.pictures.items():
        own = texts.get(src) if isinstance(texts, dict) else None
        if isinstance(own, dict):
            data = translate_svg(data, {str(k): str(v) for k, v in own.items()})
        width, height = size(src, data) or (1, 1)
        pictures.append(Picture(path=src, data=data, width=max(width, 1),
                                height=max(height, 1)))
    return tuple(pictures)
