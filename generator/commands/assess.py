"""``coursepack assess score``: read the response files, write the report (and record the
workshop in the results store); ``coursepack assess report``: the report across the
workshops a store holds."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

from generator.assessments.forms import Form, printed_form
from generator.build.reproducible import source_date_epoch
from generator.course.blueprint import plan_forms
from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.errors import CourseInvalid, CoursepackError, report
from generator.facilitator.feedback import summarise_feedback
from generator.facilitator.workshop import (
    read_forms_record,
    read_workshop,
    read_workshop_record,
)
from generator.facilitator.workshop_model import WorkshopFile
from generator.scoring import store
from generator.scoring.groups import Groups, code_groups, merged, read_participants
from generator.scoring.programme import combine
from generator.scoring.report import ReportContext, write_report
from generator.scoring.responses import Scored, score_files


class ScoringRefused(CoursepackError):
    """The files or the options given cannot be scored; nothing was written."""

    def report(self, command: str) -> str:
        return str(self)


def run(args: argparse.Namespace) -> int:
    return report_run(args) if args.action == "report" else score_run(args)


# --- assess score ----------------------------------------------------------------------------


def score_run(args: argparse.Namespace) -> int:
    root = args.course.resolve()
    course = load_course(root)
    cycles, forms = _forms(course, args)
    workshop = _workshop(course, args)
    if (args.replace or args.store) and not args.record:
        raise ScoringRefused("coursepack assess score: --replace and --store go with --record "
                             "(recording the workshop in the results store)")
    if args.record and workshop is None:
        raise ScoringRefused("coursepack assess score --record: say which workshop these are: "
                             "--workshop DIR (a planned bundle) or --workshop-file FILE.yml")
    scored = score_files(args.files, forms)
    groups = _groups(course, args, scored, forms)
    feedback = _feedback(course, args, workshop, forms, scored)
    if scored.problems and not args.allow_partial:
        raise ScoringRefused(
            report(scored.problems, annotations=False, again="coursepack assess score")
            + "\nNothing was written. Fix the files, or add --allow-partial to leave these "
              "cells out and list them in the report.")
    if not scored.forms:
        raise ScoringRefused("coursepack assess score: no file could be scored.")
    language = args.language or (workshop.language if workshop else None) or (
        forms[0].language if args.workshop is not None else course.default_language)
    _check_language(course, language, "score")
    context = ReportContext(
        title=workshop.title if workshop else course.title, place=workshop.place
        if workshop else "", start=workshop.start if workshop else None,
        end=workshop.end if workshop else None,
        facilitators=workshop.facilitators if workshop else (), min_group=args.min_group)
    out = args.out.resolve()
    path = _store_path(root, args)
    with store.transaction(path) if args.record else nullcontext() as db:
        if db is not None:
            store.add(db, _recordings(workshop, scored, groups), replace=args.replace)
        write_report(localize(course, language), scored, cycles, out, source_date_epoch(root),
                     context, groups, feedback=feedback)
    print(f"Scored {len(scored.files)} file(s); report in {args.out}"
          + (f" ({len(scored.problems)} cell(s) left out, listed in the report)"
             if scored.problems else "")
          + (f"; recorded in {path}" if args.record else ""))
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


def _workshop(course: Course, args: argparse.Namespace) -> WorkshopFile | None:
    """The workshop the files come from: ``--workshop-file``, else the one a planned
    bundle (``--workshop``) recorded; None when neither says."""
    if args.workshop_file is not None:
        try:
            return read_workshop(course, args.workshop_file.resolve())
        except CourseInvalid as invalid:
            raise ScoringRefused(report(invalid.problems, annotations=False,
                                        again="coursepack assess score")
                                 + "\nNothing was written.") from None
    if args.workshop is not None:
        try:
            return read_workshop_record(args.workshop.resolve())
        except ValueError as error:
            raise ScoringRefused(f"coursepack assess score --workshop: {error}") from None
    return None


def _groups(course: Course, args: argparse.Namespace, scored: Scored,
            forms: Sequence[Form]) -> Groups:
    """Each scored participant's groups: read from the code (``participant_code.groups``
    in cycles.yml), then from ``--participants`` (which wins); problems go with the
    scoring's."""
    codes = {code for form in scored.forms.values() for code in form.scores}
    patterns = course.blueprint.participant_code.groups if course.blueprint else {}
    from_codes = code_groups(sorted(codes), patterns)
    if args.participants is None:
        return from_codes
    listed = read_participants(args.participants, forms[0].code_pattern, codes,
                               scored.problems)
    return merged(from_codes, listed)


def _feedback(course: Course, args: argparse.Namespace, workshop: WorkshopFile | None,
              forms: Sequence[Form], scored: Scored) -> dict | None:
    """The feedback forms' summary (``--feedback``), its questions in the report's
    language; unreadable cells go with the scoring's problems."""
    if not args.feedback:
        return None
    language = args.language or (workshop.language if workshop else None) or (
        forms[0].language if args.workshop is not None else course.default_language)
    if language not in course.languages:
        return None  # refused with the report's language below
    return summarise_feedback(localize(course, language), args.feedback, scored.problems)


