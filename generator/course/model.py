"""The course model: frozen pydantic models that reject unknown keys.

Each ``*File`` model is the shape of one source file; ``Module`` and ``Course`` are
the assembled, validated model the renderers receive.
"""

from __future__ import annotations

import base64
import re
from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    StringConstraints,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)

FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
"""A ``{name}`` field of a UI string: filled in plainly, never run as a format template."""
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN.pattern)]
"""Lower-case letters, digits and single hyphens, starting with a letter."""

HandoutRef = Annotated[str, StringConstraints(
    pattern=r"^([a-z][a-z0-9]*(-[a-z0-9]+)*/)?[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
"""A handout's name, or ``<module-id>/<name>`` for another module's."""

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
GroupAttribute = Literal["country", "organisation", "workshop", "role"]
"""What a participant may be grouped by in a report (never anything that names them)."""
Use = Literal["practice", "test"]
Paper = Literal["a4", "us-letter"]
Level = Literal["recall", "apply"]

MAX_TITLE_CHARS = 70
"""The longest slide title that fits the deck template on two lines."""
MAX_BULLET_CHARS = 200
"""The longest bullet (objective, key message, slide line) that fits on a slide."""

STANDARD_TRACKS = ("gender-mainstreaming", "nine-components", "prison-settings")


class FrozenDict(dict):
    """A mapping that refuses changes, so that a frozen model is frozen all the way down."""

    def _refuse(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError("the course model is read-only")

    __setitem__ = __delitem__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type, tuple[dict]]:
        return (FrozenDict, (dict(self),))

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict) -> FrozenDict:
        return self


K = TypeVar("K")
V = TypeVar("V")
Frozen = Annotated[dict[K, V], AfterValidator(FrozenDict)]
"""A ``dict`` field of a model, frozen once validated."""


class Strict(BaseModel):
    """Base for every model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --- course.yml -------------------------------------------------------------


class Track(Strict):
    id: Id = Field(description="Track id; modules name it in `track`.")
    title: Text
    summary: str = ""


class Reference(Strict):
    """One entry of the course's full reference list."""

    id: Id
    title: Text
    publisher: Text
    year: int | None = None
    url: str | None = None
    file: str | None = Field(None, description="File name under ../shared/sources/, if any.")


class Contact(Strict):
    """Someone learners can ask about the course."""

    name: Text
    role: str = ""
    email: str | None = None
    url: str | None = None


class CourseFile(Strict):
    """``course.yml``: tracks, module order, languages and references."""

    id: Id
    title: Text
    summary: str = Field("", description="What the course is and who it is for (Markdown).")
    version: Text
    languages: tuple[LanguageCode, ...] = Field(min_length=1)
    default_language: LanguageCode
    tracks: tuple[Track, ...] = Field(min_length=1)
    modules: tuple[Id, ...] = Field(min_length=1, description="Module ids in course order.")
    references: tuple[Reference, ...] = ()
    contacts: tuple[Contact, ...] = ()
    organisation: str = Field("", description="Who gives the course: shown on the title "
                              "slide of every deck.")
    paper: Paper = Field("a4", description="The paper size of every PDF: a4 or us-letter.")

    @model_validator(mode="after")
    def _default_language_is_listed(self) -> CourseFile:
        if self.default_language not in self.languages:
            raise ValueError(
                f"default_language '{self.default_language}' is not one of languages "
                f"{list(self.languages)}; add it to languages"
            )
        return self


# --- modules/<id>/module.yml ------------------------------------------------


class Objective(Strict):
    id: Id = Field(description="Stable id, unique in the course; items point at it.")
    text: Text


class ModuleFile(Strict):
    """``modules/<id>/module.yml``: what the module is."""

    id: Id
    track: Id
    title: Text
    summary: Text
    minutes: PositiveInt = Field(description="Workshop duration in minutes.")
    objectives: tuple[Objective, ...] = Field(min_length=1)
    key_messages: tuple[Text, ...] = Field(min_length=1)
    prerequisites: tuple[Id, ...] = ()
    sources: tuple[Id, ...] = Field((), description="Reference ids from course.yml.")


# --- modules/<id>/activities.yml --------------------------------------------


class Step(Strict):
    """One step of an activity: what the facilitator does, and how long it takes."""

    minutes: PositiveInt = Field(description="How long the step takes; an activity's steps "
                                 "add up to its minutes. A translation leaves it out: it "
                                 "comes from the source.")
    text: Text = Field(description="What the facilitator does (translated).")

    @model_validator(mode="before")
    @classmethod
    def _has_minutes(cls, data: object) -> object:
        if isinstance(data, str):
            raise ValueError("a step needs its minutes: write it as '- minutes: 5' with "
                             "'text: …' on the next line, indented like minutes")
        return data


class Activity(Strict):
    """A facilitator activity run during the module's workshop session."""

    id: Id
    title: Text
    minutes: PositiveInt = Field(description="How long the activity takes: its steps' "
                                 "minutes add up to it.")
    method: Text = Field(description="Case study, role play, group discussion, …")
    learner_task: str = Field("", description="What learners do, shown on the site (optional).")
    materials: tuple[Id, ...] = Field((), description="What the facilitator prepares: ids "
                                      "from materials.yml.")
    handouts: tuple[HandoutRef, ...] = Field(
        (), description="The handouts it uses: a name of its module's handouts/<name>.yml, "
                        "or <module-id>/<name> for another module's.")
    steps: tuple[Step, ...] = Field(description="At least one, in order, each with its "
                                    "minutes: ``- {minutes: 5, text: Split into groups.}``.")
    debrief: tuple[Text, ...] = ()
    notes: str = ""

    @field_validator("steps")
    @classmethod
    def _has_steps(cls, steps: tuple[Step, ...]) -> tuple[Step, ...]:
        # not min_length: that would also count the steps that failed (a step without minutes)
        if not steps:
            raise ValueError("an activity needs at least one step: add '- minutes: 5' with "
                             "'text: …' under steps:")
        return steps


class ActivitiesFile(Strict):
    activities: tuple[Activity, ...] = ()


# --- materials.yml and modules/<id>/handouts/<name>.yml ---------------------

Per = Literal["participant", "group", "facilitator", "workshop"]
PluralForm = Literal["zero", "one", "two", "few", "many", "other"]
"""CLDR's plural categories: which form of a word a number takes in a language."""
"""Who a material or a handout is counted for."""


class Material(Strict):
    """One entry of the course's materials vocabulary."""

    id: Id = Field(description="What activities write under materials:.")
    name: Text = Field(description="As the checklist prints it (translated).")
    unit: str | Frozen[PluralForm, str] = Field(
        "", description="What the quantity counts (translated): one word (\"pcs.\"), or "
                        "its forms by CLDR plural category, e.g. {one: sheet, other: sheets}; "
                        "Russian needs one, few, many and other.")
    per: Per = Field(description="participant, group, facilitator or workshop: what one "
                     "quantity is for.")
    quantity: PositiveInt = Field(1, description="How many per participant, group, …")


class MaterialsFile(Strict):
    """``materials.yml``: the one list of things activities need."""

    materials: tuple[Material, ...] = ()


class HandoutSection(Strict):
    id: Id = Field(description="Stable key (translations match by it).")
    title: Text
    points: tuple[Text, ...] = Field((), description="Bullets, or boxes to tick on a "
                                     "checklist.")
    lines: tuple[Text, ...] = Field((), description="Labels of lines to fill in.")


class HandoutRow(Strict):
    id: Id = Field(description="Stable key (translations match by it).")
    cells: tuple[str, ...] = Field(min_length=1, description="Left to right; fewer than the "
                                   "columns leaves the rest blank to fill in.")


class HandoutTable(Strict):
    columns: tuple[Text, ...] = Field(min_length=2, max_length=6)
    rows: tuple[HandoutRow, ...] = Field(min_length=1)


class HandoutFile(Strict):
    """``modules/<id>/handouts/<name>.yml``: a printed worksheet, checklist or table."""

    title: Text
    kind: Literal["worksheet", "checklist", "table"]
    per: Literal["participant", "group", "facilitator"] = Field(
        description="Who gets a copy: each participant, each group or each facilitator.")
    copies: PositiveInt = Field(1, description="Copies for each participant, group, …")
    intro: str = Field("", description="A sentence or two on what to do with it.")
    sections: tuple[HandoutSection, ...] = ()
    table: HandoutTable | None = None
    lines: tuple[Text, ...] = Field((), description="Labels of lines to fill in, at the end.")
    source: Id | None = Field(None, description="The reference in course.yml it draws on: "
                              "printed as its citation.")

    @model_validator(mode="after")
    def _has_content(self) -> HandoutFile:
        if not (self.sections or self.table or self.lines):
            raise ValueError("a handout needs sections, a table or lines to fill in")
        return self


class Handout(HandoutFile):
    """A handout with its name (its file name without .yml)."""

    name: Id


# --- modules/<id>/slides.md (parsed) -----------------------------------------


SLIDE_LAYOUTS = ("bullets", "section", "picture", "two-columns", "key-figure", "quote", "chart")
"""What ``layout:`` may name on a slide; ``bullets`` when it names none."""


class SlideLine(Strict):
    kind: Literal["bullet", "text", "quote", "image"]
    level: int = Field(0, ge=0, le=1)
    text: str = Field(description="The words; an image's alt text (empty if the author "
                      "left it out, which validate reports).")
    src: str = Field("", description="An image's file, relative to the module folder: "
                     "images/<name> (SVG, PNG, JPEG) or charts/<name>.yml.")
    column: int = Field(0, ge=0, le=1, description="The column of a two-columns slide.")
    line: PositiveInt = Field(1, description="Line in slides.md.")


class Slide(Strict):
    title: Text
    layout: Literal[SLIDE_LAYOUTS] = "bullets"  # type: ignore[valid-type]
    lines: tuple[SlideLine, ...] = ()
    source: str = Field("", description="The reference (id in course.yml) a key figure or "
                        "a quote comes from.")
    notes: str = ""
    line: PositiveInt = Field(description="Line of the slide's title in slides.md.")

    def images(self) -> tuple[SlideLine, ...]:
        """The slide's images and charts."""
        return tuple(line for line in self.lines if line.kind == "image")


class ChartValue(Strict):
    id: Id = Field(description="Stable key of the bar or slice (translations match by it).")
    label: Text
    value: float = Field(ge=0)
    fact: Id = Field(description="The fact in facts.yml that gives this value.")


class ChartFile(Strict):
    """``modules/<id>/charts/<name>.yml``: a small data table shown as a chart (a native,
    editable chart in the deck, an SVG with the numbers as a table on the site)."""

    title: Text
    kind: Literal["bar", "column", "pie"] = Field(
        description="bar: horizontal bars; column: vertical bars; pie: shares of a whole.")
    unit: str = Field("", description="What the values count, after each value: %, people.")
    source: Id = Field(description="The reference in course.yml the values come from.")
    values: tuple[ChartValue, ...] = Field(min_length=2, max_length=12)


class Chart(ChartFile):
    """A chart with the file it was read from."""

    path: str = Field(description="charts/<name>.yml, relative to the module folder.")


class Picture(Strict):
    """An image file a module shows, as read: the language's own version where a
    translation supplies one (same name under locales/<lang>/modules/<id>/images/)."""

    path: str = Field(description="images/<name>, relative to the module folder.")
    data: bytes
    width: PositiveInt = Field(description="Pixels (an SVG: its viewBox width).")
    height: PositiveInt

    @field_serializer("data", when_used="json")
    def _data_as_base64(self, data: bytes) -> str:
        """JSON (``coursepack inspect --json``) carries the file in base64."""
        return base64.b64encode(data).decode("ascii")


# --- assessments/<module-id>.yml ---------------------------------------------


class Option(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
        description="Stable key of the option (not the printed letter)."
    )
    text: Text
    feedback: Text


class Choice(Strict):
    """An answer choice as every item type presents it to renderers."""

    id: str
    text: str
    feedback: str
    correct: bool


class DistinctFrom(Strict):
    """A practice item that a maintainer has judged to ask something else than this test
    item, although the leak check finds them alike."""

    item: Id = Field(description="The practice item's id.")
    reason: Text = Field(description="Why the two differ: what each one asks.")


class _Item(Strict):
    id: Id
    objective: Id = Field(description="The module objective this item measures.")
    use: tuple[Use, ...] = Field(min_length=1, description="practice, test or both.")
    level: Level | None = Field(
        None, description="recall: remembering a fact; apply: acting on a situation. "
                          "Required for test items.")
    stem: Text
    enemies: tuple[Id, ...] = Field(
        (), description="Test items that ask the same thing: never on the same form.")
    distinct_from: tuple[DistinctFrom, ...] = Field(
        (), description="Practice items judged different from this test item despite the "
                        "leak check, each with the reason.")

    @field_validator("use")
    @classmethod
    def _use_once_each(cls, use: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(use)) != len(use):
            raise ValueError("list practice and test at most once each")
        return use


class _OptionsItem(_Item):
    options: tuple[Option, ...] = Field(min_length=2, max_length=8)

    @field_validator("options")
    @classmethod
    def _option_ids_unique(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        ids = [o.id for o in options]
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            raise ValueError(f"option id(s) {doubled} used twice; give each option its own id")
        return options

    def choices(self) -> tuple[Choice, ...]:
        correct = self.correct_ids()
        return tuple(Choice(id=o.id, text=o.text, feedback=o.feedback, correct=o.id in correct)
                     for o in self.options)


def _check_answers(answers: tuple[str, ...], info: ValidationInfo) -> None:
    """Every answer names an option (skipped when the options themselves are invalid)."""
    if "options" not in info.data:
        return
    known = [o.id for o in info.data["options"]]
    unknown = [a for a in answers if a not in known]
    if unknown:
        raise ValueError(
            f"answer {', '.join(repr(a) for a in unknown)} is not an option of this item; "
            f"the options are {', '.join(known)}"
        )


class SingleChoice(_OptionsItem):
    """One correct option."""

    type: Literal["single"]
    answer: str = Field(description="The id of the one correct option.")

    @field_validator("answer", mode="before")
    @classmethod
    def _one_answer(cls, value: object) -> object:
        if isinstance(value, list):
            raise ValueError("a single-choice item has exactly one answer; "
                             "for several correct options use type: multiple")
        return value

    @field_validator("answer")
    @classmethod
    def _answer_is_an_option(cls, answer: str, info: ValidationInfo) -> str:
        _check_answers((answer,), info)
        return answer

    def correct_ids(self) -> frozenset[str]:
        return frozenset({self.answer})


class MultipleChoice(_OptionsItem):
    """One or more correct options; all must be chosen."""

    type: Literal["multiple"]
    answer: tuple[str, ...] = Field(min_length=1, description="Ids of all correct options.")

    @field_validator("answer", mode="before")
    @classmethod
    def _answer_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("answer")
    @classmethod
    def _answers_are_options(cls, answer: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        _check_answers(answer, info)
        if len(set(answer)) != len(answer):
            raise ValueError("an option is listed twice in answer")
        return answer

    def correct_ids(self) -> frozenset[str]:
        return frozenset(self.answer)


class TrueFalseFeedback(Strict):
    correct: Text = Field(description="Shown to a learner who answered correctly.")
    incorrect: Text = Field(description="Shown to a learner who answered wrongly.")


class TrueFalse(_Item):
    """A statement that is either true or false."""

    type: Literal["true-false"]
    answer: bool
    feedback: TrueFalseFeedback

    @field_validator("answer", mode="before")
    @classmethod
    def _boolean(cls, value: object) -> object:
        if not isinstance(value, bool):
            raise ValueError("a true-false item's answer is true or false (without quotes)")
        return value

    def choices(self) -> tuple[Choice, ...]:
        right, wrong = self.feedback.correct, self.feedback.incorrect
        return (
            Choice(id="true", text="True", feedback=right if self.answer else wrong,
                   correct=self.answer),
            Choice(id="false", text="False", feedback=wrong if self.answer else right,
                   correct=not self.answer),
        )

    def correct_ids(self) -> frozenset[str]:
        return frozenset({"true" if self.answer else "false"})


Item = Annotated[SingleChoice | MultipleChoice | TrueFalse, Field(discriminator="type")]
ITEM_TYPES = {"single": SingleChoice, "multiple": MultipleChoice, "true-false": TrueFalse}


# --- assessments/cycles.yml --------------------------------------------------


class Cycle(Strict):
    """One training with a pre-test and a post-test (e.g. initial, refresher)."""

    id: Id
    title: Text
    modules: tuple[Id, ...] = Field(min_length=1,
                                    description="Modules whose objectives the tests cover.")
    items_per_objective: PositiveInt = Field(1, description="Items on each form per objective.")
    objectives: Frozen[Id, NonNegativeInt] = Field(
        default_factory=FrozenDict,
        description="Item counts for single objectives, overriding items_per_objective; "
                    "0 leaves an objective out.")
    apply_share: float = Field(0, ge=0, le=1, description="The least share of each form's "
                                                          "items that are level: apply.")


class ItemWords(Strict):
    """Words of one language that item-writing checks look for (matched as whole words,
    ignoring case)."""

    absolute: tuple[Text, ...] = Field((), description="always, never, only, all, …")
    negative: tuple[Text, ...] = Field((), description="not, except, … in a stem.")
    all_none: tuple[Text, ...] = Field((), description="all of the above, none of the above, …")


class ItemWritingLimits(Strict):
    """The most a course's test items may show each cue (a share from 0 to 1);
    ``coursepack validate`` fails when a share is above its limit."""

    key_longest: float = Field(1, ge=0, le=1, description="Single-choice items whose key is "
                                                          "the longest option.")
    key_longest_at_least: float = Field(
        0, ge=0, le=1, description="The least share of single-choice items whose key is the "
                                   "longest option, so that the longest option is not always "
                                   "wrong either.")
    key_shortest: float = Field(1, ge=0, le=1, description="Single-choice items (three "
                                                           "options or more) whose key is "
                                                           "the shortest option.")
    absolute_false: float = Field(1, ge=0, le=1, description="True/false items with an "
                                                             "absolute word that are false.")
    one_wrong_option: float = Field(1, ge=0, le=1, description="Select-all items with one "
                                                               "wrong option.")
    uneven_options: float = Field(
        1, ge=0, le=1, description="Choice items whose longest option is over 2.5 times the "
                                   "shortest.")
    negative_stem: float = Field(1, ge=0, le=1, description="Items with a negative stem.")
    all_none: float = Field(1, ge=0, le=1, description="Items with an all/none of the above "
                                                       "option.")


class ItemWriting(Strict):
    """``item_writing`` in cycles.yml: the course's limits and words per language."""

    limits: ItemWritingLimits = ItemWritingLimits()
    words: Frozen[LanguageCode, ItemWords] = Field(default_factory=FrozenDict)


class ParticipantCode(Strict):
    """What a participant code looks like, checked on the phone form and when scoring
    (after removing spaces and changing letters to capitals)."""

    pattern: Text = Field(r"^[A-Z0-9][A-Z0-9-]{1,19}$",
                          description="A regular expression the whole code matches.")
    example: Text = Field("KZ-014", description="A code that matches, shown as an example.")
    groups: Frozen[GroupAttribute, Text] = Field(
        default_factory=FrozenDict,
        description="Attributes read from the code for the report's breakdowns: attribute -> "
                    "a regular expression searched in the code; its first group (or the whole "
                    "match) is the value, e.g. country: '^([A-Z]{2,3})-'.")

    @field_validator("groups")
    @classmethod
    def _groups_compile(cls, groups: dict[str, str]) -> dict[str, str]:
        for attribute, pattern in groups.items():
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"groups.{attribute}: '{pattern}' is not a valid regular "
                                 f"expression: {error}") from None
        return groups

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        if "'" in pattern:
            raise ValueError("the pattern cannot contain ' (it goes into the phone form)")
        if "(?P" in pattern or "(?<" in pattern:
            raise ValueError("the pattern uses syntax phones do not know (named groups or "
                             "look-behind); write it with plain groups ( )")
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"the pattern is not a valid regular expression: {error}") \
                from None
        return pattern

    @model_validator(mode="after")
    def _example_matches(self) -> ParticipantCode:
        code = "".join(self.example.split()).upper()
        if not re.fullmatch(self.pattern, code):
            raise ValueError(
                f"the example '{self.example}', as codes are compared ('{code}': without "
                "spaces, in capitals), does not match the pattern; write the pattern with "
                "capital letters, e.g. [A-Z]")
        for attribute, pattern in self.groups.items():
            if not re.search(pattern, code):
                raise ValueError(
                    f"groups.{attribute}: the example '{code}' does not match '{pattern}', so "
                    f"it would have no {attribute}; write the expression so that every code "
                    "matches it, e.g. '^([A-Z]{2,3})-' for the letters before the hyphen")
        return self


class Blueprint(Strict):
    """``assessments/cycles.yml``: the test cycles and how their forms are assembled."""

    seed: int = Field(description="Seed for assembling forms; the same seed gives the same forms.")
    anchor_share: float = Field(0.2, ge=0, le=1,
                                description="Share of a form's items that are on both the "
                                            "pre-test and the post-test of a cycle.")
    cycles: tuple[Cycle, ...] = Field(min_length=1)
    item_writing: ItemWriting = ItemWriting()
    participant_code: ParticipantCode = ParticipantCode()
    minutes_per_item: float = Field(
        1.0, gt=0, description="Minutes a participant needs per test item (workshop slots).")
    test_setup_minutes: NonNegativeInt = Field(
        5, description="Minutes to hand out a test and write codes, added to each slot.")


class ItemBankFile(Strict):
    """``assessments/<module-id>.yml``: the module's question bank."""

    items: tuple[Item, ...] = ()


# --- glossary.yml ---------------------------------------------------------------


class GlossaryEntry(Strict):
    abbr: Annotated[str, StringConstraints(pattern=r"^\w[\w&.+-]*( [\w&.+-]+)*$")] | None = \
        Field(None, description="Abbreviation shown with a hover definition, e.g. NSP, "
                                "ПОИШ or УНП ООН (letters of any script).")
    term: Text
    definition: Text


class GlossaryFile(Strict):
    """``glossary.yml``: abbreviations and terms, explained on every page and listed."""

    terms: tuple[GlossaryEntry, ...] = ()


# --- facts.yml and terminology.yml --------------------------------------------

FIGURE_PATTERN = r"^\d+(\.\d+)?(/\d+)?$"
Figure = Annotated[str, StringConstraints(pattern=FIGURE_PATTERN)]
"""A figure as digits with a decimal point: ``70``, ``0.003``, ``55/5``."""


class Fact(Strict):
    """A figure the course states, tied to the passage of the source that gives it."""

    id: Id
    figure: Figure = Field(description="The figure in digits, as English writes it: 70, 0.003.")
    words: tuple[Text, ...] = Field(
        (), description="What the figure is about: each word stands in the same sentence as "
        "the figure, in the course text and in the passage (Tajikistan for 70).")
    source: Id = Field(description="The reference in course.yml the figure comes from.")
    where: Text = Field(description="Where in the source: section, page or table.")
    passage: Text = Field(description="The source's own words around the figure, as written.")
    stated_in: tuple[Id, ...] = Field(
        min_length=1, description="The modules (or `glossary`, `course`) that state it.")


class OwnNumbers(Strict):
    """Numbers the course states on its own account: timings, counts, table numbers."""

    figures: tuple[Figure, ...] = Field(min_length=1)
    next_to: tuple[Text, ...] = Field(
        min_length=1, description="The word just before or after the number that shows it is "
        "the course's own (minutes, Table, step); a word matches its longer forms too.")
    reason: Text


class FactsFile(Strict):
    """``facts.yml``: the fact ledger."""

    sources_folder: str = Field(
        "../shared/sources", description="The folder, relative to the course, that holds "
        "the files named by the references' `file`.")
    facts: tuple[Fact, ...] = ()
    own: tuple[OwnNumbers, ...] = ()


class Term(Strict):
    """A word to avoid, and what to write instead."""

    avoid: tuple[Text, ...] = Field(
        min_length=1, description="Words or phrases; a word ending in * matches any ending "
        "(наркоман* finds наркомана, наркоманы).")
    prefer: Text
    reason: Text


class TerminologyFile(Strict):
    """``terminology.yml``: by language, the words that stigmatise and their better terms."""

    languages: Frozen[LanguageCode, tuple[Term, ...]] = Field(default_factory=FrozenDict)


# --- countries/<id>.yml --------------------------------------------------------------


class ReferralService(Strict):
    name: Text
    offers: Text = Field(description="What the service offers women who use drugs.")
    contact: str = ""


class CountryFile(Strict):
    """``countries/<id>.yml``: data for one country's build (``--country <id>``)."""

    name: Text
    referral_services: tuple[ReferralService, ...] = ()


class Country(CountryFile):
    id: Id


# --- locales/<lang>/modules/<id>/translation.yml ----------------------------

Review = Literal["draft", "reviewed"]
UnitStatus = Literal["complete", "partial", "stale", "missing"]
UNITS = ("site", "deck", "quiz")
"""What a module's translation is made of: its page, its deck (slides and activities)
and its items."""


class TranslationRecord(Strict):
    """``translation.yml``: the review status of a module's translation and the source
    each of its files and items was translated from (written by ``coursepack translate``)."""

    review: Review = Field("draft", description="reviewed once a native speaker checked it.")
    sources: Frozen[str, str] = Field(
        default_factory=FrozenDict, description="Source file path to the hash it had.")
    items: Frozen[Id, str] = Field(
        default_factory=FrozenDict, description="Item id to the hash its source had.")


class PageRecord(Strict):
    """The review status of one maintainer page's translation and the source it was made
    from."""

    review: Review = Field("draft", description="reviewed once a native speaker checked it.")
    source: str = Field(description="The hash the source page had.")


class PagesRecord(Strict):
    """``locales/<lang>/site_templates/translation.yml``: each translated maintainer page's
    record, by page name (written by ``coursepack translate``)."""

    pages: Frozen[Id, PageRecord] = Field(default_factory=FrozenDict)


# --- the assembled model ------------------------------------------------------


class ModuleTranslation(Strict):
    """How far a module's text in one language can be trusted."""

    review: Review
    site: UnitStatus = Field(description="module.yml and content.md.")
    deck: UnitStatus = Field(description="module.yml, slides.md and activities.yml.")
    quiz: UnitStatus = Field(description="The module's items.")
    stale_items: tuple[Id, ...] = Field((), description="Translated from an older source.")
    untranslated_items: tuple[Id, ...] = Field((), description="Shown in the source language.")
    translated_files: tuple[str, ...] = Field(
        (), description="Source paths (modules/<id>/content.md …) that have a file in this "
                        "language's folder.")

    def status(self, unit: str) -> UnitStatus:
        return getattr(self, unit)


class PageTranslation(Strict):
    """How far a maintainer page's text in one language can be trusted."""

    review: Review
    status: UnitStatus = Field(description="missing: no file, the source page is shown.")


class SiteTemplate(Strict):
    """A maintainer-owned page under ``site_templates/`` (or its translation under
    ``locales/<lang>/site_templates/``), rendered with mkdocs-macros."""

    name: Id = Field(description="File name without .md; the page is <name>.md.")
    title: Text = Field(description="Its first heading: the page's name in the navigation.")
    text: str
    translation: PageTranslation | None = Field(
        None, description="The state of this language's translation; None in the source.")


class Module(ModuleFile):
    """A module with everything from its folder and its question bank."""

    def picture(self, path: str) -> Picture:
        return next(p for p in self.pictures if p.path == path)

    def chart(self, path: str) -> Chart:
        return next(c for c in self.charts if c.path == path)

    content: str = Field(description="Learner content (Markdown).")
    slides: tuple[Slide, ...] = ()
    activities: tuple[Activity, ...] = ()
    items: tuple[Item, ...] = ()
    pictures: tuple[Picture, ...] = Field((), description="The images its page and slides show.")
    charts: tuple[Chart, ...] = Field((), description="The charts its page and slides show.")
    handouts: tuple[Handout, ...] = Field((), description="Its printed handouts, by name.")
    translation: ModuleTranslation | None = Field(
        None, description="The state of this language's translation; None in the source.")


class Translation(Strict):
    """One language's text of the course, laid over the source (which fills any gap)."""

    language: str
    title: str
    summary: str
    tracks: tuple[Track, ...]
    glossary: tuple[GlossaryEntry, ...]
    modules: tuple[Module, ...] = Field(description="In course order.")
    messages: Frozen[str, str] = Field(description="UI strings: English msgid to translation.")
    site_templates: tuple[SiteTemplate, ...] = Field(
        (), description="The maintainer pages in this language, the source where untranslated.")
    materials: tuple[Material, ...] = Field((), description="The materials vocabulary in "
                                            "this language.")


class Course(Strict):
    """The validated course the renderers build from, in one language (see ``localize``)."""

    id: Id
    title: str
    summary: str
    version: str
    languages: tuple[str, ...]
    default_language: str
    tracks: tuple[Track, ...]
    references: tuple[Reference, ...]
    blueprint: Blueprint | None = Field(None, description="The test cycles, if any.")
    contacts: tuple[Contact, ...] = ()
    organisation: str = ""
    paper: Paper = "a4"
    glossary: tuple[GlossaryEntry, ...] = ()
    countries: tuple[Country, ...] = ()
    site_templates: tuple[SiteTemplate, ...] = ()
    materials: tuple[Material, ...] = Field((), description="The materials vocabulary.")
    modules: tuple[Module, ...] = Field(description="In course order.")
    enemies: tuple[tuple[Id, Id], ...] = Field(
        (), description="Pairs of test items never on the same form: listed by authors as "
                        "enemies or found to ask alike questions.")
    language: str = Field("", description="The language of the text; the default one if empty.")
    messages: Frozen[str, str] = Field(default_factory=FrozenDict,
                                     description="UI strings of ``language`` by English msgid.")
    translations: tuple[Translation, ...] = ()

    def ui(self, msgid: str, **values: object) -> str:
        """A UI string the generator writes itself, in the course's language, with its
        ``{name}`` fields filled from ``values``."""
        translated = self.messages.get(msgid) or msgid
        if not values:
            return translated
        return FIELD.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], translated)

    def choice_text(self, item: Item, choice: Choice) -> str:
        """A choice as learners read it: a true-false item's choices are UI words."""
        if item.type != "true-false":
            return choice.text
        return self.ui(choice.text)  # not extracted: True and False (extract_messages.py)

    def module(self, module_id: str) -> Module:
        return next(m for m in self.modules if m.id == module_id)

    def material(self, material_id: str) -> Material | None:
        return next((m for m in self.materials if m.id == material_id), None)

    def material_name(self, material_id: str) -> str:
        """A material's name in the course's language (its id if the vocabulary lacks it)."""
        material = self.material(material_id)
        return material.name if material else material_id

    def track(self, track_id: str) -> Track:
        return next(t for t in self.tracks if t.id == track_id)

    def reference(self, reference_id: str) -> Reference:
        return next(r for r in self.references if r.id == reference_id)
