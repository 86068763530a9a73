"""Raising a coded problem from a pydantic validator.

pydantic carries a custom error's code as the error's ``type`` and its parameters as ``ctx``;
`complaintgen.case.casefile.explain` reads them back. The error's own message is the English
text, for whoever reads pydantic's errors directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic_core import PydanticCustomError

from complaintgen.messages.catalog import render

# The code of an error that holds several problems, each with its own place in the case.
SEVERAL = "several"


def invalid(code: str, **params: Any) -> PydanticCustomError:
    """The error to raise for `code`: ``raise invalid("rank.unknown", value=..., near=[...])``."""
    return PydanticCustomError(code, render(code, "en", **params), params)


def several(problems: Iterable[tuple[str, str, dict[str, Any]]]) -> PydanticCustomError:
    """One error for several problems of a model, each (dotted field path below the model,
    code, parameters): a rule across fields reports every problem it finds at once."""
    found: list[dict[str, Any]] = []
    texts: list[str] = []
    for at, code, params in problems:
        found.append({"at": at, "code": code, "params": params})
        texts.append(f"{at}: {render(code, 'en', **params)}")
    return PydanticCustomError(SEVERAL, "; ".join(texts), {"problems": found})
