"""Attachments given as files: relative paths resolve from the case file's folder however the case
path was typed, and a multi-page TIFF is counted page by page."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from complaintgen.case.casefile import case_from_data, load_case
from complaintgen.cli import main
from complaintgen.errors import CaseError
from complaintgen.packet.attachments import count_tiff_pages, resolve_attachments
from complaintgen.packet.build import make_packet
from tests.conftest import DATE, EXAMPLES

SMIRNOV = EXAMPLES / "smirnov.yaml"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4cd0000000049454e44ae426082"
)


def tiff(pages: int, *, order: str = "<", thumbnails: int = 0) -> bytes:
    """A TIFF whose IFD chain holds `pages` page directories, then `thumbnails` directories
    marked as reduced-resolution copies (NewSubfileType 1). Only the structure a page counter
    reads is real: each directory has its NewSubfileType and ImageWidth entries."""
    magic = b"II*\x00" if order == "<" else b"MM\x00*"
    kinds = [0] * pages + [1] * thumbnails
    size = 2 + 2 * 12 + 4
    out = bytearray(magic + struct.pack(f"{order}I", 8 if kinds else 0))
    for number, kind in enumerate(kinds):
        following = 8 + size * (number + 1) if number + 1 < len(kinds) else 0
        out += struct.pack(f"{order}H", 2)
        out += struct.pack(f"{order}HHII", 254, 4, 1, kind)  # NewSubfileType, LONG
        out += struct.pack(f"{order}HHIHH", 256, 3, 1, 1, 0)  # ImageWidth, SHORT
        out += struct.pack(f"{order}I", following)
    return bytes(out)


def case_file(folder: Path, attachments: list[dict[str, object]]) -> Path:
    data = yaml.safe_load(SMIRNOV.read_text(encoding="utf-8"))
    data["attachments"] = attachments
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "client.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def case_with_scan(tmp_path: Path) -> Path:
    """tmp_path/case/client.yaml with a relative `file: scans/neuro.png`."""
    scans = tmp_path / "case" / "scans"
    scans.mkdir(parents=True)
    (scans / "neuro.png").write_bytes(PNG)
    return case_file(tmp_path / "case", [{"title": "копия заключения", "file": "scans/neuro.png"}])


# --- Relative paths -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["client.yaml", "./client.yaml", "../case/client.yaml"])
def test_a_relative_case_path_resolves_relative_attachments(
    case_with_scan: Path, typed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(case_with_scan.parent)
    case = load_case(typed, today=DATE)
    [item] = resolve_attachments(case)
    assert item.pages == 1
    assert item.entry.file is not None and item.entry.file.is_absolute()
    assert item.entry.file.resolve() == case_with_scan.parent / "scans" / "neuro.png"


def test_attachments_stay_found_after_the_directory_changes(
    case_with_scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    case = load_case(Path("case/client.yaml"), today=DATE)
    monkeypatch.chdir(tmp_path / "case" / "scans")  # the folder is fixed when the case is read
    assert [item.pages for item in resolve_attachments(case)] == [1]


def test_case_data_from_a_relative_path_resolves_attachments(
    case_with_scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # How `edit` validates what it is about to save: the data with the path it was opened by.
    monkeypatch.chdir(case_with_scan.parent)
    data = yaml.safe_load(case_with_scan.read_text(encoding="utf-8"))
    case = case_from_data(data, path=Path("client.yaml"), today=DATE)
    assert [item.pages for item in resolve_attachments(case)] == [1]


def test_build_with_a_relative_case_path(
    case_with_scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(case_with_scan.parent)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "client.yaml", "-o", str(out), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert any(out.glob("*.docx"))


def test_batch_of_a_relative_folder(
    case_with_scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["batch", "case", "-o", "out", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "client" / "01_vvk_report.pdf").exists()


# --- Multi-page TIFF ----------------------------------------------------------------------------


@pytest.mark.parametrize("order", ["<", ">"])
def test_tiff_pages_are_counted(order: str) -> None:
    assert count_tiff_pages(tiff(1, order=order), "scan.tif") == 1
    assert count_tiff_pages(tiff(3, order=order), "scan.tif") == 3


def test_tiff_thumbnails_are_not_pages() -> None:
    assert count_tiff_pages(tiff(2, thumbnails=2), "scan.tif") == 2


def test_a_tiff_pillow_writes_is_counted(tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    path = tmp_path / "scan.tif"
    first, *rest = [image.new("L", (8, 8), shade) for shade in (0, 128, 255)]
    first.save(path, save_all=True, append_images=rest)
    assert count_tiff_pages(path.read_bytes(), str(path)) == 3


@pytest.mark.parametrize(
    "data",
    [
        tiff(3)[:40],  # cut in the middle of a directory
        b"II*\x00" + struct.pack("<I", 10_000),  # the first directory is past the end
        b"II*\x00" + struct.pack("<I", 0),  # no directory at all
        b"II*\x00\x08\x00\x00\x00" + struct.pack("<H", 0) + struct.pack("<I", 8),  # a loop
    ],
)
def test_a_damaged_tiff_is_one_line(data: bytes) -> None:
    with pytest.raises(CaseError) as error:
        count_tiff_pages(data, "attachments[0].file: scan.tif")
    assert str(error.value) == (
        "attachments[0].file: scan.tif: not a readable TIFF image; open it in an image viewer "
        "and save it again"
    )


def test_a_three_page_tiff_is_on_3_sheets(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "scan.tiff").write_bytes(tiff(3, order=">"))
    path = case_file(tmp_path / "case", [{"title": "копия эпикриза", "file": "scan.tiff"}])
    case = load_case(path, today=DATE)
    assert [item.pages for item in resolve_attachments(case)] == [3]
    text = make_packet(case).letters[0].plain_text().replace("\u00a0", " ")
    assert "Копия эпикриза на 3 л. в 1 экз." in text


def test_a_correct_tiff_page_count_is_accepted_and_a_wrong_one_refused(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "scan.tif").write_bytes(tiff(3))
    right = case_file(tmp_path / "case", [{"title": "копия", "file": "scan.tif", "pages": 3}])
    assert [item.pages for item in resolve_attachments(load_case(right, today=DATE))] == [3]
    wrong = case_file(tmp_path / "case", [{"title": "копия", "file": "scan.tif", "pages": 1}])
    with pytest.raises(CaseError) as error:
        resolve_attachments(load_case(wrong, today=DATE))
    assert "attachments[0].pages: указано 1, а в attachments[0].file" in str(error.value)
    assert "scan.tif) 3 страницы;" in str(error.value)
