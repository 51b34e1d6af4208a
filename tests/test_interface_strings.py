"""Every word the outputs show comes from the course or from the catalogue (messages.pot).

Two kinds of proof. The templates that are not Python (Typst, the theme's Jinja and its
scripts) are read for text written into them. And the whole course is translated into a
pseudo-language whose every letter is accented ("Çĥéçķ àñšŵéŕ"), messages.po included,
then built as a maintainer builds it (site, decks, guide, test forms, a workshop bundle,
a learning-gain report): any plain ASCII word left in what a reader of that language sees
was written by the generator around the catalogue, unless it is data the course does not
translate (reference titles, a country's services, ids, language names).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po
from lxml import etree
from openpyxl import load_workbook
from pptx import Presentation

from generator.cli import main
from generator.course.load import load_course
from generator.course.localize import language_name
from generator.course.numbers import numbers_in
from tests.conftest import FIXTURES, REPO, TEMPLATE, make_pictured
from tests.pdf import pages

TYPST = REPO / "generator" / "typst"
THEME = REPO / "generator" / "site" / "theme"
WORD = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z]{2,}(?![A-Za-z0-9_])")
"""A word of plain ASCII letters (two or more; ids and file names are not words here)."""


# --- templates that are not Python ---------------------------------------------------------

TYPST_VALUES = {"DejaVu Sans", "Noto Sans Arabic UI", "svg", "bold", "from", "lang", "dir",
                "ltr", "rtl", "fa", "ar", "he", "ur", "ps", "yi", "dv"}
"""String literals of the Typst templates that no reader sees: font names, an image format,
a font weight, dictionary keys, directions, the codes of right-to-left languages (and,
below, colours and the templates' own file names)."""
UNSEEN = re.compile(r"#[0-9a-fA-F]{3,8}|[\w-]+\.typ")


STATEMENTS = ("let", "set", "show", "import", "include", "for", "while", "if", "context")
"""Keywords after ``#`` that start code running to the end of the line."""


def _typst_parts(source: str) -> tuple[list[str], list[str]]:
    """The string literals of a Typst template, and the text of its markup (the top level
    and every ``[...]`` content block) without the code embedded in it (``#name(...)``,
    ``#let …``): what the template itself would print."""
    strings: list[str] = []
    markup: list[str] = []
    texts, stack, i = [""], ["markup"], 0
    while i < len(source):
        mode, char = stack[-1], source[i]
        if mode != "markup" or source.startswith(("//", "/*"), i):
            if source.startswith("//", i):
                i = source.find("\n", i) if "\n" in source[i:] else len(source)
                continue
            if source.startswith("/*", i):
                i = source.index("*/", i) + 2
                continue
        if mode == "markup":
            if char == "]" and len(stack) > 1:
                markup.append(texts.pop())
                stack.pop()
            elif char == "#":
                keyword = re.match(r"#([a-z]+)\b", source[i:])
                stack.append("statement" if keyword and keyword[1] in STATEMENTS
                             else "expression")
            elif char == "\\":
                i += 1  # an escaped character or a line break: not a word
            else:
                texts[-1] += char
        elif mode == "expression" and not (re.match(r"[\w.-]", char) or char in "([{"):
            stack.pop()  # the end of #name.field(...)[...]: markup again
            continue
        elif char == '"':
            end = i + 1
            while source[end] != '"':
                end += 2 if source[end] == "\\" else 1
            strings.append(source[i + 1:end])
            i = end
        elif char in "({":
            stack.append("code")
        elif char == "[":
            stack.append("markup")
            texts.append("")
        elif (char in ")}" and mode == "code") or (char == "\n" and mode == "statement"):
            stack.pop()
        i += 1
    return strings, markup + texts


@pytest.mark.parametrize("template", sorted(TYPST.glob("*.typ")), ids=lambda p: p.name)
def test_typst_templates_write_no_words_of_their_own(template: Path) -> None:
    """Every word of a PDF is data passed in (``data.labels`` from the catalogue)."""
    strings, markup = _typst_parts(template.read_text("utf-8"))
    assert [s for s in strings if re.search("[A-Za-z]", re.sub(r"\\.", "", s))
            and s not in TYPST_VALUES and not UNSEEN.fullmatch(s)] == []
    words = [w for text in markup for w in WORD.findall(re.sub(r"\\\w+", " ", text))]
    assert words == [], f"{template.name} writes {words} itself: pass them in its data"


def test_the_typst_reader_finds_words_where_they_are() -> None:
    strings, markup = _typst_parts(
        '#let f(x) = text(font: "DejaVu Sans", x)\nPage #f(data.n) of #data.total\n'
        '#block[#strong(data.title) continued #emph[here]]\n')
    assert strings == ["DejaVu Sans"]
    assert sorted(WORD.findall(" ".join(markup))) == ["Page", "continued", "here", "of"]


class _Visible(HTMLParser):
    """The text of an HTML page that a reader sees or hears: text outside scripts and
    styles, and the attributes that are shown or read out."""

    SHOWN = {"title", "alt", "aria-label", "placeholder", "label", "data-right", "data-wrong",
             "data-unanswered"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        named = dict(attrs)
        self.texts += [value for name, value in attrs if value and (
            name in self.SHOWN or (tag == "meta" and name == "content"
                                   and named.get("name") == "description"))]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.texts.append(data)


def visible_html(page: str) -> list[str]:
    reader = _Visible()
    reader.feed(page)
    return reader.texts


THEME_TEMPLATES = sorted(THEME.parent.rglob("*.html"))
"""The theme's overrides and the site's other page templates (the front page)."""


@pytest.mark.parametrize("template", THEME_TEMPLATES, ids=lambda p: p.name)
def test_theme_templates_show_only_what_they_are_given(template: Path) -> None:
    """Theme overrides show Material's own strings (``lang.t``) and values the plugin
    passes in from the catalogue; never a word written into the template."""
    source = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", template.read_text("utf-8"),
                    flags=re.DOTALL)
    words = [w for text in visible_html(source) for w in WORD.findall(text)]
    assert words == [], f"{template.name} shows {words}: take them from the catalogue"


def _own_scripts() -> list[Path]:
    """The theme's scripts but those vendored from other projects (their header says so)."""
    return [p for p in sorted(THEME.rglob("*.js"))
            if "vendored" not in p.read_text("utf-8")[:300].lower()]


@pytest.mark.parametrize("script", _own_scripts(), ids=lambda p: p.name)
def test_site_scripts_show_only_words_the_page_gives_them(script: Path) -> None:
    """The site's scripts take their words from the page (``data-…`` attributes written
    from the catalogue); a string of words in a script would be shown in English."""
    source = re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", " ", script.read_text("utf-8"),
                    flags=re.DOTALL)
    literals = re.findall(r"\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'|`([^`]*)`", source)
    prose = [text for parts in literals for text in parts if text != "use strict"
             and re.search(r"(?<![\w-])[A-Za-z]{2,}[ ,:;!?]+[A-Za-z]{2,}(?![\w-])", text)]
    assert prose == [], f"{script.name} writes {prose}: put them in the page from the catalogue"


