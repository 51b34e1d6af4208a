"""The ``coursepack`` command: validate, build and inspect a course; plan workshops.

Each command lives in ``generator.commands.<name>`` and is imported only when it runs, so
``coursepack validate`` never imports a renderer. Every error a command raises is a
``CoursepackError``, reported here once with its exit code."""

from __future__ import annotations

import argparse
import errno
import importlib
import signal
import sys
from datetime import date
from pathlib import Path

from generator.build import PARTS
from generator.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    OUTPUTS,
    CoursepackError,
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    words = " ".join(w for w in (args.command, getattr(args, "action", None),
                                  getattr(args, "kind", None)) if w)
    command = importlib.import_module(f"generator.commands.{args.command}")
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `timeout`, CI cancelling: Ctrl-C
    try:
        return command.run(args)
    except CoursepackError as error:
        print(error.report(words), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"Interrupted; the previous {OUTPUTS.get(words, 'outputs')} is unchanged.",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - every other failure, said plainly
        if args.debug:
            raise
        print(unexpected(words, error), file=sys.stderr)
        return EXIT_INVALID if isinstance(error, OSError) else EXIT_FAILED
    finally:
        signal.signal(signal.SIGTERM, previous)


SYSTEM = {
    errno.ENOSPC: ("the disk is full", "free some space, then run the command again"),
    errno.EROFS: ("the folder is read-only", "choose a folder you can write to (--out)"),
    errno.EACCES: ("permission denied", "choose a folder you can write to, or check the "
                                        "file's permissions"),
    errno.ENAMETOOLONG: ("a file name is too long", "use a shorter id or folder name"),
    errno.ENOENT: ("a file or folder is missing", "check the path you gave"),
}
"""What the system's errors mean for someone running coursepack, and what to do."""


def unexpected(command: str, error: Exception) -> str:
    """``coursepack <command>: <what failed>: <reason>`` and a hint, for an error that no
    part of coursepack turned into a message itself."""
    if isinstance(error, OSError) and error.errno in SYSTEM:
        what, hint = SYSTEM[error.errno]
        where = f" ({error.filename})" if error.filename else ""
        return f"coursepack {command}: {what}{where}\n    hint: {hint}"
    if isinstance(error, MemoryError | RecursionError):
        return (f"coursepack {command}: a source is too large or too deeply nested to "
                f"process ({type(error).__name__})\n    hint: look for a file that grew "
                "by mistake; run with --debug to see where it happened")
    return (f"coursepack {command}: the command failed: {error or type(error).__name__}\n"
            "    hint: nothing was changed; run again with --debug for the details, and "
            "report it if it happens again")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _day(text: str) -> date:
    """A command-line date, YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD, e.g. "
                                         "2026-03-01") from None


def _at_least_one(text: str) -> int:
    """A whole number of at least 1 (``--min-group``)."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursepack", description=__doc__)
    parser.add_argument("--debug", action="store_true",
                        help="show the Python traceback of an unexpected error")
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
    build_cmd.add_argument("--allow-placeholders", action="store_true",
                           help="build even where sample text from `coursepack new module` "
                                "is still in place (a preview)")
    build_cmd.add_argument("--template", type=Path,
                           help="slide template .pptx (default: facilitator/template.pptx)")
    workshop_cmd = commands.add_parser("workshop", help="plan a workshop from a workshop file")
    workshop_cmd.add_argument("action", choices=["plan", "certificates"],
                              help="plan: agenda and bundle; certificates: certificates of "
                                   "attendance from --names")
    workshop_cmd.add_argument("workshop", type=Path, help="the workshop file (.yml)")
    workshop_cmd.add_argument("--out", type=Path,
                              help="bundle folder (default: build/workshops/<file name>/)")
    workshop_cmd.add_argument("--names", type=Path, metavar="FILE",
                              help="certificates: the participants' names, one a line (CSV "
                                   "or text); read, printed on the certificates, kept nowhere "
                                   "else")
    workshop_cmd.add_argument("--template", type=Path,
                              help="slide template .pptx (default: facilitator/template.pptx)")
    assess_cmd = commands.add_parser("assess", help="score filled-in pre/post tests; report "
                                     "across recorded workshops")
    assess_actions = assess_cmd.add_subparsers(dest="action", required=True)
    score_cmd = assess_actions.add_parser(
        "score", help="score response files: summary.json, report.html, .pdf and .xlsx")
    score_cmd.add_argument("files", type=Path, nargs="+", metavar="FILE",
                           help="filled entry templates (CSV/XLSX) or KoboToolbox CSV exports")
    score_cmd.add_argument("--workshop", type=Path, metavar="DIR",
                           help="score against the tests of a planned workshop (the folder "
                                "`coursepack workshop plan` wrote), not a whole cycle")
    score_cmd.add_argument("--workshop-file", type=Path, metavar="FILE",
                           help="the workshop file (.yml): its title, place, dates, "
                                "facilitators and language go on the report (default: the "
                                "one a --workshop bundle was planned from)")
    score_cmd.add_argument("--cycle", action="append",
                           help="the cycle the files belong to (repeat for both cycles: "
                                "retention is reported between them)")
    score_cmd.add_argument("--out", type=Path, required=True, help="report folder")
    score_cmd.add_argument("--language",
                           help="the report's language (default: the workshop's, else the "
                                "course's source language)")
    score_cmd.add_argument("--allow-partial", action="store_true",
                           help="leave out cells with problems (listed in the report) "
                                "instead of failing")
    score_cmd.add_argument("--participants", type=Path, metavar="FILE",
                           help="CSV/XLSX: participant_code and any of country, organisation, "
                                "workshop, role (never names), for breakdowns by group")
    score_cmd.add_argument("--feedback", type=Path, nargs="+", metavar="FILE",
                           help="filled feedback forms (entry templates or XLSForm exports, "
                                "CSV/XLSX): their summary goes into the report")
    score_cmd.add_argument("--record", action="store_true",
                           help="also record the scored workshop in the results store")
    score_cmd.add_argument("--replace", action="store_true",
                           help="with --record: replace the workshop's recorded results")
    report_cmd = assess_actions.add_parser(
        "report", help="the report across the workshops recorded in a results store")
    report_cmd.add_argument("--out", type=Path, required=True, help="report folder")
    report_cmd.add_argument("--country", help="only workshops in this country (the workshop "
                                              "file's country)")
    report_cmd.add_argument("--cycle", help="only this cycle's tests (default: every cycle; "
                                            "retention between them)")
    report_cmd.add_argument("--from", dest="start", type=_day, metavar="YYYY-MM-DD",
                            help="only workshops starting on or after this day")
    report_cmd.add_argument("--to", dest="end", type=_day, metavar="YYYY-MM-DD",
                            help="only workshops starting on or before this day")
    report_cmd.add_argument("--language", help="the report's language (default: the "
                                               "course's source language)")
    for action in (score_cmd, report_cmd):
        action.add_argument("--store", type=Path, metavar="PATH",
                            help="the results store (default: results.sqlite in the course "
                                 "folder)")
        action.add_argument("--min-group", type=_at_least_one, default=5, metavar="N",
                            help="groups with fewer participants are not shown (default: 5)")
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
    what = mark_cmd.add_mutually_exclusive_group(required=True)
    what.add_argument("--module", help="a module's translated files and items")
    what.add_argument("--page", help="a maintainer page (site_templates/<page>.md)")
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


if __name__ == "__main__":
    sys.exit(main())
