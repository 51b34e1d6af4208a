"""The report as a sequence of blocks that the HTML page and the Typst PDF both show: the
summary in plain words first, then charts, the breakdown by group, how to read the report,
and the detail for specialists. Every word is from the catalogue (``course.ui``); every
number is already written as text (see ``numbers``).

Blocks are dicts with a ``kind``: ``title``, ``facts`` (label and value rows), ``heading``,
``para``, ``table`` (``header``, ``rows``: lists of text, or ``{"cells", "note"}`` for a row
whose other cells are one note; ``small`` type; the PDF's column ``widths`` in cm, None for
as wide as the cells, 0 for the room left), ``dumbbell`` (rows of ``label``, ``pre`` and ``post`` in
percent), ``histogram`` (``bars`` of ``label`` and ``count``), ``glossary`` (term and
meaning) and ``pagebreak``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from babel import UnknownLocaleError
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal

from generator.course.localize import language_name
from generator.course.model import Course
from generator.scoring.breakdown import COMPLEMENT
from generator.scoring.report.feedback import feedback_blocks
from generator.scoring.report.numbers import MISSING, fixed, p_value, share, signed
from generator.scoring.statistics import BOOTSTRAP_RESAMPLES, FLAG_EFFICIENCY

Block = dict[str, object]
LABEL_CHARACTERS = 55
"""Chart labels and questions longer than this are cut with an ellipsis."""
QUESTION_CHARACTERS = 75


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class Words:
    """The report's words in the course's language: the catalogue, and the course's names
    of cycles, modules, objectives and questions."""

    def __init__(self, course: Course) -> None:
        self.course, self.ui = course, course.ui
        cycles = course.blueprint.cycles if course.blueprint else ()
        self.cycles = {c.id: course.ui(c.title) for c in cycles}  # not extracted: cycles.yml
        self.modules = {m.id: m.title for m in course.modules}
        self.objectives = {o.id: o.text for m in course.modules for o in m.objectives}
        self.stems = {i.id: i.stem for m in course.modules for i in m.items}

    def cycle(self, cycle: str) -> str:
        return self.cycles.get(cycle, cycle)

    def occasion(self, occasion: str) -> str:
        return {"pre": self.ui("Pre-test"), "post": self.ui("Post-test")}.get(occasion, occasion)

    def attribute(self, name: str) -> str:
        ui = self.ui
        known = {"country": ui("country"), "organisation": ui("organisation"),
                 "workshop": ui("workshop"), "role": ui("role"), "cycle": ui("cycle")}
        return known.get(name, name)

    def interval(self, low: float | None, high: float | None, digits: int = 0) -> str:
        if low is None or high is None:
            return MISSING
        return self.ui("{low} to {high}", low=signed(low, digits), high=signed(high, digits))


def document(data: dict, course: Course, files: Sequence[str]) -> list[Block]:
    """Every block of the report, top down."""
    say = Words(course)
    blocks = _first_page(data, say)
    blocks += [*_charts(data, say), *_groups(data, say),  # the module chart on page 1
               *_glossary(say), {"kind": "pagebreak"}, *_detail(data, say, files)]
    if data.get("feedback"):
        blocks += [{"kind": "pagebreak"}, *feedback_blocks(data["feedback"], course)]
    for b in blocks:
        if b["kind"] == "table":
            b.setdefault("small", False)
            b.setdefault("widths", None)
    return blocks


# --- page 1 ----------------------------------------------------------------------------------

def dates(start: str, end: str | None, language: str) -> str:
    """The workshop's dates (ISO) as the report's language writes a span of days:
    "17–20 November 2026", "17–20 de noviembre de 2026"."""
    first = date.fromisoformat(start)
    last = date.fromisoformat(end) if end else first
    locale = language.replace("-", "_")
    try:
        if last == first:
            return format_date(first, "long", locale=locale)
        return format_interval(first, last, "yMMMMd", locale=locale)
    except (ValueError, UnknownLocaleError):
        return start if last == first else f"{start} – {end}"


def _first_page(data: dict, say: Words) -> list[Block]:
    ui, context = say.ui, data["context"]
    report = ui("{course}: learning-gain report", course=say.course.title)
    own = context["title"] not in ("", say.course.title)
    blocks: list[Block] = [{"kind": "title", "text": context["title"] if own else report,
                            "subtitle": report if own else ""}]
    facts = []
    if context["place"]:
        facts.append([ui("Place"), context["place"]])
    if context["start"]:
        facts.append([ui("Dates"), dates(context["start"], context["end"],
                                         say.course.language)])
    if context["facilitators"]:
        facts.append([ui("Facilitators"), ", ".join(context["facilitators"])])
    if context["selection"]:
        facts.append([ui("Selection"), context["selection"]])
    facts.append([ui("Language"), language_name(say.course.language)])
    blocks.append({"kind": "facts", "rows": facts})
    blocks.append({"kind": "heading", "level": 2, "text": ui("Summary")})
    several = len(data["cycles"]) > 1
    for cycle, c in data["cycles"].items():
        if several:
            blocks.append({"kind": "heading", "level": 3, "text": say.cycle(cycle)})
        blocks += [{"kind": "para", "text": text} for text in _summary_sentences(c, say)]
    for r in data["retention"]:
        blocks.append({"kind": "para", "text": ui(
            "{matched} participants took the tests of both trainings: {post} % at the end of "
            "“{first}”, {later} % at the start of “{then}” ({kept} % of their gain kept).",
            matched=r["matched"], post=fixed(r["initial_post_mean_percent"], 0),
            first=say.cycle(r["from"]), later=fixed(r["refresher_pre_mean_percent"], 0),
            then=say.cycle(r["to"]), kept=share(r["retained_gain_share"]))})
    if any(row["suppressed"] for c in data["cycles"].values() for rows in c["groups"].values()
           for row in rows):
        blocks.append({"kind": "para", "text": ui(
            "Groups of fewer than {n} participants are not shown, so that no one can be "
            "recognised.", n=context["min_group"])})
    if data["excluded"]:
        blocks.append({"kind": "para", "text": ui(
            "{n} answer cells could not be read and were left out; they are listed at the end.",
            n=len(data["excluded"]))})
    return blocks


def _summary_sentences(c: dict, say: Words) -> list[str]:
    ui, m, change = say.ui, c["matching"], c["change"]
    everyone = len(set(m["unmatched_pre"]) | set(m["unmatched_post"])) + m["matched"]
    sentences = [ui("{matched} of {everyone} participants took both the pre-test and the "
                    "post-test (match rate {rate} %).", matched=m["matched"],
                    everyone=everyone, rate=share(m["match_rate"]))]
    if change is None or not change["n"]:
        return sentences
    d = change["difference"]
    values = {"pre": fixed(change["mean_pre"], 0), "post": fixed(change["mean_post"], 0),
              "n": change["n"], "change": signed(d["mean"], 0),
              "interval": say.interval(d["low"], d["high"])}
    rose = (d["mean"] or 0) > 0
    sentences.append(ui(
        "The average score rose from {pre} % to {post} % among {n} participants (change "
        "{change} points, 95 % CI {interval})." if rose else
        "The average score went from {pre} % to {post} % among {n} participants (change "
        "{change} points, 95 % CI {interval}).", **values))
    better = change["improvement"]
    sentences.append(ui("{improved} of {n} participants ({share} %) scored higher on the "
                        "post-test, {unchanged} the same and {declined} lower.",
                        improved=better["improved"], n=better["n"],
                        share=share(better["share"]), unchanged=better["unchanged"],
                        declined=better["declined"]))
    g, dz = change["class_gain"], change["effect_size"]
    if g["value"] is not None:
        sentences.append(ui(
            "The group gained {gained} % of the points it could still gain (normalised gain "
            "⟨g⟩ {g}, 95 % CI {interval}); the effect size d_z is {d} (95 % CI {d_interval}).",
            gained=share(g["value"]), g=fixed(g["value"], 2),
            interval=_plain_interval(say, g["low"], g["high"], 2), d=fixed(dz["value"], 2),
            d_interval=_plain_interval(say, dz["low"], dz["high"], 2)))
    modules = [r for r in c["modules"] if r["change"] is not None]
    if len(modules) >= 2:
        ranked = sorted(modules, key=lambda r: (-r["change"], r["module"]))
        sentences.append(ui(
            "Largest gain: {best} ({best_pre} % to {best_post} %). Smallest gain: {worst} "
            "({worst_pre} % to {worst_post} %).",
            best=say.modules.get(ranked[0]["module"], ranked[0]["module"]),
            best_pre=fixed(ranked[0]["pre"], 0), best_post=fixed(ranked[0]["post"], 0),
            worst=say.modules.get(ranked[-1]["module"], ranked[-1]["module"]),
            worst_pre=fixed(ranked[-1]["pre"], 0), worst_post=fixed(ranked[-1]["post"], 0)))
    return sentences


def _plain_interval(say: Words, low: float | None, high: float | None, digits: int) -> str:
    if low is None or high is None:
        return MISSING
    return say.ui("{low} to {high}", low=fixed(low, digits), high=fixed(high, digits))


# --- charts and groups -----------------------------------------------------------------------

def _charts(data: dict, say: Words) -> list[Block]:
    ui = say.ui
    blocks: list[Block] = []
    legend = [say.occasion("pre"), say.occasion("post")]
    for cycle, c in data["cycles"].items():
        if c["change"] is None:
            continue
        suffix = f" ({say.cycle(cycle)})" if len(data["cycles"]) > 1 else ""
        blocks.append({"kind": "heading", "level": 2,
                       "text": ui("Score per module, before and after") + suffix})
        blocks.append({"kind": "dumbbell", "legend": legend, "rows": [
            {"label": _cut(say.modules.get(r["module"], r["module"]), LABEL_CHARACTERS),
             "pre": r["pre"], "post": r["post"]} for r in c["modules"]],
            "caption": ui("Mean score (%) of the matched participants on each module's "
                          "questions: pre-test (grey) and post-test (purple).")})
        blocks.append({"kind": "heading", "level": 2,
                       "text": ui("Individual changes") + suffix})
        blocks.append({"kind": "histogram", "bars": [
            {"label": f"{signed(b['from'])}…{signed(b['to'])}", "count": b["count"]}
            for b in c["change"]["distribution"]],
            "caption": ui("Number of participants by their change from pre-test to post-test, "
                          "in points.")})
        blocks.append({"kind": "heading", "level": 2,
                       "text": ui("Score per objective, before and after") + suffix})
        blocks.append({"kind": "dumbbell", "legend": legend, "rows": [
            {"label": _cut(say.objectives.get(r["objective"], r["objective"]),
                           LABEL_CHARACTERS), "pre": r["pre"], "post": r["post"]}
            for r in c["objective_changes"]],
            "caption": ui("Mean score (%) of the matched participants on each objective's "
                          "questions, in course order.")})
    return blocks


def _groups(data: dict, say: Words) -> list[Block]:
    ui = say.ui
    blocks: list[Block] = []
    for cycle, c in data["cycles"].items():
        for attribute, rows in c["groups"].items():
            if not blocks:
                blocks.append({"kind": "heading", "level": 2, "text": ui("Results by group")})
            title = say.attribute(attribute)
            if len(data["cycles"]) > 1:
                title += f" ({say.cycle(cycle)})"
            blocks.append({"kind": "heading", "level": 3, "text": title})
            blocks.append({"kind": "table", "text_columns": 1, "header": [
                title, "n", ui("pre-test %"), ui("post-test %"), ui("change (points)"),
                ui("95 % CI")], "rows": [_group_row(row, data, say) for row in rows]})
    return blocks


def _group_row(row: dict, data: dict, say: Words) -> list[str] | dict:
    ui = say.ui
    value = row["value"] or ui("not recorded")
    if row["suppressed"] == COMPLEMENT:
        return {"cells": [value], "note": ui("not shown, so that a smaller group cannot be "
                                             "worked out")}
    if row["suppressed"]:
        return {"cells": [value], "note": ui("fewer than {n} participants",
                                             n=data["context"]["min_group"])}
    d = row["change"]
    return [value, str(row["n"]), fixed(row["mean_pre"]), fixed(row["mean_post"]),
            signed(d["mean"], 1), say.interval(d["low"], d["high"], 1)]


# --- how to read it --------------------------------------------------------------------------

def _count(say: Words, number: int) -> str:
    """``number`` as the report's language writes it (2,000; 2000; 2 000)."""
    try:
        return format_decimal(number, locale=say.course.language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return str(number)


def _glossary(say: Words) -> list[Block]:
    ui = say.ui
    entries = [
        [ui("Score"), ui("The share of a test's questions a participant got right, in percent. "
                         "A question counts only when exactly the right answers are ticked.")],
        [ui("Matched participants"), ui("Those who took both the pre-test and the post-test: "
                                        "only they count in the change.")],
        [ui("Change (points)"), ui("Post-test score minus pre-test score, in percentage "
                                   "points, averaged over matched participants.")],
        [ui("95 % CI"), ui("Confidence interval: the range of values consistent with the data. "
                           "With another group of similar participants the result would "
                           "likely fall in it.")],
        [ui("Normalised gain ⟨g⟩"), ui("The gain as a share of what could still be gained: "
                                       "0 is no gain, 1 is everyone at full marks (Hake "
                                       "1998). Its interval is from {resamples} resamples of "
                                       "the participants (bootstrap).",
                                       resamples=_count(say, BOOTSTRAP_RESAMPLES))],
        [ui("Effect size d_z"), ui("The average change divided by how much the changes vary "
                                   "between participants: about 0.2 is small, 0.5 medium, "
                                   "0.8 large (Cohen 1988).")],
        [ui("p-value"), ui("How likely a change this large would be if the training had no "
                           "effect; below 0.05 is usually called significant.")],
        [ui("KR-20"), ui("Reliability of a test, 0 to 1: how consistently its questions "
                         "measure the same knowledge; 0.7 or more is good for a group.")],
        [ui("SEM"), ui("Standard error of measurement: how many points a participant's score "
                       "may be off by chance.")],
        [ui("Facility"), ui("The share of participants who got a question right.")],
        [ui("Discrimination"), ui("Whether those who did well on the rest of the test got "
                                  "the question right more often (discrimination index and "
                                  "discriminative efficiency, in percent).")],
        [ui("McNemar test"), ui("For a question on both tests: whether more participants "
                                "went from wrong to right than from right to wrong (Holm "
                                "correction for the number of questions).")],
    ]
    return [{"kind": "heading", "level": 2, "text": ui("How to read this report")},
            {"kind": "glossary", "entries": entries}]


# --- detail for specialists ------------------------------------------------------------------

FLAGS = ("all right", "none right", "reversed", "weak")
"""Why an item is flagged, as its short label in the items table (see ``flag``)."""


def flag(item: dict) -> str | None:
    """The reason an item is flagged: everyone right, nobody right, weaker participants
    right more often (negative efficiency), or efficiency under FLAG_EFFICIENCY."""
    if not item["flagged"]:
        return None
    if item["facility"] == 100:
        return "all right"
    if item["facility"] == 0:
        return "none right"
    efficiency = item["discriminative_efficiency"]
    return "reversed" if efficiency is not None and efficiency < 0 else "weak"


def _detail(data: dict, say: Words, files: Sequence[str]) -> list[Block]:
    ui = say.ui
    blocks: list[Block] = [{"kind": "heading", "level": 2, "text": ui("Detail for specialists")}]
    for cycle, c in data["cycles"].items():
        blocks += _cycle_detail(cycle, c, say, len(data["cycles"]) > 1)
    for r in data["retention"]:
        blocks += _retention_detail(r, say)
    blocks += _excluded(data["excluded"], say)
    if files:
        blocks.append({"kind": "para", "text": ui("Files read: {files}.", files=", ".join(
            sorted(Path(f).name for f in files)))})
    return blocks


def _statistics_rows(c: dict, say: Words) -> list[list[str]]:
    ui, t, w = say.ui, c["paired_t_test"], c["wilcoxon"]
    rows = []
    change = c["change"]
    if change is not None:
        d, dz, g = change["difference"], change["effect_size"], change["class_gain"]
        rows += [[ui("mean change (points), 95 % CI"),
                  f"{signed(d['mean'], 1)} ({say.interval(d['low'], d['high'], 1)})"],
                 [ui("effect size d_z, 95 % CI"),
                  f"{fixed(dz['value'], 2)} ({_plain_interval(say, dz['low'], dz['high'], 2)})"],
                 [ui("class normalized gain ⟨g⟩ (Hake)"),
                  f"{fixed(g['value'], 2)} ({_plain_interval(say, g['low'], g['high'], 2)})"],
                 [ui("bootstrap: resamples, seed"), f"{g['resamples']}, {g['seed']}"]]
    rows += [[ui("mean normalized gain g_avg"), fixed(c["mean_normalized_gain"], 2)],
             [ui("participants at 100 % on the pre-test (left out)"),
              str(c["excluded_at_ceiling"])],
             [ui("mean normalized change c (Marx–Cummings)"),
              fixed(c["mean_normalized_change"], 2)],
             [ui("paired t-test: t (df)"),
              f"{fixed(t['t'], 2)} ({t['df'] if t['df'] is not None else MISSING})"],
             [ui("paired t-test: p"), p_value(t["p"])],
             [ui("Wilcoxon signed-rank: W (n)"), f"{fixed(w['statistic'], 1)} ({w['n']})"],
             [ui("Wilcoxon signed-rank: p"), p_value(w["p"])]]
    return rows


def _cycle_detail(cycle: str, c: dict, say: Words, several: bool) -> list[Block]:
    ui, m = say.ui, c["matching"]
    blocks: list[Block] = []
    if several:
        blocks.append({"kind": "heading", "level": 3,
                       "text": ui("Cycle: {cycle}", cycle=say.cycle(cycle))})
    unmatched = ", ".join(m["unmatched_pre"] + m["unmatched_post"]) or ui("none")
    blocks.append({"kind": "para", "text": ui(
        "{pre} pre-tests, {post} post-tests, {matched} matched by code (match rate {rate} %). "
        "Unmatched codes: {codes}.", pre=m["pre_n"], post=m["post_n"], matched=m["matched"],
        rate=share(m["match_rate"]), codes=unmatched)})
    blocks.append({"kind": "table", "text_columns": 1, "header": [
        ui("occasion"), "n", ui("mean %"), ui("SD"), "KR-20", ui("SEM")], "rows": [
        [say.occasion(occ), str(o["n"]), fixed(o["mean_percent"]), fixed(o["sd_percent"]),
         fixed(o["kr20"], 2), fixed(o["sem_percent"])] for occ, o in c["occasions"].items()]})
    blocks.append({"kind": "table", "text_columns": 1, "header": [ui("statistic"), ui("value")],
                   "rows": _statistics_rows(c, say)})
    blocks += _participants(c, say)
    blocks += _items(c, say)
    if c["mcnemar"]:
        blocks.append({"kind": "heading", "level": 3,
                       "text": ui("Anchor items: McNemar (exact) with Holm correction")})
        blocks.append({"kind": "table", "text_columns": 2, "small": True,
                       "widths": [2.9, 0, 1.5, 1.5, 1.2, 1.2], "header": [
            ui("item"), ui("question"), ui("right → wrong"), ui("wrong → right"), "p",
            ui("p (Holm)")], "rows": [
            [x["id"], _cut(say.stems.get(x["id"], ""), QUESTION_CHARACTERS),
             str(x["right_to_wrong"]), str(x["wrong_to_right"]), p_value(x["p"]),
             p_value(x["p_holm"])] for x in c["mcnemar"]]})
    return blocks


def _participants(c: dict, say: Words) -> list[Block]:
    ui = say.ui
    blocks: list[Block] = [{"kind": "heading", "level": 3, "text": ui("Participants")}]
    if c["participants_withheld"]:
        blocks.append({"kind": "para", "text": ui(
            "The {n} participants of groups not shown are not listed.",
            n=c["participants_withheld"])})
    blocks.append({"kind": "table", "text_columns": 1, "small": True, "header": [
        ui("participant code"), ui("pre-test %"), ui("post-test %"), ui("change (points)")],
        "rows": [[p["code"], fixed(p["pre_percent"]), fixed(p["post_percent"]),
                  signed(p["gain"], 1)] for p in c["participants"]]})
    return blocks


def _items(c: dict, say: Words) -> list[Block]:
    ui = say.ui
    labels = {"all right": ui("all right"), "none right": ui("none right"),
              "reversed": ui("reversed"), "weak": ui("weak")}
    flagged = [i for i in c["items"] if flag(i)]
    rows = [[say.occasion(i["occasion"]), i["id"],
             _cut(say.stems.get(i["id"], ""), QUESTION_CHARACTERS), fixed(i["facility"], 0),
             fixed(i["discrimination_index"], 0), fixed(i["discriminative_efficiency"], 0),
             labels[flag(i) or ""]] for i in flagged]
    legend = [[labels["all right"], ui("everyone got it right: it cannot tell participants "
                                       "apart (fine for a key message).")],
              [labels["none right"], ui("nobody got it right: check the key and the wording.")],
              [labels["reversed"], ui("weaker participants got it right more often than "
                                      "stronger ones: check the key.")],
              [labels["weak"], ui("discriminative efficiency under {n} %: it barely tells "
                                  "stronger from weaker participants.", n=FLAG_EFFICIENCY)]]
    return [{"kind": "heading", "level": 3, "text": ui("Items")},
            {"kind": "para", "text": ui(
                "{flagged} of {n} items are flagged and listed here, with what to check; "
                "report.xlsx (sheet {sheet}) has the statistics of every item.",
                flagged=len(flagged), n=len(c["items"]), sheet=ui("Items"))},
            {"kind": "table", "text_columns": 3, "small": True,
             "widths": [1.5, 2.9, 0, 1.3, 1.7, 1.7, 1.4], "header": [
                ui("occasion"), ui("item"), ui("question"), ui("facility %"),
                ui("discrimination index"), ui("discriminative efficiency"), ui("flag")],
             "rows": rows},
            {"kind": "glossary", "entries": legend}]


def _retention_detail(r: dict, say: Words) -> list[Block]:
    ui = say.ui
    heading = ui("Retention: {first} → {then}", first=say.cycle(r["from"]),
                 then=say.cycle(r["to"]))
    return [{"kind": "heading", "level": 3, "text": heading},
            {"kind": "para", "text": ui(
                "{matched} participants took all three tests. Retention ratio {ratio}; share "
                "of the initial gain retained {share}.", matched=r["matched"],
                ratio=fixed(r["retention_ratio"], 2), share=fixed(r["retained_gain_share"], 2))},
            {"kind": "table", "text_columns": 2, "small": True,
             "widths": [2.9, 0, 1.8, 1.8, 1.8], "header": [
                ui("item"), ui("question"), ui("right on post-test"), ui("forgotten"),
                ui("forgetting rate")], "rows": [
                [i["id"], _cut(say.stems.get(i["id"], ""), QUESTION_CHARACTERS),
                 str(i["right_on_initial_post"]), str(i["forgotten"]),
                 fixed(i["forgetting_rate"], 2)] for i in r["items"]]}]


def _excluded(excluded: Sequence[dict], say: Words) -> list[Block]:
    ui = say.ui
    heading: Block = {"kind": "heading", "level": 3, "text": ui("Excluded cells")}
    if not excluded:
        return [heading, {"kind": "para", "text": ui("None: every cell was read.")}]
    return [heading, {"kind": "table", "text_columns": 4, "small": True, "header": [
        ui("file"), ui("row"), ui("column"), ui("reason")], "rows": [
        [Path(e["path"]).name, str(e["row"]), e["column"], e["reason"]] for e in excluded]}]