# --- every output, built in a pseudo-language --------------------------------------------

ACCENTED = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                         "àƀçđéƒĝĥíĵķĺḿñóṕʠŕšţúṽŵẋýžÀƁÇĐÉƑĜĤÍĴĶĹḾÑÓṔɊŔŠŢÚṼŴẊÝŽ")
KEPT = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[A-Za-z_]\w*\}|\]\([^)]*\)|<[^>\n]*>"
                  r"|\{[^}\n]*\}|`[^`\n]*`|&#?\w+;|https?://\S+|^(?:layout|source): [^\n]*$",
                  re.MULTILINE | re.DOTALL)
"""What a pseudo-translation leaves as it is: template code, placeholders, link targets,
HTML, attribute lists, code, the keys of slides.md."""
LANGUAGE = "ru"
"""The pseudo-language's code (a language Material has an interface for)."""
SYMBOLS = {"KR", "avg", "McNemar"}
"""Names and symbols of statistics the report writes the same in every language (KR-20,
g_avg, McNemar's test)."""


def pseudo(text: str) -> str:
    """``text`` with every ASCII letter accented, its number words as figures (the fact
    ledger checks them) and its markup kept."""
    for number in reversed(numbers_in(text, "en")):
        if number.in_words:
            text = text[:number.start] + number.figure + text[number.end:]
    kept = [(m.start(), m.end()) for m in KEPT.finditer(text)]
    out, last = [], 0
    for start, end in kept:
        out += [text[last:start].translate(ACCENTED), text[start:end]]
        last = end
    return "".join(out) + text[last:].translate(ACCENTED)


