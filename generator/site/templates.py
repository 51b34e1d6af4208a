"""Maintainer-owned page templates: course and country data through mkdocs-macros.

Only pages made from ``site_templates/`` (and their translations under
``locales/<lang>/site_templates/``) opt in to macros (``render_macros: true``); module
text never does. Templates run in a sandboxed Jinja environment where an undefined
variable is an error.
"""

from __future__ import annotations

import html
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from generator.course.localize import direction, page_notices
from generator.course.model import Course, SiteTemplate
from generator.errors import CoursepackError

MACROS_PLUGIN = "macros"


class UnknownCountry(CoursepackError):
    """``--country`` names no file under ``countries/``."""

    def report(self, command: str) -> str:
        return f"coursepack {command} --country: {self}"


def template_variables(course: Course, country_id: str | None) -> dict[str, Any]:
    """``course`` and ``country`` as templates see them (``country`` is none without --country)."""
    country = None
    if country_id is not None:
        known = {c.id: c for c in course.countries}
        if country_id not in known:
            names = ", ".join(known) or "none yet"
            raise UnknownCountry(f"there is no countries/{country_id}.yml (countries: {names})")
        country = known[country_id].model_dump(mode="json")
    return {
        "course": course.model_dump(mode="json", include={"title", "version", "contacts"}),
        "country": country,
    }


def template_page(course: Course, page: SiteTemplate) -> str:
    """The Markdown of a maintainer page in ``course``'s language, marked for mkdocs-macros
    to render. Under its title, a box says what the reader must know about its translation;
    a page shown in the source language for want of one is marked with that language and
    its direction (read by screen readers in the right voice, laid out the right way)."""
    notices = page_notices(course, page)
    if not notices:
        return "---\nrender_macros: true\n---\n" + page.text
    title, _, rest = page.text.lstrip().partition("\n")
    box = [f"<p>{inert(notice)}</p>" for notice in notices]
    lines = [title, "", '<div class="admonition warning">',
             f'<p class="admonition-title">{inert(course.ui("About this translation"))}</p>',
             *box, "</div>", ""]
    if page.translation is not None and page.translation.status == "missing":
        language = course.default_language
        marks = f'lang="{language}" dir="{direction(language)}"'
        lines[0] = f"{title} {{: {marks} }}"
        rest = f"<div {marks} markdown>\n\n{rest.strip()}\n\n</div>\n"
    return "---\nrender_macros: true\n---\n" + "\n".join(lines) + "\n" + rest


def inert(value: str) -> str:
    """UI text for a page mkdocs-macros renders: HTML special characters escaped and
    braces written as character references, so a translation is never run as a template."""
    return html.escape(value.strip(), quote=False).replace("{", "&#123;").replace("}", "&#125;")


def sandbox_macros(plugin: Any) -> None:
    """Replace mkdocs-macros' Jinja environment by a sandboxed, strict one."""
    old = plugin.env
    sandboxed = SandboxedEnvironment(
        loader=old.loader, undefined=StrictUndefined,
        block_start_string=old.block_start_string, block_end_string=old.block_end_string,
        variable_start_string=old.variable_start_string,
        variable_end_string=old.variable_end_string,
        comment_start_string=old.comment_start_string,
        comment_end_string=old.comment_end_string)
    sandboxed.globals.update(old.globals)
    sandboxed.filters.update(old.filters)
    plugin._env = sandboxed
