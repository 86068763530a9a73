"""Re-issuing a letter the lawyer edited in Word: ``complaintgen reissue OUT/01_vvk_report.docx``.

The edited DOCX is the document now, so its PDF is made from it by LibreOffice, the one faithful
DOCX→PDF converter at hand (our own PDF writer reads letters, not DOCX files). From that PDF the
packet's other files of the letter are made again: the applicant's copy (the «Отметка о
принятии» box laid over the foot of its last page, or on a page of its own where the text
reaches down there), its Ф.107 (with the new number of sheets) and ``00_packet.pdf``. The case
file gives what those need (the attachments, the index); the other letters come from their PDFs
in the folder, as they were filed.

The applicant's copy as DOCX is not remade: the PDF copy is the one to print.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from complaintgen.case.model import Case
from complaintgen.errors import OutputError
from complaintgen.messages.catalog import render

_SOFFICE_SECONDS = 180


def reissue_files(docx: Path, case: Case) -> dict[str, bytes]:
    """The files of `docx`'s letter made again from it: name → bytes, for its folder."""
    from complaintgen.packet.build import make_packet
    from complaintgen.packet.combined import combined_pdf
    from complaintgen.packet.inventory import inventory_files
    from complaintgen.packet.partials import Partials
    from complaintgen.packet.plan import COMBINED_NAME, COPY, INVENTORY, is_filed

    packet = make_packet(case)
    letter = next(
        (one for one in packet.letters if packet.file_name(one, "docx") == docx.name), None
    )
    if letter is None or not docx.is_file():
        raise OutputError(render("reissue.not_ours", case.language, file=docx))
    folder = docx.parent
    pdf = docx_to_pdf(docx, case.language, title=letter.title)
    files = {packet.file_name(letter, "pdf"): pdf}
    if not is_filed(letter):
        return files
    partials = Partials(case)
    box = partials.letter(letter.language, "acceptance", doc_id=letter.doc_id)
    files[packet.file_name(letter, f"{COPY}.pdf")] = stamped(pdf, box, date=case.date)
    # The other letters as they are in the folder; one missing there is left out of the packet.
    pdfs = {
        one.doc_id: (folder / packet.file_name(one, "pdf")).read_bytes()
        for one in packet.letters
        if one is not letter and (folder / packet.file_name(one, "pdf")).is_file()
    }
    pdfs[letter.doc_id] = pdf
    present = [one for one in packet.letters if one.doc_id in pdfs]
    packet = dataclasses.replace(packet, letters=tuple(present))
    attachments = packet.attachments or ()
    inventory = packet.file_name(letter, f"{INVENTORY}.pdf")
    files[inventory] = inventory_files(packet, partials, pdfs, attachments, date=case.date)[
        inventory
    ]
    files[COMBINED_NAME] = combined_pdf(case, packet, pdfs, attachments, partials)
    return files


def written_on(docx: Path) -> dt.date | None:
    """The document's date, as `build` put it in the DOCX's properties (Word keeps it)."""
    import docx as python_docx

    try:
        created = python_docx.Document(str(docx)).core_properties.created
    except Exception:  # not a DOCX: reissue_files says so, in the user's language
        return None
    return created.date() if created is not None else None


def docx_to_pdf(docx: Path, language: str, *, title: str) -> bytes:
    """`docx` as PDF by LibreOffice, in a profile of its own (a LibreOffice the user has open
    is not disturbed), with the title alone as its properties."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise OutputError(render("reissue.no_soffice", language, file=docx))
    with tempfile.TemporaryDirectory(prefix="complaintgen-reissue-") as temporary:
        work = Path(temporary)
        try:
            done = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work),
                    str(docx.absolute()),
                ],
                capture_output=True,
                timeout=_SOFFICE_SECONDS,
                check=False,
            )
            reason = f"exit status {done.returncode}"
        except subprocess.TimeoutExpired:
            reason = f"no answer in {_SOFFICE_SECONDS} s"
        made = work / f"{docx.stem}.pdf"
        if not made.is_file():
            raise OutputError(render("reissue.failed", language, file=docx, reason=reason))
        return _plain_properties(made.read_bytes(), title)


def _plain_properties(pdf: bytes, title: str) -> bytes:
    """The PDF with its title only: LibreOffice writes the DOCX's author (the name Word put in
    it on the lawyer's machine), its own name and the time of the conversion."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.metadata = {"/Title": title}
    writer._root_object.pop("/Metadata", None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stamped(pdf: bytes, box: Any, *, date: Any) -> bytes:
    """`pdf` with the acceptance `box` (a letter of one foot table) at the foot of its last
    page; on a page of its own after it when the text reaches into the box's place."""
    from pypdf import PdfReader

    from complaintgen.packet.copies import with_box_drawn
    from complaintgen.writers.files import letter_bytes

    box_pdf = letter_bytes(box, "pdf", date=date)
    # LibreOffice's pages are not ours to measure from their layout, as `copies` does: the
    # room is read from the text drawn on them. Nor can they be laid out again: where the
    # text leaves no room, the box goes on a page of its own.
    last = PdfReader(io.BytesIO(pdf)).pages[-1]
    room = _lowest_text(last) - _highest_text(PdfReader(io.BytesIO(box_pdf)).pages[0])
    return with_box_drawn(pdf, box_pdf, on_a_page_of_its_own=room <= _GAP_PT)


# The box keeps this much space, in points, from the text above it (its rules stand above its
# first line of text).
_GAP_PT = 24.0


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
