"""Make ``facilitator/template.pptx``: python-pptx's default design, widened to 16:9.

Run once by a developer (``.venv/bin/python facilitator/make_template.py``); the
result is committed. Organisations replace the template with their own design:
decks only need its layouts named "Title Slide", "Title and Content" and
"Section Header".
"""

from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 in × 7.5 in


def make_template(path: Path) -> None:
    prs = Presentation()
    scale = WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    shapes = [*prs.slide_master.placeholders]
    for layout in prs.slide_layouts:
        shapes += [*layout.placeholders]
    # Read every position before changing any: layouts inherit from the master.
    boxes = [(s, s.left, s.width) for s in shapes if s.left is not None and s.width is not None]
    for shape, left, width in boxes:
        shape.left, shape.width = Emu(int(left * scale)), Emu(int(width * scale))
    prs.core_properties.title = "coursepack facilitator template"
    prs.save(str(path))


if __name__ == "__main__":
    make_template(Path(__file__).with_name("template.pptx"))
