"""The situation decides the wording and the requests: each test fails on the wording before."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from complaintgen.case.casefile import case_from_data, load_case
from complaintgen.case.casewriter import case_yaml
from complaintgen.case.migrate import upgrade
from complaintgen.render.rendering import render_letter
from tests.conftest import pdf_text

ROOT = Path(__file__).parents[1]
TODAY = dt.date(2026, 11, 20)


def example(name: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def words(data: dict[str, Any], doc: str, language: str = "ru") -> str:
    """The letter's text as one line (the memo page included: it must not contradict either)."""
    letter = render_letter(case_from_data(data, today=TODAY), doc, language)
    return re.sub(r"\s+", " ", letter.plain_text())


def test_a_written_refusal_is_a_decision_to_cancel() -> None:
    data = example("refusal_in_writing")
    complaint = words(data, "command_complaint")
    assert "на отказ командира войсковой части 12345" in complaint
    assert "бездействие" not in complaint
    assert "отменить отказ от 01.07.2025" in complaint
    assert "решение командира войсковой части 12345" in complaint
    english = words(data, "command_complaint", "en")
    assert "refusal" in english and "inaction" not in english


def test_no_answer_is_still_inaction() -> None:
    complaint = words(example("smirnov"), "command_complaint")
    assert "на бездействие командира" in complaint and "отменить отказ" not in complaint


def test_nothing_filed_asks_and_alleges_no_failure() -> None:
    data = example("volunteer")
    for doc in ("command_complaint", "prosecutor_complaint"):
        letter = words(data, doc)
        assert "не приняло мер" not in letter and "Бездействием" not in letter
    assert "ОБРАЩЕНИЕ" in words(data, "command_complaint")


def test_a_conclusion_made_before_capture_is_not_appealed() -> None:
    data = example("smirnov")
    data["addressees"]["medical"]["variant"] = "vvk_branch"
    data["health"]["previous_vvk"] = {"date": "2023-10-02", "body": "ВВК военкомата"}
    appeal = words(data, "medical_appeal")
    assert "обжалуется" not in appeal and "контрольное (повторное)" not in appeal
    assert "вынесено до пленения" in appeal
    data["health"]["previous_vvk"]["date"] = "2025-07-01"
    assert "обжалуется" in words(data, "medical_appeal")


def test_after_a_branch_refused_the_appeal_goes_up() -> None:
    data = example("vvk_branch_refusal")
    appeal = words(data, "medical_appeal")
    assert "Директору ФГКУ «Главный центр военно-врачебной экспертизы»" in appeal
    assert "Начальнику филиала № 3" not in appeal
    assert "отменить отказ от 20.08.2025" in appeal
    prosecutor = words(data, "prosecutor_complaint")
    assert "Отказом начальника филиала № 3" in prosecutor


def test_a_mother_without_authority_writes_in_her_own_name() -> None:
    data = example("mother_no_authority")
    for doc in ("vvk_report", "medical_appeal", "prosecutor_complaint"):
        letter = words(data, doc)
        assert "представител" not in letter, doc
        assert "от своего имени в защиту его прав" in letter
    summary = words(data, "case_summary", "en")
    assert "Submitted with the consent" not in summary
    assert "behalf" not in summary and "in his defence" in summary
    with_authority = words(example("smirnova_mother"), "vvk_report")
    assert "как его представитель" in with_authority


def test_consent_is_stated_only_when_recorded() -> None:
    data = example("english_relative")
    assert "Submitted with the consent" in words(data, "case_summary", "en")
    data["representative"]["consent"] = False
    assert "Submitted with the consent" not in words(data, "case_summary", "en")


def test_a_volunteer_is_not_said_to_do_military_service() -> None:
    letter = words(example("volunteer"), "vvk_report")
    assert "пребываю в добровольческом формировании по контракту" in letter
    assert "прохожу военную службу" not in letter
    data = example("mother_no_authority")
    data["serviceman"]["service_type"] = "volunteer"
    assert "пребывающего в добровольческом формировании" in words(data, "vvk_report")


