"""The attachments of a case, with their page counts settled.

An attachment's page count («на 2 л.») comes from the case file (`pages`), or from the file the
entry points at (`file`): a PDF's and a TIFF's pages are counted here (a scanner may put many
pages in one TIFF), a JPEG or a PNG is one page. Where both are given they must agree, because
the count is printed in every letter and in the postal inventory, and a wrong count on a Ф.107 is
what a post-office clerk or a court would notice.

pypdf is imported only when a case has a PDF attachment (`pdfpages`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from struct import unpack_from

from complaintgen.case.model import Attachment, Case
from complaintgen.errors import CaseError
from complaintgen.limits import ATTACHMENT_BYTES, ATTACHMENT_PAGES
from complaintgen.messages import render
from complaintgen.messages.language import user_language
from complaintgen.packet.pdfpages import count_pdf_pages
from complaintgen.storage.regular import FileTooLarge, NotRegularFile, megabytes, read_regular

# The first bytes of the image formats an attachment may be (case.ATTACHMENT_FILE_SUFFIXES):
# a TIFF, little- or big-endian, may hold many pages; a JPEG or a PNG holds one.
_TIFF_SIGNATURES = (b"II*\x00", b"MM\x00*")
_IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", *_TIFF_SIGNATURES)
# TIFF tag NewSubfileType: bit 0 marks a reduced-resolution copy (a thumbnail), not a page.
_NEW_SUBFILE_TYPE, _REDUCED_RESOLUTION = 254, 1
_TIFF_SHORT, _TIFF_LONG = 3, 4


@dataclass(frozen=True)
class ResolvedAttachment:
    """An attachment with its page count settled, and its bytes where it is a PDF."""

    index: int  # its place in the case file's `attachments`, for messages
    entry: Attachment
    pages: int | None  # given or counted; None when neither the case nor a file says
    pdf: bytes | None = None  # the attached PDF, appended to the combined packet

    @property
    def sheets(self) -> int | None:
        """Sheets in the envelope: the pages of every copy (what a postal inventory lists)."""
        return None if self.pages is None else self.pages * self.entry.copies


def resolve_attachments(case: Case, language: str | None = None) -> tuple[ResolvedAttachment, ...]:
    """Every attachment of `case` with its page count; all problems at once as a `CaseError`,
    said in `language` (by default the case's)."""
    said = language or case.language
    resolved: list[ResolvedAttachment] = []
    problems: list[str] = []
    for index, entry in enumerate(case.attachments):
        try:
            resolved.append(_resolve(index, entry, said))
        except CaseError as error:
            problems.extend(error.problems)
    if problems:
        raise CaseError(problems, language=said)
    return tuple(resolved)


def with_page_counts(case: Case, attachments: Iterable[ResolvedAttachment]) -> Case:
    """`case` with each attachment's counted pages filled in, so that the letters print them."""
    entries = [item.entry.model_copy(update={"pages": item.pages}) for item in attachments]
    return case.model_copy(update={"attachments": entries})


def _problem(code: str, language: str, **params: object) -> CaseError:
    return CaseError([render(code, language, **params)], language=language)


def _resolve(index: int, entry: Attachment, language: str) -> ResolvedAttachment:
    if entry.file is None:
        return ResolvedAttachment(index, entry, entry.pages)
    where = f"attachments[{index}].file"
    path = entry.file
    if not path.is_absolute():
        # Only a case read from a file has a folder to resolve against (casefile); a case built
        # from other data (a spreadsheet row) must not depend on the current directory.
        raise _problem("attachment.relative", language, where=where, path=path)
    data = _read(path, where, language)
    if path.suffix.lower() == ".pdf":
        counted = count_pdf_pages(data, f"{where}: {path}", language)
        pdf: bytes | None = data
    elif data.startswith(_TIFF_SIGNATURES):
        counted, pdf = count_tiff_pages(data, f"{where}: {path}", language), None
    elif data.startswith(_IMAGE_SIGNATURES):
        counted, pdf = 1, None
    else:
        raise _problem("attachment.not_image", language, where=where, path=path)
    if counted > ATTACHMENT_PAGES:
        raise _problem(
            "attachment.pages_over",
            language,
            where=where,
            path=path,
            counted=counted,
            limit=ATTACHMENT_PAGES,
        )
    if entry.pages is not None and entry.pages != counted:
        raise _problem(
            "attachment.pages_disagree",
            language,
            index=index,
            pages=entry.pages,
            where=where,
            path=path,
            counted=counted,
        )
    return ResolvedAttachment(index, entry, counted, pdf)


def count_tiff_pages(data: bytes, where: str, language: str | None = None) -> int:
    """The pages of a TIFF: the images in its chain of directories (IFDs), thumbnails left out.

    Each IFD is a 2-byte entry count, 12-byte entries, then the 4-byte offset of the next IFD
    (0 ends the chain). A damaged file, whose offsets point outside it or back into the chain,
    is a one-line `CaseError` naming `where` instead of a wrong count or an endless loop, in
    `language` (None: the locale's).
    """
    order = "<" if data.startswith(b"II") else ">"
    damaged = _problem("attachment.tiff_damaged", user_language(language), where=where)
    pages = covered = 0
    seen: set[int] = set()
    offset: int = unpack_from(f"{order}I", data, 4)[0] if len(data) >= 8 else 0
    while offset:
        if offset in seen or offset + 2 > len(data):
            raise damaged
        seen.add(offset)
        (entries,) = unpack_from(f"{order}H", data, offset)
        end = offset + 2 + 12 * entries
        # The IFDs of a real file do not overlap, so together they fit in it: this bounds the
        # work on a crafted chain of overlapping directories to one pass over the file.
        covered += end + 4 - offset
        if end + 4 > len(data) or covered > len(data):
            raise damaged
        pages += not _is_thumbnail(data, order, offset + 2, entries)
        (offset,) = unpack_from(f"{order}I", data, end)
    if not pages:
        raise damaged
    return pages


def _is_thumbnail(data: bytes, order: str, first: int, entries: int) -> bool:
    for entry in range(first, first + 12 * entries, 12):
        tag, kind = unpack_from(f"{order}HH", data, entry)
        if tag == _NEW_SUBFILE_TYPE:
            # The value sits in the entry's last 4 bytes, left-justified when it is a SHORT.
            value_format = {_TIFF_SHORT: "H", _TIFF_LONG: "I"}.get(kind)
            if value_format is None:
                return False
            (value,) = unpack_from(f"{order}{value_format}", data, entry + 8)
            return bool(value & _REDUCED_RESOLUTION)
    return False


def _read(path: Path, where: str, language: str) -> bytes:
    try:
        # Only a regular file, and only so much of it: a FIFO would block the build forever,
        # /dev/zero would never end, a scan of hundreds of megabytes is not a page to file.
        data = read_regular(path, ATTACHMENT_BYTES)
    except FileTooLarge as error:
        raise _problem(
            "attachment.too_large",
            language,
            where=where,
            path=path,
            size=megabytes(error.size),
            limit=megabytes(ATTACHMENT_BYTES),
        ) from None
    except NotRegularFile:
        raise _problem("attachment.not_regular", language, where=where, path=path) from None
    except ValueError:  # a NUL byte in the path
        raise _problem("attachment.bad_name", language, where=where, path=repr(str(path))) from None
    except FileNotFoundError:
        raise _problem("attachment.missing", language, where=where, path=path) from None
    except IsADirectoryError:
        raise _problem("attachment.folder", language, where=where, path=path) from None
    except OSError as error:
        raise _problem(
            "attachment.unreadable", language, where=where, path=path, reason=error.strerror
        ) from None
    if not data:
        raise _problem("attachment.empty", language, where=where, path=path)
    return data


def outside_folder(case: Case, folder: Path) -> list[str]:
    """One line for each attachment file that is not inside `folder` (the case file's), in the
    case's language: a case from someone else may point at any file of this computer, and what
    is attached is printed and filed, so the user is told rather than left to notice."""
    folder = folder.resolve()
    lines: list[str] = []
    for index, entry in enumerate(case.attachments):
        if entry.file is None:
            continue
        try:
            inside = entry.file.resolve().is_relative_to(folder)
        except (OSError, ValueError):
            continue  # a path that cannot be resolved was refused when it was read
        if not inside:
            lines.append(render("attachment.outside", case.language, index=index, path=entry.file))
    return lines
