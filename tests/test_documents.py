"""Every document of every example, rendered and read back by real clients.

- golden text of each letter (written only by ``pytest --update-goldens``; review the diff);
- the same words, with the same spaces between them, in the DOCX (python-docx) and the PDF
  (poppler's pdftotext): only the line ends of the printed page are read as the DOCX reads them;
- LibreOffice opens each DOCX and prints the same words;
- the PDF embeds the bundled font and has 1 to 3 A4 pages;
- nothing in the files' metadata names the machine or the person who ran the tool.
"""

from __future__ import annotations

import getpass
import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

import tests.conftest
from complaintgen.case.casefile import load_case
from complaintgen.packet.build import make_packet, packet_files
from complaintgen.packet.plan import planned_documents
from complaintgen.render.rendering import render_letter
from complaintgen.writers import layout
from tests.conftest import (
    DATE,
    LibreOffice,
    check_golden,
    docx_text,
    example_paths,
    need,
    pdf_text,
)
from tests.reader import joined, same_text

A4_POINTS = (595.28, 841.89)
# A letter fits on three pages; a claim to a court tells the whole story and lists every
# earlier complaint with its result (КАС ст. 220 ч. 2), so it may take five.
MAX_PAGES = {"court_claim": 5}


def built(example: Path, tmp_path: Path) -> list[tuple[str, Path, Path]]:
    """(document id, DOCX path, PDF path) for each letter of `example`, written to tmp_path."""
    case = load_case(example, today=DATE)
    packet = make_packet(case)
    files = packet_files(case, packet)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return [
        (
            letter.doc_id,
            tmp_path / packet.file_name(letter, "docx"),
            tmp_path / packet.file_name(letter, "pdf"),
        )
        for letter in packet.letters
    ]


MEMO_START = ("Памятка", "Notes on")


def letter_pages(pdf_path: Path) -> int:
    """Pages of the letter itself: those before the memo page, which is not filed."""
    pages = pdf_text(pdf_path).split("\f")
    for number, page in enumerate(pages):
        if page.strip().startswith(MEMO_START):
            return number
    return len([page for page in pages if page.strip()])


@pytest.fixture(params=example_paths(), ids=lambda p: p.stem)
def example(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.mark.parametrize("language", ["ru", "en"])
def test_golden_letter_text(example: Path, language: str, update_goldens: bool) -> None:
    """Every document of every example, in both languages (voices and variants vary by example)."""
    case = load_case(example, today=DATE)
    documents, _ = planned_documents(case)
    assert documents, f"{example.name} produced no documents"
    for doc_id in documents:
        letter = render_letter(case, doc_id, language)
        assert letter.language == language
        name = f"{example.stem}/{letter.doc_id}.{language}.txt"
        check_golden(name, letter.plain_text(), update_goldens)


def test_a_missing_golden_file_fails_and_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tests.conftest, "GOLDEN", tmp_path / "golden")
    with pytest.raises(pytest.fail.Exception, match="missing; run pytest --update-goldens"):
        check_golden("smirnov/vvk_report.ru.txt", "текст", update=False)
    assert not (tmp_path / "golden").exists()
    check_golden("smirnov/vvk_report.ru.txt", "текст", update=True)
    assert (tmp_path / "golden" / "smirnov" / "vvk_report.ru.txt").read_text() == "текст"
    check_golden("smirnov/vvk_report.ru.txt", "текст", update=False)


def test_text_comparison_sees_a_lost_or_added_space() -> None:
    reference = "Командиру войсковой части 12345\nот военно-врачебной комиссии (https://mil.ru/)"
    # Lines end where a renderer may end them: at a space, after a hyphen or a slash.
    printed = [
        "Командиру войсковой части",
        "12345 от военно-",
        "врачебной комиссии (https://",
        "mil.ru/)",
    ]
    assert joined(printed, reference) == " ".join(reference.split())
    for wrong in (
        ["Командиру войсковойчасти 12345 от военно-врачебной комиссии (https://mil.ru/)"],
        ["Командиру войсковой части 12345 от военно- врачебной комиссии (https://mil.ru/)"],
        ["Командиру войсковой части 12 345 от военно-врачебной комиссии", "(https://mil.ru/)"],
        ["Командиру войсковой части", "12345 от военно", "-врачебной комиссии (https://mil.ru/)"],
    ):
        assert joined(wrong, reference) != " ".join(reference.split()), wrong


