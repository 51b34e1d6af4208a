"""Make ``facilitator/template.pptx``: python-pptx's default design made 16:9, with the
project's fonts, sizes and colours.

Run once by a developer (``.venv/bin/python facilitator/make_template.py``); the
result is committed. Organisations replace the template with their own design: decks
need its layouts named "Title Slide" and "Title and Content", and use "Section Header",
"Two Content", "Picture with Caption", "Key Figure", "Quote", "Chart" and "Closing" where
the template has them (docs/authoring.md, "Your organisation's design", lists what each
holds). Every position, colour and size is here, in the layouts: none comes from code.

The font is DejaVu Sans: it has Latin (with diacritics), Cyrillic and Arabic-script
letters, so every language of the course shows in one typeface. Body text is 20 pt
(18 pt for sub-bullets): ``generator/decks.py`` fits at most ten lines of it per slide.
"""

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.shapes.picture import CT_Picture
from pptx.util import Emu

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 in × 7.5 in
FONT = "DejaVu Sans"
TITLE_SIZE = 2800  # hundredths of a point
BODY_SIZES = (2000, 1800, 1600, 1600, 1600)  # bullet levels 1–5
COLOURS = {"dk2": "3B1F5B", "accent1": "6B2C91", "accent2": "C2185B"}
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def make_template(path: Path) -> None:
    prs = Presentation()
    _widen(prs)
    _theme(prs)
    _text_styles(prs)
    _footer_row(prs)
    _logo(prs)
    _layouts(prs)
    prs.core_properties.title = "coursepack facilitator template"
    prs.save(str(path))


def _widen(prs) -> None:
    scale = WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    shapes = [*prs.slide_master.placeholders]
    for layout in prs.slide_layouts:
        shapes += [*layout.placeholders]
    # Only shapes with a position of their own: the others inherit it from the master.
    boxes = [(s, s.left, s.width) for s in shapes if s._element.spPr.xfrm is not None]
    for shape, left, width in boxes:
        shape.left, shape.width = Emu(int(left * scale)), Emu(int(width * scale))


def _theme(prs) -> None:
    """Theme fonts (heading and body, Latin and complex scripts) and colours."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    for kind in ("majorFont", "minorFont"):
        for script in ("latin", "cs"):
            theme.find(f".//{{{A}}}{kind}/{{{A}}}{script}").set("typeface", FONT)
    for name, rgb in COLOURS.items():
        slot = theme.find(f".//{{{A}}}clrScheme/{{{A}}}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=rgb)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text_styles(prs) -> None:
    """Title and bullet sizes on the master; titles in the theme's dark accent colour."""
    styles = prs.slide_master.element.find(f"{{{P}}}txStyles")
    styles.find(f"{{{P}}}titleStyle/{{{A}}}lvl1pPr").set("algn", "l")
    title = styles.find(f"{{{P}}}titleStyle/{{{A}}}lvl1pPr/{{{A}}}defRPr")
    title.set("sz", str(TITLE_SIZE))
    title.find(f".//{{{A}}}schemeClr").set("val", "tx2")
    body = styles.find(f"{{{P}}}bodyStyle")
    for level, size in enumerate(BODY_SIZES, start=1):
        body.find(f"{{{A}}}lvl{level}pPr/{{{A}}}defRPr").set("sz", str(size))




# --- the layouts ---------------------------------------------------------------------

INCH = 914400
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">'
    '<rect x="4" y="4" width="112" height="112" rx="24" fill="#ffffff"/>'
    '<circle cx="48" cy="60" r="30" fill="#6B2C91"/>'
    '<circle cx="72" cy="60" r="30" fill="#C2185B" fill-opacity="0.85"/>'
    '<circle cx="60" cy="60" r="9" fill="#ffffff"/></svg>')
"""The bundled template's logo: two overlapping circles (an organisation puts its own on
its template's slide master)."""


FOOTER_STYLE = ('<a:lstStyle xmlns:a="{a}"><a:lvl1pPr algn="{align}"><a:defRPr sz="1100">'
                '<a:solidFill><a:schemeClr val="tx2"/></a:solidFill><a:latin typeface="{font}"/>'
                '<a:cs typeface="{font}"/></a:defRPr></a:lvl1pPr></a:lstStyle>')


@dataclass(frozen=True)
class Box:
    """A placeholder of a layout: its kind, index, position (inches) and text style."""

    kind: str  # title, ctrTitle, body, pic, chart
    idx: int | None
    x: float
    y: float
    w: float
    h: float
    size: int | None = None  # hundredths of a point
    colour: str | None = None  # a theme colour (bg1, tx2, accent2) or RGB
    bold: bool = False
    italic: bool = False
    align: str | None = None  # l, ctr, r
    anchor: str | None = None  # t, ctr, b
    bullets: bool = False
    prompt: str = ""


