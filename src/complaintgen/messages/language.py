"""Which language to speak to the user in, when no case says it."""

from __future__ import annotations

import os

from complaintgen.messages.catalog import LANGUAGES


def user_language(*chosen: str | None) -> str:
    """The first of `chosen` that is given (the case's language, then ``--lang``), else the
    locale's: LC_ALL, LC_MESSAGES, LANG as POSIX orders them; English for any other locale."""
    for language in chosen:
        if language in LANGUAGES:
            return language
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    return "en"
