"""Install and first run: the bundled examples, and one line when Pango is missing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

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


def test_without_pango_a_batch_fails_its_cases_with_the_line_not_a_traceback(
    tmp_path: Path,
) -> None:
    (tmp_path / "sitecustomize.py").write_text(NO_PANGO, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT / 'src'}", "LC_ALL": "C"}
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("smirnov", "smirnova_mother"):  # two cases and two jobs: the workers' warm-up
        (cases / f"{name}.yaml").write_bytes((EXAMPLES / f"{name}.yaml").read_bytes())
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "complaintgen", "batch", str(cases), "-o", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "brew install pango" in (out / "failures.csv").read_text(encoding="utf-8")


# Imports WeasyPrint as a PDF does, and prints the programs started on the way.
STARTED_PROGRAMS = """
import sys
started = []
sys.addaudithook(
    lambda event, args: started.append(event) if event in ("subprocess.Popen", "os.exec",
    "os.posix_spawn", "os.spawn") else None
)
from complaintgen.writers import pdf_writer
pdf_writer._weasyprint()
import weasyprint
weasyprint.HTML(string="<p>x</p>").write_pdf()
print(len(started))
"""


def test_weasyprint_is_imported_without_starting_a_program() -> None:
    # ctypes' library search runs ldconfig and gcc, some twenty of them, for the names
    # WeasyPrint tries before each soname: 0.17 s of every cold start.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", STARTED_PROGRAMS], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"


# The sonames do not load by themselves, as on a system whose libraries only ctypes' search
# finds: every load fails while the search is left out.
SONAMES_NOT_FOUND = """
import cffi, ctypes.util
real = cffi.FFI.dlopen
def dlopen(self, name, *args, **kwargs):
    if ctypes.util.find_library.__name__ == "_not_searched":
        raise OSError(f"cannot load library '{name}': cannot open shared object file")
    return real(self, name, *args, **kwargs)
cffi.FFI.dlopen = dlopen
"""


def test_a_library_only_the_search_finds_still_makes_the_pdf(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(SONAMES_NOT_FOUND, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT / 'src'}"}
    case = str(EXAMPLES / "smirnov.yaml")
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "complaintgen",
            "build",
            case,
            "-o",
            str(out),
            "--only",
            "vvk_report",
            "--format",
            "pdf",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(out / "01_vvk_report.pdf").pages) >= 1


# Latin words a Russian screen may show: file names, ids, keys, commands and their options.
ALLOWED = re.compile(
    r"(?:[\w./-]*\.(?:yaml|pdf|docx|txt|csv|xlsx|age|bak)\b"  # file names and paths
    r"|--[a-z-]+|complaintgen\s+\w+|filings\[\d+\]|YYYY-MM-DD|[A-Z]{2,}\b"
    r"|\b(?:document|sent_on|channel|post|followup|vvk_report|command_complaint|prosecutor_complaint"
    r"|medical_appeal|ministry_appeal|case_summary|complaintgen|law|data|b|out)\b)"
)


def english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", ALLOWED.sub(" ", text))


def test_a_russian_case_shows_no_english_word(tmp_path: Path) -> None:
    env = {"LC_ALL": "ru_RU.UTF-8"}
    case = tmp_path / "case.yaml"
    case.write_bytes((EXAMPLES / "smirnov.yaml").read_bytes())
    said = [
        run("build", str(tmp_path / "missing.yaml"), env=env),
        run("validate", str(case), "--date", "2026-11-20", env=env),
        run("build", str(case), "-o", str(tmp_path / "out"), "--date", "2026-11-20", env=env),
        run(
            "record",
            str(case),
            "--document",
            "vvk_report",
            "--sent",
            "2026-11-20",
            "--channel",
            "post",
            "--today",
            "2026-11-21",
            env=env,
        ),
        run("status", str(case), "--today", "2026-11-21", env=env),
        run("batch", str(case.parent), "-o", str(tmp_path / "b"), "--date", "2026-11-20", env=env),
    ]
    for result in said:
        shown = result.output.replace(str(tmp_path), "")  # the test's own folder
        assert english_words(shown) == [], shown
    assert "Что дальше" in said[2].output and "00_packet.pdf" in said[2].output


def test_build_json_is_a_summary_for_scripts_and_open_without_a_viewer_is_one_line(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    result = run(
        "build",
        str(EXAMPLES / "smirnov.yaml"),
        "-o",
        str(out),
        "--json",
        "--open",
        env={"PATH": str(tmp_path)},  # no xdg-open, no open
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"][0] == "vvk_report"
    assert summary["packet"] == str(out / "00_packet.pdf")
    assert summary["packet_pages"] == len(PdfReader(out / "00_packet.pdf").pages) > 5
    assert summary["deadlines"]["answer_days"] == 30
    assert sorted(summary["paths"]) == sorted(str(path) for path in out.iterdir())
    [no_viewer, _guide] = result.stderr.strip().splitlines()
    assert "00_packet.pdf" in no_viewer


def test_build_quiet_prints_nothing_but_errors(tmp_path: Path) -> None:
    case = str(EXAMPLES / "smirnov.yaml")
    quiet = run("build", case, "-o", str(tmp_path), "--format", "docx", "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""
    again = run("build", case, "-o", str(tmp_path), "--format", "docx", "--quiet")
    assert again.exit_code == 1 and "--force" in again.output
