"""``coursepack build``: the four parts of a course package through the build pipeline."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from generator.assessments.part import plan_assessments
from generator.build import PARTS
from generator.build.outputs import Outputs
from generator.build.pipeline import BuildSettings, Courses, Part, Step, build
from generator.build.reproducible import source_date_epoch
from generator.course.load import load
from generator.course.rules import no_placeholders, placeholders
from generator.errors import CourseInvalid
from generator.facilitator.decks import plan_decks
from generator.facilitator.guide import plan_guides
from generator.facilitator.handouts import plan_course_handouts
from generator.site.offline import ZIP_NAME as OFFLINE_ZIP
from generator.site.offline import offline_zip
from generator.site.plugin import finish_site, plan_site


def _plan_site(courses: Courses, settings: BuildSettings, outputs: Outputs) -> list[str]:
    plan_site(courses, settings.root / "mkdocs.yml", settings.epoch, settings.country, outputs)
    return []


def _finish_site(courses: Courses, settings: BuildSettings, outputs: Outputs) -> None:
    finish_site(courses, outputs)
    outputs.render(OFFLINE_ZIP, offline_zip, outputs.folder / "site", settings.epoch)


def _plan_decks(courses: Courses, settings: BuildSettings, outputs: Outputs) -> list[str]:
    plan_decks(courses, settings.template, settings.epoch, outputs)
    return []


def _plan_guides(courses: Courses, settings: BuildSettings, outputs: Outputs) -> list[str]:
    plan_guides(courses, outputs, settings.epoch)
    plan_course_handouts(courses, outputs, settings.epoch)
    return []


COURSE_PARTS = (
    Part("site", _plan_site, _finish_site, files=(OFFLINE_ZIP,)),
    Part("decks", _plan_decks),
    Part("facilitator", _plan_guides),
    Part("assessments", lambda courses, settings, outputs: plan_assessments(
        courses, settings.epoch, outputs)),
)
assert tuple(p.name for p in COURSE_PARTS) == PARTS


def run(args: argparse.Namespace) -> int:
    root = args.course.resolve()
    loaded, course = load(root, warnings=(no_placeholders,))  # the others: see validate
    left = placeholders(loaded.warnings)
    if left and not args.allow_placeholders:
        raise CourseInvalid(left)
    settings = BuildSettings(
        root=root, out=(args.out or root / "build").resolve(),
        template=(args.template or root / "facilitator" / "template.pptx").resolve(),
        epoch=source_date_epoch(root), parts=tuple(args.only or PARTS), country=args.country)
    with _progress() as step:
        built = build(course, settings, COURSE_PARTS, step)
    print(f"Built {', '.join(settings.parts)} into {settings.out} ({_made(built.made)})")
    for warning in built.left_out:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _made(made: tuple[str, ...]) -> str:
    """``3 outputs made, the rest unchanged`` for a maintainer after an edit."""
    if not made:
        return "nothing changed"
    return f"{len(made)} output{'s' if len(made) != 1 else ''} made, the rest unchanged"


@contextmanager
def _progress() -> Iterator[Step]:
    """A progress line on a terminal; silence otherwise (logs, CI)."""
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.console import Console

    console = Console(stderr=True)
    with console.status("Building…") as status:
        yield lambda part: status.update(f"Building {part}…")
