"""Every block where ГОСТ Р 7.0.97 puts it, measured on the printed page as a reader sees it.

For every document of every bundled example, both the PDF we print and LibreOffice's rendering of
the DOCX we give the lawyer (poppler's ``pdftotext -bbox`` on each):

- the addressee and sender block stands in the 8 cm column at the right margin of page 1;
- the title (and the line under it) is centred between the margins;
- pages are numbered from page 2, centred at the top, at least 10 mm from the edge; page 1 is not;
- no word's box leaves the text area (left 30 mm, right 10 mm, top and bottom 20 mm);
- no line is stretched by justification into a few words with wide gaps;
- the two renderings put the addressee block at the same place.

A case full of long unbroken strings (a URL, a pasted identifier) keeps them inside the page too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from complaintgen.case.casefile import case_from_data, load_case
from complaintgen.case.model import Case
from complaintgen.packet.build import make_packet, packet_files
from complaintgen.writers import layout
from complaintgen.writers.letter import Letter
from tests.conftest import DATE, EXAMPLES, LibreOffice, docx_text, example_paths, need
from tests.reader import Line, Page, first_difference, joined, printed_lines, read_pdf, spaced

L = layout
PT = 25.4 / 72  # millimetres per point
TOLERANCE_MM = 3 * PT
LEFT_MM = L.MARGIN_LEFT_MM
RIGHT_MM = L.PAGE_WIDTH_MM - L.MARGIN_RIGHT_MM
TOP_MM = L.MARGIN_TOP_MM
BOTTOM_MM = L.PAGE_HEIGHT_MM - L.MARGIN_BOTTOM_MM
MIDDLE_MM = (LEFT_MM + RIGHT_MM) / 2
CORNER_LEFT_MM = RIGHT_MM - L.CORNER_WIDTH_MM
# A centred line's centre, and the two renderings' addressee block, may differ by this much.
CENTRED_MM = 2.0
AGREE_MM = 3.0
# Justification spreads a line's spare room over its spaces: 14 pt Russian prose stretches them
# to 7-8 mm at worst. A line whose every space is wider than this has been pulled apart by a
# word that did not fit after it (a long URL), and reads as a few words strewn across the page.
STRETCHED_GAP_MM = 9.0
# Notes to the applicant on a page of their own after the letter: unnumbered, not filed.
MEMO_START = ("Памятка", "Notes on")


@dataclass(frozen=True, repr=False)
class Rendered:
    """One letter of an example as our PDF and as LibreOffice prints our DOCX."""

    letter: Letter
    docx_text: str
    pdf: list[Page]
    libreoffice: list[Page]


@dataclass(frozen=True, repr=False)
class Built:
    letters: list[Rendered]
    # Every other PDF a reader prints from the packet: the filing guide, the copies.
    other_pdfs: dict[str, list[Page]]


def build(case: Case, folder: Path, office: LibreOffice) -> Built:
    """The case's packet written to `folder`, its letters' DOCX converted by one LibreOffice."""
    packet = make_packet(case)
    files = packet_files(case, packet)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    converted = office.pdfs(
        [folder / packet.file_name(letter, "docx") for letter in packet.letters]
    )
    letters = [
        Rendered(
            letter,
            docx_text(files[packet.file_name(letter, "docx")]),
            read_pdf(folder / packet.file_name(letter, "pdf")),
            read_pdf(theirs),
        )
        for letter, theirs in zip(packet.letters, converted, strict=True)
    ]
    letter_files = {packet.file_name(letter, "pdf") for letter in packet.letters}
    others = {
        name: read_pdf(folder / name)
        for name in sorted(files)
        # The combined packet numbers its pages in the bottom margin, on purpose; the postal
        # form Ф.107 is a form of its own, not a letter.
        if name.endswith(".pdf")
        and name not in letter_files
        and not name.endswith(("f107.pdf", "00_packet.pdf"))
    }
    return Built(letters, others)


@pytest.fixture(scope="module", params=example_paths(), ids=lambda p: p.stem)
def built(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    libreoffice: LibreOffice,
) -> Built:
    need("pdftotext")
    example: Path = request.param
    folder = tmp_path_factory.mktemp(example.stem)
    return build(load_case(example, today=DATE), folder, libreoffice)


# What is measured


def is_memo(page: Page) -> bool:
    return any(line.text.startswith(MEMO_START) for line in page.lines[:2])


def page_number(page: Page) -> Line | None:
    """The line of digits alone in the top margin, if any."""
    for line in page.lines:
        if line.bottom <= TOP_MM and line.text.isdigit():
            return line
    return None


def heading_lines(letter: Letter, page: Page) -> tuple[list[Line], list[Line]]:
    """The addressee and sender block's lines on page 1, and the title's and subtitle's."""
    titles = [spaced(b.text) for b in letter.blocks if b.kind in ("title", "subtitle")]
    wanted = " ".join(titles)
    body = [line for line in page.lines if line is not page_number(page)]
    for start, line in enumerate(body):
        if wanted.startswith(line.text):
            taken, end = line.text, start + 1
            while taken != wanted and end < len(body) and wanted.startswith(taken):
                taken += " " + body[end].text
                end += 1
            if taken == wanted:
                return body[:start], body[start:end]
    return body, []


