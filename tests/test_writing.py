"""A packet is written whole or not at all, and a full disk says so in one line.

A full disk is simulated by making `os.fsync` fail, as in test_privacy.py, and, when the tests
run as root, met for real on a small tmpfs.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from complaintgen.cli import main
from complaintgen.errors import ComplaintgenError
from complaintgen.storage import atomic, casestore
from tests.conftest import EXAMPLES

SMIRNOV = EXAMPLES / "smirnov.yaml"
# output.failed in ru.yaml: the example cases are Russian, so the refusal is too.
NOT_WRITTEN = "не удалось записать"
NOTHING_REPLACED = "ничего не заменено"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(result: Result, folder: Path, *fragments: str) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    message = result.stderr.strip()
    assert message.startswith(str(folder)), message
    for fragment in fragments:
        assert fragment in message, message
    return message


def fail_after(
    monkeypatch: pytest.MonkeyPatch, where: str, after: int, code: int, *, once: bool = False
) -> None:
    """Make every call of `os.<where>` after the first `after` fail with `code` (or only the
    next one, `once`)."""
    original = getattr(os, where)
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] > after and not (once and calls["n"] > after + 1):
            raise OSError(code, os.strerror(code))
        return original(*args, **kwargs)

    monkeypatch.setattr(atomic.os, where, failing)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def old_packet_with_users_files(folder: Path) -> dict[str, bytes]:
    assert run("build", SMIRNOV, "-o", folder, "--format", "docx").exit_code == 0
    (folder / "my notes.txt").write_text("позвонить юристу\n", encoding="utf-8")
    (folder / "scans").mkdir()
    (folder / "scans" / "discharge.jpg").write_bytes(b"\xff\xd8 a scan")
    return snapshot(folder)


def test_a_disk_full_in_the_middle_of_a_first_build_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    fail_after(monkeypatch, "fsync", 3, errno.ENOSPC)
    result = run("build", SMIRNOV, "-o", folder, "--format", "docx")
    one_line_error(result, folder, "No space left on device", NOT_WRITTEN, NOTHING_REPLACED, "-o")
    assert list(tmp_path.iterdir()) == [], "a half-written packet was left"


def test_a_disk_full_in_the_middle_of_a_forced_rebuild_keeps_the_whole_old_packet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    before = old_packet_with_users_files(folder)
    fail_after(monkeypatch, "fsync", 3, errno.ENOSPC)
    result = run(
        "build", SMIRNOV, "-o", folder, "--format", "docx", "--force", "--date", "2026-12-01"
    )
    one_line_error(result, folder, "No space left on device", NOT_WRITTEN, NOTHING_REPLACED)
    assert snapshot(folder) == before, "new files were mixed into the old packet"
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "a hidden folder was left"


def test_a_forced_rebuild_leaves_only_the_new_packet_and_the_users_files(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "out"
    before = old_packet_with_users_files(folder)
    (folder / "followup_read_me_first.pdf").write_bytes(b"%PDF a follow-up's read-me")
    assert run("build", SMIRNOV, "-o", folder, "--format", "pdf", "--force").exit_code == 0
    after = snapshot(folder)
    assert not [name for name in after if name.endswith(".docx")], "the old packet's files stayed"
    assert "01_vvk_report.pdf" in after
    for own in ("my notes.txt", "scans/discharge.jpg"):
        assert after[own] == before[own], own
    assert "followup_read_me_first.pdf" in after, "the follow-ups are not the packet's"
    assert (folder.stat().st_mode & 0o777) == atomic.DIR_MODE
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_build_without_force_keeps_what_it_does_not_replace(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    before = old_packet_with_users_files(folder)
    assert run("build", SMIRNOV, "-o", folder, "--format", "pdf").exit_code == 0
    after = snapshot(folder)
    assert {name: after[name] for name in before} == before


def test_a_folder_given_through_a_link_is_replaced_where_it_is(tmp_path: Path) -> None:
    real = tmp_path / "real"
    before = old_packet_with_users_files(real)
    link = tmp_path / "link"
    link.symlink_to(real)
    assert run("build", SMIRNOV, "-o", link, "--format", "pdf", "--force").exit_code == 0
    assert link.is_symlink() and link.resolve() == real
    after = snapshot(real)
    assert "01_vvk_report.pdf" in after and after["my notes.txt"] == before["my notes.txt"]


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_a_packet_whose_temporary_files_cannot_be_made_is_one_line(
    code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    # What tempfile.mkdtemp and mkstemp call: a read-only disk, or one without free inodes.
    fail_after(monkeypatch, "mkdir", 0, code)
    fail_after(monkeypatch, "open", 0, code)
    result = run("build", SMIRNOV, "-o", folder, "--format", "docx")
    one_line_error(result, folder, os.strerror(code), NOT_WRITTEN, NOTHING_REPLACED)
    assert list(folder.iterdir()) == []


def test_a_temporary_file_that_cannot_be_made_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = tmp_path / "smirnov.yaml"
    case.write_bytes(SMIRNOV.read_bytes())
    fail_after(monkeypatch, "open", 0, errno.EROFS)  # what tempfile.mkstemp calls
    with pytest.raises(ComplaintgenError, match=r"Read-only file system.*nothing was replaced"):
        casestore.write_text(case, "schema_version: 1\n", backup=False)
    assert case.read_bytes() == SMIRNOV.read_bytes()


# A real full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 400 KiB tmpfs with few inodes: room for one packet in DOCX, not for two."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the monkeypatched full disks still ran")
    place = tmp_path / "small"
    place.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k,nr_inodes=64,mode=0700", "tmpfs", str(place)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield place
    finally:
        subprocess.run(["umount", str(place)], check=True)


def test_a_real_full_disk_leaves_the_old_packet_whole_and_no_new_one(small_disk: Path) -> None:
    folder = small_disk / "out"
    before = old_packet_with_users_files(folder)

    result = run(
        "build", SMIRNOV, "-o", folder, "--format", "docx", "--force", "--date", "2026-12-01"
    )
    one_line_error(result, folder, "No space left on device", NOT_WRITTEN, NOTHING_REPLACED)
    assert snapshot(folder) == before

    second = small_disk / "second"
    result = run("build", SMIRNOV, "-o", second, "--format", "docx")
    one_line_error(result, second, "No space left on device", NOT_WRITTEN, NOTHING_REPLACED)
    assert [p.name for p in small_disk.iterdir()] == ["out"]


def test_a_disk_without_free_inodes_is_one_line(small_disk: Path) -> None:
    for number in range(64):
        try:
            (small_disk / f"f{number}").touch()
        except OSError:
            break
    folder = small_disk / "out"
    result = run("build", SMIRNOV, "-o", folder, "--format", "docx")
    one_line_error(result, folder, "No space left on device", NOT_WRITTEN, NOTHING_REPLACED)
    assert not folder.exists()
