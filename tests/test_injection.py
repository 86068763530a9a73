"""Hostile text in a case file is printed literally: no markup, no template code, no fetching."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
import yaml

from complaintgen.case.casefile import case_from_data
from complaintgen.render.rendering import render_letter
from complaintgen.writers import layout, pdf_writer
from complaintgen.writers.docx_writer import docx_bytes
from complaintgen.writers.letter import Block, Letter
from complaintgen.writers.pdf_writer import pdf_bytes
from tests.conftest import DATE, EXAMPLES, docx_text, need
from tests.reader import first_difference, joined, printed_lines, read_pdf, spaced

ATTACKS = [
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="file:///etc/hostname">',
    "{{ 7*7 }}",
    "{% raw %}",
    "</p></letter><letter title='x'>",
    "&amp; &lt; &#34; ]]> <!DOCTYPE x>",
    "<style>@import url(http://127.0.0.1:9/x.css)</style>",
]


def hostile_case(value: str):
    data = yaml.safe_load((EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8"))
    data["serviceman"]["position"] = value
    # After a real address: an address is refused when it has no town or index (case.model).
    data["serviceman"]["address"] = f"305000, г. Курск, {value}"
    data["captivity"]["captured_where"] = value
    data["health"]["conditions"][0]["description"] = value
    data["attachments"][0]["title"] = value
    return case_from_data(data, today=DATE)


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_is_printed_literally(attack: str, tmp_path: Path) -> None:
    need("pdftotext")
    case = hostile_case(attack)
    letter = render_letter(case, "vvk_report")
    assert attack in letter.plain_text()
    assert "49" not in letter.plain_text().replace(attack, "")  # {{ 7*7 }} was not evaluated
    pdf_path = tmp_path / "letter.pdf"
    pdf_path.write_bytes(pdf_bytes(letter, date=DATE))
    from_docx = docx_text(docx_bytes(letter, date=DATE))
    from_pdf = joined(printed_lines(read_pdf(pdf_path), layout.MARGIN_TOP_MM), from_docx)
    assert spaced(attack) in from_pdf
    assert not first_difference(spaced(from_docx), from_pdf)
    reader = pypdf.PdfReader(pdf_path)
    assert not reader.attachments
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])
    for page in reader.pages:
        resources = page.get("/Resources", {})
        assert not resources.get("/XObject"), "an image was embedded"


def test_fetcher_refuses_everything_but_bundled_fonts() -> None:
    fetcher = pdf_writer._fetcher()
    font = next(pdf_writer.layout.FONTS_DIR.glob("*.ttf"))
    assert fetcher.fetch(font.as_uri()).read(4) == font.read_bytes()[:4]
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
    for url in (
        "file:///etc/passwd",
        (font.parent / ".." / "__init__.py").as_uri(),
        "http://127.0.0.1:9/",
        "https://example.org/font.ttf",
        "ftp://127.0.0.1/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_markup_in_a_block_never_reaches_the_renderer() -> None:
    # Even a Letter built by hand (not from a template) is escaped by the writer.
    letter = Letter(
        doc_id="vvk_report",
        language="ru",
        title="<script>x</script>",
        blocks=(Block("paragraph", ('<img src="file:///etc/passwd"> <b>bold</b>',)),),
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(letter, date=DATE)))
    text = reader.pages[0].extract_text()
    assert "<b>bold</b>" in text and "file:///etc/passwd" in text
    assert reader.metadata["/Title"] == "<script>x</script>"
