"""The localize step: the course with one language's text, before any renderer runs."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from .model import Course


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
        "modules": translation.modules, "messages": translation.messages, "translations": (),
    })


def direction(language: str) -> str:
    """``rtl`` for right-to-left scripts (Arabic, Persian, Hebrew, …), else ``ltr``."""
    try:
        order = Locale.parse(language.replace("-", "_")).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"
