"""``coursepack inspect --json``: the validated model and the item-writing figures."""

from __future__ import annotations

import argparse
import json

from generator.course.item_writing import item_writing_figures
from generator.course.load import load_course


def run(args: argparse.Namespace) -> int:
    course = load_course(args.course.resolve())
    data = course.model_dump(mode="json")
    data["item_writing"] = item_writing_figures(course)
    print(json.dumps(data, indent=2, ensure_ascii=False))
    return 0
