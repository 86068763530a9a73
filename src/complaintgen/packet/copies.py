"""The applicant's copies (``NN_doc.copy.docx`` / ``.pdf``): each filed letter with an «Отметка
о принятии» box at the foot of its last page, for the receiver to fill in. The original never
carries the box.

A copy is made from its letter's own files, not written again: the DOCX gets the box after its
last paragraph, and the PDF gets it drawn onto its last page, from a PDF of the box alone laid
out once per language. Where the letter's text reaches down into the box's place, the copy is
laid out anew instead, with the box as a footnote that takes the last lines over to a new page
with it: the box then still shares its page with the date and the signature, as the receiver
must see them when he signs it.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping, Sequence
from typing import Any

from complaintgen.case.model import Case
from complaintgen.packet.partials import Partials
from complaintgen.packet.plan import COPY, Packet, is_filed
from complaintgen.writers.files import letter_bytes
from complaintgen.writers.letter import Letter

# The copy is a document to print: no text file of it.
COPY_FORMATS = ("docx", "pdf")


def applicant_copy(partials: Partials, letter: Letter) -> Letter:
    """The filed letter with the box after its last block: the PDF puts it at the foot of the
    letter's last page, the DOCX floats it there."""
    return dataclasses.replace(letter, blocks=letter.filed_blocks + _box(partials, letter).blocks)


def _box(partials: Partials, letter: Letter) -> Letter:
    return partials.letter(letter.language, "acceptance", doc_id=letter.doc_id)


def copy_files(
    case: Case,
    packet: Packet,
    partials: Partials,
    formats: Sequence[str],
    letters: Mapping[str, bytes],
    pdf_variant: str | None = None,
) -> dict[str, bytes]:
    """``NN_doc.copy.docx`` / ``.pdf`` of every filed letter, in those of `formats` asked for,
    made from `letters`: the packet's files by name, the letters' own DOCX and PDF among them."""
    files: dict[str, bytes] = {}
    boxes: dict[str, bytes] = {}  # the box alone as PDF, by language
    for letter in filter(is_filed, packet.letters):
        if "docx" in formats:
            from complaintgen.writers.docx_writer import with_blocks

            own = letters[packet.file_name(letter, "docx")]
            files[packet.file_name(letter, f"{COPY}.docx")] = with_blocks(
                own, _box(partials, letter).blocks
            )
        if "pdf" in formats:
            # A PDF/A or PDF/UA copy is laid out as such: pypdf, drawing the box, would keep
            # the claim without keeping what it claims.
            if pdf_variant is None and letter.language not in boxes:
                boxes[letter.language] = letter_bytes(_box(partials, letter), "pdf", date=case.date)
            drawn = (
                None
                if pdf_variant is not None
                else on_last_page(letters[packet.file_name(letter, "pdf")], boxes[letter.language])
            )
            files[packet.file_name(letter, f"{COPY}.pdf")] = drawn or letter_bytes(
                applicant_copy(partials, letter), "pdf", date=case.date, pdf_variant=pdf_variant
            )
    return files


def on_last_page(pdf: bytes, box: bytes) -> bytes | None:
    """`pdf` with the first page of `box` (the box alone, at the foot of its page) drawn onto
    its last page; None when the text there reaches down into the box's place."""
    from pypdf import PdfReader, PdfWriter

    drawn = PdfReader(io.BytesIO(box)).pages[0]
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    last = writer.pages[-1]
    if _lowest_text(last) <= _highest_text(drawn) + _GAP_PT:
        return None
    last.merge_page(drawn)
    return _written(writer)


def on_a_page_of_its_own(pdf: bytes, box: bytes) -> bytes:
    """`pdf` with the first page of `box` after its last."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.add_page(PdfReader(io.BytesIO(box)).pages[0])
    return _written(writer)


def _written(writer: Any) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# The space, in points, from the box's first line of text up to the lowest line above it that
# lets the box be drawn there. Set so that a copy gets its box drawn exactly where laying the
# copy out would leave the text in place: WeasyPrint puts the box (a footnote) under the text
# only if its anchor line and its gap (layout.FOOT_GAP_MM) fit there too. The examples' letters
# fit with 57 pt and do not with 41 pt (their lines are 16 pt apart); this is the middle, and
# tests/test_filing.py checks the two ways agree.
_GAP_PT = 49.0


def _text_heights(page: Any) -> list[float]:
    heights: list[float] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip():  # the text matrix's origin in page space (through the CTM)
            heights.append(float(tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return heights


def _lowest_text(page: Any) -> float:
    """The baseline of the page's lowest text, in points from the foot (the page's height when
    it holds none)."""
    return min(_text_heights(page), default=float(page.mediabox.height))


def _highest_text(page: Any) -> float:
    return max(_text_heights(page), default=0.0)
