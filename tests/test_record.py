"""`complaintgen record`: the filing log written into the user's own case file, safely."""

from __future__ import annotations

import datetime as dt
import difflib
import stat
from pathlib import Path
from typing import get_args

import pytest
from click.testing import CliRunner

from complaintgen.case.casefile import load_case
from complaintgen.case.model import Channel
from complaintgen.cli import main
from complaintgen.errors import ComplaintgenError
from complaintgen.storage import casestore
from complaintgen.tracking.record import Entry, record_filing
from tests.conftest import EXAMPLES

TODAY = "2026-11-25"


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def copy(tmp_path: Path, example: str = "smirnov.yaml") -> Path:
    case = tmp_path / example
    case.write_bytes((EXAMPLES / example).read_bytes())
    return case


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed from and added to `before`, by a line diff."""
    removed: list[str] = []
    added: list[str] = []
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return removed, added


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_record_adds_an_entry_and_keeps_every_other_line(tmp_path: Path) -> None:
    case = copy(tmp_path)
    before = case.read_text(encoding="utf-8")
    assert before.count("#") > 20  # the example is heavily commented
    result = run(
        "record", case, "--document", "prosecutor_complaint", "--sent", "2026-11-20",
        "--channel", "post", "--tracking", "30500012345678", "--reference", "вх. № 12",
        "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "добавлена запись filings[1]" in result.stdout
    after = case.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == []  # nothing of the user's text is changed, comments included
    assert added == [
        "  - document: prosecutor_complaint\n",
        "    sent_on: 2026-11-20\n",
        "    channel: post\n",
        "    reference: вх. № 12\n",
        '    tracking: "30500012345678"\n',
    ]
    # The new entry goes at the end of filings, before the blank line and `documents:`.
    assert "    answer: null\n  - document: prosecutor_complaint\n" in after
    assert '    tracking: "30500012345678"\n\ndocuments:' in after
    loaded = load_case(case, date=dt.date(2026, 11, 20), today=dt.date(2026, 11, 25))
    assert loaded.filings[1].tracking == "30500012345678"
    assert loaded.filings[1].sent_on == dt.date(2026, 11, 20)


def test_record_keeps_a_backup_and_writes_0600(tmp_path: Path) -> None:
    case = copy(tmp_path)
    before = case.read_bytes()
    result = run(
        "record", case, "--document", "command_complaint", "--sent", "2026-11-20",
        "--channel", "in_person", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    backup = tmp_path / "smirnov.yaml.bak"
    assert backup.read_bytes() == before
    assert str(backup) in result.stdout
    assert stat.S_IMODE(case.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["smirnov.yaml", "smirnov.yaml.bak"]


def test_a_second_record_with_the_answer_updates_the_same_entry(tmp_path: Path) -> None:
    case = copy(tmp_path)
    sent = ("--document", "prosecutor_complaint", "--sent", "2026-11-20")
    assert run("record", case, *sent, "--channel", "post", "--today", TODAY).exit_code == 0
    before = case.read_text(encoding="utf-8")
    result = run(
        "record", case, *sent, "--answer-on", "2026-12-10", "--answer", "проверка: нарушений нет",
        "--delivered-on", "2026-11-24", "--today", "2026-12-11",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "изменена запись filings[1]" in result.stdout
    after = case.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == []
    assert added == [
        "    delivered_on: 2026-11-24\n",
        "    answer_on: 2026-12-10\n",
        "    answer: 'проверка: нарушений нет'\n",  # quoted: it holds ": "
    ]
    loaded = load_case(case, date=dt.date(2026, 12, 11), today=dt.date(2026, 12, 11))
    assert len(loaded.filings) == 2
    assert loaded.filings[1].answer_on == dt.date(2026, 12, 10)
    assert str(loaded.filings[1].answer) == "проверка: нарушений нет"


def test_the_answer_to_an_earlier_filing_replaces_its_nulls(tmp_path: Path) -> None:
    # The example's рапорт of 2025 (before the documents' date) is answered now.
    case = copy(tmp_path)
    before = case.read_text(encoding="utf-8")
    result = run(
        "record", case, "--document", "vvk_report", "--sent", "2025-06-19",
        "--answer-on", "2026-11-24", "--answer", "отказано", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    removed, added = changed_lines(before, case.read_text(encoding="utf-8"))
    assert removed == ["    answer_on: null\n", "    answer: null\n"]
    assert added == ["    answer_on: 2026-11-24\n", "    answer: отказано\n"]


def test_recording_the_same_thing_twice_writes_nothing(tmp_path: Path) -> None:
    case = copy(tmp_path)
    args = ("record", case, "--document", "vvk_report", "--sent", "2025-06-19")
    assert run(*args, "--answer-on", "2026-11-24", "--today", TODAY).exit_code == 0
    (tmp_path / "smirnov.yaml.bak").unlink()
    result = run(*args, "--answer-on", "2026-11-24", "--today", TODAY)
    assert result.exit_code == 0 and "ничего не изменено" in result.stdout
    assert not (tmp_path / "smirnov.yaml.bak").exists()


@pytest.mark.parametrize(
    ("options", "fragments"),
    [
        (
            ("--document", "prosecutor_complaint", "--sent", "2026-11-19", "--channel", "post"),
            ("--sent 2026-11-19 раньше даты документов (2026-11-20",),
        ),
        (
            (
                "--document",
                "prosecutor_complaint",
                "--sent",
                "2026-11-20",
                "--channel",
                "post",
                "--answer-on",
                "2026-11-19",
            ),
            ("--answer-on 2026-11-19 раньше --sent 2026-11-20",),
        ),
        (
            ("--document", "vvk_report", "--sent", "2025-06-19", "--answer-on", "2025-06-18"),
            ("--answer-on 2025-06-18 раньше --sent 2025-06-19",),
        ),
        (
            ("--document", "prosecutor_complaint", "--sent", "2026-11-26", "--channel", "post"),
            ("--sent 2026-11-26 позже сегодняшнего дня (2026-11-25)",),
        ),
        (
            (
                "--document",
                "prosecutor_complaint",
                "--sent",
                "2026-11-20",
                "--channel",
                "post",
                "--delivered-on",
                "2026-11-18",
            ),
            ("--delivered-on 2026-11-18 раньше --sent 2026-11-20",),
        ),
        (
            ("--document", "prosecutor_complaint", "--sent", "2026-11-20"),
            ("в filings нет prosecutor_complaint, отправленного 2026-11-20", "укажите --channel"),
        ),
        (
            ("--document", "prosecutor", "--sent", "2026-11-20", "--channel", "post"),
            ("--document prosecutor: такого документа в формате дела нет", "prosecutor_complaint"),
        ),
        (
            (
                "--document",
                "command_complaint",
                "--sent",
                "2026-11-20",
                "--channel",
                "post",
                "--answer",
                "отказано",
            ),
            ("для --answer нужен --answer-on",),
        ),
    ],
)
def test_impossible_dates_are_refused_in_one_line_and_the_file_is_unchanged(
    tmp_path: Path, options: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    case = copy(tmp_path)
    before = case.read_bytes()
    result = run("record", case, *options, "--today", TODAY)
    assert_one_line_error(result, *fragments)
    assert case.read_bytes() == before
    assert not (tmp_path / "smirnov.yaml.bak").exists()


def test_a_broken_case_file_is_reported_before_any_edit(tmp_path: Path) -> None:
    case = copy(tmp_path)
    text = case.read_text(encoding="utf-8").replace("rank: младший сержант", "rank: генералисимус")
    case.write_text(text, encoding="utf-8")
    result = run(
        "record", case, "--document", "prosecutor_complaint", "--sent", "2026-11-20",
        "--channel", "post", "--today", TODAY,
    )  # fmt: skip
    assert_one_line_error(result, "serviceman.rank")
    assert case.read_text(encoding="utf-8") == text


def test_a_case_without_filings_gets_the_section(tmp_path: Path) -> None:
    case = copy(tmp_path, "ivanova_en.yaml")
    before = case.read_text(encoding="utf-8")
    assert "filings" not in before
    entry = Entry("vvk_report", dt.date(2026, 11, 20), channel="online", reference="ОГ-1")
    record_filing(case, entry, today=dt.date(2026, 11, 20))
    after = case.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :] == (
        "\nfilings:\n  - document: vvk_report\n    sent_on: 2026-11-20\n"
        "    channel: online\n    reference: ОГ-1\n"
    )
    assert load_case(case, today=dt.date(2026, 11, 20)).filings[0].reference == "ОГ-1"


# `filings:` with nothing after it is null, which the case format refuses (a list is expected).
@pytest.mark.parametrize("empty", ["filings: []", "filings: []   # none yet"])
def test_an_empty_filings_key_becomes_a_list(tmp_path: Path, empty: str) -> None:
    case = copy(tmp_path, "ivanova_en.yaml")
    text = case.read_text(encoding="utf-8").replace("\noptions:", f"\n{empty}\n\noptions:")
    assert empty in text
    case.write_text(text, encoding="utf-8")
    entry = Entry("vvk_report", dt.date(2026, 11, 20), channel="post", tracking="0012")
    record_filing(case, entry, today=dt.date(2026, 11, 20))
    after = case.read_text(encoding="utf-8")
    head, tail = text.split(empty)
    assert after.startswith(head) and after.endswith(tail)
    assert "  - document: vvk_report\n" in after and '    tracking: "0012"\n' in after
    if "#" in empty:
        assert "filings:  # none yet\n" in after
    loaded = load_case(case, today=dt.date(2026, 11, 20))
    assert loaded.filings[0].tracking == "0012"  # text, not the number 12


def test_a_file_in_another_indentation_keeps_it(tmp_path: Path) -> None:
    # Entries flush with the key ("- document" at column 0), answers as {ru, en} mappings.
    case = copy(tmp_path, "smirnova_mother.yaml")
    text = case.read_text(encoding="utf-8")
    start = text.index("filings:")
    end = text.index("\noptions:")
    block = (
        "filings:\n"
        "- document: vvk_report     # the рапорт\n"
        "  sent_on: 2025-07-21\n"
        "  channel: post\n"
        "  answer_on: 2025-08-20\n"
        "  answer:\n"
        "    ru: отказано\n"
        "    en: refused\n"
        "\n"
        "# what follows is the options\n"
    )
    text = text[:start] + block + text[end:]
    case.write_text(text, encoding="utf-8")
    entry = Entry("prosecutor_complaint", dt.date(2026, 11, 20), channel="in_person")
    record_filing(case, entry, today=dt.date(2026, 11, 25))
    after = case.read_text(encoding="utf-8")
    removed, added = changed_lines(text, after)
    assert removed == []
    assert added == [
        "- document: prosecutor_complaint\n",
        "  sent_on: 2026-11-20\n",
        "  channel: in_person\n",
    ]
    assert "    en: refused\n- document: prosecutor_complaint" in after
    assert "  channel: in_person\n\n# what follows is the options\n" in after


def test_record_api_refuses_without_touching_the_file(tmp_path: Path) -> None:
    case = copy(tmp_path)
    before = case.read_bytes()
    with pytest.raises(
        ComplaintgenError, match=r"--answer-on 2027-01-01 позже сегодняшнего дня \(2026-11-25\)"
    ):
        record_filing(
            case,
            Entry("vvk_report", dt.date(2025, 6, 19), answer_on=dt.date(2027, 1, 1)),
            today=dt.date(2026, 11, 25),
        )
    assert case.read_bytes() == before


def test_record_then_status_counts_from_the_new_filing(tmp_path: Path) -> None:
    case = copy(tmp_path)
    result = run(
        "record", case, "--document", "prosecutor_complaint", "--sent", "2026-11-20",
        "--channel", "post", "--delivered-on", "2026-11-24", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    status = run("status", case, "--today", TODAY)
    # Received Tuesday 24 November, registered by Friday 27, answered by 27 December (a
    # Sunday), so by Monday 28 December.
    row = next(line for line in status.stdout.splitlines() if "prosecutor_complaint" in line)
    assert "2026-11-20  2026-12-28 " in row and "осталось 33 дня" in row


def test_a_new_filing_without_channel_names_the_case_formats_channels(tmp_path: Path) -> None:
    case = copy(tmp_path)
    entry = Entry(document="prosecutor_complaint", sent_on=dt.date(2026, 11, 20))
    with pytest.raises(ComplaintgenError) as error:
        record_filing(case, entry, today=dt.date(2026, 11, 25))
    *others, last = get_args(Channel)
    assert f"--channel ({', '.join(others)} или {last})" in str(error.value)


# A child process that records one filing, slowed between reading the case file and writing it,
# so that two of them started together overlap every time.
SLOW_RECORD = """
import sys, time
from complaintgen.tracking import record
edit = record.edit_filings
def slow(*args, **kwargs):
    time.sleep(0.5)
    return edit(*args, **kwargs)