TITLE = Box("title", None, 0.6, 0.3, 12.1, 1.1, anchor="b")
LAYOUTS = {
    # name: (layout to rewrite, background, footer row shown, boxes, decorations)
    "Title Slide": ("Title Slide", "tx2", False, [
        Box("ctrTitle", None, 0.9, 1.5, 11.5, 2.3, 4000, "bg1", bold=True, align="l",
            anchor="b"),
        Box("subTitle", 1, 0.9, 4.25, 11.5, 1.9, 2000, "bg1", align="l", anchor="t"),
    ], [("rect", 0.9, 3.98, 1.6, 0.09, "accent2")]),
    "Section Header": ("Section Header", "accent1", True, [
        Box("title", None, 0.9, 2.0, 11.5, 1.8, 3600, "bg1", bold=True, align="l",
            anchor="b"),
        Box("body", 1, 0.9, 4.05, 11.5, 1.5, 2000, "bg1", align="l", anchor="t"),
    ], [("rect", 0.9, 3.88, 1.6, 0.09, "accent2")]),
    "Picture with Caption": ("Picture with Caption", None, True, [
        TITLE,
        Box("pic", 1, 0.6, 1.75, 8.5, 4.95, prompt="Picture"),
        Box("body", 2, 9.4, 1.75, 3.35, 4.95, 1600, anchor="t", prompt="Caption"),
    ], []),
    "Key Figure": ("Title and Vertical Text", None, True, [
        TITLE,
        Box("body", 1, 0.6, 1.6, 12.1, 2.4, 9600, "accent2", bold=True, align="ctr",
            anchor="ctr", prompt="1 in 5"),
        Box("body", 13, 1.4, 4.1, 10.5, 1.5, 2400, align="ctr", anchor="t",
            prompt="What the figure means"),
        Box("body", 14, 1.4, 5.7, 10.5, 0.6, 1200, "tx2", align="ctr", anchor="t",
            prompt="Source"),
    ], []),
    "Quote": ("Vertical Title and Text", None, True, [
        TITLE,
        Box("body", 1, 1.8, 1.7, 10.3, 3.4, 2800, italic=True, align="l", anchor="ctr",
            prompt="Quoted words"),
        Box("body", 13, 1.8, 5.2, 10.3, 1.0, 1600, "tx2", align="r", anchor="t",
            prompt="Who said it, source"),
    ], [("quote", 0.6, 1.4, 1.2, 1.6, "accent2")]),
    "Chart": ("Content with Caption", None, True, [
        TITLE,
        Box("chart", 1, 0.6, 1.75, 8.8, 4.95, prompt="Chart"),
        Box("body", 2, 9.7, 1.75, 3.05, 4.95, 1600, anchor="t", prompt="Caption"),
    ], []),
    "Closing": ("Blank", "tx2", False, [
        Box("title", None, 0.9, 0.3, 11.5, 1.1, 3600, "bg1", bold=True, align="l",
            anchor="b"),
        Box("body", 1, 0.9, 1.75, 11.8, 5.2, 2000, "bg1", align="l", anchor="t",
            bullets=True),
    ], [("rect", 0.9, 1.5, 1.6, 0.09, "accent2")]),
}


def _layouts(prs) -> None:
    """Rewrite the layouts the decks use (see ``LAYOUTS``); the two-column layouts take
    the master's text sizes, like "Title and Content"."""
    for name in ("Two Content", "Comparison"):
        for run_style in prs.slide_layouts.get_by_name(name)._element.iter(f"{{{A}}}defRPr"):
            run_style.attrib.pop("sz", None)
    for layout in prs.slide_layouts:  # LibreOffice does not take the footer's from the master
        for shape in layout.shapes._spTree.findall(f"{{{P}}}sp"):
            if _ph_type(shape) in ("ftr", "sldNum"):
                body = shape.find(f"{{{P}}}txBody")
                body.replace(body.find(f"{{{A}}}lstStyle"), etree.fromstring(FOOTER_STYLE.format(
                    a=A, align="ctr" if _ph_type(shape) == "ftr" else "r", font=FONT)))
    for name, (old, background, footer, boxes, decorations) in LAYOUTS.items():
        layout = prs.slide_layouts.get_by_name(old)
        element = layout._element
        element.attrib.pop("type", None)
        c_sld = element.find(f"{{{P}}}cSld")
        c_sld.set("name", name)
        tree = c_sld.find(f"{{{P}}}spTree")
        kept = [sp for sp in tree.findall(f"{{{P}}}sp")
                if footer and _ph_type(sp) in ("ftr", "sldNum")]
        for shape in tree.findall(f"{{{P}}}sp") + tree.findall(f"{{{P}}}pic"):
            tree.remove(shape)
        number = iter(range(2, 100))
        for decoration in decorations:
            tree.append(_decoration(next(number), *decoration))
        for box in boxes:
            tree.append(_placeholder(next(number), box))
        for shape in kept:
            shape.find(f".//{{{P}}}cNvPr").set("id", str(next(number)))
            tree.append(shape)
        old_bg = c_sld.find(f"{{{P}}}bg")
        if old_bg is not None:
            c_sld.remove(old_bg)
        if background:
            c_sld.insert(0, etree.fromstring(
                f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr><a:solidFill>'
                f'<a:schemeClr val="{background}"/></a:solidFill><a:effectLst/></p:bgPr>'
                f"</p:bg>"))


