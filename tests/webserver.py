"""`complaintgen serve` in a subprocess, for the web page's tests: its address, and its stop."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Served:
    url: str  # the first URL, with its secret
    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[str]
    output: str = ""  # all it printed, once stopped

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "complaintgen", *args]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


@contextmanager
def serving(case: Path, output: Path, *extra: str) -> Iterator[Served]:
    process = subprocess.Popen(
        command("serve", str(case), "-o", str(output), "--no-browser", *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
        cwd=case.parent,
    )
    served: Served | None = None
    line = ""
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"(http://[^/\s]+)(/\?key=\S+)", line)
        assert found, f"no address in {line!r}"
        served = Served(found[1] + found[2], found[1], process)
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
    if served is not None:
        served.output = line + out + err
