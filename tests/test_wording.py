"""The documents read as a lawyer would sign them: whole sentences around typed text, each fact
once, non-breaking spaces where a line must not break, and citations that print no unconfirmed
article or point, each act in full at its first mention and short after."""

from __future__ import annotations

import copy
import re
from functools import cache

import pytest

from complaintgen.case.casefile import case_from_data, load_case
from complaintgen.law import registry
from complaintgen.render.citing import act_of
from complaintgen.render.rendering import render_letter
from tests.conftest import DATE, example_paths
from tests.test_templates import all_renders, full_case, reference

NBSP = "\u00a0"
# An article, part or point number in a citation's text.
_NUMBERED = re.compile(
    r"(?:стать[яи]|ст\.|част[ьи]|ч\.|пункт|пп?\.|глава|гл\.)\s*\d|"
    r"\b(?:Articles?|Arts?\.|para(?:graph)?\.?)\s*\d",
    re.IGNORECASE,
)


@cache
def _renders() -> list[tuple[str, str, str]]:
    """(where, language, filed text) of every document of every example and voice."""
    cases = [(path.stem, load_case(path, today=DATE)) for path in example_paths()]
    for voice in ("self", "relative", "lawyer"):
        for category in ("seriously_wounded_or_sick", "long_captivity", "ordinary"):
            for female in (False, True):
                case = full_case(voice, "vvk_branch", category, female)
                cases.append((f"{voice}/{category}/female={female}", case))
    return [
        (f"{name}:{doc_id}/{language}", language, letter.plain_text(filed_only=True))
        for name, case in cases
        for language, doc_id, letter in all_renders(case)
    ]


def _russian() -> list[tuple[str, str]]:
    return [(where, text) for where, language, text in _renders() if language == "ru"]


def test_no_label_repeats_the_text_it_introduces() -> None:
    for where, _, printed in _renders():
        text = printed.replace(NBSP, " ")
        assert not re.search(r"(\b\w+ \w+): \1", text, re.IGNORECASE), where
        assert "рапорт (обращение)" not in text and "report (appeal)" not in text, where
        # «обмена военнопленными (обмен военнопленными …)», «ордера № 017 (ордер № 017 …)»
        assert not re.search(r"\b(\w{4})\w* (\w+) \(\1\w* \2", text), where


def test_typed_fragments_are_introduced() -> None:
    data = reference()
    data["health"]["treatment_after_return"] = "не проводилось"
    data["captivity"]["after_release"] = "после освобождения около месяца находился в изоляции"
    case = case_from_data(data, today=DATE)
    text = render_letter(case, "vvk_report").plain_text().replace(NBSP, " ")
    assert "Обследование и лечение после возвращения из плена: не проводилось." in text
    assert "После освобождения около месяца находился в изоляции." in text
    assert "Не проводилось." not in text and ": после освобождения" not in text


def test_a_request_with_also_follows_a_request() -> None:
    for where, text in _russian():
        paragraphs = text.split("\n")
        for n, paragraph in enumerate(paragraphs):
            if re.match(r"(Прошу также|Также)\b", paragraph):
                before = "\n".join(paragraphs[:n]).lower()
                assert "прошу" in before, f"{where}: «{paragraph[:40]}…» follows no request"


def test_no_break_after_numero_article_city_or_between_initials() -> None:
    for where, text in _russian():
        for pattern in (r"№ ", r"(?<![\w.])(?:ст|г|ч|п|д)\. (?=\w)", r"\b[А-ЯЁ]\. [А-ЯЁ]\."):
            found = re.search(pattern, text)
            assert not found, f"{where}: a breakable space in «{text[found.start() :][:20]}»"
        assert NBSP in text, where


def test_the_convention_is_named_in_full_once() -> None:
    for where, language, printed in _renders():
        text = printed.replace(NBSP, " ")
        full = (
            "Женевской конвенции об обращении с военнопленными от 12"
            if language == "ru"
            else "Geneva Convention relative to the Treatment of Prisoners of War of 12"
        )
        title = "Женевская конвенция об обращении с военнопленными от 12"
        assert text.count(full) + text.count(title) <= 1, where


def test_no_unconfirmed_article_or_point_is_printed() -> None:
    unconfirmed = [
        (citation.key, form)
        for citation in registry.citations().values()
        if citation.status != "verified"
        for form in (citation.ru, citation.ru_short, citation.en, citation.en_short)
        if _NUMBERED.search(form)
    ]
    assert any(key == "uvs_art19_343" for key, _ in unconfirmed)  # the test sees the class
    for where, _, printed in _renders():
        text = printed.replace(NBSP, " ")
        for key, form in unconfirmed:
            assert form not in text, f"{where} prints {key} ({form}), which is not verified"


def test_an_act_is_given_in_full_before_its_short_form() -> None:
    by_act: dict[str, list[registry.Citation]] = {}
    for citation in registry.citations().values():
        by_act.setdefault(act_of(citation.key), []).append(citation)
    for where, language, printed in _renders():
        text = printed.replace(NBSP, " ").lower()  # a citation may open a sentence
        for act, entries in by_act.items():
            forms = [(c.text(language).lower(), c.text(language, True).lower()) for c in entries]
            fulls = [text.find(full) for full, _ in forms if full in text]
            shorts = [text.find(short) for full, short in forms if short != full and short in text]
            if shorts:
                assert fulls and min(fulls) <= min(shorts), f"{where}: {act} short before full"


def test_the_english_summary_is_anonymised_and_unambiguous() -> None:
    data = reference()
    data["options"] = {**data.get("options", {}), "summary_anonymised": True}
    data["health"]["treatment_after_return"] = "выписан из ФГКУ «1586 ВКГ» МО РФ"
    case = case_from_data(copy.deepcopy(data), today=DATE)
    text = render_letter(case, "case_summary", "en").plain_text(filed_only=True)
    assert "[in Russian]" not in text and "1586" not in text
    assert not re.search(r"\b\d\d\.\d\d\.\d{4}\b", text), "a numeric date abroad is ambiguous"
    assert "Russian Armed Forces" in text
    assert text.count("Geneva Convention relative to the Treatment of Prisoners of War") == 1


@pytest.mark.parametrize("category", ["long_captivity"])
def test_a_contested_reading_is_a_request(category: str) -> None:
    text = render_letter(full_case("self", "vvk_branch", category), "vvk_report").plain_text()
    sentence = next(s for s in text.split(". ") if "длительного плена" in s)
    assert "Прошу" in sentence, sentence
