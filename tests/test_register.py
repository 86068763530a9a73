"""The outgoing register as a ledger: numbers kept across batches and builds, re-issues, locking."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from complaintgen.batch.register import NUMBER, Filed, record
from complaintgen.cli import main
from tests.conftest import EXAMPLES, ROOT


def read_register(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def folder_of(tmp_path: Path, name: str, *cases: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for case in cases:
        shutil.copy(EXAMPLES / f"{case}.yaml", folder / f"{case}.yaml")
    return folder


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


def test_two_batches_and_a_build_share_one_register_and_never_renumber(tmp_path: Path) -> None:
    book = tmp_path / "journal.csv"
    first = folder_of(tmp_path, "first", "smirnov", "smirnova_mother")
    second = folder_of(tmp_path, "second", "volunteer", "smirnov")
    run(
        "batch",
        str(first),
        "-o",
        str(tmp_path / "a"),
        "--jobs",
        "1",
        "--register",
        str(book),
        "--date",
        "2026-11-20",
    )
    after_first = read_register(book)
    run(
        "batch",
        str(second),
        "-o",
        str(tmp_path / "b"),
        "--jobs",
        "2",
        "--register",
        str(book),
        "--date",
        "2026-11-20",
    )
    after_second = read_register(book)
    run(
        "build",
        str(EXAMPLES / "ptsd_only.yaml"),
        "-o",
        str(tmp_path / "c"),
        "--register",
        str(book),
        "--date",
        "2026-11-20",
    )
    lines = read_register(book)

    numbers = [int(line[NUMBER]) for line in lines]
    assert numbers == list(range(1, len(lines) + 1))  # unique and increasing, none skipped
    # Earlier lines stay as they were: a ledger only grows.
    assert lines[: len(after_first)] == after_first
    assert lines[: len(after_second)] == after_second
    clients = [line["client"] for line in lines]
    assert {"smirnov", "smirnova_mother", "volunteer", "ptsd_only"} == set(clients)
    # smirnov's unchanged documents of the second batch kept their numbers: no second line.
    assert clients.count("smirnov") == sum(line["client"] == "smirnov" for line in after_first)
    assert len(after_second) > len(after_first) and len(lines) > len(after_second)
    assert not any(line["replaces"] for line in lines)
    # The register sits outside the output folders: its files are named from its own folder.
    assert all((tmp_path / line["file"]).is_file() for line in lines)


def test_a_build_of_a_batch_client_keeps_its_numbers(tmp_path: Path) -> None:
    book = tmp_path / "journal.csv"
    run(
        "batch",
        str(folder_of(tmp_path, "cases", "smirnov")),
        "-o",
        str(tmp_path / "a"),
        "--register",
        str(book),
        "--date",
        "2026-11-20",
    )
    before = read_register(book)
    run(
        "build",
        str(EXAMPLES / "smirnov.yaml"),
        "-o",
        str(tmp_path / "single"),
        "--register",
        str(book),
        "--date",
        "2026-11-20",
    )
    assert read_register(book) == before


def test_a_reissued_document_gets_a_new_line_naming_the_one_it_replaces(tmp_path: Path) -> None:
    book = tmp_path / "journal.csv"
    case = EXAMPLES / "smirnov.yaml"
    run(
        "build",
        str(case),
        "-o",
        str(tmp_path / "v1"),
        "--register",
        str(book),
        "--date",
        "2026-11-20",
    )
    first = read_register(book)
    # A new date changes every letter: each is re-issued under a new number.
    run(
        "build",
        str(case),
        "-o",
        str(tmp_path / "v2"),
        "--register",
        str(book),
        "--date",
        "2026-11-23",
    )
    lines = read_register(book)
    assert lines[: len(first)] == first
    again = lines[len(first) :]
    assert [line["document"] for line in again] == [line["document"] for line in first]
    assert [line["replaces"] for line in again] == [line[NUMBER] for line in first]
    assert [int(line[NUMBER]) for line in again] == list(range(len(first) + 1, 2 * len(first) + 1))
    assert {line["date"] for line in again} == {"2026-11-23"}


def test_pages_are_the_filed_pages_and_the_journal_columns_are_filled(tmp_path: Path) -> None:
    book = tmp_path / "out" / "register.csv"
    run(
        "batch",
        str(folder_of(tmp_path, "cases", "smirnov")),
        "-o",
        str(tmp_path / "out"),
        "--date",
        "2026-11-20",
    )
    lines = read_register(book)
    assert lines
    for line in lines:
        pdf = book.parent / line["file"]
        reader = PdfReader(pdf)
        # The note to the applicant is never in the filed PDF, nor in its count.
        assert int(line["pages"]) == len(reader.pages)
        assert "Памятка" not in "".join(page.extract_text() for page in reader.pages)
        assert line["addressee"] and line["attachment sheets"].isdigit()
        assert line["date"] == "2026-11-20"


_WRITER = """
import sys
from pathlib import Path
from complaintgen.batch.register import Filed, record
book, who = Path(sys.argv[1]), sys.argv[2]
for n in range(40):
    record(book, who, [Filed.of(f"{who}{n}".encode(), document=f"d{n}", addressee="a",
           file=Path("x.pdf"), pages=1, attachment_sheets=0)])
