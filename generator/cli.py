"""The ``coursepack`` command: validate, build and inspect a course; plan workshops."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.assessments.forms import UntranslatedItems, printed_form
from generator.authoring.scaffold import ScaffoldError, new_module
from generator.authoring.translate import (
    TranslateError,
    init_language,
    mark_current,
    status_data,
    status_text,
)
from generator.build.pipeline import PARTS, BuildLocked, BuildSettings, Step, build
from generator.build.reproducible import source_date_epoch
from generator.course.blueprint import plan_forms
from generator.course.item_writing import item_writing_figures
from generator.course.load import load
from generator.course.model import Course
from generator.errors import CourseInvalid, report, report_warnings
from generator.facilitator.decks import TemplateError
from generator.facilitator.workshop import read_forms_record, read_workshop, write_bundle
from generator.scoring.report import write_report
from generator.scoring.responses import score_files
from generator.site.plugin import CannotServe, SiteBuildFailed, serve_site
from generator.site.templates import UnknownCountry

EXIT_INVALID, EXIT_BUILD_FAILED, EXIT_LOCKED, EXIT_INTERRUPTED = 1, 3, 4, 130


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.course.resolve()
    try:
        loaded, course = load(root)
        if args.command == "validate":
            if loaded.warnings:
                print(report_warnings(loaded.warnings), file=sys.stderr)
            print(f"{root / 'course.yml'}: the course is valid "
                  f"({len(course.modules)} modules).")
        elif args.command == "inspect":
            data = course.model_dump(mode="json")
            data["item_writing"] = item_writing_figures(course)
            print(json.dumps(data, indent=2, ensure_ascii=False))
        elif args.command == "assess":
            return _score(course, args)
        elif args.command == "translate":
            return _translate(root, course, args)
        elif args.command == "new":
            return _new(root, course, args)
        elif args.command == "serve":
            return _serve(root, course, args)
        elif args.command == "workshop":
            workshop_file = args.workshop.resolve()
            workshop = read_workshop(course, workshop_file)
            out = (args.out or root / "build" / "workshops" / workshop_file.stem).resolve()
            template = (args.template or root / "facilitator" / "template.pptx").resolve()
            slots = write_bundle(course, workshop, template, out, source_date_epoch(root))
            days = max(slot.day for slot in slots)
            print(f"Planned {workshop.title!r} over {days} day(s): agenda, materials "
                  f"checklist, decks and guide in {out}")
        else:
            settings = BuildSettings(
                root=root, out=(args.out or root / "build").resolve(),
                template=(args.template or root / "facilitator" / "template.pptx").resolve(),
                epoch=source_date_epoch(root), parts=tuple(args.only or PARTS),
                country=args.country)
            with _progress() as step:
                built = build(course, settings, step)
            print(f"Built {', '.join(settings.parts)} into {settings.out} "
                  f"({_made(built.made)})")
            for warning in built.left_out:
                print(f"warning: {warning}", file=sys.stderr)
    except CourseInvalid as invalid:
        if args.command == "validate" and invalid.warnings:
            print(report_warnings(invalid.warnings), file=sys.stderr)
        print(report(invalid.problems, annotations=os.environ.get("CI") == "true"),
              file=sys.stderr)
        return EXIT_INVALID
    except UnknownCountry as error:
        print(f"coursepack build --country: {error}", file=sys.stderr)
        return EXIT_INVALID
    except (SiteBuildFailed, TemplateError) as error:
        print(f"The build failed; the previous build/ is unchanged.\n{error}", file=sys.stderr)
        return EXIT_BUILD_FAILED
    except UntranslatedItems as error:
        print(f"coursepack {args.command}: {error}", file=sys.stderr)
        return EXIT_INVALID
    except BuildLocked as error:
        print(error, file=sys.stderr)
        return EXIT_LOCKED
    except KeyboardInterrupt:
        print("Interrupted; the previous build/ is unchanged.", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


def _made(made: tuple[str, ...]) -> str:
    """``3 files made again, the rest unchanged`` for a maintainer after an edit."""
    if not made:
        return "nothing changed"
    return f"{len(made)} output{'s' if len(made) != 1 else ''} made, the rest unchanged"


def _translate(root: Path, course: Course, args: argparse.Namespace) -> int:
    """``coursepack translate init | status | mark-current``."""
    try:
        if args.action == "status":
            print(json.dumps(status_data(course), indent=2, ensure_ascii=False) if args.json
                  else status_text(course), end="\n" if args.json else "")
        elif args.action == "init":
            started = init_language(root, args.language, args.module)
            for path in started.created:
                print(f"created {path}")
            if started.kept:
                print(f"kept {len(started.kept)} file(s) that already exist")
            if started.added_to_course:
                print(f"added {args.language} to languages in course.yml")
            print(f"Translate the text in locales/{args.language}/, then run "
                  "`coursepack translate status`.")
        else:
            state = mark_current(root, args.language, args.module, args.reviewed)
            print(f"{args.language}/{args.module}: recorded as current "
                  f"(site {state.site}, deck {state.deck}, quiz {state.quiz}; {state.review})")
    except TranslateError as error:
        print(f"coursepack translate {args.action}: {error}", file=sys.stderr)
        return EXIT_INVALID
    return 0


def _score(course: Course, args: argparse.Namespace) -> int:
    """``coursepack assess score``: read the response files, write the report."""
    if args.workshop is not None:
        try:
            forms = read_forms_record(args.workshop.resolve())
        except ValueError as error:
            print(f"coursepack assess score --workshop: {error}", file=sys.stderr)
            return EXIT_INVALID
        cycles = list(dict.fromkeys(f.cycle for f in forms))
        forms = [f for f in forms if f.language == forms[0].language]
    else:
        known = [c.id for c in course.blueprint.cycles] if course.blueprint else []
        unknown = [c for c in args.cycle or [] if c not in known]
        if unknown or not args.cycle:
            problem = (f"no cycle {', '.join(unknown)} in assessments/cycles.yml" if unknown
                       else "say which tests the files are: --cycle ID or --workshop DIR")
            print(f"coursepack assess score --cycle: {problem}; the cycles are: "
                  f"{', '.join(known) or 'none'}", file=sys.stderr)
            return EXIT_INVALID
        cycles = [c for c in known if c in args.cycle]
        forms = [printed_form(course, plan) for plan in plan_forms(course)
                 if plan.cycle in cycles]
    scored = score_files(args.files, forms)
    if scored.problems and not args.allow_partial:
        print(report(scored.problems, annotations=False, again="coursepack assess score"),
              file=sys.stderr)
        print("Nothing was written. Fix the files, or add --allow-partial to leave these "
              "cells out and list them in the report.", file=sys.stderr)
        return EXIT_INVALID
    if not scored.forms:
        print("coursepack assess score: no file could be scored.", file=sys.stderr)
        return EXIT_INVALID
    epoch = source_date_epoch(args.course.resolve())
    write_report(course, scored, cycles, args.out.resolve(), epoch)
    print(f"Scored {len(scored.files)} file(s); report in {args.out}"
          + (f" ({len(scored.problems)} cell(s) left out, listed in the report)"
             if scored.problems else ""))
    return 0


def _new(root: Path, course: Course, args: argparse.Namespace) -> int:
    """``coursepack new module ID --track TRACK``."""
    try:
        print(new_module(root, course, args.id, args.track).summary(), end="")
    except ScaffoldError as error:
        print(f"coursepack new module: {error}", file=sys.stderr)
        return EXIT_INVALID
    return 0


def _serve(root: Path, course: Course, args: argparse.Namespace) -> int:
    """``coursepack serve [--dev-addr HOST:PORT] [--language LANG]``, until Ctrl-C."""
    try:
        serve_site(root / "mkdocs.yml", course, args.language, args.dev_addr)
    except CannotServe as error:
        print(f"coursepack serve: {error}", file=sys.stderr)
        return EXIT_INVALID
    except SiteBuildFailed as error:
        print(f"coursepack serve: the site could not be built.\n{error}", file=sys.stderr)
        return EXIT_BUILD_FAILED
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursepack", description=__doc__)
    parser.add_argument("--course", type=Path, default=Path.cwd(),
                        help="the course folder (with course.yml); default: the current folder")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check the sources and list every problem")
    build_cmd = commands.add_parser("build", help="build the site, decks and test forms")
    build_cmd.add_argument("--only", action="append", choices=PARTS,
                           help="build only this part (repeatable); other parts stay as they were")
    build_cmd.add_argument("--out", type=Path, help="output folder (default: build/)")
    build_cmd.add_argument("--country", help="country overlay: countries/<id>.yml for the "
                                              "site's templates (default: none)")
    build_cmd.add_argument("--template", type=Path,
                           help="slide template .pptx (default: facilitator/template.pptx)")
    workshop_cmd = commands.add_parser("workshop", help="plan a workshop from a workshop file")
    workshop_cmd.add_argument("action", choices=["plan"], help="plan: agenda and bundle")
    workshop_cmd.add_argument("workshop", type=Path, help="the workshop file (.yml)")
    workshop_cmd.add_argument("--out", type=Path,
                              help="bundle folder (default: build/workshops/<file name>/)")
    workshop_cmd.add_argument("--template", type=Path,
                              help="slide template .pptx (default: facilitator/template.pptx)")
    assess_cmd = commands.add_parser("assess", help="score filled-in pre/post tests")
    assess_cmd.add_argument("action", choices=["score"],
                            help="score: summary.json, report.xlsx and report.html")
    assess_cmd.add_argument("files", type=Path, nargs="+", metavar="FILE",
                            help="filled entry templates (CSV/XLSX) or KoboToolbox CSV exports")
    assess_cmd.add_argument("--workshop", type=Path, metavar="DIR",
                            help="score against the tests of a planned workshop (the folder "
                                 "`coursepack workshop plan` wrote), not a whole cycle")
    assess_cmd.add_argument("--cycle", action="append",
                            help="the cycle the files belong to (repeat for both cycles: "
                                 "retention is reported between them)")
    assess_cmd.add_argument("--out", type=Path, required=True, help="report folder")
    assess_cmd.add_argument("--allow-partial", action="store_true",
                            help="leave out cells with problems (listed in the report) "
                                 "instead of failing")
    translate_cmd = commands.add_parser(
        "translate", help="start a translation, see what is current, mark it reviewed")
    actions = translate_cmd.add_subparsers(dest="action", required=True)
    init_cmd = actions.add_parser("init", help="create the files to translate, pre-filled "
                                  "with the source text")
    init_cmd.add_argument("language", help="language code, e.g. es, ru, fa")
    init_cmd.add_argument("--module", help="only this module (default: every module)")
    status_cmd = actions.add_parser("status", help="module × language: complete, partial, "
                                    "stale or missing")
    status_cmd.add_argument("--json", action="store_true", help="the same as data")
    mark_cmd = actions.add_parser("mark-current", help="record that a translation matches "
                                  "its source again")
    mark_cmd.add_argument("language")
    mark_cmd.add_argument("--module", required=True)
    mark_cmd.add_argument("--reviewed", action="store_true",
                          help="also record that a native speaker reviewed it")
    new_cmd = commands.add_parser("new", help="start a new module: every file, commented, "
                                  "valid at once")
    new_cmd.add_argument("kind", choices=["module"], help="what to start")
    new_cmd.add_argument("id", help="the module id, also its folder name, e.g. women-and-housing")
    new_cmd.add_argument("--track", required=True, help="the track it belongs to (a track id "
                         "from course.yml)")
    serve_cmd = commands.add_parser("serve", help="preview the site, rebuilt on every edit")
    serve_cmd.add_argument("--dev-addr", metavar="HOST:PORT",
                           help="where to serve it (default: 127.0.0.1:8000)")
    serve_cmd.add_argument("--language", help="preview this language (default: the source "
                           "language)")
    inspect_cmd = commands.add_parser("inspect", help="print the validated course model")
    inspect_cmd.add_argument("--json", action="store_true", required=True,
                             help="as JSON (the only format)")
    return parser


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


if __name__ == "__main__":
    sys.exit(main())
