"""The case file contract: every field rule gives one clear line with file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from complaintgen.case.casefile import load_case
from complaintgen.errors import CaseError, ComplaintgenError
from tests.conftest import DATE, EXAMPLES


def reference() -> dict:
    return yaml.safe_load((EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "case.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, data: dict | str) -> list[str]:
    with pytest.raises(CaseError) as caught:
        load_case(write(tmp_path, data), today=DATE)
    return caught.value.problems


def test_reference_example_loads() -> None:
    case = load_case(EXAMPLES / "smirnov.yaml", today=DATE)
    assert case.serviceman.rank == "младший сержант"
    assert case.unit.number == "12345"
    assert case.unit.commander is not None and case.unit.commander.initials == "П. П."
    assert case.date == dt.date(2026, 11, 20)
    assert len(case.health.conditions) == 3
    assert case.health.conditions[1].description.get("en") == (
        "closed head injury (concussion), constant headaches, sleep disturbance",
        False,
    )
    assert case.wanted_documents()[0] == "vvk_report"


def test_every_example_is_valid() -> None:
    for path in EXAMPLES.glob("*.yaml"):
        load_case(path, today=DATE)


def test_date_precedence(tmp_path: Path) -> None:
    data = reference()
    path = write(tmp_path, data)
    assert load_case(path, today=dt.date(2030, 1, 1)).date == DATE
    assert load_case(path, date=dt.date(2027, 2, 3), today=DATE).date == dt.date(2027, 2, 3)
    del data["date"]
    assert load_case(write(tmp_path, data), today=dt.date(2027, 5, 6)).date == dt.date(2027, 5, 6)


def test_unknown_key_names_line_path_and_nearest_key(tmp_path: Path) -> None:
    text = (EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8")
    text = text.replace("  patronymic: Викторович", "  patronimic: Викторович")
    [message] = problems(tmp_path, text)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "patronimic" in ln)
    assert message.startswith(f"{tmp_path / 'case.yaml'}:{line}: serviceman.patronimic: ")
    assert "неизвестный ключ «patronimic»; может быть, «patronymic»?" in message


def test_unknown_rank_suggests_nearest(tmp_path: Path) -> None:
    data = reference()
    data["serviceman"]["rank"] = "младший сержат"
    [message] = problems(tmp_path, data)
    assert (
        "serviceman.rank: Неизвестное звание «младший сержат». Может быть, «младший сержант»"
        in message
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("personal_number", "AK-482913", "«AK-482913» — не личный номер"),  # Latin letters
        ("personal_number", "АК482913", "«АК482913» — не личный номер"),
        ("gender", "m", "«m» — недопустимое значение; напишите одно из: male или female"),
        ("birth_date", "14.03.2001", "«14.03.2001» — дату пишите как ГГГГ-ММ-ДД: 2001-03-14"),
        ("surname", "  ", "пусто; заполните поле"),
    ],
)
def test_serviceman_field_rules(tmp_path: Path, field: str, value: str, expected: str) -> None:
    data = reference()
    data["serviceman"][field] = value
    [message] = problems(tmp_path, data)
    assert f": serviceman.{field}: " in message
    assert expected in message


@pytest.mark.parametrize(
    "number", ["в/ч 12345", "12345", 12345, "в/ч12345", "войсковая часть 54321"]
)
def test_unit_number_accepts_prefix(tmp_path: Path, number: object) -> None:
    data = reference()
    data["unit"]["number"] = number
    case = load_case(write(tmp_path, data), today=DATE)
    assert case.unit.number.isdigit() and len(case.unit.number) == 5


@pytest.mark.parametrize("number", ["123", "1234567", "12a45"])
def test_unit_number_rejects_others(tmp_path: Path, number: str) -> None:
    data = reference()
    data["unit"]["number"] = number
    [message] = problems(tmp_path, data)
    assert f"unit.number: «{number}» — не номер части: 4–6 цифр" in message


def test_leading_zero_unit_number_is_kept(tmp_path: Path) -> None:
    text = (EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8")
    text = text.replace('number: "12345"', "number: 012345")
    case = load_case(write(tmp_path, text), today=DATE)
    assert case.unit.number == "012345"


def test_missing_address_when_serviceman_files(tmp_path: Path) -> None:
    data = reference()
    data["serviceman"]["address"] = None
    [message] = problems(tmp_path, data)
    assert (
        ": serviceman.address: Когда документы подаёт сам военнослужащий, нужен его почтовый адрес"
        in message
    )
    assert "ФЗ-59" in message


def test_representative_needs_address_and_relation(tmp_path: Path) -> None:
    data = reference()
    data["representative"] = {
        "kind": "relative",
        "surname": "Смирнова",
        "name": "Галина",
        "gender": "female",
    }
    found = problems(tmp_path, data)
    assert any("representative.address: обязательное поле не заполнено" in p for p in found)
    data["representative"]["address"] = "305000, г. Курск"
    [message] = problems(tmp_path, data)
    assert "representative.relation: обязательно, когда representative.kind — relative" in message


def test_lawyer_needs_register_number(tmp_path: Path) -> None:
    data = reference()
    data["representative"] = {
        "kind": "lawyer",
        "surname": "Орлов",
        "name": "Игорь",
        "gender": "male",
        "address": "101000, г. Москва",
        "order_number": "12",
        "bar": "Адвокатская палата г. Москвы",
    }
    [message] = problems(tmp_path, data)
    assert (
        "representative.register_number: обязательно, когда representative.kind — lawyer" in message
    )


def test_release_before_capture_names_both_fields(tmp_path: Path) -> None:
    data = reference()
    data["captivity"]["released_on"] = dt.date(2024, 1, 1)
    [message] = problems(tmp_path, data)
    assert (
        "captivity.released_on: Дата освобождения 2024-01-01 не позже даты пленения "
        "(captivity.captured_on, 2024-08-15)" in message
    )
    line = message.split(":")[1]
    assert line.isdigit()
    # The English text names the other field by its path.
    data["language"] = "en"
    [message] = problems(tmp_path, data)
    assert (
        "captivity.released_on: 2024-01-01 is not after captivity.captured_on (2024-08-15)"
        in message
    )


def test_future_dates_and_answer_before_sending(tmp_path: Path) -> None:
    data = reference()
    data["after_return"]["events"][0]["date"] = dt.date(2027, 1, 1)
    data["filings"][0]["answer_on"] = dt.date(2025, 6, 1)
    found = problems(tmp_path, data)
    assert any(
        "after_return.events[0].date: 2027-01-01 — позже даты документов (2026-11-20)" in p
        for p in found
    )
    assert any(
        "filings[0].answer_on: 2025-06-01 — раньше даты подачи (filings[0].sent_on, 2025-06-19)"
        in p
        for p in found
    )


def test_every_problem_is_one_line_and_all_are_reported(tmp_path: Path) -> None:
    data = reference()
    data["serviceman"]["rank"] = "генералисимус"
    data["serviceman"]["personal_number"] = "12"
    data["unit"]["number"] = "1"
    data["captivity"]["exchange_category"] = "big"
    data["health"]["conditions"] = []
    data["attachments"][0]["pages"] = 0
    data["documents"] = ["vvk_report", "letter_to_santa"]
    data["colour"] = "red"
    found = problems(tmp_path, data)
    assert len(found) == 8
    assert all("\n" not in p and p.startswith(str(tmp_path)) for p in found)


def test_bad_yaml_gives_line(tmp_path: Path) -> None:
    path = write(tmp_path, "schema_version: 1\nserviceman:\n  surname: [Смирнов\n")
    with pytest.raises(ComplaintgenError) as caught:
        load_case(path, today=DATE)
    message = str(caught.value)
    assert message.startswith(f"{path}:4: not valid YAML") or message.startswith(f"{path}:3:")
    assert "\n" not in message


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "schema_version: 1\nlanguage: ru\nlanguage: en\n")
    with pytest.raises(ComplaintgenError, match="ключ «language» указан дважды"):
        load_case(path, today=DATE)


def test_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(ComplaintgenError, match="a case file is a YAML mapping"):
        load_case(write(tmp_path, "- just\n- a list\n"), today=DATE)


def test_schema_version_three_is_refused(tmp_path: Path) -> None:
    # Version 2 is now the current format; the next one up is the unknown one.
    data = reference()
    data["schema_version"] = 3
    [message] = problems(tmp_path, data)
    assert "schema_version: 3 не поддерживается" in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ComplaintgenError, match="no such file"):
        load_case(tmp_path / "nope.yaml", today=DATE)


def test_free_text_in_two_languages(tmp_path: Path) -> None:
    case = load_case(EXAMPLES / "smirnov.yaml", today=DATE)
    first = case.health.conditions[0].description
    assert first.get("ru") == (
        "осколочное ранение левого бедра с повреждением мягких тканей",
        False,
    )
    # An English document keeps a Russian-only fact, and says it is Russian.
    assert first.get("en") == ("осколочное ранение левого бедра с повреждением мягких тканей", True)
    data = reference()
    data["health"]["conditions"][0]["description"] = {"ru": "ранение", "de": "Wunde"}
    [message] = problems(tmp_path, data)
    assert "health.conditions[0].description.de: неизвестный ключ «de»" in message
