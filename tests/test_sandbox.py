"""What a template can reach: data only. An organisation's template (``--templates``) runs in the
immutable sandbox, which does not stop the public methods of the objects it is handed — so the
context must hand it no model and no path, only inert values and deliberate helpers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePath
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from complaintgen.case.casefile import load_case
from complaintgen.cli import main
from complaintgen.render.inert import View
from complaintgen.render.rendering import Person, available_documents, build_context
from complaintgen.render.voices import Forms
from tests.conftest import DATE, EXAMPLES, example_paths


def _walk(value: Any, where: str, seen: set[int], found: list[str]) -> None:
    if id(value) in seen or isinstance(value, str | int | float | bool | dt.date | type(None)):
        return
    seen.add(id(value))
    if isinstance(value, BaseModel | PurePath):
        found.append(f"{where}: a {type(value).__name__} (its methods act)")
    elif isinstance(value, View):
        for name, item in value.fields().items():
            _walk(item, f"{where}.{name}", seen, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{where}[{key!r}]", seen, found)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            _walk(item, f"{where}[{index}]", seen, found)
    elif isinstance(value, Person):
        for name, item in vars(value).items():
            if not name.startswith("_"):  # the sandbox refuses a template those
                _walk(item, f"{where}.{name}", seen, found)
    elif isinstance(value, Forms):
        return  # every attribute is a string form; its internals start with «_»
    elif callable(value):
        found.append(f"{where}: a callable that is not one of the context's helpers")
    else:
        found.append(f"{where}: a {type(value).__name__}, not a value a template may hold")


@pytest.mark.parametrize("example", example_paths(), ids=lambda path: path.stem)
def test_a_template_can_reach_only_inert_values(example: Path, tmp_path: Path) -> None:
    case = load_case(example, today=DATE)
    for language in ("ru", "en"):
        context = build_context(case, language)
        found: list[str] = []
        seen: set[int] = set()
        for key, value in context.items():
            # The context's own helpers (text, date, cite, …) are deliberate; Person.g is too.
            if callable(value) and not isinstance(value, View | Person | Forms):
                continue
            _walk(value, key, seen, found)
        assert not found, "\n".join(found)
        assert available_documents(language)


def _case_with_a_file(tmp_path: Path) -> Path:
    data = yaml.safe_load((EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8"))
    _write_pdf(tmp_path / "scan.pdf")
    # Relative to the case file, as a user writes it.
    data["attachments"] = [{"title": "Копия выписного эпикриза", "file": "scan.pdf"}]
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _write_pdf(path: Path) -> None:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as out:
        writer.write(out)


ESCAPES = [
    # A pathlib.Path's methods write, delete and read files.
    "{{ attachments[0].file.parent.joinpath('pwned').write_text('x') }}",
    "{{ attachments[0].file.unlink() }}",
    "{{ attachments[0].file.read_text() }}",
    # A pydantic model's methods read any file or unpickle (run) anything.
    "{{ health.parse_file('/etc/hostname') }}",
    "{{ attachments[0].parse_raw('x') }}",
    "{{ captivity.model_dump() }}",
    "{{ options.model_copy(update={'language': 'en'}) }}",
]


@pytest.mark.parametrize("attempt", ESCAPES)
def test_no_escape_through_the_records_of_the_case(attempt: str, tmp_path: Path) -> None:
    case = _case_with_a_file(tmp_path)
    scan = tmp_path / "scan.pdf"
    before = scan.read_bytes()
    templates = tmp_path / "templates"
    (templates / "ru").mkdir(parents=True)
    (templates / "ru" / "vvk_report.xml.j2").write_text(
        f'<letter title="x" lang="ru">\n<p>{attempt}</p>\n</letter>\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["build", str(case), "-o", str(out), "--format", "docx", "--templates", str(templates)],
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert "vvk_report.xml.j2:2: " in result.stderr, result.stderr  # the template, not the case
    assert not (tmp_path / "pwned").exists()
    assert scan.read_bytes() == before
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in result.output
    assert not out.exists()
