"""Which language to speak to the user in, when no case says it."""

from __future__ import annotations

import os
from pathlib import Path

from complaintgen.errors import CaseError, ComplaintgenError
from complaintgen.messages.catalog import LANGUAGES, render

# The language the user asked for with ``--lang`` in this process (`prefer`), if any.
_preferred: str | None = None


def prefer(language: str | None) -> None:
    """Speak `language` wherever no case says otherwise, in this process (``--lang``)."""
    global _preferred
    _preferred = language if language in LANGUAGES else None


def user_language(*chosen: str | None) -> str:
    """The first of `chosen` that is given (the case's language, then ``--lang``), else the one
    the user `prefer`red, else the locale's: LC_ALL, LC_MESSAGES, LANG as POSIX orders them;
    English for any other locale."""
    for language in (*chosen, _preferred):
        if language in LANGUAGES:
            return language
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    return "en"


def said(code: str, language: str | None = None, **params: object) -> ComplaintgenError:
    """The user's mistake `code` (a message of the catalog) as an error, in `language`, else in
    ``--lang``'s or the locale's: for what goes wrong before a case's language is known."""
    return ComplaintgenError(render(code, user_language(language), **params))


def in_one_line(error: CaseError, path: Path | str | None = None) -> CaseError:
    """The first of `error`'s problems, and how many more there are, to be read with
    `complaintgen validate` of the case file (`path`, else the one the problems are about)."""
    more = len(error.problems) - 1
    if not more:
        return error
    where = path if path is not None else error.path
    line = render(
        "case.more_problems",
        user_language(error.language),
        first=error.problems[0],
        more=more,
        path=where,
    )
    return CaseError([line], language=error.language, path=where)
