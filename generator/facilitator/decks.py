"""Slide decks: one editable .pptx per module and language, designed by the template.

The template (``facilitator/template.pptx`` or ``--template``) gives fonts, colours, logo
and every position through its layouts, picked by name (``LAYOUTS``). This module decides
only what goes on each slide; it splits long lists across continuation slides so that no
text overflows (see ``SLIDE_LINES``) and fits pictures inside their placeholder's box.
"""

from __future__ import annotations

import copy
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.util import Emu, Pt

from generator.build.outputs import Outputs
from generator.build.reproducible import epoch_datetime, epoch_naive, zip_entry
from generator.build.typeset import rasterize
from generator.course.localize import direction, in_right_to_left_script, translation_notices
from generator.course.model import Activity, Chart, Course, Module, Picture, Slide, SlideLine
from generator.errors import BuildFailed
from generator.facilitator.handouts import activity_materials
from generator.facilitator.pptx_parts import SlideParts, deck_file
from generator.facilitator.session import session_plan

TITLE_LAYOUT = "Title Slide"
CONTENT_LAYOUT = "Title and Content"
CLOSING_LAYOUT = "Closing"
REQUIRED_LAYOUTS = (TITLE_LAYOUT, CONTENT_LAYOUT)
LAYOUTS = {"bullets": CONTENT_LAYOUT, "section": "Section Header",
           "picture": "Picture with Caption", "two-columns": "Two Content",
           "key-figure": "Key Figure", "quote": "Quote", "chart": "Chart"}
"""The template layout of each slide layout an author can choose in slides.md. A template
without one shows such slides on "Title and Content"."""
UNNUMBERED = (TITLE_LAYOUT, CLOSING_LAYOUT)
"""Layouts whose slides carry no footer and no slide number."""
PICTURE_PPI = 96
"""Pixels per inch of the PNG shown in place of an SVG picture by programs that cannot show
SVG (PowerPoint 2016 and later, and LibreOffice, show the SVG itself)."""
SVG_BLIP = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
"""The extension of a picture that holds an SVG beside its PNG (Office 2016 and later)."""
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
CHART_TYPES = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
               "pie": XL_CHART_TYPE.PIE}
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
"""The id of the slide-number field (any GUID; a fixed one keeps decks reproducible)."""

LINE_CHARS = 80
"""Characters of body text counted as one line (Latin at 20 pt on the template's body;
letters of wider scripts count for more, see ``WIDE_LETTER``)."""
WIDE_LETTER = 1.35
"""How much a Cyrillic, Greek or Arabic-script letter counts against ``LINE_CHARS``."""
SLIDE_LINES = 11
"""Lines of body text on one slide; a longer list continues on the next slide (the
template's body holds about 14: the rest is room for wrapping)."""


class TemplateError(BuildFailed):
    """The slide template cannot be used (missing file or layout)."""


@dataclass(frozen=True)
class Bullet:
    text: str
    level: int = 0


@dataclass(frozen=True)
class SlidePlan:
    """One slide before splitting: its template layout, title, body lines and speaker
    notes; an authored slide of another layout than bullets keeps its lines in ``slide``."""

    layout: str
    title: str
    bullets: tuple[Bullet, ...]
    notes: str
    slide: Slide | None = None
    source: str = ""
    """The source a key figure, quote, picture or chart names, as shown."""
    table: tuple[tuple[str, str], ...] = ()
    """Rows of two cells shown as a table in the body, on one slide however many."""


@dataclass(frozen=True)
class Deck:
    """Everything a .pptx is made from, apart from the template."""

    title: str
    subject: str
    language: str
    continued: str
    plans: tuple[SlidePlan, ...]
    epoch: int
    footer: str = ""
    source_language: str = "en"
    """The course's own language, which shows where a translation is missing."""
    pictures: tuple[Picture, ...] = ()
    charts: tuple[Chart, ...] = ()


def deck(course: Course, title: str, plans: Iterable[SlidePlan], epoch: int,
         module: Module | None = None) -> Deck:
    """The deck of ``plans``, titled ``title``, in ``course``'s language (with the
    pictures and charts of ``module``)."""
    return Deck(title, course.title, course.language, course.ui("(continued)"), tuple(plans),
                epoch, f"{course.title} · {title}", course.default_language,
                module.pictures if module else (), module.charts if module else ())


