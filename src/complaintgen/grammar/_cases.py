"""Grammatical cases and genders shared by every part of the grammar package."""

from __future__ import annotations

# `typing` costs more to import (≈13 ms here) than the rest of the package together, and the
# package is imported by `complaintgen --help`. So it is imported only for type checkers
# (mypy treats a module-level TYPE_CHECKING like typing.TYPE_CHECKING) and, at run time, only
# when someone reads `Gender` (see __getattr__ below).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    Gender = Literal["male", "female"]

CASES: tuple[str, ...] = (
    "nominative",
    "genitive",
    "dative",
    "accusative",
    "instrumental",
    "prepositional",
)

GENDERS: tuple[str, ...] = ("male", "female")


def __getattr__(name: str) -> object:
    # PEP 562: build `Gender` the first time it is used at run time (by pydantic, say).
    if name == "Gender":
        from typing import Literal

        gender = Literal["male", "female"]
        globals()["Gender"] = gender
        return gender
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def case_index(case: str) -> int:
    """Position of `case` in CASES; the tables of this package are ordered the same way."""
    try:
        return CASES.index(case)
    except ValueError:
        raise ValueError(
            f"unknown grammatical case {case!r}; use one of: {', '.join(CASES)}"
        ) from None


def check_gender(gender: str) -> None:
    """Reject anything but "male" / "female" early: a wrong gender silently declines wrongly."""
    if gender not in GENDERS:
        raise ValueError(f"unknown gender {gender!r}; use 'male' or 'female'")
