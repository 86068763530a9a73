"""The postal inventories (``NN_doc.f107.pdf``): for each filed letter the list of contents of a
declared-value letter, form Ф.107, the document and each attachment with its sheets, printed
twice. The letter's sheets are its PDF's pages, which hold only what is filed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from complaintgen.packet.attachments import ResolvedAttachment
from complaintgen.packet.partials import Partials
from complaintgen.packet.pdfpages import count_pdf_pages, open_pdf, writer_like, written
from complaintgen.packet.plan import INVENTORY, Packet, is_filed
from complaintgen.render.inert import View, inert
from complaintgen.writers.letter import Letter
from complaintgen.writers.pdf_writer import pdf_parts_bytes

if TYPE_CHECKING:
    import pypdf


def inventory_files(
    packet: Packet,
    partials: Partials,
    pdfs: Mapping[str, bytes],
    attachments: Sequence[ResolvedAttachment],
    *,
    date: dt.date,
) -> dict[str, bytes]:
    """``NN_doc.f107.pdf`` for every filed letter; `pdfs` holds each letter's PDF by doc id.

    The inventories of one language are laid out in one render and split into their files:
    each is what a render of its own would give, page for page."""
    named: dict[str, list[tuple[str, Letter]]] = {}
    for letter in filter(is_filed, packet.letters):
        name = packet.file_name(letter, f"{INVENTORY}.pdf")
        sheets = count_pdf_pages(pdfs[letter.doc_id], name)
        inventory = inventory_letter(partials, letter, sheets, attachments)
        named.setdefault(inventory.language, []).append((name, inventory))
    files = {}
    for group in named.values():
        pdf, pages = pdf_parts_bytes([inventory for _, inventory in group], date=date)
        reader = open_pdf(pdf, group[0][0])
        for (name, inventory), own in zip(group, pages, strict=True):
            files[name] = _twice(reader, own, title=inventory.title)
    return dict(sorted(files.items()))


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


def _twice(reader: pypdf.PdfReader, pages: range, *, title: str) -> bytes:
    """The inventory is made out in two copies: its pages, then the same pages again."""
    writer = writer_like(reader)
    for _ in range(2):
        for number in pages:
            writer.add_page(reader.pages[number])
    return written(writer, title=title)
