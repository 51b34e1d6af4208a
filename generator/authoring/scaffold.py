"""``coursepack new module``: a new module folder with every file, commented, valid at once.

The files hold sample text marked PLACEHOLDER (and no figures, which would need a source);
the module is added to the course order in ``course.yml`` after its track's last module,
and never to ``assessments/cycles.yml``.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.course.load import load_course
from generator.course.model import ID_PATTERN, Course
from generator.course.reading import ASSESSMENTS_DIR, COURSE_FILE, CYCLES_FILE, GUIDE, MODULES_DIR
from generator.course.rules import PLACEHOLDER
from generator.course.yamlsource import load_yaml
from generator.errors import CourseInvalid, CoursepackError, report


class ScaffoldError(CoursepackError):
    """A module that cannot be created; the message says why and what to do instead."""


@dataclass
class Scaffolded:
    """What ``new_module`` wrote."""

    module_id: str
    track: str
    after: str
    created: list[str] = field(default_factory=list)
    languages: tuple[str, ...] = ()

    def summary(self) -> str:
        """The created files and the next steps, for the maintainer."""
        folder = f"{MODULES_DIR}/{self.module_id}"
        lines = [f"created {path}" for path in self.created]
        lines += [f"added {self.module_id} to modules in {COURSE_FILE}, after {self.after} "
                  "(move the line to change where learners meet it)", "",
                  "Next steps:",
                  f"  1. Replace every {PLACEHOLDER} text: "
                  f"grep -rn {PLACEHOLDER} {folder} {ASSESSMENTS_DIR}/{self.module_id}.yml",
                  "  2. Check your work: coursepack validate",
                  "  3. Preview the page while you edit: make serve (or coursepack serve), then "
                  f"open http://127.0.0.1:8000/modules/{self.module_id}.html"]
        languages = f"the other languages ({', '.join(self.languages)})" if self.languages \
            else "another language"
        lines.append(f"  4. For {languages}: "
                     f"coursepack translate init <lang> --module {self.module_id}")
        lines.append(f"  5. For the pre/post tests, add it to {CYCLES_FILE} once it has enough "
                     "items marked test (docs/assessments.md)")
        return "\n".join(lines) + "\n"


def new_module(root: Path, course: Course, module_id: str, track: str) -> Scaffolded:
    """Write ``modules/<module_id>/`` and ``assessments/<module_id>.yml`` and add the module
    to the course order; refuse, writing nothing, when that cannot give a valid course."""
    _check_id(course, module_id)
    _check_track(course, track)
    files = module_files(course, module_id, track)
    _check_new_ids(course, module_id, files)
    root = root.resolve()
    targets = {relative: root / relative for relative in files}
    for relative, path in targets.items():
        _check_target(root, relative, path)
    course_file = root / COURSE_FILE
    original = course_file.read_bytes().decode("utf-8")
    after = _after(course, track)
    changed = _course_order_with(original, course, module_id, after)

    done = Scaffolded(module_id, track, after,
                      languages=tuple(c for c in course.languages if c != course.language))
    new_folders = sorted({p.parent for p in targets.values() if not p.parent.exists()},
                         reverse=True)
    try:
        for relative, path in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(files[relative])
            done.created.append(relative)
        course_file.write_bytes(changed.encode("utf-8"))
        load_course(root)
    except (CourseInvalid, OSError) as error:
        _undo(root, done, new_folders, course_file, original)
        if isinstance(error, CourseInvalid):
            raise ScaffoldError(
                "the new module would not validate, so nothing was written:\n"
                + report(error.problems, annotations=False)) from None
        raise ScaffoldError(f"cannot write the module ({error}); nothing was written") from None
    return done


MAX_ID_CHARS = 60
"""The longest module id: its item ids (``<id>-p-…``) and file names must stay short."""


def _check_id(course: Course, module_id: str) -> None:
    if not ID_PATTERN.fullmatch(module_id):
        path = "/" in module_id or "\\" in module_id or module_id.startswith(".")
        raise ScaffoldError(
            f"'{module_id}' cannot be a module id"
            + (": a module id is a folder name under modules/, not a path" if path else "")
            + "; ids are lower-case letters, digits and single hyphens, starting with a letter, "
            f"e.g. women-and-housing (see {GUIDE})")
    if len(module_id) > MAX_ID_CHARS:
        raise ScaffoldError(
            f"a module id of {len(module_id)} characters is too long for a folder and its "
            f"files' names; use at most {MAX_ID_CHARS}, e.g. women-and-housing")
    if module_id in (m.id for m in course.modules):
        raise ScaffoldError(
            f"there is already a module '{module_id}' ({MODULES_DIR}/{module_id}/): edit it, "
            "or choose another id for the new module")


def _check_new_ids(course: Course, module_id: str, files: dict[str, str]) -> None:
    """The module's own id and the ids of its sample objectives, activity and items are
    not used anywhere in the course yet."""
    owners = _id_owners(course)
    for path, text in files.items():
        if not path.endswith(".yml"):
            continue
        data = yaml.safe_load(text)
        entries = [data] if "id" in data else []
        entries += [e for key in ("objectives", "activities", "items") for e in data.get(key, ())]
        for new_id in (e["id"] for e in entries):
            if new_id in owners:
                what = "" if new_id == module_id else f" (which the new module gives {path})"
                raise ScaffoldError(
                    f"the id '{new_id}'{what} is already used by {owners[new_id]}: every id "
                    "is unique in the whole course, so choose another module id")


def _check_track(course: Course, track: str) -> None:
    tracks = [t.id for t in course.tracks]
    if track not in tracks:
        close = difflib.get_close_matches(track, tracks, n=1, cutoff=0.6)
        raise ScaffoldError(
            f"there is no track '{track}' in {COURSE_FILE}. "
            + (f"Did you mean '{close[0]}'? " if close else "")
            + f"The tracks are: {', '.join(tracks)}. To start a new track, add it under "
            f"tracks: in {COURSE_FILE} first")


def _check_target(root: Path, relative: str, path: Path) -> None:
    """Inside the course folder (no link leading out) and not there yet: nothing is
    overwritten."""
    if not path.resolve().is_relative_to(root):
        raise ScaffoldError(
            f"{relative} would be written outside the course folder, at {path.resolve()} "
            "(a symbolic link leads there); remove the link or choose another id")
    taken = [p for p in (path, path.parent) if p.is_symlink() or p.is_file()]
    if taken:
        raise ScaffoldError(
            f"{taken[0].relative_to(root)} already exists and would be overwritten; nothing "
            "was written. Move it away or choose another id")


def _id_owners(course: Course) -> dict[str, str]:
    """Every id in use (modules, objectives, activities, items) and what uses it."""
    owners: dict[str, str] = {}
    for module in course.modules:
        owners[module.id] = f"module {module.id}"
        for kind, entries in (("an objective", module.objectives),
                              ("an activity", module.activities), ("an item", module.items)):
            for entry in entries:
                owners[entry.id] = f"{kind} of module {module.id}"
    return owners


def _after(course: Course, track: str) -> str:
    """The module the new one follows in the course order: its track's last one."""
    in_track = [m.id for m in course.modules if m.track == track]
    return (in_track or [m.id for m in course.modules])[-1]


