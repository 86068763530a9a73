"""`complaintgen followup`: the next complaint up the ladder, citing the earlier filing."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from complaintgen.case.casefile import case_from_data
from complaintgen.cli import main
from complaintgen.errors import ComplaintgenError
from complaintgen.render.rendering import available_documents
from complaintgen.tracking import deadlines, followup
from tests.conftest import EXAMPLES, docx_text, need, pdf_text, words

MOTHER = EXAMPLES / "smirnova_mother.yaml"
SMIRNOV = EXAMPLES / "smirnov.yaml"
TODAY = dt.date(2026, 11, 20)


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def load(path: Path, **changes: object):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return case_from_data(data, today=TODAY)


def letters(case, refused: tuple[int, ...] = (), today: dt.date = TODAY, *, filed: bool = False):
    """Each follow-up's text (with its notes to the applicant, or `filed`: as it is filed)."""
    planned, notes = followup.plan(case, deadlines.track(case, today), refused)
    rendered = {p.file_stem(): followup.render(case, p) for p in planned}
    return {
        stem: (letter.filed() if filed else letter).plain_text()
        for stem, letter in rendered.items()
    }, notes


def test_followup_templates_are_not_packet_documents() -> None:
    for language in ("ru", "en"):
        assert "_followup" not in available_documents(language)
        assert "followup" not in available_documents(language)


def test_unanswered_report_goes_to_the_higher_command_and_the_prosecutor() -> None:
    texts, notes = letters(load(SMIRNOV))
    assert set(texts) == {
        "followup_01_vvk_report_higher_commander",
        "followup_01_vvk_report_garrison_prosecutor",
    }
    command = texts["followup_01_vvk_report_higher_commander"]
    prosecutor = texts["followup_01_vvk_report_garrison_prosecutor"]
    assert command.startswith("Командующему войсками Московского военного округа\n")
    assert prosecutor.startswith("Военному прокурору Курского гарнизона\n")
    for text in (command, prosecutor):
        # The earlier filing: its date, its incoming number, its addressee, the day it was due.
        assert "19.06.2025 я лично подал командиру войсковой части 12345 рапорт" in text
        assert "(вх. № 1187)" in text
        assert "не позднее 23.07.2025" in text
        assert "ответ не получен" in text
        assert "«20» ноября 2026 г." in text  # dated today
    assert "внести представление об устранении нарушений закона" in prosecutor
    assert "представление" not in command
    assert notes == []


def test_a_filing_already_taken_to_the_prosecutor_goes_only_to_the_command() -> None:
    texts, _ = letters(load(MOTHER))
    (name,) = texts
    assert name == "followup_01_vvk_report_higher_commander"
    text = texts[name]
    assert text.startswith("Командиру войсковой части 10101\n")
    assert "21.07.2025 я направила почтой командиру войсковой части 54321 обращение" in text
    assert "(почтовый идентификатор 30800012345678)" in text
    # The due date rests on an estimate of postal transit: the letter does not name it.
    assert "Установленный срок рассмотрения обращения истёк" in text
    assert "01.09.2025" not in text.split("Ранее")[0]
    # Every earlier filing is listed, the prosecutor's with its number and answer.
    assert "обращение № ОГ-2025-123456; ответ получен 30.09.2025" in text


def test_a_refused_prosecutor_answer_goes_to_the_district_prosecutor() -> None:
    case = load(
        MOTHER,
        addressees__district_prosecutor={"title": "Военный прокурор Западного военного округа"},
    )
    texts, notes = letters(case, refused=(2,))
    text = texts["followup_02_prosecutor_complaint_district_prosecutor"]
    assert text.startswith("Военному прокурору Западного военного округа\n")
    assert "ЖАЛОБА\nна ответ по обращению от 01.09.2025\n" in text
    assert (
        "01.09.2025 я направила в электронной форме военному прокурору Белгородского гарнизона "
        "жалобу" in text
    )
    assert "(обращение № ОГ-2025-123456)" in text
    assert "30.09.2025 получен ответ: «сообщено о направлении обращения командиру" in text
    assert "Копия ответа от 30.09.2025 в 1 экз." in text
    assert "followup_01_vvk_report_higher_commander" in texts  # the overdue рапорт as well
    # Past the prosecutor the court is named too, once; nothing else is left unwritten.
    (court,) = notes
    assert "court_claim" in court and "ч. 1.1 ст. 219 КАС РФ" in court


