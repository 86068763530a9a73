"""PDF pages with pypdf: opening a PDF, counting its pages, and writing pages put together.

`count_pdf_pages` is the one page count of the program: an attachment's pages, a letter's sheets
on its postal inventory, the rows of the combined file's index, the register a batch writes. A
letter's PDF holds only what is filed, so its count is the count of filed sheets.

pypdf is imported only when a PDF is opened.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from complaintgen.errors import CaseError

if TYPE_CHECKING:
    import pypdf


def count_pdf_pages(data: bytes, where: str, language: str | None = None) -> int:
    """The number of pages of a PDF; a damaged or password-protected file is a `CaseError`
    that names `where` (a file, or a case field), in `language` (None: the locale's)."""
    return len(open_pdf(data, where, language).pages)


def open_pdf(data: bytes, where: str, language: str | None = None) -> pypdf.PdfReader:
    """A pypdf reader over `data`, or a one-line `CaseError` saying what is wrong with the file."""
    import pypdf

    from complaintgen.messages import render
    from complaintgen.messages.language import user_language

    said = user_language(language)

    _quiet_pypdf()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        # Many scanners "protect" a PDF with an empty password (printing allowed): that opens.
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = 0 if locked else len(reader.pages)
    except Exception as error:
        # A file a user points at can be broken in any way pypdf meets; to the user each is the
        # same problem, with the same fix.
        unreadable = render("pdf.unreadable", said, where=where, kind=type(error).__name__)
        raise CaseError([unreadable], language=said) from None
    if locked:
        raise CaseError([render("pdf.locked", said, where=where)], language=said)
    if not pages:
        raise CaseError([render("pdf.no_pages", said, where=where)], language=said)
    return reader


def _quiet_pypdf() -> None:
    """pypdf logs what it repairs as warnings, which Python prints to stderr («invalid pdf
    header: b'root:'», a file's first bytes): the user sees our one line about the file only."""
    import logging

    logger = logging.getLogger("pypdf")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


def writer_like(reader: pypdf.PdfReader) -> pypdf.PdfWriter:
    """A writer that will carry `reader`'s title, dates and language, and nothing else."""
    import pypdf
    from pypdf.generic import NameObject

    writer = pypdf.PdfWriter()
    info: Mapping[str, Any] = reader.metadata or {}
    writer.metadata = {
        key: info[key] for key in ("/Title", "/CreationDate", "/ModDate") if key in info
    }
    language = reader.root_object.get("/Lang")
    if language is not None:
        writer._root_object[NameObject("/Lang")] = language
    return writer


def written(writer: pypdf.PdfWriter, *, title: str | None = None) -> bytes:
    """The bytes of `writer`'s PDF; `title` replaces the title it carries."""
    from pypdf.generic import create_string_object

    if title is not None and writer.metadata is not None:
        info = dict(writer.metadata)
        info["/Title"] = create_string_object(title)
        writer.metadata = info
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
