"""Rules for the pictures and charts a module places: where their files are, alt text,
size, SVG safety, chart values from the fact ledger, and the text inside translated SVGs.
See docs/authoring.md, "Pictures and charts"."""

from __future__ import annotations

from collections.abc import Iterator

from generator.course.pictures import (
    CHART_PATH,
    MAX_PIXELS,
    MAX_RASTER_BYTES,
    MAX_SVG_BYTES,
    PICTURE_PATH,
    size,
    svg_dangers,
    svg_texts,
)
from generator.course.reading import MODULES_DIR, LoadedCourse, LoadedModule
from generator.errors import Problem

GUIDE = "docs/authoring.md#pictures-and-charts"


def _modules(loaded: LoadedCourse) -> Iterator[tuple[str, LoadedModule, LoadedModule | None]]:
    """Each module with the folder its own files are in, and its source (translations)."""
    sources = {m.folder: m for m in loaded.modules}
    for module in loaded.modules:
        yield f"{MODULES_DIR}/{module.folder}", module, None
    for translation in loaded.translations:
        for module in translation.modules:
            yield (f"locales/{translation.language}/{MODULES_DIR}/{module.folder}", module,
                   sources.get(module.folder))


def pictures_are_placed_well(loaded: LoadedCourse) -> Iterator[Problem]:
    """Every picture and chart a page or slide places is a file of the module's images/
    or charts/ folder, and has alt text."""
    for folder, module, source in _modules(loaded):
        for place in module.placed:
            if not (PICTURE_PATH.match(place.src) or CHART_PATH.match(place.src)):
                yield Problem(place.file, place.line, "", f"'{place.src}' is not a picture of "
                              "this module",
                              "put the file in the module's images/ folder (SVG, PNG or JPEG; "
                              "lower-case name with - between words) and write "
                              f"![what it shows](images/name.svg), or place a chart file as "
                              f"![what it shows](charts/name.yml) (see {GUIDE})")
                continue
            if not place.alt:
                yield Problem(place.file, place.line, "", f"the picture {place.src} has no "
                              "alt text",
                              "say in the brackets what it shows, for learners who cannot see "
                              "it: ![Four boxes: availability, …](images/…)")
            if place.src not in module.pictures and place.src not in module.charts:
                home = f"{MODULES_DIR}/{module.folder}" if source else folder
                yield Problem(place.file, place.line, "", f"there is no file {home}/{place.src}",
                              "add the file, or correct the name (names are case-sensitive)")


def pictures_are_safe(loaded: LoadedCourse) -> Iterator[Problem]:
    """Each picture file (source, or a translation's own) is the kind its name says,
    within the size budget, and an SVG holds nothing that could run or fetch anything."""
    for folder, module, source in _modules(loaded):
        for src, data in module.pictures.items():
            if source is not None and data is source.pictures.get(src):
                continue  # the source's file, checked there
            path = f"{folder}/{src}"
            limit = MAX_SVG_BYTES if src.endswith(".svg") else MAX_RASTER_BYTES
            if len(data) > limit:
                yield Problem(path, 1, "", f"this picture has {len(data) // 1000} kB; at most "
                              f"{limit // 1000} kB load quickly on a phone",
                              "export it smaller, or simplify the drawing")
            if src.endswith(".svg"):
                for line, what in svg_dangers(data):
                    yield Problem(path, line, "", f"this SVG has {what}, which is not allowed",
                                  "remove it: a course picture is a drawing only, with no "
                                  "scripts, event handlers, embedded pages or links outside "
                                  "the file")
            dimensions = size(src, data)
            if dimensions is None:
                yield Problem(path, 1, "", "this file is not the kind of picture its name says",
                              "save it again as SVG, PNG or JPEG with the matching ending")
            elif max(dimensions) > MAX_PIXELS and not src.endswith(".svg"):
                yield Problem(path, 1, "", f"this picture is {dimensions[0]} × {dimensions[1]} "
                              f"pixels; at most {MAX_PIXELS} on the longer side",
                              "scale it down before adding it")


def charts_use_the_ledger(loaded: LoadedCourse) -> Iterator[Problem]:
    """A chart's source is a reference of the course and each value is the figure of the
    fact it names."""
    references = {r.id for r in loaded.course.references} if loaded.course else set()
    facts = {f.id: f for f in loaded.facts.facts} if loaded.facts else {}
    for module in loaded.modules:
        for doc, chart in module.charts.values():
            if chart is None:
                continue
            if chart.source not in references:
                yield Problem(doc.path, doc.line("source"), "source",
                              f"'{chart.source}' is not a reference in course.yml",
                              "use the id of one of the course's references")
            for index, value in enumerate(chart.values):
                fact = facts.get(value.fact)
                where = ("values", index, "fact")
                if fact is None:
                    yield Problem(doc.path, doc.line(*where), f"values[{value.id}].fact",
                                  f"there is no fact '{value.fact}' in facts.yml",
                                  "add the figure to the fact ledger first, with its source "
                                  "passage, and name that fact here")
                elif float(fact.figure) != value.value:
                    yield Problem(doc.path, doc.line("values", index, "value"),
                                  f"values[{value.id}].value",
                                  f"the value {value.value:g} is not the figure of the fact "
                                  f"'{fact.id}' ({fact.figure})",
                                  "chart the figure the ledger gives, or correct the fact")


def slide_sources_exist(loaded: LoadedCourse) -> Iterator[Problem]:
    """The ``source:`` of a key figure, a quote, a picture or a chart is a reference."""
    references = {r.id for r in loaded.course.references} if loaded.course else set()
    for _, module, _ in _modules(loaded):
        for slide in module.slides:
            if slide.source and slide.source not in references:
                yield Problem(module.slides_path, slide.line, f"slide '{slide.title}'",
                              f"'source: {slide.source}' is not a reference in course.yml",
                              "write the id of one of the course's references")


def svg_texts_match(loaded: LoadedCourse) -> Iterator[Problem]:
    """A translation's pictures.yml translates texts that its module's SVGs have."""
    for _, module, _ in _modules(loaded):
        doc = module.picture_texts
        if doc is None or not isinstance(doc.data, dict):
            continue
        for src, texts in doc.data.items():
            data = module.pictures.get(src)
            if data is not None and svg_dangers(data):
                continue  # reported in the SVG
            ids = svg_texts(data) if data is not None else None
            if ids is None or not src.endswith(".svg"):
                yield Problem(doc.path, doc.line(src), str(src),
                              f"this module places no SVG picture {src}",
                              "use the path the page or slides give, such as images/name.svg")
                continue
            if not isinstance(texts, dict):
                yield Problem(doc.path, doc.line(src), str(src), "expected the picture's text "
                              "ids, each with its translation", f"see {GUIDE}")
                continue
            for text_id, text in texts.items():
                if text_id not in ids:
                    yield Problem(doc.path, doc.line(src, text_id), f"{src}.{text_id}",
                                  f"{src} has no text with the id '{text_id}'",
                                  f"use one of: {', '.join(sorted(ids)) or '(none)'}")
                elif not isinstance(text, str) or not text.strip():
                    yield Problem(doc.path, doc.line(src, text_id), f"{src}.{text_id}",
                                  "the translation is empty", "write the text, or remove the "
                                  "line to show the source's")
