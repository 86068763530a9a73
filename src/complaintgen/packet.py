"""Which documents a case gets, and their files: rendered in memory, then written in one go."""

from __future__ import annotations

from dataclasses import dataclass

from complaintgen.case import DOCUMENT_IDS, Case
from complaintgen.errors import CaseError
from complaintgen.letter import Letter
from complaintgen.rendering import available_documents, render_letter

FORMATS = ("docx", "pdf", "txt")
# Documents also filed through an online reception (Госуслуги, the Ministry's site): their
# filed text, without the memo, as plain UTF-8 to paste into the form.
ONLINE_DOCUMENTS = ("ministry_appeal",)

# What each document needs from the case beyond the required sections, with an example the
# user can copy. The addressee's exact title cannot be guessed (a garrison's prosecutor is named
# after the garrison in an adjective form), so it is asked for rather than invented.
NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    "command_complaint": (
        ("unit.higher_command.title", "«Командующий войсками Московского военного округа»"),
    ),
    "prosecutor_complaint": (
        ("addressees.prosecutor.title", "«Военный прокурор Курского гарнизона»"),
    ),
    "medical_appeal": (
        ("addressees.medical.variant", "vvk_branch, district_medical or civilian"),
        ("addressees.medical.title", "«Начальник филиала № 3 ФГКУ «Главный центр ВВЭ» МО РФ»"),
    ),
}


def _value(case: Case, path: str) -> object:
    value: object = case
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def missing_for(case: Case, doc_id: str) -> list[str]:
    """The case fields `doc_id` needs and the case lacks, each with an example."""
    return [
        f"{path} (e.g. {example})"
        for path, example in NEEDS.get(doc_id, ())
        if _value(case, path) is None
    ]


def planned_documents(case: Case) -> tuple[tuple[str, ...], list[str]]:
    """The documents to make, and a note for each one left out.

    A document the case file asks for by name must be possible: its missing fields are an
    error. Without a `documents` list, every document the case has the facts for is made, and
    the others are named with what they would need.
    """
    ready = set(available_documents(case.language))
    chosen: list[str] = []
    notes: list[str] = []
    problems: list[str] = []
    for doc_id in case.wanted_documents():
        missing = missing_for(case, doc_id)
        if doc_id not in ready:
            notes.append(f"{doc_id}: not available in this version")
        elif not missing:
            chosen.append(doc_id)
        elif case.documents is not None:
            problems.append(
                f"documents: {doc_id} needs {'; '.join(missing)}; add it, or remove {doc_id} "
                "from documents"
            )
        else:
            notes.append(f"{doc_id} left out: it needs {'; '.join(missing)}")
    if problems:
        raise CaseError(problems)
    return tuple(chosen), notes


@dataclass(frozen=True)
class Packet:
    letters: tuple[Letter, ...]
    notes: tuple[str, ...] = ()

    def file_name(self, letter: Letter, extension: str) -> str:
        """``01_vvk_report.pdf``: the packet's order, then the document id scripts can find."""
        return f"{DOCUMENT_IDS.index(letter.doc_id) + 1:02d}_{letter.doc_id}.{extension}"


def make_packet(case: Case) -> Packet:
    """Render every document the case asks for, or every one it has the facts for."""
    documents, notes = planned_documents(case)
    return Packet(
        tuple(render_letter(case, doc_id, document_language(case, doc_id)) for doc_id in documents),
        tuple(notes),
    )


def document_language(case: Case, doc_id: str) -> str:
    """The summary for international bodies has its own language; the rest follow the case."""
    return case.options.summary_language if doc_id == "case_summary" else case.language


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
        if "txt" in formats and letter.doc_id in ONLINE_DOCUMENTS:
            text = letter.plain_text(filed_only=True)
            files[packet.file_name(letter, "txt")] = text.encode("utf-8")
    return files
