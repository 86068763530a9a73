"""The applicant's copies (``NN_doc.copy.docx`` / ``.pdf``): each filed letter with an «Отметка
о принятии» box at the foot of its last page, for the receiver to fill in. The original never
carries the box.

A copy is made from its letter's own files, not written again. The DOCX gets the box after its
last paragraph. The PDF gets it drawn onto the letter's last page, from a PDF of the box alone
laid out once per language, where the layout of that page leaves room for it. Where it does not,
the copy is laid out anew with the box as a footnote, which takes the last lines over to a new
page with it: the box then still shares its page with the date and the signature, as the
receiver must see them when he signs it.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Mapping

from complaintgen.case.model import Case
from complaintgen.packet.partials import Partials
from complaintgen.packet.plan import COPY, Packet, is_filed
from complaintgen.writers.letter import Letter


def applicant_copy(partials: Partials, letter: Letter) -> Letter:
    """The filed letter with the box after its last block: the PDF puts it at the foot of the
    letter's last page, the DOCX floats it there."""
    return dataclasses.replace(letter, blocks=letter.filed_blocks + _box(partials, letter).blocks)


def _box(partials: Partials, letter: Letter) -> Letter:
    return partials.letter(letter.language, "acceptance", doc_id=letter.doc_id)


def letters_and_copies_pdf(
    case: Case,
    packet: Packet,
    partials: Partials,
    letters: Iterable[Letter],
    pdf_variant: str | None = None,
) -> dict[str, bytes]:
    """The PDF of each of `letters` (of `packet`) and, for each filed one, its copy's, each
    letter laid out once."""
    from complaintgen.writers.pdf_writer import laid_out

    files: dict[str, bytes] = {}
    boxes = {}  # the box laid out alone, by language
    for letter in letters:
        own = laid_out(letter, date=case.date, variant=pdf_variant)
        files[packet.file_name(letter, "pdf")] = own.pdf
        if not is_filed(letter):
            continue
        name = packet.file_name(letter, f"{COPY}.pdf")
        # A PDF/A or PDF/UA copy is laid out as such: pypdf, drawing the box, would keep the
        # claim without keeping what it claims.
        if pdf_variant is None:
            if letter.language not in boxes:
                boxes[letter.language] = laid_out(_box(partials, letter), date=case.date)
            box = boxes[letter.language]
            # Laid out with the letter, the box is a footnote anchored on a line of its own
            # after the date (that line is all the text of the box's own page): the text stays
            # where it is when that line and the box fit under it.
            if own.room_pt >= box.text_pt + box.foot_pt:
                files[name] = with_box_drawn(own.pdf, box.pdf)
                continue
        files[name] = laid_out(
            applicant_copy(partials, letter), date=case.date, variant=pdf_variant
        ).pdf
    return files


def copies_docx(
    packet: Packet, partials: Partials, letters: Mapping[str, bytes]
) -> dict[str, bytes]:
    """Each filed letter's copy as DOCX, made from its DOCX in `letters` (file name → bytes)."""
    from complaintgen.writers.docx_writer import with_blocks

    return {
        packet.file_name(letter, f"{COPY}.docx"): with_blocks(
            letters[packet.file_name(letter, "docx")], _box(partials, letter).blocks
        )
        for letter in filter(is_filed, packet.letters)
    }


def with_box_drawn(pdf: bytes, box: bytes, *, on_a_page_of_its_own: bool = False) -> bytes:
    """`pdf` with the first page of `box` (the box alone, at the foot of its page) drawn onto
    its last page, or added after it."""
    from pypdf import PdfReader, PdfWriter

    drawn = PdfReader(io.BytesIO(box)).pages[0]
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    if on_a_page_of_its_own:
        writer.add_page(drawn)
    else:
        writer.pages[-1].merge_page(drawn)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
