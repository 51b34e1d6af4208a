"""``coursepack translate init | status | mark-current``, run as maintainers run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from generator.cli import main
from generator.course.load import load_course
from generator.course.localize import localize
from generator.site.plugin import build_site
from tests.conftest import REPO, make_translated


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rows(status: str) -> dict[str, str]:
    """The table of ``translate status``: each row's cells (spaces evened) by its name."""
    table = status.split("\n\n")[1:-2]
    return {line.split()[0]: " ".join(line.split()[1:])
            for block in table for line in block.splitlines() if line.strip()}


def test_init_then_validate_gives_a_clean_actionable_status(course: Path, capsys) -> None:
    code, out, _ = run(capsys, "--course", str(course), "translate", "init", "ru")
    assert code == 0 and "added ru to languages in course.yml" in out
    assert "languages: [en, ru]" in (course / "course.yml").read_text()
    for path in ("course.yml", "messages.po", "modules/intro/module.yml",
                 "modules/intro/content.md", "modules/intro/slides.md",
                 "modules/intro/activities.yml", "modules/intro/translation.yml",
                 "assessments/intro.yml", "assessments/basics.yml"):
        assert (course / "locales/ru" / path).is_file(), path
    item = yaml.safe_load((course / "locales/ru/assessments/intro.yml").read_text())["items"][0]
    assert set(item) == {"id", "stem", "options"}  # text and ids, no answers
    activity = yaml.safe_load(
        (course / "locales/ru/modules/intro/activities.yml").read_text())["activities"][0]
    assert activity["steps"] == [{"text": "Ask who uses local services."},
                                 {"text": "List who is missing."}]  # the minutes stay out
    assert run(capsys, "--course", str(course), "validate")[0] == 0

    code, out, _ = run(capsys, "--course", str(course), "translate", "status")
    assert code == 0
    assert rows(out)["intro"] == rows(out)["basics"] == "partial (draft)"
    assert "ru: text still to translate in: intro, basics." in out
    assert "interface strings to translate" not in out
    assert "interface string(s) to translate in locales/ru/messages.po" in out


def test_init_keeps_what_exists_and_refuses_what_cannot_be(course: Path, capsys) -> None:
    run(capsys, "--course", str(course), "translate", "init", "ru", "--module", "intro")
    content = course / "locales/ru/modules/intro/content.md"
    content.write_text("## Перевод\n", encoding="utf-8")
    code, out, _ = run(capsys, "--course", str(course), "translate", "init", "ru")
    assert code == 0 and content.read_text(encoding="utf-8") == "## Перевод\n"
    assert "created locales/ru/modules/basics/module.yml" in out and "kept" in out
    for args, message in ((["en"], "is the source language"),
                          (["../x"], "is not a language code"),
                          (["ru", "--module", "intro2"], "there is no module 'intro2'")):
        code, _, err = run(capsys, "--course", str(course), "translate", "init", *args)
        assert code == 1 and message in err


def test_status_json_has_the_documented_shape(tmp_path: Path, capsys) -> None:
    root = make_translated(tmp_path / "course")
    code, out, _ = run(capsys, "--course", str(root), "translate", "status", "--json")
    data = json.loads(out)
    assert code == 0 and data["source_language"] == "en" and data["languages"] == ["es"]
    intro = data["modules"][0]
    assert intro["id"] == "intro"
    assert intro["languages"]["es"] == {
        "review": "draft", "site": "complete", "deck": "complete", "quiz": "complete",
        "stale_items": [], "untranslated_items": []}
    interface = data["interface"]["es"]
    assert interface["total"] == len(interface["missing"]) + interface["translated"]
    assert "Learning objectives" not in interface["missing"]


def test_mark_current_records_review_and_clears_staleness(tmp_path: Path, capsys) -> None:
    root = make_translated(tmp_path / "course")
    slides = root / "modules/intro/slides.md"
    slides.write_text(slides.read_text() + "\n", encoding="utf-8")  # layout only: not stale
    code, out, _ = run(capsys, "--course", str(root), "translate", "status")
    assert rows(out)["intro"] == "complete (draft)"
    slides.write_text(slides.read_text().replace("# ", "# New ", 1), encoding="utf-8")
    out = run(capsys, "--course", str(root), "translate", "status")[1]
    assert rows(out)["intro"] == "site complete, deck stale, quiz complete (draft)"
    code, out, _ = run(capsys, "--course", str(root), "translate", "mark-current", "es",
                       "--module", "intro", "--reviewed")
    assert code == 0 and "recorded as current (site complete, deck complete" in out
    assert rows(run(capsys, "--course", str(root), "translate", "status")[1])["intro"] == \
        "complete (reviewed)"
    code, _, err = run(capsys, "--course", str(root), "translate", "mark-current", "ru",
                       "--module", "intro")
    assert code == 1 and "'ru' is not a translation of this course" in err