def _pseudo_data(data: object) -> object:
    if isinstance(data, dict):
        return {k: v if k == "id" else _pseudo_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_pseudo_data(v) for v in data]
    return pseudo(data) if isinstance(data, str) else data


def pseudo_translate(root: Path) -> None:
    """Translate the course into the pseudo-language the way a translator would: start it
    with ``translate init``, translate every file, record it as current."""
    assert main(["--course", str(root), "translate", "init", LANGUAGE]) == 0
    for path in sorted((root / "locales" / LANGUAGE).rglob("*")):
        if path.suffix == ".yml" and path.name != "translation.yml":
            data = _pseudo_data(yaml.safe_load(path.read_text("utf-8")))
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        elif path.suffix == ".md":
            path.write_text(pseudo(path.read_text("utf-8")), "utf-8")
        elif path.suffix == ".po":
            with path.open("rb") as po:
                catalog = read_po(po)
            for message in catalog:
                if message.id:
                    message.string = pseudo(str(message.id))
            out = io.BytesIO()
            write_po(out, catalog, width=0)
            path.write_bytes(out.getvalue())
    for module in ("intro", "basics"):
        assert main(["--course", str(root), "translate", "mark-current", LANGUAGE, "--module",
                     module]) == 0
    assert main(["--course", str(root), "translate", "mark-current", LANGUAGE, "--page",
                 "local"]) == 0


WORKSHOP = f"""title: Taller de prueba
modules: [intro, basics]
language: {LANGUAGE}
days: 1
day_start: "09:00"
day_end: "17:00"
lunch_at: "12:30"
break_minutes: 15
"""


