"""A module's workshop session: the slides, then each activity."""

from __future__ import annotations

from dataclasses import dataclass

from generator.course.model import Course, Module


@dataclass(frozen=True)
class SessionPart:
    """One part of a module's workshop session."""

    kind: str  # "session" (the slides) or "activity"
    what: str
    minutes: int
    materials: tuple[str, ...] = ()  # ids in materials.yml
    handouts: tuple[str, ...] = ()  # <module-id>/<name>


def session_plan(course: Course, module: Module) -> list[SessionPart]:
    """The module's session in order: the slides, then each activity (minutes add up)."""
    presentation = max(0, module.minutes - sum(a.minutes for a in module.activities))
    return [SessionPart("session", course.ui("Presentation and discussion (slides)"),
                        presentation),
            *(SessionPart("activity", course.ui("Activity: {title}", title=a.title),
                          a.minutes, a.materials,
                          tuple(h if "/" in h else f"{module.id}/{h}" for h in a.handouts))
              for a in module.activities)]
