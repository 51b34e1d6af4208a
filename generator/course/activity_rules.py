"""Rules on activities' time: each activity's steps add up to its minutes, a module's
activities leave its session time for the slides, and a translation has each step."""

from __future__ import annotations

from collections.abc import Iterator

from generator.course.reading import LoadedCourse
from generator.course.yamlsource import YamlDoc
from generator.errors import Problem

MINUTES_PER_SLIDE = 1
"""The least time a module's session leaves each of its own slides (``session_plan``
gives the slides what the activities leave)."""


def _minutes(count: int) -> str:
    return f"{count} minute" if count == 1 else f"{count} minutes"


def _slides(count: int) -> str:
    return f"{count} slide" if count == 1 else f"{count} slides"


def steps_add_up(loaded: LoadedCourse) -> Iterator[Problem]:
    """An activity's steps take exactly its minutes: steps that take longer cannot be run
    in the time the session plan gives the activity, and steps that take less leave
    the facilitator a gap nobody planned."""
    for module in loaded.modules:
        doc = module.activities_doc
        if doc is None:
            continue
        for index, activity in enumerate(module.activities):
            steps = sum(step.minutes for step in activity.steps)
            if steps == activity.minutes:
                continue
            where = ("activities", index, "minutes")
            each = " + ".join(str(step.minutes) for step in activity.steps)
            if steps > activity.minutes:
                message = (f"activity '{activity.id}' has {_minutes(activity.minutes)} but its "
                           f"steps take {_minutes(steps)} ({each}): "
                           f"{steps - activity.minutes} too many")
                hint = (f"cut or simplify steps until their minutes add up to "
                        f"{activity.minutes}, or raise minutes: to {steps} if the module's "
                        "session has room")
            else:
                message = (f"activity '{activity.id}' has {_minutes(activity.minutes)} but its "
                           f"steps take only {_minutes(steps)} ({each}): "
                           f"{activity.minutes - steps} unplanned")
                hint = (f"give the {_minutes(activity.minutes - steps)} to the steps that "
                        f"need them, or lower minutes: to {steps}")
            yield Problem(doc.path, doc.line(*where), f"activities[{activity.id}].minutes",
                          message, hint)


def activities_fit_the_session(loaded: LoadedCourse) -> Iterator[Problem]:
    """A module's activities fit in its session and leave its own slides at least
    ``MINUTES_PER_SLIDE`` each (the session plan gives the slides what is left)."""
    for module in loaded.modules:
        if not module.activities:
            continue
        activities = sum(a.minutes for a in module.activities)
        slides = MINUTES_PER_SLIDE * len(module.slides)
        if activities + slides <= module.meta.minutes:
            continue
        each = ", ".join(f"{a.id} {a.minutes}" for a in module.activities)
        over = activities + slides - module.meta.minutes
        file = module.activities_doc.path if module.activities_doc else "activities.yml"
        yield Problem(
            module.doc.path, module.doc.line("minutes"), "minutes",
            f"the module has {_minutes(module.meta.minutes)}, but its activities take "
            f"{_minutes(activities)} ({each}) and its {_slides(len(module.slides))} need at "
            f"least {_minutes(slides)}: {over} too many",
            f"shorten or cut activities in {file} by {_minutes(over)}, or raise "
            f"minutes: to {module.meta.minutes + over}")


def translated_steps_match(loaded: LoadedCourse) -> Iterator[Problem]:
    """A translated activity has as many steps as its source (a warning: until it does,
    its steps are shown in the source language, since the minutes go with the source's)."""
    sources = {m.activities_doc.path: m.activities_doc for m in loaded.modules
               if m.activities_doc is not None}
    for translation in loaded.translations:
        for path, doc in translation.files.items():
            if path not in sources or not isinstance(doc, YamlDoc):
                continue
            steps = {a.get("id"): a.get("steps") for a in _entries(sources[path].data)}
            for index, activity in enumerate(_entries(doc.data)):
                given, source = activity.get("steps"), steps.get(activity.get("id"))
                if not isinstance(given, list) or not isinstance(source, list) \
                        or len(given) == len(source):
                    continue
                yield Problem(
                    doc.path, doc.line("activities", index, "steps"),
                    f"activities[{activity.get('id')}].steps",
                    f"the source has {len(source)} steps, this translation {len(given)}: "
                    f"until they match, the steps are shown from {path}",
                    f"translate each of the {len(source)} steps of the source, in its order, "
                    "as - text: … (the minutes come from the source)")


def _entries(data: object) -> list[dict]:
    entries = data.get("activities") if isinstance(data, dict) else None
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