def _recordings(workshop: WorkshopFile, scored: Scored,
                groups: Groups) -> list[store.Recording]:
    """What ``--record`` writes: one recording per cycle scored."""
    cycles = dict.fromkeys(cycle for cycle, _ in scored.forms)
    recordings = []
    for cycle in cycles:
        forms = tuple(f for (c, _), f in sorted(scored.forms.items(), key=lambda kv: (
            kv[0][0], kv[0][1] != "pre")) if c == cycle)
        codes = {code for form in forms for code in form.scores}
        recordings.append(store.Recording(
            store.Workshop(id=workshop.id or "workshop", cycle=cycle, title=workshop.title,
                           place=workshop.place, country=workshop.country or "",
                           start=workshop.start, end=workshop.end,
                           language=workshop.language, facilitators=workshop.facilitators),
            forms, {code: values for code, values in groups.items()
                    if code in codes and values}))
    return recordings


def _store_path(root: Path, args: argparse.Namespace) -> Path:
    return (args.store or root / store.DEFAULT_STORE).resolve()


def _check_language(course: Course, language: str, action: str) -> None:
    if language not in course.languages:
        raise ScoringRefused(f"coursepack assess {action} --language: the course has no "
                             f"'{language}'; its languages are {', '.join(course.languages)}")


# --- assess report ---------------------------------------------------------------------------


def report_run(args: argparse.Namespace) -> int:
    root = args.course.resolve()
    course = load_course(root)
    language = args.language or course.default_language
    _check_language(course, language, "report")
    known = [c.id for c in course.blueprint.cycles] if course.blueprint else []
    if args.cycle and args.cycle not in known:
        raise ScoringRefused(f"coursepack assess report --cycle: no cycle '{args.cycle}' in "
                             f"assessments/cycles.yml; the cycles are: {', '.join(known)}")
    if args.start and args.end and args.start > args.end:
        raise ScoringRefused(f"coursepack assess report: --from {args.start} is after --to "
                             f"{args.end}")
    path = _store_path(root, args)
    selection = store.Selection(country=args.country or "", cycle=args.cycle or "",
                                start=args.start, end=args.end)
    recordings = store.read(path, selection)
    programme = combine(recordings, known, path.name, selection.country)
    recordings = [r for r in recordings
                  if any(c in programme.groups for f in r.forms for c in f.scores)]
    if not recordings:
        raise ScoringRefused(f"coursepack assess report: no recorded workshop in {path} "
                             f"matches {_plainly(selection)}; nothing was written\n    hint: "
                             "widen the selection, or record workshops with `coursepack "
                             "assess score ... --record`")
    for note in programme.notes:
        print(f"warning: {note}", file=sys.stderr)
    if not programme.scored.forms:
        raise ScoringRefused("coursepack assess report: the selected workshops' tests have "
                             "no item in common; nothing was written\n    hint: select "
                             "workshops that used the same tests (--cycle, --country)")
    localized = localize(course, language)
    context = ReportContext(
        title=localized.ui("Results across workshops"),
        start=min((r.workshop.start for r in recordings if r.workshop.start), default=None),
        end=max((r.workshop.end or r.workshop.start for r in recordings
                 if r.workshop.start), default=None),
        selection=selection_words(localized, selection, recordings), min_group=args.min_group)
    write_report(localized, programme.scored, programme.cycles, args.out.resolve(),
                 source_date_epoch(root), context, programme.groups)
    print(f"Reported {len(recordings)} recorded workshop(s) from {path}; report in {args.out}")
    return 0


def selection_words(course: Course, selection: store.Selection,
                    recordings: Sequence[store.Recording]) -> str:
    """What a programme report covers, in the report's language."""
    ui = course.ui
    titles = {c.id: c.title for c in course.blueprint.cycles} if course.blueprint else {}
    parts = [ui("{count} recorded workshop(s)", count=len({r.workshop.id for r in recordings}))]
    if selection.country:
        parts.append(ui("country {country}", country=selection.country.upper()))
    if selection.cycle:
        parts.append(ui("cycle: {cycle}", cycle=titles.get(selection.cycle, selection.cycle)))
    if selection.start:
        parts.append(ui("starting on or after {date}", date=selection.start.isoformat()))
    if selection.end:
        parts.append(ui("starting on or before {date}", date=selection.end.isoformat()))
    names = sorted({r.workshop.title for r in recordings})
    return "; ".join(parts) + ": " + ", ".join(names)


def _plainly(selection: store.Selection) -> str:
    said = [f"--country {selection.country}" if selection.country else "",
            f"--cycle {selection.cycle}" if selection.cycle else "",
            f"--from {selection.start}" if selection.start else "",
            f"--to {selection.end}" if selection.end else ""]
    return " ".join(s for s in said if s) or "(everything)"