def deck_bytes(course: Course, module: Module, template: Path, epoch: int) -> bytes:
    """The module's deck, in the course's language, as a reproducible .pptx file."""
    return render_deck(deck(course, module.title, plan_slides(course, module), epoch, module),
                       template)


def render_deck(deck: Deck, template: Path) -> bytes:
    """A reproducible .pptx of ``deck`` on ``template``, long lists continued."""
    prs = _open_template(template)
    right_to_left = direction(deck.language) == "rtl"
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    parts = SlideParts(prs)
    for plan in deck.plans:
        for part in split(plan, deck.continued):
            _add(prs, parts, layouts, deck, part, right_to_left)
    _set_properties(prs, deck)
    return deck_file(prs, deck.epoch)


def plan_slides(course: Course, module: Module) -> Iterator[SlidePlan]:
    """Title, agenda, objectives, the module's own slides, one per activity, sources, and
    a closing slide with the key messages."""
    ui = course.ui
    minutes = ui("{minutes} minutes", minutes=module.minutes)
    notices = translation_notices(course, module, ("deck",))
    byline = " · ".join(x for x in (minutes, course.organisation) if x)
    yield SlidePlan(TITLE_LAYOUT, module.title,
                    (Bullet(course.track(module.track).title), Bullet(byline)),
                    "\n\n".join([*notices, module.summary.strip()]))
    yield SlidePlan(
        CONTENT_LAYOUT, ui("Agenda"),
        tuple(Bullet(f"{part.what} · {ui('{minutes} minutes', minutes=part.minutes)}")
              for part in session_plan(course, module)),
        ui("Walk participants through the session: what comes when, and when the breaks "
           "are."))
    yield SlidePlan(
        CONTENT_LAYOUT, ui("Learning objectives"),
        tuple(Bullet(o.text) for o in module.objectives),
        ui("By the end of this session participants will be able to:") + "\n"
        + "\n".join(f"- {o.text}" for o in module.objectives))
    for slide in module.slides:
        if slide.layout == "bullets":
            yield SlidePlan(CONTENT_LAYOUT, slide.title,
                            tuple(Bullet(line.text, line.level) for line in slide.lines),
                            slide.notes)
        else:
            yield SlidePlan(LAYOUTS[slide.layout], slide.title, (), slide.notes, slide,
                            _reference(course, slide.source) if slide.source else "")
    for activity in module.activities:
        yield _activity_slide(course, module, activity)
    yield SlidePlan(
        CONTENT_LAYOUT, ui("Sources"),
        tuple(Bullet(_reference(course, s)) for s in module.sources),
        ui("Point participants to the course site's reference list for the full documents."))
    yield SlidePlan(CLOSING_LAYOUT, ui("Key messages"),
                    tuple(Bullet(m) for m in module.key_messages),
                    ui("Close by asking participants which message matters most for their "
                       "own work."))


FIRST_OWN_SLIDE = 3
"""The title, the agenda and the objectives come before the module's own slides."""


def numbered_slides(course: Course, module: Module) -> list[tuple[int, Slide]]:
    """The module's own slides, each with its number in the module's deck (slides before
    it, and continuation slides, counted)."""
    continued = course.ui("(continued)")
    numbers, number = [], 1
    for plan in plan_slides(course, module):
        numbers.append(number)
        number += len(split(plan, continued))
    return [(numbers[FIRST_OWN_SLIDE + n], slide) for n, slide in enumerate(module.slides)]


def _activity_slide(course: Course, module: Module, activity: Activity) -> SlidePlan:
    ui = course.ui
    bullets = [Bullet(ui("{minutes} minutes", minutes=activity.minutes)
                      + f" · {activity.method}")]
    if activity.materials or activity.handouts:
        bullets.append(Bullet(ui("Materials:")))
        bullets += [Bullet(m, 1) for m in activity_materials(course, module, activity)]
    notes = [ui("Steps:"), *[f"{n}. {step.text} ({ui('{minutes} min', minutes=step.minutes)})"
                             for n, step in enumerate(activity.steps, 1)]]
    if activity.debrief:
        notes += ["", ui("Debrief questions:"), *[f"- {q}" for q in activity.debrief]]
    if activity.notes:
        notes += ["", activity.notes.strip()]
    return SlidePlan(CONTENT_LAYOUT, ui("Activity: {title}", title=activity.title),
                     tuple(bullets), "\n".join(notes))


