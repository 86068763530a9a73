"""The lawyer's workflow: named styles that survive Word and LibreOffice, and more."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from complaintgen import api
from complaintgen.case.casefile import load_case
from complaintgen.cli import main
from complaintgen.writers.docx_writer import edited
from tests.conftest import DATE, EXAMPLES, LibreOffice, docx_text

# Each named style with the first words of a paragraph of the advocate's complaint that has it.
STYLED = {
    "Letter Addressee": "Командующему войскам",
    "Letter Sender": "от адвоката Орлова",
    "Letter Title": "ЖАЛОБА",
    "Letter Body": "Я, адвокат Орлов",
    "Letter Request": "1. ",
    "Letter Attachments Heading": "Приложени",
    "Letter Attachment List": "1. ",
    "Letter Signature": "Адвокат",
}


@pytest.fixture(scope="module")
def complaint_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = load_case(EXAMPLES / "orlov_lawyer.yaml", date=DATE, today=DATE)
    made = api.make_packet(case, formats=("docx",))
    path = tmp_path_factory.mktemp("styles") / "02_command_complaint.docx"
    path.write_bytes(made.files["02_command_complaint.docx"])
    return path


def styled_paragraphs(path: Path) -> dict[str, list[str]]:
    """Style name → the texts of the paragraphs in it, in order."""
    styles: dict[str, list[str]] = {}
    for paragraph in docx.Document(str(path)).paragraphs:
        styles.setdefault(paragraph.style.name, []).append(paragraph.text)
    return styles


def assert_styled(path: Path) -> None:
    document = docx.Document(str(path))
    defined = {style.name for style in document.styles}
    styles = styled_paragraphs(path)
    for name, start in STYLED.items():
        assert name in defined, f"{name} is not defined in {path.name}"
        assert any(text.startswith(start) for text in styles.get(name, ())), (name, styles)
    # Formatting lives in the style, where a firm changes it once for every letter.
    title = document.styles["Letter Title"]
    assert title.font.bold and title.base_style.name == "Normal"
    assert document.styles["Letter Body"].paragraph_format.first_line_indent.mm == pytest.approx(
        12.5, abs=0.1
    )


def test_paragraphs_are_in_named_styles_defined_in_the_document(complaint_docx: Path) -> None:
    assert_styled(complaint_docx)
    # Nothing is left in Normal but the spacers around tables.
    assert not [text for text in styled_paragraphs(complaint_docx).get("Normal", []) if text]


def test_the_styles_survive_a_libreoffice_round_trip(
    complaint_docx: Path, libreoffice: LibreOffice, tmp_path: Path
) -> None:
    subprocess.run(
        [
            libreoffice.binary,
            f"-env:UserInstallation={libreoffice.profile.as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path),
            str(complaint_docx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    saved = tmp_path / complaint_docx.name
    assert_styled(saved)
    before, after = styled_paragraphs(complaint_docx), styled_paragraphs(saved)
    assert {name: after.get(name) for name in STYLED} == {name: before[name] for name in STYLED}


def build(*args: str) -> Result:
    return CliRunner().invoke(
        main, ["build", str(EXAMPLES / "smirnov.yaml"), "--date", "2026-11-20", *args]
    )


def edit(path: Path, text: str) -> None:
    """The lawyer's edit, made as Word would: the document opened, changed and saved."""
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def test_build_names_a_docx_edited_since_and_replaces_it_only_with_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build("-o", str(out), "--format", "docx").exit_code == 0
    report = out / "01_vvk_report.docx"
    assert edited(report.read_bytes()) is False
    edit(report, "Дополнение адвоката.")
    assert edited(report.read_bytes()) is True

    refused = build("-o", str(out), "--format", "docx")
    assert refused.exit_code == 1
    [line] = refused.stderr.strip().splitlines()
    # In the case's language, Russian.
    assert f"{report}: изменён после того, как его создал complaintgen" in line
    assert f"complaintgen reissue {report}" in line
    assert "Traceback" not in refused.output
    assert "Дополнение адвоката." in docx_text(report.read_bytes())

    replaced = build("-o", str(out), "--format", "docx", "--force")
    assert replaced.exit_code == 0, replaced.output
    assert f"{report}: ваша правка в нём заменена (--force)" in replaced.output
    assert "Дополнение адвоката." not in docx_text(report.read_bytes())
    assert edited(report.read_bytes()) is False


def test_only_makes_those_documents_and_keeps_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build("-o", str(out)).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    result = build(
        "-o", str(out), "--date", "2026-11-23", "--only", "prosecutor_complaint", "--force"
    )
    assert result.exit_code == 0, result.output
    after = {path.name: path.read_bytes() for path in out.iterdir()}
    assert set(after) == set(before)  # nothing removed
    changed = {name for name in after if after[name] != before[name]}
    assert changed and all(name.startswith("03_prosecutor_complaint.") for name in changed)
    assert {"03_prosecutor_complaint.pdf", "03_prosecutor_complaint.copy.pdf"} <= changed
    assert "03_prosecutor_complaint.f107.pdf" in changed


