"""Agreement of a predicate with the subject the user typed: «перелом … получен»,
«контузия … получена», «ранения … получены».

A template that follows a free-text noun phrase with a participle, a short adjective or a verb
in the past tense cannot know the phrase's gender and number; `agree` reads them with pymorphy3
and inflects the word. When the subject cannot be read (an abbreviation such as «ПТСР», a phrase
that does not start with a noun) `agree` returns None, and the template must rephrase so that
no agreement is needed.

Coordinated subjects («снижение массы тела, обострение гастрита») take the plural.
"""

from __future__ import annotations

import re

from .phrases import _analyzer

# Grammemes a predicate takes from its subject.
_GENDERS = ("masc", "femn", "neut")
# Words that may stand before the head noun: adjectives, participles, numerals, adverbs of degree.
_MODIFIERS = frozenset({"ADJF", "PRTF", "NUMR", "ADVB", "Anum"})
_PARENTHESES = re.compile(r"\([^()]*\)|«[^«»]*»|\"[^\"]*\"")
# Top-level coordination: a comma, a semicolon, «и», «а также».
_COORDINATION = re.compile(r"\s*[,;]\s*|\s+(?:и|а также)\s+")
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
# A segment with no noun of its own (an adjective tail after a comma: «…, консолидированный»).
_NO_NOUN: frozenset[str] = frozenset()


def subject_grammemes(phrase: str) -> frozenset[str] | None:
    """{"masc", "sing"} … {"plur"} for the subject `phrase`, or None if it cannot be read."""
    segments = [s for s in _COORDINATION.split(_PARENTHESES.sub(" ", phrase)) if s.strip()]
    heads = [_head(segment) for segment in segments]
    nouns = [head for head in heads if head is not None and head != _NO_NOUN]
    if not nouns or len(nouns) + heads.count(_NO_NOUN) != len(heads):
        return None
    return frozenset({"plur"}) if len(nouns) > 1 else nouns[0]


def _head(segment: str) -> frozenset[str] | None:
    """The grammemes of the segment's head noun; _NO_NOUN when the segment holds only
    modifiers; None when it cannot be read."""
    for token in segment.split():
        match = _WORD.fullmatch(token.strip(".,:;!?"))
        if match is None:
            return None  # digits, Latin letters, dotted abbreviations: no readable head
        word = match.group(0)
        if word.isupper() and len(word) > 1:
            return None  # an abbreviation: its gender is a convention, not a form
        parses = _analyzer().parse(word.lower())
        best = parses[0].tag.POS if parses else None
        if best in _MODIFIERS:
            continue
        nouns = [p for p in parses if {"NOUN", "nomn"} <= p.tag.grammemes]
        if not nouns or "Abbr" in nouns[0].tag:
            return None
        tag = nouns[0].tag
        if "plur" in tag:
            return frozenset({"plur"})
        gender = next((g for g in _GENDERS if g in tag), None)
        return frozenset({gender, "sing"}) if gender else None
    return _NO_NOUN


def agree(word: str, phrase: str) -> str | None:
    """`word` (a participle, short adjective or past-tense verb as written for any subject)
    made to agree with the subject `phrase`; None when the phrase's gender cannot be read."""
    grammemes = subject_grammemes(phrase)
    if grammemes is None:
        return None
    analyzer = _analyzer()
    for parse in analyzer.parse(word):
        if parse.tag.POS not in {"PRTS", "ADJS", "VERB"}:
            continue
        wanted = set(grammemes)
        if parse.tag.POS == "VERB" and "past" not in parse.tag:
            continue
        inflected = parse.inflect(wanted)
        if inflected is not None:
            return str(inflected.word)
    return None
