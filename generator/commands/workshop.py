"""``coursepack workshop plan FILE.yml``: agenda, decks, guide and tests in one folder."""

from __future__ import annotations

import argparse
import sys

from generator.build.reproducible import source_date_epoch
from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.errors import CourseInvalid, Problem
from generator.facilitator.printables import read_names, write_certificates
from generator.facilitator.workshop import (
    FORMS_FILE,
    read_workshop,
    untested_modules,
    write_bundle,
)
from generator.facilitator.workshop_model import WorkshopFile


def run(args: argparse.Namespace) -> int:
    root = args.course.resolve()
    course = load_course(root)
    workshop_file = args.workshop.resolve()
    workshop = read_workshop(course, workshop_file)
    if args.action == "certificates":
        return certificates(args, course, workshop)
    untested = untested_modules(course, workshop)
    if untested and course.blueprint is not None:
        print(f"warning: the tests do not cover {', '.join(untested)}: the test cycle does "
              "not list them (assessments/cycles.yml)", file=sys.stderr)
    out = (args.out or root / "build" / "workshops" / workshop_file.stem).resolve()
    template = (args.template or root / "facilitator" / "template.pptx").resolve()
    slots = write_bundle(course, localize(course, workshop.language), workshop, template, out,
                         source_date_epoch(root))
    days = max(slot.day for slot in slots)
    print(f"Planned {workshop.title!r} over {days} day(s): agenda with the materials "
          f"checklist, decks, guide, tests, handouts and their print pack, feedback forms, "
          f"attendance sheet and pilot action plan in {out}")
    return 0


def certificates(args: argparse.Namespace, course: Course, workshop: WorkshopFile) -> int:
    """``coursepack workshop certificates FILE.yml --names FILE --out DIR``."""
    if args.names is None or args.out is None:
        raise CourseInvalid([Problem(str(args.workshop), 1, "", "certificates need --names "
                                     "FILE and --out DIR",
                                     "give the names file (one name a line) and a folder "
                                     "outside the bundle")])
    out = args.out.resolve()
    inside = next((f for f in (out, *out.parents) if (f / FORMS_FILE).is_file()
                   or (f / "agenda.html").is_file()), None)
    if inside is not None:
        raise CourseInvalid([Problem(str(args.out), 1, "--out", f"{out} is inside the "
                                     f"workshop bundle {inside}, which is copied to others",
                                     "write the certificates to a folder of their own, "
                                     "outside the bundle")])
    names = read_names(args.names.resolve())
    count = write_certificates(localize(course, workshop.language), workshop, names,
                               out, source_date_epoch(args.course.resolve()))
    print(f"Wrote {count} certificate(s) of attendance to {args.out}")
    return 0
