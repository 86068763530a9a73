"""The templates as a whole: both languages, every voice and variant, every citation key real,
no variable outside the context, no forbidden words, neutral wording."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import jinja2.meta
import pytest
import yaml

from complaintgen.case.casefile import case_from_data
from complaintgen.case.model import DOCUMENT_IDS
from complaintgen.law import registry
from complaintgen.packet.plan import missing_for
from complaintgen.render import rendering
from complaintgen.render.rendering import (
    TEMPLATE_SUFFIX,
    available_documents,
    build_context,
    render_letter,
    templates_dir,
)
from tests.conftest import DATE, EXAMPLES

TEMPLATES = sorted(templates_dir().glob(f"*/*{TEMPLATE_SUFFIX}"))
# Words a document must never contain (domain.md §10): no self-incrimination about capture,
# no refusal of an order.
FORBIDDEN = re.compile(
    r"сдал(ся|ась|ись)|сдач[аиеу] в плен|отказываюсь|отказывается|surrender|refuse", re.I
)


def reference() -> dict:
    return yaml.safe_load((EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8"))


REPRESENTATIVES = {
    "self": None,
    "relative": {
        "kind": "relative",
        "relation": "wife",
        "surname": "Смирнова",
        "name": "Ольга",
        "patronymic": "Ивановна",
        "gender": "female",
        "address": "305000, г. Курск, ул. Садовая, д. 12, кв. 7",
        "authority": "доверенность от 01.07.2025",
    },
    "lawyer": {
        "kind": "lawyer",
        "surname": "Орлов",
        "name": "Игорь",
        "patronymic": "Сергеевич",
        "gender": "male",
        "address": "101000, г. Москва, ул. Мясницкая, д. 1",
        "register_number": "77/1234",
        "order_number": "12",
        "bar": "Адвокатская палата г. Москвы",
    },
}


def full_case(voice: str, variant: str, category: str, female: bool = False):
    """The reference case with every optional fact present."""
    data = reference()
    data["representative"] = copy.deepcopy(REPRESENTATIVES[voice])
    data["addressees"]["medical"]["variant"] = variant
    data["captivity"]["exchange_category"] = category
    data["captivity"]["examined_in_captivity"] = True
    data["health"]["previous_vvk"] = {
        "date": dt.date(2025, 7, 1),
        "body": "ВВК военного госпиталя",
        "category": "Б",
        "certificate": "свидетельство о болезни № 1",
    }
    data["health"]["disability"] = "не установлена"
    data["serviceman"]["email"] = "smirnov@mail.ru"
    data["unit"]["higher_command"]["address"] = "119160, г. Москва"
    data["filings"].append(
        {
            "document": "prosecutor_complaint",
            "sent_on": dt.date(2025, 8, 1),
            "channel": "post",
            "tracking": "30500012345678",
            "answer_on": dt.date(2025, 8, 20),
            "answer": "проводится проверка",
        }
    )
    if female:
        data["serviceman"].update(
            surname="Смирнова", name="Алёна", patronymic="Викторовна", gender="female"
        )
        if voice == "relative":
            data["representative"].update(
                relation="husband",
                surname="Смирнов",
                name="Олег",
                patronymic="Иванович",
                gender="male",
            )
    return case_from_data(data, today=DATE)


def bare_case(voice: str):
    """Only what the format requires (and what each document needs to be addressed)."""
    data = reference()
    keep = {"schema_version", "date", "serviceman", "unit", "captivity", "health", "addressees"}
    data = {k: v for k, v in data.items() if k in keep}
    data["serviceman"] = {
        k: data["serviceman"][k] for k in ("surname", "name", "gender", "rank", "address")
    }
    data["unit"] = {
        "number": "12345",
        "higher_command": {"title": "Командир войсковой части 10101"},
    }
    data["captivity"] = {k: data["captivity"][k] for k in ("captured_on", "released_on")}
    data["health"] = {"conditions": [{"description": "контузия"}]}
    data["representative"] = copy.deepcopy(REPRESENTATIVES[voice])
    return case_from_data(data, today=DATE)


def all_renders(case):
    for language in ("ru", "en"):
        for doc_id in available_documents(language):
            if not missing_for(case, doc_id):
                yield language, doc_id, render_letter(case, doc_id, language)


def test_both_languages_hold_the_same_documents() -> None:
    names = {
        folder: {p.name for p in (templates_dir() / folder).glob(f"*{TEMPLATE_SUFFIX}")}
        for folder in ("ru", "en")
    }
    assert names["ru"] == names["en"]
    assert set(available_documents("ru")) <= set(DOCUMENT_IDS)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_cited_key_exists(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    keys = re.findall(r"cite\(\s*[\"']([^\"']+)[\"']", source)
    for key in keys:
        assert key in registry.citations(), f"{path.name} cites unknown key {key}"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_templates_read_only_the_context(path: Path) -> None:
    """Every top-level name a template reads is in the context (or is its own)."""
    env = rendering._environment(templates_dir())
    parsed = env.parse(path.read_text(encoding="utf-8"))
    known = set(build_context(full_case("self", "vvk_branch", "ordinary"), "ru")) | {"common"}
    unknown = jinja2.meta.find_undeclared_variables(parsed) - known
    assert not unknown, f"{path.name} reads {sorted(unknown)}, which no case provides"


@pytest.mark.parametrize("voice", ["self", "relative", "lawyer"])
@pytest.mark.parametrize("variant", ["vvk_branch", "district_medical", "civilian"])
@pytest.mark.parametrize(
    "category", ["seriously_wounded_or_sick", "long_captivity", "under_25", "ordinary", "unknown"]
)
def test_every_combination_renders_cleanly(voice: str, variant: str, category: str) -> None:
    for female in (False, True):
        case = full_case(voice, variant, category, female)
        for language, doc_id, letter in all_renders(case):
            text = letter.plain_text()
            where = f"{doc_id}/{language}/{voice}/{variant}/{category}/female={female}"
            assert not FORBIDDEN.search(text), f"{where}: {FORBIDDEN.search(text)[0]}"
            assert "()" not in text and " ," not in text and ",," not in text, where
            assert "None" not in text, where
            assert not re.search(r"\b(\w+) \1\b", text.replace("«", "").replace("»", "")), where


@pytest.mark.parametrize("voice", ["self", "relative", "lawyer"])
def test_bare_case_renders_every_document(voice: str) -> None:
    case = bare_case(voice)
    rendered = list(all_renders(case))
    assert {doc for _, doc, _ in rendered} >= {"vvk_report"}
    for _, doc_id, letter in rendered:
        assert letter.blocks, doc_id


def test_voice_changes_person_and_agreement() -> None:
    self_text = render_letter(
        full_case("self", "vvk_branch", "ordinary"), "vvk_report"
    ).plain_text()
    relative = render_letter(
        full_case("relative", "vvk_branch", "ordinary"), "vvk_report"
    ).plain_text()
    lawyer = render_letter(
        full_case("lawyer", "vvk_branch", "ordinary", female=True), "vvk_report"
    ).plain_text()
    assert "РАПОРТ" in self_text and "я попал в плен" in self_text
    assert "ОБРАЩЕНИЕ" in relative and "мой муж попал в плен" in relative
    assert "от Смирновой Ольги Ивановны" in relative and "проживающей по адресу" in relative
    assert "жены военнослужащего младшего сержанта Смирнова Алексея Викторовича" in relative
    assert "доверительница попала в плен" in lawyer
    assert "от адвоката Орлова Игоря Сергеевича" in lawyer
    assert "в интересах военнослужащей младшего сержанта Смирновой Алёны Викторовны" in lawyer


def test_geneva_argument_follows_the_exchange_category() -> None:
    def vvk(category: str) -> str:
        return render_letter(full_case("self", "vvk_branch", category), "vvk_report").plain_text()

    assert "тяжелораненые и тяжелобольные военнопленные не могут" in vvk(
        "seriously_wounded_or_sick"
    )
    assert "после длительного плена" in vvk("long_captivity")
    # Contested categories: the рапорт rests on Russian law alone.
    assert "Женевская конвенция" not in vvk("ordinary")
    assert "военно-врачебной экспертизы" in vvk("ordinary")


def test_english_marks_russian_only_text() -> None:
    letter = render_letter(full_case("self", "vvk_branch", "ordinary"), "vvk_report", "en")
    text = letter.plain_text()
    assert "closed head injury (concussion)" in text  # the en text given in the case
    assert "осколочное ранение левого бедра с повреждением мягких тканей [in Russian]" in text
    assert "Junior Sergeant Aleksei Viktorovich Smirnov" in text


def test_documents_name_earlier_filings() -> None:
    case = full_case("self", "vvk_branch", "ordinary")
    # The power of attorney and the consent tell no story; a document the case cannot have
    # (an advocate's request without an advocate) is not made.
    told = set(available_documents("ru")) - {"vvk_report", "case_summary"}
    for doc_id in told - {"power_of_attorney", "consent"}:
        if missing_for(case, doc_id):
            continue
        # Non-breaking spaces are typesetting, not words.
        text = render_letter(case, doc_id).plain_text().replace("\u00a0", " ")
        assert "19.06.2025" in text and "вх. № 1187" in text, doc_id


def test_memo_is_not_part_of_the_filed_text() -> None:
    letter = render_letter(full_case("self", "vvk_branch", "ordinary"), "vvk_report")
    assert "не юридическая консультация" in letter.plain_text()
    assert "не юридическая консультация" not in letter.plain_text(filed_only=True)
    assert letter.filed_blocks[-1].kind == "date"
