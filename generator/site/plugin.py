"""The learner site: the ``coursepack`` mkdocs plugin and the build that drives it.

``coursepack build`` hands the validated model to the plugin; plain ``mkdocs serve``
and ``mkdocs build`` load the course next to ``mkdocs.yml`` themselves.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import markupsafe
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

from generator.build.outputs import Outputs
from generator.build.reproducible import source_date_epoch, source_date_epoch_env
from generator.build.sanitize import add_content_security_policy, sanitize_html
from generator.course.load import load_course
from generator.course.localize import direction, language_name, localize, localize_all
from generator.course.model import Course, Module
from generator.course.reading import (
    ASSESSMENTS_DIR,
    COUNTRIES_DIR,
    COURSE_FILE,
    GLOSSARY_FILE,
    MODULES_DIR,
    TEMPLATES_DIR,
)
from generator.course.translations import LOCALES_DIR
from generator.errors import BuildFailed, CourseInvalid, CoursepackError, report
from generator.site.linkcheck import broken_links
from generator.site.offline import ZIP_NAME as OFFLINE_ZIP
from generator.site.offline import language_zip, write_atomically
from generator.site.pages import attr, nav, pages
from generator.site.pictures import picture_files
from generator.site.templates import MACROS_PLUGIN, sandbox_macros, template_variables

PLUGIN_NAME = "coursepack"
REQUIRED_EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "md_in_html",
                       "pymdownx.details")  # callouts; ??? folds one away
THEME_OVERRIDES = Path(__file__).with_name("theme")
SITE_SCRIPT = "javascripts/coursepack.js"
SITE_STYLE = "stylesheets/coursepack-site.css"
WORKER_SHIM = "javascripts/iframe-worker-shim.js"  # search from file:// (offline copy)
SEARCH_ON_DEMAND = "javascripts/search-on-demand.js"  # the search index only once wanted
ASSETS = (SITE_SCRIPT, SITE_STYLE, WORKER_SHIM, SEARCH_ON_DEMAND)
_PALETTE = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css(?:\.map)?")
OFFLINE_SIZE = re.compile(r'(<span class="cp-offline-size">)\s*(</span>)')
"""Where a page shows the size of its language's offline copy (the home page's download
link): filled after the build, when the copy exists."""


@dataclass(frozen=True)
class SiteContent:
    """What the plugin gives mkdocs for one language's site: all of it comes from the
    course, so it is also what decides whether that site must be built again."""

    title: str
    language: str
    default_language: str
    languages: tuple[str, ...]
    nav: tuple
    pages: tuple[tuple[str, str], ...]
    """Each page's path and Markdown."""
    variables: dict[str, Any]
    """``course`` and ``country`` for the maintainers' page templates."""
    files: tuple[tuple[str, bytes], ...] = ()
    """The pictures and chart drawings, by path under docs/."""
    written_in: tuple[tuple[str, str, str], ...] = ()
    """Each module page (``modules/<id>``), the file its text was written in and that
    text (to name the line a problem is on)."""
    summary: str = ""
    """The course's summary: the meta description of pages without their own."""
    progress: tuple[tuple[str, str], ...] = ()
    """What coursepack.js needs to show the learner's progress: where it keeps it and its
    words in this language (see :func:`progress_settings`)."""
    labels: tuple[tuple[str, str], ...] = ()
    """The site's own words outside its pages, in its language: ``permalink`` (the
    tooltip of a heading's anchor) and ``not_found`` (the 404 page's heading)."""
    size_unit: str = "{size} MB"
    """How the language writes a size in megabytes (the offline copy's, by its link)."""


def progress_settings(course: Course) -> dict[str, str]:
    """coursepack.js's settings: the browser storage key (one per course, shared by its
    languages, since item and module ids are the same in each) and its words."""
    return {
        "store": f"coursepack:{course.id}",
        "language": f"coursepack:{course.id}:language",
        "notStarted": course.ui("Not started"),
        "started": course.ui("In progress"),
        "done": course.ui("Done"),
        "continue": course.ui("Continue: {module}"),
        "review": course.ui("All modules done: review the course"),
        "trackProgress": course.ui("{done} of {total} done"),
        "confirmClear": course.ui("Clear your answers and progress in this course, in this "
                                  "browser?"),
    }


def site_content(course: Course, country: str | None) -> SiteContent:
    """The site of ``course`` in its language (``country``: the overlay, or none)."""
    return SiteContent(attr(course.title), course.language, course.default_language,
                       tuple(course.languages), tuple(nav(course)),
                       tuple(pages(course).items()), template_variables(course, country),
                       tuple(sorted(picture_files(course).items())),
                       tuple((f"modules/{m.id}", written_in(course, m), m.content)
                             for m in course.modules),
                       course.summary, tuple(progress_settings(course).items()),
                       (("permalink", course.ui("Permanent link")),
                        ("not_found", course.ui("Page not found"))),
                       course.ui("{size} MB"))


