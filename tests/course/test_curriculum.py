"""The bundled curriculum: every planned module, complete, sourced and true to its sources.

Read through `coursepack inspect --json`, the same model the renderers use.
"""
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from generator.course.facts import (
    facts_match_their_sources,
    numbers_are_in_the_ledger,
    source_documents_at_hand,
)
from generator.course.load import load
from generator.errors import CourseInvalid
from tests.conftest import REPO, bundled_copy

SOURCES = REPO.parent / "shared" / "sources"
needs_sources = pytest.mark.skipif(
    not SOURCES.is_dir(), reason=f"the source documents are not here ({SOURCES}): a clone "
    "without ../shared cannot hold the course's figures to their sources")

MODULES = {
    "getting-started": ["course-introduction"],
    "gender-mainstreaming": [
        "women-who-inject-drugs", "gender-mainstreaming", "barriers-to-services",
        "women-friendly-services", "data-resourcing-advocacy"],
    "nine-components": [
        "needle-syringe-programmes", "opioid-substitution-therapy",
        "hiv-testing-and-counselling", "antiretroviral-therapy",
        "sexually-transmitted-infections", "condom-programmes",
        "information-education-communication", "viral-hepatitis", "tuberculosis"],
    "prison-settings": ["women-in-prison", "prison-harm-reduction"],
}

BRIEF = "001_17ce7b86373f03fa.txt"

# Table 1 of the UNODC policy brief, column 2: interventions responding to the needs of
# women who inject drugs, each with the words that show a module teaches it.
TABLE_1 = {
    "Sexual and reproductive health, including services for STIs and prevention of "
    "mother-to-child transmission (PMTCT)": [r"sexual and reproductive health",
                                             r"mother-to-child"],
    "Maternal and child health": [r"maternal and child health"],
    "Gender-specific peer education and support": [r"peer educat", r"peer support"],
    "Gender-based violence-related services": [r"gender-based violence"],
    "Services tailored for women who inject drugs who are also engaged in sex work":
        [r"sex work"],
    "Provision of female condoms": [r"female condoms?"],
    "Parenting support": [r"parenting support"],
    "Child care": [r"child ?care"],
    "Couples counselling": [r"couples counselling"],
    "IEC that is specifically relevant to women who inject drugs (including safer "
    "injecting and safer sex techniques)": [r"safer injecting", r"safer sex"],
    "Legal aid": [r"legal aid"],
    "Provision of psychosocial and ancillary services and commodities":
        [r"psychosocial", r"ancillary"],
    "Income-generation interventions": [r"income[- ]generat"],
}

