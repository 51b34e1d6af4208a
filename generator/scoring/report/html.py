"""``report.html``: the report's blocks (see ``document``) as one self-contained, printable
page with inline SVG charts; no scripts, no external requests; mirrored right to left."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from generator.build.sanitize import add_content_security_policy
from generator.course.localize import direction
from generator.scoring.report.document import Block

STYLE = """
body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 60rem; margin: 0 auto;
       padding: 1rem; color: #1a1a1a; line-height: 1.45; }
h1, h2, h3 { color: #3b1f5b; } h1 { margin-bottom: .2rem; }
.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: .5rem 0 1.2rem; }
th, td { border: 1px solid #999; padding: .2rem .5rem; text-align: end; vertical-align: top; }
th { background: #f3eef8; } td.t, th.t { text-align: start; }
table.small { font-size: .8rem; } td.note { text-align: start; font-style: italic; }
table.facts td, table.facts th { border: none; background: none; padding: .1rem 1rem .1rem 0;
                                 text-align: start; }
p.summary { font-size: 1.1rem; }
dl.glossary dt { font-weight: bold; } dl.glossary dd { margin: 0 0 .4rem 1.5rem; }
svg { max-width: 100%; height: auto; } .pre { fill: #9e9e9e; } .post { fill: #6b2c91; }
.axis { stroke: #444; } .grid { stroke: #ddd; } .bar { fill: #6b2c91; }
figure { margin: 1rem 0; } figcaption { font-size: .9rem; color: #444; }
hr.page { border: none; margin: 0; }
@media print { body { max-width: none; padding: 0; } hr.page { break-after: page; }
  h2, h3 { break-after: avoid; } tr, figure { break-inside: avoid; } }
@page { size: A4; margin: 16mm; }
"""


def report_html(blocks: Sequence[Block], language: str) -> str:
    """The page in ``language`` (its direction from the language)."""
    rtl = direction(language) == "rtl"
    title = next(str(b["text"]) for b in blocks if b["kind"] == "title")
    body = "\n".join(_block(b, rtl) for b in blocks)
    page = (f'<!doctype html>\n<html lang="{escape(language)}" dir="{direction(language)}">\n'
            '<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<main>\n{body}\n</main>\n</body>\n</html>\n")
    return add_content_security_policy(page)


def _block(b: Block, rtl: bool) -> str:
    kind = b["kind"]
    if kind == "title":
        return (f"<h1>{escape(str(b['text']))}</h1>"
                f'<p class="subtitle">{escape(str(b["subtitle"]))}</p>')
    if kind == "facts":
        return '<table class="facts">' + "".join(
            f"<tr><th>{escape(k)}</th><td><bdi>{escape(v)}</bdi></td></tr>"
            for k, v in b["rows"]) + "</table>"  # type: ignore[attr-defined]
    if kind == "heading":
        return f"<h{b['level']}>{escape(str(b['text']))}</h{b['level']}>"
    if kind == "para":
        return f'<p class="summary">{escape(str(b["text"]))}</p>'
    if kind == "table":
        return _table(b)
    if kind == "glossary":
        return '<dl class="glossary">' + "".join(
            f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>"
            for term, text in b["entries"]) + "</dl>"  # type: ignore[attr-defined]
    if kind == "dumbbell":
        return _dumbbell(b, rtl)
    if kind == "histogram":
        return _histogram(b, rtl)
    if kind == "pagebreak":
        return '<hr class="page">'
    raise ValueError(f"unknown block {kind!r}")


def _table(b: Block) -> str:
    """Text columns first, each cell isolated in its own direction; figures kept left to
    right (a minus sign stays before its number)."""
    text_columns = int(b["text_columns"])  # type: ignore[call-overload]
    header: list[str] = b["header"]  # type: ignore[assignment]
    head = "".join(f'<th class="{"t" if n < text_columns else ""}">{escape(h)}</th>'
                   for n, h in enumerate(header))
    rows = []
    for row in b["rows"]:  # type: ignore[attr-defined]
        if isinstance(row, dict):
            cells = "".join(f'<td class="t"><bdi>{escape(v)}</bdi></td>' for v in row["cells"])
            rows.append(f'<tr>{cells}<td class="note" colspan="{len(header) - len(row["cells"])}"'
                        f">{escape(row['note'])}</td></tr>")
            continue
        rows.append("<tr>" + "".join(
            f'<td class="t"><bdi>{escape(v)}</bdi></td>' if n < text_columns
            else f'<td><span dir="ltr">{escape(v)}</span></td>' for n, v in enumerate(row))
            + "</tr>")
    small = ' class="small"' if b.get("small") else ""
    return f"<table{small}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


LABEL_WIDTH, SCALE, ROW = 370, 360, 16
"""The dumbbell chart: room for labels, the 0–100 % scale and each row, in pixels."""


def _dumbbell(b: Block, rtl: bool) -> str:
    """One row per unit: a grey dot at its pre-test mean, a purple one at its post-test mean,
    joined; the scale runs from the labels outward (right to left on a mirrored page)."""
    rows: list[dict] = b["rows"]  # type: ignore[assignment]
    width, top = LABEL_WIDTH + SCALE + 30, 26
    height = top + ROW * len(rows) + 24

    def x(percent: float) -> float:
        offset = LABEL_WIDTH + 10 + percent * SCALE / 100
        return width - offset if rtl else offset

    anchor = "start" if rtl else "end"
    label_x = width - LABEL_WIDTH if rtl else LABEL_WIDTH
    pre, post = b["legend"]  # type: ignore[misc]
    shapes = [f'<circle class="pre" cx="{x(0):.1f}" cy="10" r="5"/>'
              f'<text x="{x(3):.1f}" y="14" font-size="11" text-anchor="{_start(rtl)}">'
              f"{escape(pre)}</text>"
              f'<circle class="post" cx="{x(35):.1f}" cy="10" r="5"/>'
              f'<text x="{x(38):.1f}" y="14" font-size="11" text-anchor="{_start(rtl)}">'
              f"{escape(post)}</text>"]
    bottom = top + ROW * len(rows)
    for tick in (0, 25, 50, 75, 100):
        shapes.append(f'<line class="grid" x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" '
                      f'y2="{bottom}"/><text x="{x(tick):.1f}" y="{bottom + 14}" '
                      f'text-anchor="middle" font-size="10" direction="ltr">{tick} %</text>')
    for n, r in enumerate(rows):
        y = top + ROW * n + ROW / 2
        shapes.append(f'<text x="{label_x}" y="{y + 4:.1f}" text-anchor="{anchor}" '
                      f'font-size="11">{escape(r["label"])}</text>')
        if r["pre"] is None or r["post"] is None:
            continue
        shapes.append(
            f'<line x1="{x(r["pre"]):.1f}" y1="{y:.1f}" x2="{x(r["post"]):.1f}" y2="{y:.1f}" '
            f'stroke="#bbb" stroke-width="2"/>'
            f'<circle class="pre" cx="{x(r["pre"]):.1f}" cy="{y:.1f}" r="4.5"><title>'
            f'{escape(r["label"])}: {r["pre"]:.0f} %</title></circle>'
            f'<circle class="post" cx="{x(r["post"]):.1f}" cy="{y:.1f}" r="4.5"><title>'
            f'{escape(r["label"])}: {r["post"]:.0f} %</title></circle>')
    return _figure(width, height, shapes, str(b["caption"]))


def _start(rtl: bool) -> str:
    return "end" if rtl else "start"


def _histogram(b: Block, rtl: bool) -> str:
    """Columns of participants per bin of change, bins from the lowest change to the
    highest along the reading direction."""
    bars: list[dict] = b["bars"]  # type: ignore[assignment]
    if not bars:
        return ""
    pitch, plot, left, top = 64, 160, 40, 16
    highest = max(bar["count"] for bar in bars) or 1
    width, height = left + pitch * len(bars) + 10, plot + 50 + top
    shapes = [f'<g transform="translate(0 {top})"><line class="axis" x1="{left}" '
              f'y1="{plot + 10}" x2="{width - 10}" y2="{plot + 10}"/>']
    for n, bar in enumerate(bars):
        slot = len(bars) - 1 - n if rtl else n
        h = bar["count"] * plot / highest
        x = left + slot * pitch + 8
        shapes.append(
            f'<rect class="bar" x="{x}" y="{plot + 10 - h:.1f}" width="{pitch - 16}" '
            f'height="{h:.1f}"/><text x="{x + (pitch - 16) / 2:.1f}" y="{plot + 5 - h:.1f}" '
            f'text-anchor="middle" font-size="11">{bar["count"]}</text>'
            f'<text x="{x + (pitch - 16) / 2:.1f}" y="{plot + 26}" text-anchor="middle" '
            f'font-size="10" direction="ltr">{escape(bar["label"])}</text>')
    shapes.append("</g>")
    return _figure(width, height, shapes, str(b["caption"]))


def _figure(width: float, height: float, shapes: list[str], caption: str) -> str:
    return (f'<figure><svg viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
            f'height="{height:.0f}" role="img" aria-label="{escape(caption)}">'
            + "".join(shapes) + f"</svg><figcaption>{escape(caption)}</figcaption></figure>")
