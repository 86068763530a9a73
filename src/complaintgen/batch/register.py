"""The outgoing register (журнал исходящих): a ledger, one line per document given a number.

A number once given belongs to that document of that client forever: a later batch or build
into the same register keeps it when the document is the same (the same text: its blocks, not
its PDF, which prints the number), and gives a re-issued document (changed facts, a new date) a
new number on a new line whose ``replaces`` names the number it replaces. Lines are never
renumbered or removed, only added; a line's empty cells (its pages and file before the letter is
rendered, its tracking number before it is filed) are filled in once known. Every update reads,
extends and rewrites the file under a lock (`storage.lock`), so batches with ``--jobs``, single
builds and two processes at once never give one number twice.

The number is printed on the letter (`numbered`): it is taken before the letter is rendered, so
a letter whose rendering then fails keeps a line without pages or file, and the same letter made
later gets that number again.

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
    from complaintgen.writers.letter import Letter

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


# The cells of a line that may be empty when it is given its number, and filled in later.
_FILLED_LATER = ("pages", "attachment sheets", "channel", "tracking", "file")
_PRINTED = {"ru": "Исх. № {number} от {date}", "en": "Ref. No. {number} of {date}"}


@dataclass(frozen=True)
class Filed:
    """One filed document as the register needs it; `file` is its PDF's path (None, and
    `pages` None, while the letter is not yet rendered)."""

    document: str
    addressee: str
    file: Path | None
    pages: int | None  # the letter's filed pages: its PDF holds no memo page
    attachment_sheets: int | None  # None when an attachment's page count is not known
    digest: str  # sha256 of the letter's text: the same document again keeps its number
    date: str = ""
    channel: str = ""
    tracking: str = ""

    @classmethod
    def of(cls, content: bytes, **fields: object) -> Filed:
        return cls(digest=hashlib.sha256(content).hexdigest(), **fields)  # type: ignore[arg-type]


def letter_content(letter: Letter) -> bytes:
    """What makes a letter the same document: its language and blocks (its words, its date),
    not the outgoing number printed on it nor how a writer lays it out."""
    return repr((letter.doc_id, letter.language, letter.blocks)).encode()


def ledger_entries(
    case: Case,
    packet: Packet,
    files: Mapping[str, bytes] | None = None,
    folder: Path = Path(),
) -> list[Filed]:
    """The register's view of every filed letter of `packet` whose PDF is among `files`
    (written into `folder`): its filed pages, the attachments' sheets, how it was filed.
    Without `files`, every filed letter, before it is rendered: no pages, no file."""
    from complaintgen.packet.pdfpages import count_pdf_pages
    from complaintgen.packet.plan import is_filed

    counts = [item.sheets for item in packet.attachments or ()]
    sheets = None if None in counts else sum(c for c in counts if c is not None)
    entries = []
    for letter in filter(is_filed, packet.letters):
        name = packet.file_name(letter, "pdf")
        pdf = files.get(name) if files is not None else None
        if files is not None and pdf is None:
            continue
        # The latest filing of this document, once `record` has put it in the case.
        filing = next((f for f in reversed(case.filings) if f.document == letter.doc_id), None)
        entries.append(
            Filed.of(
                letter_content(letter),
                document=letter.doc_id,
                addressee=next((b.text for b in letter.blocks if b.kind == "addressee"), ""),
                file=folder / name if pdf is not None else None,
                pages=count_pdf_pages(pdf, name) if pdf is not None else None,
                attachment_sheets=sheets,
                date=case.date.isoformat(),
                channel=filing.channel if filing else "",
                tracking=(filing.tracking or "") if filing else "",
            )
        )
    return entries


def numbered(register: Path, client: str, case: Case, packet: Packet, *, start: int = 1) -> Packet:
    """`packet` with each filed letter given its number in `register` (kept from before for the
    same letter, else the next one), printed on it as «Исх. № … от …» with the case's date."""
    import dataclasses

    lines = record(register, client, ledger_entries(case, packet), start=start)
    numbers = {line["document"]: line[NUMBER] for line in lines}
    date = case.date.strftime("%d.%m.%Y")

    def printed(letter: Letter) -> Letter:
        if letter.doc_id not in numbers:
            return letter
        line = _PRINTED.get(letter.language, _PRINTED["ru"])
        return dataclasses.replace(
            letter, outgoing=line.format(number=numbers[letter.doc_id], date=date)
        )

    # A copy to read, in the case's language, shows the number of the letter it renders.
    return dataclasses.replace(
        packet,
        letters=tuple(map(printed, packet.letters)),
        readings=tuple(map(printed, packet.readings)),
    )


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
        lines, added, filled = [], [], False
        for client, documents in clients:
            for document in documents:
                before = latest.get((client, document.document))
                if before is not None and before["sha256"] == document.digest:
                    filled |= _fill_in(before, _row(register, client, document, 0, None))
                    lines.append(before)
                    continue
                row = _row(register, client, document, number, before)
                latest[(client, document.document)] = row
                lines.append(row)
                added.append(row)
                number += 1
        if added or filled:
            _write(register, [*old, *added])
    return lines


def _fill_in(line: dict[str, str], known: dict[str, str]) -> bool:
    """Fill `line`'s empty cells that `known` now has (pages, file, tracking…); whether any was."""
    empty = [c for c in _FILLED_LATER if not line[c] and known[c]]
    line.update((column, known[column]) for column in empty)
    return bool(empty)


def _row(
    register: Path, client: str, filed: Filed, number: int, before: dict[str, str] | None
) -> dict[str, str]:
    sheets = "" if filed.attachment_sheets is None else str(filed.attachment_sheets)
    file = "" if filed.file is None else _shown(filed.file, register.parent)
    return {
        NUMBER: str(number),
        "date": filed.date,
        "client": client,
        "document": filed.document,
        "addressee": filed.addressee,
        "pages": "" if filed.pages is None else str(filed.pages),
        "attachment sheets": sheets,
        "channel": filed.channel,
        "tracking": filed.tracking,
        "file": file,
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