def test_docx_and_pdf_carry_the_same_words(example: Path, tmp_path: Path) -> None:
    need("pdftotext")
    for doc_id, docx_path, pdf_path in built(example, tmp_path):
        from_docx = docx_text(docx_path.read_bytes())
        difference = same_text(from_docx, pdf_path, layout.MARGIN_TOP_MM)
        assert not difference, f"{doc_id}: DOCX and PDF text differ {difference}"
        assert len(from_docx) > 500


def test_libreoffice_opens_the_docx(
    example: Path, tmp_path: Path, libreoffice: LibreOffice
) -> None:
    need("pdftotext")
    letters = built(example, tmp_path)
    converted = libreoffice.pdfs([docx_path for _, docx_path, _ in letters])
    for (doc_id, docx_path, _), printed in zip(letters, converted, strict=True):
        difference = same_text(docx_text(docx_path.read_bytes()), printed, layout.MARGIN_TOP_MM)
        assert not difference, f"{doc_id}: LibreOffice prints another text {difference}"
        pages = letter_pages(printed)
        most = MAX_PAGES.get(doc_id, 3)
        assert 1 <= pages <= most, f"{doc_id}: LibreOffice laid the letter out on {pages} pages"


def test_pdf_font_embedded_and_pages_a4(example: Path, tmp_path: Path) -> None:
    pdffonts = need("pdffonts")
    for doc_id, _, pdf_path in built(example, tmp_path):
        listing = subprocess.run(
            [pdffonts, str(pdf_path)], check=True, capture_output=True, text=True
        ).stdout
        fonts = listing.splitlines()[2:]
        assert fonts, f"{doc_id}: no fonts"
        for row in fonts:
            assert "Liberation-Serif" in row.split()[0], row
            assert row.split()[-5] == "yes", f"{doc_id}: font not embedded: {row}"
        reader = pypdf.PdfReader(pdf_path)
        pages = letter_pages(pdf_path)
        assert 1 <= pages <= MAX_PAGES.get(doc_id, 3), f"{doc_id}: {pages} pages"
        for page in reader.pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(A4_POINTS, abs=0.5)


def test_page_numbers_from_page_two(tmp_path: Path) -> None:
    """Page 1 has no number; page 2 has «2», centred at the top, at least 10 mm from the edge."""
    pdftotext = need("pdftotext")
    # The reference example's рапорт runs to two pages.
    [(_, _, pdf_path)] = [b for b in built(example_paths()[0], tmp_path) if b[0] == "vvk_report"]
    bbox = subprocess.run(
        [pdftotext, "-bbox", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = re.findall(r"<page .*?</page>", bbox, flags=re.S)
    assert len(pages) >= 2
    top_words = []
    for page in pages:
        boxes = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', page
        )
        top_words.append(min(boxes, key=lambda box: float(box[1])))
    assert not top_words[0][3].isdigit()
    x_min, y_min, x_max, text = top_words[1]
    assert text == "2"
    assert float(y_min) >= 10 / 25.4 * 72  # at least 10 mm from the top edge
    centre = (float(x_min) + float(x_max)) / 2
    text_centre = (30 + (210 - 10)) / 2 / 25.4 * 72  # centred between the margins
    assert centre == pytest.approx(text_centre, abs=3)


def test_metadata_names_no_one(example: Path, tmp_path: Path) -> None:
    user = getpass.getuser()
    for doc_id, docx_path, pdf_path in built(example, tmp_path):
        props = docx.Document(docx_path).core_properties
        assert props.author == "" and props.last_modified_by == ""
        assert props.title and props.language in ("ru-RU", "en-GB")
        assert props.created.date() == DATE
        with zipfile.ZipFile(docx_path) as archive:
            names = archive.namelist()
            assert "docProps/thumbnail.jpeg" not in names and "docProps/app.xml" not in names
            everything = b"".join(archive.read(n) for n in names)
        # No template fingerprints: revision-session ids, a claimed spell check, a preview.
        for mark in (b"rsid", b"proofState", b"savePreviewPicture"):
            assert mark not in everything, f"{doc_id}: {mark!r} in the DOCX"
        pdf_bytes = pdf_path.read_bytes()
        info = pypdf.PdfReader(io.BytesIO(pdf_bytes)).metadata or {}
        assert set(info) <= {"/Title", "/CreationDate", "/ModDate"}, doc_id
        for blob in (everything, pdf_bytes):
            for leak in (b"python-docx", b"WeasyPrint", str(tmp_path).encode()):
                assert leak not in blob, f"{doc_id}: {leak!r} in a file"
            if len(user) > 3:
                assert user.encode() not in blob


def test_same_input_same_bytes(tmp_path: Path) -> None:
    case = load_case(example_paths()[0], today=DATE)
    first = packet_files(case, make_packet(case))
    second = packet_files(case, make_packet(case))
    assert first == second
