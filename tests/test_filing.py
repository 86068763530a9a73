"""The filing packet: applicant's copies, postal inventories, online texts, the combined PDF, the
filing guide, and attachments given as files. Every file is read back by a real client
(python-docx, poppler, LibreOffice)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
import weasyprint
import yaml
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from complaintgen.case.casefile import load_case
from complaintgen.cli import main
from complaintgen.errors import CaseError, TemplateError
from complaintgen.law import receptions as registry
from complaintgen.packet import online
from complaintgen.packet.attachments import resolve_attachments
from complaintgen.packet.build import make_packet, packet_files
from complaintgen.packet.copies import applicant_copy
from complaintgen.packet.inventory import inventory_letter
from complaintgen.packet.partials import Partials
from complaintgen.packet.plan import FORMATS, ONLINE_DOCUMENTS, is_filed
from complaintgen.writers.docx_writer import docx_bytes
from complaintgen.writers.letter import parse_letter
from complaintgen.writers.pdf_writer import pdf_bytes
from tests.conftest import DATE, EXAMPLES, example_paths, need, pdf_text, words

SMIRNOV = EXAMPLES / "smirnov.yaml"
BOX = {"ru": "Отметка о принятии", "en": "Acknowledgement of receipt"}
MM = 72 / 25.4  # points per millimetre


# --- Helpers --------------------------------------------------------------------------------------


def build(case_path: Path, folder: Path, formats: tuple[str, ...] = FORMATS):
    """Load, render and write the whole packet of `case_path` into `folder`."""
    case = load_case(case_path, today=DATE)
    packet = make_packet(case)
    files = packet_files(case, packet, formats)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return case, packet, files


def docx_all_text(data: bytes) -> str:
    """The text of a DOCX in body order, table cells included (conftest's reader skips tables)."""
    document = docx.Document(io.BytesIO(data))
    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                out.extend(cell.text for cell in row.cells)
    return "\n".join(out)


def page_text(path: Path, page: int, *, raw: bool = False) -> str:
    mode = "-raw" if raw else "-layout"
    return subprocess.run(
        ["pdftotext", mode, "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def page_words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of every word on `page`, in points from the top left."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (float(a), float(b), float(c), float(d), word)
        for a, b, c, d, word in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out
        )
    ]


def pages(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def text_pdf(marker: str, count: int, size: str = "A4") -> bytes:
    """A real PDF of `count` pages, each saying «MARKER page N»."""
    body = "".join(
        f'<p style="break-after: page">{marker} page {n}</p>' for n in range(1, count + 1)
    )
    css = weasyprint.CSS(string=f"@page {{ size: {size}; }}")
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf(stylesheets=[css])


def blank_pdf(count: int) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4cd0000000049454e44ae426082"
)


def case_with_attachments(tmp_path: Path, attachments: list[dict], **changes) -> Path:
    """The reference case in tmp_path/case/, with its attachments replaced."""
    data = yaml.safe_load(SMIRNOV.read_text(encoding="utf-8"))
    data["attachments"] = attachments
    data.update(changes)
    folder = tmp_path / "case"
    folder.mkdir(exist_ok=True)
    path = folder / "client.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def scans(tmp_path: Path) -> dict[str, Path]:
    """Attachment files: a 3-page PDF, a PNG scan, and a 1-page US-letter PDF elsewhere."""
    folder = tmp_path / "case" / "scans"
    folder.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    made = {
        "epicrisis": folder / "epicrisis.pdf",
        "neuro": folder / "neuro.png",
        "letter": elsewhere / "letter.pdf",
    }
    made["epicrisis"].write_bytes(text_pdf("EPICRISIS", 3))
    made["neuro"].write_bytes(PNG)
    made["letter"].write_bytes(text_pdf("LETTERSIZE", 1, size="letter"))
    return made


@pytest.fixture
def attached_case(tmp_path: Path, scans: dict[str, Path]) -> Path:
    return case_with_attachments(
        tmp_path,
        [
            {"title": "копия выписного эпикриза", "file": "scans/epicrisis.pdf"},
            {"title": "копия заключения невролога", "file": "scans/neuro.png"},
            {"title": "копия справки о ранении", "pages": 2, "copies": 2},
            {"title": "копия письма", "file": str(scans["letter"]), "pages": 1},
        ],
    )


@pytest.fixture(params=example_paths(), ids=lambda p: p.stem)
def example(request: pytest.FixtureRequest) -> Path:
    return request.param


# --- The packet's files ---------------------------------------------------------------------------


def test_packet_holds_every_file_for_each_example(example: Path, tmp_path: Path) -> None:
    _, packet, files = build(example, tmp_path)
    expected = {"00_packet.pdf", "00_filing_guide.pdf", "00_read_me_first.pdf"}
    for letter in packet.letters:
        stem = packet.file_name(letter, "")[:-1]
        expected |= {f"{stem}.docx", f"{stem}.pdf"}
        # Only what goes to a Russian body gets a copy and an inventory: not the summary, nor
        # the power of attorney and the consent, which are handed to the representative.
        if is_filed(letter):
            expected |= {f"{stem}.copy.docx", f"{stem}.copy.pdf", f"{stem}.f107.pdf"}
        if letter.doc_id in ONLINE_DOCUMENTS:
            expected.add(f"{stem}.txt")
        # A case in English: the letters are filed in Russian, and read in English beside them.
        if letter.language == "ru" and packet.readings:
            expected |= {f"{stem}.en.docx", f"{stem}.en.pdf"}
    assert set(files) == expected
    assert list(files) == sorted(files)  # 00_… first, then each document's files together


def test_one_format_gives_only_its_files(tmp_path: Path) -> None:
    _, _, docx_only = build(SMIRNOV, tmp_path / "docx", ("docx",))
    assert {Path(name).suffix for name in docx_only} == {".docx"}
    assert "01_vvk_report.copy.docx" in docx_only
    _, _, txt_only = build(SMIRNOV, tmp_path / "txt", ("txt",))
    assert {Path(name).suffix for name in txt_only} == {".txt"}


# --- Applicant's copies ---------------------------------------------------------------------------


def test_copies_carry_the_box_and_originals_do_not(example: Path, tmp_path: Path) -> None:
    need("pdftotext")
    _, packet, files = build(example, tmp_path)
    filed = [letter for letter in packet.letters if is_filed(letter)]
    assert filed
    for letter in filed:
        box = BOX[letter.language]
        stem = packet.file_name(letter, "")[:-1]
        original_pdf = pdf_text(tmp_path / f"{stem}.pdf")
        copy_pdf = pdf_text(tmp_path / f"{stem}.copy.pdf")
        assert box not in original_pdf, stem
        assert box not in docx_all_text(files[f"{stem}.docx"]), stem
        assert copy_pdf.count(box) == 1, stem
        copy_docx = docx_all_text(files[f"{stem}.copy.docx"])
        assert copy_docx.count(box) == 1, stem
        # The same words in both formats, and the copy is the original plus the box.
        assert words(copy_docx) == words(copy_pdf), stem
        box_words = words("".join(line for block in _box(letter.language) for line in block))
        assert words(copy_pdf).replace(box_words, "", 1) == words(original_pdf), stem


def _box(language: str):
    case = load_case(SMIRNOV, today=DATE)
    return [
        block.lines for block in Partials(case).letter(language, "acceptance", doc_id="x").blocks
    ]


def test_the_box_sits_at_the_foot_of_the_letters_last_page(tmp_path: Path) -> None:
    need("pdftotext")
    _, packet, _ = build(SMIRNOV, tmp_path, ("pdf",))
    for letter in packet.letters[:-1]:
        path = tmp_path / packet.file_name(letter, "copy.pdf")
        texts = [page_text(path, n) for n in range(1, pages(path) + 1)]
        [on] = [n for n, text in enumerate(texts, start=1) if "Отметка о принятии" in text]
        assert on == len(texts), "the box is on the copy's last page: nothing follows it"
        assert "«20» ноября 2026 г." in texts[on - 1], "the date is on the box's page"
        lowest = max(page_words(path, on), key=lambda word: word[3])
        assert lowest[3] > (297 - 20 - 8) * MM, (
            f"{path.name}: the box ends {lowest[3] / MM} mm down"
        )


@pytest.mark.parametrize("example", ["refusal_in_writing", "mother_no_authority"])
def test_a_copy_with_its_box_drawn_on_is_the_copy_laid_out_anew(example: str, tmp_path: Path):
    """The packet draws the box onto the letter's laid-out last page where the text leaves it
    room, and lays the copy out anew where it does not: either way the copy is, page for page and
    pixel for pixel, what laying out the letter with its box gives. These two cases' letters end
    on both sides of the line, within a line of it (every bundled example agrees, too)."""
    need("pdftoppm")
    case, packet, files = build(EXAMPLES / f"{example}.yaml", tmp_path, ("pdf",))
    partials = Partials(case)
    drawn = 0
    for letter in filter(is_filed, packet.letters):
        name = packet.file_name(letter, "copy.pdf")
        laid_out = pdf_bytes(applicant_copy(partials, letter), date=case.date)
        made = files[name]
        drawn += made != laid_out
        (tmp_path / "laid_out.pdf").write_bytes(laid_out)
        count = pages(tmp_path / name)
        assert count == pages(tmp_path / "laid_out.pdf"), name
        for page in range(1, count + 1):
            assert page_text(tmp_path / name, page) == page_text(tmp_path / "laid_out.pdf", page)
        assert _page_png(tmp_path / name, count) == _page_png(tmp_path / "laid_out.pdf", count), (
            name
        )
    assert 0 < drawn < sum(1 for _ in filter(is_filed, packet.letters)), "both ways, or no test"


def _page_png(path: Path, page: int) -> bytes:
    out = path.parent / f"{path.name}-{page}"
    command = ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run([*command, str(path), str(out)], check=True)
    return Path(f"{out}.png").read_bytes()


def test_a_copys_docx_is_its_letters_docx_with_the_box_after_it(tmp_path: Path) -> None:
    """Made from the letter's DOCX, byte for byte the DOCX of the letter written with its box."""
    case, packet, files = build(SMIRNOV, tmp_path, ("docx",))
    partials = Partials(case)
    for letter in filter(is_filed, packet.letters):
        written = docx_bytes(applicant_copy(partials, letter), date=case.date)
        assert files[packet.file_name(letter, "copy.docx")] == written, letter.doc_id


def test_libreoffice_opens_the_copies(tmp_path: Path, soffice) -> None:
    need("pdftotext")
    _, packet, _ = build(SMIRNOV, tmp_path)
    for letter in packet.letters[:-1]:
        ours = tmp_path / packet.file_name(letter, "copy.pdf")
        converted = soffice(tmp_path / packet.file_name(letter, "copy.docx"))
        assert words(pdf_text(converted)) == words(pdf_text(ours)), letter.doc_id
        texts = [page_text(converted, n) for n in range(1, pages(converted) + 1)]
        [on] = [n for n, text in enumerate(texts, start=1) if "Отметка о принятии" in text]
        assert "«20» ноября 2026 г." in texts[on - 1], f"{letter.doc_id}: box apart from the date"
        assert on == len(texts), f"{letter.doc_id}: a page after the box's"


# --- Attachments given as files -------------------------------------------------------------------


def test_attached_files_are_counted_relative_to_the_case_file(
    attached_case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path / "elsewhere")  # the current directory plays no part
    case = load_case(attached_case, today=DATE)
    counted = [item.pages for item in resolve_attachments(case)]
    assert counted == [3, 1, 2, 1]
    text = make_packet(case).letters[0].plain_text().replace("\u00a0", " ")  # typesetting
    assert "Копия выписного эпикриза на 3 л. в 1 экз." in text
    assert "Копия заключения невролога на 1 л. в 1 экз." in text
    assert "Копия справки о ранении на 2 л. в 2 экз." in text


def test_a_blank_pdf_is_counted_too(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "scan.pdf").write_bytes(blank_pdf(7))
    path = case_with_attachments(tmp_path, [{"title": "копия", "file": "scan.pdf"}])
    [item] = resolve_attachments(load_case(path, today=DATE))
    assert item.pages == 7


def test_pages_that_disagree_with_the_file_name_both(attached_case: Path, scans) -> None:
    data = yaml.safe_load(attached_case.read_text(encoding="utf-8"))
    data["attachments"][0]["pages"] = 2
    attached_case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CaseError) as error:
        make_packet(load_case(attached_case, today=DATE))
    message = str(error.value)
    assert "\n" not in message
    # attachment.pages_disagree in ru.yaml: the case is Russian, so the refusal is too.
    assert "attachments[0].pages: указано 2" in message and " 3 страницы;" in message
    assert str(scans["epicrisis"]) in message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        # attachment.missing, pdf.unreadable, attachment.not_image in ru.yaml (a Russian case).
        ("missing.pdf", None, "такого файла нет"),
        ("broken.pdf", b"%PDF-1.7 this is not a PDF", "PDF не читается"),
        ("fake.jpg", b"GIF89a not a jpeg", "— не изображение JPEG, PNG или TIFF"),
    ],
)
def test_bad_attachment_files_are_one_line_errors(
    tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    (tmp_path / "case").mkdir()
    if content is not None:
        (tmp_path / "case" / name).write_bytes(content)
    path = case_with_attachments(tmp_path, [{"title": "копия", "file": name}])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "attachments[0].file" in result.stderr and expected in result.stderr
    assert str(tmp_path / "case" / name) in result.stderr
    assert not out.exists()


def test_password_protected_pdf(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret", algorithm="RC4-128")
    (tmp_path / "case").mkdir()
    with (tmp_path / "case" / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    path = case_with_attachments(tmp_path, [{"title": "копия", "file": "locked.pdf"}])
    # pdf.locked in ru.yaml: the case is Russian, so the refusal is too.
    with pytest.raises(CaseError, match="PDF защищён паролем"):
        resolve_attachments(load_case(path, today=DATE))


def test_a_file_that_is_not_a_pdf_or_image_is_refused_when_read(tmp_path: Path) -> None:
    path = case_with_attachments(tmp_path, [{"title": "копия", "file": "scan.docx"}])
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    # attachment.file_type in ru.yaml: the case is Russian, so the refusal is too.
    assert "attachments[0].file: «scan.docx» — не PDF и не изображение" in result.stderr


# --- The postal inventory -------------------------------------------------------------------------


def test_inventory_lists_every_attachment_with_sheets_and_total(
    attached_case: Path, tmp_path: Path
) -> None:
    need("pdftotext")
    _, packet, _ = build(attached_case, tmp_path / "out", ("pdf",))
    for letter in packet.letters[:-1]:
        path = tmp_path / "out" / packet.file_name(letter, "f107.pdf")
        letter_sheets = pages(tmp_path / "out" / packet.file_name(letter, "pdf"))
        assert pages(path) == 2, "two copies, one page each"
        first, second = page_text(path, 1, raw=True), page_text(path, 2, raw=True)
        assert first == second
        # Table rows read in order (pdftotext -raw): number, item, sheets.
        rows = words(first)
        for row in (
            "ОПИСЬ ВЛОЖЕНИЯ",
            "Ф.107",
            f"1 {letter.title} (подлинник) {letter_sheets}",
            "2 Копия выписного эпикриза 3",
            "3 Копия заключения невролога 1",
            "4 Копия справки о ранении, 2 экз. 4",  # 2 pages × 2 copies
            "5 Копия письма 1",
            f"Итого листов {letter_sheets + 3 + 1 + 4 + 1}",
            "Объявленная ценность, руб.",
            "Подпись отправителя",
            "сверьте с действующим бланком Почты России",
        ):
            assert words(row) in rows, (letter.doc_id, row)


def test_inventory_leaves_an_unknown_count_to_fill_in(tmp_path: Path) -> None:
    case = load_case(
        case_with_attachments(tmp_path, [{"title": "копия без счёта листов"}]), today=DATE
    )
    packet = make_packet(case)
    partials = Partials(case)
    letter = inventory_letter(partials, packet.letters[0], 2, resolve_attachments(case))
    text = letter.plain_text()
    assert "Итого листов" in text and "впишите его от руки" in text


def test_inventory_docx_and_pdf_carry_the_same_words(tmp_path: Path) -> None:
    """The table block is written by both writers with the same text."""
    need("pdftotext")
    case = load_case(SMIRNOV, today=DATE)
    packet = make_packet(case)
    letter = inventory_letter(Partials(case), packet.letters[0], 2, resolve_attachments(case))
    (tmp_path / "f107.pdf").write_bytes(pdf_bytes(letter, date=DATE))
    from_pdf = "".join(page_text(tmp_path / "f107.pdf", 1, raw=True))
    from_docx = docx_all_text(docx_bytes(letter, date=DATE))
    assert words(from_docx) == words(from_pdf) == words(letter.plain_text())


def test_table_markup_is_checked() -> None:
    ok = parse_letter(
        '<letter title="t"><table cols="10c 90" header="yes"><row><cell>№</cell>'
        "<cell>a\nb</cell></row></table></letter>",
        doc_id="t",
    )
    [block] = ok.blocks
    assert block.rows == ((("№",), ("a", "b")),) and block.columns == ((10, "c"), (90, "l"))
    assert block.lines == ("№", "a", "b") and block.header and not block.at_foot
    bad = [
        "<table><row><cell>a</cell></row><row><cell>a</cell><cell>b</cell></row></table>",
        '<table cols="50 60"><row><cell>a</cell><cell>b</cell></row></table>',
        '<table cols="50"><row><cell>a</cell><cell>b</cell></row></table>',
        "<table><cell>a</cell></table>",
        "<table></table>",
    ]
    for markup in bad:
        with pytest.raises(TemplateError):
            parse_letter(f'<letter title="t">{markup}</letter>', doc_id="t")


# --- The combined PDF -----------------------------------------------------------------------------


def test_index_page_numbers_are_where_each_document_starts(
    attached_case: Path, tmp_path: Path, scans
) -> None:
    need("pdftotext")
    out = tmp_path / "out"
    _, packet, _ = build(attached_case, out, ("pdf",))
    combined = out / "00_packet.pdf"
    # What the index prints: the page numbers in its last column, top to bottom.
    printed = []
    for word in sorted(page_words(combined, 2), key=lambda w: w[1]):
        x_min, y_min, _, _, text = word
        in_last_column = x_min > (30 + 0.85 * 170) * MM and y_min < (297 - 20) * MM
        match = re.fullmatch(r"(\d+)(?:–(\d+))?", text)
        if in_last_column and match:
            printed.append((int(match[1]), int(match[2] or match[1])))
    # What the packet holds, in order: each letter, then (for filed letters) the PDF attachments.
    expected = []
    for letter in packet.letters:
        original = out / packet.file_name(letter, "pdf")
        expected.append((original, pages(original)))
        if is_filed(letter):
            expected += [(scans["epicrisis"], 3), (scans["letter"], 1)]
    assert len(printed) == len(expected)
    next_page = 3  # after the cover and a one-page index
    for (start, end), (source, count) in zip(printed, expected, strict=True):
        assert start == next_page and end - start + 1 == count, (source.name, start, end)
        for offset in range(count):
            shown = _without_label(page_text(combined, start + offset))
            assert words(shown) == words(_without_label(page_text(source, 1 + offset))), (
                f"{source.name} page {1 + offset} is not page {start + offset} of the packet"
            )
        next_page = end + 1
    assert pages(combined) == next_page - 1


def _without_label(text: str) -> str:
    return re.sub(r"(с\.|p\.) \d+ (из|of) \d+", "", text)


def test_packet_pages_are_numbered_across_the_file(attached_case: Path, tmp_path: Path) -> None:
    need("pdftotext")
    build(attached_case, tmp_path, ("pdf",))
    combined = tmp_path / "00_packet.pdf"
    total = pages(combined)
    assert "с. 1 из" not in page_text(combined, 1)
    reader = pypdf.PdfReader(combined)
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    assert (612.0, 792.0) in sizes  # the US-letter attachment
    for number in range(2, total + 1):
        width, height = sizes[number - 1]
        label = [w for w in page_words(combined, number) if w[1] > height - 20 * MM]
        text = " ".join(w[4] for w in sorted(label, key=lambda w: w[0]))
        assert text == f"с. {number} из {total}", number
        # At the foot, on the right, whatever the page's size.
        assert max(w[2] for w in label) == pytest.approx(width - 10 * MM, abs=2 * MM)
    info = pypdf.PdfReader(combined).metadata or {}
    assert set(info) <= {"/Title", "/CreationDate", "/ModDate"}
    outline = [item.title for item in pypdf.PdfReader(combined).outline]
    assert outline[0].startswith("1. Рапорт") and len(outline) == 6


def test_cover_and_index_of_an_english_case(tmp_path: Path) -> None:
    need("pdftotext")
    build(EXAMPLES / "ivanova_en.yaml", tmp_path, ("pdf",))
    combined = tmp_path / "00_packet.pdf"
    assert "DOCUMENT PACKET" in page_text(combined, 1)
    index = page_text(combined, 2)
    assert "CONTENTS" in index and f"p. 2 of {pages(combined)}" in index


# --- Online texts ---------------------------------------------------------------------------------


def test_every_appeal_that_can_be_filed_online_gets_its_text(tmp_path: Path) -> None:
    assert set(ONLINE_DOCUMENTS) == set(online.online_documents())
    assert "vvk_report" not in ONLINE_DOCUMENTS and "case_summary" not in ONLINE_DOCUMENTS
    _, packet, files = build(SMIRNOV, tmp_path, ("txt",))
    notes = " ".join(packet.notes)
    for letter in packet.letters:
        name = packet.file_name(letter, "txt")
        if letter.doc_id not in ONLINE_DOCUMENTS:
            assert name not in files
            continue
        text = files[name].decode("utf-8")
        assert text == letter.plain_text(filed_only=True)
        assert "Памятка" not in text
        assert f"{name} {len(text.strip())}" in notes
    # No limit has a source: the length alone is given, in the case's language.
    assert "предел длины в формах неизвестен" in notes


def test_a_text_longer_than_a_known_limit_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = registry.receptions()
    limited = registry.Reception(
        "test_form", "тестовая форма", "test form", None, 1000, "https://example.org/", "verified"
    )
    monkeypatch.setattr(
        registry,
        "receptions",
        lambda: registry.Receptions(
            {**known.table, "test_form": limited},
            {**known.by_document, "ministry_appeal": ("test_form",)},
        ),
    )
    _, packet, _ = build(SMIRNOV, tmp_path, ("pdf",))
    [warning] = [note for note in packet.notes if "больше 1000," in note]
    assert warning.startswith("05_ministry_appeal.txt: ")
    assert re.search(r": \d+ знак(а|ов)? — больше 1000, которые принимает", warning)
    assert "тестовая форма" in warning and "https://example.org/" in warning
    guide = words(pdf_text(tmp_path / "00_filing_guide.pdf"))
    assert words("Текст длиннее, чем принимает форма (тестовая форма)") in guide


def test_reception_limits_are_data_with_sources() -> None:
    """A limit is a number only with a source; an unknown one is null and unverified."""
    data = yaml.safe_load(
        (Path(registry.__file__).parent / "data" / "online_receptions.yaml").read_text("utf-8")
    )
    for key, entry in data["receptions"].items():
        if entry["text_limit"] is None:
            assert entry["limit_status"] == "unverified", key
        else:
            assert entry["limit_source"] and entry["limit_status"] != "unverified", key
    case = load_case(SMIRNOV, today=DATE)
    assert online.receptions_for(case, "ministry_appeal")[0].key == "gosuslugi"
    civilian = case.model_copy(
        update={
            "addressees": case.addressees.model_copy(
                update={
                    "medical": case.addressees.medical.model_copy(update={"variant": "civilian"})
                }
            )
        }
    )
    assert [r.key for r in online.receptions_for(civilian, "medical_appeal")] == ["gosuslugi"]


# --- The filing guide -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("example_name", "words_expected"),
    [
        (
            "smirnov",
            ("КАК ПОДАТЬ ДОКУМЕНТЫ", "30.03.2025", "уведомлением о вручении", "снимок экрана"),
        ),
        (
            "ivanova_en",
            ("HOW TO FILE THE DOCUMENTS", "30.03.2025", "delivery confirmation", "screenshot"),
        ),
    ],
)
def test_guide_says_how_to_file_each_document(
    example_name: str, words_expected: tuple[str, ...], tmp_path: Path
) -> None:
    need("pdftotext")
    _, packet, _ = build(EXAMPLES / f"{example_name}.yaml", tmp_path, ("pdf",))
    guide = words(pdf_text(tmp_path / "00_filing_guide.pdf"))
    for expected in words_expected:
        assert words(expected) in guide
    for letter in packet.letters:
        assert words(letter.title) in guide
        if is_filed(letter):
            for extension in ("pdf", "copy.pdf", "f107.pdf"):
                assert packet.file_name(letter, extension) in guide
        if letter.doc_id in ONLINE_DOCUMENTS:
            assert packet.file_name(letter, "txt") in guide


# --- Privacy and repeatability --------------------------------------------------------------------


def test_new_files_name_no_one_and_repeat_byte_for_byte(tmp_path: Path) -> None:
    case = load_case(SMIRNOV, today=DATE)
    first = packet_files(case, make_packet(case), ("pdf",))
    second = packet_files(case, make_packet(case), ("pdf",))
    assert first == second
    for name, data in first.items():
        info = pypdf.PdfReader(io.BytesIO(data)).metadata or {}
        assert set(info) <= {"/Title", "/CreationDate", "/ModDate"}, name
        for leak in (b"pypdf", b"WeasyPrint", str(Path.home()).encode()):
            assert leak not in data, f"{name}: {leak!r}"