@pytest.fixture(scope="module")
def pseudo_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The pseudo-translated course and every file a reader of its language gets: the
    build (site, decks, guide, test forms), a workshop bundle and a learning-gain report."""
    from tests.scoring.test_responses import answers, write_entry_csv

    root = make_pictured(tmp_path_factory.mktemp("pseudo") / "course")
    shutil.copytree(FIXTURES / "templates", root, dirs_exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root)  # the site as the bundled course configures it
    shutil.copytree(REPO / "site_assets", root / "site_assets", dirs_exist_ok=True)
    shutil.rmtree(root / "locales" / "es")
    course_file = root / "course.yml"
    course_file.write_text(course_file.read_text("utf-8").replace("[en, es]", "[en]"), "utf-8")
    pseudo_translate(root)
    out = root / "build"
    assert main(["--course", str(root), "build", "--template", str(TEMPLATE), "--out",
                 str(out), "--country", "testland"]) == 0
    (root / "workshop.yml").write_text(WORKSHOP, "utf-8")
    assert main(["--course", str(root), "workshop", "plan", str(root / "workshop.yml"),
                 "--out", str(root / "workshop"), "--template", str(TEMPLATE)]) == 0
    forms = _workshop_forms(root / "workshop")
    for n, form in enumerate(forms.values(), start=1):
        write_entry_csv(root / f"{LANGUAGE}-{n}.csv", form, answers(form, {
            "KZ-001": None, "KZ-002": ["A"] * len(form.items), "KZ-003": None}))
    here = Path.cwd()
    os.chdir(root)  # the report lists the files as given: by their names alone
    try:
        Path("feedback.csv").write_text("day_useful,end_apply\n4,\n,5\n", "utf-8")
        assert main(["--course", ".", "assess", "score", "--workshop", "workshop",
                     f"{LANGUAGE}-1.csv", f"{LANGUAGE}-2.csv", "--feedback", "feedback.csv",
                     "--out", "report"]) == 0
    finally:
        os.chdir(here)
    shown = [p for p in sorted(out.rglob("*")) if f"/{LANGUAGE}/" in p.as_posix()
             or p.name.endswith("-xlsform.xlsx")]
    shown += sorted((root / "workshop").rglob("*")) + sorted((root / "report").rglob("*"))
    return root, [p for p in shown if p.is_file()]


def _workshop_forms(bundle: Path) -> dict:
    from generator.facilitator.workshop import read_forms_record

    return {f.occasion: f for f in read_forms_record(bundle) if f.language == LANGUAGE}


def shown_texts(path: Path) -> list[str]:
    """What a reader of the file sees, by the kind of file."""
    data = path.read_bytes()
    if path.suffix == ".html":
        return visible_html(data.decode("utf-8"))
    if path.suffix == ".svg":
        return [t for t in etree.fromstring(data).itertext()]
    if path.suffix in (".pptx",):
        return _pptx_texts(data)
    if path.suffix == ".pdf":
        return pages(path)
    if path.suffix == ".xml":  # Moodle: the texts of its questions, not its category path
        root = etree.fromstring(data)
        texts = [t.text or "" for t in root.iter("text")
                 if t.getparent() is not None and t.getparent().tag != "category"]
        return [v for t in texts for v in (visible_html(t) if "<" in t else [t])]
    if path.name.endswith("qti.zip"):
        package = zipfile.ZipFile(io.BytesIO(data))
        return [text for name in package.namelist() if name.startswith("items/")
                or name == "assessmentTest.xml" for text in _qti_texts(package.read(name))]
    if path.name.endswith("-xlsform.xlsx"):
        return _xlsform_texts(path)
    if path.name == "report.xlsx":
        book = load_workbook(path, read_only=True)
        return [*book.sheetnames, *(str(c) for s in book for c in next(s.iter_rows(
            max_row=1, values_only=True)) if c is not None)]
    if path.suffix == ".csv":
        return []  # entry templates: column names the scorer reads (participant_code, ids)
    return []


def _pptx_texts(data: bytes) -> list[str]:
    """A deck's text: its slides, tables, charts and notes, what its layouts and master
    draw themselves, and the template's prompt in any placeholder left empty."""
    deck, texts = Presentation(io.BytesIO(data)), []

    def shapes(collection: object) -> Iterator[object]:
        for shape in collection:  # type: ignore[attr-defined]
            yield shape
            if shape.shape_type == 6:  # a group
                yield from shapes(shape.shapes)

    layouts = {id(s.slide_layout): s.slide_layout for s in deck.slides}.values()
    own = [s for layout in layouts for s in layout.shapes if not s.is_placeholder]
    own += [s for s in deck.slide_master.shapes if not s.is_placeholder]
    for shape in [*(s for slide in deck.slides for s in shapes(slide.shapes)), *own]:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False):
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
        if getattr(shape, "has_chart", False):
            chart = shape.chart
            texts += [chart.chart_title.text_frame.text] if chart.has_title else []
            texts += [str(c) for plot in chart.plots for c in plot.categories]
            texts += [s.name for plot in chart.plots for s in plot.series]
    texts += [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    for slide in deck.slides:  # an empty placeholder shows its layout's prompt when edited
        prompts = {p.placeholder_format.idx: p.text_frame.text
                   for p in slide.slide_layout.placeholders if p.has_text_frame}
        texts += [prompts.get(p.placeholder_format.idx, "") for p in slide.placeholders
                  if p.has_text_frame and not p.text_frame.text.strip()]
    return texts


def _qti_texts(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    return [*(e.get("title") for e in root.iter() if e.get("title")),
            *(t for e in root.iter() if not isinstance(e, etree._Comment)
              for t in [e.text, e.tail] if t and t.strip())]


def _xlsform_texts(path: Path) -> list[str]:
    """The pseudo-language's labels, hints and messages (and its name in the menu)."""
    book, texts = load_workbook(path, read_only=True), []
    for sheet in (book["survey"], book["choices"]):
        rows = list(sheet.iter_rows(values_only=True))
        columns = [n for n, name in enumerate(rows[0]) if name and f"({LANGUAGE})" in name]
        texts += [str(rows[0][n]).split("::", 1)[1] for n in columns]
        texts += [str(row[n]) for row in rows[1:] for n in columns if row[n]]
    return texts


def untranslated_words(root: Path) -> set[str]:
    """Words the course shows as they are in every language: its references, countries
    and workshop file, ids, the languages' own names, participant codes; and the names of
    the response files the report lists."""
    words: set[str] = set()
    course = yaml.safe_load((root / "course.yml").read_text("utf-8"))
    texts = [str(r.get(k, "")) for r in course["references"] for k in ("title", "publisher")]
    texts += [p.read_text("utf-8") for p in (root / "countries").glob("*.yml")]
    texts += [WORKSHOP, (root / "assessments" / "cycles.yml").read_text("utf-8")]
    texts += [load_course(root).blueprint.participant_code.example]
    texts += [p.name for p in root.glob("*.csv")]
    texts += [language_name(a, b) for a in ("en", LANGUAGE) for b in ("en", LANGUAGE)]
    ids = re.findall(r"(?m)^\s*-?\s*id: ([\w-]+)", "\n".join(
        p.read_text("utf-8") for p in root.rglob("*.yml")))
    texts += [*ids, *course["modules"], LANGUAGE]
    for text in texts:
        words |= set(re.findall(r"[A-Za-z]{2,}", text))
    return words


def test_pseudo_translation_leaves_markup_and_fields() -> None:
    assert pseudo("Take {minutes} minutes: [the brief](../references.md#brief)") == \
        "Ţàķé {minutes} ḿíñúţéš: [ţĥé ƀŕíéƒ](../references.md#brief)"
    assert pseudo("Seventeen women") == "17 ŵóḿéñ"


def test_no_output_shows_a_word_the_catalogue_does_not_hold(
        pseudo_outputs: tuple[Path, list[Path]]) -> None:
    """Site pages (and the 404 page, heading links, drawings), decks, the guide, booklets,
    answer sheets and keys, Moodle and QTI files, the XLSForm, the workshop agenda and the
    learning-gain report: in the pseudo-language, no English word is left."""
    root, files = pseudo_outputs
    kinds = {p.suffix for p in files}
    assert {".html", ".pdf", ".pptx", ".svg", ".xml", ".zip", ".xlsx"} <= kinds
    assert any(p.name == "404.html" for p in files) and any(p.name == "report.html"
                                                            for p in files)
    allowed = untranslated_words(root) | SYMBOLS
    leaks = {}
    for path in files:
        found = {w for text in shown_texts(path) for w in WORD.findall(text)
                 if w not in allowed and not re.fullmatch("[A-H]+", w)}
        if found:
            leaks[path.relative_to(root).as_posix()] = sorted(found)
    assert leaks == {}, "English written by the generator, not taken from the catalogue"


def test_the_report_speaks_the_pseudo_language(pseudo_outputs: tuple[Path, list[Path]]) -> None:
    """The check above reads the report too: it is in the workshop's language, headed and
    labelled from the catalogue, right to left where that language is."""
    root, _ = pseudo_outputs
    report = (root / "report" / "report.html").read_text("utf-8")
    assert f'<html lang="{LANGUAGE}" dir="ltr">' in report
    assert pseudo("learning-gain report") in report and pseudo("Pre-test") in report
    with open(root / f"{LANGUAGE}-1.csv", encoding="utf-8") as handle:
        assert next(csv.reader(handle))[0] == "participant_code"
