"""How current a module's translation is: complete, partial, stale or missing.

Each translated module records, in ``locales/<lang>/modules/<id>/translation.yml``, a
fingerprint of every source file and item it was translated from. A translated file or
item whose source has changed since is *stale*; source text with no translation, or
with its text copied unchanged, is shown in the source language and makes it *partial*.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from generator.course.model import (
    ModuleTranslation,
    PageRecord,
    PageTranslation,
    Review,
    TranslationRecord,
    UnitStatus,
)
from generator.course.pictures import CHART_PATH, PICTURE_TEXTS

RECORD_FILE = "translation.yml"
TEXT_KEYS = frozenset({
    "title", "summary", "text", "key_messages", "method", "learner_task",
    "steps", "debrief", "notes", "stem", "feedback", "correct", "incorrect", "label", "unit",
    "name", "intro", "points", "lines", "cells", "columns", "table",
})
"""The keys of a source YAML file whose values are text to translate."""
PLURAL_KEYS = frozenset({"unit"})
"""Text keys that may hold a word's forms by plural category: each language gives its own."""
LISTS_BY_ID = frozenset({"tracks", "objectives", "activities", "items", "options", "values",
                         "materials", "sections", "rows"})
"""Lists whose entries a translation matches by id."""
UNIT_FILES = {
    "site": ("module.yml", "content.md"),
    "deck": ("module.yml", "slides.md", "activities.yml"),
}


def fingerprint(source: Any) -> str:
    """A short hash of source text or parsed YAML; layout, comments and trailing spaces
    do not count."""
    if isinstance(source, str):
        canonical = "\n".join(line.rstrip() for line in source.strip().splitlines())
    else:
        canonical = json.dumps(source, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def item_fingerprint(item: Any) -> str:
    """The fingerprint of an item's translatable part: its text and the ids that place it.
    Settings such as ``level``, ``answer`` or ``enemies`` leave translations current."""
    return fingerprint(_text_only(item))


def _text_only(source: Any) -> Any:
    if isinstance(source, dict):
        return {key: _text_only(value) for key, value in source.items()
                if key in TEXT_KEYS | LISTS_BY_ID or key == "id"}
    if isinstance(source, list):
        return [_text_only(entry) for entry in source]
    return source


def untranslated(source: Any, translation: Any) -> bool:
    """Whether some text of ``source`` is missing from ``translation`` or copied as it is."""
    if isinstance(source, str):  # a blank (a handout's cell to fill in) has nothing to translate
        return bool(source.strip()) and (not isinstance(translation, str)
                                         or _copied(source, translation))
    if isinstance(source, dict):
        given = translation if isinstance(translation, dict) else {}
        return any(untranslated(value, given.get(key)) for key, value in source.items()
                   if key in TEXT_KEYS or key in LISTS_BY_ID and not _ids_only(value))
    if isinstance(source, list):
        given = translation if isinstance(translation, list) else []
        if all(isinstance(e, dict) and "id" in e for e in source):
            by_id = {e.get("id"): e for e in given if isinstance(e, dict)}
            return any(untranslated(e, by_id.get(e["id"])) for e in source)
        if all(isinstance(e, str) and not e.strip() for e in source):
            return False
        return len(given) != len(source) or any(map(untranslated, source, given))
    return False


def _ids_only(value: Any) -> bool:
    """A list of ids (an activity's materials), which a translation leaves to the source."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _copied(source: str, translation: str) -> bool:
    """The source text left in place (single words such as "HIV" may stay as they are)."""
    same = " ".join(source.split()) == " ".join(translation.split())
    return same and len(source.split()) > 1


@dataclass
class TranslatedModule:
    """One module's source and what a language has of it, as read from the files.

    ``sources`` and ``translated`` map source paths (``modules/<id>/content.md``) to
    their text or parsed YAML; ``translated`` has only the files that exist. Items are
    by id; ``translated_items`` is None when the bank has no translation file.
    """

    module_dir: str
    record: TranslationRecord | None
    sources: dict[str, Any]
    translated: dict[str, Any]
    source_items: dict[str, Any]
    translated_items: dict[str, Any] | None

    def status(self) -> ModuleTranslation:
        units = {unit: self._unit_status(names) for unit, names in UNIT_FILES.items()}
        given = self.translated_items or {}
        stale = tuple(i for i in given if i in self.source_items and (
            self.record is None
            or self.record.items.get(i) != item_fingerprint(self.source_items[i])))
        missing = tuple(i for i, source in self.source_items.items()
                        if i not in given or untranslated(source, given[i]))
        quiz: UnitStatus = ("missing" if self.translated_items is None and self.source_items
                            else "stale" if stale else "partial" if missing else "complete")
        return ModuleTranslation(
            review=self.record.review if self.record else "draft", **units, quiz=quiz,
            stale_items=stale, untranslated_items=missing,
            translated_files=tuple(sorted(self.translated)))

    def _unit_status(self, names: tuple[str, ...]) -> UnitStatus:
        paths = [f"{self.module_dir}/{name}" for name in names]
        paths += [p for p in self.sources  # charts and SVG texts show in both units
                  if CHART_PATH.match(p.removeprefix(f"{self.module_dir}/"))
                  or p == f"{self.module_dir}/{PICTURE_TEXTS}"
                  or ("activities.yml" in names  # handouts go with the activities
                      and p.startswith(f"{self.module_dir}/handouts/"))]
        files = [path for path in paths if path in self.sources]
        present = [f for f in files if f in self.translated]
        if not present:
            return "missing"
        if self.record is None or any(
                self.record.sources.get(f) != fingerprint(self.sources[f]) for f in present):
            return "stale"
        if len(present) < len(files) or any(
                untranslated(self.sources[f], self.translated[f]) for f in present):
            return "partial"
        return "complete"

    def current_record(self, review: Review) -> TranslationRecord:
        """The record saying every translated file and item matches today's source."""
        return TranslationRecord(
            review=review,
            sources={path: fingerprint(self.sources[path]) for path in sorted(self.translated)
                     if path in self.sources},
            items={i: item_fingerprint(self.source_items[i])
                   for i in sorted(self.translated_items or {}) if i in self.source_items})


_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]{2,}")


def copied_paragraphs(source: str, translation: str) -> list[str]:
    """The paragraphs of a maintainer page's ``source`` that ``translation`` still has as
    they are: text of more than one word outside the template's ``{{ … }}`` and ``{% … %}``
    (a template line such as ``{% endfor %}`` has nothing to translate)."""
    given = {" ".join(p.split()) for p in _paragraphs(translation)}
    return [p for p in _paragraphs(source) if " ".join(p.split()) in given
            and len(_WORD.findall(_TEMPLATE_CODE.sub(" ", p))) > 1]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@dataclass
class TranslatedPage:
    """A maintainer page (``site_templates/<name>.md``) and what a language has of it."""

    name: str
    source: str
    translated: str | None
    """The text of ``locales/<lang>/site_templates/<name>.md``; None when there is none."""
    record: PageRecord | None

    def status(self) -> PageTranslation:
        review: Review = self.record.review if self.record else "draft"
        status: UnitStatus
        if self.translated is None:
            status = "missing"
        elif self.record is None or self.record.source != fingerprint(self.source):
            status = "stale"
        elif copied_paragraphs(self.source, self.translated):
            status = "partial"
        else:
            status = "complete"
        return PageTranslation(review=review, status=status)

    def current_record(self, review: Review) -> PageRecord:
        """The record saying the translation matches today's source."""
        return PageRecord(review=review, source=fingerprint(self.source))
