"""Handouts and the materials vocabulary: validated at their lines, printed in the copies a
workshop needs, in its language."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.course.handout_rules import near_duplicates
from generator.course.load import load_course
from generator.course.localize import localize
from generator.course.model import Course
from generator.errors import CourseInvalid
from generator.facilitator.handouts import checklist, counted, counts, print_quantities
from generator.facilitator.workshop import plan, read_workshop
from tests.conftest import REPO, make_course, make_pictured
from tests.pdf import flat, pages, pdfinfo

WORKSHOP = """\
title: Handouts workshop
modules: [gender-mainstreaming, prison-harm-reduction, information-education-communication]
language: {language}
days: 2
participants: 12
group_size: 4
facilitators: [Ana, Olga]
"""


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(REPO)


def _problems(root: Path) -> list[str]:
    with pytest.raises(CourseInvalid) as raised:
        load_course(root)
    return [f"{p.path}:{p.line}: {p.field}: {p.message}" for p in raised.value.problems]


def test_near_duplicate_names_are_found() -> None:
    pairs = set(near_duplicates(["Flipchart", "Markers", "Flipchart paper",
                                 "Flip chart paper", "Marker", "Case cards", "Role cards",
                                 "Sticky notes", "Sticky dots"]))
    assert pairs == {(0, 2), (2, 3), (1, 4)}  # not Case/Role cards, Sticky notes/dots


def test_the_vocabulary_rejects_a_near_duplicate(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course")
    with (root / "materials.yml").open("a") as vocabulary:
        vocabulary.write("  - id: flip-chart\n    name: Flip chart paper\n    per: group\n")
    problems = _problems(root)
    assert problems == ["materials.yml:17: materials[3].name: 'Flip chart paper' is nearly the "
                        "same as 'Flipchart paper' (flipchart)"]


def test_unknown_material_and_handout_are_reported_at_their_lines(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course")
    activities = root / "modules" / "intro" / "activities.yml"
    activities.write_text(activities.read_text().replace(
        "    materials: [flipchart, markers]\n",
        "    materials: [flipchart, marker]\n    handouts: [worksheet]\n"))
    problems = _problems(root)
    assert problems == [
        "modules/intro/activities.yml:6: activities[0].materials[1]: 'marker' is not in "
        "materials.yml",
        "modules/intro/activities.yml:7: activities[0].handouts[0]: there is no handout "
        "'worksheet' in this module"]


def test_a_handout_file_is_validated_at_its_line(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course")
    (root / "modules" / "intro" / "handouts").mkdir()
    (root / "modules" / "intro" / "handouts" / "notes.yml").write_text(
        "title: Notes\nkind: worksheet\nper: everyone\nlines: [Name]\nsource: nowhere\n")
    problems = _problems(root)
    assert any(p.startswith("modules/intro/handouts/notes.yml:3: per:") for p in problems)


def test_checklist_has_quantities_and_first_days(course: Course, tmp_path: Path) -> None:
    path = tmp_path / "w.yml"
    path.write_text(WORKSHOP.format(language="en"))
    workshop = read_workshop(course, path)
    assert counts(workshop).groups == 3 and counts(workshop).facilitators == 2
    lines = checklist(course, workshop, plan(course, workshop))
    assert "Flipchart paper: 9 sheets (3 per group) · from day 1" in lines
    assert any(line.startswith("Handout: Table 1 in brief") and "12 printed copies" in line
               for line in lines)
    assert len(lines) == len(set(lines))


def test_handouts_are_printed_in_the_quantity_the_workshop_needs(
        course: Course, tmp_path: Path) -> None:
    path = tmp_path / "w.yml"
    path.write_text(WORKSHOP.format(language="es"))
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(path), "--out", str(out)]) == 0
    workshop = read_workshop(course, path)
    spanish = localize(course, "es")
    quantities = print_quantities(spanish, workshop, plan(spanish, workshop))
    copies = {ref: n for ref, _, n, _ in quantities}
    assert copies == {"gender-mainstreaming/four-dimensions": 3,
                      "gender-mainstreaming/table-1": 12,
                      "prison-harm-reduction/prison-checklist": 12,
                      "information-education-communication/review-checklist": 3,
                      "gender-mainstreaming/observer-checklist": 3,
                      "information-education-communication/observer-checklist": 3}
    folder = out / "handouts"
    each = {ref: int(pdfinfo(folder / f"{ref.replace('/', '--')}.pdf")["Pages"])
            for ref in copies}
    pack = pages(folder / "print-pack.pdf")
    assert len(pack) == sum(copies[ref] * each[ref] for ref in copies)
    assert sum("Tabla 1 en resumen" in flat(page) for page in pack) == 12
    agenda = flat(" ".join(pages(out / "agenda.pdf")))
    assert "Material impreso: La Tabla 1 en resumen" in agenda
    assert "12 copias impresas" in agenda


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["Table 1 in brief", "Women-only spaces or opening times",
            "Source: Women who inject drugs and HIV: Addressing specific needs, UNODC"]),
    ("es", ["La Tabla 1 en resumen", "Espacios u horarios solo para mujeres", "Fuente:"]),
])
def test_a_handout_pdf_reads_back_in_its_language(tmp_path: Path, language: str,
                                                  words: list[str]) -> None:
    path = tmp_path / "w.yml"
    path.write_text(WORKSHOP.format(language=language).replace(
        "[gender-mainstreaming, prison-harm-reduction, information-education-communication]",
        "[gender-mainstreaming]"))
    out = tmp_path / "bundle"
    assert main(["--course", str(REPO), "workshop", "plan", str(path), "--out", str(out)]) == 0
    text = flat(" ".join(pages(out / "handouts" / "gender-mainstreaming--table-1.pdf")))
    for word in words:
        assert word in text, word
    assert pdfinfo(out / "handouts" / "gender-mainstreaming--table-1.pdf")["Pages"] == "1"


def test_a_figure_in_a_handout_is_held_to_the_fact_ledger(tmp_path: Path) -> None:
    root = make_pictured(tmp_path / "course")
    (root / "modules" / "intro" / "handouts").mkdir()
    (root / "modules" / "intro" / "handouts" / "figures.yml").write_text(
        "title: Figures\nkind: worksheet\nper: participant\n"
        "lines: [\"Services open to women: 73 %\"]\n")
    problems = _problems(root)
    assert any(p.startswith("modules/intro/handouts/figures.yml:4: lines[0]: the figure 73")
               for p in problems), problems


def test_a_quantity_takes_the_form_its_number_needs_in_each_language() -> None:
    """CLDR plural categories: 1 набор, 4 набора, 12 наборов, 21 набор; 1 juego, 4 juegos;
    a language without forms (Persian) or a plain word ("шт.") stays as it is."""
    course = load_course(REPO)
    forms = {}
    for language in ("en", "es", "ru", "fa"):
        localized = localize(course, language)
        markers = next(m for m in localized.materials if m.id == "markers")
        pens = next(m for m in localized.materials if m.id == "pens")
        forms[language] = [counted(localized, n, markers.unit) for n in (1, 4, 12, 21)]
        forms[language + " pens"] = counted(localized, 3, pens.unit)
    assert forms["ru"] == ["1 набор", "4 набора", "12 наборов", "21 набор"]
    assert forms["es"] == ["1 juego", "4 juegos", "12 juegos", "21 juegos"]
    assert forms["en"] == ["1 set", "4 sets", "12 sets", "21 sets"]
    assert forms["fa"] == ["1 دست", "4 دست", "12 دست", "21 دست"]
    assert forms["ru pens"] == "3 шт."
