"""``coursepack assess score``: read the response files, write the report."""

from __future__ import annotations

import argparse

from generator.assessments.forms import Form, printed_form
from generator.build.reproducible import source_date_epoch
from generator.course.blueprint import plan_forms
from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.errors import CoursepackError, report
from generator.facilitator.workshop import read_forms_record
from generator.scoring.report import write_report
from generator.scoring.responses import score_files


class ScoringRefused(CoursepackError):
    """The files or the options given cannot be scored; nothing was written."""

    def report(self, command: str) -> str:
        return str(self)


def run(args: argparse.Namespace) -> int:
    root = args.course.resolve()
    course = load_course(root)
    cycles, forms = _forms(course, args)
    scored = score_files(args.files, forms)
    if scored.problems and not args.allow_partial:
        raise ScoringRefused(
            report(scored.problems, annotations=False, again="coursepack assess score")
            + "\nNothing was written. Fix the files, or add --allow-partial to leave these "
              "cells out and list them in the report.")
    if not scored.forms:
        raise ScoringRefused("coursepack assess score: no file could be scored.")
    language = args.language or (forms[0].language if args.workshop is not None
                                 else course.default_language)
    if language not in course.languages:
        raise ScoringRefused(f"coursepack assess score --language: the course has no "
                             f"'{language}'; its languages are {', '.join(course.languages)}")
    write_report(localize(course, language), scored, cycles, args.out.resolve(),
                 source_date_epoch(root))
    print(f"Scored {len(scored.files)} file(s); report in {args.out}"
          + (f" ({len(scored.problems)} cell(s) left out, listed in the report)"
             if scored.problems else ""))
    return 0


def _forms(course: Course, args: argparse.Namespace) -> tuple[list[str], list[Form]]:
    """The cycles and the forms the files are scored against."""
    if args.workshop is not None and args.cycle:
        raise ScoringRefused("coursepack assess score: give either --cycle or --workshop: a "
                             "workshop's tests are its own, not a whole cycle's")
    if args.workshop is not None:
        try:
            forms = read_forms_record(args.workshop.resolve())
        except ValueError as error:
            raise ScoringRefused(f"coursepack assess score --workshop: {error}") from None
        cycles = list(dict.fromkeys(f.cycle for f in forms))
        return cycles, [f for f in forms if f.language == forms[0].language]
    known = [c.id for c in course.blueprint.cycles] if course.blueprint else []
    unknown = [c for c in args.cycle or [] if c not in known]
    if unknown or not args.cycle:
        problem = (f"no cycle {', '.join(unknown)} in assessments/cycles.yml" if unknown
                   else "say which tests the files are: --cycle ID or --workshop DIR")
        raise ScoringRefused(f"coursepack assess score --cycle: {problem}; the cycles are: "
                             f"{', '.join(known) or 'none'}")
    cycles = [c for c in known if c in args.cycle]
    return cycles, [printed_form(course, plan) for plan in plan_forms(course)
                    if plan.cycle in cycles]
