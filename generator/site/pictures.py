"""A module page's pictures and charts on the learner site: each picture's file beside
the page (``modules/<id>/images/…``), sized and lazily loaded; each chart an SVG drawing
with its numbers in a table underneath (the text alternative)."""

from __future__ import annotations

import html
import re

from generator.build.chart_svg import chart_size, chart_svg, data_table, decimal_mark
from generator.course.localize import direction
from generator.course.model import Course, Module
from generator.course.pictures import CHART_PATH, IMAGE_TAG, PICTURE_PATH


def picture_files(course: Course) -> dict[str, bytes]:
    """Every picture and chart drawing of the site, by its path under docs/."""
    files: dict[str, bytes] = {}
    rtl = direction(course.language) == "rtl"
    for module in course.modules:
        files |= {f"modules/{module.id}/{p.path}": p.data for p in module.pictures}
        files |= {f"modules/{module.id}/{_drawing(c.path)}": chart_svg(c, rtl, _decimal(course))
                  for c in module.charts}
    return files


def with_pictures(course: Course, module: Module, markdown: str) -> str:
    """``markdown`` (the module's page text) with each placed picture pointing at its file
    and each placed chart shown as a figure with its data table."""
    def placed(match: re.Match[str]) -> str:
        src, alt = match["src"], match["alt"].strip()
        if PICTURE_PATH.match(src):
            picture = module.picture(src)
            return (f"![{alt}]({module.id}/{src}){{ loading=lazy width={picture.width} "
                    f"height={picture.height} }}")
        if CHART_PATH.match(src):
            return _chart_figure(course, module, src, alt)
        return match[0]

    return IMAGE_TAG.sub(placed, markdown)


def _chart_figure(course: Course, module: Module, src: str, alt: str) -> str:
    chart = module.chart(src)
    width, height = chart_size(chart)
    reference = course.reference(chart.source)
    caption = f"{chart.title} ({reference.publisher}, {reference.year})" if reference.year \
        else f"{chart.title} ({reference.publisher})"
    e = html.escape
    return (f'\n<figure class="cp-chart"><img src="{e(module.id)}/{e(_drawing(src))}" '
            f'alt="{e(alt)}" loading="lazy" width="{width}" height="{height}"><figcaption>'
            f"{e(caption)}</figcaption>"
            f'</figure>\n<details class="cp-chart-data"><summary>'
            f'{e(course.ui("The numbers in this chart"))}</summary>'
            f"{data_table(chart, chart.title, _decimal(course))}</details>\n")


def _drawing(chart_path: str) -> str:
    return chart_path.removesuffix(".yml") + ".svg"


def _decimal(course: Course) -> str:
    return decimal_mark(course.language)
