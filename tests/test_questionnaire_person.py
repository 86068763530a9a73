"""The questionnaire as a person answers it (issue 15): the slips people make at the prompts of
`complaintgen new` in a real terminal, and what the questionnaire does with each.

Each session runs the command in a pseudo-terminal (pexpect), as `test_questionnaire_terminal`
does; every step waits for the exact question, so a question asked again or not asked fails.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pypdf

from complaintgen.case.casefile import load_case
from complaintgen.render.rendering import render_letter
from tests.test_questionnaire_terminal import spawn

# A serviceman files himself and makes every slip the issue lists. (question, typed)
SLIPS = [
    ("Кто подаёт документы [сам военнослужащий]: ", ""),
    ("О вас. ФИО — как в военном билете.", None),  # he is spoken to as «вы»
    ("Фамилия: ", "Кузнецов Иван Петрович"),  # the whole name in the surname's field
    ("Кузнецов / Иван / Петрович — разделить? [Д/н]: ", ""),
    ("Пол [мужской]: ", ""),  # name and patronymic are not asked again
    ("Дата рождения (ГГГГ-ММ-ДД): ", "31.02.1999"),
    ("«31.02.1999» — такой даты нет", None),
    ("Дата рождения (ГГГГ-ММ-ДД) [31.02.1999]: ", "1999-02-28"),
    ("Воинское звание: ", "гв. ефрейтер"),
    ("Может быть, «ефрейтор»?", None),
    ("Воинское звание [гвардии ефрейтор]: ", ""),  # the fix is the default: Enter takes it
    ("от гвардии ефрейтора Кузнецова Ивана Петровича — верно? [Д/н]: ", "н"),
    ("Ввести его заново [д/Н]: ", "д"),  # a no offers the name itself again
    ("Фамилия [Кузнецов]: ", ""),
    ("Имя [Иван]: ", ""),
    ("Отчество [Петрович]: ", ""),
    ("от гвардии ефрейтора Кузнецова Ивана Петровича — верно? [Д/н]: ", ""),
    ("Вид службы [не указывать]: ", ""),
    ("Личный номер (например АБ-123456): ", ""),
    ("Должность (именительный падеж, например «стрелок»): ", "водитель"),
    ("водителя — верно? [Д/н]: ", ""),
    ("Почтовый адрес для ответов, с индексом: ", "3"),
    ("«3» — не почтовый адрес", None),
    ("Почтовый адрес для ответов, с индексом [3]: ", "305000, г. Курск, ул. Садовая, д. 12"),
    ("Телефон: ", ""),
    ("Электронная почта: ", "kuz@mail"),
    ("«kuz@mail» — не адрес электронной почты", None),
    ("Электронная почта [kuz@mail]: ", "kuz@mail.ru"),
    ("Номер войсковой части (4–6 цифр): ", "12345"),
    ("Город или гарнизон части: ", ""),
    ("Знаете звание и фамилию командира части? [Д/н]: ", "н"),
    ("Вышестоящий командир (для жалобы на бездействие): ", ""),
    ("Где вы сейчас [не указывать]: ", ""),
    ("Дата пленения (ГГГГ-ММ-ДД): ", "2024-08-15"),
    ("Где (область, населённый пункт): ", ""),
    ("Дата освобождения (ГГГГ-ММ-ДД): ", "2025-05-24"),
    ("Какой обмен (например «обмен 1000 на 1000»): ", ""),
    ("По какой категории вас обменяли [не знаю]: ", ""),
    ("Где вас передали (например «Республика Беларусь»): ", ""),
    ("Осматривала ли вас в плену медицинская комиссия [не знаю]: ", ""),
    ("Что было сразу после освобождения (изоляция: где, сколько): ", ""),
    ("Ранение или заболевание (например «контузия, головные боли»): ", "контузия"),
    ("С какого времени (ГГГГ-ММ-ДД): ", ""),
    ("Откуда оно [не знаю]: ", ""),
    ("Добавить ещё одно ранение или заболевание? [д/Н]: ", ""),
    ("Лечение после возвращения (где, когда, номер выписки): ", ""),
    ("Проходили ли вы военно-врачебную комиссию (ВВК) после ранения? [д/Н]: ", ""),
    ("Инвалидность (группа, с какого числа): ", ""),
    ("(по одному, с датой) [д/Н]: ", ""),
    ("Военный прокурор (например «Военный прокурор Курского гарнизона»): ", "4"),
    ("«4» — не должность", None),
    (
        "Военный прокурор (например «Военный прокурор Курского гарнизона») [4]: ",
        "военный прокурор Курского гарнизона",  # in lower case
    ),
    ("Военному прокурору Курского гарнизона — верно? [Д/н]: ", "н"),  # capitalised
    ("Кого? (родительный падеж) [Военного прокурора Курского гарнизона]: ", ""),
    (
        "Кому? (дательный падеж) [Военному прокурору Курского гарнизона]: ",
        "Военному прокурору Курского гарнизона г. Курска",
    ),
    ("Адрес прокуратуры: ", ""),
    ("(например «Военный прокурор Западного военного округа»): ", ""),
    ("если вас не лечат", None),
    ("Медицинский орган [не писать в медицинский орган]: ", ""),
    ("(выписки, заключения, доверенность)? [д/Н]: ", "д"),
    ("Что прикладываете (например «копия выписного эпикриза от 10.06.2025»): ", "копия эпикриза"),
    ("Файл с копией (PDF или скан), если есть: путь от папки файла дела: ", "нет.pdf"),
    ("нет.pdf. Проверьте путь", None),  # at once, not after «make the documents?»
    ("путь от папки файла дела [нет.pdf]: ", "epikriz.pdf"),
    ("В файле листов: 3;", None),  # counted: no «how many sheets»
    ("Сколько экземпляров [1]: ", ""),
    ("Это подлинник (не копия)? [д/Н]: ", ""),
    ("Добавить ещё одно приложение? [д/Н]: ", ""),
    ("Вы уже подавали рапорт или жалобы по этому делу? [д/Н]: ", ""),
    ("(язык документов, дату, стиль даты, сводку)? [д/Н]: ", ""),
    ("Сделать документы сейчас? [Д/н]: ", "н"),
]


def session(child: pexpect.spawn, steps: list[tuple[str, str | None]]) -> str:
    """Answer `steps` (a text with None is only awaited); the whole screen."""
    seen: list[str] = []
    try:
        for text, typed in steps:
            child.expect_exact(text)
            seen.append(child.before + text)
            if typed is not None:
                child.sendline(typed)
        child.expect(pexpect.EOF)
        seen.append(child.before)
    finally:
        child.close()
    screen = "".join(seen)
    assert child.exitstatus == 0, screen
    assert "Traceback" not in screen
    return screen


def three_pages(path: Path) -> None:
    writer = pypdf.PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    with path.open("wb") as out:
        writer.write(out)


def test_the_slips_a_person_makes_are_caught_at_their_prompts(tmp_path: Path) -> None:
    three_pages(tmp_path / "epikriz.pdf")
    screen = session(spawn("new", "case.yaml", cwd=tmp_path), SLIPS)
    # The review: in Russian words only, the addressee's forms named by what they are.
    review = screen[screen.index("Проверьте ответы:") : screen.index("Будут сделаны документы")]
    assert "Военный прокурор: Кому?: Военному прокурору Курского гарнизона г. Курска" in review
    for leak in ("serviceman", "addressees", "False", "True", "None"):
        assert leak not in review, leak
    assert "Проходил ли он" not in screen and "Осматривала ли его" not in screen
    case = load_case(tmp_path / "case.yaml", today=dt.date.today())
    sm = case.serviceman
    assert (sm.surname, sm.name, sm.patronymic) == ("Кузнецов", "Иван", "Петрович")
    assert sm.guards and sm.rank == "ефрейтор" and sm.birth_date == dt.date(1999, 2, 28)
    assert sm.email == "kuz@mail.ru"
    assert case.addressees and case.addressees.prosecutor
    assert case.addressees.prosecutor.title == "Военный прокурор Курского гарнизона"
    assert case.attachments[0].pages is None  # the file is counted when the packet is made
    text = " ".join(render_letter(case, "vvk_report").plain_text().split())
    assert "от гвардии ефрейтора Кузнецова Ивана Петровича" in text
    assert "Иван Петрович Иван Петрович" not in text

    # `edit` lists the attachment in words, not «epikriz.pdf; 1; False».
    edit = [
        ("1. копия эпикриза; 1; нет; epikriz.pdf", None),
        ("Эту запись [оставить]: ", ""),
        ("Добавить ещё одно приложение? [д/Н]: ", ""),
        ("Сделать документы сейчас? [Д/н]: ", "н"),
    ]
    screen = session(spawn("edit", "case.yaml", "--section", "attachments", cwd=tmp_path), edit)
    assert "False" not in screen


def test_a_relative_is_asked_about_him(tmp_path: Path) -> None:
    steps = [
        ("Кто подаёт документы [сам военнослужащий]: ", "2"),
        ("О военнослужащем, о котором документы.", None),
        ("Фамилия: ", "Кравец"),
        ("Имя: ", "Денис"),
        ("Отчество: ", "Олегович"),
        ("Пол [мужской]: ", ""),
        ("Дата рождения (ГГГГ-ММ-ДД): ", ""),
        ("Воинское звание: ", "гв. рядовой"),  # «гвардии» is read from «гв.»
        ("от гвардии рядового Кравца Дениса Олеговича — верно? [Д/н]: ", ""),
        ("Вид службы [не указывать]: ", ""),
        ("Личный номер (например АБ-123456): ", ""),
        ("Должность (именительный падеж, например «стрелок»): ", ""),
        ("Почтовый адрес для ответов, с индексом: ", ""),
        ("Телефон: ", ""),
        ("Электронная почта: ", ""),
        ("Номер войсковой части (4–6 цифр): ", "12345"),
        ("Город или гарнизон части: ", ""),
        ("Знаете звание и фамилию командира части? [Д/н]: ", "н"),
        ("Вышестоящий командир (для жалобы на бездействие): ", ""),
        ("Где военнослужащий сейчас [не указывать]: ", ""),
        ("Дата пленения (ГГГГ-ММ-ДД): ", "2024-08-15"),
        ("Где (область, населённый пункт): ", ""),
        ("Дата освобождения (ГГГГ-ММ-ДД): ", "2025-05-24"),
        ("Какой обмен (например «обмен 1000 на 1000»): ", ""),
        ("По какой категории обменян [не знаю]: ", ""),
        ("Где передан (например «Республика Беларусь»): ", ""),
        ("Осматривала ли его в плену медицинская комиссия [не знаю]: ", ""),
        ("Что было сразу после освобождения (изоляция: где, сколько): ", ""),
        ("Ранение или заболевание (например «контузия, головные боли»): ", "контузия"),
        ("С какого времени (ГГГГ-ММ-ДД): ", ""),
        ("Откуда оно [не знаю]: ", ""),
        ("Добавить ещё одно ранение или заболевание? [д/Н]: ", ""),
        ("Лечение после возвращения (где, когда, номер выписки): ", ""),
        ("Проходил ли он военно-врачебную комиссию (ВВК) после ранения? [д/Н]: ", ""),
    ]
    child = spawn("new", "case.yaml", cwd=tmp_path)
    try:
        for text, typed in steps:
            child.expect_exact(text)
            if typed is not None:
                child.sendline(typed)
        child.expect_exact("Инвалидность (группа, с какого числа): ")
        child.send("x")
        child.expect_exact("x")  # the prompt is reading (see test_questionnaire_terminal)
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 1
    case_text = (tmp_path / "case.yaml").read_text(encoding="utf-8")
    assert "guards: true" in case_text and "rank: рядовой" in case_text


# In English, with Latin answers where the Russian documents need Russian words.
ENGLISH = [
    ("Who files the documents [the serviceman himself]: ", ""),
    ("Surname: ", "Smirnov"),
    ("write it in Russian (Cyrillic letters)", None),
    ("Surname: ", "Смирнов"),
    ("Name: ", "Алексей"),
    ("Patronymic: ", "Викторович"),
    ("Gender [male]: ", ""),
    ("Date of birth (YYYY-MM-DD): ", ""),
    ("Rank (in Russian): ", "младший сержант"),
    ("— correct? [Y/n]: ", ""),
    ("Type of service [leave out]: ", ""),
    ("Personal number (e.g. АБ-123456): ", ""),
    ("Position (in Russian, nominative, e.g. «стрелок»): ", "driver"),
    ("write it in Russian (Cyrillic letters)", None),
    ("Position (in Russian, nominative, e.g. «стрелок»): ", "водитель"),
    ("водителя — correct? [Y/n]: ", ""),
    ("Postal address for replies, with the postcode: ", "305000, Kursk, Sadovaya st. 12"),
    ("write it in Russian (Cyrillic letters)", None),
    ("Postal address for replies, with the postcode: ", "305000, г. Курск, ул. Садовая, д. 12"),
    ("Phone: ", ""),
    ("E-mail: ", ""),
    ("Unit number (войсковая часть, 4 to 6 digits): ", "12345"),
    ("Town or garrison of the unit: ", ""),
    ("Do you know the unit commander's rank and surname? [Y/n]: ", "n"),
    ("The higher commander (for the complaint about inaction): ", ""),
    ("Where are you now [leave out]: ", ""),
    ("Date of capture (YYYY-MM-DD): ", "2024-08-15"),
    ("Where (region, place): ", "Kursk region"),
    ("The same in Russian, for the Russian documents («Kursk region»): ", "Курская область"),
    ("Date of release (YYYY-MM-DD): ", "2025-05-24"),
    ("Which exchange (e.g. «обмен 1000 на 1000»): ", ""),
    ("Category you were exchanged under [don't know]: ", ""),
    ("Where you were handed over (e.g. «Республика Беларусь»): ", ""),
    ("Did a medical commission examine you in captivity [don't know]: ", ""),
    ("What happened right after the release (isolation: where, how long): ", ""),
    ("A wound or illness (e.g. «контузия, головные боли»): ", "shrapnel wound of the thigh"),
    ("The same in Russian, for the Russian documents", None),
    ("(«shrapnel wound of the thigh»): ", "осколочное ранение бедра"),
    ("Since when (YYYY-MM-DD): ", ""),
    ("Where it comes from [don't know]: ", ""),
    ("Add another wound or illness? [y/N]: ", ""),
    ("Treatment after the return (where, when, discharge summary): ", ""),
    ("Has a military medical board (ВВК) examined you since the wound? [y/N]: ", ""),
    ("Disability (group, since when): ", ""),
    ("(one at a time) [y/N]: ", ""),
    ("Military prosecutor (e.g. «Военный прокурор Курского гарнизона»): ", ""),
    ("Medical authority [no medical authority]: ", ""),
    ("(discharge summaries, reports, a power of attorney)? [y/N]: ", ""),
    ("Have you already filed a рапорт or complaints in this case? [y/N]: ", ""),
    ("(documents' language, date, date style, summary)? [y/N]: ", ""),
    ("Make the documents now? [Y/n]: ", "n"),
]


def test_english_answers_give_russian_documents_their_russian_words(tmp_path: Path) -> None:
    screen = session(spawn("new", "case.yaml", "--lang", "en", cwd=tmp_path), ENGLISH)
    review = screen[screen.index("Check the answers:") :]
    assert "Where: Kursk region" in review  # the person's language in the review
    case = load_case(tmp_path / "case.yaml", today=dt.date.today())
    text = " ".join(render_letter(case, "vvk_report").plain_text().split())
    for english in ("driver", "Kursk", "shrapnel", "Smirnov"):
        assert english not in text, english
    assert "водителя" in text or "водитель" in text
    assert "осколочное ранение бедра" in text
    assert case.health.conditions[0].description.get("en")[0] == "shrapnel wound of the thigh"


def test_shell_completion_completes_the_sections() -> None:
    env = {
        **os.environ,
        "_COMPLAINTGEN_COMPLETE": "bash_complete",
        "COMP_WORDS": "complaintgen edit case.yaml --section hea",
        "COMP_CWORD": "4",
    }
    # As the installed `complaintgen` script runs it: click names the variable after the program.
    program = "from complaintgen.cli import main; main(prog_name='complaintgen')"
    done = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=False
    )
    assert "plain,health" in done.stdout.splitlines(), done.stdout + done.stderr


def test_enter_in_english_keeps_text_given_in_both_languages(tmp_path: Path) -> None:
    from complaintgen.case.casefile import read_yaml
    from complaintgen.interview.questionnaire import edit_case
    from tests.conftest import DATE, EXAMPLES
    from tests.test_questionnaire import Script

    path = tmp_path / "case.yaml"
    path.write_bytes((EXAMPLES / "ivanova_en.yaml").read_bytes())
    before, _ = read_yaml(path)
    script = Script([""] * 8)  # every captivity question: Enter
    edit_case(path, script, section="captivity", language="en", today=DATE)
    after, _ = read_yaml(path)
    assert after["captivity"] == before["captivity"]  # {ru, en} both kept, not the ru alone
