"""``coursepack serve [--dev-addr HOST:PORT] [--language LANG]``, until Ctrl-C."""

from __future__ import annotations

import argparse

from generator.course.load import load_course
from generator.site.plugin import serve_site


def run(args: argparse.Namespace) -> int:
    root = args.course.resolve()
    serve_site(root / "mkdocs.yml", load_course(root), args.language, args.dev_addr)
    return 0
