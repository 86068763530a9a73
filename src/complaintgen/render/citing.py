"""Citations as a document prints them: an act in full at its first mention, short after.

Registry keys name a norm inside an act («fz323_art25_part1», «pp565_p8»); the act is the key
without its article, part, chapter or point («fz323», «pp565»). A `Citer` lives for one render,
so each document introduces every act it cites once, with date, number and title, and then uses
the short form («ст. 61 Федерального закона № 323-ФЗ») whatever the template asked for.
"""

from __future__ import annotations

import re

from complaintgen.law import registry

# «_art25_part1», «_p4_16», «_ch6», «_schedule»: the part of a key below the act.
_WITHIN_ACT = re.compile(r"_(?:art|p|ch|part|schedule)\d*(?:_.*)?$")


def act_of(key: str) -> str:
    """The act a citation key belongs to: ``act_of("fz323_art25_part1") == "fz323"``."""
    return _WITHIN_ACT.sub("", key) or key


class Citer:
    """``cite(key)`` for one document: the full form at an act's first mention, then short."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._mentioned: set[str] = set()

    def __call__(self, key: str, short: bool = False) -> str:
        # `short` is what the template would like; an act not yet introduced is given in full
        # anyway, because a reader must learn its date, number and title once.
        act = act_of(key)
        first = act not in self._mentioned
        self._mentioned.add(act)
        return registry.cite(key, self.language, short=not first)
