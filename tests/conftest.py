"""Shared fixtures: the example cases, real readers of our files, golden files."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import hypothesis
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).parent / "golden"
DATE = dt.date(2026, 11, 20)

# The suite draws the same hypothesis examples on every run, so that CI's verdict on a commit
# does not depend on luck; `pytest --hypothesis-profile=explore` draws new ones (run it when
# changing what the property tests cover, and pin what it finds with @example).
hypothesis.settings.register_profile("repeatable", derandomize=True)
hypothesis.settings.register_profile("explore", derandomize=False)
hypothesis.settings.load_profile("repeatable")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/ from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def example_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def check_golden(name: str, text: str, update: bool) -> None:
    """Compare `text` with tests/golden/NAME; only --update-goldens writes the file.

    A missing golden file is a failure, never written on the quiet: a file that writes itself
    passes whatever the output says, and nobody reviews it.
    """
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        pytest.fail(
            f"{shown}: missing; run pytest --update-goldens and review the diff", pytrace=False
        )
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file; review, then --update-goldens"


def words(text: str) -> str:
    """Text reduced to every printed character, in order, with no whitespace at all.

    Enough to see that a value is printed somewhere; too little to compare two renderings, as
    it hides a lost or added space. A DOCX and its PDF are compared with `tests.reader`, which
    keeps the spaces and reads only the printed line ends as the DOCX reads them.
    """
    return "".join(text.split())


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def pdf_text(path: Path) -> str:
    """Text of a PDF by poppler's pdftotext, without the page numbers at the top of pages 2+."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = out.split("\f")
    cleaned = [pages[0]]
    for page in pages[1:]:
        lines = page.lstrip("\n").split("\n")
        if lines and lines[0].strip().isdigit():
            lines = lines[1:]
        cleaned.append("\n".join(lines))
    return "\f".join(cleaned)


def need(tool: str) -> str:
    """The path of a command-line tool; in CI its absence fails the test instead of skipping."""
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed; .ci/run must install it")
        pytest.skip(f"{tool} is not installed")
    return found


class LibreOffice:
    """A real LibreOffice that converts DOCX files to PDF, in its own throw-away profile."""

    def __init__(self, binary: str, profile: Path) -> None:
        self.binary = binary
        self.profile = profile

    def pdfs(self, sources: list[Path]) -> list[Path]:
        """Each source as PDF, in a `libreoffice/` folder beside it: one LibreOffice start for
        all the files of one folder (a start costs about a second)."""
        results = []
        for folder in dict.fromkeys(source.parent for source in sources):
            batch = [source for source in sources if source.parent == folder]
            outdir = folder / "libreoffice"
            subprocess.run(
                [
                    self.binary,
                    f"-env:UserInstallation={self.profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    *map(str, batch),
                ],
                check=True,
                capture_output=True,
                timeout=60 + 30 * len(batch),
            )
        for source in sources:
            result = source.parent / "libreoffice" / (source.stem + ".pdf")
            assert result.exists(), f"LibreOffice did not convert {source.name}"
            results.append(result)
        return results

    def pdf(self, source: Path) -> Path:
        [result] = self.pdfs([source])
        return result


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    return LibreOffice(need("soffice"), tmp_path_factory.mktemp("lo-profile"))


@pytest.fixture(scope="session")
def soffice(libreoffice: LibreOffice) -> Callable[[Path], Path]:
    """Convert one DOCX file to PDF with a real LibreOffice (`libreoffice.pdfs` for many)."""
    return libreoffice.pdf


# No network. complaintgen must never touch it, so every test runs with this interpreter's
# sockets refusing every address but a Unix socket: connect, bind, sendto and name lookups raise
# NetworkAccessError and are recorded, and the test fails at teardown even if the code under test
# swallowed the exception (WeasyPrint, for one, turns a failed fetch into a log line). This guards
# this Python process only: subprocesses (LibreOffice, pdftotext, a second Python) cannot be
# guarded this way, and the pipes and Unix sockets LibreOffice uses are untouched. A child
# Python of our own can call `install_network_guard` itself.
#
# A test marked `loopback` (the web page's: a server in a subprocess, a browser) may also connect
# to this machine's loopback addresses, and to nothing else.


class NetworkAccessError(RuntimeError):
    """A test, or the code it runs, tried to reach the network."""


_SOCKET_METHODS = ("connect", "connect_ex", "bind", "sendto", "sendmsg")
_LOOKUPS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr")


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def _to_loopback(name: str, args: tuple[object, ...], *, method: bool) -> bool:
    """Whether the call goes to a loopback address only (connect, create_connection, lookup)."""
    if name not in ("connect", "connect_ex", "create_connection", "getaddrinfo"):
        return False
    target = args[1] if method else args[0]
    host = target[0] if isinstance(target, tuple) and target else target
    return host in LOOPBACK_HOSTS


def install_network_guard(attempts: list[str], *, loopback: bool = False) -> Callable[[], None]:
    """Make sockets refuse any non-Unix address (but loopback ones, with `loopback`), recording
    each attempt; returns the undo."""
    undo: list[Callable[[], None]] = []

    def refuse(owner: object, name: str, *, method: bool) -> None:
        original = getattr(owner, name)
        had_own = name in vars(owner)

        @functools.wraps(original)
        def guard(*args: object, **kwargs: object) -> object:
            if method and getattr(args[0], "family", None) == socket.AF_UNIX:
                return original(*args, **kwargs)
            if loopback and _to_loopback(name, args, method=method):
                return original(*args, **kwargs)
            what = f"{name}{args[1:] if method else args}"
            attempts.append(what)
            raise NetworkAccessError(f"a test tried to reach the network: {what}")

        setattr(owner, name, guard)
        undo.append(
            (lambda: setattr(owner, name, original)) if had_own else (lambda: delattr(owner, name))
        )

    for name in _SOCKET_METHODS:
        refuse(socket.socket, name, method=True)
    for name in (*_LOOKUPS, "create_connection"):
        refuse(socket, name, method=False)

    def restore() -> None:
        for step in reversed(undo):
            step()

    return restore


@pytest.fixture(autouse=True)
def no_network(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Every test: no socket but Unix ones (and loopback ones for a test marked `loopback`).
    Yields the attempts, for the guard's own test."""
    attempts: list[str] = []
    undo = install_network_guard(
        attempts, loopback=request.node.get_closest_marker("loopback") is not None
    )
    try:
        yield attempts
    finally:
        undo()
    if attempts:
        pytest.fail(f"the test tried to reach the network: {attempts[0]}", pytrace=False)


@pytest.fixture(autouse=True)
def no_user_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test: an empty config folder of its own, never the developer's own defaults
    (an organisation's register or templates would change what the tests make)."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("COMPLAINTGEN_CONFIG_DIR", str(folder))
    return folder
