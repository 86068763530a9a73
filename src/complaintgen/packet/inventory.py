"""The postal inventories (``NN_doc.f107.pdf``): for each filed letter the list of contents of a
declared-value letter, form Ф.107, the document and each attachment with its sheets, printed
twice. The letter's sheets are its PDF's pages, which hold only what is filed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from complaintgen.packet.attachments import ResolvedAttachment
from complaintgen.packet.partials import Partials
from complaintgen.packet.pdfpages import count_pdf_pages, open_pdf, writer_like, written
from complaintgen.packet.plan import INVENTORY, Packet, is_filed
from complaintgen.render.inert import View, inert
from complaintgen.writers.files import letter_bytes
from complaintgen.writers.letter import Letter


def inventory_files(
    packet: Packet,
    partials: Partials,
    pdfs: Mapping[str, bytes],
    attachments: Sequence[ResolvedAttachment],
    *,
    date: dt.date,
) -> dict[str, bytes]:
    """``NN_doc.f107.pdf`` for every filed letter; `pdfs` holds each letter's PDF by doc id."""
    files = {}
    for letter in filter(is_filed, packet.letters):
        name = packet.file_name(letter, f"{INVENTORY}.pdf")
        sheets = count_pdf_pages(pdfs[letter.doc_id], name)
        inventory = inventory_letter(partials, letter, sheets, attachments)
        files[name] = _twice(letter_bytes(inventory, "pdf", date=date), name)
    return files


def inventory_letter(
    partials: Partials,
    letter: Letter,
    sheets: int,
    attachments: Iterable[ResolvedAttachment],
) -> Letter:
    """One copy of the Ф.107 for `letter`: the letter itself, then each attachment."""
    attached = list(attachments)
    items = [View(entry=inert(item.entry), sheets=item.sheets) for item in attached]
    counts = [sheets, *(item.sheets for item in attached)]
    total = None if None in counts else sum(c for c in counts if c is not None)
    return partials.letter(
        letter.language,
        "inventory",
        doc_id=letter.doc_id,
        arguments={
            "doc_id": letter.doc_id,
            "document": letter.title,
            "sheets": sheets,
            "items": items,
            "total": total,
        },
    )


def _twice(pdf: bytes, name: str) -> bytes:
    """The inventory is made out in two copies: its pages, then the same pages again."""
    reader = open_pdf(pdf, name)
    writer = writer_like(reader)
    for _ in range(2):
        for page in reader.pages:
            writer.add_page(page)
    return written(writer)
