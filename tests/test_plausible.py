"""Answers that are text but not the kind of text their field holds, and dates with no such day:
each is a problem of its field, with its line and with every other problem of the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from complaintgen.case.casefile import case_problems, load_case
from complaintgen.errors import CaseError
from complaintgen.messages import render
from tests.conftest import DATE, EXAMPLES


def smirnov_text() -> str:
    return (EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8")


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        load_case(path, today=DATE)
    return caught.value.problems


def test_a_date_that_does_not_exist_is_a_field_problem_among_the_others(tmp_path: Path) -> None:
    text = smirnov_text().replace("captured_on: 2024-08-15", "captured_on: 2025-02-31")
    text = text.replace('number: "12345"', 'number: "12"')
    assert text != smirnov_text()
    found = problems_of(tmp_path, text)
    assert not any("not valid YAML" in line or "ошибка YAML" in line for line in found)
    captured = [line for line in found if "captivity.captured_on" in line]
    assert len(captured) == 1 and "«2025-02-31» — такой даты нет" in captured[0]
    line = 1 + next(i for i, t in enumerate(text.splitlines()) if "2025-02-31" in t)
    assert captured[0].startswith(f"{tmp_path / 'case.yaml'}:{line}: ")
    assert any("unit.number" in line for line in found)  # not hidden by the date
    assert render("date.impossible", "ru", value="2025-02-31").startswith("«2025-02-31» — такой")


def test_a_date_written_day_first_in_a_case_file_is_shown_the_iso_way(tmp_path: Path) -> None:
    text = smirnov_text().replace("captured_on: 2024-08-15", "captured_on: 15.08.2024")
    text = text.replace("released_on: 2025-05-24", "released_on: 31.02.2025")
    assert text != smirnov_text()
    found = problems_of(tmp_path, text)
    captured = next(line for line in found if "captivity.captured_on" in line)
    assert captured.endswith(
        ": captivity.captured_on: «15.08.2024» — дату пишите как ГГГГ-ММ-ДД: 2024-08-15."
    )
    released = next(line for line in found if "captivity.released_on" in line)
    assert "«31.02.2025» — такой даты нет" in released
    assert render("date.day_first", "ru", value="15.08.2024", iso="2024-08-15") == (
        "«15.08.2024» — дату пишите как ГГГГ-ММ-ДД: 2024-08-15."
    )


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        (("addressees", "prosecutor", "title"), "4", "title.not_words"),
        (("unit", "higher_command", "title"), "12", "title.not_words"),
        (("serviceman", "address"), "3", "address.implausible"),
        (("addressees", "prosecutor", "address"), "-", "address.implausible"),
        (("serviceman", "email"), "name@mail", "email.invalid"),
        (("serviceman", "email"), "name.mail.ru", "email.invalid"),
    ],
)
def test_implausible_answers_are_refused_with_their_code(
    field: tuple[str, ...], value: str, code: str
) -> None:
    import yaml

    data = yaml.safe_load(smirnov_text())
    node = data
    for part in field[:-1]:
        node = node.setdefault(part, {})
    node[field[-1]] = value
    found = case_problems(data, today=DATE)
    assert [(p.field, p.code) for p in found] == [(".".join(field), code)]


def test_plausible_answers_pass_and_an_addressee_is_capitalised() -> None:
    import yaml

    data = yaml.safe_load(smirnov_text())
    data["addressees"]["prosecutor"]["title"] = "военный прокурор Курского гарнизона"
    data["addressees"]["prosecutor"]["address"] = "Москва"
    data["serviceman"]["email"] = "smirnov@mail.ru"
    data["serviceman"]["address"] = "305000"
    from complaintgen.case.casefile import case_from_data

    case = case_from_data(data, today=DATE)
    assert case.addressees and case.addressees.prosecutor
    assert case.addressees.prosecutor.title == "Военный прокурор Курского гарнизона"
