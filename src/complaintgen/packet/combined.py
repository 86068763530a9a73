"""The packet as a whole: the combined PDF (``00_packet.pdf``: a cover, an index of documents,
addressees and pages, each letter followed by the attachments given as PDF files, numbered across
the file at the foot) and the filing guide (``00_filing_guide.pdf``) in the case's language.

The cover, the index and the guide are `Letter`s from the ``_filing`` partials, written by the
same writers as the documents; the pages are put together with pypdf.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from complaintgen.case.model import Case
from complaintgen.packet.attachments import ResolvedAttachment
from complaintgen.packet.online import online_text
from complaintgen.packet.partials import Partials
from complaintgen.packet.pdfpages import count_pdf_pages, open_pdf, writer_like, written
from complaintgen.packet.plan import COMBINED_NAME, COPY, INVENTORY, Packet, is_filed
from complaintgen.render.inert import View
from complaintgen.writers.letter import Letter
from complaintgen.writers.pdf_writer import pdf_parts_bytes

# How the combined file numbers its pages, at the foot (the cover, page 1, carries none).
_PAGE_LABEL = {"ru": "с. {page} из {pages}", "en": "p. {page} of {pages}"}
_A4_WIDTH_PT = 595.28


@dataclass(frozen=True)
class _Part:
    """One entry of the combined file: a letter, or an attachment appended after its letter."""

    number: str  # the document's number in the index; empty for an attachment
    title: Any  # the letter's title, or the attachment's (LocalText, shown in the index)
    doc_id: str | None  # None for an attachment
    pdf: bytes
    pages: int


def combined_pdf(
    case: Case,
    packet: Packet,
    pdfs: Mapping[str, bytes],
    attachments: Sequence[ResolvedAttachment],
    partials: Partials,
) -> bytes:
    """Cover, index, then each letter (`pdfs`, by doc id) followed by its PDF attachments;
    numbered across the file at the foot of every page but the cover."""
    parts = list(_parts(packet, pdfs, attachments))
    cover, index = _front_matter(case, packet, parts, partials)
    # Pages before the first part, 0-based.
    start = count_pdf_pages(cover, COMBINED_NAME) + count_pdf_pages(index, COMBINED_NAME)
    outline = []
    for part in parts:
        if part.doc_id is not None:
            outline.append((f"{part.number}. {part.title}", start))
        start += part.pages
    label = _PAGE_LABEL[case.language]
    labels = ["", *(label.format(page=n, pages=start) for n in range(2, start + 1))]
    pieces = [(cover, False), (index, False), *((p.pdf, p.doc_id is None) for p in parts)]
    return _assemble(case, pieces, labels, outline)


def _parts(
    packet: Packet, pdfs: Mapping[str, bytes], attachments: Sequence[ResolvedAttachment]
) -> Iterator[_Part]:
    for number, letter in enumerate(packet.letters, start=1):
        pdf = pdfs[letter.doc_id]
        pages = count_pdf_pages(pdf, packet.file_name(letter, "pdf"))
        yield _Part(str(number), letter.title, letter.doc_id, pdf, pages)
        if is_filed(letter):
            for item in attachments:
                if item.pdf is not None and item.pages:
                    yield _Part("", item.entry.title, None, item.pdf, item.pages)


def _front_matter(
    case: Case, packet: Packet, parts: Sequence[_Part], partials: Partials
) -> tuple[bytes, bytes]:
    """The cover and the index, rendered until the page numbers they print are where the parts
    really start (the index's own length moves them)."""
    front = (1, 1)  # pages of the cover and of the index, as first guessed
    for _ in range(4):
        start = sum(front) + 1
        rows = []
        for part in parts:
            end = start + part.pages - 1
            pages = str(start) if end == start else f"{start}–{end}"
            rows.append(View(number=part.number, title=part.title, doc_id=part.doc_id, pages=pages))
            start = end + 1
        total = start - 1
        cover_letter = partials.letter(
            case.language,
            "cover",
            doc_id="packet",
            arguments={"documents": len(packet.letters), "pages": total},
        )
        index_letter = partials.letter(
            case.language, "index", doc_id="packet_index", arguments={"rows": rows}
        )
        # Both in one render (the layout is the cost), split into their own pages.
        pdf, spans = pdf_parts_bytes([cover_letter, index_letter], date=case.date)
        laid_out = (len(spans[0]), len(spans[1]))
        if laid_out == front:
            reader = open_pdf(pdf, COMBINED_NAME)
            cover, index = (_pages_of(reader, own) for own in spans)
            return cover, index
        front = laid_out
    raise RuntimeError("the packet's index does not settle on a page count")  # a bug, not input


def _pages_of(reader: Any, pages: range) -> bytes:
    writer = writer_like(reader)
    for number in pages:
        writer.add_page(reader.pages[number])
    return written(writer)


def _assemble(
    case: Case,
    pieces: Sequence[tuple[bytes, bool]],
    labels: Sequence[str],
    outline: Sequence[tuple[str, int]],
) -> bytes:
    """One PDF of `pieces` (bytes, whether it is a user's attachment), each page labelled, with
    a bookmark per letter."""
    from pypdf import Transformation

    from complaintgen.writers.pdf_writer import page_labels_pdf

    readers = [(open_pdf(pdf, COMBINED_NAME), attachment) for pdf, attachment in pieces]
    writer = writer_like(readers[0][0])
    for reader, attachment in readers:
        for page in reader.pages:
            added = writer.add_page(page)
            if attachment:
                _make_inert(added)
    overlay = open_pdf(page_labels_pdf(list(labels), date=case.date), COMBINED_NAME)
    for page, label_page, label in zip(writer.pages, overlay.pages, labels, strict=True):
        if not label:
            continue
        box = page.cropbox
        # The label sits at the foot on the right of an A4 sheet; a page of another size gets it
        # in the same corner.
        shift = Transformation().translate(float(box.right) - _A4_WIDTH_PT, float(box.bottom))
        page.merge_transformed_page(label_page, shift)
    for title, page_index in outline:
        writer.add_outline_item(title=title, page_number=page_index)
    return written(writer, title="Пакет документов" if case.language == "ru" else "Document packet")


def _make_inert(page: Any) -> None:
    """A page from a user's PDF is printed, not used: its rotation goes into its content (so the
    label lands upright) and its actions and annotations (links, scripts) are dropped."""
    page.transfer_rotation_to_content()
    for key in ("/AA", "/Annots"):
        if key in page:
            del page[key]


def guide_letter(case: Case, packet: Packet, partials: Partials) -> Letter:
    """The guide: for each document, how to file it and what to keep as proof."""
    entries = []
    for number, letter in enumerate(packet.letters, start=1):
        txt = packet.file_name(letter, "txt")
        online = online_text(case, letter, txt) if is_filed(letter) else None
        entries.append(
            View(
                number=number,
                doc_id=letter.doc_id,
                title=letter.title,
                filed=is_filed(letter),
                files=View(
                    pdf=packet.file_name(letter, "pdf"),
                    applicant_copy=packet.file_name(letter, f"{COPY}.pdf"),
                    f107=packet.file_name(letter, f"{INVENTORY}.pdf"),
                    txt=txt,
                ),
                receptions=[
                    View(name=r.name(case.language), address=r.address)
                    for r in (online.receptions if online else ())
                ],
                length=online.length if online else 0,
                over=[r.name(case.language) for r in (online.too_long_for if online else ())],
            )
        )
    return partials.letter(
        case.language, "guide", doc_id="filing_guide", arguments={"entries": entries}
    )
