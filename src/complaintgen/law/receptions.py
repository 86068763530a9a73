"""The online receptions (``data/online_receptions.yaml``): where a document can be filed as text,
and how much text each form takes.

A limit is a number only where a source shows it; an unknown limit is null and unverified, and
the packet then gives the text's length alone. The file is read once, with the strict loader of
every law data file, and checked: a hand-edited limit that is wrong in form stops the program
with the entry named, rather than silently warning or not.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from complaintgen.law.datafile import RegistryError, packaged, parse_data

FILENAME = "online_receptions.yaml"

_FIELDS = (
    "name_ru",
    "name_en",
    "address",
    "address_status",
    "text_limit",
    "limit_source",
    "limit_status",
    "checked",
    "note",
)
_STATUSES = ("verified", "partial", "unverified")


@dataclass(frozen=True)
class Reception:
    """An online reception, and what is known about how much text its form takes."""

    key: str
    name_ru: str
    name_en: str
    address: str | None
    text_limit: int | None
    limit_source: str | None
    limit_status: str

    def name(self, language: str) -> str:
        return self.name_ru if language == "ru" else self.name_en


@dataclass(frozen=True)
class Receptions:
    """Every reception by key, and which receptions take each document (``doc`` or
    ``doc.variant``), in the order to suggest them."""

    table: Mapping[str, Reception]
    by_document: Mapping[str, tuple[str, ...]]

    def for_document(self, doc_id: str, variant: str | None = None) -> tuple[Reception, ...]:
        """The receptions that take `doc_id`; `variant` (an addressee variant such as
        ``civilian``) picks its own list where the file gives one."""
        keys = self.by_document.get(f"{doc_id}.{variant}", self.by_document.get(doc_id, ()))
        return tuple(self.table[key] for key in keys)

    def documents(self) -> tuple[str, ...]:
        """Every document some reception takes."""
        return tuple(sorted({key.split(".")[0] for key in self.by_document}))


@functools.cache
def receptions() -> Receptions:
    """The packaged receptions file, read once."""
    source = packaged(FILENAME)
    return parse_receptions(f"complaintgen/law/data/{FILENAME}", source.read_text(encoding="utf-8"))


def parse_receptions(name: str, text: str) -> Receptions:
    """The receptions of a file's `text`; every problem at once as a `RegistryError` naming
    `name` and the entry."""
    data = parse_data(name, text)
    if not isinstance(data, dict):
        raise RegistryError([f"{name}: give the mappings receptions: and documents:"])
    problems: list[str] = []
    table: dict[str, Reception] = {}
    for key, entry in _mapping(data, "receptions", name, problems).items():
        reception = _reception(name, str(key), entry, problems)
        if reception is not None:
            table[reception.key] = reception
    by_document: dict[str, tuple[str, ...]] = {}
    for document, keys in _mapping(data, "documents", name, problems).items():
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            problems.append(f"{name}: documents.{document}: give a list of reception keys")
            continue
        unknown = [k for k in keys if k not in table]
        if unknown:
            problems.append(f"{name}: documents.{document}: no reception {unknown[0]!r}")
        by_document[str(document)] = tuple(keys)
    if problems:
        raise RegistryError(problems)
    return Receptions(table, by_document)


def _mapping(data: dict[str, Any], field: str, name: str, problems: list[str]) -> dict[Any, Any]:
    value = data.get(field) or {}
    if not isinstance(value, dict):
        problems.append(f"{name}: {field}: give a mapping")
        return {}
    return value


def _reception(name: str, key: str, entry: object, problems: list[str]) -> Reception | None:
    if not isinstance(entry, dict) or set(entry) != set(_FIELDS):
        problems.append(f"{name}: receptions.{key}: give exactly {', '.join(_FIELDS)}")
        return None
    limit, status = entry["text_limit"], entry["limit_status"]
    if status not in _STATUSES:
        problems.append(f"{name}: receptions.{key}.limit_status: one of {', '.join(_STATUSES)}")
    if limit is not None and (
        not isinstance(limit, int)
        or isinstance(limit, bool)
        or not entry["limit_source"]
        or status == "unverified"
    ):
        problems.append(
            f"{name}: receptions.{key}.text_limit: a limit is a whole number with a "
            "limit_source and a limit_status other than unverified; otherwise write null"
        )
    return Reception(
        key=key,
        name_ru=entry["name_ru"],
        name_en=entry["name_en"],
        address=entry["address"],
        text_limit=limit,
        limit_source=entry["limit_source"],
        limit_status=status,
    )
