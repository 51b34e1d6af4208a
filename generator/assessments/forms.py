"""Test form assembly: which items each pre/post form holds, in which order, with which key.

A form is planned once, from ids alone, so every language prints the same items with the
same option letters; ``printed_form`` then fills in one language's text.
"""

from __future__ import annotations

from generator.course.blueprint import FormPlan, Frozen
from generator.course.localize import language_name
from generator.course.model import Course
from generator.course.reading import ASSESSMENTS_DIR
from generator.course.translations import LOCALES_DIR
from generator.errors import CoursepackError

LETTERS = "ABCDEFGH"


class PrintedOption(Frozen):
    letter: str
    option: str
    text: str


class FormItem(Frozen):
    """One question as printed on a form, with its key."""

    number: int
    id: str
    module: str
    objective: str
    type: str
    stem: str
    options: tuple[PrintedOption, ...]
    correct: str
    module_title: str = ""


class FormTexts(Frozen):
    """The form's own words in its language (interface strings from ``messages.po``)."""

    code_intro: str
    code: str
    code_hint: str
    code_again: str
    codes_differ: str
    code_format: str
    select_all: str
    occasion: str = ""
    """The occasion's name: "Pre-test" or "Post-test" (empty in a record written before
    it was kept: ``occasion_name`` then says it)."""


class Form(Frozen):
    """A form in one language, ready to print or export."""

    cycle: str
    cycle_title: str
    occasion: str
    language: str
    course_title: str
    items: tuple[FormItem, ...]
    texts: FormTexts
    code_pattern: str = r"^[A-Z0-9][A-Z0-9-]{1,19}$"


class UntranslatedItems(CoursepackError):
    """A form whose items are not all translated, and current, in its language: mixed
    languages or outdated text would spoil the pre/post comparison."""


def printed_form(course: Course, plan: FormPlan) -> Form:
    """``plan`` with the text of ``course``'s language (see ``localize``); raises
    ``UntranslatedItems`` rather than print a form with untranslated or stale items."""
    assert course.blueprint is not None
    _require_translated(course, plan)
    items = {i.id: (m, i) for m in course.modules for i in m.items}
    printed = []
    for number, planned in enumerate(plan.items, start=1):
        module, item = items[planned.id]
        choices = {c.id: c for c in item.choices()}
        options = tuple(
            PrintedOption(letter=LETTERS[n], option=option_id,
                          text=course.choice_text(item, choices[option_id]))
            for n, option_id in enumerate(planned.options))
        correct = "".join(o.letter for o in options if choices[o.option].correct)
        printed.append(FormItem(number=number, id=item.id, module=module.id,
                                module_title=module.title, objective=item.objective,
                                type=item.type, stem=item.stem, options=options,
                                correct=correct))
    cycle = next(c for c in course.blueprint.cycles if c.id == plan.cycle)
    code = course.blueprint.participant_code
    title = course.ui(cycle.title)  # not extracted: cycles.yml's titles (translate init adds them)
    return Form(cycle=plan.cycle, cycle_title=title, occasion=plan.occasion,
                language=course.language, course_title=course.title, items=tuple(printed),
                texts=_texts(course, code.example, plan.occasion), code_pattern=code.pattern)


def occasion_name(form: Form) -> str:
    """The form's occasion as its readers name it, in its language ("Pre-test")."""
    return form.texts.occasion or form.occasion


def _require_translated(course: Course, plan: FormPlan) -> None:
    planned = {p.id for p in plan.items}
    source = language_name(course.default_language, "en")
    problems = []
    for module in course.modules:
        state = module.translation
        if state is None:
            continue
        untranslated = [i for i in state.untranslated_items if i in planned]
        stale = [i for i in state.stale_items if i in planned]
        where = f"{LOCALES_DIR}/{course.language}/{ASSESSMENTS_DIR}/{module.id}.yml"
        if untranslated:
            problems.append(f"not translated in {where}: {', '.join(untranslated)}")
        if stale:
            problems.append(f"translated from an older {source} text in {where}: "
                            f"{', '.join(stale)} (update them, then run `coursepack "
                            f"translate mark-current {course.language} --module {module.id}`)")
    if problems:
        raise UntranslatedItems(
            f"the '{course.language}' {plan.occasion}-test of cycle '{plan.cycle}' is not "
            "built, because a form in mixed languages or with outdated questions would spoil "
            "the pre/post comparison. Items " + "; items ".join(problems))


def _texts(course: Course, example: str, occasion: str) -> FormTexts:
    ui = course.ui
    return FormTexts(
        occasion=ui("Pre-test") if occasion == "pre" else ui("Post-test"),
        code_intro=ui("Type the code on your card. Never type your name."),
        code=ui("Participant code"),
        code_hint=ui("The code printed on your card, not your name."),
        code_again=ui("Participant code again"),
        codes_differ=ui("The two codes differ: type the code from your card again."),
        code_format=ui("Codes look like {example}: type the code from your card.",
                       example=example),
        select_all=ui("Tick every answer that applies."))
