"""Make examples/clients.xlsx, the sample spreadsheet `complaintgen example --batch` writes.

One row per voice: the serviceman writing himself (smirnov), a relative writing for him
(smirnova_mother), a lawyer acting for him (orlov_lawyer). The columns are the union of the
three case files' fields as dotted paths (the batch format, batch/table.py), so the sample shows
every column a lawyer's table needs, with a real value under it.

    python scripts/make_clients_xlsx.py      # rewrites examples/clients.xlsx
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import openpyxl
import yaml

ROOT = Path(__file__).resolve().parents[1]
VOICES = ("smirnov", "smirnova_mother", "orlov_lawyer")
# openpyxl stamps the time of writing into the file; a fixed one keeps the file reproducible.
STAMP = dt.datetime(2026, 11, 20)


def flattened(value: Any, path: str = "") -> dict[str, Any]:
    """{dotted path: scalar} of a case file's data, lists as ``name[n]``."""
    if isinstance(value, dict):
        cells: dict[str, Any] = {}
        for key, item in value.items():
            cells.update(flattened(item, f"{path}.{key}" if path else str(key)))
        return cells
    if isinstance(value, list):
        cells = {}
        for index, item in enumerate(value):
            cells.update(flattened(item, f"{path}[{index}]"))
        return cells
    return {path: value}


def main() -> int:
    rows = []
    for name in VOICES:
        data = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))
        rows.append({"id": name, **flattened(data)})
    headers: list[str] = []
    for row in rows:
        headers += [header for header in row if header not in headers]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "clients"
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    book.properties.created = book.properties.modified = STAMP
    book.properties.creator = "complaintgen"
    book.save(ROOT / "examples" / "clients.xlsx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
