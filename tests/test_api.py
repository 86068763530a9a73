"""The library's entry point as a second front end (a web page, a script) would call it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from complaintgen import api
from complaintgen.batch.run import Progress
from complaintgen.errors import AnswerOverdue, CaseError, ComplaintgenError, OutputError
from tests.conftest import DATE, EXAMPLES

SMIRNOV = EXAMPLES / "smirnov.yaml"
MOTHER = EXAMPLES / "smirnova_mother.yaml"


def smirnov_data() -> dict[str, object]:
    data = yaml.safe_load(SMIRNOV.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_exit_codes_live_on_the_error_classes() -> None:
    assert ComplaintgenError.exit_code == CaseError.exit_code == OutputError.exit_code == 1
    assert AnswerOverdue.exit_code == 3
    assert str(AnswerOverdue()) == ""  # the status table has said it all


def test_validate_returns_the_problems_of_data_instead_of_raising() -> None:
    data = smirnov_data()
    data["serviceman"]["rank"] = "капрал"  # type: ignore[index]  # YAML of a known shape
    data["unit"]["number"] = "1"  # type: ignore[index]
    result = api.validate(data, today=DATE)
    assert result.case is None and result.checked is None
    assert len(result.problems) == 2
    assert any("serviceman.rank: Неизвестное звание «капрал»" in p for p in result.problems)
    assert any("unit.number: «1» — не номер части" in p for p in result.problems)


def test_validate_of_a_missing_file_is_one_problem(tmp_path: Path) -> None:
    result = api.validate(tmp_path / "none.yaml", today=DATE)
    assert result.case is None
    [problem] = result.problems
    assert "no such file" in problem


def test_check_gives_the_case_its_plan_and_the_declined_forms() -> None:
    checked = api.check(SMIRNOV, today=DATE, forms=True)
    assert checked.case.serviceman.surname == "Смирнов"
    assert checked.plan.documents[0] == "vvk_report"
    assert any(what == "serviceman.name" for what, _ in checked.forms)
    assert api.check(SMIRNOV, today=DATE).forms == ()


def test_a_packet_is_made_in_memory_and_written_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    case = api.case_from_data(smirnov_data(), name="form", today=DATE)
    made = api.make_packet(case, formats=("docx",))
    assert "01_vvk_report.docx" in made.files
    assert all(name.endswith(".docx") for name in made.files)
    assert list(tmp_path.iterdir()) == []  # nothing on disk yet
    folder = tmp_path / "out"
    written = api.write_packet(folder, made.files)
    assert sorted(p.name for p in written) == sorted(made.files)
    with pytest.raises(OutputError, match="--force"):
        api.write_packet(folder, made.files)
    assert api.write_packet(folder, made.files, force=True) == written


def test_the_default_folder_is_named_after_the_case_file_plain_or_encrypted() -> None:
    assert api.default_folder(Path("cases/smirnov.yaml")) == Path("smirnov")
    assert api.default_folder(Path("cases/smirnov.yaml.age")) == Path("smirnov")


def test_followups_of_an_encrypted_case_go_beside_its_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `build` writes smirnova_mother.yaml.age's documents to «smirnova_mother»: its follow-ups
    # belong in the same folder, not in one named «smirnova_mother.yaml».
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COMPLAINTGEN_PASSPHRASE", "correct horse battery staple")
    plain = tmp_path / MOTHER.name
    shutil.copy(MOTHER, plain)
    api.encrypt(plain)
    done = api.followup(tmp_path / f"{MOTHER.name}.age", today=DATE)
    assert done.paths
    assert {path.parent for path in done.paths} == {Path("smirnova_mother")}


def test_batch_reports_progress_after_each_case(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    broken = SMIRNOV.read_text(encoding="utf-8").replace("rank: младший сержант", "rank: капрал")
    for name in ("a.yaml", "b.yaml"):
        (cases / name).write_text(broken, encoding="utf-8")
    seen: list[Progress] = []
    out = tmp_path / "out"
    done = api.batch(cases, out, jobs=1, today=DATE, on_progress=seen.append)
    assert [(p.done, p.failed, p.total) for p in seen] == [(1, 1, 2), (2, 2, 2)]
    assert seen[0].line().startswith("1/2 done, 1 failed, ETA ")
    assert done.summary() == f"0 packets written to {out}"
    assert done.failure() == f"2 of 2 cases failed: see {out / 'failures.csv'}"
    assert [path.name for path in done.reports] == ["register.csv", "failures.csv"]


def test_importing_the_api_imports_nothing_heavy() -> None:
    code = (
        "import sys, complaintgen.api\n"
        "heavy = [m for m in ('weasyprint', 'pydantic', 'jinja2', 'docx') if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr


def test_build_says_when_a_court_period_has_passed(tmp_path: Path) -> None:
    # smirnova_mother's рапорт of July 2025 was never answered: by December 2026 the three
    # months for a court claim are long gone, and the build must say so with what remains.
    written = api.build(
        MOTHER,
        output=tmp_path / "out",
        formats=("txt",),
        today=dt.date(2026, 12, 1),
    )
    late = [note for note in written.notes if "истёк" in note]
    assert late, written.notes
    assert any("восстановить пропущенный срок" in note for note in written.notes)
