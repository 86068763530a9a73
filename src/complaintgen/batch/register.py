"""The outgoing register (журнал исходящих): a ledger, one line per document given a number.

A number once given belongs to that document of that client forever: a later batch or build
into the same register keeps it when the document is the same (the same PDF bytes), and gives a
re-issued document (changed facts, a new date) a new number on a new line whose ``replaces``
names the number it replaces. Lines are never renumbered or removed, only added. Every update
reads, extends and rewrites the file under a lock (`storage.lock`), so batches with ``--jobs``,
single builds and two processes at once never give one number twice.

The client is the case's identity in the output: its packet folder name (the case file's name,
or the spreadsheet row's id), so the same client gets the same key from `batch` and `build`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from complaintgen.errors import OutputError
from complaintgen.storage.atomic import write_atomic
from complaintgen.storage.lock import locked

if TYPE_CHECKING:
    from complaintgen.case.model import Case
    from complaintgen.packet.plan import Packet

NUMBER = "исх. №"
COLUMNS = (
    NUMBER,
    "date",
    "client",
    "document",
    "addressee",
    "pages",
    "attachment sheets",
    "channel",
    "tracking",
    "file",
    "replaces",
    "sha256",
)
DEFAULT_NAME = "register.csv"


@dataclass(frozen=True)
class Filed:
    """One filed document as the register needs it; `file` is its PDF's path."""

    document: str
    addressee: str
    file: Path
    pages: int  # the letter's filed pages: its PDF holds no memo page
    attachment_sheets: int | None  # None when an attachment's page count is not known
    digest: str  # sha256 of the PDF: the same document again keeps its number
    date: str = ""
    channel: str = ""
    tracking: str = ""

    @classmethod
    def of(cls, pdf: bytes, **fields: object) -> Filed:
        return cls(digest=hashlib.sha256(pdf).hexdigest(), **fields)  # type: ignore[arg-type]


def ledger_entries(
    case: Case, packet: Packet, files: Mapping[str, bytes], folder: Path
) -> list[Filed]:
    """The register's view of every filed letter of `packet` whose PDF is among `files`
    (written into `folder`): its filed pages, the attachments' sheets, how it was filed."""
    from complaintgen.packet.pdfpages import count_pdf_pages
    from complaintgen.packet.plan import is_filed

    counts = [item.sheets for item in packet.attachments or ()]
    sheets = None if None in counts else sum(c for c in counts if c is not None)
    entries = []
    for letter in filter(is_filed, packet.letters):
        name = packet.file_name(letter, "pdf")
        if name not in files:
            continue
        # The latest filing of this document, once `record` has put it in the case.
        filing = next((f for f in reversed(case.filings) if f.document == letter.doc_id), None)
        entries.append(
            Filed.of(
                files[name],
                document=letter.doc_id,
                addressee=next((b.text for b in letter.blocks if b.kind == "addressee"), ""),
                file=folder / name,
                pages=count_pdf_pages(files[name], name),
                attachment_sheets=sheets,
                date=case.date.isoformat(),
                channel=filing.channel if filing else "",
                tracking=(filing.tracking or "") if filing else "",
            )
        )
    return entries


def record(
    register: Path, client: str, filed: Iterable[Filed], *, start: int = 1
) -> list[dict[str, str]]:
    """Number `client`'s documents in `register`; their lines (new or kept), in order."""
    return record_many(register, [(client, list(filed))], start=start)


def record_many(
    register: Path,
    clients: Sequence[tuple[str, Sequence[Filed]]],
    *,
    start: int = 1,
) -> list[dict[str, str]]:
    """Number every client's documents in input order under one lock; their lines, in order.

    `start` is the first number of a new register, or of the next one if higher than the last."""
    register.parent.mkdir(parents=True, exist_ok=True)
    with locked(register):
        old = _read(register)
        latest = {(row["client"], row["document"]): row for row in old}
        numbers = [int(row[NUMBER]) for row in old if row[NUMBER].isdigit()]
        number = max([start - 1, *numbers]) + 1
        lines, added = [], []
        for client, documents in clients:
            for document in documents:
                before = latest.get((client, document.document))
                if before is not None and before["sha256"] == document.digest:
                    lines.append(before)
                    continue
                row = _row(register, client, document, number, before)
                latest[(client, document.document)] = row
                lines.append(row)
                added.append(row)
                number += 1
        if added:
            _write(register, [*old, *added])
    return lines


def _row(
    register: Path, client: str, filed: Filed, number: int, before: dict[str, str] | None
) -> dict[str, str]:
    sheets = "" if filed.attachment_sheets is None else str(filed.attachment_sheets)
    return {
        NUMBER: str(number),
        "date": filed.date,
        "client": client,
        "document": filed.document,
        "addressee": filed.addressee,
        "pages": str(filed.pages),
        "attachment sheets": sheets,
        "channel": filed.channel,
        "tracking": filed.tracking,
        "file": _shown(filed.file, register.parent),
        "replaces": before[NUMBER] if before is not None else "",
        "sha256": filed.digest,
    }


def _shown(file: Path, folder: Path) -> str:
    """The file relative to the register's folder when it is inside it, else absolute."""
    try:
        return file.absolute().relative_to(folder.absolute()).as_posix()
    except ValueError:
        return str(file.absolute())


def _read(register: Path) -> list[dict[str, str]]:
    """The register's lines as written (its cells were made formula-safe; read back as they are),
    with any column an older version did not have left empty."""
    if not register.exists():
        return []
    try:
        text = register.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise OutputError(f"{register}: cannot be read as a register ({reason})") from None
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if rows and NUMBER not in rows[0]:
        raise OutputError(
            f"{register}: is not an outgoing register (no «{NUMBER}» column); "
            "name another file with --register"
        )
    return [{column: row.get(column) or "" for column in COLUMNS} for row in rows]


def _write(register: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([spreadsheet_safe(row[column]) for column in COLUMNS] for row in rows)
    # utf-8-sig, so that Excel opens the Cyrillic correctly.
    write_atomic(register, buffer.getvalue().encode("utf-8-sig"))


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…) can send
# the sheet's contents away); a leading quote makes it text, as OWASP advises for CSV export.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """`cell` as a spreadsheet shows it but never runs it as a formula; idempotent, so a line
    read back and written again is not quoted twice."""
    if cell.startswith("'") and cell[1:2] in _FORMULA_STARTS:
        return cell
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell
