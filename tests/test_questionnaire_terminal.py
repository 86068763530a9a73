"""`complaintgen new` in a real terminal: a person reads each question and types the answer.

The command runs in a pseudo-terminal (pexpect), so click, readline and the terminal's UTF-8
handling are the real ones: Cyrillic typed at a prompt must arrive as Cyrillic in the case file,
and Ctrl-C must end with one line, not a traceback. Each step waits for its question with a
generous timeout (a slow machine imports pydantic and pymorphy3 first); the number of steps is
fixed by the script, so a question the script does not expect fails the test instead of hanging.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pexpect

from complaintgen.case.casefile import load_case
from complaintgen.case.casewriter import load_draft

TIMEOUT = 60  # seconds per question; generous, never a measure of speed

# (the question as it appears on the screen, what the person types)
PERSON = [
    ("Кто подаёт документы [сам военнослужащий]: ", ""),
    ("Фамилия: ", "Ткач"),
    ("Имя: ", "Олег"),
    ("Отчество: ", "Петрович"),
    ("Пол [мужской]: ", ""),
    ("Дата рождения (ГГГГ-ММ-ДД): ", "02.03.1999"),  # as he would write it: offered as ISO
    ("Дата рождения (ГГГГ-ММ-ДД) [1999-03-02]: ", ""),
    ("Воинское звание: ", "ефрейтер"),  # a typo: asked again with the reason
    ("Воинское звание [ефрейтор]: ", ""),  # the fix is the default: Enter takes it
    ("от ефрейтора Ткача Олега Петровича — верно? [Д/н]: ", "д"),
    ("Вид службы [не указывать]: ", "2"),
    ("Личный номер (например АБ-123456): ", "ЖК-123456"),
    ("Должность (именительный падеж, например «стрелок»): ", "стрелок"),
    ("стрелка — верно? [Д/н]: ", ""),
    ("Почтовый адрес для ответов, с индексом: ", "305000, г. Курск, ул. Ленина, д. 1"),
    ("Телефон: ", ""),
    ("Электронная почта: ", ""),
    ("Номер войсковой части (4–6 цифр): ", "12345"),
    ("Город или гарнизон части: ", "Курск"),
    ("Знаете звание и фамилию командира части? [Д/н]: ", "нет"),
    ("Вышестоящий командир (для жалобы на бездействие): ", ""),
    ("Где вы сейчас [не указывать]: ", "в части"),
    ("Дата пленения (ГГГГ-ММ-ДД): ", "2024-08-15"),
    ("Где (область, населённый пункт): ", "Курская область"),
    ("Дата освобождения (ГГГГ-ММ-ДД): ", "2025-05-24"),
    ("Какой обмен (например «обмен 1000 на 1000»): ", ""),
    ("По какой категории вас обменяли [не знаю]: ", "обычный обмен"),
    ("Где вас передали (например «Республика Беларусь»): ", "Республика Беларусь"),
    ("Осматривала ли вас в плену медицинская комиссия [не знаю]: ", ""),
    ("Что было сразу после освобождения (изоляция: где, сколько): ", ""),
    ("Ранение или заболевание (например «контузия, головные боли»): ", "контузия"),
    ("С какого времени (ГГГГ-ММ-ДД): ", "2024-08-15"),
    ("Откуда оно [не знаю]: ", "1"),
    ("Добавить ещё одно ранение или заболевание? [д/Н]: ", ""),
    ("Лечение после возвращения (где, когда, номер выписки): ", "не лечили"),
    ("после ранения? [д/Н]: ", ""),
    ("Инвалидность (группа, с какого числа): ", ""),
    ("(по одному, с датой) [д/Н]: ", ""),
    ("Военный прокурор (например «Военный прокурор Курского гарнизона»): ", ""),
    ("Медицинский орган [не писать в медицинский орган]: ", ""),
    ("(выписки, заключения, доверенность)? [д/Н]: ", ""),
    ("Вы уже подавали рапорт или жалобы по этому делу? [д/Н]: ", ""),
    ("(язык документов, дату, стиль даты, сводку)? [д/Н]: ", ""),
    ("Сделать документы сейчас? [Д/н]: ", "н"),
]


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "dumb"}
    env.pop("COMPLAINTGEN_PASSPHRASE", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "complaintgen", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 250),  # wide enough that no question wraps
    )


def answer(child: pexpect.spawn, steps: list[tuple[str, str]]) -> None:
    for question, typed in steps:
        child.expect_exact(question)
        child.sendline(typed)


def test_a_person_answers_in_a_terminal(tmp_path: Path) -> None:
    child = spawn("new", "case.yaml", cwd=tmp_path)
    seen: list[str] = []
    try:
        for question, typed in PERSON:
            child.expect_exact(question)
            seen.append(child.before)
            child.sendline(typed)
        child.expect(pexpect.EOF)
        seen.append(child.before)
    finally:
        child.close()
    screen = "".join(seen)
    assert child.exitstatus == 0, screen
    assert "Неизвестное звание «ефрейтер». Может быть, «ефрейтор»?" in screen
    assert "«02.03.1999» — не дата; напишите ГГГГ-ММ-ДД: 1999-03-02?" in screen
    assert "Traceback" not in screen
    case = load_case(tmp_path / "case.yaml", today=dt.date.today())
    sm = case.serviceman
    assert (sm.surname, sm.name, sm.patronymic, sm.rank) == ("Ткач", "Олег", "Петрович", "ефрейтор")
    assert sm.personal_number == "ЖК-123456" and sm.service_type == "mobilised"
    assert str(case.health.conditions[0].description) == "контузия"
    assert case.captivity.exchange_category == "ordinary"


def test_ctrl_c_in_a_terminal_says_what_was_saved(tmp_path: Path) -> None:
    child = spawn("new", "case.yaml", cwd=tmp_path)
    try:
        unit = [question for question, _ in PERSON].index("Номер войсковой части (4–6 цифр): ")
        answer(child, PERSON[:unit])
        child.expect_exact(PERSON[unit][0])
        # He starts typing, then thinks better of it. Waiting for the echo of the first key
        # proves the prompt is reading: a signal that arrives before Python's readline waits
        # for input is only noticed at the next key (a CPython race no person is quick enough
        # to meet, but a test is).
        child.send("1")
        child.expect_exact("1")
        child.sendintr()  # Ctrl-C in the unit section: the serviceman section is saved
        child.expect(pexpect.EOF)
        tail = child.before
    finally:
        child.close()
    assert child.exitstatus == 1, tail
    assert "Traceback" not in tail and "Aborted" not in tail
    lines = [line for line in tail.splitlines() if line.strip() and line.strip() != "^C"]
    assert len(lines) == 1, tail
    assert "case.yaml: прервано; сохранены разделы до «Войсковая часть»" in lines[0]
    data, next_section = load_draft(tmp_path / "case.yaml")
    assert next_section == "unit"
    assert data["serviceman"]["surname"] == "Ткач"
