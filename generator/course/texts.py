"""Every text a course states in one language, each with where it is written.

The fact ledger and the terminology list read the course through this one view: each
text field of the YAML files, and each paragraph, list item, heading or table row of the
pages and slides. A passage's ``key`` names the same text in every language (the source
file, then the field with entries by id, or the block's position), so a translation is
compared with its source text by key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.course.reading import LoadedCourse
from generator.course.staleness import TEXT_KEYS
from generator.course.translations import source_files
from generator.course.yamlsource import YamlDoc, field_name

Key = tuple[Any, ...]
GLOSSARY_KEYS = frozenset({"term", "definition"})
LEFT_OUT_KEYS = frozenset({"references", "contacts"})
"""course.yml lists that name documents and people rather than state anything."""
BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|\||>)")
SLIDE_MARK = re.compile(r"^(?:---|\?\?\?)\s*$")


@dataclass(frozen=True)
class Passage:
    """One text field, or one block of a page or deck."""

    file: str
    line: int
    field: str
    key: Key
    text: str
    module: str
    """The module id, or ``glossary`` / ``course`` for the course-wide files."""
    states: bool = True
    """False for a wrong option's text: it says what is not so."""
    quoted: bool = False
    """A Markdown blockquote: someone else's words, quoted as they are."""
    context: str = ""
    """For a text of a test item, its stem and keyed options: what a bare "15" is about."""


def passages(files: Mapping[str, YamlDoc | str], base: str = "",
             wrong: frozenset[Key] = frozenset()) -> list[Passage]:
    """The passages of ``files`` (source path → parsed YAML or Markdown text); a
    translation's files are under ``base`` (``locales/es``). ``wrong`` holds the keys of
    wrong options (see ``wrong_options``)."""
    found: list[Passage] = []
    for path, source in files.items():
        module = _module_of(path)
        if isinstance(source, YamlDoc):
            found += _yaml_passages(source, path, module, wrong)
        else:
            found += _markdown_passages(source, f"{base}/{path}" if base else path, path, module)
    return found


def wrong_options(files: Mapping[str, YamlDoc | str]) -> frozenset[Key]:
    """The keys of every wrong option's text in the source question banks."""
    keys: set[Key] = set()
    for path, doc in files.items():
        if not isinstance(doc, YamlDoc) or not isinstance(doc.data, dict):
            continue
        for item in doc.data.get("items") or ():
            if not isinstance(item, dict) or not isinstance(item.get("options"), list):
                continue
            answer = item.get("answer")
            right = set(answer) if isinstance(answer, list) else {answer}
            keys |= {(path, "items", f"[{item.get('id')}]", "options", f"[{o.get('id')}]", "text")
                     for o in item["options"] if isinstance(o, dict) and o.get("id") not in right}
    return frozenset(keys)


def _module_of(path: str) -> str:
    parts = path.split("/")
    if parts[0] == "modules" and len(parts) > 2:
        return parts[1]
    if parts[0] == "assessments":
        return parts[-1].removesuffix(".yml")
    return parts[0].removesuffix(".yml")


def _yaml_passages(doc: YamlDoc, path: str, module: str, wrong: frozenset[Key]
                   ) -> Iterator[Passage]:
    keys = GLOSSARY_KEYS if module == "glossary" else TEXT_KEYS

    def walk(value: Any, at: tuple, named: tuple, text: bool, stem: str) -> Iterator[Passage]:
        if isinstance(value, str) and text:
            key = (path, *named)
            yield Passage(doc.path, doc.line(*at), field_name(named), key, value, module,
                          states=key not in wrong, context=stem)
        elif isinstance(value, dict):
            stem = _item_context(value) if isinstance(value.get("stem"), str) else stem
            for name, inner in value.items():
                if name not in LEFT_OUT_KEYS:
                    yield from walk(inner, (*at, name), (*named, name), name in keys, stem)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                entry = inner.get("id") if isinstance(inner, dict) else None
                name = f"[{entry}]" if isinstance(entry, str) else index
                yield from walk(inner, (*at, index), (*named, name), text, stem)

    yield from walk(doc.data, (), (), False, "")


def _item_context(item: dict) -> str:
    answer = item.get("answer")
    right = set(answer) if isinstance(answer, list) else {answer}
    keyed = [o.get("text", "") for o in item.get("options") or ()
             if isinstance(o, dict) and o.get("id") in right]
    return "\n".join(t for t in (item["stem"], *keyed) if isinstance(t, str))


def _markdown_passages(text: str, file: str, path: str, module: str) -> Iterator[Passage]:
    """Paragraphs, list items, headings and table rows, each from its first line."""
    block: list[str] = []
    start = 0
    count = 0

    def close() -> Iterator[Passage]:
        nonlocal count
        if block:
            count += 1
            quoted = all(line.lstrip().startswith(">") for line in block)
            yield Passage(file, start, f"block {count}", (path, count), "\n".join(block),
                          module, quoted=quoted)
            block.clear()

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or SLIDE_MARK.match(line):
            yield from close()
            continue
        if BLOCK_START.match(line) or not block:
            yield from close()
            start = number
        block.append(line)
    yield from close()


def course_files(loaded: LoadedCourse) -> dict[str, YamlDoc | str]:
    """The source files that state things, by path: parsed YAML, or Markdown text."""
    files: dict[str, YamlDoc | str] = {}
    if loaded.course_doc is not None:
        files[loaded.course_doc.path] = loaded.course_doc
    if loaded.glossary_doc is not None:
        files[loaded.glossary_doc.path] = loaded.glossary_doc
    for module in loaded.modules:
        docs = {doc.path: doc for doc in (module.doc, module.activities_doc,
                                          *(doc for doc, _ in module.charts.values()),
                                          *(doc for doc, _ in module.handouts.values()))
                if doc is not None}
        files |= {path: docs.get(path, text) for path, text in source_files(module).items()
                  if path in docs or isinstance(text, str)}  # not the SVG texts
    for bank in loaded.banks:
        files[bank.doc.path] = bank.doc
    return files


def language_passages(loaded: LoadedCourse) -> dict[str, list[Passage]]:
    """Every passage of the course, by language (the source language first); worked out
    once per loaded course and kept on it, since several rules read them."""
    if not loaded.texts and loaded.course is not None:
        files = course_files(loaded)
        wrong = wrong_options(files)
        loaded.texts[loaded.course.default_language] = passages(files, wrong=wrong)
        for translation in loaded.translations:
            loaded.texts[translation.language] = passages(
                translation.files, f"locales/{translation.language}", wrong)
    return loaded.texts
