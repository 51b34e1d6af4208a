"""Make ``facilitator/template.pptx``: python-pptx's default design made 16:9, with the
project's fonts, sizes and colours.

Run once by a developer (``.venv/bin/python facilitator/make_template.py``); the
result is committed. Organisations replace the template with their own design:
decks only need its layouts named "Title Slide" and "Title and Content".

The font is DejaVu Sans: it has Latin (with diacritics), Cyrillic and Arabic-script
letters, so every language of the course shows in one typeface. Body text is 20 pt
(18 pt for sub-bullets): ``generator/decks.py`` fits at most ten lines of it per slide.
"""

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
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
    title = styles.find(f"{{{P}}}titleStyle/{{{A}}}lvl1pPr/{{{A}}}defRPr")
    title.set("sz", str(TITLE_SIZE))
    title.find(f".//{{{A}}}schemeClr").set("val", "tx2")
    body = styles.find(f"{{{P}}}bodyStyle")
    for level, size in enumerate(BODY_SIZES, start=1):
        body.find(f"{{{A}}}lvl{level}pPr/{{{A}}}defRPr").set("sz", str(size))


if __name__ == "__main__":
    make_template(Path(__file__).with_name("template.pptx"))
