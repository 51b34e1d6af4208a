"""The learning-gain report: ``summary.json``, ``report.xlsx`` and a self-contained
``report.html`` with SVG charts (no scripts, no external requests)."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import xlsxwriter

from generator.build.reproducible import epoch_naive
from generator.build.sanitize import add_content_security_policy
from generator.build.staging import staged
from generator.course.localize import direction
from generator.course.model import Course
from generator.scoring.responses import Scored
from generator.scoring.statistics import ScoredForm, retention, summarize_cycle


@dataclass(frozen=True)
class ReportContext:
    """What the report is about, shown on its first page."""

    title: str  # the workshop's title, or a programme report's
    place: str = ""
    start: date | None = None
    end: date | None = None
    facilitators: tuple[str, ...] = ()
    selection: str = ""  # a programme report: what was selected, in words
    min_group: int = 5  # groups smaller than this are suppressed everywhere


def write_report(course: Course, scored: Scored, cycles: Sequence[str], out: Path,
                 epoch: int, context: ReportContext | None = None,
                 groups: Mapping[str, Mapping[str, str]] | None = None) -> None:
    """summary.json, report.html, report.pdf and report.xlsx in out, written together.
    groups: participant code -> {attribute: value} (country, organisation, workshop,
    role, cycle...), never names; breakdowns by each attribute, small groups suppressed.
    The report's words are in ``course``'s language (see ``localize``)."""
    data = summary(scored, cycles)
    files = {"summary.json": summary_json(data).encode(),
             "report.xlsx": report_xlsx(data, course, epoch),
             "report.html": report_html(data, course, scored.files).encode()}
    with staged(out, whole_folder=False) as staging:
        for name, content in files.items():
            (staging / name).write_bytes(content)


def summary(scored: Scored, cycles: Sequence[str]) -> dict:
    """The statistics of every scored cycle; the last one's also at the top level."""
    per_cycle = {}
    for cycle in cycles:
        pre, post = scored.forms.get((cycle, "pre")), scored.forms.get((cycle, "post"))
        if pre or post:
            per_cycle[cycle] = {**summarize_cycle(pre, post), "matching": _matching(pre, post)}
    last = list(per_cycle)[-1]
    return {
        **per_cycle[last],
        "cycles": per_cycle,
        "retention": _retention(scored, list(per_cycle)),
        "excluded": [{"path": p.path, "row": p.line, "column": p.field, "reason": p.message}
                     for p in scored.problems],
    }


def _matching(pre: ScoredForm | None, post: ScoredForm | None) -> dict:
    pre_codes = set(pre.scores) if pre else set()
    post_codes = set(post.scores) if post else set()
    everyone = pre_codes | post_codes
    matched = pre_codes & post_codes
    return {"pre_n": len(pre_codes), "post_n": len(post_codes), "matched": len(matched),
            "match_rate": round(len(matched) / len(everyone), 4) if everyone else None,
            "unmatched_pre": sorted(pre_codes - post_codes),
            "unmatched_post": sorted(post_codes - pre_codes)}


def _retention(scored: Scored, cycles: list[str]) -> list[dict]:
    pairs = []
    for first, then in zip(cycles, cycles[1:], strict=False):
        forms = (scored.forms.get((first, "pre")), scored.forms.get((first, "post")),
                 scored.forms.get((then, "pre")))
        if all(forms):
            pairs.append({"from": first, "to": then, **retention(*forms)})
    return pairs


def summary_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- report.xlsx -------------------------------------------------------------------------

