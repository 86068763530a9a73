"""The applicant's copies (``NN_doc.copy.docx`` / ``.pdf``): each filed letter with an «Отметка
о принятии» box at the foot of its last page, for the receiver to fill in. The original never
carries the box."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from complaintgen.case.model import Case
from complaintgen.packet.partials import Partials
from complaintgen.packet.plan import COPY, Packet, is_filed
from complaintgen.writers.files import letter_files
from complaintgen.writers.letter import Letter

# The copy is a document to print: no text file of it.
COPY_FORMATS = ("docx", "pdf")


def applicant_copy(partials: Partials, letter: Letter) -> Letter:
    """The filed letter with the box after its last block: the PDF puts it at the foot of the
    letter's last page, the DOCX floats it there."""
    box = partials.letter(letter.language, "acceptance", doc_id=letter.doc_id)
    return dataclasses.replace(letter, blocks=letter.filed_blocks + box.blocks)


def copy_files(
    case: Case,
    packet: Packet,
    partials: Partials,
    formats: Sequence[str],
    pdf_variant: str | None = None,
) -> dict[str, bytes]:
    """``NN_doc.copy.docx`` / ``.pdf`` of every filed letter, in those of `formats` asked for."""
    wanted = [extension for extension in COPY_FORMATS if extension in formats]
    if not wanted:
        return {}
    named = (
        (packet.file_name(letter, COPY), applicant_copy(partials, letter))
        for letter in filter(is_filed, packet.letters)
    )
    return letter_files(named, wanted, date=case.date, pdf_variant=pdf_variant)
