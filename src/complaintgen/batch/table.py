"""Clients from a spreadsheet: one row per client, one column per case-file field.

The column mapping is the case format itself: a column's header is the field's dotted path, with
``[n]`` for the n-th item of a list, e.g. ``serviceman.surname``, ``unit.number``,
``health.conditions[0].description``, ``health.conditions[0].description.en``,
``representative.relation``. An empty cell means the field is absent. An optional ``id`` column
names the client's packet folder. So whatever a case file can say, a row can say, and the same
validation (with the same messages, pointing at "row N") applies.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from complaintgen.errors import ComplaintgenError
from complaintgen.limits import CELL_CHARS, HEADER_INDEX, SPREADSHEET_BYTES
from complaintgen.storage.regular import FileTooLarge, NotRegularFile, megabytes, read_regular

ID_COLUMN = "id"
_PART = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as a spreadsheet shows it, header → value) for each non-empty row.

    A relative ``attachments[n].file`` is relative to the spreadsheet's folder, as a case file's
    is to the case file's: the rows do not depend on the current directory.
    """
    data = _read_sheet(path)
    rows = _xlsx_rows(path, data) if path.suffix.lower() == ".xlsx" else _csv_rows(path, data)
    folder = path.absolute().parent
    for number, row in rows:
        yield number, {header: _from_folder(header, value, folder) for header, value in row.items()}


_ATTACHMENT_FILE = re.compile(r"^attachments\[\d+\]\.file$")


def _from_folder(header: str, value: Any, folder: Path) -> Any:
    if not (_ATTACHMENT_FILE.match(header.strip()) and isinstance(value, str) and value.strip()):
        return value
    text = value.strip()
    if text.startswith("~") or Path(text).is_absolute():
        return value
    return str(folder / text)


def _read_sheet(path: Path) -> bytes:
    """The spreadsheet's bytes: a regular file of at most SPREADSHEET_BYTES (a FIFO would block)."""
    try:
        return read_regular(path, SPREADSHEET_BYTES)
    except FileTooLarge as error:
        raise ComplaintgenError(
            f"{path}: {megabytes(error.size)}, larger than a spreadsheet of clients may be "
            f"({megabytes(SPREADSHEET_BYTES)}); split it into several"
        ) from None
    except NotRegularFile:
        raise ComplaintgenError(
            f"{path}: not a regular file; give the path of a .csv or .xlsx"
        ) from None
    except ValueError:
        raise ComplaintgenError(f"{str(path)!r}: not a usable file name; check the path") from None
    except OSError as error:
        raise ComplaintgenError(f"{path}: cannot be read ({error.strerror})") from None


def _csv_rows(path: Path, data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        # utf-8-sig: Excel saves CSV with a byte-order mark.
        with io.StringIO(data.decode("utf-8-sig"), newline="") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            try:
                dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(handle, dialect=dialect)
            for number, row in enumerate(reader, start=2):
                if None in row:
                    raise ComplaintgenError(
                        f"{path}:row {number}: more cells than column headers; check the "
                        "quoting of cells that contain the separator"
                    )
                if any((value or "").strip() for value in row.values()):
                    yield number, row
    except csv.Error as error:
        # A cell past csv's field limit (131 072 characters), or quoting that never closes.
        raise ComplaintgenError(
            f"{path}:row {reader.line_num + 1}: cannot be read as CSV ({error}); a cell holds "
            f"at most {CELL_CHARS} characters, check the quoting"
        ) from None
    except UnicodeDecodeError:
        raise ComplaintgenError(f"{path}: not UTF-8 text; save the CSV as UTF-8") from None
    except OSError as error:
        raise ComplaintgenError(f"{path}: cannot be read ({error.strerror})") from None


def _xlsx_rows(path: Path, data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ComplaintgenError(f"{path}: not a readable .xlsx file ({error})") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        headers = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
        for number, cells in enumerate(rows, start=2):
            row = {h: _cell(v) for h, v in zip(headers, cells, strict=False) if h}
            if any(value not in (None, "") for value in row.values()):
                yield number, row
    finally:
        book.close()


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # spreadsheets store 12345 as 12345.0
    return value


# A date as lawyers type it in a text cell: ДД.ММ.ГГГГ.
_RUSSIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _as_date(value: Any) -> Any:
    """A ДД.ММ.ГГГГ text cell as the date it names; any other value (and an impossible date,
    which the case's validation then names) as it is."""
    found = _RUSSIAN_DATE.match(value) if isinstance(value, str) else None
    if found is None:
        return value
    day, month, year = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return value


def row_to_case(row: dict[str, Any], where: str) -> tuple[str | None, dict[str, Any]]:
    """(the row's id or None, the nested case data) from one row."""
    data: dict[str, Any] = {}
    row_id = None
    for header, raw in row.items():
        value = _as_date(raw.strip() if isinstance(raw, str) else raw)
        if value in (None, ""):
            continue
        if header == ID_COLUMN:
            row_id = str(value)
            continue
        _put(data, header, value, where)
    # A cell is text: "1" is the format version 1, and a sheet may leave the column out.
    version = data.get("schema_version", 1)
    data["schema_version"] = int(version) if str(version).isdigit() else version
    return row_id, data


def _put(data: dict[str, Any], header: str, value: Any, where: str) -> None:
    parts = header.split(".")
    target: Any = data
    for depth, part in enumerate(parts):
        match = _PART.match(part)
        if not match:
            raise ComplaintgenError(
                f"{where}: column «{header}» is not a field path; write it like "
                "serviceman.surname or health.conditions[0].description"
            )
        name, index = match[1], match[2]
        last = depth == len(parts) - 1
        if not isinstance(target, dict):
            raise ComplaintgenError(
                f"{where}: column «{header}» goes inside a field that another column sets to a "
                "value; keep one of the two"
            )
        if index is None:
            if last:
                target[name] = value
            else:
                target = target.setdefault(name, {})
            continue
        if len(index) > 3 or int(index) > HEADER_INDEX:
            # health.conditions[30000000] would make a list of 30 million entries first.
            raise ComplaintgenError(
                f"{where}: column «{header}»: [{index}] is past the {HEADER_INDEX + 1} items a "
                f"list may hold; number the items from [0]"
            )
        items = target.setdefault(name, [])
        if not isinstance(items, list):  # `language` and `language[0]` both given
            raise ComplaintgenError(
                f"{where}: column «{header}» makes a list of a field that another column sets "
                "to a value; keep one of the two"
            )
        position = int(index)
        while len(items) <= position:
            items.append({})
        if last:
            items[position] = value
        else:
            target = items[position]