def _course_order_with(text: str, course: Course, module_id: str, after: str) -> str:
    """``course.yml``'s text with ``module_id`` listed after ``after`` under ``modules:``,
    everything else (comments included) as it was."""
    doc, _ = load_yaml(text, COURSE_FILE)
    index = [m.id for m in course.modules].index(after)
    by_hand = ScaffoldError(
        f"cannot add '{module_id}' to modules in {COURSE_FILE} for you (the list is neither "
        "one '- id' per line nor [a, b] on one line); nothing was written. Write the list "
        "one '- id' per line and run the command again")
    if doc is None or ("modules", index) not in doc.lines:
        raise by_hand
    lines = re.split(r"(?<=\n)", text)  # the lines YAML counts, each with its ending
    number = doc.lines[("modules", index)] - 1
    line = lines[number]
    body = line.rstrip("\r\n")
    ending = line[len(body):] or "\n"
    block = re.fullmatch(rf"(\s*-\s+)([\"']?){re.escape(after)}\2\s*(#.*)?", body)
    if block:
        lines[number] = body + ending
        lines.insert(number + 1, f"{block.group(1)}{module_id}{ending}")
        return "".join(lines)
    flow = re.fullmatch(r"(\s*modules:\s*\[)([^\]#]*)(\].*)", body)
    if flow:
        entries = [e.strip() for e in flow.group(2).split(",") if e.strip()]
        position = next((i for i, e in enumerate(entries) if e.strip("\"'") == after), None)
        if position is not None:
            entries.insert(position + 1, module_id)
            lines[number] = f"{flow.group(1)}{', '.join(entries)}{flow.group(3)}{ending}"
            return "".join(lines)
    raise by_hand