def test_without_the_district_title_one_line_says_what_to_add() -> None:
    texts, notes = letters(load(MOTHER), refused=(2,))
    assert "followup_02_prosecutor_complaint_district_prosecutor" not in texts
    (note,) = [n for n in notes if "court_claim" not in n]
    assert "addressees.district_prosecutor.title" in note and "\n" not in note


def test_after_the_district_prosecutor_comes_the_chief_military_prosecutor() -> None:
    case = load(
        SMIRNOV,
        filings=[
            {
                "document": "prosecutor_complaint",
                "sent_on": dt.date(2026, 3, 2),
                "channel": "post",
                "tracking": "30500011111111",
            },
            # Sent after the first was overdue: to the district prosecutor, and unanswered.
            {
                "document": "prosecutor_complaint",
                "sent_on": dt.date(2026, 5, 11),
                "channel": "post",
                "tracking": "30500022222222",
                "delivered_on": dt.date(2026, 5, 15),
            },
        ],
        addressees__district_prosecutor={"title": "Военный прокурор Западного военного округа"},
    )
    texts, notes = letters(case)
    assert set(texts) == {"followup_02_prosecutor_complaint_chief_military_prosecutor"}
    text = texts["followup_02_prosecutor_complaint_chief_military_prosecutor"]
    assert text.startswith("Главному военному прокурору\n")
    assert "11.05.2026 я направил почтой военному прокурору Западного военного округа" in text
    assert "(почтовый идентификатор 30500022222222)" in text
    # Delivered 15 May (Friday): registered by 18 May, answered by 17 June.
    assert "не позднее 17.06.2026" in text
    assert "119160, Москва, пер. Хользунова, 14" in text  # the registry's address, in the memo
    (filed_text,) = letters(case, filed=True)[0].values()
    assert "Хользунова" not in filed_text  # never printed on the filed letter itself
    assert notes == []


def test_at_the_top_of_the_ladder_the_next_step_is_court() -> None:
    case = load(
        SMIRNOV,
        filings=[
            {
                "document": "prosecutor_complaint",
                "sent_on": dt.date(2026, 1, 12),
                "channel": "online",
                "answer_on": dt.date(2026, 2, 1),
            },
            {
                "document": "prosecutor_complaint",
                "sent_on": dt.date(2026, 3, 2),
                "channel": "online",
                "answer_on": dt.date(2026, 3, 20),
            },
            {
                "document": "prosecutor_complaint",
                "sent_on": dt.date(2026, 4, 1),
                "channel": "online",
            },
        ],
        addressees__district_prosecutor={"title": "Военный прокурор Западного военного округа"},
    )
    texts, notes = letters(case)
    assert texts == {}
    (note,) = notes
    assert note.startswith(
        "№3 prosecutor_complaint от 2026-04-01: выше жаловаться некуда; следующий шаг — "
        "административный иск в гарнизонный военный суд"
    )
    assert "ст. 219 КАС РФ" in note


def test_english_case_gets_an_english_followup() -> None:
    case = load(
        EXAMPLES / "ivanova_en.yaml",
        filings=[
            {
                "document": "vvk_report",
                "sent_on": dt.date(2026, 9, 1),
                "channel": "in_person",
                "reference": "вх. № 77",
            }
        ],
    )
    texts, _ = letters(case)
    text = texts["followup_01_vvk_report_garrison_prosecutor"]
    assert text.startswith("To: Военный прокурор Курского гарнизона [in Russian]\n")
    assert "On 01.09.2026 I handed in an appeal requesting that my husband be referred" in text
    assert "(вх. № 77)" in text and "An answer on the substance was due by 05.10.2026" in text