def layout_problems(letter: Letter, pages: list[Page], by: str) -> list[str]:
    """Every place where the rendering `by` breaks the rules of the page, one line each."""
    name = f"{letter.doc_id} ({by})"
    problems = []
    corner, headings = heading_lines(letter, pages[0])
    if not headings:
        problems.append(f"{name}: the title is not found on page 1")
    kinds = {block.kind for block in letter.blocks}
    if "addressee" in kinds:
        if not corner:
            problems.append(f"{name}: no addressee block above the title")
        for line in corner:
            if line.left < CORNER_LEFT_MM - TOLERANCE_MM or line.right > RIGHT_MM + TOLERANCE_MM:
                problems.append(
                    f"{name}: addressee line «{line.text}» spans x = {line.left:.1f}-"
                    f"{line.right:.1f} mm, outside the 8 cm column at the right"
                    f" ({CORNER_LEFT_MM:.0f}-{RIGHT_MM:.0f} mm)"
                )
    for line in headings:
        if abs(line.centre - MIDDLE_MM) > CENTRED_MM:
            problems.append(
                f"{name}: title line «{line.text}» centred at x = {line.centre:.1f} mm,"
                f" not {MIDDLE_MM:.1f} mm"
            )
    for page in pages:
        number = page_number(page)
        if page.number == 1 and number is not None:
            problems.append(f"{name}: page 1 is numbered")
        elif page.number > 1 and not is_memo(page):
            if number is None or number.text != str(page.number):
                problems.append(f"{name}: page {page.number} has no number «{page.number}»")
            elif abs(number.centre - MIDDLE_MM) > CENTRED_MM or number.top < 10:
                problems.append(
                    f"{name}: page {page.number}'s number stands at x = {number.centre:.1f},"
                    f" y = {number.top:.1f} mm, not centred at least 10 mm from the top"
                )
        problems.extend(outside_text_area(page, name))
        problems.extend(stretched(page, name))
    return problems


def outside_text_area(page: Page, name: str) -> list[str]:
    number = page_number(page)
    out = []
    for line in page.lines:
        for word in line.words:
            if (
                word.left < LEFT_MM - TOLERANCE_MM
                or word.right > RIGHT_MM + TOLERANCE_MM
                or (
                    line is not number
                    and (word.top < TOP_MM - TOLERANCE_MM or word.bottom > BOTTOM_MM + TOLERANCE_MM)
                )
            ):
                out.append(
                    f"{name}: page {page.number}: «{word.text[:40]}» at x = {word.left:.1f}-"
                    f"{word.right:.1f}, y = {word.top:.1f}-{word.bottom:.1f} mm,"
                    " beyond the text area"
                )
    return out


def stretched(page: Page, name: str) -> list[str]:
    out = []
    for line in page.lines:
        gaps = [b.left - a.right for a, b in zip(line.words, line.words[1:], strict=False)]
        if len(gaps) >= 2 and min(gaps) > STRETCHED_GAP_MM:
            out.append(
                f"{name}: page {page.number}: «{line.text}» is stretched to gaps of"
                f" {min(gaps):.0f} mm and more"
            )
    return out


def addressee_left(rendered: list[Page], letter: Letter) -> float | None:
    corner, _ = heading_lines(letter, rendered[0])
    return min((line.left for line in corner), default=None)


def check(built: Built) -> None:
    problems = []
    for item in built.letters:
        problems += layout_problems(item.letter, item.pdf, "PDF")
        problems += layout_problems(item.letter, item.libreoffice, "LibreOffice")
    for name, pages in built.other_pdfs.items():
        for page in pages:
            problems.extend(outside_text_area(page, name))
            problems.extend(stretched(page, name))
    assert not problems, "\n".join(problems)


# The tests


def test_blocks_stand_where_gost_puts_them(built: Built) -> None:
    check(built)


def test_pdf_and_docx_put_the_addressee_block_in_one_place(built: Built) -> None:
    for item in built.letters:
        ours = addressee_left(item.pdf, item.letter)
        theirs = addressee_left(item.libreoffice, item.letter)
        if ours is None and theirs is None:
            continue
        assert ours is not None and theirs is not None, item.letter.doc_id
        assert abs(ours - theirs) <= AGREE_MM, (
            f"{item.letter.doc_id}: the addressee block starts at x = {ours:.1f} mm in the PDF"
            f" and at x = {theirs:.1f} mm in LibreOffice's rendering of the DOCX"
        )


