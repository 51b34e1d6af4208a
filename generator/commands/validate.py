"""``coursepack validate``: every problem and warning of the course, at once."""

from __future__ import annotations

import argparse
import sys

from generator.course.load import load
from generator.errors import report_warnings


def run(args: argparse.Namespace) -> int:
    loaded, course = load(args.course.resolve())
    if loaded.warnings:
        print(report_warnings(loaded.warnings), file=sys.stderr)
    print(f"{args.course.resolve() / 'course.yml'}: the course is valid "
          f"({len(course.modules)} modules).")
    return 0
