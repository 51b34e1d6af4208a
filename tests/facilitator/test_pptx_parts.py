"""Slides and notes pages made from copies, and the stamped file, are what python-pptx
itself makes: the same file, byte for byte."""

from __future__ import annotations

import io
import zipfile

from pptx import Presentation

from generator.build.reproducible import zip_entry
from generator.facilitator.pptx_parts import SlideParts, deck_file
from tests.conftest import TEMPLATE

EPOCH = 1_700_000_000
LAYOUTS = ("Title Slide", "Title and Content", "Title and Content", "Section Header",
           "Title and Content", "Title Slide", "Section Header")


def _python_pptx_file() -> bytes:
    """The deck as python-pptx makes and saves it, its entries then stamped."""
    prs = Presentation(str(TEMPLATE))
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for number, name in enumerate(LAYOUTS, 1):
        slide = prs.slides.add_slide(layouts[name])
        slide.shapes.title.text = f"Slide {number}"
        slide.notes_slide.notes_text_frame.text = f"Notes of slide {number}"
    saved = io.BytesIO()
    prs.save(saved)
    stamped = io.BytesIO()
    with zipfile.ZipFile(saved) as source, \
            zipfile.ZipFile(stamped, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zip_entry(info.filename, EPOCH), source.read(info.filename))
    return stamped.getvalue()


def _copied_parts_file() -> bytes:
    prs = Presentation(str(TEMPLATE))
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    parts = SlideParts(prs)
    for number, name in enumerate(LAYOUTS, 1):
        slide = parts.add_slide(layouts[name])
        slide.shapes.title.text = f"Slide {number}"
        parts.notes(slide).notes_text_frame.text = f"Notes of slide {number}"
    return deck_file(prs, EPOCH)


def test_copied_slides_and_notes_give_the_file_python_pptx_gives() -> None:
    assert _copied_parts_file() == _python_pptx_file()


def test_each_slide_has_its_own_layout_placeholders_and_notes() -> None:
    prs = Presentation(io.BytesIO(_copied_parts_file()))
    assert [s.slide_layout.name for s in prs.slides] == list(LAYOUTS)
    for number, slide in enumerate(prs.slides, 1):
        assert slide.shapes.title.text == f"Slide {number}"
        assert slide.notes_slide.notes_text_frame.text == f"Notes of slide {number}"
        ids = [shape.shape_id for shape in slide.shapes]
        assert len(ids) == len(set(ids))
    notes = {slide.notes_slide.part.partname for slide in prs.slides}
    assert len(notes) == len(LAYOUTS)
    with zipfile.ZipFile(io.BytesIO(_copied_parts_file())) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