def written_in(course: Course, module: Module) -> str:
    """The file an author wrote a module's page in, in ``course``'s language: its
    translation where there is one, else the source."""
    source = f"{MODULES_DIR}/{module.id}/content.md"
    if module.translation is not None and source in module.translation.translated_files:
        return f"{LOCALES_DIR}/{course.language}/{source}"
    return source


def name_sources(message: str, written: Mapping[str, tuple[str, str]]) -> str:
    """``message`` with each line that names a generated module page (``modules/<id>.md``
    or ``.html``) followed by the file the page's text was written in, and the line there
    that holds what the message quotes (a link, an image address), when it can be found."""
    page = re.compile(r"(?<![\w/])(?:[a-z]{2,3}(?:-[A-Za-z0-9]+)?/)?(modules/[a-z0-9-]+)"
                      r"\.(?:md|html)")
    lines = []
    for line in message.splitlines():
        found = page.search(line)
        source = written.get(found.group(1)) if found else None
        if source is None:
            lines.append(line)
            continue
        path, text = source
        quoted = [q for q in re.findall(r"['\"]([^'\"]{3,})['\"]", line)
                  if not page.fullmatch(q)]
        number = next((n for q in quoted for n, text_line in enumerate(text.splitlines(), 1)
                       if q in text_line), None)
        lines.append(f"{line} (written in {path}{f':{number}' if number else ''})")
    return "\n".join(lines)


class SiteBuildFailed(BuildFailed):
    """mkdocs refused to build the site (in strict mode, any warning)."""


class CoursePluginConfig(Config):
    """Options of ``- coursepack:`` in mkdocs.yml; ``coursepack serve`` sets them."""

    language = config_options.Optional(config_options.Type(str))
    """The language to show when the plugin loads the course itself (default: the source)."""
    live_reload = config_options.Type(bool, default=False)
    """Let the live-reload server's inline script run (the policy allows inline scripts)."""


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    """Generates the pages from the course model, sanitises them and adds a CSP."""

    def __init__(self, content: SiteContent | None = None, switcher: bool = False) -> None:
        super().__init__()
        self.load_config({})  # the defaults, until mkdocs loads the options of mkdocs.yml
        self.content = content
        self.switcher = switcher  # one site per language, side by side under <lang>/

    @event_priority(100)  # before mkdocs-macros reads config.extra
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.content is None:
            self.content = site_content(self._load(Path(config.config_file_path).parent), None)
        content = self.content
        config["site_name"] = content.title
        config["site_description"] = " ".join(content.summary.split()) or None
        config.extra["coursepack_progress"] = dict(content.progress)
        config.theme["language"] = content.language
        config.theme["direction"] = direction(content.language)
        if self.switcher:  # this language's site lives in <site_url>/<lang>/
            config["site_url"] = urljoin(config.site_url or "/", f"{content.language}/")
        if self.switcher and len(content.languages) > 1:
            config.extra["alternate"] = [
                {"name": language_name(code), "link": f"../{code}/", "lang": code}
                for code in content.languages]
        config["nav"] = list(content.nav)
        config["markdown_extensions"] += [
            e for e in REQUIRED_EXTENSIONS if e not in config["markdown_extensions"]]
        labels = dict(content.labels)
        toc = config.mdx_configs.get("toc")
        if isinstance(toc, dict) and toc.get("permalink") and "permalink" in labels:
            toc["permalink_title"] = labels["permalink"]
        config.theme["coursepack_not_found"] = labels.get("not_found", "Page not found")
        if str(THEME_OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))
        config["extra_javascript"].append(SITE_SCRIPT)
        config["extra_css"].append(SITE_STYLE)
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), WORKER_SHIM,
                                     SEARCH_ON_DEMAND]
        config.extra.update(content.variables)
        return config

    def _load(self, root: Path) -> Course:
        """The course next to mkdocs.yml, in the language of the plugin's options."""
        try:
            course = load_course(root)
        except CourseInvalid as invalid:
            raise PluginError(report(invalid.problems, annotations=False)) from None
        if self.config.language:
            try:
                course = localize(course, self.config.language)
            except ValueError as error:  # a language the course does not have
                raise PluginError(f"coursepack plugin, language: {error}") from None
        return course

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        macros = config.plugins.get(MACROS_PLUGIN)
        if macros is not None:
            sandbox_macros(macros)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.content is not None  # set by on_config
        for path, markdown in self.content.pages:
            files.append(File.generated(config, path, content=markdown))
        for path, data in self.content.files:
            files.append(File.generated(config, path, content=data))
        for asset in ASSETS:
            copy = files.get_file_from_path(f"assets/{asset}")
            if copy is not None:  # the theme's own copy, which no page loads
                files.remove(copy)
            files.append(File.generated(config, asset,
                                        abs_src_path=str(THEME_OVERRIDES / "assets" / asset)))
        if not config.theme.get("palette"):  # then no page links Material's palette styles
            for palette in [f for f in files if _PALETTE.fullmatch(f.src_uri)]:
                files.remove(palette)
        return files

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        return sanitize_html(html)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # the theme escapes the (already escaped) site name once more in its logo tooltips
        name = config.site_name
        output = output.replace(f'title="{markupsafe.escape(name)}"', f'title="{name}"')
        return add_content_security_policy(output, offline=self.config.live_reload)

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> str:
        return add_content_security_policy(output_content, offline=self.config.live_reload)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Search from file:// too (Material loads the index as a script there), and the
        language's offline copy, its size shown where a page links it."""
        assert self.content is not None  # set by on_config
        site_dir = Path(config.site_dir)
        index = site_dir / "search" / "search_index.json"
        if index.is_file():
            index.with_suffix(".js").write_text(
                "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")
        epoch = source_date_epoch(Path(config.config_file_path).parent)
        copy = language_zip(site_dir, self.content.language, epoch)
        write_atomically(site_dir / OFFLINE_ZIP, copy)
        show_size(site_dir, size_text(len(copy), self.content.language, self.content.size_unit))
        if not self.switcher:  # otherwise build_site checks all languages together
            _check_links(site_dir, {"": {page: (path, text) for page, path, text
                                         in self.content.written_in}})


