"""The case as a template sees it: inert records, never the models themselves.

A template (an organisation's own, given with ``--templates``) runs in Jinja's immutable
sandbox, which stops writes to lists and dicts and reaching Python internals, but not the public
methods of the objects it is handed. A pydantic model has many (``parse_file`` reads any file,
``parse_raw(…, proto="pickle")`` runs code), and so has a ``pathlib.Path`` (``write_text``,
``unlink``, ``read_text``). So every record of the case reaches a template as a `View`: its
fields, converted the same way, and no method at all; a path as text; lists as tuples.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from enum import Enum
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

from complaintgen.case.model import LocalText

_PLAIN = (str, int, float, bool, dt.date, type(None))


class View:
    """A record as templates read it: its fields as attributes, read-only, and no methods."""

    __slots__ = ("__fields",)

    def __init__(self, **fields: Any) -> None:
        object.__setattr__(self, "_View__fields", fields)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{name}: a record of the case is read-only")

    def __iter__(self) -> Any:
        raise TypeError("a record of the case is not a list")

    def fields(self) -> Mapping[str, Any]:
        """The record's fields (for the checks in tests; a template reads them as attributes)."""
        return dict(self.__fields)


class Text(View):
    """Free text (plain, or ``{ru, en}``) as a template sees it; printed through ``text()``.

    The model stays in a private slot, which the sandbox refuses to a template (it refuses every
    name that starts with an underscore): only the context's own ``text()`` helper reads it.
    """

    __slots__ = ("_source",)

    def __init__(self, source: LocalText) -> None:
        super().__init__(ru=source.ru, en=source.en, plain=source.plain)
        object.__setattr__(self, "_source", source)

    def __str__(self) -> str:
        return str(self._source)


def source_of(value: object) -> LocalText | None:
    """The free text behind a `Text` (or a LocalText given as is), for the ``text()`` helper."""
    if isinstance(value, Text):
        source: LocalText = value._source
        return source
    return value if isinstance(value, LocalText) else None


def inert(value: Any) -> Any:
    """`value` as templates may see it: plain values as they are, models as `View`s, paths as
    text, sequences as tuples and mappings as dicts of the same, recursively. A small dataclass
    of the context's own (a specialist, a registry entry) becomes a view of its fields too."""
    if isinstance(value, (*_PLAIN, View)):
        return value
    if isinstance(value, LocalText):
        return Text(value)
    if isinstance(value, BaseModel):
        return View(**{name: inert(getattr(value, name)) for name in type(value).model_fields})
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return View(**{f.name: inert(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): inert(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(inert(item) for item in value)
    raise TypeError(f"{type(value).__name__}: not a value a template may be given")
