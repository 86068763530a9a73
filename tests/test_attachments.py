"""Attachments given as files: relative paths resolve from the case file's folder however the case
path was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from complaintgen.case.casefile import case_from_data, load_case
from complaintgen.cli import main
from complaintgen.packet.attachments import resolve_attachments
from tests.conftest import DATE, EXAMPLES

SMIRNOV = EXAMPLES / "smirnov.yaml"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4cd0000000049454e44ae426082"
)


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