def _reference(course: Course, reference_id: str) -> str:
    ref = course.reference(reference_id)
    details = ", ".join(str(x) for x in (ref.publisher, ref.year) if x)
    return f"{ref.title} ({details})"


def lines_of(bullet: Bullet) -> int:
    """Lines of body text a bullet is counted as."""
    width = sum(WIDE_LETTER if "\u0370" <= c <= "\u06ff" else 1 for c in bullet.text)
    return max(1, math.ceil(width / LINE_CHARS))


def split(plan: SlidePlan, continued: str) -> list[SlidePlan]:
    """``plan`` as one slide, or as few slides as ``SLIDE_LINES`` allows, evenly filled;
    continuation slides repeat the title marked ``continued`` and the notes. Only lists
    are split: a slide of another layout is one slide."""
    total = sum(lines_of(b) for b in plan.bullets)
    count = max(1, math.ceil(total / SLIDE_LINES))
    if plan.slide is not None or plan.layout == TITLE_LAYOUT or count == 1 or plan.table:
        return [plan]
    target = math.ceil(total / count)
    parts: list[list[Bullet]] = [[]]
    used = 0
    for bullet in plan.bullets:
        lines = lines_of(bullet)
        full = used + lines > SLIDE_LINES or (used + lines > target and len(parts) < count)
        if parts[-1] and full:
            parts.append([])
            used = 0
        parts[-1].append(bullet)
        used += lines
    return [SlidePlan(plan.layout, plan.title if n == 0 else f"{plan.title} {continued}",
                      tuple(bullets), plan.notes)
            for n, bullets in enumerate(parts)]


def check_template(template: Path) -> None:
    """Raise ``TemplateError`` now rather than for every deck."""
    _open_template(template)


def _open_template(template: Path) -> PresentationType:
    if not template.is_file():
        raise TemplateError(f"{template}: slide template not found; pass --template FILE.pptx")
    prs = Presentation(str(template))
    names = {layout.name for layout in prs.slide_layouts}
    missing = [name for name in REQUIRED_LAYOUTS if name not in names]
    if missing:
        raise TemplateError(f"{template}: the template has no layout named "
                            f"{', '.join(repr(m) for m in missing)}; rename layouts in the "
                            f"slide master (it has: {', '.join(sorted(names))})")
    return prs


# --- filling a slide ---------------------------------------------------------------------


def _add(prs: PresentationType, parts: SlideParts, layouts: dict[str, SlideLayout], deck: Deck,
         plan: SlidePlan, right_to_left: bool) -> None:
    fallback = plan.layout not in layouts
    layout = layouts[CONTENT_LAYOUT if fallback else plan.layout]
    slide = parts.add_slide(layout)
    slide.shapes.title.text = plan.title
    if plan.table:
        _table(slide, _placeholder(slide, 1), plan.table, right_to_left, deck.source_language)
    elif plan.slide is None or fallback:
        _fill(_placeholder(slide, 1), _as_bullets(plan, deck) if fallback else plan.bullets)
    else:
        _fill_layout(slide, deck, plan)
    if layout.name not in UNNUMBERED:
        _footer_and_number(slide, deck.footer, deck.language)
    _remove_empty_placeholders(slide)
    parts.notes(slide).notes_text_frame.text = plan.notes
    if right_to_left:
        _mirror(prs, slide, deck.source_language)


def _remove_empty_placeholders(slide: PptxSlide) -> None:
    """Nothing to say, no prompt left on show: the slide's placeholders with a text frame
    and no text go (found by their XML: python-pptx's lookup is slow)."""
    tree = slide.shapes._spTree
    for shape in tree.xpath("./p:sp[p:nvSpPr/p:nvPr/p:ph][p:txBody]"):
        if not "".join(shape.txBody.xpath(".//a:t/text()")).strip():
            tree.remove(shape)


