"""A chart drawn as SVG for the site and the guide (the decks have native charts): bars
for ``bar`` and ``column``, slices for ``pie``, every value written beside its bar or in
the legend. Text is escaped; nothing in a chart file can add markup."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from babel import UnknownLocaleError
from babel.numbers import get_decimal_symbol

from generator.course.model import Chart

WIDTH = 480
"""Narrow enough that text stays legible when a phone shows the drawing at 360 px."""
COLOURS = ("#6B2C91", "#C2185B", "#3B1F5B", "#B45309", "#0F766E", "#1D4ED8", "#7C3AED",
           "#BE123C", "#047857", "#92400E", "#4338CA", "#9D174D")
FONT = "DejaVu Sans, Noto Sans Arabic UI, sans-serif"


def decimal_mark(language: str) -> str:
    """The decimal mark of ``language`` (CLDR): ``0,003`` in Spanish and Russian; a point
    where the mark is not an ASCII one (the digits stay Latin)."""
    try:
        mark = get_decimal_symbol(language)
    except (ValueError, UnknownLocaleError):
        return "."
    return mark if mark in ".," else "."


def value_text(chart: Chart, value: float, decimal: str = ".") -> str:
    """``20 %``, ``0.003 %``, ``1,500 people``: the value as the chart shows it."""
    number = f"{value:g}" if value < 1e6 else f"{value:,.0f}"
    number = number.replace(".", decimal)
    return f"{number}\u00a0{chart.unit}".strip() if chart.unit else number


def chart_svg(chart: Chart, right_to_left: bool = False, decimal: str = ".") -> bytes:
    """The chart as a standalone SVG (``role="img"``, titled with the chart's title)."""
    body = (_pie(chart, right_to_left, decimal) if chart.kind == "pie"
            else _bars(chart, right_to_left, decimal))
    height = chart_size(chart)[1]
    direction = ' direction="rtl"' if right_to_left else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" font-family="{FONT}" '
            f'font-size="16"{direction}><title>{escape(chart.title)}</title>'
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>{body}</svg>'
            ).encode()


BAR_ROW, PIE_TOP, LEGEND_ROW = 58, 250, 30
"""Pixels: a bar's row (label and bar), the pie above its legend, a legend's row."""


def chart_size(chart: Chart) -> tuple[int, int]:
    """Width and height of :func:`chart_svg`'s drawing, in pixels."""
    if chart.kind == "pie":
        return WIDTH, PIE_TOP + len(chart.values) * LEGEND_ROW
    return WIDTH, 16 + len(chart.values) * BAR_ROW


def _bars(chart: Chart, right_to_left: bool, decimal: str) -> str:
    """One row per value: the label, and under it the bar with its value at its end
    (``column`` charts too: on a phone, rows read better than narrow columns). Right to
    left, each row is mirrored."""
    top = max(v.value for v in chart.values) or 1
    row, value_room = BAR_ROW, 100
    bar_room = WIDTH - 20 - value_room
    parts = []
    for index, value in enumerate(chart.values):
        y = 8 + index * row
        length = max(2.0, bar_room * value.value / top)
        shown = escape(value_text(chart, value.value, decimal))
        label = escape(_shorten(value.label, 52))
        if right_to_left:
            parts.append(f'<text x="{WIDTH - 10}" y="{y + 18}" direction="rtl" '
                         f'text-anchor="start">{label}</text>'
                         f'<rect x="{WIDTH - 10 - length:.1f}" y="{y + 26}" width="{length:.1f}" '
                         f'height="22" rx="3" fill="{COLOURS[0]}"/>'
                         f'<text x="{WIDTH - 18 - length:.1f}" y="{y + 43}" text-anchor="end" '
                         f'font-weight="bold" fill="#3B1F5B">{shown}</text>')
        else:
            parts.append(f'<text x="10" y="{y + 18}">{label}</text>'
                         f'<rect x="10" y="{y + 26}" width="{length:.1f}" height="22" rx="3" '
                         f'fill="{COLOURS[0]}"/>'
                         f'<text x="{18 + length:.1f}" y="{y + 43}" font-weight="bold" '
                         f'fill="#3B1F5B">{shown}</text>')
    return "".join(parts)


def _pie(chart: Chart, right_to_left: bool, decimal: str) -> str:
    """The pie above, its legend (each slice's colour, label and value) under it."""
    total = sum(v.value for v in chart.values) or 1
    centre_x, centre_y, radius = WIDTH / 2, 110, 100
    angle, parts = -math.pi / 2, []
    for index, value in enumerate(chart.values):
        sweep = 2 * math.pi * value.value / total
        x1, y1 = centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle)
        angle += sweep
        x2, y2 = centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle)
        colour = COLOURS[index % len(COLOURS)]
        if sweep >= 2 * math.pi - 1e-9:
            parts.append(f'<circle cx="{centre_x}" cy="{centre_y}" r="{radius}" '
                         f'fill="{colour}"/>')
        else:
            parts.append(f'<path d="M{centre_x},{centre_y} L{x1:.2f},{y1:.2f} A{radius},'
                         f'{radius} 0 {1 if sweep > math.pi else 0} 1 {x2:.2f},{y2:.2f} Z" '
                         f'fill="{colour}" stroke="#ffffff" stroke-width="2"/>')
        y = PIE_TOP + index * LEGEND_ROW
        label = escape(f"{_shorten(value.label, 40)}: {value_text(chart, value.value, decimal)}")
        if right_to_left:
            parts.append(f'<rect x="{WIDTH - 26}" y="{y - 14}" width="16" height="16" '
                         f'fill="{colour}"/><text x="{WIDTH - 34}" y="{y}" direction="rtl" '
                         f'text-anchor="start">{label}</text>')
        else:
            parts.append(f'<rect x="10" y="{y - 14}" width="16" height="16" fill="{colour}"/>'
                         f'<text x="34" y="{y}">{label}</text>')
    return "".join(parts)


def _shorten(label: str, most: int = 34) -> str:
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def data_table(chart: Chart, caption: str, decimal: str = ".") -> str:
    """The chart's numbers as an HTML table: the text alternative beside the drawing."""
    rows = "".join(f"<tr><td>{escape(v.label)}</td>"
                   f"<td>{escape(value_text(chart, v.value, decimal))}</td></tr>"
                   for v in chart.values)
    return f"<table><caption>{escape(caption)}</caption><tbody>{rows}</tbody></table>"

