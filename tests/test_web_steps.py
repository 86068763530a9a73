"""The questionnaire's step API (`interview.steps`), which the web page drives: the same
questions, order and reasons as `new`, from a form's answers, with no terminal."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from complaintgen.interview import steps
from tests.webserver import command, environment

TODAY = dt.date(2026, 11, 20)


def ask(section: str, data: dict[str, object], answers: dict[str, str]) -> steps.Asked:
    return steps.ask(section, data, answers, language="ru", today=TODAY, settled={"applicant"})


def test_a_section_asks_its_fields_in_the_order_of_new() -> None:
    asked = ask("serviceman", {"schema_version": 1}, {})
    names = [q.name for q in asked.questions]
    assert names[:6] == [
        "serviceman.surname",
        "serviceman.name",
        "serviceman.patronymic",
        "serviceman.gender",
        "serviceman.birth_date",
        "serviceman.rank",
    ]
    assert names[-3:] == ["serviceman.address", "serviceman.phone", "serviceman.email"]
    assert not asked.ok  # the required answers are missing


def test_a_typo_and_a_day_first_date_come_back_with_the_reason_and_the_fix() -> None:
    asked = ask(
        "serviceman",
        {"schema_version": 1},
        {
            "serviceman.surname": "Смирнов",
            "serviceman.name": "Алексей",
            "serviceman.gender": "male",
            "serviceman.rank": "млашдий сержант",
            "serviceman.birth_date": "15.08.1990",
        },
    )
    by_name = {q.name: q for q in asked.questions}
    assert "«младший сержант»" in (by_name["serviceman.rank"].error or "")
    date = by_name["serviceman.birth_date"]
    assert date.suggestion == "1990-08-15"
    assert "Enter" not in (date.error or "")  # a terminal's words are not on a page
    assert "birth_date" not in asked.data["serviceman"]  # a refused answer is not stored
    # The forms of a refused rank would be a stand-in's («рядового»): not shown until it passes.
    assert not [q for q in asked.questions if "declension" in q.name]
    assert not any("рядового" in note for q in asked.questions for note in q.notes)


def test_declined_forms_follow_a_corrected_name_unless_changed_by_hand() -> None:
    answers = {
        "serviceman.surname": "Смирнов",
        "serviceman.name": "Алексей",
        "serviceman.gender": "male",
        "serviceman.rank": "рядовой",
    }
    first = ask("serviceman", {"schema_version": 1}, answers)
    genitive = next(q for q in first.questions if q.name.endswith("name_declension.genitive"))
    assert genitive.value == "Смирнова Алексея"
    # The name corrected; the form sends back the old forms unchanged (with their ~auto).
    again = {
        **answers,
        "serviceman.surname": "Смирнов-Петров",
        genitive.name: genitive.value,
        genitive.name + steps.AUTO: genitive.value,
    }
    second = ask("serviceman", {"schema_version": 1}, again)
    assert "name_declension" not in second.data["serviceman"]
    genitive = next(q for q in second.questions if q.name.endswith("name_declension.genitive"))
    assert genitive.value.startswith("Смирнова-Петрова")
    # A form changed by hand is kept as the case's correction.
    hand = {**again, genitive.name: "Смирнова-Петрова Алёши", genitive.name + steps.AUTO: "x"}
    third = ask("serviceman", {"schema_version": 1}, hand)
    assert third.data["serviceman"]["name_declension"]["genitive"] == "Смирнова-Петрова Алёши"


def test_a_deleted_entry_takes_its_answers_with_it() -> None:
    data = {
        "schema_version": 1,
        "health": {"conditions": [{"description": "a"}, {"description": "b"}]},
    }
    asked = ask(
        "health",
        data,
        {"health.conditions[0].description": "a", "health.conditions[1].description": "b"},
    )
    assert asked.ok
    gone = steps.ask(
        "health",
        data,
        {"health.conditions[0].description": "a", "health.conditions[1].description": "b"},
        language="ru",
        today=TODAY,
        settled={"applicant"},
        edits=(("delete", "health.conditions", 0),),
    )
    assert [c["description"] for c in gone.data["health"]["conditions"]] == ["b"]


@pytest.mark.loopback
def test_lan_prints_a_qr_code_and_who_can_reach_it(tmp_path: object) -> None:
    import signal

    process = subprocess.Popen(
        [*command("serve", "case.yaml", "--lan", "--no-browser")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
        cwd=str(tmp_path),
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    qr = "".join(process.stdout.readline() for _ in range(5))
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert "доступна всем в этой сети" in first
    assert re.search(r"http://[\d.]+:\d+/\?key=", first)
    assert "█" in qr or "▀" in qr or "▄" in qr
    assert "остановлено" in err


def test_the_pages_words_have_the_same_keys_and_fields_in_both_languages() -> None:
    pytest.importorskip("flask")
    from complaintgen.web.app import words

    ru, en = words("ru"), words("en")
    assert set(ru) == set(en)
    for key in ru:
        assert re.findall(r"{(\w+)}", ru[key]) == re.findall(r"{(\w+)}", en[key]), key
