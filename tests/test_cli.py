"""The command line as a user meets it: exit codes, one-line messages, files written or not."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from complaintgen import __version__
from complaintgen.cli import main
from tests.conftest import EXAMPLES

SMIRNOV = EXAMPLES / "smirnov.yaml"


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = result.stderr
    assert message.count("\n") == 1, message
    assert "Traceback" not in message
    assert not message.startswith("Error")
    for fragment in fragments:
        assert fragment in message, message


def test_version_and_help() -> None:
    assert run("--version").output.strip() == f"complaintgen, version {__version__}"
    for command in ([], ["build"], ["validate"]):
        result = run(*command, "--help")
        assert result.exit_code == 0
        # each help shows an example that works after install: no source-tree path
        assert "smirnov.yaml" in result.output and "examples/" not in result.output


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "complaintgen", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and __version__ in result.stdout


def test_build_writes_named_files(tmp_path: Path) -> None:
    out = tmp_path / "packet"
    result = run("build", SMIRNOV, "-o", out, "--date", "2026-11-20", "--verbose")
    assert result.exit_code == 0, result.output
    printed = result.stdout.split("\n\n")[0].split()
    assert str(out / "01_vvk_report.docx") in printed
    assert str(out / "01_vvk_report.pdf") in printed
    for path in map(Path, printed):
        assert path.stat().st_size > 1000
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp files left


def test_build_one_format(tmp_path: Path) -> None:
    result = run("build", SMIRNOV, "-o", tmp_path, "--format", "docx")
    assert result.exit_code == 0
    assert {p.suffix for p in tmp_path.iterdir()} == {".docx"}


def test_default_output_folder_is_named_after_the_case(tmp_path: Path) -> None:
    case = tmp_path / "petrov.yaml"
    case.write_bytes(SMIRNOV.read_bytes())
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run("build", "petrov.yaml", "--format", "docx")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "petrov" / "01_vvk_report.docx").exists()


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    assert run("build", SMIRNOV, "-o", tmp_path, "--format", "docx").exit_code == 0
    target = tmp_path / "01_vvk_report.docx"
    target.write_bytes(b"the lawyer's edited version")
    result = run("build", SMIRNOV, "-o", tmp_path, "--format", "docx")
    assert_one_line_error(result, "01_vvk_report.docx", "уже есть; чтобы заменить", "--force")
    assert target.read_bytes() == b"the lawyer's edited version"
    assert run("build", SMIRNOV, "-o", tmp_path, "--format", "docx", "--force").exit_code == 0
    assert target.read_bytes().startswith(b"PK")


def test_error_leaves_no_files(tmp_path: Path) -> None:
    data = yaml.safe_load(SMIRNOV.read_text(encoding="utf-8"))
    data["serviceman"]["rank"] = "капрал"
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", case, "-o", out)
    assert_one_line_error(result, f"{case}:", "serviceman.rank: Неизвестное звание «капрал»")
    assert not out.exists()


def test_missing_file() -> None:
    assert_one_line_error(run("build", "no/such/case.yaml"), "no/such/case.yaml: no such file")
    assert_one_line_error(run("validate", "no/such/case.yaml"), "no such file")


def test_bad_yaml_reports_line(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("schema_version: 1\nserviceman: {surname: Смирнов\n", encoding="utf-8")
    result = run("validate", case)
    assert_one_line_error(result, f"{case}:", "not valid YAML")
    line = result.stderr.split(":")[1]
    assert line.isdigit()


def test_unknown_key(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        SMIRNOV.read_text(encoding="utf-8").replace("garrison:", "garison:"), encoding="utf-8"
    )
    assert_one_line_error(run("build", case, "-o", tmp_path / "o"), "unit.garison", "«garrison»")


def test_wrong_date_in_file_and_option(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        SMIRNOV.read_text(encoding="utf-8").replace(
            "captured_on: 2024-08-15", "captured_on: 15.08.2024"
        ),
        encoding="utf-8",
    )
    assert_one_line_error(
        run("validate", case),
        "captivity.captured_on: «15.08.2024» — дату пишите как ГГГГ-ММ-ДД: 2024-08-15",
    )
    usage = run("build", SMIRNOV, "--date", "20.11.2026")
    assert usage.exit_code == 2  # a usage error, reported by click


def test_date_option_moves_the_reference(tmp_path: Path) -> None:
    # The example's events are in 2025: a document dated before them is refused.
    result = run("validate", SMIRNOV, "--date", "2025-01-01")
    assert result.exit_code == 1
    assert "— позже даты документов (2025-01-01)" in result.stderr


def test_missing_address(tmp_path: Path) -> None:
    data = yaml.safe_load(SMIRNOV.read_text(encoding="utf-8"))
    del data["serviceman"]["address"]
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert_one_line_error(
        run("build", case, "-o", tmp_path / "o"),
        "serviceman.address: Когда документы подаёт сам военнослужащий, нужен его почтовый адрес",
    )


def test_build_summarises_many_problems_in_one_line(tmp_path: Path) -> None:
    data = yaml.safe_load(SMIRNOV.read_text(encoding="utf-8"))
    data["serviceman"]["rank"] = "капрал"
    data["unit"]["number"] = "1"
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert_one_line_error(run("build", case), "(и ещё 1 проблема: см. `complaintgen validate")
    result = run("validate", case)
    assert result.exit_code == 1 and result.stderr.count("\n") == 2


def test_usage_errors_exit_2() -> None:
    assert run("build").exit_code == 2
    assert run("build", SMIRNOV, "--format", "odt").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_validate_ok() -> None:
    result = run("validate", SMIRNOV)
    assert result.exit_code == 0
    assert "ошибок нет; документы: vvk_report" in result.output  # a Russian case


@pytest.mark.parametrize("blocked", ["weasyprint", "pydantic", "jinja2", "docx"])
def test_help_imports_nothing_heavy(blocked: str) -> None:
    code = (
        "import sys; from complaintgen.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"assert {blocked!r} not in sys.modules, 'imported {blocked}'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_docx_only_build_does_not_import_weasyprint(tmp_path: Path) -> None:
    code = (
        "import sys; from complaintgen.cli import main\n"
        f"args = ['build', {str(SMIRNOV)!r}, '-o', {str(tmp_path)!r}, '--format', 'docx']\n"
        "try:\n    main(args)\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "assert 'weasyprint' not in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_record_channels_are_the_case_formats() -> None:
    # cli_options spells the channels out so that `--help` need not import the case model;
    # they must stay the model's one list.
    from typing import get_args

    from complaintgen.case.model import Channel
    from complaintgen.cli import main

    record = main.commands["record"]
    [option] = [p for p in record.params if p.name == "channel"]
    assert tuple(option.type.choices) == get_args(Channel)  # type: ignore[attr-defined]
