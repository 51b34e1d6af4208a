"""``coursepack translate init | status | mark-current``."""

from __future__ import annotations

import argparse
import json

from generator.authoring.translate import (
    init_language,
    mark_current,
    mark_page_current,
    status_data,
    status_text,
)
from generator.course.load import load


def run(args: argparse.Namespace) -> int:
    loaded, course = load(args.course.resolve())
    if args.action == "status":
        print(json.dumps(status_data(course), indent=2, ensure_ascii=False) if args.json
              else status_text(course), end="\n" if args.json else "")
    elif args.action == "init":
        started = init_language(loaded, course, args.language, args.module)
        for path in started.created:
            print(f"created {path}")
        if started.kept:
            print(f"kept {len(started.kept)} file(s) that already exist")
        if started.added_to_course:
            print(f"added {args.language} to languages in course.yml")
        print(f"Translate the text in locales/{args.language}/, then run "
              "`coursepack translate status`.")
    elif args.page is not None:
        page = mark_page_current(loaded, course, args.language, args.page, args.reviewed)
        print(f"{args.language}/{args.page}: recorded as current ({page.status}; {page.review})")
    else:
        state = mark_current(loaded, course, args.language, args.module, args.reviewed)
        print(f"{args.language}/{args.module}: recorded as current "
              f"(site {state.site}, deck {state.deck}, quiz {state.quiz}; {state.review})")
    return 0
