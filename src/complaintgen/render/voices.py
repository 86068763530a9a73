"""Phrases in every grammatical case (`Forms`), and how a letter names the serviceman and the
applicant's relation to him: «я» / «мой сын» / «доверитель», «мать» / «матери» / «матерью»;
"I", "my son", "my client"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from complaintgen import grammar
from complaintgen.case.model import Declension

_CASE_NAMES = {
    "nom": "nominative",
    "gen": "genitive",
    "dat": "dative",
    "acc": "accusative",
    "ins": "instrumental",
    "pre": "prepositional",
}


class Forms:
    """A phrase in every grammatical case: ``.nom``, ``.gen``, ``.dat``, ``.ins`` and so on.

    Forms come from `decline` unless the case file overrides them; printed as is, it is the
    nominative. English has one form for all cases (`Forms.fixed`).
    """

    def __init__(
        self, nominative: str, decline: Callable[[str], str], override: Declension | None = None
    ):
        self._nominative = nominative
        self._decline = decline
        self._override = override

    @classmethod
    def fixed(cls, text: str) -> Forms:
        return cls(text, lambda case: text)

    def __getattr__(self, short: str) -> str:
        case = _CASE_NAMES.get(short)
        if case is None:
            raise AttributeError(short)
        if case == "nominative":
            return self._nominative
        given = getattr(self._override, case, None) if self._override else None
        return given or self._decline(case)

    def __str__(self) -> str:
        return self._nominative


def kin_forms(relation: str, sm_gender: str, language: str) -> Forms:
    """How a relative names the serviceman: «мой сын», «моего сына», … / "my son"."""
    kin = grammar.kin_of(relation, sm_gender)
    if language == "en":
        return Forms.fixed(f"my {grammar.relation_in_english(kin)}")
    female = grammar.relation_gender(kin) == "female" or (kin == "other" and sm_gender == "female")
    mine = (
        ("моя", "моей", "моей", "мою", "моей", "моей")
        if female
        else ("мой", "моего", "моему", "моего", "моим", "моём")
    )

    def form(case: str) -> str:
        noun = grammar.relation_noun(kin, case, gender="female" if female else "male")
        return f"{mine[grammar.CASES.index(case)]} {noun}"

    return Forms(form("nominative"), form)


# How the letter names the serviceman when it speaks of him: «я» when he writes himself,
# «доверитель» in a lawyer's letter («мой сын» in a relative's comes from `_kin`).
_FIRST_PERSON = ("я", "меня", "мне", "меня", "мной", "мне")
_CLIENT = ("доверитель", "доверителя", "доверителю", "доверителя", "доверителем", "доверителе")
_CLIENT_F = (
    "доверительница",
    "доверительницы",
    "доверительнице",
    "доверительницу",
    "доверительницей",
    "доверительнице",
)
_WHO_EN = {"self": "I", "lawyer": "my client"}
# In a court claim an advocate names his client by his procedural status, as the court does
# (КАС ст. 38): «административный истец», for a servicewoman too.
_CLAIMANT = (
    "административный истец",
    "административного истца",
    "административному истцу",
    "административного истца",
    "административным истцом",
    "административном истце",
)


def claimant_forms(language: str) -> Forms:
    """The serviceman as an advocate's court claim names him."""
    return Forms.fixed("the claimant") if language == "en" else _table(_CLAIMANT)


def _table(forms: tuple[str, ...]) -> Forms:
    return Forms(forms[0], lambda case: forms[grammar.CASES.index(case)])


def relation_forms(rep: Any, language: str) -> Forms:
    if language == "en":
        return Forms.fixed(grammar.relation_in_english(rep.relation))
    return Forms(
        grammar.relation_noun(rep.relation, "nominative", gender=rep.gender),
        lambda case: grammar.relation_noun(rep.relation, case, gender=rep.gender),
    )


def who_forms(voice: str, kin: Forms | None, language: str, gender: str) -> Forms:
    if voice == "relative" and kin is not None:
        return kin
    if language == "en":
        return Forms.fixed(_WHO_EN[voice])
    if voice == "self":
        return _table(_FIRST_PERSON)
    return _table(_CLIENT if gender == "male" else _CLIENT_F)