def report_xlsx(data: dict, course: Course, epoch: int) -> bytes:
    """The report's tables as worksheets, named and headed in ``course``'s language (the
    cells keep the ids of summary.json); every text cell is written as text, never a
    formula."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": epoch_naive(epoch)})
    bold = book.add_format({"bold": True})
    for name, header, rows in _tables(data, course):
        sheet = book.add_worksheet(name)
        _write_row(sheet, 0, header, bold)
        for n, row in enumerate(rows, start=1):
            _write_row(sheet, n, row)
        sheet.set_column(0, len(header) - 1, 16)
    book.close()
    return out.getvalue()


def _write_row(sheet: xlsxwriter.worksheet.Worksheet, row: int, values: Sequence[object],
              style: xlsxwriter.format.Format | None = None) -> None:
    """One row: numbers as numbers, None as blank, anything else as literal text."""
    for column, value in enumerate(values):
        if value is None:
            sheet.write_blank(row, column, None, style)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, style)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value, style)
        else:
            sheet.write_string(row, column, str(value), style)


def _tables(data: dict, course: Course) -> list[tuple[str, list[str], list[list[object]]]]:
    overview = [[cycle, occasion, o["n"], o["mean_percent"], o["sd_percent"], o["kr20"],
                 o["sem_percent"]]
                for cycle, c in data["cycles"].items() for occasion, o in c["occasions"].items()]
    gains = [[cycle, c["matched"], c["matching"]["match_rate"], c["class_normalized_gain"],
              c["mean_normalized_gain"], c["excluded_at_ceiling"], c["mean_normalized_change"],
              c["paired_t_test"]["t"], c["paired_t_test"]["p"], c["wilcoxon"]["statistic"],
              c["wilcoxon"]["p"]] for cycle, c in data["cycles"].items()]
    participants = [[cycle, p["code"], p["pre_percent"], p["post_percent"], p["gain"]]
                    for cycle, c in data["cycles"].items() for p in c["participants"]]
    items = [[cycle, i["occasion"], i["id"], i["objective"], i["n"], i["facility"], i["sd"],
              i["discrimination_index"], i["discriminative_efficiency"], i["flagged"]]
             for cycle, c in data["cycles"].items() for i in c["items"]]
    mcnemar = [[cycle, m["id"], m["right_to_wrong"], m["wrong_to_right"], m["p"], m["p_holm"]]
               for cycle, c in data["cycles"].items() for m in c["mcnemar"]]
    objectives = [[cycle, occasion, o["objective"], o["items"], o["mean_percent"],
                   o["mastery_share"]]
                  for cycle, c in data["cycles"].items()
                  for occasion, occ in c["occasions"].items() for o in occ["objectives"]]
    forgetting = [[r["from"], r["to"], i["id"], i["right_on_initial_post"], i["forgotten"],
                   i["forgetting_rate"]] for r in data["retention"] for i in r["items"]]
    excluded = [[e["path"], e["row"], e["column"], e["reason"]] for e in data["excluded"]]
    ui = course.ui
    return [
        (_sheet_name(ui("Occasions")), [ui("cycle"), ui("occasion"), "n", ui("mean %"), ui("SD"),
                                         "KR-20", ui("SEM")], overview),
        (_sheet_name(ui("Gains")), [
            ui("cycle"), ui("matched"), ui("match rate"), ui("<g> (Hake)"), "g_avg",
            ui("pre at 100 %"), ui("c (Marx-Cummings)"), ui("paired t"), "p (t)",
            ui("Wilcoxon W"), "p (W)"], gains),
        (_sheet_name(ui("Participants")), [ui("cycle"), ui("participant code"), ui("pre %"),
                                            ui("post %"), ui("gain")], participants),
        (_sheet_name(ui("Items")), [ui("cycle"), ui("occasion"), ui("item"), ui("objective"), "n",
                                     ui("facility %"), ui("SD"), ui("discrimination index"),
                                     ui("discriminative efficiency"), ui("flagged")], items),
        ("McNemar", [ui("cycle"), ui("item"), ui("right → wrong"), ui("wrong → right"), "p",
                     ui("p (Holm)")], mcnemar),
        (_sheet_name(ui("Objectives")), [ui("cycle"), ui("occasion"), ui("objective"),
                                          ui("items"), ui("mean %"), ui("mastery share")],
         objectives),
        (_sheet_name(ui("Retention")), [ui("from cycle"), ui("to cycle"), ui("item"),
                                         ui("right on post-test"), ui("forgotten"),
                                         ui("forgetting rate")], forgetting),
        (_sheet_name(ui("Excluded")), [ui("file"), ui("row"), ui("column"), ui("reason")],
         excluded),
    ]


def _sheet_name(name: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if c in "[]:*?/\\" else c for c in name)[:31].strip() or "-"


# --- report.html -------------------------------------------------------------------------

STYLE = """
body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 60rem; margin: 0 auto;
       padding: 1rem; color: #1a1a1a; line-height: 1.45; }
