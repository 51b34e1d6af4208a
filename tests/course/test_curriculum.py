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
import yaml

from tests.conftest import REPO

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

BRIEF, ALLIANCE = "001_17ce7b86373f03fa.txt", "002_c21331bd8a02e20f.txt"
SURVEY, TALK = "003_92ad8bacbc2e0d9e.txt", "004_439a0ea03afb7b79.txt"

# Every figure written with digits in a module (page, slides, objectives, key messages,
# items), with the source files that give it and each source's own words around it.
# Activities are left out: their numbers are timings and details of invented case cards.
FIGURES: dict[str, tuple[tuple[str, str], ...]] = {
    "0.003": ((BRIEF, "only 0.003 per cent of"),),
    "1": (
        (BRIEF, "Table 1."),
        (BRIEF, "less than 1 per cent of people who inject drugs"),
    ),
    "7": ((SURVEY, "women from 7 countries"),),
    "10": (
        (BRIEF, "ranges from at least 10 per cent to over 30 per cent"),
        (BRIEF, "10-20 per cent in parts of Africa"),
        (ALLIANCE, "10 Asian harm reduction organisations"),
    ),
    "12": ((TALK, "12 member women"),),
    "15": (
        (BRIEF, "only 15 reported prevalence among women who inject drugs"),
        (BRIEF, "comprehensive package of 15 specific"),
    ),
    "17": ((SURVEY, "Of the 17 respondents"),),
    "20": (
        (BRIEF, "is around 20 per cent in Eastern Europe"),
        (BRIEF, "10-20 per cent in parts of Africa"),
        (ALLIANCE, "a pool of 20 technical support providers"),
    ),
    "25": ((BRIEF, "more than 25 per cent (and up to 70 per cent in Tajikistan)"),),
    "27": ((SURVEY, "criminalisation of drug use was listed by 27%"),),
    "30": ((BRIEF, "ranges from at least 10 per cent to over 30 per cent"),),
    "55/5": ((BRIEF, "resolution 55/5 of the Commission on Narcotic Drugs"),),
    "60": ((BRIEF, "between 60 per cent and 80 per cent of women"),),
    "65": ((SURVEY, "Eleven (65%), of the respondents identified as WUD"),),
    "66": ((SURVEY, "66% of respondents listed lack of access"),),
    "70": ((BRIEF, "up to 70 per cent in Tajikistan"),),
    "76": ((SURVEY, "Of the 17 respondents, 76% knew of"),),
    "80": ((BRIEF, "between 60 per cent and 80 per cent of women"),),
    "84": ((BRIEF, "Out of the 84 countries reporting"),),
}

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

NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


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


def module_texts(module: dict) -> list[str]:
    """Every text of a module that learners or trainers read as course content. A wrong
    option's text is left out: it states what is not so (a distractor figure such as
    "85 to 95 per cent" is invented on purpose), and its feedback, which is kept, says
    what is."""
    texts = [module["title"], module["summary"], module["content"], *module["key_messages"],
             *(o["text"] for o in module["objectives"])]
    for slide in module["slides"]:
        texts += [slide["title"], slide["notes"], *(line["text"] for line in slide["lines"])]
    for item in module["items"]:
        texts.append(item["stem"])
        right = set(item["answer"]) if isinstance(item["answer"], list) else {item["answer"]}
        for option in item.get("options", ()):
            texts += [option["text"], option["feedback"]] if option["id"] in right \
                else [option["feedback"]]
        if isinstance(item.get("feedback"), dict):
            texts += item["feedback"].values()
    return texts


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


def unsourced_figures(module_list: list[dict]) -> list[str]:
    """``module: figure`` for each figure that FIGURES does not trace to a source."""
    years = {str(r["year"]) for r in inspected()["references"] if r.get("year")}
    return sorted({
        f"{module['id']}: {number}"
        for module in module_list for text in module_texts(module)
        for number in NUMBER.findall(text) if number not in FIGURES and number not in years})


def test_every_figure_in_the_modules_comes_from_a_source() -> None:
    assert unsourced_figures(modules()) == [], "add each figure to FIGURES or remove it"


def test_an_invented_figure_is_caught() -> None:
    module = modules()[0]
    slide = {**module["slides"][0], "notes": "Women are 37.5 % of clients."}
    invented = {**module, "slides": [slide, *module["slides"][1:]]}
    assert unsourced_figures([invented]) == [f"{module['id']}: 37.5"]


@needs_sources
@pytest.mark.parametrize("figure", sorted(FIGURES))
def test_figure_list_quotes_its_source(figure: str) -> None:
    for name, words in FIGURES[figure]:
        assert figure in NUMBER.findall(words)
        assert flat(words) in source_text(name), (name, words)


@needs_sources
@pytest.mark.parametrize("intervention", sorted(TABLE_1), ids=lambda name: name.split(" (")[0])
def test_table_1_intervention_is_taught(intervention: str) -> None:
    table = source_text(BRIEF)
    assert flat(intervention.split(" (")[0]) in table
    teaching = [m["id"] for m in modules()
                if all(re.search(p, flat(m["content"])) for p in TABLE_1[intervention])]
    assert teaching, f"no module page teaches {intervention!r}"


def test_translated_items_quote_the_same_figures() -> None:
    """Every translated item (es, ru, fa) has exactly the figures of its English source."""
    number = re.compile(r"\d+(?:[.,]\d+)?")

    def figures(text: object) -> list[str]:
        if isinstance(text, str):
            return [n.replace(",", ".") for n in number.findall(text)]
        if isinstance(text, dict):
            return [f for key, value in text.items() if key != "id" for f in figures(value)]
        if isinstance(text, list):
            return [f for value in text for f in figures(value)]
        return []

    root, checked = REPO, 0
    for bank in sorted((root / "assessments").glob("*.yml")):
        if bank.name == "cycles.yml":
            continue
        source = {i["id"]: i for i in yaml.safe_load(bank.read_text("utf-8"))["items"]}
        for translated in sorted(root.glob(f"locales/*/assessments/{bank.name}")):
            for entry in yaml.safe_load(translated.read_text("utf-8"))["items"]:
                text_only = {k: v for k, v in source[entry["id"]].items()
                             if k in ("stem", "options", "feedback")}
                assert sorted(figures(entry)) == sorted(figures(text_only)), \
                    (translated.name, entry["id"])
                checked += 1
    assert checked > 500
