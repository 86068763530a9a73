"""Predicates after a typed diagnosis agree with it: «перелом … получен», «контузия … получена»,
«ранения … получены»; an abbreviation («ПТСР») gets a phrase that needs no agreement.

Every Russian document is rendered for every voice, both genders of serviceman and applicant
and every origin, and pymorphy3 reads the words that follow each diagnosis.
"""

from __future__ import annotations

import re
from functools import cache

import pymorphy3
import pytest

from complaintgen.case.casefile import case_from_data
from complaintgen.grammar import agree
from complaintgen.packet.plan import missing_for
from complaintgen.render.rendering import available_documents, render_letter
from tests.conftest import DATE
from tests.test_templates import REPRESENTATIVES, reference

# Diagnosis → the grammemes its predicate must carry (None: an abbreviation, no predicate).
DIAGNOSES = {
    "перелом правой голени": {"masc", "sing"},
    "контузия": {"femn", "sing"},
    "ранение": {"neut", "sing"},
    "множественные осколочные ранения": {"plur"},
    "снижение массы тела, обострение гастрита": {"plur"},
    "ПТСР": None,
}
ORIGINS = ("combat", "captivity", "earlier")
_PREDICATE_POS = {"PRTS", "ADJS", "VERB"}


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def _case(voice: str, female_serviceman: bool, female_applicant: bool):
    data = reference()
    rep = REPRESENTATIVES[voice]
    data["representative"] = dict(rep) if rep else None
    if female_serviceman:
        data["serviceman"].update(
            surname="Смирнова", name="Алёна", patronymic="Викторовна", gender="female"
        )
    if rep:
        applicant = (
            {"surname": "Смирнова", "name": "Ольга", "patronymic": "Ивановна", "gender": "female"}
            if female_applicant
            else {"surname": "Смирнов", "name": "Олег", "patronymic": "Иванович", "gender": "male"}
        )
        data["representative"].update(applicant)
        if voice == "relative":
            data["representative"]["relation"] = "mother" if female_applicant else "father"
    data["health"]["conditions"] = [
        {"description": diagnosis, "since": "2024-08-15", "origin": origin}
        for diagnosis in DIAGNOSES
        for origin in ORIGINS
    ]
    return case_from_data(data, today=DATE)


def _predicates(text: str) -> list[tuple[str, set[str]]]:
    """The participles, short adjectives and past-tense verbs of `text`, with their grammemes."""
    found = []
    for word in re.findall(r"[а-яё]+", text.lower()):
        parse = _morph().parse(word)[0]
        if parse.tag.POS in _PREDICATE_POS and (parse.tag.POS != "VERB" or "past" in parse.tag):
            number = {"plur"} if "plur" in parse.tag else {parse.tag.gender, "sing"}
            found.append((word, number))
    return found


def test_the_helper_reads_gender_number_and_abbreviations() -> None:
    assert agree("получено", "перелом правой голени") == "получен"
    assert agree("возникло", "контузия головного мозга") == "возникла"
    assert agree("получено", "множественные осколочные ранения") == "получены"
    assert agree("возникло", "хроническая пневмония, снижение массы тела") == "возникли"
    assert agree("получено", "ПТСР") is None


@pytest.mark.parametrize("voice", ["self", "relative", "lawyer"])
@pytest.mark.parametrize("female_serviceman", [False, True])
@pytest.mark.parametrize("female_applicant", [False, True])
def test_predicates_after_a_diagnosis_agree(
    voice: str, female_serviceman: bool, female_applicant: bool
) -> None:
    if voice == "self" and female_applicant:
        pytest.skip("the serviceman is the applicant")
    case = _case(voice, female_serviceman, female_applicant)
    checked = 0
    for doc_id in available_documents("ru"):
        if missing_for(case, doc_id):
            continue
        text = render_letter(case, doc_id, "ru").plain_text()
        for diagnosis, wanted in DIAGNOSES.items():
            for match in re.finditer(re.escape(diagnosis) + r" \(([^)]*)\)", text):
                where = f"{doc_id}/{voice}: «{match.group(0)}»"
                for word, grammemes in _predicates(match.group(1)):
                    assert wanted is not None, f"{where}: «{word}» agrees with nothing"
                    assert grammemes == wanted, f"{where}: «{word}» is {grammemes}"
                    checked += 1
    assert checked, "no diagnosis was followed by a predicate: the test saw nothing"