h1, h2 { color: #3b1f5b; } table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #999; padding: .2rem .5rem; text-align: end; }
th { background: #f3eef8; } td.t, th.t { text-align: start; }
.flag { color: #b00020; font-weight: bold; }
svg { max-width: 100%; height: auto; direction: ltr; }
.pre { fill: #9e9e9e; } .post { fill: #6b2c91; } .axis { stroke: #444; }
figure { margin: 1rem 0; } figcaption { font-size: .9rem; color: #444; }
"""


def report_html(data: dict, course: Course, files: dict[str, tuple[str, str]]) -> str:
    """The report as one page with inline SVG charts, in ``course``'s language."""
    ui, say = course.ui, _Names(course)
    title = ui("{course}: learning-gain report", course=course.title)
    read = [[path, say.cycle(cycle), say.occasion(occasion)]
            for path, (cycle, occasion) in sorted(files.items())]
    parts = [f"<h1>{escape(title)}</h1>",
             _table([ui("file"), ui("cycle"), ui("occasion")], read, text_columns=3),
             _bars_chart(data, say)]
    for cycle, c in data["cycles"].items():
        parts.append(_cycle_section(cycle, c, say))
    for r in data["retention"]:
        parts.append(_retention_section(r, say))
    parts.append(_excluded_section(data["excluded"], say))
    page = (f'<!doctype html>\n<html lang="{escape(course.language)}" '
            f'dir="{direction(course.language)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(parts) + "\n</main>\n</body>\n</html>\n")
    return add_content_security_policy(page)


class _Names:
    """How the report names things in its language: cycles by their titles, occasions as
    "Pre-test" and "Post-test"; ``ui`` for its other words."""

    def __init__(self, course: Course) -> None:
        self.ui = course.ui
        cycles = course.blueprint.cycles if course.blueprint else ()
        self.cycles = {c.id: course.ui(c.title) for c in cycles}  # not extracted: cycles.yml

    def cycle(self, cycle: str) -> str:
        return self.cycles.get(cycle, cycle)

    def occasion(self, occasion: str) -> str:
        return {"pre": self.ui("Pre-test"), "post": self.ui("Post-test")}.get(occasion, occasion)


def _number(value: object, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return escape(str(value))


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], text_columns: int = 1,
           digits: int = 1) -> str:
    """A table whose first ``text_columns`` columns are text, each in its own direction (a
    file name stays left to right on a right-to-left page); figures are kept left to right
    (a minus sign stays before its number)."""
    head = "".join(f'<th class="{"t" if n < text_columns else ""}">{escape(h)}</th>'
                   for n, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f'<td class="t"><bdi>{escape(str(v))}</bdi></td>' if n < text_columns
                         else f'<td><span dir="ltr">{_number(v, digits)}</span></td>'
                         for n, v in enumerate(row))
        + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


CHAR_WIDTH = 6.5
"""About the width of a character of an 11-pixel label, to keep labels apart."""


def _bars_chart(data: dict, say: _Names) -> str:
    """Mean percent per test as bars, grouped by cycle: each bar named by its occasion,
    each group by its cycle, spaced so that the names never run into each other."""
    groups = [(say.cycle(cycle), [(code, say.occasion(code), o["mean_percent"] or 0.0)
                                  for code, o in c["occasions"].items()])
              for cycle, c in data["cycles"].items()]
    bar = 40
    pitch = max([70] + [int(len(name) * CHAR_WIDTH) + 12 for _, bars in groups
                        for _, name, _ in bars])
    shapes, x = [], 50
    for title, bars in groups:
        width = max(len(bars) * pitch, int(len(title) * CHAR_WIDTH) + 12)
        first = x + (width - len(bars) * pitch) / 2
        for n, (code, name, mean) in enumerate(bars):
            left, h = first + n * pitch + (pitch - bar) / 2, mean * 1.8
            shapes.append(
                f'<rect class="{code}" x="{left:.1f}" y="{200 - h:.1f}" width="{bar}" '
                f'height="{h:.1f}"><title>{escape(title)}, {escape(name)}: {mean:.1f} %'
                f'</title></rect><text x="{left + bar / 2:.1f}" y="{195 - h:.1f}" '
                f'text-anchor="middle" font-size="11">{mean:.0f}</text>'
                f'<text x="{left + bar / 2:.1f}" y="215" text-anchor="middle" font-size="11">'
                f"{escape(name)}</text>")
        shapes.append(f'<text x="{x + width / 2:.1f}" y="232" text-anchor="middle" '
                      f'font-size="11" font-weight="bold">{escape(title)}</text>')
        x += width + 20
    width, height = x, 245
    shapes.insert(0, f'<line class="axis" x1="40" y1="200" x2="{width - 10}" y2="200"/>')
    for tick in (0, 50, 100):
        shapes.append(f'<text x="34" y="{204 - tick * 1.8:.0f}" text-anchor="end" '
                      f'font-size="11">{tick}</text>')
    summary = "; ".join(f"{title}, {name}: {mean:.1f} %" for title, bars in groups
                        for _, name, mean in bars)
    label = say.ui("Mean score per test: {tests}", tests=summary)
    return (f'<figure><svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="img" aria-label="{escape(label)}">' + "".join(shapes)
            + f"</svg><figcaption>{escape(say.ui('Mean score (%) per test.'))}</figcaption>"
              "</figure>")


def _dumbbell_chart(participants: Sequence[dict], say: _Names) -> str:
    """Each matched participant's pre → post score as a line from a grey to a purple dot."""
    pairs = [p for p in participants if p["pre_percent"] is not None
             and p["post_percent"] is not None]
    if not pairs:
        return ""
    row, left, span = 18, 90, 400
    height = 45 + row * len(pairs)
    axis_y = 20 + row * len(pairs)
    shapes = [f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{left + span}" y2="{axis_y}"/>']
    shapes += [f'<text x="{left + tick * span / 100:.0f}" y="{axis_y + 15}" text-anchor="middle" '
               f'font-size="11">{tick} %</text>' for tick in (0, 25, 50, 75, 100)]
    for n, p in enumerate(pairs):
        y = 20 + row * n
        x1, x2 = left + p["pre_percent"] * span / 100, left + p["post_percent"] * span / 100
        shapes.append(
            f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" font-size="11">'
            f'{escape(p["code"])}</text>'
            f'<line x1="{x1:.1f}" y1="{y}" x2="{x2:.1f}" y2="{y}" stroke="#bbb" stroke-width="2"/>'
            f'<circle class="pre" cx="{x1:.1f}" cy="{y}" r="5"/>'
            f'<circle class="post" cx="{x2:.1f}" cy="{y}" r="5"/>')
    label = say.ui("Pre-test and post-test score of each matched participant")
    caption = say.ui("Each participant: pre-test (grey) to post-test (purple), 0–100 %.")
    return (f'<figure><svg viewBox="0 0 {left + span + 20} {height}" width="{left + span + 20}" '
            f'height="{height}" role="img" aria-label="{escape(label)}">' + "".join(shapes)
            + f"</svg><figcaption>{escape(caption)}</figcaption></figure>")


def _cycle_section(cycle: str, c: dict, say: _Names) -> str:
    ui = say.ui
    m = c["matching"]
    occasions = [[say.occasion(occ), o["n"], o["mean_percent"], o["sd_percent"], o["kr20"],
                  o["sem_percent"]] for occ, o in c["occasions"].items()]
    t, w = c["paired_t_test"], c["wilcoxon"]
    gains = [[ui("class normalized gain ⟨g⟩ (Hake)"), c["class_normalized_gain"]],
             [ui("mean normalized gain g_avg"), c["mean_normalized_gain"]],
             ["  " + ui("participants at 100 % on the pre-test (left out)"),
              c["excluded_at_ceiling"]],
             [ui("mean normalized change c (Marx–Cummings)"), c["mean_normalized_change"]],
             [ui("paired t-test: t (df)"), f'{_number(t["t"], 3)} ({_number(t["df"])})'],
             [ui("paired t-test: p"), t["p"]],
             [ui("Wilcoxon signed-rank: W (n)"),
              f'{_number(w["statistic"])} ({_number(w["n"])})'],
             [ui("Wilcoxon signed-rank: p"), w["p"]]]
    items = [[say.occasion(i["occasion"]), i["id"], i["n"], i["facility"],
              i["discrimination_index"], i["discriminative_efficiency"],
              ui("flag") if i["flagged"] else ""]
             for i in c["items"]]
    mcnemar = [[x["id"], x["right_to_wrong"], x["wrong_to_right"], x["p"], x["p_holm"]]
               for x in c["mcnemar"]]
    objectives = [[say.occasion(occ), o["objective"], o["items"], o["mean_percent"],
                   o["mastery_share"]]
                  for occ, occasion in c["occasions"].items() for o in occasion["objectives"]]
    rate = _number(None if m["match_rate"] is None else 100 * m["match_rate"])
    unmatched = ", ".join(m["unmatched_pre"] + m["unmatched_post"]) or ui("none")
    return "\n".join([
        f"<h2>{escape(ui('Cycle: {cycle}', cycle=say.cycle(cycle)))}</h2>",
        "<p>" + escape(ui("{pre} pre-tests, {post} post-tests, {matched} matched by code "
                          "(match rate {rate} %). Unmatched codes: {codes}.",
                          pre=m["pre_n"], post=m["post_n"], matched=m["matched"], rate=rate,
                          codes=unmatched)) + "</p>",
        _table([ui("occasion"), "n", ui("mean %"), ui("SD"), "KR-20", ui("SEM")], occasions,
               digits=2),
        _table([ui("statistic"), ui("value")], gains, digits=3),
        _dumbbell_chart(c["participants"], say),
        f"<h3>{escape(ui('Items'))}</h3>",
        _table([ui("occasion"), ui("item"), "n", ui("facility %"), ui("discrimination index"),
                ui("discriminative efficiency"), ui("flag")], items, text_columns=2),
        f"<h3>{escape(ui('Anchor items: McNemar (exact) with Holm correction'))}</h3>",
        _table([ui("item"), ui("right → wrong"), ui("wrong → right"), "p", ui("p (Holm)")],
               mcnemar, digits=4),
        f"<h3>{escape(ui('Objectives'))}</h3>",
        _table([ui("occasion"), ui("objective"), ui("items"), ui("mean %"),
                ui("mastery share")], objectives, text_columns=2, digits=2),
    ])


def _retention_section(r: dict, say: _Names) -> str:
    ui = say.ui
    rows = [[i["id"], i["right_on_initial_post"], i["forgotten"], i["forgetting_rate"]]
            for i in r["items"]]
    heading = ui("Retention: {first} → {then}", first=say.cycle(r["from"]),
                 then=say.cycle(r["to"]))
    return "\n".join([
        f"<h2>{escape(heading)}</h2>",
        "<p>" + escape(ui("{matched} participants took all three tests. Retention ratio "
                          "{ratio}; share of the initial gain retained {share}.",
                          matched=r["matched"], ratio=_number(r["retention_ratio"], 3),
                          share=_number(r["retained_gain_share"], 3))) + "</p>",
        _table([ui("item"), ui("right on post-test"), ui("forgotten"), ui("forgetting rate")],
               rows, digits=3),
    ])


def _excluded_section(excluded: Sequence[dict], say: _Names) -> str:
    ui = say.ui
    heading = f"<h2>{escape(ui('Excluded cells'))}</h2>"
    if not excluded:
        return f"{heading}<p>{escape(ui('None: every cell was read.'))}</p>"
    rows = [[e["path"], e["row"], e["column"], e["reason"]] for e in excluded]
    return heading + _table([ui("file"), ui("row"), ui("column"), ui("reason")], rows,
                            text_columns=4)