def test_only_with_an_unknown_document_names_the_nearest(tmp_path: Path) -> None:
    result = build("-o", str(tmp_path / "out"), "--only", "vvk_report,prosecutor_complain")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "неизвестный документ «prosecutor_complain»" in line
    assert "может быть, «prosecutor_complaint»?" in line
    assert not (tmp_path / "out").exists()


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_an_edited_docx_reissued_gives_a_matching_pdf_copy_inventory_and_packet(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    out = tmp_path / "out"
    assert build("-o", str(out)).exit_code == 0
    report = out / "01_vvk_report.docx"
    addition = "Прошу также рассмотреть рапорт в моём присутствии."
    document = docx.Document(str(report))
    document.core_properties.author = "Иванов Адвокат"  # as Word on the lawyer's machine
    signature = next(p for p in document.paragraphs if p.style.name == "Letter Signature")
    # Long enough to take the letter from two pages to three: the inventory must count them.
    for _ in range(12):
        signature.insert_paragraph_before(addition, style="Letter Body")
    document.save(str(report))
    old_packet = (out / "00_packet.pdf").read_bytes()

    result = CliRunner().invoke(
        main, ["reissue", str(report), "--case", str(EXAMPLES / "smirnov.yaml")]
    )
    assert result.exit_code == 0, result.output

    pdf = out / "01_vvk_report.pdf"
    # The PDF is the edited DOCX as LibreOffice prints it, word for word.
    assert pdf_text(pdf) == pdf_text(libreoffice.pdf(report))
    assert addition in pdf_text(pdf).replace("\n", " ")
    metadata = PdfReader(pdf).metadata or {}
    assert "Иванов" not in str(dict(metadata)) and "/Author" not in metadata
    # The copy: the same pages, the acceptance box at the foot of the last one.
    copy = pdf_text(out / "01_vvk_report.copy.pdf")
    assert addition in copy.replace("\n", " ") and "Отметка о принятии" in copy
    assert all(line in copy for line in pdf_text(pdf).splitlines())
    # Ф.107 counts the new PDF's sheets; the packet holds the new letter.
    pages = len(PdfReader(pdf).pages)
    assert pages == 3
    inventory = pdf_text(out / "01_vvk_report.f107.pdf")
    assert f"(подлинник)\n\n{pages}\n" in inventory
    assert (out / "00_packet.pdf").read_bytes() != old_packet
    assert addition in pdf_text(out / "00_packet.pdf").replace("\n", " ")


def test_reissue_without_libreoffice_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert build("-o", str(out), "--format", "docx").exit_code == 0
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without soffice
    result = CliRunner().invoke(
        main, ["reissue", str(out / "01_vvk_report.docx"), "--case", str(EXAMPLES / "smirnov.yaml")]
    )
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "нужен LibreOffice (soffice)" in line and "01_vvk_report.docx" in line
    assert not (out / "01_vvk_report.pdf").exists()


def test_config_gives_defaults_that_options_and_the_case_file_override(
    tmp_path: Path, no_user_config: Path
) -> None:
    import yaml

    (no_user_config / "config.yaml").write_text(
        "organisation: Коллегия адвокатов «Защита»\n"
        "register: office/outgoing.csv\n"
        "advocate: {email: office@zashchita.ru, phone: '+7 863 111-11-11'}\n",
        encoding="utf-8",
    )
    shown = CliRunner().invoke(main, ["config"])
    assert shown.exit_code == 0
    assert f"config file: {no_user_config / 'config.yaml'}" in shown.output
    assert "organisation: Коллегия адвокатов «Защита»" in shown.output
    assert f"register: {no_user_config / 'office' / 'outgoing.csv'}" in shown.output

    # The case's lawyer has a phone but no e-mail: the config fills the e-mail only.
    data = yaml.safe_load((EXAMPLES / "orlov_lawyer.yaml").read_text(encoding="utf-8"))
    del data["representative"]["email"]
    case = tmp_path / "orlov.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run = CliRunner().invoke(
        main, ["build", str(case), "-o", str(tmp_path / "out"), "--format", "docx"]
    )
    assert run.exit_code == 0, run.output
    text = docx_text((tmp_path / "out" / "02_command_complaint.docx").read_bytes())
    assert "office@zashchita.ru" in text and "+7 863 000-00-00" in text
    assert "111-11-11" not in text
    # The config's register numbered the letters; --register names another.
    assert (no_user_config / "office" / "outgoing.csv").is_file()
    other = tmp_path / "other.csv"
    again = CliRunner().invoke(
        main,
        [
            "build",
            str(case),
            "-o",
            str(tmp_path / "o2"),
            "--format",
            "docx",
            "--register",
            str(other),
        ],
    )
    assert again.exit_code == 0 and other.is_file()


def test_a_mistyped_config_key_is_one_line_with_the_nearest(no_user_config: Path) -> None:
    (no_user_config / "config.yaml").write_text("registr: x.csv\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["config"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{no_user_config / 'config.yaml'}: unknown key «registr»; did you mean «register»?"
    )
