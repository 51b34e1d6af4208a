"""The assessments part of a build: every cycle's pre/post forms in every language.

``build/assessments/forms.json`` describes every form; each ``<cycle>/<lang>/`` folder holds
the printed booklets, answer sheets, answer key, entry templates, Moodle XML and QTI
packages, and each ``<cycle>/`` folder one multilingual XLSForm per occasion.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .forms import OCCASIONS, Form, UntranslatedItems, plan_forms, printed_form
from .localize import localize
from .model import Course
from .moodle import moodle_xml
from .paper import answer_key_html, answer_sheet_html, booklet_html, pdf_bytes
from .qti import qti_package
from .xlsform import xlsform_bytes

FORMS_JSON = "forms.json"


def write_assessments(course: Course, out_dir: Path, epoch: int) -> list[str]:
    """All test files of ``course`` under ``out_dir`` (nothing without assessments/cycles.yml);
    returns why a language's forms were left out (their items are not all translated).

    Forms go cycle, then occasion, then language, the default language first (the first
    language of an XLSForm is its default)."""
    plans = plan_forms(course)
    if not plans:
        return []
    languages = sorted(course.languages, key=lambda lang: lang != course.default_language)
    localized = {language: localize(course, language) for language in languages}
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
            write_cycle_language(localized[language], own, out_dir / cycle / language, epoch)
        for occasion in OCCASIONS:
            same = [f for f in forms if f.cycle == cycle and f.occasion == occasion]
            (out_dir / cycle / f"{occasion}-xlsform.xlsx").write_bytes(xlsform_bytes(same, epoch))
    (out_dir / FORMS_JSON).write_text(forms_json(forms), encoding="utf-8")
    return left_out


def write_cycle_language(course: Course, forms: list[Form], folder: Path, epoch: int) -> None:
    """One cycle's files in ``course``'s language: booklets, answer sheets, key, entry
    templates, Moodle XML and QTI."""
    folder.mkdir(parents=True, exist_ok=True)
    for form in forms:
        name = form.occasion
        (folder / f"{name}-booklet.pdf").write_bytes(pdf_bytes(booklet_html(course, form)))
        (folder / f"{name}-answer-sheet.pdf").write_bytes(
            pdf_bytes(answer_sheet_html(course, form)))
        (folder / f"{name}-responses.csv").write_text(entry_template(form), encoding="utf-8")
        (folder / f"{name}-moodle.xml").write_bytes(moodle_xml(form))
        (folder / f"{name}-qti.zip").write_bytes(qti_package(form, epoch))
    (folder / "answer-key.pdf").write_bytes(pdf_bytes(answer_key_html(course, forms)))


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