record.edit_filings = slow
sys.argv = ["complaintgen", *sys.argv[1:]]
from complaintgen.cli import main
main()
"""


def test_two_records_at_once_both_land(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    case = copy(tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    args = ["--sent", "2026-11-20", "--channel", "post", "--today", TODAY]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", SLOW_RECORD, "record", str(case), "--document", doc, *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for doc in ("prosecutor_complaint", "command_complaint")
    ]
    outputs = [child.communicate(timeout=60) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    loaded = load_case(case, date=dt.date(2026, 11, 20), today=dt.date(2026, 11, 25))
    assert sorted(f.document for f in loaded.filings[1:]) == [
        "command_complaint",
        "prosecutor_complaint",
    ]
    assert not casestore.lock_path(case).exists()


def test_a_record_waits_for_the_lock_then_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = copy(tmp_path)
    before = case.read_bytes()
    monkeypatch.setattr(casestore, "LOCK_WAIT_SECONDS", 0.2)
    with casestore.locked(case):
        result = run(
            "record", case, "--document", "prosecutor_complaint", "--sent", "2026-11-20",
            "--channel", "post", "--today", TODAY,
        )  # fmt: skip
    assert_one_line_error(result, str(case), "another complaintgen command", "run this again")
    assert case.read_bytes() == before


def test_record_keeps_windows_line_ends(tmp_path: Path) -> None:
    case = tmp_path / "smirnov.yaml"
    original = (EXAMPLES / "smirnov.yaml").read_bytes().replace(b"\r\n", b"\n")
    case.write_bytes(original.replace(b"\n", b"\r\n"))
    result = run(
        "record", case, "--document", "prosecutor_complaint", "--sent", "2026-11-20",
        "--channel", "post", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = case.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") > original.count(b"\n")
    assert after.startswith(original.split(b"\nfilings:")[0].replace(b"\n", b"\r\n"))


def test_a_document_sent_after_its_date_leaves_the_case_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from complaintgen import api

    monkeypatch.setattr(api, "_today", lambda today: today or dt.date(2026, 11, 25))
    case = copy(tmp_path)  # its documents are dated 2026-11-20
    result = run(
        "record", case, "--document", "prosecutor_complaint", "--sent", "2026-11-21",
        "--channel", "post", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    checked = run("validate", case)
    assert checked.exit_code == 0, checked.output
    assert "ошибок нет" in checked.stdout


def test_a_filing_after_today_is_still_refused(tmp_path: Path) -> None:
    case = copy(tmp_path)
    text = case.read_text(encoding="utf-8").replace("sent_on: 2025-06-19", "sent_on: 2026-11-26")
    case.write_text(text, encoding="utf-8")
    with pytest.raises(
        ComplaintgenError,
        match=r"filings\[0\]\.sent_on: 2026-11-26 — позже сегодняшнего дня \(2026-11-25\)",
    ):
        load_case(case, today=dt.date(2026, 11, 25))


def test_record_through_a_symbolic_link_edits_the_file_it_points_to(tmp_path: Path) -> None:
    # A case kept in a synced folder and linked from the working one: the real file must get the
    # filing, the link must stay a link, and the backup goes beside the real file.
    real_folder = tmp_path / "synced"
    real_folder.mkdir()
    real = copy(real_folder)
    link = tmp_path / "case.yaml"
    link.symlink_to(real)
    before = real.read_bytes()
    result = run(
        "record", link, "--document", "prosecutor_complaint", "--sent", "2026-11-20",
        "--channel", "post", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real
    assert b"prosecutor_complaint" in real.read_bytes()
    assert (real_folder / "smirnov.yaml.bak").read_bytes() == before
    assert not (tmp_path / "case.yaml.bak").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml", "synced"]
    assert str(real_folder / "smirnov.yaml.bak") in result.stdout


def test_record_through_a_link_to_an_encrypted_case_keeps_everything_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from complaintgen.storage import age

    monkeypatch.setattr(casestore, "_known_passphrases", {})
    monkeypatch.setenv(casestore.PASSPHRASE_VARIABLE, "correct horse battery")
    real_folder = tmp_path / "synced"
    real_folder.mkdir()
    real = real_folder / "smirnov.yaml.age"
    plain = (EXAMPLES / "smirnov.yaml").read_bytes()
    real.write_bytes(age.encrypt(plain, "correct horse battery"))
    link = tmp_path / "case.yaml.age"
    link.symlink_to(real)
    result = run(
        "record", link, "--document", "prosecutor_complaint", "--sent", "2026-11-20",
        "--channel", "post", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    edited = age.decrypt(real.read_bytes(), "correct horse battery", path=real)
    assert b"prosecutor_complaint" in edited
    backup = real_folder / "smirnov.yaml.bak.age"
    assert age.decrypt(backup.read_bytes(), "correct horse battery", path=backup) == plain
    # No file anywhere holds the case in the clear.
    for folder in (tmp_path, real_folder):
        for path in folder.iterdir():
            if path.is_file() and not path.is_symlink():
                assert path.read_bytes().startswith(b"age-encryption.org/v1\n"), path
