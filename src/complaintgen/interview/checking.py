"""Checking an answer against the whole case, before the case is whole.

An answer is put into the case data where it belongs and the whole case is validated by the
case's models, exactly as `validate` does; sections not answered yet are stood in for by valid
placeholders. The problems come back with their message codes (`casefile.Problem`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set
from typing import Any

from pydantic import ValidationError

from complaintgen.case.casefile import Problem, problems_in
from complaintgen.case.model import Case
from complaintgen.interview.specs import SECTIONS

# Valid stand-ins for the sections not answered yet, so that one answer can be checked against
# the whole case. They are chosen to break no rule (dates in order and in the past).
_PLACEHOLDERS: dict[str, Any] = {
    "serviceman": {
        "surname": "Х",
        "name": "Х",
        "gender": "male",
        "rank": "рядовой",
        "address": "Х-город",
    },
    "unit": {"number": "1000"},
    "captivity": {"captured_on": dt.date(1900, 1, 1), "released_on": dt.date(1900, 1, 2)},
    "health": {"conditions": [{"description": "Х"}]},
}
_REPRESENTATIVE_PLACEHOLDER = {
    "relation": "other",
    "surname": "Х",
    "name": "Х",
    "gender": "male",
    "address": "Х-город",
    "register_number": "Х",
    "order_number": "Х",
    "bar": "Х",
}


def probe(
    data: dict[str, Any], *, settled: Set[str], current: str | None, today: dt.date
) -> dict[str, Any]:
    """The case to validate: answered sections as they are, placeholders for the rest.

    `settled` sections stand as answered; `current` is the section being asked (its answers so
    far, no placeholder).
    """
    case = {key: value for key, value in data.items() if key not in SECTIONS}
    case["schema_version"] = 1
    if case.get("date") is None:
        case["date"] = today
    for name in SECTIONS:
        if name in settled or name == current:
            if name in data:
                case[name] = data[name]
            elif name in _PLACEHOLDERS and name != current:
                case[name] = _PLACEHOLDERS[name]
        elif name == "representative" and isinstance(data.get(name), dict):
            kind = data[name].get("kind")
            if kind in ("relative", "lawyer"):
                case[name] = {**_REPRESENTATIVE_PLACEHOLDER, "kind": kind}
        elif name in _PLACEHOLDERS:
            case[name] = _PLACEHOLDERS[name]
    return case


def problems(case: dict[str, Any]) -> list[Problem]:
    """Every problem the case's rules find in `case`, as `validate` would report them."""
    try:
        Case.model_validate(case)
    except ValidationError as error:
        return problems_in(error, case)
    return []
