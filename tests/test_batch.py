"""Batch packets: many clients, one bad case, spreadsheets, numbering, interruption."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from complaintgen.batch import run as batch
from complaintgen.batch.register import Filed
from complaintgen.cli import main
from tests.conftest import DATE, EXAMPLES, docx_text

SMIRNOV = EXAMPLES / "smirnov.yaml"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def cases_folder(tmp_path: Path, broken: bool = True) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in ("smirnov", "smirnova_mother"):
        shutil.copy(EXAMPLES / f"{name}.yaml", folder / f"{name}.yaml")
    if broken:
        text = SMIRNOV.read_text(encoding="utf-8").replace("rank: младший сержант", "rank: капрал")
        (folder / "broken.yaml").write_text(text, encoding="utf-8")
    (folder / "notes.txt").write_text("not a case", encoding="utf-8")
    return folder


def test_one_broken_case_does_not_stop_the_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(cases_folder(tmp_path)), "-o", str(out), "--jobs", "1"]
    )
    assert result.exit_code == 1
    assert "1 of 3 cases failed" in result.stderr
    assert (out / "smirnov" / "01_vvk_report.pdf").exists()
    assert (out / "smirnova_mother" / "01_vvk_report.pdf").exists()
    assert not (out / "broken").exists()
    [failure] = read_csv(out / "failures.csv")
    assert failure["client"] == "broken"
    assert "serviceman.rank: Неизвестное звание «капрал»" in failure["error"]
    assert "\n" not in failure["error"]


def test_register_numbering_and_columns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "batch",
            str(cases_folder(tmp_path, broken=False)),
            "-o",
            str(out),
            "--jobs",
            "1",
            "--register-start",
            "101",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(out / "register.csv")
    assert [int(r["исх. №"]) for r in rows] == list(range(101, 101 + len(rows)))
    assert rows[0]["client"] == "smirnov" and rows[0]["document"] == "vvk_report"
    assert rows[0]["addressee"].startswith("Командиру войсковой части 12345")
    assert rows[0]["date"] == "2026-11-20"
    assert all(int(r["pages"]) >= 1 for r in rows)
    for row in rows:
        assert (out / row["file"]).exists()
    assert not (out / "failures.csv").exists()


def test_jobs_one_and_two_give_the_same_files(tmp_path: Path) -> None:
    source = cases_folder(tmp_path, broken=False)
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        work = batch.jobs_from(source)
        outcomes = list(batch.run(work, out, workers=jobs, today=DATE))
        batch.write_reports(out, outcomes, start=1)
        outs.append(out)
    first = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    second = sorted(p.relative_to(outs[1]) for p in outs[1].rglob("*") if p.is_file())
    assert first == second
    for name in first:
        a, b = (outs[0] / name).read_bytes(), (outs[1] / name).read_bytes()
        if name.suffix == ".docx":
            assert docx_text(a) == docx_text(b)
        else:
            assert a == b, name  # our PDFs and texts are deterministic


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")
def test_a_worker_reports_its_own_peak_memory_not_its_parents(tmp_path: Path) -> None:
    # A spawned worker is forked from this process before it execs: the kernel's ru_maxrss
    # keeps this process's peak across that exec, and the benchmark read it as the worker's.
    held = bytearray(600 * 1024 * 1024)
    held[::4096] = b"\1" * len(range(0, len(held), 4096))  # resident, not just reserved
    source = cases_folder(tmp_path, broken=False)
    outcomes = list(batch.run(batch.jobs_from(source), tmp_path / "out", workers=2, today=DATE))
    del held
    peaks = [outcome.peak_rss_kb // 1024 for outcome in outcomes]
    assert all(50 < peak < 400 for peak in peaks), peaks


def test_csv_with_cyrillic_and_quoted_fields(tmp_path: Path) -> None:
    table = tmp_path / "clients.csv"
    header = [
        "id",
        "schema_version",
        "date",
        "serviceman.surname",
        "serviceman.name",
        "serviceman.patronymic",
        "serviceman.gender",
        "serviceman.rank",
        "serviceman.address",
        "unit.number",
        "captivity.captured_on",
        "captivity.released_on",
        "health.conditions[0].description",
        "health.conditions[0].origin",
        "health.conditions[1].description",
    ]
    rows = [
        [
            "kravets",
            "1",
            "2026-11-20",
            "Кравец",
            "Денис",
            "Олегович",
            "male",
            "рядовой",
            "308000, г. Белгород, ул. Победы, д. 5, кв. 12",
            "54321",
            "2024-12-03",
            "2025-06-09",
            "минно-взрывная травма, ампутация пальцев",
            "combat",
            "бессонница; «панические» атаки",
        ],
        [
            "",
            "1",
            "2026-11-20",
            "Жук",
            "Ольга",
            "",
            "female",
            "ефрейтор",
            "г. Курск",
            "в/ч 12345",
            "2024-12-03",
            "2025-06-09",
            "контузия",
            "",
            "",
        ],
        [
            "bad",
            "1",
            "2026-11-20",
            "Жук",
            "Павел",
            "",
            "male",
            "ефрейтор",
            "г. Курск",
            "12345",
            "2025-06-09",
            "2024-12-03",
            "контузия",
            "",
            "",
        ],
    ]
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(table), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    assert (out / "kravets" / "01_vvk_report.docx").exists()
    text = docx_text((out / "kravets" / "01_vvk_report.docx").read_bytes())
    assert "бессонница; «панические» атаки" in text
    assert "от рядового\nКравца Дениса Олеговича" in text
    assert (out / "row0003" / "01_vvk_report.pdf").exists()  # no id: named by its row
    [failure] = read_csv(out / "failures.csv")
    assert failure["source"] == f"{table}:row 4"
    assert (
        "captivity.released_on" in failure["error"] and "captivity.captured_on" in failure["error"]
    )


def test_xlsx_input(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "serviceman.surname",
            "serviceman.name",
            "serviceman.gender",
            "serviceman.rank",
            "serviceman.address",
            "unit.number",
            "captivity.captured_on",
            "captivity.released_on",
            "health.conditions[0].description",
            "date",
            "schema_version",
        ]
    )
    sheet.append(
        [
            "Седых",
            "Илья",
            "male",
            "сержант",
            "г. Курск",
            12345,
            dt.datetime(2024, 8, 15),
            dt.datetime(2025, 5, 24),
            "контузия",
            dt.datetime(2026, 11, 20),
            1,
        ]
    )
    path = tmp_path / "clients.xlsx"
    book.save(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(path), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    text = docx_text((out / "row0002" / "01_vvk_report.docx").read_bytes())
    assert "Седых Ильи" in text and "войсковой части 12345" in text


def write_table(path: Path, header: list[str], *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


SHEET = [
    "id",
    "date",
    "serviceman.surname",
    "serviceman.name",
    "serviceman.gender",
    "serviceman.rank",
    "serviceman.address",
    "unit.number",
    "captivity.captured_on",
    "captivity.released_on",
    "health.conditions[0].description",
]
KRAVETS = [
    "kravets",
    "20.11.2026",
    "Кравец",
    "Денис",
    "male",
    "рядовой",
    "308000, г. Белгород, ул. Победы, д. 5",
    "54321",
    "03.12.2024",
    "9.6.2025",
    "контузия",
]


def test_day_first_dates_and_every_error_of_a_row(tmp_path: Path) -> None:
    # As a lawyer types them: dates day first in text cells, and one row with three slips.
    bad = [*KRAVETS]
    bad[0], bad[4], bad[5], bad[7] = "zhuk", "мужской", "капрал", "в/ч"
    table = write_table(tmp_path / "clients.csv", SHEET, KRAVETS, bad)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(table), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    assert "1 packet written" in result.stderr and "1 of 2 cases failed" in result.stderr
    text = docx_text((out / "kravets" / "01_vvk_report.docx").read_bytes())
    assert "03.12.2024" in text or "3 декабря 2024" in text
    assert read_csv(out / "register.csv")[0]["date"] == "2026-11-20"
    failures = read_csv(out / "failures.csv")
    assert [f["client"] for f in failures] == ["zhuk"] * 3
    assert all(f["source"] == f"{table}:row 3" for f in failures)
    fields = [f["error"].removeprefix(f"{table}:row 3: ").split(":")[0] for f in failures]
    assert fields == ["serviceman.gender", "serviceman.rank", "unit.number"]


def test_a_day_that_does_not_exist_is_named_in_its_cell(tmp_path: Path) -> None:
    row = [*KRAVETS]
    row[8] = "31.02.2025"
    table = write_table(tmp_path / "clients.csv", SHEET, row)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(table), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    [failure] = read_csv(out / "failures.csv")
    assert failure["error"] == (
        f"{table}:row 2: captivity.captured_on: «31.02.2025» is a date that does not exist; "
        "check the day and the month (YYYY-MM-DD)"
    )


@pytest.mark.parametrize(
    ("column", "header", "hint"),
    [
        ("serviceman.surname", "serviceman.surnme", "did you mean «serviceman.surname»?"),
        (
            "health.conditions[0].description",
            "health.conditions[0].descripton",
            "did you mean «health.conditions[0].description»?",
        ),
        ("serviceman.name", "servicemen.name", "did you mean «serviceman.name»?"),
        ("unit.number", "unit.xyz", "the fields in unit are commander, current_location, "),
    ],
)
def test_a_misspelt_column_is_named_with_the_nearest_field(
    tmp_path: Path, column: str, header: str, hint: str
) -> None:
    columns = [header if name == column else name for name in SHEET]
    table = write_table(tmp_path / "clients.csv", columns, KRAVETS)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(table), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(
        f"{table}: column «{header}» is not a field of the case format; {hint}"
    )
    assert not out.exists()  # not one packet, not one report


def test_bad_column_header_is_one_line(tmp_path: Path) -> None:
    table = tmp_path / "clients.csv"
    table.write_text("serviceman surname\nСмирнов\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(table), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "column «serviceman surname» is not a field path" in result.stderr


def test_interrupted_batch_leaves_no_half_written_packet(tmp_path: Path, monkeypatch) -> None:
    source = cases_folder(tmp_path, broken=False)
    out = tmp_path / "out"
    written = []
    real = batch.write_atomic

    def failing_write(path: Path, data: bytes) -> Path:
        written.append(path)
        if len(written) == 3:  # the third file of the first packet: the laptop dies here
            raise KeyboardInterrupt
        return real(path, data)

    monkeypatch.setattr(batch, "write_atomic", failing_write)
    with pytest.raises(KeyboardInterrupt):
        list(batch.run(batch.jobs_from(source), out, workers=1, today=DATE))
    assert list(out.iterdir()) == []  # neither a packet folder nor a .partial- one


def test_existing_packet_needs_force(tmp_path: Path) -> None:
    source = cases_folder(tmp_path, broken=False)
    out = tmp_path / "out"
    assert (
        CliRunner().invoke(main, ["batch", str(source), "-o", str(out), "--jobs", "1"]).exit_code
        == 0
    )
    again = CliRunner().invoke(main, ["batch", str(source), "-o", str(out), "--jobs", "1"])
    assert again.exit_code == 1
    assert "already exists; use --force" in read_csv(out / "failures.csv")[0]["error"]
    forced = CliRunner().invoke(
        main, ["batch", str(source), "-o", str(out), "--jobs", "1", "--force"]
    )
    assert forced.exit_code == 0


def test_not_an_input(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for source, message in (
        (tmp_path / "empty", "no case files"),
        (tmp_path / "missing.csv", "no such file"),
        (SMIRNOV, "give a folder of case files, or a .csv or .xlsx file"),
    ):
        result = CliRunner().invoke(main, ["batch", str(source), "-o", str(tmp_path / "o")])
        assert result.exit_code == 1 and message in result.stderr


def test_a_case_that_breaks_the_reader_fails_alone(tmp_path: Path) -> None:
    source = cases_folder(tmp_path, broken=False)
    (source / "deep.yaml").write_text("[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    (source / "nul.yaml").write_bytes(SMIRNOV.read_bytes().replace(b"\n", b"\x00\n", 1))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(source), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "2 of 4 cases failed" in result.stderr
    assert (out / "smirnov" / "01_vvk_report.pdf").exists()
    assert (out / "smirnova_mother" / "01_vvk_report.pdf").exists()
    failures = {row["client"]: row["error"] for row in read_csv(out / "failures.csv")}
    assert set(failures) == {"deep", "nul"}
    assert "nested deeper than 20 levels" in failures["deep"]
    for error in failures.values():
        assert "\n" not in error and "Traceback" not in error
    assert {row["client"] for row in read_csv(out / "register.csv")} == {
        "smirnov",
        "smirnova_mother",
    }


def fake_work(files: dict[str, bytes], explode: str = "") -> object:
    """A stand-in for the worker: `files` for every job, an error quoting case data for one."""

    def work(task: tuple[batch.Job, dt.date, dt.date | None]) -> batch.Outcome:
        job = task[0]
        if job.key == explode:
            raise ValueError("Смирнов Иван, контузия")  # a library's message quoting the case
        return batch.Outcome(key=job.key, source=job.source, files=dict(files))

    return work


def test_an_error_outside_the_worker_fails_one_case_without_quoting_it(
    tmp_path: Path, monkeypatch
) -> None:
    source = cases_folder(tmp_path, broken=False)
    monkeypatch.setattr(batch, "_work", fake_work({"01_vvk_report.pdf": b"%PDF"}, "smirnov"))
    outcomes = list(batch.run(batch.jobs_from(source), tmp_path / "out", workers=1, today=DATE))
    assert [o.key for o in outcomes] == ["smirnov", "smirnova_mother"]
    assert outcomes[1].error is None
    error = outcomes[0].error or ""
    assert "ValueError" in error and "Смирнов" not in error.replace(str(tmp_path), "")
    assert (tmp_path / "out" / "smirnova_mother" / "01_vvk_report.pdf").exists()


def test_report_cells_are_never_formulas(tmp_path: Path) -> None:
    hostile = ('=HYPERLINK("http://x")', "@SUM(A1)", "+1", "-1", "\tx", "\rx")
    done = batch.Outcome(key="@SUM(A1)", source="=1+1", date=DATE)
    done.documents = [
        Filed.of(
            b"%PDF", document=doc, addressee=text, file=Path("01.pdf"), pages=1, attachment_sheets=0
        )
        for doc, text in zip(hostile, hostile, strict=True)
    ]
    failed = batch.Outcome(key="-2", source="+3", error='=HYPERLINK("http://x")')
    batch.write_reports(tmp_path, [done, failed], start=1)
    for report in ("register.csv", "failures.csv"):
        with (tmp_path / report).open(encoding="utf-8-sig", newline="") as handle:
            cells = [cell for row in list(csv.reader(handle))[1:] for cell in row]
        risky = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert risky == [], report
    assert read_csv(tmp_path / "register.csv")[0]["addressee"] == '\'=HYPERLINK("http://x")'


def test_force_replaces_only_our_own_files(tmp_path: Path, monkeypatch) -> None:
    source = cases_folder(tmp_path, broken=False)
    out = tmp_path / "out"
    client = out / "smirnov"
    client.mkdir(parents=True)
    (client / "notes.txt").write_text("позвонить в часть", encoding="utf-8")
    (client / "scan_passport.pdf").write_bytes(b"%PDF scan")
    (client / "01_vvk_report.pdf").write_bytes(b"old")
    (client / "followup_01_prosecutor.pdf").write_bytes(b"old follow-up of a document now gone")
    monkeypatch.setattr(batch, "_work", fake_work({"01_vvk_report.pdf": b"new"}))
    outcomes = list(batch.run(batch.jobs_from(source), out, workers=1, today=DATE, force=True))
    assert [o.error for o in outcomes] == [None, None]
    assert sorted(p.name for p in client.iterdir()) == [
        "01_vvk_report.pdf",
        "notes.txt",
        "scan_passport.pdf",
    ]
    assert (client / "01_vvk_report.pdf").read_bytes() == b"new"
    assert (client / "notes.txt").read_text(encoding="utf-8") == "позвонить в часть"
    assert not list(out.glob(".partial-*"))


def test_symlinked_client_folder_is_one_line(tmp_path: Path, monkeypatch) -> None:
    source = cases_folder(tmp_path, broken=False)
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "smirnov").symlink_to(tmp_path / "elsewhere")
    monkeypatch.setattr(batch, "_work", fake_work({"01_vvk_report.pdf": b"new"}))
    outcomes = list(batch.run(batch.jobs_from(source), out, workers=1, today=DATE, force=True))
    assert "is a symbolic link" in (outcomes[0].error or "")
    assert outcomes[1].error is None
    assert list((tmp_path / "elsewhere").iterdir()) == []


LAWYER_HEADER = (
    "id", "date", "serviceman.surname", "serviceman.name", "serviceman.patronymic",
    "serviceman.gender", "serviceman.rank", "serviceman.address", "unit.number",
    "captivity.captured_on", "captivity.released_on", "health.conditions[0].description",
    "health.conditions[0].origin",
)  # fmt: skip
LAWYER_ROW = (
    "kravets", "20.11.2026", "Кравец", "Денис", "Олегович", "male", "рядовой",
    "308000, г. Белгород, ул. Победы, д. 5, кв. 12", "54321", "03.12.2024", "09.06.2025",
    "минно-взрывная травма", "combat",
)  # fmt: skip


def lawyer_sheet(path: Path, header: tuple[str, ...], *rows: tuple[str, ...]) -> Path:
    """An .xlsx as a lawyer types it: every cell text, dates as ДД.ММ.ГГГГ."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (header, *rows):
        sheet.append(list(row))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.number_format = "@"  # a text cell, not a date Excel recognised
    book.save(path)
    return path


