"""What goes wrong, said for the person who ran the command: problems found in course
sources (``path:line: field: message``) and the one error type every command raises, which
carries its exit code and is reported once, by the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass

EXIT_INVALID, EXIT_FAILED, EXIT_LOCKED, EXIT_INTERRUPTED = 1, 3, 4, 130
"""Exit codes: invalid input, a build that failed, another build running, Ctrl-C."""


class CoursepackError(Exception):
    """What stopped a command; ``str()`` says why and what to do, ``exit_code`` is the
    command's exit status."""

    exit_code = EXIT_INVALID

    def report(self, command: str) -> str:
        """The message for ``coursepack <command>`` to print."""
        return f"coursepack {command}: {self}"


class BuildFailed(CoursepackError):
    """A renderer could not make an output (mkdocs refused the site, an unusable slide
    template); nothing was changed."""

    exit_code = EXIT_FAILED

    def report(self, command: str) -> str:
        if command == "serve":
            return f"coursepack serve: the site could not be built.\n{self}"
        return f"The {command} failed; the previous {OUTPUTS.get(command, 'output')} is " \
               f"unchanged.\n{self}"


OUTPUTS = {"build": "build/", "workshop plan": "bundle", "assess score": "report"}
"""What each writing command leaves unchanged when it fails."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of a source file, with advice on fixing it."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""

    def format(self, kind: str = "") -> str:
        """``path:line: field: message`` and the hint; ``kind`` (``warning``) before the
        message."""
        where = f"{self.path}:{self.line}:"
        message = f"{kind}: {self.message}" if kind else self.message
        text = f"{where} {self.field}: {message}" if self.field else f"{where} {message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def annotation(self) -> str:
        """The problem as a GitHub Actions ``::error`` workflow command."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line}::{escaped}"


class CourseInvalid(CoursepackError):
    """The course sources have problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(set(problems))
        self.warnings = sorted(set(warnings or []))
        super().__init__(f"{len(self.problems)} problem(s) in the course sources")

    def report(self, command: str) -> str:
        """Every problem (and, for ``validate``, every warning) with its place and hint."""
        text = report(self.problems, annotations=os.environ.get("CI") == "true")
        if command == "validate" and self.warnings:
            return f"{report_warnings(self.warnings)}\n{text}"
        return text


def report(problems: list[Problem], *, annotations: bool,
           again: str = "coursepack validate") -> str:
    """Every problem on its own line(s), then a count; annotations for CI if asked."""
    lines = [p.format() for p in problems]
    if annotations:
        lines += [p.annotation() for p in problems]
    noun = "problem" if len(problems) == 1 else "problems"
    lines.append(f"{len(problems)} {noun} found; fix them and run `{again}` again.")
    return "\n".join(lines)


def report_warnings(warnings: list[Problem]) -> str:
    """Every warning on its own line(s), then a count; empty without warnings."""
    if not warnings:
        return ""
    noun = "warning" if len(warnings) == 1 else "warnings"
    return "\n".join([*(w.format("warning") for w in warnings),
                      f"{len(warnings)} {noun}: they do not stop a build, but each one is "
                      "something a learner or a reviewer will notice."])
