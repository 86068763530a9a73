"""The documents around the complaints (issue 13, part B): which case gets which, where the
appeal of a ВВК conclusion goes, and that no half-confirmed point number is printed."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from complaintgen.case.casefile import load_case
from complaintgen.case.model import Filing
from complaintgen.errors import CaseError
from complaintgen.law import registry
from complaintgen.packet.plan import planned_documents
from complaintgen.render.rendering import render_letter
from tests.conftest import DATE, EXAMPLES

NEW = (
    "records_request",
    "vvk_appeal",
    "discharge_report",
    "power_of_attorney",
    "consent",
    "advocate_request",
)


def case(name: str, **changes: object):  # type: ignore[no-untyped-def]
    loaded = load_case(EXAMPLES / f"{name}.yaml", today=DATE)
    return loaded.model_copy(update=changes) if changes else loaded


def planned(name: str, **changes: object) -> tuple[set[str], list[str]]:
    documents, notes = planned_documents(case(name, **changes))
    return set(documents) & set(NEW), notes


def test_each_situation_gets_its_documents_by_default() -> None:
    assert planned("conscript_past_term")[0] == {"records_request", "discharge_report"}
    assert planned("conscript_father")[0] == {
        "records_request",
        "discharge_report",
        "power_of_attorney",
        "consent",
    }
    assert planned("vvk_conclusion_contested")[0] == {
        "records_request",
        "vvk_appeal",
        "power_of_attorney",
        "consent",
    }
    # An advocate with an agreement but without the client's consent.
    assert planned("orlov_lawyer")[0] == {"records_request", "consent", "advocate_request"}
    # A mother holding his power of attorney, who has no hospital in the case: nothing new but
    # the consent she lacks.
    assert planned("smirnova_mother")[0] == {"consent"}


def test_a_left_out_document_is_named_with_the_reason() -> None:
    # In the case's language: a Russian case is told in Russian, an English one in English.
    _, notes = planned("conscript_past_term")
    assert "power_of_attorney: не составлен — нужно: представитель" in " ".join(notes)
    assert "advocate_request: не составлен — нужно: адвокат (representative.kind: lawyer)" in notes
    _, notes = planned("smirnova_mother")
    assert "power_of_attorney: не составлен — representative.authority уже указано" in notes
    assert (
        "discharge_report: не составлен — нужно: serviceman.called_up_on (например, 2024-04-15); "
        "serviceman.term (например, 12 (месяцев))"
    ) in notes
    _, notes = planned("ivanova_en")
    assert "advocate_request left out: it needs an advocate (representative.kind: lawyer)" in notes
    assert not [n for n in notes if re.search("[а-я]{4,}", re.sub("«[^»]*»", "", n))], notes


def test_the_discharge_report_waits_for_the_end_of_the_term() -> None:
    young = case("conscript_past_term")
    sm = young.serviceman.model_copy(update={"called_up_on": dt.date(2026, 2, 1)})
    documents, notes = planned_documents(young.model_copy(update={"serviceman": sm}))
    assert "discharge_report" not in documents
    assert any(
        n.startswith("discharge_report: не составлен — срок службы по призыву истекает 2027-02-01")
        for n in notes
    )
    contract = young.serviceman.model_copy(update={"service_type": "contract"})
    documents, _ = planned_documents(young.model_copy(update={"serviceman": contract}))
    assert "discharge_report" not in documents


def test_asking_for_an_advocates_request_without_an_advocate_is_one_clear_problem() -> None:
    asked = case("conscript_past_term", documents=["advocate_request"])
    with pytest.raises(CaseError) as error:
        planned_documents(asked)
    assert error.value.problems == [
        "documents: для advocate_request нужно: адвокат (representative.kind: lawyer); добавьте "
        "это или уберите advocate_request из documents"
    ]


def test_the_vvk_appeal_goes_up_after_the_branch_refused() -> None:
    contested = case("vvk_conclusion_contested")
    first = render_letter(contested, "vvk_appeal", "ru").plain_text().replace("\u00a0", " ")
    assert first.startswith("Начальнику филиала № 2 ФГКУ")
    refused = Filing(
        document="vvk_appeal",
        sent_on=dt.date(2026, 9, 1),
        channel="post",
        answer_on=dt.date(2026, 10, 1),
        answer_kind="refusal",
    )
    again = contested.model_copy(update={"filings": [refused]})
    text = render_letter(again, "vvk_appeal", "ru").plain_text().replace("\u00a0", " ")
    assert text.startswith("Директору ФГКУ «Главный центр военно-врачебной экспертизы»")
    assert "результата не дало" in text


# What the second brief confirmed only partly: the article on the conscript's term and its
# points, the parts of ФЗ-323 ст. 22 on copies, the advocate's request article.
HALF_CONFIRMED = ("ст. 38", "статьи 38", "п. 11", "п. 12", "ч. 4 ст. 22", "ч. 5 ст. 22")


@pytest.mark.parametrize(
    "name", ["conscript_past_term", "conscript_father", "vvk_conclusion_contested", "orlov_lawyer"]
)
def test_no_half_confirmed_point_is_printed(name: str) -> None:
    loaded = case(name)
    documents, _ = planned_documents(loaded)
    for doc_id in set(documents) & set(NEW):
        text = render_letter(loaded, doc_id, "ru").plain_text(filed_only=True)
        text = text.replace("\u00a0", " ")
        for number in HALF_CONFIRMED:
            assert number not in text, f"{name}/{doc_id}: {number}"
        assert "ст. 6.1" not in text and "статьёй 6.1" not in text, f"{name}/{doc_id}"


def test_new_citations_carry_the_brief_status() -> None:
    status = {key: registry.citations()[key].status for key in registry.citations()}
    for key in (
        "fz323_art22_part1",
        "fz323_art13_part3",
        "minzdrav789n",
        "fz152_art10_part2_p1",
        "gk_art185_1_p2",
        "kas_art56_part2",
        "kas_art57_part8",
        "minjust288",
    ):
        assert status[key] == "verified", key
    for key in ("fz53", "advocacy_law", "advocacy_law_art6_1", "fz323_art22"):
        assert status[key] == "partial", key


def test_documents_agree_with_a_female_serviceman() -> None:
    lawyer = case("orlov_lawyer")  # the client is a woman
    consent = render_letter(lawyer, "consent", "ru").plain_text()
    assert "я обследовалась или лечилась" in consent
    assert "Адвокату" not in consent and "адвокату Орлову Игорю Сергеевичу" in consent
    request = render_letter(lawyer, "advocate_request", "ru").plain_text()
    assert "военнослужащей старшему лейтенанту медицинской службы Белых Анне Сергеевне" in request
    assert "проходящей военную службу по контракту" in request
    records = render_letter(lawyer, "records_request", "ru").plain_text()
    assert "доверительница находилась на обследовании" in records


def test_the_power_of_attorney_names_court_powers_only_for_an_advocate() -> None:
    mother = render_letter(case("vvk_conclusion_contested"), "power_of_attorney", "ru")
    text = mother.plain_text()
    assert "уполномочиваю мою мать Лаптеву Ольгу Викторовну" in text
    assert "административного искового заявления" not in text
    assert "Подпись младшего сержанта Лаптева Дениса Игоревича удостоверяю." in text
    lawyer = case("orlov_lawyer")
    text = render_letter(lawyer, "power_of_attorney", "ru").plain_text()
    assert "уполномочиваю адвоката Орлова Игоря Сергеевича" in text
    assert "подписания административного искового заявления" in text
    assert "мер предварительной защиты" in text
