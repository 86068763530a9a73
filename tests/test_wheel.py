"""The wheel carries the templates and the font: built, installed in a fresh venv, and run."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
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
