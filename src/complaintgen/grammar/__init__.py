"""Russian grammar for the letters: names, ranks, titles, dates, plurals, transliteration.

- Names decline through pytrovich (a petrovich port), ranks through a hand-written table of
  ФЗ-53 ст. 46, positions and body titles through rules over pymorphy3.
- pytrovich and pymorphy3 load on first use, never at import: importing this package is cheap.
- Cases are named by the strings of CASES; an unknown case raises ValueError.
- Every automatic form is a suggestion the case file can override.
"""

from ._cases import CASES
from .agreement import agree
from .english import kin_of, rank_in_english, relation_in_english
from .names import (
    decline_name,
    decline_patronymic,
    decline_surname,
    full_name,
    initials,
    initials_surname,
    surname_initials,
)
from .phrases import decline_phrase
from .ranks import RANKS, decline_rank, is_rank, nearest_ranks, normalise_rank, split_rank
from .text import (
    RELATIONS,
    format_date,
    gendered,
    plural,
    relation_gender,
    relation_noun,
    sheets,
    transliterate,
)
from .typography import bind, introduced

TYPE_CHECKING = False  # not typing.TYPE_CHECKING, which would import typing: see _cases.py
if TYPE_CHECKING:
    from ._cases import Gender


def __getattr__(name: str) -> object:
    # `Gender` is built on first use (PEP 562), so that importing the package stays cheap.
    if name == "Gender":
        from . import _cases

        return _cases.Gender
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CASES",
    "RANKS",
    "RELATIONS",
    "Gender",
    "agree",
    "bind",
    "decline_name",
    "decline_patronymic",
    "decline_phrase",
    "decline_rank",
    "decline_surname",
    "format_date",
    "full_name",
    "gendered",
    "initials",
    "initials_surname",
    "introduced",
    "is_rank",
    "kin_of",
    "nearest_ranks",
    "normalise_rank",
    "plural",
    "rank_in_english",
    "relation_gender",
    "relation_in_english",
    "relation_noun",
    "sheets",
    "split_rank",
    "surname_initials",
    "transliterate",
]