def _undo(root: Path, done: Scaffolded, folders: list[Path], course_file: Path,
          original: str) -> None:
    """Remove the files and folders this run created and put ``course.yml`` back."""
    for relative in done.created:
        (root / relative).unlink(missing_ok=True)
    for folder in folders:  # deepest first
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    course_file.write_bytes(original.encode("utf-8"))
    done.created.clear()


def module_files(course: Course, module_id: str, track: str) -> dict[str, str]:
    """The new module's files by path: module.yml, content.md, slides.md, activities.yml
    and its question bank, each explaining what goes where."""
    tracks = _comment(", ".join(t.id for t in course.tracks))
    references = _comment(", ".join(r.id for r in course.references) or "none yet")
    example = course.modules[0].id
    folder = f"{MODULES_DIR}/{module_id}"
    materials = ", ".join(m.id for m in course.materials[:2])  # the course's own ids
    values = {"id": module_id, "track": track, "tracks": tracks, "references": references,
              "example": example, "P": PLACEHOLDER, "materials": materials}
    return {f"{folder}/module.yml": _MODULE.format(**values),
            f"{folder}/content.md": _CONTENT.format(**values),
            f"{folder}/slides.md": _SLIDES.format(**values),
            f"{folder}/activities.yml": _ACTIVITIES.format(**values),
            f"{ASSESSMENTS_DIR}/{module_id}.yml": _ITEMS.format(**values)}


def _comment(text: str) -> str:
    """``text`` as indented YAML comment lines."""
    return "\n".join(f"#   {line}" for line in textwrap.wrap(text, 84, break_on_hyphens=False))


# The templates hold no digits in any text learners or facilitators read: every figure in
# a module has to come from a source (tests/test_curriculum.py holds the bundled course to it).

_MODULE = """\
# Module {id}: what the module is (every field is in docs/authoring.md).
# Text marked {P} is sample text: replace all of it. `coursepack validate` checks
# this file; `make serve` shows the module's page while you edit.

# The module id: the same as its folder name. Never change it once published: translations,
# question banks and test results refer to it.
id: {id}

# The track the module belongs to, one of the tracks in course.yml:
{tracks}
track: {track}

# The title on the site, the slide deck and the facilitator guide. Keep it short.
title: "{P}: the module title"

# One or two sentences that tell a learner what the module is about (shown on the site).
summary: >
  {P}: one or two sentences that tell a learner what this module is about and why
  it matters for their work.

# How long the module takes in a workshop, in minutes (slides and activities together);
# workshop plans are scheduled with it. A whole number greater than 0.
minutes: 60

# What a learner can do after the module: 3 to 5 objectives, each starting with a verb you
# can check (explain, describe, name, plan). Each id is stable and unique in the whole
# course: question bank items point at it. Each text is also a slide bullet (at most 200
# characters).
objectives:
  - id: {id}-explain
    text: "{P}: Explain the first thing a learner can do after this module."
  - id: {id}-describe
    text: "{P}: Describe the second thing a learner can do after this module."
  - id: {id}-apply
    text: "{P}: Apply the module to a learner's own service."

# What learners should remember: on the site and on a slide of their own (at most 200
# characters each).
key_messages:
  - "{P}: the first thing learners should remember."
  - "{P}: the second thing learners should remember."

# Modules to study first, by id (optional), e.g. [{example}]; the site links to them.
prerequisites: []

# The documents the module draws on, e.g. [a, b]: reference ids from references: in
# course.yml. Say in the text where each fact and figure comes from. The references are:
{references}
sources: []
"""

_CONTENT = """\
<!--
Module {id}: the page learners read on the site (this comment is not shown).
The site adds the title, summary, duration, objectives, key messages, activities,
self-check questions and sources around this text, so start with "##" headings, not "#".
Write in your own words; take facts and figures from the documents listed under sources
in module.yml and say in the text where they come from ("the UNODC policy brief reports").
Replace every {P} paragraph. See docs/authoring.md.
-->

## {P}: a first heading

{P}: start with why this topic matters for women who inject drugs and for the
services that should reach them. This is plain Markdown: **bold**, *italics*, links and
lists work.

## {P}: a second heading

{P}: explain the main ideas, one heading per idea. Lists help readers scan:

- {P}: a first point
- {P}: a second point

## {P}: what this means for your service

{P}: end with what a technical support provider can do with this in their own
organisation.
"""

