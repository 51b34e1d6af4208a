"""mkdocs hook for ``mkdocs serve``: compiles the modules into pages on every rebuild.

``coursepack build`` does not use this hook: it renders the pages itself from the
model it has already validated.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.loader import load_course
from generator.problems import CourseInvalid, report
from generator.site import configure, pages

_pages: dict[str, str] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        course = load_course(Path(config.config_file_path).parent)
    except CourseInvalid as invalid:
        raise PluginError(report(invalid.problems, annotations=False)) from None
    _pages.clear()
    _pages.update(pages(course))
    configure(config, course)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, markdown in _pages.items():
        files.append(File.generated(config, path, content=markdown))
    return files