def test_a_spreadsheet_with_russian_dates_and_three_errors_in_a_row(tmp_path: Path) -> None:
    bad = list(LAWYER_ROW)
    bad[0], bad[3], bad[6], bad[12] = "petrov", "", "капрал", "combatt"
    table = lawyer_sheet(tmp_path / "clients.xlsx", LAWYER_HEADER, LAWYER_ROW, tuple(bad))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(table), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    assert "1 packet written" in result.stderr  # not «1 packets»
    # The ДД.ММ.ГГГГ cells are dates: the packet is made, dated as the cell says.
    assert "«20» ноября 2026\xa0г." in docx_text(
        (out / "kravets" / "01_vvk_report.docx").read_bytes()
    )
    failures = read_csv(out / "failures.csv")
    assert [f["client"] for f in failures] == ["petrov"] * 3
    errors = [f["error"] for f in failures]
    assert all(e.startswith(f"{table}:row 3: ") for e in errors)
    assert [e.split(": ")[1] for e in errors] == [
        "serviceman.name",
        "serviceman.rank",
        "health.conditions[0].origin",
    ]
    assert not any("smirnov" in e for e in errors)


@pytest.mark.parametrize(
    ("count", "russian", "english"),
    [
        (1, "1 пакет готов", "1 packet written"),
        (2, "2 пакета готовы", "2 packets written"),
        (5, "5 пакетов готово", "5 packets written"),
        (21, "21 пакет готов", "21 packets written"),
    ],
)
def test_the_summary_agrees_with_its_number(count: int, russian: str, english: str) -> None:
    done = batch.Finished(
        Path("out"), tuple(batch.Outcome(key=f"c{n}", source="s") for n in range(count)), ()
    )
    assert done.summary("ru") == f"out: {russian}"
    assert done.summary("en") == f"{english} to out"
