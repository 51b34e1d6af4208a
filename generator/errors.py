"""Problems found in course sources, reported as ``path:line: field: message``."""

from __future__ import annotations

from dataclasses import dataclass


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


class CourseInvalid(Exception):
    """The course sources have problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(set(problems))
        self.warnings = sorted(set(warnings or []))
        super().__init__(f"{len(self.problems)} problem(s) in the course sources")


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
                      f"{len(warnings)} {noun} about how test items are written: they do not "
                      "stop a build, but each one is a cue that lets a learner guess."])
