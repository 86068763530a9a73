"""What is filed holds only what is filed.

A note to the applicant («Памятка … не подаётся», warnings about criminal liability, advice not to
describe capture) handed to a commander with the document tells him what the applicant was
warned about. So no file that is printed, attached or counted holds one: the notes go into
``00_read_me_first`` alone, and every page count (Ф.107, the combined file's index, the register a
batch makes) counts the pages the letter's PDF really has.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest

from complaintgen.case.casefile import load_case
from complaintgen.case.model import Case
from complaintgen.packet.build import make_packet, packet_files
from complaintgen.packet.plan import (
    ONLINE_DOCUMENTS,
    Packet,
    document_language,
    planned_documents,
    reading_language,
)
from complaintgen.render.rendering import render_letter
from tests.conftest import DATE, EXAMPLES, example_paths, need, pdf_text, words

# Words only a note to the applicant uses about itself.
# Words that only a note to the applicant holds: its heading, and what it tells him.
MEMO_MARKERS = (
    "Памятка",
    "памятка",
    "не подаётся",
    "не юридическая консультация",
    "уголовную ответственность",
    "not filed",
    "not part of the document",
    "not legal advice",
    "criminal offence",
)
READ_ME = "00_read_me_first"
MM = 72 / 25.4


def _built(folder: Path, example: Path, formats: tuple[str, ...] = ("docx", "pdf", "txt")):
    case = load_case(example, today=DATE)
    packet = make_packet(case)
    files = packet_files(case, packet, formats)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return case, packet, files


@pytest.fixture(scope="module", params=example_paths(), ids=lambda p: p.stem)
def packet_of(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Every example's whole packet, built once for this module: (case, packet, files, folder)."""
    folder = tmp_path_factory.mktemp(request.param.stem)
    return (*_built(folder, request.param), folder)


def memo_texts(case: Case) -> list[str]:
    """Every note to the applicant the case's letters bring, as the templates render them."""
    documents, _ = planned_documents(case)
    texts: list[str] = []
    for doc_id in documents:
        # In the language of the case: the notes of the copies to read, if there are such.
        language = reading_language(case, doc_id) or document_language(case, doc_id)
        letter = render_letter(case, doc_id, language)
        for text in (block.text for block in letter.blocks if block.kind == "memo"):
            if text not in texts:
                texts.append(text)
    return texts


def file_text(path: Path) -> str:
    """The text of a packet file: a PDF's by pdftotext, a DOCX's body and tables, a text file's."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return path.read_text(encoding="utf-8")


def printed_files(packet: Packet, files: dict[str, bytes]) -> list[str]:
    """The files that are printed, attached or counted: each document's, and the combined PDF."""
    stems = tuple(packet.file_name(letter, "")[:-1] for letter in packet.letters)
    return [name for name in files if name.startswith(stems) or name == "00_packet.pdf"]


def test_no_note_to_the_applicant_in_a_filed_file(packet_of) -> None:
    need("pdftotext")
    case, packet, files, folder = packet_of
    notes = memo_texts(case)
    assert notes, "the templates bring notes to the applicant"
    names = printed_files(packet, files)
    # A text for an online reception only where a document is filed online (a court claim is not).
    online = any(letter.doc_id in ONLINE_DOCUMENTS for letter in packet.letters)
    assert {Path(name).suffix for name in names} == {".pdf", ".docx"} | (
        {".txt"} if online else set()
    )
    for name in names:
        text = file_text(folder / name)
        shown = words(text)
        for note in notes:
            assert words(note) not in shown, f"{name}: holds the note «{note[:60]}…»"
        if name != "00_packet.pdf":  # its cover says what the packet leaves out, «без памяток»
            for marker in MEMO_MARKERS:
                assert marker not in text, f"{name}: «{marker}»"
    for letter in packet.letters:
        assert all(block.kind != "memo" for block in letter.blocks), letter.doc_id


def test_the_read_me_holds_every_note_once(packet_of) -> None:
    need("pdftotext")
    case, _, files, folder = packet_of
    assert f"{READ_ME}.pdf" in files
    text = words(pdf_text(folder / f"{READ_ME}.pdf"))
    for note in memo_texts(case):
        assert text.count(words(note)) == 1, f"«{note[:60]}…»"
    reader = pypdf.PdfReader(io.BytesIO(files[f"{READ_ME}.pdf"]))
    assert reader.metadata is not None and reader.metadata.title in (
        "Памятка заявителю",
        "Notes for the applicant",
    )


