"""New slides, notes pages and the saved file of a deck, as python-pptx makes them but
faster.

python-pptx gives each new slide the placeholders of its layout, and each notes page
those of the notes master, looking every shape up again as it copies it: a third of a
deck's time. Here the first slide of each layout and the first notes page are made by
python-pptx; later ones are copies of them as they were made, before anything was written
in them. The file is written once, each entry stamped with the build's time, rather than
saved and then rewritten without clock times.
"""

from __future__ import annotations

import copy
import io
from typing import TYPE_CHECKING

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter, _ZipPkgWriter
from pptx.parts.slide import NotesSlidePart, SlidePart

from generator.build.reproducible import zip_entry

if TYPE_CHECKING:
    from lxml.etree import _Element
    from pptx.presentation import Presentation
    from pptx.slide import NotesSlide, Slide, SlideLayout

NOTES_PART = "/ppt/notesSlides/notesSlide{}.xml"


class SlideParts:
    """Adds slides and their notes pages to one presentation."""

    def __init__(self, prs: Presentation) -> None:
        self._prs = prs
        self._blank_slides: dict[str, list[_Element]] = {}
        """By layout part: the shapes of a new slide of that layout."""
        self._blank_notes: _Element | None = None
        self._notes_names: set[str] = set()
        self._notes_number = 0

    def add_slide(self, layout: SlideLayout) -> Slide:
        """A new slide at the end, with the placeholders of ``layout``."""
        key = str(layout.part.partname)
        blank = self._blank_slides.get(key)
        if blank is None:
            slide = self._prs.slides.add_slide(layout)
            shapes = slide.shapes._spTree.iter_shape_elms()
            self._blank_slides[key] = [copy.deepcopy(e) for e in shapes]
            return slide
        presentation = self._prs.part
        slide_part = SlidePart.new(presentation._next_slide_partname, presentation.package,
                                   layout.part)
        rid = presentation.relate_to(slide_part, RT.SLIDE)
        tree = slide_part.slide.shapes._spTree
        for element in blank:
            tree.append(copy.deepcopy(element))
        self._prs.slides._sldIdLst.add_sldId(rid)
        return slide_part.slide

    def notes(self, slide: Slide) -> NotesSlide:
        """The new notes page of ``slide`` (which has none yet)."""
        if self._blank_notes is None:
            notes = slide.notes_slide
            self._blank_notes = copy.deepcopy(notes._element)
            package = self._prs.part.package
            self._notes_names = {str(p.partname) for p in package.iter_parts()}
            return notes
        part = NotesSlidePart(self._next_notes_name(), CT.PML_NOTES_SLIDE,
                              self._prs.part.package, copy.deepcopy(self._blank_notes))
        part.relate_to(self._prs.part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        return slide.notes_slide

    def _next_notes_name(self) -> PackURI:
        while True:
            self._notes_number += 1
            name = NOTES_PART.format(self._notes_number)
            if name not in self._notes_names:
                self._notes_names.add(name)
                return PackURI(name)


def deck_file(prs: Presentation, epoch: int) -> bytes:
    """What ``prs.save`` writes, with every entry stamped ``epoch`` (no clock times)."""
    package = prs.part.package
    buffer = io.BytesIO()
    _StampedPackage(buffer, package._rels, tuple(package.iter_parts()), epoch)._write()
    return buffer.getvalue()


class _StampedPackage(PackageWriter):
    def __init__(self, file: io.BytesIO, rels: object, parts: tuple[object, ...],
                 epoch: int) -> None:
        super().__init__(file, rels, parts)  # type: ignore[arg-type]
        self._epoch = epoch

    def _write(self) -> None:
        with _StampedZip(self._pkg_file, self._epoch) as zip_writer:
            self._write_content_types_stream(zip_writer)
            self._write_pkg_rels(zip_writer)
            self._write_parts(zip_writer)


class _StampedZip(_ZipPkgWriter):
    def __init__(self, file: io.BytesIO, epoch: int) -> None:  # type: ignore[override]
        super().__init__(file)
        self._epoch = epoch

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self._zipf.writestr(zip_entry(pack_uri.membername, self._epoch), blob)