def test_a_right_to_left_translation_renders_right_to_left(course: Path, tmp_path: Path,
                                                            capsys) -> None:
    run(capsys, "--course", str(course), "translate", "init", "fa", "--module", "intro")
    build_site(load_course(course), course / "mkdocs.yml", tmp_path / "site", 0)
    persian = (tmp_path / "site/fa/modules/intro.html").read_text(encoding="utf-8")
    assert '<html lang="fa"' in persian and '<body dir="rtl"' in persian
    english = (tmp_path / "site/en/modules/intro.html").read_text(encoding="utf-8")
    assert '<body dir="ltr"' in english
    assert localize(load_course(course), "fa").module("intro").translation is not None


def test_the_interface_catalogue_template_is_current() -> None:
    result = subprocess.run([sys.executable, "scripts/extract_messages.py", "--check"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_interface_string_escapes_the_catalogue() -> None:
    """Every ``ui`` call shows a literal (or a literal chosen by ``… if … else …``) that
    the catalogue holds; the few that pass on other text say why on their line."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import extract_messages
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert extract_messages.unextracted_calls() == []
    strings = extract_messages.interface_strings()
    assert {"Choose one answer.", "Choose all answers that apply."} <= set(strings)
    from babel.messages.pofile import read_po

    for language in ("es", "ru", "fa"):  # the bundled translations miss none of them
        with (REPO / "locales" / language / "messages.po").open("rb") as po:
            catalogue = read_po(po)
        missing = [s for s in strings if not (catalogue.get(s) and catalogue.get(s).string)]
        assert missing == [], (language, missing)


def test_the_bundled_course_is_in_spanish_and_russian_with_one_persian_module() -> None:
    from generator.authoring.translate import status_data

    course = load_course(REPO)
    data = status_data(course)
    assert data["languages"] == ["es", "ru", "fa"]
    for module in data["modules"]:
        for language in ("es", "ru"):
            state = module["languages"][language]
            assert [state[u] for u in ("site", "deck", "quiz")] == ["complete"] * 3, (
                module["id"], language, state["untranslated_items"])
            assert state["review"] == "draft"  # until a native speaker has reviewed it
    persian = data["modules"][0]["languages"]["fa"]
    assert data["modules"][0]["id"] == "course-introduction"
    assert [persian[u] for u in ("site", "deck", "quiz")] == ["complete"] * 3
    for language in ("es", "ru", "fa"):
        assert data["interface"][language]["missing"] == [], language
        assert data["course"][language] == {"course.yml": "complete",
                                            "glossary.yml": "complete",
                                            "materials.yml": "complete"}, language
    assert [(p["name"], {lang: s["status"] for lang, s in p["languages"].items()})
            for p in data["pages"]] == [
        ("about", {"es": "complete", "ru": "complete", "fa": "complete"})]


def test_the_persian_module_is_right_to_left_in_its_deck() -> None:
    import io

    from pptx import Presentation

    from generator.facilitator.decks import deck_bytes
    from tests.conftest import TEMPLATE

    persian = localize(load_course(REPO), "fa")
    deck = Presentation(io.BytesIO(deck_bytes(
        persian, persian.module("course-introduction"), TEMPLATE, 0)))
    from generator.course.localize import in_right_to_left_script

    paragraphs = [p for slide in deck.slides for shape in slide.placeholders
                  if shape.has_text_frame for p in shape.text_frame.paragraphs]
    persian_text = [p for p in paragraphs if in_right_to_left_script(p.text) is not False]
    english = [p for p in paragraphs if in_right_to_left_script(p.text) is False]
    assert len(persian_text) > 50 and all(p._p.pPr.get("rtl") == "1" for p in persian_text)
    assert english and all(p._p.pPr.get("rtl") == "0" for p in english)  # source titles


def test_charts_and_svg_texts_are_files_to_translate(tmp_path: Path, capsys) -> None:
    from tests.conftest import make_pictured

    root = make_pictured(tmp_path / "course")
    assert run(capsys, "--course", str(root), "translate", "mark-current", "es", "--module",
               "intro")[0] == 0
    assert rows(run(capsys, "--course", str(root), "translate", "status")[1])["intro"] == \
        "complete (draft)"
    svg = root / "modules/intro/images/cycle.svg"
    svg.write_text(svg.read_text().replace("Initial training", "First training"), "utf-8")
    out = run(capsys, "--course", str(root), "translate", "status")[1]
    assert rows(out)["intro"] == "site stale, deck stale, quiz complete (draft)"
    assert run(capsys, "--course", str(root), "translate", "init", "ru", "--module",
               "intro")[0] == 0
    texts = yaml.safe_load((root / "locales/ru/modules/intro/pictures.yml").read_text("utf-8"))
    assert texts == {"images/cycle.svg": {"step-one": "First training"}}
    chart = yaml.safe_load((root / "locales/ru/modules/intro/charts/figures.yml").read_text())
    assert chart["values"] == [{"id": "tajikistan", "label": "Women in prison for drugs, "
                                "Tajikistan"}, {"id": "ost", "label": "Women who inject drugs "
                                                                      "on OST"}]