def test_refused_needs_an_answered_filing() -> None:
    with pytest.raises(
        ComplaintgenError,
        match=r"--refused 1: у отправки №1 \(vvk_report от 2025-06-19\) не записан ответ",
    ):
        letters(load(SMIRNOV), refused=(1,))
    with pytest.raises(ComplaintgenError, match="в деле нет отправки №7"):
        letters(load(SMIRNOV), refused=(7,))
    result = run("followup", SMIRNOV, "--refused", "1", "--today", "2026-11-20")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1


def test_followup_writes_docx_and_pdf_that_cite_the_filing(tmp_path: Path) -> None:
    need("pdftotext")
    out = tmp_path / "out"
    result = run("followup", MOTHER, "-o", out, "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    stem = "followup_01_vvk_report_higher_commander"
    read_me = out / "followup_read_me_first.pdf"
    assert sorted(result.stdout.split()) == sorted(
        [str(out / f"{stem}.docx"), str(out / f"{stem}.pdf"), str(read_me)]
    )
    # The notes to the applicant are in the read-me, never in the complaint that is filed.
    assert "ПАМЯТКА ЗАЯВИТЕЛЮ" in pdf_text(read_me)

    assert "record … --document command_complaint" in result.stderr
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    docx = docx_text((out / f"{stem}.docx").read_bytes())
    pdf = pdf_text(out / f"{stem}.pdf")
    for text in (docx, pdf):
        assert "Памятка" not in text and "не подаётся" not in text
        assert "21.07.2025" in text and "30800012345678" in words(text)
        assert "Командиру войсковой части 10101" in text
    # The same words in both formats, as for every letter.
    assert words(docx) == words(pdf.replace("\f", ""))
    again = run("followup", MOTHER, "-o", out, "--today", "2026-11-20")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert run("followup", MOTHER, "-o", out, "--today", "2026-11-20", "--force").exit_code == 0


def test_nothing_overdue_writes_nothing(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    text = SMIRNOV.read_text(encoding="utf-8").replace("sent_on: 2025-06-19", "sent_on: 2026-11-20")
    case.write_text(text, encoding="utf-8")
    result = run("followup", case, "-o", tmp_path / "out", "--today", "2026-11-25")
    assert result.exit_code == 0 and result.stdout == ""
    assert "ничего не просрочено и не отмечено как отказ" in result.stderr
    assert not (tmp_path / "out").exists()


def test_top_of_the_ladder_after_the_court_period_says_it_has_passed() -> None:
    # Unanswered at the top: continuing inaction, the claim has no deadline (КАС ст. 219 ч. 1.1).
    case = load(
        EXAMPLES / "smirnov.yaml",
        filings=[
            {
                "document": "prosecutor_complaint",
                "sent_on": dt.date(2025, 1, 13),
                "channel": "post",
            },
            {"document": "prosecutor_complaint", "sent_on": dt.date(2025, 3, 3), "channel": "post"},
            {
                "document": "prosecutor_complaint",
                "sent_on": dt.date(2025, 4, 21),
                "channel": "post",
            },
        ],
        addressees__district_prosecutor={"title": "Военный прокурор Западного военного округа"},
    )
    _, notes = letters(case, today=TODAY)
    (top,) = [note for note in notes if "выше жаловаться некуда" in note]
    assert "пока длится бездействие" in top and "этот день прошёл" not in top
    # Answered there, in case it refused, long ago: the three months have passed.
    answered = [
        *case.filings[:2],
        case.filings[2].model_copy(update={"answer_on": dt.date(2025, 5, 30)}),
    ]
    _, notes = letters(case.model_copy(update={"filings": answered}), refused=(3,), today=TODAY)
    (top,) = [note for note in notes if "выше жаловаться некуда" in note]
    assert "этот день прошёл" in top and "восстановить срок" in top
