"""Install and first run: the bundled examples, and one line when Pango is missing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
from click.testing import CliRunner

from complaintgen.cli import main
from tests.conftest import EXAMPLES, ROOT

# cffi's dlopen fails for Pango's libraries as it does on a machine without them.
NO_PANGO = """
import cffi
real = cffi.FFI.dlopen
def dlopen(self, name, *args, **kwargs):
    if "pango" in str(name) or "gobject" in str(name):
        raise OSError(f"cannot load library '{name}': cannot open shared object file")
    return real(self, name, *args, **kwargs)
cffi.FFI.dlopen = dlopen
"""


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_example_lists_every_bundled_case_in_the_locale_language() -> None:
    result = run("example", env={"LC_ALL": "ru_RU.UTF-8"})
    assert result.exit_code == 0, result.output
    for path in EXAMPLES.glob("*.yaml"):
        assert f"  {path.stem} " in result.output
    assert "Примеры дел" in result.output
    assert "Example cases" in run("example", "--lang", "en").output


def test_example_writes_the_case_and_never_overwrites_without_force(tmp_path: Path) -> None:
    assert run("example", "smirnov").output == (EXAMPLES / "smirnov.yaml").read_text("utf-8")
    target = tmp_path / "case.yaml"
    assert run("example", "smirnov", "-o", str(target)).exit_code == 0
    target.write_text("mine", encoding="utf-8")
    refused = run("example", "smirnov", "-o", str(target), "--lang", "en")
    assert refused.exit_code == 1 and "--force" in refused.output
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("example", "smirnov", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Reference case file")


def test_an_unknown_example_is_one_line_naming_the_real_ones() -> None:
    result = run("example", "smirnof", "--lang", "en")
    assert result.exit_code == 1
    assert "smirnov" in result.output and len(result.output.strip().splitlines()) == 1


def test_without_pango_build_says_one_line_and_docx_still_works(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(NO_PANGO, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT / 'src'}", "LC_ALL": "C"}
    case = str(EXAMPLES / "smirnov.yaml")
    command = [sys.executable, "-m", "complaintgen", "build", case, "-o"]
    failed = subprocess.run(
        [*command, str(tmp_path / "pdf")], capture_output=True, text=True, env=env
    )
    assert failed.returncode == 1
    assert failed.stdout == ""
    [line] = failed.stderr.strip().splitlines()
    assert "Pango" in line and "apt install" in line and "brew install pango" in line
    assert "--format docx" in line and "Traceback" not in failed.stderr
    docx = subprocess.run(
        [*command, str(tmp_path / "docx"), "--format", "docx"], capture_output=True, env=env
    )
    assert docx.returncode == 0
    assert (tmp_path / "docx" / "01_vvk_report.docx").exists()


# Words a Russian user may see in Latin letters at the end of `build`: the program, its
# commands and options, file names and formats, and the editors named.
_LATIN_ALLOWED = re.compile(
    r"--[a-z_-]+|[\w./-]*\.(pdf|docx|yaml|txt)\b|/[\w./-]+|\b(complaintgen|record|status|Word|"
    r"LibreOffice|in_person|vvk_report)\b"
)


def build_end(tmp_path: Path, *flags: str, case: Path = EXAMPLES / "smirnov.yaml"):
    out = tmp_path / "out"
    result = run("build", str(case), "-o", str(out), "--date", "2026-11-20", *flags)
    assert result.exit_code == 0, result.output
    return result, out


def test_build_ends_with_what_to_do_next_in_the_case_language(tmp_path: Path) -> None:
    result, out = build_end(tmp_path)
    lines = result.stdout.splitlines()
    assert lines[1] == "Что дальше:"
    assert lines[0].startswith("Готово: 6 документов, 34 файла в ")
    pages = len(pypdf.PdfReader(out / "00_packet.pdf").pages)
    assert f"1. Распечатайте {out / '00_packet.pdf'} ({pages} страниц)" in result.stdout
    assert f"complaintgen record {EXAMPLES / 'smirnov.yaml'} --document vvk_report" in result.stdout
    assert "в течение 30 дней со дня регистрации (ст. 12" in result.stdout
    assert str(out / "01_vvk_report.docx") not in result.stdout  # the file list is --verbose
    for line in result.output.splitlines():  # the notes on stderr too
        latin = re.findall(r"[A-Za-z]{2,}", _LATIN_ALLOWED.sub("", line))
        assert not latin, (latin, line)


def test_verbose_quiet_and_json(tmp_path: Path) -> None:
    verbose, out = build_end(tmp_path / "v", "--verbose")
    files = sorted(str(path) for path in out.iterdir())
    assert sorted(line for line in verbose.stdout.splitlines() if line.startswith("/")) == files
    quiet, _ = build_end(tmp_path / "q", "--quiet")
    assert quiet.stdout == "" and quiet.stderr == ""
    summary, out = build_end(tmp_path / "j", "--json", case=EXAMPLES / "ivanova_en.yaml")
    data = json.loads(summary.stdout)
    assert sorted(data["files"]) == sorted(str(path) for path in out.iterdir())
    assert data["documents"][0] == "vvk_report" and "case_summary" in data["documents"]
    assert data["pages"] == len(pypdf.PdfReader(out / "00_packet.pdf").pages)
    assert data["answer_due_days"] == 30
    assert any("left out" in note for note in data["notes"])  # in the case's language


def test_open_without_a_viewer_is_one_line_and_no_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        "build",
        str(EXAMPLES / "smirnov.yaml"),
        "-o",
        str(out),
        "--quiet",
        "--open",
        env={"PATH": str(tmp_path)},  # no xdg-open here
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{out / '00_packet.pdf'}: не открыть — нет программы просмотра")
    assert lines[1].startswith(f"{out / '00_filing_guide.pdf'}: не открыть")
