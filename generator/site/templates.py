"""Maintainer-owned page templates: course and country data through mkdocs-macros.

Only pages made from ``site_templates/`` opt in to macros (``render_macros: true``);
module and translation text never does. Templates run in a sandboxed Jinja
environment where an undefined variable is an error.
"""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from generator.course.model import Course
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


def template_page(text: str) -> str:
    """The Markdown of a template page, marked for mkdocs-macros to render."""
    return "---\nrender_macros: true\n---\n" + text


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