def _fill_layout(slide: PptxSlide, deck: Deck, plan: SlidePlan) -> None:
    """The authored slide's lines in the placeholders of its layout."""
    authored = plan.slide
    assert authored is not None
    texts = [line for line in authored.lines if line.kind == "text"]
    with_source = [*(Bullet(t.text) for t in texts), *([Bullet(plan.source)] if plan.source
                                                        else [])]
    if authored.layout == "section":
        _fill(_placeholder(slide, 1), [Bullet(t.text) for t in texts])
    elif authored.layout == "key-figure":
        _fill(_placeholder(slide, 1), [Bullet(texts[0].text)])
        _fill(_placeholder(slide, 13), [Bullet(texts[1].text)])
        _fill(_placeholder(slide, 14), [Bullet(plan.source)])
    elif authored.layout == "quote":
        quote = " ".join(line.text for line in authored.lines if line.kind == "quote")
        _fill(_placeholder(slide, 1), [Bullet(f"\u201c{quote}\u201d")])
        _fill(_placeholder(slide, 13), [Bullet(" — ".join(
            [*(t.text for t in texts), plan.source][:2] if texts else [plan.source]))])
    elif authored.layout == "picture":
        _picture(slide, _placeholder(slide, 1), authored.images()[0], deck)
        _fill(_placeholder(slide, 2), with_source)
    elif authored.layout == "chart":
        image = authored.images()[0]
        _chart(_placeholder(slide, 1), next(c for c in deck.charts if c.path == image.src),
               deck.epoch)
        _fill(_placeholder(slide, 2), with_source)
    elif authored.layout == "two-columns":
        for column, idx in ((0, 1), (1, 2)):
            lines = [line for line in authored.lines if line.column == column]
            if lines and lines[0].kind == "image":
                _picture(slide, _placeholder(slide, idx), lines[0], deck)
            else:
                _fill(_placeholder(slide, idx), [Bullet(line.text, line.level) for line in lines])


def _as_bullets(plan: SlidePlan, deck: Deck) -> list[Bullet]:
    """An authored slide's text as a list, for a template without its layout."""
    assert plan.slide is not None
    lines = [Bullet(line.text, line.level) for line in plan.slide.lines]
    return lines + ([Bullet(plan.source)] if plan.source else [])


TABLE_POINTS = (20, 8)
"""The largest and smallest text of a table slide; rows share the body's height."""


def _table(slide: PptxSlide, placeholder, rows: tuple[tuple[str, str], ...],
           right_to_left: bool, source_language: str) -> None:
    """``rows`` as a two-column table (the first narrow: on the right in a right-to-left
    deck, and always left to right) in the body placeholder's place, its text sized for
    every row to fit; the placeholder goes."""
    left, top, width, height = (placeholder.left, placeholder.top, placeholder.width,
                                placeholder.height)
    placeholder._element.getparent().remove(placeholder._element)
    narrow = int(width * 0.17)
    wide_points = (width - narrow) / 12700 - 10

    def rows_points(size: int) -> list[float]:  # a row's height: its lines, wrapped
        return [size * (1.2 * math.ceil(max(1, len(what)) * size * 0.55 / wide_points) + 0.4)
                for _, what in rows]

    size = next((size for size in range(TABLE_POINTS[0], TABLE_POINTS[1], -1)
                 if sum(rows_points(size)) * 12700 <= height), TABLE_POINTS[1])
    frame = slide.shapes.add_table(len(rows), 2, left, top, width,
                                   Emu(int(sum(rows_points(size)) * 12700)))
    table = frame.table
    table.first_row = False
    table.horz_banding = False
    order = (1, 0) if right_to_left else (0, 1)  # the column of each cell
    table.columns[order[0]].width = Emu(narrow)
    table.columns[order[1]].width = Emu(width - narrow)
    for row, cells, points in zip(table.rows, rows, rows_points(size), strict=True):
        row.height = Emu(int(points * 12700))
        for column, text in zip(order, cells, strict=True):
            cell = row.cells[column]
            cell.margin_top = cell.margin_bottom = Emu(int(size * 0.15 * 12700))
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.text = text
            paragraph.runs[0].font.size = Pt(size)
            if right_to_left and column == order[1]:
                _direct(paragraph, source_language)
            elif right_to_left:
                paragraph._p.get_or_add_pPr().set("rtl", "0")


