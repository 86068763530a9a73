"""The wheel carries the templates and the font: built, installed in a fresh venv, and run."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.mark.slow
def test_wheel_installs_and_builds_a_document(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("complaintgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "complaintgen/templates/ru/vvk_report.xml.j2" in names
    assert "complaintgen/writers/fonts/LiberationSerif-Regular.ttf" in names
    assert "complaintgen/writers/fonts/LICENSE-OFL.txt" in names
    assert "complaintgen/law/data/citations.yaml" in names
    assert "complaintgen/examples/smirnov.yaml" in names
    assert "complaintgen/examples/clients.xlsx" in names

    # A fresh venv with the wheel alone; its dependencies are borrowed from this environment
    # through a plain path entry (no network in tests), which does not pull in our source tree.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    result = subprocess.run(
        [
            str(env_dir / "bin" / "complaintgen"),
            "build",
            str(EXAMPLES / "smirnov.yaml"),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "01_vvk_report.pdf").stat().st_size > 5000
    located = subprocess.run(
        [str(python), "-c", "import complaintgen.render.rendering as r; print(r.templates_dir())"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout.strip()
    assert located.startswith(str(env_dir)), located

    # As the README starts a new user, from a folder that is not the source tree: the bundled
    # example written and built, with the «Что дальше» naming the packet.
    first = tmp_path / "first run"
    first.mkdir()
    shell = subprocess.run(
        "complaintgen example smirnov > case.yaml && complaintgen build case.yaml"
        " && complaintgen example --batch -o clients.xlsx",
        shell=True,
        capture_output=True,
        text=True,
        cwd=first,
        env={**env, "PATH": f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}", "LC_ALL": "C.UTF-8"},
    )
    assert shell.returncode == 0, shell.stderr
    assert (first / "case" / "00_packet.pdf").exists()
    assert "Что дальше" in shell.stdout and "complaintgen record case.yaml" in shell.stdout
    assert (first / "clients.xlsx").read_bytes() == (EXAMPLES / "clients.xlsx").read_bytes()


@pytest.mark.slow
def test_the_sdist_carries_the_docs_scripts_and_the_russian_readme(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    [sdist] = tmp_path.glob("complaintgen-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("README.ru.md", "docs/case-format.md", "scripts/make_clients_xlsx.py"):
        assert needed in names
