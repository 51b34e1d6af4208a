"""The learner site: Markdown pages from the model, built by mkdocs-material."""

from __future__ import annotations

import html
import logging
import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .model import Course
from .reproducible import source_date_epoch_env

REQUIRED_EXTENSIONS = ("attr_list",)  # heading ids on the reference list
THEME_OVERRIDES = Path(__file__).with_name("theme")


class SiteBuildFailed(Exception):
    """mkdocs refused to build the site (in strict mode, any warning)."""


def text(value: str) -> str:
    """Plain text for a Markdown page: HTML special characters escaped."""
    return html.escape(value, quote=False)


def pages(course: Course) -> dict[str, str]:
    """Every page of the learner site, as Markdown keyed by path under docs/."""
    result = {"index.md": _home(course), "references.md": _references(course)}
    for track in course.tracks:
        result[f"tracks/{track.id}.md"] = _track(course, track.id)
    for index, module in enumerate(course.modules):
        result[f"modules/{module.id}.md"] = _module(course, index)
    return result


def nav(course: Course) -> list:
    """The navigation: home, then each track with its modules in course order."""
    entries: list = [{"Home": "index.md"}]
    for track in course.tracks:
        modules = [{text(m.title): f"modules/{m.id}.md"}
                   for m in course.modules if m.track == track.id]
        entries.append({text(track.title): [f"tracks/{track.id}.md", *modules]})
    entries.append({"References": "references.md"})
    return entries


def _home(course: Course) -> str:
    minutes = sum(m.minutes for m in course.modules)
    lines = [f"# {text(course.title)}", "", course.summary.strip(), "",
             f"**{len(course.modules)} modules** · about **{_hours(minutes)}** in a workshop · "
             f"version {text(course.version)}", "", "## Tracks", ""]
    for track in course.tracks:
        count = sum(1 for m in course.modules if m.track == track.id)
        lines.append(f"- [{text(track.title)}](tracks/{track.id}.md) ({count} modules): "
                     f"{text(track.summary)}")
    return "\n".join(lines) + "\n"


def _track(course: Course, track_id: str) -> str:
    track = course.track(track_id)
    lines = [f"# {text(track.title)}", "", text(track.summary), ""]
    for module in (m for m in course.modules if m.track == track_id):
        lines.append(f"- [{text(module.title)}](../modules/{module.id}.md) "
                     f"({module.minutes} minutes): {text(module.summary.strip())}")
    return "\n".join(lines) + "\n"


def _module(course: Course, index: int) -> str:
    module = course.modules[index]
    track = course.track(module.track)
    lines = [
        f"# {text(module.title)}", "", text(module.summary.strip()), "",
        f"**Duration:** {module.minutes} minutes · **Track:** "
        f"[{text(track.title)}](../tracks/{track.id}.md)", "",
        "## Learning objectives", "",
        *[f"- {text(o.text)}" for o in module.objectives], "",
    ]
    if module.prerequisites:
        lines += ["## Before you start", "", "Study these modules first:", ""]
        lines += [f"- [{text(course.module(p).title)}]({p}.md)" for p in module.prerequisites]
        lines.append("")
    lines += [module.content.strip(), "", "## Key messages", ""]
    lines += [f"- {text(message)}" for message in module.key_messages]
    if module.sources:
        lines += ["", "## Sources", ""]
        lines += [f"- [{text(course.reference(s).title)}](../references.md#{s})"
                  for s in module.sources]
    lines += ["", *_neighbours(course, index)]
    return "\n".join(lines) + "\n"


def _neighbours(course: Course, index: int) -> list[str]:
    links = []
    if index > 0:
        previous = course.modules[index - 1]
        links.append(f"Previous: [{text(previous.title)}]({previous.id}.md)")
    if index + 1 < len(course.modules):
        following = course.modules[index + 1]
        links.append(f"Next: [{text(following.title)}]({following.id}.md)")
    return [" · ".join(links)] if links else []


def _references(course: Course) -> str:
    lines = ["# References", ""]
    for ref in course.references:
        details = ", ".join(str(x) for x in (ref.publisher, ref.year) if x)
        lines += [f"## {text(ref.title)} {{#{ref.id}}}", "", text(details), ""]
        if ref.url:
            lines += [f"<{ref.url}>", ""]
    return "\n".join(lines)


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def module_of_page(page: str) -> str | None:
    """The module id a generated page path belongs to, for error messages."""
    if page.startswith("modules/") and page.endswith(".md"):
        return page.removeprefix("modules/").removesuffix(".md")
    return None


def configure(config: MkDocsConfig, course: Course) -> None:
    """Fit a loaded mkdocs configuration to the course: name, navigation, extensions."""
    config["site_name"] = text(course.title)
    config["nav"] = nav(course)
    if str(THEME_OVERRIDES) not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))
    config["markdown_extensions"] += [
        e for e in REQUIRED_EXTENSIONS if e not in config["markdown_extensions"]]


def build_site(course: Course, config_file: Path, work_dir: Path, site_dir: Path,
               epoch: int) -> None:
    """Write the pages and the maintainer's assets to ``work_dir`` and run mkdocs there."""
    warnings = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), hooks=[])
        shutil.copytree(config.docs_dir, work_dir, dirs_exist_ok=True)
        for path, markdown in pages(course).items():
            target = work_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, encoding="utf-8")
        config["docs_dir"] = str(work_dir)
        configure(config, course)
        with source_date_epoch_env(epoch):
            mkdocs_build(config)
    except (Abort, ConfigurationError, PluginError) as error:
        raise SiteBuildFailed("\n".join([*warnings.messages, str(error)])) from error
    finally:
        logger.removeHandler(warnings)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")