def test_specialists_follow_the_diagnoses_and_illness_is_not_a_wound() -> None:
    data = example("ptsd_only")
    appeal = words(data, "medical_appeal")
    assert "психиатра" in appeal and "нефролога" in appeal
    assert "травматолога-ортопеда" not in appeal
    assert "ранени" not in words(data, "vvk_report")
    assert "следующие заболевания" in words(data, "vvk_report")


def test_conditions_in_date_order() -> None:
    letter = words(example("ptsd_only"), "vvk_report")
    assert letter.index("пиелонефрит") < letter.index("посттравматическое")


def test_version_one_is_read_as_version_two(tmp_path: Path) -> None:
    case = load_case(ROOT / "tests" / "data" / "case_v1.yaml", today=TODAY)
    assert case.schema_version == 1 and case.upgraded
    # The v1 answer «сообщено о направлении…» was a forwarding.
    assert case.filings[1].answer_kind == "forwarded"
    data = yaml.safe_load((ROOT / "tests" / "data" / "case_v1.yaml").read_text(encoding="utf-8"))
    assert upgrade(data)["schema_version"] == 2
    written = yaml.safe_load(case_yaml(data))
    assert written["schema_version"] == 2
    assert written["filings"][1]["answer_kind"] == "forwarded"


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("отказано в направлении на ВВК", "refusal"),
        ("рапорт направлен в штаб", "forwarded"),
        ("рапорт рассмотрен", None),
    ],
)
def test_migration_reads_the_answer_kind(answer: str, kind: str | None) -> None:
    data = {"schema_version": 1, "filings": [{"answer_on": "2025-01-01", "answer": answer}]}
    assert upgrade(data)["filings"][0].get("answer_kind") == kind


def test_answer_kind_needs_an_answer_date() -> None:
    data = example("refusal_in_writing")
    data["filings"][0]["answer_on"] = None
    with pytest.raises(
        Exception,
        match=r"filings\[0\]\.answer_kind: указано без даты ответа \(filings\[0\]\.answer_on\)",
    ):
        case_from_data(data, today=TODAY)


def test_english_documents_follow_the_same_situations() -> None:
    prosecutor = words(example("vvk_branch_refusal"), "prosecutor_complaint", "en")
    assert "my examination by the military medical board was refused in writing" in prosecutor
    assert "The refusal of 20.08.2025 has violated" in prosecutor
    assert "inaction" not in words(example("volunteer"), "prosecutor_complaint", "en")
    summary = words(example("refusal_in_writing"), "case_summary", "en")
    assert "refused in writing on 1 July 2025" in summary
    assert "Командир войсковой части" not in summary  # who refused names the unit: left out


def test_validate_explains_the_upgrade_in_one_line() -> None:
    from click.testing import CliRunner

    from complaintgen.cli import main

    old = ROOT / "tests" / "data" / "case_v1.yaml"
    result = CliRunner().invoke(main, ["validate", str(old), "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    # The case is Russian: so is the note, as every line validate prints for it.
    [note] = [line for line in result.output.splitlines() if "формат версии 1" in line]
    assert note.startswith(f"{old}: формат версии 1, прочитан как версия 2; `complaintgen edit")
    assert "format version" not in result.output
    current = CliRunner().invoke(main, ["validate", str(ROOT / "examples" / "smirnov.yaml")])
    assert "формат версии" not in current.output


def test_after_a_branch_refused_every_file_names_the_body_above(tmp_path: Path) -> None:
    # The letter goes up to the Главный центр ВВЭ; its Ф.107 and the packet's index must name
    # the same addressee, or the post takes it back to the branch that refused.
    from complaintgen.packet.build import make_packet, packet_files

    case = load_case(ROOT / "examples" / "vvk_branch_refusal.yaml", today=TODAY)
    packet = make_packet(case)
    files = packet_files(case, packet, ("pdf",))
    (tmp_path / "f107.pdf").write_bytes(files["04_medical_appeal.f107.pdf"])
    (tmp_path / "letter.pdf").write_bytes(files["04_medical_appeal.pdf"])
    inventory = " ".join(pdf_text(tmp_path / "f107.pdf").split())
    letter = " ".join(pdf_text(tmp_path / "letter.pdf").split())
    assert letter.startswith("Директору ФГКУ «Главный центр")
    assert "Кому: Директору ФГКУ «Главный центр" in inventory
    assert "филиала № 3" not in inventory.split("Наименование")[0]
