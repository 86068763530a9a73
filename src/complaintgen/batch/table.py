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
import difflib
import io
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from complaintgen.case.casefile import day_first
from complaintgen.limits import CELL_CHARS, HEADER_INDEX, SPREADSHEET_BYTES
from complaintgen.messages.language import said
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
    dates: set[str] | None = None
    for number, row in rows:
        if dates is None:  # every row has the same columns: the header row's
            dates = _date_columns(path, row)
        cells = {header: _from_folder(header, value, folder) for header, value in row.items()}
        # «20.11.2026», as lawyers type a date into a text cell; a cell that names no day is
        # left as it is, for the case's rules to say what is wrong with it.
        yield number, {h: day_first(v) or v if h in dates else v for h, v in cells.items()}


_ATTACHMENT_FILE = re.compile(r"^attachments\[\d+\]\.file$")


def _date_columns(path: Path, row: dict[str, Any]) -> set[str]:
    """The columns that hold a date. A column the case format does not have is an error that
    names the nearest field it has: a misspelt header would otherwise show only as a missing
    field, in every row."""
    from complaintgen.case.model import Case

    dates = set()
    for header in row:
        parts = header.split(".")
        if header == ID_COLUMN or not all(_PART.match(part) for part in parts):
            continue  # a malformed path is reported where its cells are read (`_put`)
        if dt.date in _field_types(Case, parts, f"{path}: column «{header}»"):
            dates.add(header)
    return dates


def _field_types(model: type[BaseModel], parts: list[str], where: str) -> set[Any]:
    """The types the field at the header `parts` (from `model` down) may hold."""
    kinds: set[Any] = {model}
    for depth, part in enumerate(parts):
        name = _PART.match(part)[1]  # type: ignore[index]  # checked by the caller
        fields = {
            key: info.annotation
            for kind in kinds
            if isinstance(kind, type) and issubclass(kind, BaseModel)
            for key, info in kind.model_fields.items()
        }
        if name not in fields:
            nearest = difflib.get_close_matches(name, sorted(fields), n=1, cutoff=0.6)
            near = None
            if nearest:
                near = ".".join(
                    [*parts[:depth], part.replace(name, nearest[0], 1), *parts[depth + 1 :]]
                )
            raise said(
                "sheet.unknown_column",
                where=where,
                near=near,
                above=".".join(parts[:depth]) or None,
                fields=sorted(fields),
            )
        kinds = _unwrapped(fields[name])
    return kinds


def _unwrapped(kind: Any) -> set[Any]:
    """`kind` without Optional, unions, Annotated and lists: the types a cell can fill."""
    origin = typing.get_origin(kind)
    if origin is typing.Annotated:
        return _unwrapped(typing.get_args(kind)[0])
    if origin in (typing.Union, types.UnionType, list):
        found: set[Any] = set()
        for arg in typing.get_args(kind):
            found |= _unwrapped(arg)
        return found
    return {kind}


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
        raise said(
            "sheet.too_large",
            path=path,
            size=megabytes(error.size),
            limit=megabytes(SPREADSHEET_BYTES),
        ) from None
    except NotRegularFile:
        raise said("sheet.not_regular", path=path) from None
    except ValueError:
        raise said("file.bad_name", path=repr(str(path))) from None
    except FileNotFoundError:
        raise said("sheet.missing", path=path) from None
    except OSError as error:
        raise said("file.unreadable", path=path, reason=error.strerror) from None


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
                    raise said("sheet.extra_cells", path=path, row=number)
                if any((value or "").strip() for value in row.values()):
                    yield number, row
    except csv.Error as error:
        # A cell past csv's field limit (131 072 characters), or quoting that never closes.
        raise said(
            "sheet.bad_csv", path=path, row=reader.line_num + 1, error=error, limit=CELL_CHARS
        ) from None
    except UnicodeDecodeError:
        raise said("sheet.not_utf8", path=path) from None
    except OSError as error:
        raise said("file.unreadable", path=path, reason=error.strerror) from None


def _xlsx_rows(path: Path, data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise said("sheet.bad_xlsx", path=path, error=error) from None
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
            raise said("sheet.not_a_path", where=where, header=header)
        name, index = match[1], match[2]
        last = depth == len(parts) - 1
        if not isinstance(target, dict):
            raise said("sheet.inside_value", where=where, header=header)
        if index is None:
            if last:
                target[name] = value
            else:
                target = target.setdefault(name, {})
            continue
        if len(index) > 3 or int(index) > HEADER_INDEX:
            # health.conditions[30000000] would make a list of 30 million entries first.
            raise said(
                "sheet.index_too_big",
                where=where,
                header=header,
                index=index,
                limit=HEADER_INDEX + 1,
            )
        items = target.setdefault(name, [])
        if not isinstance(items, list):  # `language` and `language[0]` both given
            raise said("sheet.list_of_value", where=where, header=header)
        position = int(index)
        while len(items) <= position:
            items.append({})
        if last:
            items[position] = value
        else:
            target = items[position]