def test_a_build_in_one_format_still_gives_the_notes(tmp_path: Path) -> None:
    smirnov = EXAMPLES / "smirnov.yaml"
    case, _, files = _built(tmp_path / "docx", smirnov, ("docx",))
    read_me = file_text(tmp_path / "docx" / f"{READ_ME}.docx")
    assert all(words(note) in words(read_me) for note in memo_texts(case))
    for name in files:
        if not name.startswith(READ_ME):
            assert "Памятка" not in file_text(tmp_path / "docx" / name), name
    _, _, texts = _built(tmp_path / "txt", smirnov, ("txt",))
    assert f"{READ_ME}.txt" in texts and "ПАМЯТКА ЗАЯВИТЕЛЮ" in texts[f"{READ_ME}.txt"].decode(
        "utf-8"
    )


def _pages(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def test_inventory_sheets_are_the_letters_real_pages(packet_of) -> None:
    need("pdftotext")
    _, packet, files, folder = packet_of
    inventories = 0
    for letter in packet.letters:
        name = packet.file_name(letter, "f107.pdf")
        if name not in files:
            continue
        inventories += 1
        first = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", "-f", "1", "-l", "1", str(folder / name), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        original = "(подлинник)" if letter.language == "ru" else "(original)"
        # A title broken after a hyphen at a line end («военно-» / «врачебной») reads as one word.
        spaced = re.sub(r"-\s+", "-", " ".join(first.split()))
        row = re.search(
            re.escape(" ".join(f"{letter.title} {original}".split())) + r" (\d+)", spaced
        )
        assert row, f"{name}: no row for the letter"
        real = _pages(folder / packet.file_name(letter, "pdf"))
        assert int(row[1]) == real, f"{name}: {row[1]} sheets, but the PDF has {real} pages"
    assert inventories


def test_index_pages_are_the_letters_real_pages(packet_of) -> None:
    need("pdftotext")
    _, packet, _, folder = packet_of
    combined = folder / "00_packet.pdf"
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", "2", "-l", "2", str(combined), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # The index's last column, top to bottom (pdftotext need not read it in that order): «3–4».
    found = sorted(
        (float(y_min), int(match[1]), int(match[2] or match[1]))
        for x_min, y_min, text in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', bbox
        )
        if float(x_min) > (30 + 0.85 * 170) * MM
        and float(y_min) < (297 - 20) * MM
        and (match := re.fullmatch(r"(\d+)(?:–(\d+))?", text))
    )
    printed = [(start, end) for _, start, end in found]
    # The examples attach no PDF files: one row per letter.
    assert len(printed) == len(packet.letters)
    for (start, end), letter in zip(printed, packet.letters, strict=True):
        real = _pages(folder / packet.file_name(letter, "pdf"))
        assert end - start + 1 == real, f"{letter.doc_id}: {start}–{end}, but {real} pages"
    assert printed[-1][1] == _pages(combined)


def test_a_case_in_english_is_filed_in_russian_and_read_in_english(tmp_path: Path) -> None:
    # Russian bodies answer appeals in Russian: an English-speaking relative files the Russian
    # letters, and reads each of them in English beside it.
    need("pdftotext")
    case, packet, _ = _built(tmp_path, EXAMPLES / "english_relative.yaml", ("pdf",))
    assert case.language == "en"
    assert {letter.language for letter in packet.letters if letter.doc_id != "case_summary"} == {
        "ru"
    }
    for letter in packet.letters:
        if letter.doc_id == "case_summary":
            continue
        filed = pdf_text(tmp_path / packet.file_name(letter, "pdf"))
        reading = pdf_text(tmp_path / f"{packet.file_stem(letter)}.en.pdf")
        # The addressee line: «Командиру …» to file, "To the Commander …" to read.
        assert re.match("[А-ЯЁ]", filed.lstrip()), letter.doc_id
        assert re.match("[A-Z]", reading.lstrip()), letter.doc_id
    # The notes to the applicant are in English, the language of the case.
    read_me = pdf_text(tmp_path / f"{READ_ME}.pdf")
    assert "NOTES" in read_me.upper() and "ПАМЯТКА" not in read_me
