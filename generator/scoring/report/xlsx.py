"""``report.xlsx``: a Summary sheet first (the first page's words and the key figures), then
one sheet per table with formatted numbers, a frozen header row and a filter, and a native
bar chart of the modules before and after. Every text cell is written as text, never a
formula; the workbook's date is the epoch's, so the same inputs give the same bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from generator.build.reproducible import epoch_naive
from generator.course.model import Course
from generator.facilitator.feedback import SCALE
from generator.scoring.report.document import Block, Words, flag
from generator.scoring.report.feedback import feedback_rows

Column = tuple[str, str | None]
"""A column's header and its number format (None: text or a count)."""
PERCENT, POINTS, TWO, P, SHARE = "0.0", "+0.0;-0.0;0.0", "0.00", "0.000", "0%"


def report_xlsx(data: dict, blocks: Sequence[Block], course: Course, epoch: int) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"created": epoch_naive(epoch)})
    formats = _Formats(book)
    say = Words(course)
    _summary_sheet(book, formats, data, blocks, say)
    modules = None
    for name, columns, rows in _tables(data, say):
        sheet = _table_sheet(book, formats, name, columns, rows)
        if modules is None:
            modules = sheet
            _module_chart(book, sheet, name, len(rows), say)
    if data.get("feedback"):
        _feedback_sheets(book, formats, data["feedback"], say)
    book.close()
    return out.getvalue()


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.header = book.add_format({"bold": True, "bg_color": "#F3EEF8", "border": 1,
                                       "text_wrap": True, "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 14, "font_color": "#3B1F5B"})
        self.bold = book.add_format({"bold": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.numbers: dict[str, Any] = {}

    def number(self, style: str | None) -> Any:
        if style is None:
            return None
        if style not in self.numbers:
            self.numbers[style] = self.book.add_format({"num_format": style})
        return self.numbers[style]


def _write(sheet: Any, row: int, column: int, value: object, style: Any = None) -> None:
    """A number as a number, None as blank, anything else as literal text."""
    if value is None:
        sheet.write_blank(row, column, None, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, style)
    else:
        sheet.write_string(row, column, str(value), style)


def sheet_name(name: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if c in "[]:*?/\\" else c for c in name)[:31].strip() or "-"


def _summary_sheet(book: xlsxwriter.Workbook, formats: _Formats, data: dict,
                   blocks: Sequence[Block], say: Words) -> None:
    ui = say.ui
    sheet = book.add_worksheet(sheet_name(ui("Summary")))
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 3, 14)
    first = blocks[:next(n for n, b in enumerate(blocks) if b["kind"] == "pagebreak")]
    row = 0
    for b in first:
        if b["kind"] == "title":
            _write(sheet, row, 0, b["text"], formats.title)
            row += 1
        elif b["kind"] == "facts":
            for label, value in b["rows"]:  # type: ignore[attr-defined]
                _write(sheet, row, 0, label, formats.bold)
                _write(sheet, row, 1, value)
                row += 1
        elif b["kind"] in ("heading", "para"):
            sheet.merge_range(row, 0, row, 5, "", formats.wrap)
            _write(sheet, row, 0, b["text"], formats.bold if b["kind"] == "heading"
                   else formats.wrap)
            sheet.set_row(row, 15 if b["kind"] == "heading" else 45)
            row += 1
    row += 1
    header = [ui("cycle"), ui("figure"), ui("value"), ui("95 % CI: from"), ui("95 % CI: to")]
    for column, text in enumerate(header):
        _write(sheet, row, column, text, formats.header)
    for cycle, c in data["cycles"].items():
        change = c["change"]
        if change is None:
            continue
        d, dz, g = change["difference"], change["effect_size"], change["class_gain"]
        figures = [
            (ui("matched participants"), change["n"], None, None, None),
            (ui("match rate"), c["matching"]["match_rate"], None, None, SHARE),
            (ui("pre-test %"), change["mean_pre"], None, None, PERCENT),
            (ui("post-test %"), change["mean_post"], None, None, PERCENT),
            (ui("change (points)"), d["mean"], d["low"], d["high"], POINTS),
            (ui("share who improved"), change["improvement"]["share"], None, None, SHARE),
            (ui("effect size d_z"), dz["value"], dz["low"], dz["high"], TWO),
            (ui("class normalized gain ⟨g⟩ (Hake)"), g["value"], g["low"], g["high"], TWO)]
        for label, value, low, high, style in figures:
            row += 1
            _write(sheet, row, 0, say.cycle(cycle))
            _write(sheet, row, 1, label)
            for column, number in ((2, value), (3, low), (4, high)):
                _write(sheet, row, column, number, formats.number(style))
    sheet.set_column(1, 1, 30)


def _table_sheet(book: xlsxwriter.Workbook, formats: _Formats, name: str,
                 columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> Any:
    sheet = book.add_worksheet(name)
    for column, (header, style) in enumerate(columns):
        _write(sheet, 0, column, header, formats.header)
        sheet.set_column(column, column, 14 if style else 22, formats.number(style))
    for n, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _write(sheet, n, column, value, formats.number(columns[column][1]))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    return sheet


def _module_chart(book: xlsxwriter.Workbook, sheet: Any, name: str, rows: int,
                  say: Words) -> None:
    """Bars of each module's mean pre-test and post-test score (columns C and D)."""
    if not rows:
        return
    chart = book.add_chart({"type": "bar"})
    for column, colour in ((2, "#9E9E9E"), (3, "#6B2C91")):
        chart.add_series({"name": [name, 0, column],
                          "categories": [name, 1, 1, rows, 1],
                          "values": [name, 1, column, rows, column],
                          "fill": {"color": colour}, "gap": 60})
    chart.set_title({"name": say.ui("Score per module, before and after")})
    chart.set_x_axis({"min": 0, "max": 100, "num_format": "0"})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 720, "height": max(320, 26 * rows + 80)})
    chart.set_legend({"position": "bottom"})
    sheet.insert_chart("G2", chart)


def _flag(say: Words, item: dict) -> str:
    reason = flag(item)
    return say.ui(reason) if reason else ""  # not extracted: FLAGS, in document._items


def _tables(data: dict, say: Words) -> list[tuple[str, list[Column], list[list[object]]]]:
    ui, cycles = say.ui, data["cycles"]
    modules = [[say.cycle(cycle), say.modules.get(r["module"], r["module"]), r["pre"], r["post"],
                r["change"]] for cycle, c in cycles.items() for r in c["modules"]]
    objectives = [[say.cycle(cycle), say.modules.get(r["module"] or "", r["module"]),
                   say.objectives.get(r["objective"], r["objective"]), r["pre"], r["post"],
                   r["change"]] for cycle, c in cycles.items() for r in c["objective_changes"]]
    groups = []
    for cycle, c in cycles.items():
        for attribute, rows in c["groups"].items():
            for r in rows:
                value = r["value"] or ui("not recorded")
                if r["suppressed"]:
                    note = ui("fewer than {n} participants", n=data["context"]["min_group"]) \
                        if r["suppressed"] == "small" else ui(
                            "not shown, so that a smaller group cannot be worked out")
                    groups.append([say.cycle(cycle), say.attribute(attribute), value, note,
                                   None, None, None, None, None])
                    continue
                d = r["change"]
                groups.append([say.cycle(cycle), say.attribute(attribute), value, r["n"],
                               r["mean_pre"], r["mean_post"], d["mean"], d["low"], d["high"]])
    occasions = [[say.cycle(cycle), say.occasion(occ), o["n"], o["mean_percent"],
                  o["sd_percent"], o["kr20"], o["sem_percent"]]
                 for cycle, c in cycles.items() for occ, o in c["occasions"].items()]
    participants = [[say.cycle(cycle), p["code"], p["pre_percent"], p["post_percent"], p["gain"]]
                    for cycle, c in cycles.items() for p in c["participants"]]
    items = [[say.cycle(cycle), say.occasion(i["occasion"]), i["id"],
              say.stems.get(i["id"], ""), i["n"], i["facility"], i["discrimination_index"],
              i["discriminative_efficiency"], _flag(say, i)]
             for cycle, c in cycles.items() for i in c["items"]]
    mcnemar = [[say.cycle(cycle), m["id"], m["right_to_wrong"], m["wrong_to_right"], m["p"],
                m["p_holm"]] for cycle, c in cycles.items() for m in c["mcnemar"]]
    forgetting = [[say.cycle(r["from"]), say.cycle(r["to"]), i["id"], i["right_on_initial_post"],
                   i["forgotten"], i["forgetting_rate"]] for r in data["retention"]
                  for i in r["items"]]
    excluded = [[e["path"].replace("\\", "/").rsplit("/", 1)[-1], e["row"], e["column"],
                 e["reason"]] for e in data["excluded"]]
    tables = [
        (ui("Modules"), [(ui("cycle"), None), (ui("module"), None), (ui("pre-test %"), PERCENT),
                         (ui("post-test %"), PERCENT), (ui("change (points)"), POINTS)],
         modules),
        (ui("Objectives"), [(ui("cycle"), None), (ui("module"), None), (ui("objective"), None),
                            (ui("pre-test %"), PERCENT), (ui("post-test %"), PERCENT),
                            (ui("change (points)"), POINTS)], objectives),
        (ui("Groups"), [(ui("cycle"), None), (ui("group"), None), (ui("value"), None),
                        ("n", None), (ui("pre-test %"), PERCENT), (ui("post-test %"), PERCENT),
                        (ui("change (points)"), POINTS), (ui("95 % CI: from"), POINTS),
                        (ui("95 % CI: to"), POINTS)], groups),
        (ui("Occasions"), [(ui("cycle"), None), (ui("occasion"), None), ("n", None),
                           (ui("mean %"), PERCENT), (ui("SD"), PERCENT), ("KR-20", TWO),
                           (ui("SEM"), PERCENT)], occasions),
        (ui("Participants"), [(ui("cycle"), None), (ui("participant code"), None),
                              (ui("pre-test %"), PERCENT), (ui("post-test %"), PERCENT),
                              (ui("change (points)"), POINTS)], participants),
        (ui("Items"), [(ui("cycle"), None), (ui("occasion"), None), (ui("item"), None),
                       (ui("question"), None), ("n", None), (ui("facility %"), PERCENT),
                       (ui("discrimination index"), PERCENT),
                       (ui("discriminative efficiency"), PERCENT), (ui("flag"), None)], items),
        ("McNemar", [(ui("cycle"), None), (ui("item"), None), (ui("right → wrong"), None),
                     (ui("wrong → right"), None), ("p", P), (ui("p (Holm)"), P)], mcnemar),
    ]
    if forgetting:
        tables.append((ui("Retention"), [
            (ui("from cycle"), None), (ui("to cycle"), None), (ui("item"), None),
            (ui("right on post-test"), None), (ui("forgotten"), None),
            (ui("forgetting rate"), TWO)], forgetting))
    if not groups:
        tables = [t for t in tables if t[2] is not groups]
    tables.append((ui("Excluded"), [(ui("file"), None), (ui("row"), None), (ui("column"), None),
                                    (ui("reason"), None)], excluded))
    return [(sheet_name(name), columns, rows) for name, columns, rows in tables]


def _feedback_sheets(book: xlsxwriter.Workbook, formats: _Formats, feedback: dict,
                     say: Words) -> None:
    """The participants' ratings (counts of 1 to 5 and the mean) and their comments."""
    ui = say.ui
    columns: list[Column] = [(ui("Form"), None), (ui("Statement"), None), (ui("Answers"), None),
                             *((str(n), None) for n in SCALE), (ui("Mean"), TWO)]
    _table_sheet(book, formats, sheet_name(ui("Participant feedback")), columns,
                 feedback_rows(feedback))
    comments = [[form["title"], q["text"], c] for form in feedback.values()
                for q in form["questions"] if q["kind"] == "comment" for c in q["comments"]]
    _table_sheet(book, formats, sheet_name(ui("Comments")),
                 [(ui("Form"), None), (ui("Question"), None), (ui("Comment"), None)],
                 comments)