@cache
def inspected() -> dict:
    coursepack = Path(sys.executable).with_name("coursepack")
    result = subprocess.run(
        [str(coursepack), "--course", str(REPO), "inspect", "--json"],
        capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(result.stdout)


def modules() -> list[dict]:
    return inspected()["modules"]


def flat(text: str) -> str:
    """Lower case, one space between words, line-break hyphens joined."""
    return " ".join(re.sub(r"-\n\s*", "-", text).split()).lower()


def source_text(name: str) -> str:
    return flat((SOURCES / name).read_text(encoding="utf-8"))


def test_every_planned_module_is_in_the_course_in_track_order() -> None:
    planned = [m for track in MODULES.values() for m in track]
    assert [m["id"] for m in modules()] == planned
    assert {m["id"]: m["track"] for m in modules()} == {
        m: track for track, ids in MODULES.items() for m in ids}


@pytest.mark.parametrize("module_id", [m for ids in MODULES.values() for m in ids])
def test_module_is_complete(module_id: str) -> None:
    module = next(m for m in modules() if m["id"] == module_id)
    assert 3 <= len(module["objectives"]) <= 5
    assert 800 <= len(module["content"].split()) <= 1500
    assert re.search(r"(?m)^## ", module["content"])
    assert module["key_messages"] and module["sources"]
    assert 8 <= len(module["slides"]) <= 15
    assert all(slide["notes"].strip() for slide in module["slides"])
    assert len(module["activities"]) >= 2
    for activity in module["activities"]:
        assert activity["minutes"] > 0 and activity["method"]
        assert activity["materials"] and activity["steps"] and activity["debrief"]
    for objective in module["objectives"]:
        items = [i for i in module["items"] if i["objective"] == objective["id"]]
        practice = [i for i in items if i["use"] == ["practice"]]
        test = [i for i in items if "test" in i["use"]]
        assert len(practice) >= 3 and len(test) >= 3, objective["id"]
    for item in module["items"]:
        feedback = ([o["feedback"] for o in item["options"]] if "options" in item
                    else list(item["feedback"].values()))
        assert all(text.strip() for text in feedback), item["id"]


@needs_sources
def test_every_module_cites_a_source_document() -> None:
    references = {r["id"]: r for r in inspected()["references"]}
    for module in modules():
        cited = [references[s] for s in module["sources"]]
        assert any(r["file"] and (SOURCES / r["file"]).exists() for r in cited), module["id"]


@needs_sources
@pytest.mark.parametrize("intervention", sorted(TABLE_1), ids=lambda name: name.split(" (")[0])
def test_table_1_intervention_is_taught(intervention: str) -> None:
    table = source_text(BRIEF)
    assert flat(intervention.split(" (")[0]) in table
    teaching = [m["id"] for m in modules()
                if all(re.search(p, flat(m["content"])) for p in TABLE_1[intervention])]
    assert teaching, f"no module page teaches {intervention!r}"


def test_the_bundled_course_states_only_figures_its_ledger_explains() -> None:
    loaded, _ = load(REPO)
    assert loaded.facts is not None and len(loaded.facts.facts) >= 25
    assert [p.format() for p in numbers_are_in_the_ledger(loaded)] == []


@needs_sources
def test_the_bundled_ledger_quotes_its_source_documents() -> None:
    loaded, _ = load(REPO)
    assert [p.format() for p in source_documents_at_hand(loaded)] == []
    assert [p.format() for p in facts_match_their_sources(loaded)] == []
    cited = {f.source for f in loaded.facts.facts}
    assert {"unodc-whid-policy-brief", "whrin-eeca-survey-2020", "alliance-tsp-capacity",
            "whrin-tailoring-programs"} <= cited


@pytest.mark.parametrize(("relative", "old", "new", "caught"), [
    ("modules/women-in-prison/slides.md", "60–80 %", "10–20 %",
     "modules/women-in-prison/slides.md:4: | the figure 10 is not in the fact ledger"),
    ("modules/women-in-prison/content.md", "the share reaches 70 per cent",
     "the share reaches 30 per cent",
     "modules/women-in-prison/content.md:22: | the figure 30 is not in the fact ledger"),
    ("modules/barriers-to-services/content.md", "Seventeen women from 7 countries",
     "Twelve women from 10 countries",
     "modules/barriers-to-services/content.md:38: | the figure Twelve is not in the fact "
     "ledger"),
    ("locales/ru/modules/women-in-prison/content.md", "70", "30",
     "locales/ru/modules/women-in-prison/content.md: | the source states 70"),
], ids=["latin-america", "tajikistan", "survey", "russian"])
def test_a_distorted_figure_fails_validation(tmp_path: Path, relative: str, old: str,
                                             new: str, caught: str) -> None:
    """The distortions a fact-check found the old figure test let through."""
    root = bundled_copy(tmp_path / "course")
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CourseInvalid) as invalid:
        load(root)
    where, message = caught.split(" | ")
    found = [p.format() for p in invalid.value.problems]
    assert any(p.startswith(where) and message in p for p in found), "\n".join(found)


@cache
def bundled():
    return load(REPO)[1]


@pytest.mark.parametrize("module_id", [m for ids in MODULES.values() for m in ids])
def test_module_is_visual_in_every_language(module_id: str) -> None:
    """At least one picture or chart on each page, and one slide in five that is not a
    list (a section, a picture, two columns, a key figure, a quote or a chart), in the
    source and in every translation of the module."""
    from generator.course.localize import localize
    from generator.course.pictures import IMAGE_TAG
    from generator.facilitator.decks import plan_slides, split

    course = bundled()
    for language in course.languages:
        localized = localize(course, language)
        module = localized.module(module_id)
        if language != course.default_language and module.translation is None:
            continue
        placed = [m["src"] for m in IMAGE_TAG.finditer(module.content)]
        assert placed, f"{language}: the page of {module_id} has no picture or chart"
        deck = [part for plan in plan_slides(localized, module)
                for part in split(plan, "(continued)")]
        not_lists = [s for s in module.slides if s.layout != "bullets"]
        assert len(not_lists) >= len(deck) // 5, (
            f"{language}: {module_id} has {len(not_lists)} slides that are not lists in a deck "
            f"of {len(deck)}; at least {len(deck) // 5} needed")
        assert any(s.images() for s in module.slides), \
            f"{language}: the deck of {module_id} shows no picture or chart"
