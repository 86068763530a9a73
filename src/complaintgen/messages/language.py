"""Which language to speak to the user in, when no case says it."""

from __future__ import annotations

import os

from complaintgen.messages.catalog import LANGUAGES

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
