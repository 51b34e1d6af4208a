"""How fast the command line answers: `coursepack validate` against loading the course.

    .venv/bin/python bench/cli.py [--repeats N] [COURSE]

Times, with the median of N runs (default 5), the whole `coursepack validate` process (the
interpreter starting, the imports, loading and checking the course, the answer) and the call
`load(course)` alone inside a Python process that has already imported the course package.
Issue 16's target: validate at most 1.5 times the load. Prints one JSON object."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOAD = ("import sys, time; from pathlib import Path; from generator.course.load import load; "
        "t = time.perf_counter(); load(Path(sys.argv[1])); print(time.perf_counter() - t)")


def validate_seconds(course: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "coursepack"), "--course", str(course), "validate"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def load_seconds(course: Path) -> float:
    result = subprocess.run([sys.executable, "-c", LOAD, str(course)], check=True,
                            capture_output=True, text=True, cwd=ROOT)
    return float(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("course", type=Path, nargs="?", default=ROOT)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    validate = statistics.median(validate_seconds(args.course) for _ in range(args.repeats))
    load = statistics.median(load_seconds(args.course) for _ in range(args.repeats))
    print(json.dumps({"validate_seconds": round(validate, 3), "load_seconds": round(load, 3),
                      "ratio": round(validate / load, 2), "target": 1.5}))


if __name__ == "__main__":
    main()
