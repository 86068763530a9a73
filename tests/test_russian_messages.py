"""A Russian case is answered in Russian, whatever it gets wrong (issue 15).

The language of a message follows the case (its `language:`), then ``--lang``, then the locale.
Each test makes a mistake a user makes, runs the command as the user does (click's runner, the
locale English so that only the case can make the message Russian) and reads the line: it must
be Russian, with no English word in it but the names a user types (fields, options, commands).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest
from click.testing import CliRunner

from complaintgen import api
from complaintgen.case.model import DOCUMENT_IDS, Channel
from complaintgen.cli import main
from tests.conftest import DATE, EXAMPLES

SMIRNOV = (EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8")
ENGLISH_LOCALE = {"LANG": "en_GB.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}

# What a Russian line may hold in Latin letters: what the user types or reads as a name.
_NAMES = re.compile(
    r"`[^`]*`"  # a command to run
    r"|«[^»]*»"  # what the user wrote, quoted back
    rf"|\b(?:{'|'.join((*DOCUMENT_IDS, *get_args(Channel)))})\b"  # --document, --channel
    r"|--[a-z-]+"  # an option
    r"|\S*[._/\[\]]\S*"  # a field path, a file name, a path
    r"|\b[A-Z0-9-]{2,}\b"  # YAML, PDF, UTF-8, U+0000
    r"|\b(?:complaintgen|file|pages|title|filings|schema_version)\b"
)


def english_words(line: str) -> list[str]:
    """The English words of `line` once the names a user types are taken out."""
    return re.findall(r"[A-Za-z]{3,}", _NAMES.sub(" ", line))


def cli(tmp_path: Path, *args: str | Path, env: dict | None = None):
    result = CliRunner().invoke(main, [str(a) for a in args], env={**ENGLISH_LOCALE, **(env or {})})
    return result


def one_russian_line(result) -> str:
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert "Traceback" not in line
    assert re.search("[а-яё]{4}", line), line
    assert english_words(line) == [], line
    return line


def case_file(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_names_a_user_types_are_not_counted_as_english_and_words_are() -> None:
    assert (
        english_words("case.yaml:12: serviceman.rank: Неизвестное звание; `complaintgen new`") == []
    )
    assert english_words("case.yaml:12: unknown rank") == ["unknown", "rank"]


def test_a_russian_case_with_two_mistakes_is_one_russian_line_that_counts_the_other(
    tmp_path: Path,
) -> None:
    text = SMIRNOV.replace("rank: младший сержант", "rank: ефрейтер", 1)
    text = text.replace("birth_date: 2001-03-14", "birth_date: 2001-02-30", 1)
    assert text.count("ефрейтер") == 1 and "2001-02-30" in text
    path = case_file(tmp_path, text)
    line = one_russian_line(cli(tmp_path, "build", path, "-o", tmp_path / "out"))
    assert line.startswith(f"{path}:11: serviceman.birth_date: «2001-02-30» — ")
    assert line.endswith(f"(и ещё 1 проблема: см. `complaintgen validate {path}`)")
    assert not (tmp_path / "out").exists()

    result = cli(tmp_path, "validate", path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert english_words(line) == [], line
    assert any(
        "serviceman.rank: Неизвестное звание «ефрейтер». Может быть, «ефрейтор»?" in line
        for line in lines
    )


@pytest.mark.parametrize(
    ("mistake", "said"),
    [
        ("serviceman:\n  name: Иван: Петрович\n", "ошибка YAML: двоеточие внутри значения"),
        ("date: 2026-11-20\ndate: 2026-11-21\n", "ключ «date» указан дважды"),
        ("serviceman:\n\tname: Иван\n", "ошибка YAML: табуляция вместо пробелов"),
    ],
)
def test_a_russian_case_that_is_not_valid_yaml_is_said_in_russian(
    tmp_path: Path, mistake: str, said: str
) -> None:
    path = case_file(tmp_path, f"schema_version: 1\nlanguage: ru\n{mistake}")
    line = one_russian_line(cli(tmp_path, "validate", path))
    assert line.startswith(f"{path}:") and said in line, line


def test_a_missing_attachment_of_a_russian_case_is_said_in_russian(tmp_path: Path) -> None:
    text = SMIRNOV.replace(
        "attachments:\n", "attachments:\n  - title: Выписка\n    file: no.pdf\n", 1
    )
    path = case_file(tmp_path, text)
    line = one_russian_line(cli(tmp_path, "validate", path))
    assert f"attachments[0].file: {tmp_path / 'no.pdf'}: такого файла нет" in line, line


def test_record_and_followup_say_their_refusals_and_notes_in_the_cases_language(
    tmp_path: Path,
) -> None:
    path = case_file(tmp_path, SMIRNOV)
    today = "--today=2026-12-01"
    for args in (
        ("--document", "vvk_repor", "--sent", "2026-11-21", "--channel", "post"),
        ("--document", "vvk_report", "--sent", "2026-12-05", "--channel", "post"),
        ("--document", "vvk_report", "--sent", "2026-11-25"),
    ):
        one_russian_line(cli(tmp_path, "record", path, *args, today))
    line = one_russian_line(cli(tmp_path, "followup", path, "--refused", "9", today))
    assert (
        line
        == "--refused 9: в деле нет отправки №9; номера — в столбце № таблицы `complaintgen status`"
    )

    written = api.followup(path, output=tmp_path / "letters", today=dt_of("2027-03-01"))
    assert written.notes
    for note in written.notes:
        assert english_words(note) == [], note


def dt_of(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_an_english_case_is_answered_in_english_and_the_locale_speaks_where_no_case_does(
    tmp_path: Path,
) -> None:
    english = SMIRNOV.replace("language: ru", "language: en", 1).replace(
        "rank: младший сержант", "rank: ефрейтер", 1
    )
    result = cli(tmp_path, "validate", case_file(tmp_path, english, "en.yaml"))
    assert "unknown rank «ефрейтер»" in result.stderr

    missing = tmp_path / "nowhere.yaml"
    assert "no such file" in cli(tmp_path, "build", missing).stderr
    russian = {"LANG": "ru_RU.UTF-8"}
    assert "такого файла нет" in cli(tmp_path, "build", missing, env=russian).stderr
    # --lang comes before the locale, the case before --lang.
    assert "такого файла нет" in cli(tmp_path, "build", missing, "--lang", "ru").stderr
    assert "no such file" in cli(tmp_path, "build", missing, "--lang", "en", env=russian).stderr
    ru_case = case_file(tmp_path, SMIRNOV.replace("rank: младший сержант", "rank: ефрейтер", 1))
    assert "Неизвестное звание" in cli(tmp_path, "validate", ru_case, "--lang", "en").stderr
    # A command's --lang does not stay for the next command of the same process.
    assert "no such file" in cli(tmp_path, "build", missing).stderr


def test_a_front_end_hears_a_russian_cases_problems_in_its_own_language(tmp_path: Path) -> None:
    """The web page in English over a Russian case: the volunteer reads English."""
    path = case_file(tmp_path, SMIRNOV.replace("rank: младший сержант", "rank: ефрейтер", 1))
    [russian] = api.validate(path, today=DATE).problems
    [english] = api.validate(path, today=DATE, language="en").problems
    assert "Неизвестное звание «ефрейтер»" in russian
    assert "unknown rank «ефрейтер»" in english
    assert russian.split(" ", 2)[:2] == english.split(" ", 2)[:2]  # the same file:line and field


def test_status_json_gives_each_filing_as_data_for_a_script(tmp_path: Path) -> None:
    import json

    path = case_file(tmp_path, SMIRNOV)
    result = cli(tmp_path, "status", path, "--json", "--today", "2025-07-30")
    assert result.exit_code == 3, result.output  # the answer is overdue
    found = json.loads(result.stdout)
    assert (found["case"], found["language"], found["needs_action"]) == (str(path), "ru", True)
    [filing] = found["filings"]
    assert filing["number"] == 1 and filing["document"] == "vvk_report"
    assert filing["addressee"] == "unit_commander"
    assert filing["sent_on"] == "2025-06-19" and filing["due"] == "2025-07-23"
    assert filing["days_left"] == -7 and filing["needs_action"] and not filing["answered"]
    assert filing["next_step"].startswith("followup: ")
    assert any("59-ФЗ" in note for note in found["notes"])
    assert "table" not in found


def test_a_second_build_into_the_same_folder_says_in_russian_what_is_there(
    tmp_path: Path,
) -> None:
    path = case_file(tmp_path, SMIRNOV)
    out = tmp_path / "out"
    first = cli(tmp_path, "build", path, "-o", out, "--format", "txt", "--quiet")
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    line = one_russian_line(cli(tmp_path, "build", path, "-o", out, "--format", "txt"))
    assert line.startswith(f"{out}: ") and "уже есть; чтобы заменить их, добавьте --force" in line
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_citations_speak_the_language_asked_for(tmp_path: Path) -> None:
    russian = cli(tmp_path, "citations", "--status", "partial", "--lang", "ru").stdout
    assert "[проверено частично, " in russian and "  источник: http" in russian
    assert "source:" not in russian and "[partial" not in russian
    english = cli(tmp_path, "citations", "--status", "partial", "--lang", "en").stdout
    assert "[partial, " in english and "  source: http" in english
