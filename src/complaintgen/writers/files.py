"""A letter's files: the one place that turns a `Letter` into the bytes of a format.

The packet, the applicant's copies and the follow-ups all write through here. Each writer is
imported only when its format is asked for: WeasyPrint takes ~0.4 s to import, and a DOCX-only
run needs none of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from complaintgen.writers.letter import Letter

LETTER_FORMATS = ("docx", "pdf", "txt")


def letter_bytes(
    letter: Letter, extension: str, *, date: dt.date, pdf_variant: str | None = None
) -> bytes:
    """`letter` as a DOCX, PDF or plain UTF-8 text file; `date` is the document's date, for its
    properties; `pdf_variant` one of pdf_writer.PDF_VARIANTS, or None for plain PDF."""
    if extension == "docx":
        from complaintgen.writers.docx_writer import docx_bytes

        return docx_bytes(letter, date=date)
    if extension == "pdf":
        from complaintgen.writers.pdf_writer import pdf_bytes

        return pdf_bytes(letter, date=date, variant=pdf_variant)
    if extension == "txt":
        return letter.plain_text().encode("utf-8")
    raise ValueError(f"no writer for {extension!r}; one of {', '.join(LETTER_FORMATS)}")


def letter_files(
    named: Iterable[tuple[str, Letter]],
    formats: Sequence[str],
    *,
    date: dt.date,
    pdf_variant: str | None = None,
) -> dict[str, bytes]:
    """``stem.extension`` → bytes for every (stem, letter) of `named` in every one of `formats`."""
    return {
        f"{stem}.{extension}": letter_bytes(letter, extension, date=date, pdf_variant=pdf_variant)
        for stem, letter in named
        for extension in formats
    }
