"""The question-bank rules: item-writing cues as warnings at their lines, course limits,
leaks in every language, enemies, and the likeness measure behind them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.course.item_writing import figures
from generator.course.load import load
from generator.course.similarity import ALIKE, alike_pairs, words
from generator.errors import CourseInvalid
from tests.conftest import FIXTURES, REPO, make_course, make_translated


def cue_course(target: Path) -> Path:
    make_course(target)
    shutil.copytree(FIXTURES / "cues", target, dirs_exist_ok=True)
    return target


def test_each_cue_is_a_warning_at_its_line(tmp_path: Path) -> None:
    loaded, _ = load(cue_course(tmp_path / "course"))
    found = {(w.path, w.line, w.message.rsplit("[", 1)[-1].rstrip("]")) for w in loaded.warnings}
    bank = "assessments/basics.yml"
    assert found >= {
        (bank, 12, "key_longest"), (bank, 12, "uneven_options"),
        (bank, 37, "one_wrong_option"), (bank, 43, "absolute_false"),
        (bank, 53, "negative_stem"), (bank, 62, "all_none")}
    assert all(w.hint for w in loaded.warnings)
    assert {w.field for w in loaded.warnings} >= {"basics-q-count.options:a.text",
                                                  "basics-q-negative.stem"}


def test_validate_prints_warnings_and_succeeds(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = cue_course(tmp_path / "course")
    assert main(["--course", str(root), "validate"]) == 0
    err = capsys.readouterr().err
    assert "assessments/basics.yml:43: basics-q-absolute.stem: warning: a false statement " \
           "with the absolute word 'always'" in err
    assert "hint: absolute statements are usually false" in err


def test_a_limit_fails_validation_and_inspect_shows_the_figures(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = cue_course(tmp_path / "course")
    assert main(["--course", str(root), "inspect", "--json"]) == 0

    data = json.loads(capsys.readouterr().out)
    figure = data["item_writing"]["figures"]["key_longest"]
    assert (figure["count"], figure["of"], figure["limit"]) == (4, 4, 1)
    assert data["item_writing"]["items"]["basics-q-negative"] == [
        "all_none", "key_longest", "negative_stem"]
    cycles = root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text().replace(
        "item_writing:\n", "item_writing:\n  limits:\n    one_wrong_option: 0.5\n"))
    with pytest.raises(CourseInvalid) as caught:
        load(root)
    problem = next(p for p in caught.value.problems if "one_wrong_option" in p.field)
    assert (problem.path, problem.line) == ("assessments/cycles.yml", 5)
    assert "1 of 1 test items (100%)" in problem.message


def test_figures_count_only_test_items(tmp_path: Path) -> None:
    loaded, course = load(cue_course(tmp_path / "course"))
    items = [i for m in course.modules for i in m.items]
    practice = [i.model_copy(update={"use": ("practice",)}) for i in items]
    assert all(f["count"] == 0 for f in figures(practice, course.blueprint.item_writing,
                                                "en").values())


def test_a_leak_in_a_translation_is_reported_in_that_file(tmp_path: Path) -> None:
    root = make_translated(tmp_path / "course")
    with (root / "assessments" / "intro.yml").open("a") as bank:
        bank.write("  - id: intro-p-how-long\n    type: true-false\n    objective: intro-cycle\n"
                   "    use: [practice]\n    stem: Piloting lasts about half a year.\n"
                   "    answer: true\n    feedback:\n      correct: Yes.\n      incorrect: No.\n")
    with (root / "locales" / "es" / "assessments" / "intro.yml").open("a") as bank:
        bank.write("  - id: intro-p-how-long\n"
                   "    stem: El ciclo de los TSP termina con una formación de repaso.\n"
                   "    feedback:\n      correct: Sí.\n      incorrect: No.\n")
    with pytest.raises(CourseInvalid) as caught:
        load(root)
    leaks = [p for p in caught.value.problems if "intro-p-how-long" in p.message]
    assert [(p.path, p.line) for p in leaks] == [("locales/es/assessments/intro.yml", 12)]
    assert "in 'es'" in leaks[0].message
    assert "in the source file, assessments/intro.yml," in leaks[0].hint


def test_distinct_from_with_a_reason_accepts_a_pair(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", "leaked-test-item")
    bank = root / "assessments" / "intro.yml"
    bank.write_text(bank.read_text().replace(
        "    stem: The TSP cycle ends with a refresher training.\n",
        "    stem: The TSP cycle ends with a refresher training.\n"
        "    distinct_from: [{item: intro-p-cycle-end, reason: the practice item is a recap}]\n"))
    load(root)
    bank.write_text(bank.read_text().replace(", reason: the practice item is a recap", ""))
    with pytest.raises(CourseInvalid) as caught:
        load(root)
    assert any("reason" in p.message for p in caught.value.problems)


def test_alike_test_items_become_enemies(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course")
    bank = root / "assessments" / "basics.yml"
    bank.write_text(bank.read_text() + (
        "  - id: basics-q-count-again\n    type: single\n    objective: basics-list\n"
        "    use: [test]\n    level: recall\n"
        "    stem: How many components does the package have in all?\n    options:\n"
        "      - id: a\n        text: Nine\n        feedback: Right.\n"
        "      - id: b\n        text: Ten\n        feedback: No.\n    answer: a\n"))
    _, course = load(root)
    assert ("basics-q-count", "basics-q-count-again") in course.enemies


def test_likeness_normalises_case_punctuation_numbers_and_word_endings() -> None:
    assert words("Injecting, 1,000 WOMEN: 0,5 per cent!") == \
        ["inject", "1000", "women", "0.5%"]
    assert words("1 000 женщин") == words("1000 женщины")
    same = ["Which laws deter women from services?", "Which laws deter women from services"]
    other = ["How many syringes does a programme hand out?"]
    assert alike_pairs(same, same) == [(0, 1, pytest.approx(1.0))]
    assert alike_pairs(same[:1], other) == []
    assert 0 < ALIKE < 1


def test_a_bank_whose_keys_are_never_the_longest_fails_too(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course")
    cycles = root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text().replace(
        "seed: 7\n", "seed: 7\nitem_writing:\n  limits:\n    key_longest_at_least: 0.9\n"))
    with pytest.raises(CourseInvalid) as caught:
        load(root)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field) == (
        "assessments/cycles.yml", 5, "item_writing.limits.key_longest_at_least")
    assert "longest option in only 2 of 3 single-choice test items (67%)" in problem.message


@pytest.mark.parametrize(("pattern", "example", "said"), [
    ("^[a-z]{2}-[0-9]{3}$", "kz-014", "write the pattern with capital letters"),
    ("^(?P<c>[A-Z]{2})-[0-9]{3}$", "KZ-014", "named groups or look-behind"),
    ("^[A-Z]{2}-[0-9]{3}$", "KZ-14", "does not match the pattern"),
])
def test_a_participant_code_pattern_must_work_as_codes_are_compared(
        tmp_path: Path, pattern: str, example: str, said: str) -> None:
    root = make_course(tmp_path / "course")
    cycles = root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text()
                      + f"participant_code:\n  pattern: '{pattern}'\n  example: {example}\n")
    with pytest.raises(CourseInvalid) as caught:
        load(root)
    [problem] = caught.value.problems
    assert problem.path == "assessments/cycles.yml" and said in problem.message
    assert "docs/assessments.md" in problem.hint


def test_cycles_yml_problems_point_to_the_assessments_guide(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course")
    cycles = root / "assessments" / "cycles.yml"
    cycles.write_text(cycles.read_text() + "item_writing:\n  words: [always]\n")
    with pytest.raises(CourseInvalid) as caught:
        load(root)
    [problem] = caught.value.problems
    assert problem.message.startswith("expected keys and values")
    assert "docs/assessments.md" in problem.hint


@pytest.mark.parametrize(("stem", "hint"), [
    ("Which apply? Choose all that apply.", "Choose all that apply."),
    ("Which two are right? (select two)", "select two"),
    ("Which is right? Tick the best answer.", "Tick the best answer."),
    ("Which are right? More than one answer may be correct.",
     "More than one answer may be correct."),
    ("¿Cuáles? Elija todas las\n  opciones que correspondan.",
     "Elija todas las\n  opciones que correspondan."),
    ("¿Cuál? Seleccione una respuesta.", "Seleccione una respuesta."),
    ("Какие? Выберите все подходящие варианты.", "Выберите все подходящие варианты."),
    ("Какой? (выберите один ответ)", "выберите один ответ"),
    ("کدام؟ همه گزینه‌های درست را انتخاب کنید.", "همه گزینه‌های درست را انتخاب کنید."),
    ("Welche? Wählen Sie alle zutreffenden Antworten.",  # a catalogue's own wording
     "Wählen Sie alle zutreffenden Antworten."),
    ("Which option would you choose one week before release?", None),
    ("Where should a TSP select all sites to visit first?", None),
    ("The team may choose one of two drop-in centres. Which fits the module?", None),
    ("Выберите подходящий момент: когда лучше начать?", None),
])
def test_an_answer_hint_is_found_as_a_part_of_its_own(stem: str, hint: str | None) -> None:
    from generator.course.answer_hints import hint_in, hint_patterns

    patterns = hint_patterns(["en", "es", "ru", "fa", "de"],
                             ["Choose one answer.", "Wählen Sie alle zutreffenden Antworten."])
    assert hint_in(stem, patterns) == hint


def test_the_generator_adds_the_hints_the_rule_looks_for() -> None:
    """The hints a stem must not repeat are the interface strings the site and the
    booklet show (in every language, from the catalogue)."""
    from babel.messages.pofile import read_po

    from generator.course.answer_hints import ANSWER_HINTS

    with (REPO / "generator" / "messages.pot").open("rb") as pot:
        assert set(ANSWER_HINTS) <= {m.id for m in read_po(pot)}
    sources = "".join(p.read_text("utf-8") for p in (REPO / "generator").rglob("*.py")
                      if p.name != "answer_hints.py")
    assert all(f'"{hint}"' in sources for hint in ANSWER_HINTS)
