"""Positions and body titles («военный прокурор Курского гарнизона») in any case.

The rule, over pymorphy3's analyses: a title starts with adjectives or participles that agree
with a head noun («Главный военный прокурор»); those words and the head change, everything after
the head is already a genitive or prepositional tail, a number or a quoted name and stays as
written. The result is a suggestion: every form can be overridden in the case file.

pymorphy3 loads its dictionary (about 0.1 s) on the first call, never at import.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._cases import case_index
from .ranks import decline_rank

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: see _cases.py
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# pymorphy3's grammemes for CASES, in the same order.
_GRAMMEMES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_ADJECTIVE_POS = frozenset({"ADJF", "PRTF"})

# «врио командира …», «и. о. начальника …»: an indeclinable abbreviation whose rest is
# already in the genitive, so the whole title is the same in every case.
_INDECLINABLE_LEAD = re.compile(
    r"^\s*(?:врио|врид|вр\.\s*и\.\s*о\.|вр\.\s*и\.\s*д\.|и\.\s*о\.|и\.\s*д\.)(?=\s|$)",
    re.IGNORECASE,
)

# A word token: leading punctuation, the word (letters and inner hyphens), trailing punctuation.
_WORD = re.compile(r"^(?P<lead>\W*)(?P<core>[^\W\d_]+(?:-[^\W\d_]+)*)(?P<trail>\W*)$")


# A word pymorphy3 can decline: Cyrillic letters, inner hyphens allowed.
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    # pymorphy3 2.0 imports cleanly under `filterwarnings = error`; if a later release warns
    # on import, catch that warning here, narrowly, rather than in the pytest config.
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


class _Word:
    """One word of the title to decline, with the analysis chosen for it."""

    __slots__ = ("parse", "position", "text")

    def __init__(self, position: int, text: str, parse: Any) -> None:
        self.position = position  # index in the token list
        self.text = text  # the word as written, without surrounding punctuation
        self.parse = parse  # pymorphy3 Parse


def _nominatives(word: str) -> list[Any]:
    return [p for p in _analyzer().parse(word) if "nomn" in p.tag]


def _is_adjective(parse: Any) -> bool:
    return bool(parse.tag.POS in _ADJECTIVE_POS)


def _agree(modifier: Any, head: Any) -> bool:
    """Same number, and in the singular the same gender: «главный врач», «старшая сестра»."""
    if modifier.tag.number != head.tag.number:
        return False
    return bool(modifier.tag.number == "plur" or modifier.tag.gender == head.tag.gender)


def _best(parses: list[Any], keep: Callable[[Any], bool]) -> Any | None:
    # pymorphy3 sorts analyses by likelihood; keep the order and take the first that fits.
    return next((p for p in parses if keep(p)), None)


def _agreeing(options: list[Any], head: Any) -> Any:
    """The analysis of a modifier that agrees with the head («военный» as an adjective)."""
    return next((p for p in options if _agree(p, head)), options[0])


def _split_word(token: str) -> tuple[str, str]:
    """(word, trailing punctuation) of a plain word token; ("", "") for anything else.

    A token with leading punctuation opens a quoted name or a bracket, which never declines.
    """
    match = _WORD.match(token)
    if not match or match.group("lead"):
        return "", ""
    return match.group("core"), match.group("trail")


def _find_words(tokens: list[str]) -> list[_Word]:
    """The leading modifiers and the head noun of a title, in order; [] when none is found."""
    # Adjectives waiting for their head: (token position, word, adjective analyses).
    pending: list[tuple[int, str, list[Any]]] = []
    positions = [i for i, token in enumerate(tokens) if token and not token.isspace()]
    for number, position in enumerate(positions):
        text, trail = _split_word(tokens[position])
        if not text or (len(text) > 1 and text.isupper()) or _CYRILLIC_WORD.fullmatch(text) is None:
            # A number, a quote, an abbreviation such as «ФГКУ», or a word that is not all
            # Cyrillic («QXСмирнов»): no title to decline here; it stays as written.
            return []
        parses = _nominatives(text)
        if not parses:
            if not pending and any(p.tag.POS == "ADVB" for p in _analyzer().parse(text)):
                continue  # «временно исполняющий обязанности …»: the adverb never changes
            return []
        adjectives = [p for p in parses if _is_adjective(p)]
        following = [] if trail else _next_nominatives(tokens, positions, number)
        if adjectives and any(_agree(a, f) for a in adjectives for f in following):
            # «Главный» before «военный прокурор»: a modifier of a head still to come.
            pending.append((position, text, adjectives))
            continue
        # The head: a noun when the word can be one («командующий войсками»), otherwise a
        # substantivised adjective («дежурный по части»).
        head = _best(parses, lambda p: p.tag.POS == "NOUN") or parses[0]
        words = [_Word(at, word, _agreeing(options, head)) for at, word, options in pending]
        return [*words, _Word(position, text, head)]
    return []


def _next_nominatives(tokens: list[str], positions: list[int], number: int) -> list[Any]:
    """Nominative analyses of the word after positions[number]; [] when it is not a word."""
    if number + 1 >= len(positions):
        return []
    text, _ = _split_word(tokens[positions[number + 1]])
    return _nominatives(text) if text else []


def _inflect(word: _Word, grammeme: str, head: Any) -> str | None:
    """The word in the case (lower case, as pymorphy3 gives it); None if it has no such form."""
    wanted = {grammeme}
    if _is_adjective(word.parse):
        # Pin the adjective's number and gender, or pymorphy3 may pick another form of the same
        # case («старшую», not «старшего», before «сестру»).
        tag = word.parse.tag
        wanted |= {tag.number} if tag.number == "plur" else {tag.number, tag.gender}
        if (
            grammeme == "accs"
            and head.tag.animacy
            and (tag.number == "plur" or tag.gender == "masc")
        ):
            # The accusative of these depends on the head's animacy: «главного врача», but
            # «главный госпиталь».
            wanted.add(head.tag.animacy)
    form = word.parse.inflect(wanted - {None})
    return None if form is None else str(form.word)


def _restore_spelling(original: str, form: str, keep_yo: bool) -> str:
    """Carry over the writer's capitals, and «е» for «ё» unless they write «ё» themselves.

    Capitals are carried part by part across hyphens: «Врач-Эксперт» → «Врачу-Эксперту».
    """
    if not keep_yo:
        form = form.replace("ё", "е")
    parts, written = form.split("-"), original.split("-")
    if len(parts) != len(written):
        return _restore_capitals(original, form)
    return "-".join(_restore_capitals(was, now) for was, now in zip(written, parts, strict=True))


def _restore_capitals(original: str, form: str) -> str:
    if len(original) > 1 and original.isupper():
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _decline_as_rank(phrase: str, case: str) -> str | None:
    """A rank («гвардии рядовой») through the rank table; None when the phrase is not one."""
    try:
        declined = decline_rank(phrase, case)
    except KeyError:
        return None
    if phrase.lstrip()[:1].isupper():
        declined = declined[:1].upper() + declined[1:]
    return declined


@lru_cache(maxsize=1024)
def decline_phrase(phrase: str, case: str) -> str:
    """A position or body title given in the nominative, in `case`.

    «Главный военный прокурор» → dative «Главному военному прокурору»; «стрелок 2
    мотострелкового отделения» → genitive «стрелка 2 мотострелкового отделения»; «врио
    командира войсковой части 12345» is the same in every case. Text that does not start with
    a recognisable title is returned unchanged. A rank («гвардии рядовой») goes through
    `decline_rank`, so a rank and a position can share one field.
    """
    index = case_index(case)
    if index == 0 or _INDECLINABLE_LEAD.match(phrase):
        return phrase
    as_rank = _decline_as_rank(phrase, case)
    if as_rank is not None:
        return as_rank
    tokens = re.split(r"(\s+)", phrase)
    words = _find_words(tokens)
    if not words:
        return phrase
    head = words[-1].parse
    keep_yo = "ё" in phrase.lower()
    for word in words:
        form = _inflect(word, _GRAMMEMES[index], head)
        if form is not None:
            _, trail = _split_word(tokens[word.position])
            tokens[word.position] = _restore_spelling(word.text, form, keep_yo) + trail
    return "".join(tokens)