_SLIDES = """\
# {P}: the first slide title
- {P}: one short idea per bullet
- {P}: a bullet is a line that starts with a dash and a space
  - {P}: indent two spaces for a sub-bullet
- {P}: put detail in the speaker notes, not on the slide
???
{P}: the speaker notes, what the facilitator says with this slide. Notes follow
the line with only three question marks and run to the end of the slide.
---
# {P}: the second slide title
- {P}: a line with only three dashes separates two slides
- {P}: every slide starts with a title line, a hash sign, a space and the title
- {P}: a long list continues on a next slide by itself
???
{P}: the speaker notes of the second slide. The deck also gets a title slide,
an objectives slide, a slide per activity, a key messages slide and a sources slide:
do not write those yourself.
"""

_ACTIVITIES = """\
# The facilitator's activities of module {id} (docs/authoring.md).
# They run in the workshop after the slides. Steps, debrief and notes are for facilitators
# only; learner_task is also shown to learners on the site. Add an activity with another
# "- id:" entry.
activities:
    # A stable id, unique in the whole course.
  - id: {id}-act-discussion
    # The activity's name: on the site, on a slide of its own and in the facilitator guide.
    title: "{P}: the activity title"
    # How long it takes, in minutes; the workshop plan counts it. The steps' minutes add up
    # to it, and the module's activities leave its slides at least a minute each.
    minutes: 20
    # How it works: case study, role play, group discussion, mapping exercise …
    method: group discussion
    # What the facilitator prepares (optional): ids from materials.yml; they go on the
    # materials checklist with their quantities. Printed handouts the activity uses go
    # under handouts: [name] (modules/<id>/handouts/<name>.yml).
    materials: [{materials}]
    # What the facilitator does, step by step (at least one step), each with its minutes:
    # allow for moving into groups, and for each group's turn when groups report back.
    steps:
      - minutes: 5
        text: "{P}: split the group into small teams and give each team the task."
      - minutes: 15
        text: "{P}: each team reports back; write the main points on the flipchart."
    # Questions to discuss afterwards (optional).
    debrief:
      - "{P}: which of the points applies to your own service?"
    # Notes for the facilitator (optional): what to watch for, how to adapt the activity.
    notes: >
      {P}: notes for the facilitator.
    # What learners are asked to do, shown on the site (optional).
    learner_task: >
      {P}: what learners do in this activity, in one or two sentences.
"""

_ITEMS = """\
# The question bank of module {id} (docs/authoring.md).
# Each item measures one objective of the module (module.yml), and every option has
# feedback, so that learners learn from wrong answers too.
#   use: [practice]  a self-check on the module's page on the site.
#   use: [test]      a question for the pre/post knowledge tests: never shown on the site.
#                    Tests use it once the module is listed in assessments/cycles.yml
#                    (docs/assessments.md); write at least 3 test items per objective,
#                    each with a level: recall (a fact) or apply (a situation to act on).
#                    A test item must not ask what a practice item already asks.
items:
    # type: single, one right option.
  - id: {id}-p-single
    type: single
    # The objective it measures: an objective id from module.yml.
    objective: {id}-explain
    use: [practice]
    stem: "{P}: a question with one right answer?"
    options:                        # 2 to 8 options, each with feedback
      - id: a                       # a stable key, not the printed letter (options are shuffled)
        text: "{P}: the right answer"
        feedback: "{P}: right, and why."
      - id: b
        text: "{P}: a wrong answer"
        feedback: "{P}: not quite, and what is right instead."
    answer: a                       # the id of the right option

    # type: multiple, one or more right options; learners must choose all of them.
    # The stem only asks: the site and the printed tests add "Choose all answers that apply."
  - id: {id}-p-multiple
    type: multiple
    objective: {id}-describe
    use: [practice]
    stem: "{P}: which of these are true?"
    options:
      - id: a
        text: "{P}: a right answer"
        feedback: "{P}: correct, and why."
      - id: b
        text: "{P}: a wrong answer"
        feedback: "{P}: wrong, and why."
      - id: c
        text: "{P}: another right answer"
        feedback: "{P}: correct, and why."
    answer: [a, c]                  # the ids of all right options

    # type: true-false, a statement that is true or false.
  - id: {id}-q-true-false
    type: true-false
    objective: {id}-apply
    use: [test]
    # recall: it asks for a fact; apply: it puts the learner in a situation to act on.
    level: recall
    stem: "{P}: a statement that is true or false."
    answer: true                    # true or false
    feedback:
      correct: "{P}: yes, and why."
      incorrect: "{P}: in fact, and why."
"""