def size_text(size: int, language: str, unit: str) -> str:
    """``size`` bytes in megabytes with one decimal, written the way ``language`` writes
    numbers, in ``unit`` (``{size} MB`` in that language)."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    megabytes = max(size / 1_000_000, 0.1)
    return unit.replace("{size}", format_decimal(megabytes, format="#,##0.0", locale=locale))


def show_size(site_dir: Path, size: str) -> None:
    """Fill each page's empty ``cp-offline-size`` element with ``size`` (escaped)."""
    for page in sorted(site_dir.rglob("*.html")):
        source = page.read_text(encoding="utf-8")
        if "cp-offline-size" in source:
            filled = OFFLINE_SIZE.sub(lambda m: m[1] + str(markupsafe.escape(size)) + m[2], source)
            if filled != source:
                page.write_text(filled, encoding="utf-8")


def _check_links(site_dir: Path,
                 written: Mapping[str, Mapping[str, tuple[str, str]]]) -> None:
    """Every link of the built site works offline; else each broken one with the file its
    page was written in. ``written``: by language folder (``""`` for a site without)."""
    problems = broken_links(site_dir)
    if problems:
        raise PluginError("links in the built site that do not work offline:\n" + "\n".join(
            f"  {name_sources(p, written.get(p.split('/', 1)[0], written.get('', {})))}"
            for p in problems))


def _written(courses: Mapping[str, Course]) -> dict[str, dict[str, tuple[str, str]]]:
    """By language: each module page, the file its text was written in and that text."""
    return {language: {f"modules/{m.id}": (written_in(localized, m), m.content)
                       for m in localized.modules}
            for language, localized in courses.items()}


def plan_site(courses: Mapping[str, Course], config_file: Path, epoch: int,
              country: str | None, outputs: Outputs, folder: str = "site") -> None:
    """One site per language under ``<folder>/<lang>/`` (``courses``: the course localized
    in each), each rebuilt only when its pages, ``mkdocs.yml`` or the files it names
    changed; see :func:`finish_site`."""
    disk = site_inputs(config_file)
    for language, localized in courses.items():
        outputs.render_folder(f"{folder}/{language}", build_language,
                              site_content(localized, country), config_file,
                              epoch, key_inputs=disk, cost=50 * len(localized.modules))


def finish_site(courses: Mapping[str, Course], outputs: Outputs, folder: str = "site") -> None:
    """After the languages are built: the front page that opens the default language,
    and the offline check of links across languages."""
    default = courses[next(iter(courses.values())).default_language]
    outputs.write(f"{folder}/index.html", add_content_security_policy(front_page(default)))
    if any(path.startswith(f"{folder}/") for path in outputs.made):
        try:
            _check_links(outputs.folder / folder, _written(courses))
        except PluginError as error:
            raise SiteBuildFailed(str(error)) from error


def build_site(course: Course, config_file: Path, site_dir: Path, epoch: int,
               country: str | None = None) -> None:
    """The site of :func:`plan_site` built in ``site_dir`` at once."""
    courses = localize_all(course)
    outputs = Outputs(site_dir)
    plan_site(courses, config_file, epoch, country, outputs, ".")
    outputs.run()
    finish_site(courses, outputs, ".")


