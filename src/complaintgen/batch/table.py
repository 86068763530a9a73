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
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from complaintgen.errors import ComplaintgenError

ID_COLUMN = "id"
_PART = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as a spreadsheet shows it, header → value) for each non-empty row."""
    if path.suffix.lower() == ".xlsx":
        yield from _xlsx_rows(path)
    else:
        yield from _csv_rows(path)


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        # utf-8-sig: Excel saves CSV with a byte-order mark.
        with path.open(encoding="utf-8-sig", newline="") as handle:
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
    except UnicodeDecodeError:
        raise ComplaintgenError(f"{path}: not UTF-8 text; save the CSV as UTF-8") from None
    except OSError as error:
        raise ComplaintgenError(f"{path}: cannot be read ({error.strerror})") from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
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


def row_to_case(row: dict[str, Any], where: str) -> tuple[str | None, dict[str, Any]]:
    """(the row's id or None, the nested case data) from one row."""
    data: dict[str, Any] = {}
    row_id = None
    for header, raw in row.items():
        value = raw.strip() if isinstance(raw, str) else raw
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
        items = target.setdefault(name, [])
        position = int(index)
        while len(items) <= position:
            items.append({})
        if last:
            items[position] = value
        else:
            target = items[position]
