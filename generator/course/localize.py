"""The localize step: the course with one language's text, before any renderer runs."""

from __future__ import annotations

import functools
import re
import unicodedata

from babel import Locale, UnknownLocaleError

from generator.course.model import Course, Module, SiteTemplate

PARTLY_IN_SOURCE = "This page is partly in {language}."
SOURCE_CHANGED = "The {language} original has changed since this translation."
NOT_REVIEWED = "This translation has not yet been reviewed."
PAGE_IN_SOURCE = "This page has not been translated yet, so it is shown in {language}."


def localize(course: Course, language: str) -> Course:
    """``course`` in ``language``: translated text where there is some, the source elsewhere."""
    if language == course.language:
        return course
    translation = next((t for t in course.translations if t.language == language), None)
    if translation is None:
        raise ValueError(f"the course has no '{language}' translation; "
                         f"its languages are {', '.join(course.languages)}")
    return course.model_copy(update={
        "language": language, "title": translation.title, "summary": translation.summary,
        "tracks": translation.tracks, "glossary": translation.glossary,
        "modules": translation.modules, "messages": translation.messages,
        "site_templates": translation.site_templates, "translations": (),
        "materials": translation.materials,
    })


def localize_all(course: Course) -> dict[str, Course]:
    """The course in each of its languages, localized once for every renderer."""
    return {language: localize(course, language) for language in course.languages}


@functools.lru_cache(maxsize=64)
def direction(language: str) -> str:
    """``rtl`` for right-to-left scripts (Arabic, Persian, Hebrew, …), else ``ltr``."""
    try:
        order = Locale.parse(language.replace("-", "_")).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


RIGHT_TO_LEFT_BLOCKS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
"""The Unicode blocks of the right-to-left scripts: every right-to-left letter is in one."""
LETTER_OR_NUMBER = re.compile(r"[^\W\d_]")
"""A letter, or a number that is not a digit (``½``): the candidates for ``str.isalpha``."""


def in_right_to_left_script(text: str) -> bool | None:
    """Whether ``text`` is written in a right-to-left script (Arabic, Persian, Hebrew …):
    True if it has such letters, False if its letters are all of others (English left in
    a Persian page), None if it has no letters at all (figures, punctuation)."""
    if RIGHT_TO_LEFT_BLOCKS.search(text) is None:  # most text: quick passes
        has_letters = any(m[0].isalpha() for m in LETTER_OR_NUMBER.finditer(text))
        return False if has_letters else None
    letters = [c for c in set(text) if c.isalpha()]  # each character once: texts are long
    if not letters:
        return None
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in letters)


def own_language(course: Course, value: str) -> tuple[str, str] | None:
    """The language and direction (``ltr``, ``rtl``) of ``value`` where they are not those
    of ``course``'s language: text in a script of the other direction (English left in a
    Persian course where a translation is missing) is in the source language, or, when
    the source language runs the same way as the course's (a Latin word in a Persian
    source), still in the course's language but in its script's direction. None for text
    in the course's own direction or without letters."""
    script = in_right_to_left_script(value)
    if script is None:
        return None
    own = "rtl" if script else "ltr"
    if own == direction(course.language):
        return None
    source = course.default_language
    return (source if direction(source) == own else course.language), own


def translation_notices(course: Course, module: Module, units: tuple[str, ...]) -> list[str]:
    """What a reader of ``units`` of ``module`` must know about its translation, in the
    course's language: source-language text, an outdated translation, no review yet."""
    state = module.translation
    if state is None:
        return []
    statuses = {state.status(unit) for unit in units}
    source = language_name(course.default_language, course.language)
    notices = []
    if statuses & {"missing", "partial"}:
        notices.append(course.ui(PARTLY_IN_SOURCE, language=source))
    if "stale" in statuses:
        notices.append(course.ui(SOURCE_CHANGED, language=source))
    if state.review == "draft" and statuses != {"missing"}:
        notices.append(course.ui(NOT_REVIEWED))
    return notices


def page_notices(course: Course, page: SiteTemplate) -> list[str]:
    """What a reader of a maintainer page must know about its translation, in the course's
    language: not translated at all, partly, outdated, or not reviewed yet."""
    state = page.translation
    if state is None:
        return []
    source = language_name(course.default_language, course.language)
    if state.status == "missing":
        return [course.ui(PAGE_IN_SOURCE, language=source)]
    notices = []
    if state.status == "partial":
        notices.append(course.ui(PARTLY_IN_SOURCE, language=source))
    if state.status == "stale":
        notices.append(course.ui(SOURCE_CHANGED, language=source))
    if state.review == "draft":
        notices.append(course.ui(NOT_REVIEWED))
    return notices


def language_name(code: str, in_language: str | None = None) -> str:
    """A language's name in ``in_language`` (by default in itself: ``ru`` → ``русский``),
    or the code when babel does not know it."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(
            (in_language or code).replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code
