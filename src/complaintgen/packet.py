"""Which documents a case gets, and their files: rendered in memory, then written in one go."""

from __future__ import annotations

from dataclasses import dataclass

from complaintgen.case import DOCUMENT_IDS, Case
from complaintgen.letter import Letter
from complaintgen.rendering import available_documents, render_letter

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Packet:
    letters: tuple[Letter, ...]

    def file_name(self, letter: Letter, extension: str) -> str:
        """``01_vvk_report.pdf``: the packet's order, then the document id scripts can find."""
        return f"{DOCUMENT_IDS.index(letter.doc_id) + 1:02d}_{letter.doc_id}.{extension}"


def make_packet(case: Case) -> Packet:
    """Render every wanted document that has a template in the case's language."""
    ready = set(available_documents(case.language))
    letters = tuple(
        render_letter(case, doc_id) for doc_id in case.wanted_documents() if doc_id in ready
    )
    return Packet(letters)


def packet_files(
    case: Case, packet: Packet, formats: tuple[str, ...] = FORMATS
) -> dict[str, bytes]:
    """File name → bytes for every letter in every format asked for."""
    files: dict[str, bytes] = {}
    for letter in packet.letters:
        if "docx" in formats:
            from complaintgen.docx_writer import docx_bytes

            files[packet.file_name(letter, "docx")] = docx_bytes(letter, date=case.date)
        if "pdf" in formats:
            # Imported here: WeasyPrint takes ~0.4 s to import; a DOCX-only run needs none of it.
            from complaintgen.pdf_writer import pdf_bytes

            files[packet.file_name(letter, "pdf")] = pdf_bytes(letter, date=case.date)
    return files