def _placeholder(slide: PptxSlide, idx: int):
    """The slide's placeholder ``idx`` (found by its XML: python-pptx's lookup is slow)."""
    found = slide.shapes._spTree.xpath(f"./p:sp[p:nvSpPr/p:nvPr/p:ph[@idx='{idx}']]"
                                       f"|./p:graphicFrame[p:nvGraphicFramePr/p:nvPr/"
                                       f"p:ph[@idx='{idx}']]")
    return slide.shapes._shape_factory(found[0]) if found else None


def _fill(placeholder, bullets: Iterable[Bullet]) -> None:
    if placeholder is None:
        return
    frame = placeholder.text_frame
    for index, bullet in enumerate(bullets):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = bullet.text
        paragraph.level = bullet.level


def _picture(slide: PptxSlide, placeholder, image: SlideLine, deck: Deck) -> None:
    """The picture fitted inside the placeholder's box (kept in proportion, centred), with
    its alt text; the placeholder itself goes."""
    if placeholder is None:
        return
    picture = next(p for p in deck.pictures if p.path == image.src)
    box = (placeholder.left, placeholder.top, placeholder.width, placeholder.height)
    scale = min(box[2] / picture.width, box[3] / picture.height)
    width, height = int(picture.width * scale), int(picture.height * scale)
    svg = picture.path.endswith(".svg")
    data = rasterize(picture.data, max(1, round(width / 914400 * PICTURE_PPI))) if svg \
        else picture.data
    shape = slide.shapes.add_picture(io.BytesIO(data), Emu(box[0] + (box[2] - width) // 2),
                                     Emu(box[1] + (box[3] - height) // 2), Emu(width),
                                     Emu(height))
    shape._element.nvPicPr.cNvPr.set("descr", image.text)
    if svg:
        _with_svg(slide, shape, picture.data)
    placeholder._element.getparent().remove(placeholder._element)


def _with_svg(slide: PptxSlide, shape, svg: bytes) -> None:
    """The SVG itself beside the picture's PNG, so that it stays sharp at any size."""
    package = slide.part.package
    part = Part(package.next_image_partname("svg"), "image/svg+xml", package, svg)
    relation = slide.part.relate_to(part, RT.IMAGE)
    blip = shape._element.blipFill.find(qn("a:blip"))
    extensions = blip.makeelement(qn("a:extLst"), {})
    extension = extensions.makeelement(qn("a:ext"), {"uri": SVG_BLIP})
    extension.append(extension.makeelement(f"{{{ASVG}}}svgBlip", {qn("r:embed"): relation}))
    extensions.append(extension)
    blip.append(extensions)


def _chart(placeholder, chart: Chart, epoch: int) -> None:
    """A native chart in the chart placeholder: its numbers stay editable. Bars run from
    the first value at the top; each bar or slice is labelled with its value."""
    if placeholder is None or not hasattr(placeholder, "insert_chart"):
        return
    number_format = f'General"{_unit(chart)}"'
    data = CategoryChartData(number_format=number_format)
    data.categories = [v.label for v in chart.values]
    data.add_series(chart.title, [v.value for v in chart.values])
    graph = placeholder.insert_chart(CHART_TYPES[chart.kind], data).chart
    graph.has_title = False
    graph.has_legend = chart.kind == "pie"
    graph.font.size = Pt(14)
    if graph.has_legend:
        graph.legend.position = XL_LEGEND_POSITION.RIGHT
        graph.legend.include_in_layout = False
    plot = graph.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = number_format
    plot.data_labels.number_format_is_linked = False
    if chart.kind != "pie":
        plot.vary_by_categories = False
        plot.gap_width = 60
        graph.value_axis.visible = False
        graph.value_axis.has_major_gridlines = False
        graph.value_axis.minimum_scale = 0
        graph.category_axis.reverse_order = chart.kind == "bar"
    workbook = graph.part.chart_workbook  # the numbers trainers edit, dated like the deck
    workbook.update_from_xlsx_blob(_dated_workbook(workbook.xlsx_part.blob, epoch))


def _dated_workbook(xlsx: bytes, epoch: int) -> bytes:
    """The chart's embedded workbook with its creation date set to ``epoch``, not now."""
    stamp = epoch_datetime(epoch).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>" + stamp.encode(), data)
            target.writestr(zip_entry(info.filename, epoch), data)
    return out.getvalue()


def _unit(chart: Chart) -> str:
    unit = chart.unit.replace('"', "")
    return f"\u00a0{unit}" if unit and unit != "%" else unit


def _footer_and_number(slide: PptxSlide, footer: str, language: str) -> None:
    """The layout's footer (``footer``) and slide number, which python-pptx leaves out."""
    for shape in slide.slide_layout.placeholders:
        kind = shape._element.ph_type
        if kind not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            continue
        element = copy.deepcopy(shape._element)
        body = element.txBody
        for paragraph in list(body.iterchildren(qn("a:p"))):
            body.remove(paragraph)
        paragraph = body.makeelement(qn("a:p"), {})
        if kind == PP_PLACEHOLDER.FOOTER:
            run, text = paragraph.makeelement(qn("a:r"), {}), footer
        else:
            run = paragraph.makeelement(qn("a:fld"), {"id": SLIDE_NUMBER_FIELD,
                                                      "type": "slidenum"})
            text = str(len(slide.part.package.presentation_part.presentation.slides))
        run.append(run.makeelement(qn("a:rPr"), {"lang": language}))
        run.append(run.makeelement(qn("a:t"), {}))
        run[-1].text = text
        paragraph.append(run)
        body.append(paragraph)
        slide.shapes._spTree.append(element)


def _mirror(prs: PresentationType, slide: PptxSlide, source_language: str) -> None:
    """A right-to-left slide: every box mirrored left to right, text right to left (but
    text in ``source_language``'s script, see :func:`_direct`)."""
    width = prs.slide_width
    for shape in slide.shapes:
        left, top, size_x, size_y = shape.left, shape.top, shape.width, shape.height
        if None not in (left, top, size_x, size_y):
            shape.left, shape.top = Emu(width - left - size_x), Emu(top)
            shape.width, shape.height = Emu(size_x), Emu(size_y)
        if shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                _direct(paragraph, source_language)
    for paragraph in slide.notes_slide.notes_text_frame.paragraphs:
        _direct(paragraph, source_language)


def _direct(paragraph, source_language: str) -> None:
    """A paragraph of a right-to-left deck: right to left and right-aligned, unless its
    text is in another script (source-language text where a translation is missing),
    which keeps its own direction, alignment and language."""
    own = in_right_to_left_script(paragraph.text) is False
    paragraph._p.get_or_add_pPr().set("rtl", "0" if own else "1")
    if paragraph.alignment != PP_ALIGN.CENTER:
        paragraph.alignment = PP_ALIGN.LEFT if own else PP_ALIGN.RIGHT
    if own:
        for run in paragraph.runs:
            run._r.get_or_add_rPr().set("lang", source_language)


def _set_properties(prs: PresentationType, deck: Deck) -> None:
    props = prs.core_properties
    props.title = deck.title
    props.subject = deck.subject
    props.language = deck.language
    props.author = props.last_modified_by = "coursepack"
    props.created = props.modified = epoch_naive(deck.epoch)
    props.revision = 1
    props.last_printed = epoch_naive(deck.epoch)


def plan_decks(courses: Mapping[str, Course], template: Path, epoch: int, outputs: Outputs,
               folder: str = "decks") -> None:
    """``<folder>/<lang>/<module-id>.pptx`` for every module in every language (``courses``:
    the course localized in each)."""
    check_template(template)
    for language, localized in courses.items():
        for module in localized.modules:
            planned = deck(localized, module.title, plan_slides(localized, module), epoch,
                           module)
            outputs.render(f"{folder}/{language}/{module.id}.pptx", render_deck, planned,
                           template)