"""


def test_two_processes_writing_at_once_never_share_or_lose_a_number(tmp_path: Path) -> None:
    book = tmp_path / "journal.csv"
    env = {"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PATH": "/usr/bin:/bin"}
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(book), who], env=env)
        for who in ("first", "second")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    lines = read_register(book)
    assert sorted(int(line[NUMBER]) for line in lines) == list(range(1, 81))
    assert sorted((line["client"], line["document"]) for line in lines) == sorted(
        (who, f"d{n}") for who in ("first", "second") for n in range(40)
    )


def test_the_same_document_again_keeps_its_line(tmp_path: Path) -> None:
    book = tmp_path / "journal.csv"

    def filed(pdf: bytes) -> Filed:
        return Filed.of(
            pdf,
            document="vvk_report",
            addressee="a",
            file=Path("x.pdf"),
            pages=2,
            attachment_sheets=None,
        )

    [first] = record(book, "ivanov", [filed(b"one")], start=100)
    [same] = record(book, "ivanov", [filed(b"one")])
    [other] = record(book, "petrov", [filed(b"one")])
    [again] = record(book, "ivanov", [filed(b"two")])
    assert (first[NUMBER], same[NUMBER], other[NUMBER], again[NUMBER]) == (
        "100",
        "100",
        "101",
        "102",
    )
    assert again["replaces"] == "100" and other["replaces"] == ""
    assert first["attachment sheets"] == ""  # unknown, not a made-up zero


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_number_is_printed_top_left_on_the_addressee_line(tmp_path: Path) -> None:
    import docx

    book = tmp_path / "journal.csv"
    case = EXAMPLES / "orlov_lawyer.yaml"
    run(
        "build",
        str(case),
        "-o",
        str(tmp_path / "v1"),
        "--register",
        str(book),
        "--date",
        "2026-11-20",
    )
    numbers = {line["document"]: line[NUMBER] for line in read_register(book)}
    out = tmp_path / "v1"
    first = pdf_text(out / "02_command_complaint.pdf").splitlines()[0]
    # On one line: the number on the left, the addressee's first line on the right.
    printed = f"Исх. № {numbers['command_complaint']} от 20.11.2026"
    assert first.startswith(printed) and first.split(printed)[1].strip().startswith("Командующему")
    # The applicant's copy is of the same letter, number and all.
    assert pdf_text(out / "02_command_complaint.copy.pdf").splitlines()[0].startswith(printed)
    paragraph = docx.Document(str(out / "02_command_complaint.docx")).paragraphs[0]
    assert paragraph.text.startswith(f"{printed}\tКомандующему")
    # Without a register the letter carries no number.
    run("build", str(case), "-o", str(tmp_path / "plain"), "--date", "2026-11-20")
    assert "Исх." not in pdf_text(tmp_path / "plain" / "02_command_complaint.pdf")
    # The same letter again keeps its number on the page, a re-issue prints its new one.
    run(
        "build",
        str(case),
        "-o",
        str(tmp_path / "v2"),
        "--register",
        str(book),
        "--date",
        "2026-11-20",
    )
    assert pdf_text(tmp_path / "v2" / "02_command_complaint.pdf").startswith(printed)
    run(
        "build",
        str(case),
        "-o",
        str(tmp_path / "v3"),
        "--register",
        str(book),
        "--date",
        "2026-11-24",
    )
    [line] = [
        line for line in read_register(book) if line["replaces"] == numbers["command_complaint"]
    ]
    again = pdf_text(tmp_path / "v3" / "02_command_complaint.pdf")
    assert again.startswith(f"Исх. № {line[NUMBER]} от 24.11.2026")