def site_inputs(config_file: Path) -> tuple[Path, ...]:
    """What a site build reads from disk: ``mkdocs.yml`` and the folders and hooks it names."""
    base = config_file.parent
    with open(config_file, encoding="utf-8") as handle:
        config = yaml_load(handle) or {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    named = [config.get("docs_dir", "docs"), theme.get("custom_dir"), *config.get("hooks", [])]
    return (config_file, *(base / str(name) for name in named if name))


def build_language(site_dir: Path, content: SiteContent, config_file: Path, epoch: int) -> None:
    """One language's site, built by mkdocs into ``site_dir``."""
    warnings = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        plugin = config.plugins.get(PLUGIN_NAME)
        if not isinstance(plugin, CoursePlugin):
            plugin = config.plugins[PLUGIN_NAME] = CoursePlugin()
        # made from the validated model: the plugin does not read the sources again
        plugin.content, plugin.switcher = content, True
        with source_date_epoch_env(epoch):
            mkdocs_build(config)
    except (Abort, ConfigurationError, PluginError) as error:
        raise SiteBuildFailed(name_sources(
            "\n".join([*warnings.messages, str(error)]),
            {page: (path, text) for page, path, text in content.written_in})) from error
    finally:
        logger.removeHandler(warnings)


FRONT_PAGE = Path(__file__).with_name("front.html")
def front_page(course: Course) -> str:
    """``index.html`` above the language folders: each language by its own name; a browser
    that prefers one of them opens it (see ``front.html``)."""
    environment = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    template = environment.from_string(FRONT_PAGE.read_text(encoding="utf-8"))
    return template.render(
        default=course.default_language, direction=direction(course.default_language),
        title=course.title, summary=" ".join(course.summary.split()),
        languages_label=course.ui("Languages"), offered=list(course.languages),
        chosen_key=progress_settings(course)["language"],
        languages=[{"code": code, "name": language_name(code), "direction": direction(code)}
                   for code in course.languages])


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


# --- coursepack serve ---------------------------------------------------------

SOURCES = (COURSE_FILE, GLOSSARY_FILE, MODULES_DIR, ASSESSMENTS_DIR, LOCALES_DIR,
           TEMPLATES_DIR, COUNTRIES_DIR)
"""What the plugin reads besides mkdocs.yml: a change to any of them rebuilds the preview."""


class CannotServe(CoursepackError):
    """``coursepack serve`` cannot start; the message says why and what to do."""


def serve_site(config_file: Path, course: Course, language: str | None = None,
               dev_addr: str | None = None) -> None:
    """mkdocs' live-reload server on the site of one language (default: the source),
    rebuilt from the sources whenever a course file changes, until Ctrl-C."""
    language = language or course.default_language
    if language not in course.languages:
        raise CannotServe(f"--language: the course has no '{language}'; its languages are "
                          f"{', '.join(course.languages)} (start one with `coursepack "
                          f"translate init {language}`)")
    if not config_file.is_file():
        raise CannotServe(f"there is no {config_file}: the site's configuration is needed to "
                          "preview it (copy mkdocs.yml from the bundled course)")
    root = config_file.parent
    options: dict[str, object] = {"plugins": _plugins_with(
        config_file, {"language": language, "live_reload": True})}
    if dev_addr:
        options["dev_addr"] = dev_addr
    handler = logging.StreamHandler()  # mkdocs' own command line would print these
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        mkdocs_serve(str(config_file), watch=[str(root / name) for name in SOURCES
                                              if (root / name).exists()], **options)
    except (Abort, ConfigurationError, PluginError) as error:
        raise SiteBuildFailed(str(error)) from error
    except OSError as error:  # the address is in use or not this computer's
        raise CannotServe(f"cannot serve on {dev_addr or 'the default address'} ({error}); "
                          "another server may be running there: stop it or use "
                          "--dev-addr 127.0.0.1:8001") from error
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _plugins_with(config_file: Path, options: dict[str, object]) -> dict[str, object]:
    """mkdocs.yml's ``plugins`` with ``options`` added to the coursepack plugin's own, as a
    mapping in the same order (mkdocs empties the entries of a list as it reads them, and
    the server reads the configuration again for every rebuild)."""
    with open(config_file, encoding="utf-8") as handle:
        raw = yaml_load(handle) or {}
    plugins = raw.get("plugins", ["search"])
    if not isinstance(plugins, dict):
        plugins = dict(next(iter(e.items())) if isinstance(e, dict) else (e, {})
                       for e in plugins)
    return {**plugins, PLUGIN_NAME: {**(plugins.get(PLUGIN_NAME) or {}), **options}}