def _ph_type(sp) -> str | None:
    ph = sp.find(f".//{{{P}}}ph")
    return None if ph is None else ph.get("type", "obj")


def _fill(colour: str) -> str:
    if len(colour) == 6 and all(c in "0123456789ABCDEF" for c in colour):
        return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
    return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    return (f'<a:xfrm><a:off x="{int(x * INCH)}" y="{int(y * INCH)}"/>'
            f'<a:ext cx="{int(w * INCH)}" cy="{int(h * INCH)}"/></a:xfrm>')


def _placeholder(number: int, box: Box):
    idx = f' idx="{box.idx}"' if box.idx is not None else ""
    kind = {"subTitle": "subTitle", "ctrTitle": "ctrTitle"}.get(box.kind, box.kind)
    run = []
    if box.size:
        run.append(f'sz="{box.size}"')
    if box.bold:
        run.append('b="1"')
    if box.italic:
        run.append('i="1"')
    fill = _fill(box.colour) if box.colour else ""
    align = f' algn="{box.align}"' if box.align else ""
    bullet = "" if box.bullets else "<a:buNone/>"
    margin = "" if box.bullets else ' marL="0" indent="0"'
    anchor = f' anchor="{box.anchor}"' if box.anchor else ""
    prompt = box.prompt or box.kind
    return etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" '
        f'name="{prompt} {number}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>'
        f'<p:ph type="{kind}"{idx}/></p:nvPr></p:nvSpPr><p:spPr>{_xfrm(box.x, box.y, box.w, box.h)}'
        f'</p:spPr><p:txBody><a:bodyPr{anchor}><a:normAutofit/></a:bodyPr><a:lstStyle>'
        f'<a:lvl1pPr{margin}{align}>{bullet}<a:defRPr {" ".join(run)}>{fill}</a:defRPr>'
        f'</a:lvl1pPr></a:lstStyle><a:p><a:r><a:rPr lang="en-US"/><a:t>{prompt}</a:t></a:r>'
        f"</a:p></p:txBody></p:sp>")


def _decoration(number: int, kind: str, x: float, y: float, w: float, h: float,
                colour: str):
    """A shape that is part of the design: an accent bar, or a large quotation mark."""
    text = ""
    if kind == "quote":
        text = (f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/>'
                f'<a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="12000" b="1">{_fill(colour)}'
                f"</a:rPr><a:t>\u201c</a:t></a:r></a:p></p:txBody>")
    shape_fill = _fill(colour) if kind == "rect" else "<a:noFill/>"
    return etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" '
        f'name="Decoration {number}" descr=""/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{_xfrm(x, y, w, h)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'{shape_fill}<a:ln><a:noFill/></a:ln></p:spPr>{text}</p:sp>')


def _footer_row(prs) -> None:
    """The footer (course and module) and the slide number: small, in the muted colour;
    the footer wide enough for a course and a module title."""
    for shape in prs.slide_master.shapes._spTree.findall(f"{{{P}}}sp"):
        kind = _ph_type(shape)
        if kind not in ("ftr", "sldNum"):
            continue
        for run_style in shape.iter(f"{{{A}}}defRPr"):
            run_style.set("sz", "1100")
            for script in ("latin", "cs"):
                etree.SubElement(run_style, f"{{{A}}}{script}", typeface=FONT)
        if kind == "ftr":
            shape.find(f".//{{{A}}}off").set("x", str(int(1.5 * INCH)))
            shape.find(f".//{{{A}}}ext").set("cx", str(int(9.3 * INCH)))


def _logo(prs) -> None:
    """The logo at the bottom left of every slide but the title and closing ones."""
    import typst  # the Typst compiler the project already uses turns the SVG into a PNG

    page = ('#set page(width: auto, height: auto, margin: 0pt)\n'
            '#image(bytes(sys.inputs.svg), format: "svg", width: 2in)\n')
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "logo.typ"
        source.write_text(page, encoding="utf-8")
        png = typst.compile(str(source), format="png", ppi=128, sys_inputs={"svg": LOGO_SVG})
    master = prs.slide_master
    _, rel_id = master.part.get_or_add_image_part(io.BytesIO(png))
    size = int(0.42 * INCH)
    pic = CT_Picture.new_pic(90, "Logo", "Logo", rel_id, Emu(int(0.6 * INCH)),
                             Emu(int(6.92 * INCH)), Emu(size), Emu(size))
    master.shapes._spTree.append(pic)


if __name__ == "__main__":
    make_template(Path(__file__).with_name("template.pptx"))