def test_no_page_ends_on_a_line_that_introduces_what_follows(built: Built) -> None:
    # «Ранее поданные обращения:» or «прошу:» alone at a page's foot, its list on the next
    # page, reads to a clerk as the end of the letter. Both renderings keep them together.
    problems = []
    for item in built.letters:
        for by, pages in (("PDF", item.pdf), ("LibreOffice", item.libreoffice)):
            for page in pages[:-1]:
                number = page_number(page)
                lines = [line for line in page.lines if line is not number]
                if lines and lines[-1].text.rstrip().endswith(":"):
                    problems.append(
                        f"{item.letter.doc_id} ({by}): page {page.number} ends on "
                        f"«{lines[-1].text}»"
                    )
    assert not problems, "\n".join(problems)


def test_the_signature_and_the_date_never_begin_a_page(built: Built) -> None:
    # A page that held only the signature and the date could be put under any letter: some of
    # the letter's text stands above them on their page, in both renderings.
    problems = []
    for item in built.letters:
        closing = {
            word
            for block in item.letter.blocks
            if block.kind in ("signature", "date")
            for line in (*block.lines, block.right)
            for word in spaced(line).split()
        }
        for by, pages in (("PDF", item.pdf), ("LibreOffice", item.libreoffice)):
            for page in pages[1:]:
                number = page_number(page)
                lines = [line for line in page.lines if line is not number]
                if lines and not is_memo(page) and set(lines[0].text.split()) <= closing:
                    problems.append(
                        f"{item.letter.doc_id} ({by}): page {page.number} begins with"
                        f" «{lines[0].text}»"
                    )
    assert not problems, "\n".join(problems)


URL = "https://www.example.org/cases/2026/" + "a1b2c3d4e5" * 6 + "/index.html?from=complaintgen"
PASTED = "АК-" + "0123456789" * 9


def long_words_case() -> Case:
    """The reference example with a URL and a pasted string in fields that reach every letter."""
    data = yaml.safe_load((EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8"))
    data["serviceman"]["address"] = f"{URL} {PASTED}"
    data["health"]["conditions"][0]["description"] = f"осколочное ранение, см. {URL} и {PASTED}"
    data["captivity"]["captured_where"] = f"{PASTED}{PASTED}"
    data["attachments"][0]["title"] = f"Справка {URL}"
    return case_from_data(data, today=DATE)


def test_long_unbroken_words_stay_on_the_page(tmp_path: Path, libreoffice: LibreOffice) -> None:
    need("pdftotext")
    built = build(long_words_case(), tmp_path, libreoffice)
    printed = "".join(
        word.text for item in built.letters for page in item.pdf for word in page.words
    )
    assert PASTED[:20] in printed  # the strings are there, broken where they must be
    check(built)
    # Broken inside, the runs still read back whole, with every space where the DOCX has one.
    for item in built.letters:
        for by, pages in (("PDF", item.pdf), ("LibreOffice", item.libreoffice)):
            text = joined(printed_lines(pages, L.MARGIN_TOP_MM), item.docx_text)
            difference = first_difference(spaced(item.docx_text), text)
            assert not difference, f"{item.letter.doc_id} ({by}): {difference}"


@pytest.mark.parametrize(
    ("text", "ragged"),
    [
        ("1. Лично: 02_command_complaint.pdf и копия 02_command_complaint.copy.pdf.", True),
        (f"Адрес: {URL}.", True),
        ("Текст: 02_command_complaint.txt, 4173 знака.", True),
        ("Освидетельствование военно-врачебной комиссией (https://mil.ru/) не проводилось.", False),
        ("E-mail: orlov@advokat.ru, тел. +7 900 123-45-67.", False),
    ],
)
def test_a_paragraph_with_a_long_unbroken_run_is_flush_left_in_both_writers(
    text: str, ragged: bool
) -> None:
    import docx as python_docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from complaintgen.writers.docx_writer import docx_bytes
    from complaintgen.writers.letter import Block
    from complaintgen.writers.pdf_writer import letter_html

    letter = Letter(
        doc_id="vvk_report",
        language="ru",
        title="Рапорт",
        blocks=(Block("paragraph", (text,)), Block("list", (text,))),
    )
    html = letter_html(letter, DATE)
    assert html.count("ragged") == (2 if ragged else 0)
    document = python_docx.Document(io.BytesIO(docx_bytes(letter, date=DATE)))
    expected = WD_ALIGN_PARAGRAPH.LEFT if ragged else WD_ALIGN_PARAGRAPH.JUSTIFY
    # Justified comes from the paragraph's style; flush left is set on the paragraph itself.
    alignments = [
        p.style.paragraph_format.alignment if p.alignment is None else p.alignment
        for p in document.paragraphs
        if p.text
    ]
    assert alignments == [expected, expected]
