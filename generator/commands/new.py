"""``coursepack new module ID --track TRACK``."""

from __future__ import annotations

import argparse

from generator.authoring.scaffold import new_module
from generator.course.load import load_course


def run(args: argparse.Namespace) -> int:
    root = args.course.resolve()
    print(new_module(root, load_course(root), args.id, args.track).summary(), end="")
    return 0
