"""An organisation's own templates (`build --templates DIR`): overrides that reuse the built-in
templates, and the sandbox that keeps them away from Python's internals."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner
from jinja2.sandbox import ImmutableSandboxedEnvironment

from complaintgen.case.casefile import load_case
from complaintgen.cli import main
from complaintgen.render import rendering
from complaintgen.render.rendering import render_letter, templates_dir
from complaintgen.writers.docx_writer import docx_bytes
from tests.conftest import DATE, EXAMPLES, docx_text

SMIRNOV = EXAMPLES / "smirnov.yaml"
BUILTIN = templates_dir() / "ru" / "vvk_report.xml.j2"
THEIRS = "На основании изложенного прошу:"
OURS = "Учитывая изложенное, прошу:"


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def overriding(tmp_path: Path, text: str, name: str = "vvk_report.xml.j2") -> Path:
    folder = tmp_path / "templates"
    (folder / "ru").mkdir(parents=True, exist_ok=True)
    (folder / "ru" / name).write_text(text, encoding="utf-8")
    return folder


def builtin_text(doc_id: str) -> str:
    letter = render_letter(load_case(SMIRNOV, today=DATE), doc_id)
    return docx_text(docx_bytes(letter.filed(), date=DATE))  # as built: without its notes


def built_text(folder: Path, name: str) -> str:
    return docx_text((folder / name).read_bytes())


def test_an_override_importing_the_original_changes_one_sentence(tmp_path: Path) -> None:
    original = BUILTIN.read_text(encoding="utf-8")
    assert original.count(THEIRS) == 1
    # An organisation's copy: its own wording, the built-in shared macros under builtin/.
    ours = original.replace(THEIRS, OURS).replace(
        '{% import "ru/_common.xml.j2"', '{% import "builtin/ru/_common.xml.j2"'
    )
    assert "builtin/ru/_common.xml.j2" in ours
    templates = overriding(tmp_path, ours)
    out = tmp_path / "out"
    result = run("build", SMIRNOV, "-o", out, "--format", "docx", "--templates", templates)
    assert result.exit_code == 0, result.output

    text = built_text(out, "01_vvk_report.docx")
    assert OURS in text and THEIRS not in text
    assert text.replace(OURS, THEIRS) == builtin_text("vvk_report"), "more than one sentence"
    # Documents the folder does not override are the built-in ones.
    assert built_text(out, "02_command_complaint.docx") == builtin_text("command_complaint")


def test_an_override_may_extend_the_original(tmp_path: Path) -> None:
    templates = overriding(tmp_path, '{% extends "builtin/ru/vvk_report.xml.j2" %}\n')
    case = load_case(SMIRNOV, today=DATE)
    extended = render_letter(case, "vvk_report", templates=templates)
    assert extended == render_letter(case, "vvk_report")


DANGEROUS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cite.__globals__ }}",
    "{{ sm.__init__.__globals__['grammar'] }}",
    "{% for c in ''.__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ cite.__code__.co_consts }}",
]


@pytest.mark.parametrize("attempt", DANGEROUS)
def test_a_template_reaching_python_internals_fails_with_one_line(
    attempt: str, tmp_path: Path
) -> None:
    templates = overriding(tmp_path, f'<letter title="x" lang="ru">\n<p>{attempt}</p>\n</letter>\n')
    out = tmp_path / "out"
    result = run("build", SMIRNOV, "-o", out, "--format", "docx", "--templates", templates)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    where = templates / "ru" / "vvk_report.xml.j2"
    assert result.stderr.startswith(f"{where}:2: access to attribute '_"), result.stderr
    assert "is unsafe; a template may use only the values and functions it is given" in (
        result.stderr
    )
    assert not out.exists(), "nothing is written when a template fails"


def test_a_broken_template_names_its_file_and_line(tmp_path: Path) -> None:
    templates = overriding(tmp_path, '<letter title="x" lang="ru">\n\n<p>{{ sm.name.gen </p>\n')
    result = run("build", SMIRNOV, "--format", "docx", "--templates", templates)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{templates / 'ru' / 'vvk_report.xml.j2'}:3: ")
    assert result.stderr.count("\n") == 1


def test_a_folder_without_language_folders_is_refused(tmp_path: Path) -> None:
    result = run("build", SMIRNOV, "--format", "docx", "--templates", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path}: holds no ru/ or en/ folder; put an override of a template at "
        f"{tmp_path / 'ru' / 'vvk_report.xml.j2'} (same name as the built-in one)\n"
    )
    assert run("build", SMIRNOV, "--templates", tmp_path / "none").exit_code == 2


def test_user_templates_share_the_sandbox_and_one_environment_per_folder(tmp_path: Path) -> None:
    first = overriding(tmp_path / "a", "x")
    second = overriding(tmp_path / "b", "x")
    env = rendering._environment(templates_dir(), first.resolve())
    assert isinstance(env, ImmutableSandboxedEnvironment)
    assert env.undefined is jinja2.StrictUndefined and env.autoescape is True
    assert rendering._environment(templates_dir(), first.resolve()) is env
    assert rendering._environment(templates_dir(), second.resolve()) is not env
