"""Answers as typed and as stored: reading yes/no and choices, showing a stored answer, and
walking the answers of a section.

Yes/no answers are read here, not by click: on a Russian keyboard layout the key of «y» types «н»
(«нет»), so in Russian a lone «y» is ambiguous and is asked again rather than taken as yes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from complaintgen.case.model import Declension, LocalText
from complaintgen.interview.specs import Loc

# «15.08.2024», as dates are written in Russia: the re-ask offers 2024-08-15.
DAY_FIRST = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
# What `match` returns when an answer names none of the choices (None is a choice: "none").
NOTHING = object()


def yes_no(text: str, language: str) -> bool | None:
    """True, False, or None when the answer is neither (or ambiguous across keyboard layouts)."""
    word = text.strip().casefold()
    if word in ("да", "yes", "д"):
        return True
    if word in ("нет", "no", "н", "n"):
        return False
    # «y» is the «н» key of a Russian layout: yes in English, but a slip of «нет» in Russian.
    if word == "y" and language == "en":
        return True
    return None


def match(answer: str, choices: tuple[Any, ...], names: list[str]) -> Any:
    """The choice an answer names: its number, its label, or its value; _NOTHING if none."""
    text = answer.strip().casefold()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    for choice, name in zip(choices, names, strict=True):
        if text in (name.casefold(), str(choice).casefold()):
            return choice
        # «а)», «б)» in the medical variants: the letter alone picks the line.
        if len(text) == 1 and name.casefold().startswith(text + ")"):
            return choice
    return NOTHING


def shown(value: Any) -> str:
    """A stored answer as the person would type it."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return str(value.get("ru") or value.get("en") or "")
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    return str(value)


def rank_text(parent: dict[str, Any]) -> str | None:
    """«гвардии старший лейтенант медицинской службы»: the three rank fields as one answer."""
    rank = parent.get("rank")
    if not rank:
        return None
    parts = ["гвардии" if parent.get("guards") else "", str(rank), parent.get("rank_service") or ""]
    return " ".join(part for part in parts if part)


def declension(value: Any) -> Declension | None:
    if not isinstance(value, dict):
        return None
    try:
        return Declension.model_validate(value)
    except ValidationError:
        return None


def rows(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    """(location, value) of every answer under `value`, in the order of the file."""
    is_text = isinstance(value, dict) and value and set(value) <= {"ru", "en"}
    if isinstance(value, dict) and not is_text:
        for key, inner in value.items():
            if key == "rank":
                yield (*loc, key), rank_text(value)  # one answer, as it was asked
            elif key not in ("guards", "rank_service") or "rank" not in value:
                yield from rows(inner, (*loc, key))
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        for index, item in enumerate(value):
            yield from rows(item, (*loc, index))
    elif value is not None and value != [] and value != {}:
        yield loc, value


def normalised(raw: Any, validated: Any) -> Any:
    """`raw` answers with each plain value replaced by the model's reading of it.

    Free text keeps its shape (a string or {ru, en}); mappings and lists are walked in step.
    """
    if isinstance(validated, LocalText):
        return raw
    if isinstance(raw, dict) and isinstance(validated, BaseModel):
        return {
            key: normalised(value, getattr(validated, key, value)) for key, value in raw.items()
        }
    if isinstance(raw, list) and isinstance(validated, list) and len(raw) == len(validated):
        return [normalised(r, v) for r, v in zip(raw, validated, strict=True)]
    if isinstance(validated, str | int | bool | dt.date) or validated is None:
        return validated
    return raw
