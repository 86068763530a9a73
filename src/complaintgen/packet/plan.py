"""Which documents a case gets, and their files: rendered in memory, then written in one go."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from complaintgen.case.model import DOCUMENT_IDS, Case
from complaintgen.errors import CaseError
from complaintgen.packet.attachments import (
    ResolvedAttachment,
    resolve_attachments,
    with_page_counts,
)
from complaintgen.render.rendering import available_documents, render_letter
from complaintgen.writers.letter import Letter

FORMATS = ("docx", "pdf", "txt")
# Documents also filed through an online reception (Госуслуги, the Ministry's and the
# prosecutor's sites): their filed text, without the memo, as plain UTF-8 to paste into the form.
# Which receptions take each, and their length limits, are data: data/online_receptions.yaml
# (a test keeps the two lists equal). The рапорт goes to the serviceman's own commander on
# paper; the case summary goes to international bodies.
ONLINE_DOCUMENTS = (
    "command_complaint",
    "prosecutor_complaint",
    "medical_appeal",
    "ministry_appeal",
)

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
    # The case's attachments with their page counts settled (attachments.py); None: settle them
    # when the files are made.
    attachments: tuple[ResolvedAttachment, ...] | None = None

    def file_name(self, letter: Letter, extension: str) -> str:
        """``01_vvk_report.pdf``: the packet's order, then the document id scripts can find."""
        return f"{DOCUMENT_IDS.index(letter.doc_id) + 1:02d}_{letter.doc_id}.{extension}"


def make_packet(case: Case, *, templates: Path | None = None) -> Packet:
    """Render every document the case asks for, or every one it has the facts for.

    `templates`: an organisation's folder of templates that override the built-in ones.
    """
    documents, notes = planned_documents(case)
    # Page counts of attachments given as files go into every letter's «Приложения».
    attachments = resolve_attachments(case)
    counted = with_page_counts(case, attachments)
    letters = tuple(
        render_letter(counted, doc_id, document_language(case, doc_id), templates=templates)
        for doc_id in documents
    )
    online = _online_notes(case, Packet(letters))
    return Packet(letters, (*notes, *online), attachments)


def _online_notes(case: Case, packet: Packet) -> list[str]:
    """Each online text's length, and a warning where it is longer than a form takes."""
    from complaintgen.packet.extras import is_filed, online_notes, online_text

    texts = [
        online_text(case, letter, packet.file_name(letter, "txt"))
        for letter in packet.letters
        if is_filed(letter) and letter.doc_id in ONLINE_DOCUMENTS
    ]
    return online_notes((text for text in texts if text is not None), case.language)


class _Elsewhere:
    """`function(*args)` started in a forked process when that can help, else run on demand.

    Only where fork is safe and cheap (Linux: the renderer's loaded modules are shared), with a
    second core, and not inside a batch worker, which may not have children and whose cores are
    busy with other cases already.
    """

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        self._call = lambda: function(*args)
        self._executor: Any = None
        if (
            sys.platform == "linux"
            and (os.cpu_count() or 1) > 1
            and not multiprocessing.current_process().daemon
        ):
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork")
            self._executor = ProcessPoolExecutor(max_workers=1, mp_context=context)
            self._future = self._executor.submit(function, *args)

    def result(self) -> Any:
        if self._executor is None:
            return self._call()
        try:
            return self._future.result()
        finally:
            self._executor.shutdown()

    def discard(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)


def document_language(case: Case, doc_id: str) -> str:
    """The summary for international bodies has its own language; the rest follow the case."""
    return case.options.summary_language if doc_id == "case_summary" else case.language


def packet_files(
    case: Case,
    packet: Packet,
    formats: tuple[str, ...] = FORMATS,
    *,
    pdf_variant: str | None = None,
) -> dict[str, bytes]:
    """File name → bytes for every letter in every format asked for.

    `pdf_variant`: "pdf/a-2b" or "pdf/ua-1" (see pdf_writer.PDF_VARIANTS); None, plain PDF.
    """
    from complaintgen.packet.extras import copy_files

    # The applicant's copies are laid out anew (their acceptance box moves text): on a machine
    # with a second core they are made there, while this process makes everything else.
    copies = _Elsewhere(copy_files, case, packet, formats, pdf_variant)
    try:
        files = _main_files(case, packet, formats, pdf_variant)
    except BaseException:
        copies.discard()
        raise
    files.update(copies.result())
    # In name order: 00_… first, then each document's files together.
    return dict(sorted(files.items()))


def _main_files(
    case: Case, packet: Packet, formats: tuple[str, ...], pdf_variant: str | None
) -> dict[str, bytes]:
    """Every file of the packet but the applicant's copies."""
    from complaintgen.packet.extras import filing_files

    files: dict[str, bytes] = {}
    as_filed: dict[str, bytes] = {}
    for letter in packet.letters:
        if "docx" in formats:
            from complaintgen.writers.docx_writer import docx_bytes

            files[packet.file_name(letter, "docx")] = docx_bytes(letter, date=case.date)
        if "pdf" in formats:
            # Imported here: WeasyPrint takes ~0.4 s to import; a DOCX-only run needs none of it.
            from complaintgen.writers.pdf_writer import pdf_and_filed

            # One layout gives the whole letter and the letter as filed, without its memo.
            whole, as_filed[letter.doc_id] = pdf_and_filed(
                letter, date=case.date, variant=pdf_variant
            )
            files[packet.file_name(letter, "pdf")] = whole
        if "txt" in formats and letter.doc_id in ONLINE_DOCUMENTS:
            text = letter.plain_text(filed_only=True)
            files[packet.file_name(letter, "txt")] = text.encode("utf-8")
    # The postal inventories, combined PDF and filing guide (filing.py), and the copies.
    extras = filing_files(
        case,
        packet,
        formats,
        packet.attachments,
        pdf_variant=pdf_variant,
        as_filed=as_filed if "pdf" in formats else None,
        with_copies=False,
    )
    files.update(extras)
    return files
