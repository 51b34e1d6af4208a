"""The assessments part of a build: every cycle's pre/post forms in every language.

``build/assessments/forms.json`` describes every form; each ``<cycle>/<lang>/`` folder holds
the printed booklets, answer sheets, answer key, entry templates, Moodle XML and QTI
packages, and each ``<cycle>/`` folder one multilingual XLSForm per occasion.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from generator.assessments.forms import Form, UntranslatedItems, printed_form
from generator.assessments.moodle import moodle_xml
from generator.assessments.paper import (
    ANSWER_KEY,
    ANSWER_SHEET,
    BOOKLET,
    answer_key_data,
    answer_sheet_data,
    booklet_data,
)
from generator.assessments.qti import qti_package
from generator.assessments.xlsform import xlsform_bytes
from generator.build.outputs import Outputs
from generator.build.typeset import TEMPLATES, typeset
from generator.course.assembly import OCCASIONS
from generator.course.blueprint import plan_forms
from generator.course.model import Course

FORMS_JSON = "forms.json"


def plan_assessments(courses: Mapping[str, Course], epoch: int, outputs: Outputs,
                     folder: str = "assessments") -> list[str]:
    """All test files of the course (``courses``: localized in each language) under
    ``folder`` (nothing without assessments/cycles.yml); returns why a language's forms
    were left out (their items are not all translated).

    Forms go cycle, then occasion, then language, the default language first (the first
    language of an XLSForm is its default)."""
    course = courses[next(iter(courses.values())).default_language]
    plans = plan_forms(course)
    if not plans:
        return []
    languages = sorted(courses, key=lambda lang: lang != course.default_language)
    localized = dict(courses)
    printed, left_out = {}, []
    for language in languages:
        try:
            printed[language] = [printed_form(localized[language], plan) for plan in plans]
        except UntranslatedItems as untranslated:
            left_out.append(str(untranslated))
    languages = [language for language in languages if language in printed]
    forms = [printed[language][n] for n in range(len(plans)) for language in languages]
    cycles = list({plan.cycle: None for plan in plans})
    for cycle in cycles:
        for language in languages:
            own = [f for f in forms if f.cycle == cycle and f.language == language]
            plan_cycle_language(localized[language], own, epoch, outputs,
                                f"{folder}/{cycle}/{language}")
        for occasion in OCCASIONS:
            same = [f for f in forms if f.cycle == cycle and f.occasion == occasion]
            outputs.write(f"{folder}/{cycle}/{occasion}-xlsform.xlsx", xlsform_bytes(same, epoch))
    outputs.write(f"{folder}/{FORMS_JSON}", forms_json(forms))
    return left_out


def plan_cycle_language(course: Course, forms: list[Form], epoch: int, outputs: Outputs,
                        folder: str) -> None:
    """One cycle's files in ``course``'s language: booklets, answer sheets, key, entry
    templates, Moodle XML and QTI."""
    for form in forms:
        name = form.occasion
        for kind, data in ((BOOKLET, booklet_data(course, form)),
                           (ANSWER_SHEET, answer_sheet_data(course, form))):
            outputs.render(f"{folder}/{name}-{kind}.pdf", typeset, TEMPLATES, kind, data, epoch)
        outputs.write(f"{folder}/{name}-responses.csv", entry_template(form))
        outputs.write(f"{folder}/{name}-moodle.xml", moodle_xml(form))
        outputs.write(f"{folder}/{name}-qti.zip", qti_package(form, epoch))
    outputs.render(f"{folder}/answer-key.pdf", typeset, TEMPLATES, ANSWER_KEY,
                   answer_key_data(course, forms), epoch)


def entry_template(form: Form) -> str:
    """The CSV header trainers fill in: ``participant_code`` then item ids in printed order."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["participant_code", *[i.id for i in form.items]])
    return out.getvalue()


def forms_json(forms: list[Form]) -> str:
    """``forms.json``: each form's items as printed, with letters and keys (see the docs)."""
    data = {"forms": [
        {"cycle": f.cycle, "occasion": f.occasion, "language": f.language,
         "items": [{"number": i.number, "id": i.id, "module": i.module,
                    "objective": i.objective, "type": i.type, "stem": i.stem,
                    "options": [{"letter": o.letter, "text": o.text} for o in i.options],
                    "correct": list(i.correct)} for i in f.items]}
        for f in forms]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
