"""Putting files on disk without losing anything.

Every file is written whole or not at all: its bytes go to a temporary file in the same folder,
which is then renamed over the target. A packet is written whole or not at all too: all its
temporary files first, then the renames. It is checked for existing files before the first byte
is written, so a refusal leaves the folder as it was. Files are 0600 and folders 0700:
case data is health data, readable by its owner only.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from complaintgen.errors import OutputError

FILE_MODE = 0o600
DIR_MODE = 0o700


def _never(name: str) -> bool:
    return False


def write_files(
    folder: Path,
    files: dict[str, bytes],
    *,
    force: bool = False,
    stale: Callable[[str], bool] = _never,
    language: str | None = None,
) -> list[Path]:
    """Write `files` (name → bytes) into `folder`, all of them or none; existing files only with
    `force`, which also removes the files `stale` names (the previous version's own files that
    the new set does not repeat). Everything else in the folder stays.

    Two steps: every file is first written whole to a temporary file beside its place; only when
    all of them are on disk does each take its place by a rename, which needs no free space. So
    a full disk, a read-only folder or a lack of inodes leaves the folder as it was. A refusal
    is said in `language` (the case's; None: ``--lang``'s or the locale's).
    """
    said = _said_in(language)
    if folder.exists() and not folder.is_dir():
        raise OutputError(said("output.not_folder", folder=folder))
    existing = [name for name in files if (folder / name).exists()]
    if existing and not force:
        more = len(existing) - 3 if len(existing) > 3 else None
        raise OutputError(said("output.exists", folder=folder, shown=existing[:3], more=more))
    created = not folder.exists()
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(_failed(folder, error, said)) from None
    temporary: dict[str, str] = {}
    try:
        for name, data in files.items():
            temporary[name] = _written_beside(folder / name, data)
        with _uninterrupted():
            for name, temp in temporary.items():
                os.replace(temp, folder / name)
    except BaseException as error:  # a full disk, or Ctrl-C: no temporary file stays behind
        for temp in temporary.values():
            with contextlib.suppress(OSError):
                os.unlink(temp)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if nothing else came into it meanwhile
        if isinstance(error, OSError):
            raise OutputError(_failed(folder, error, said)) from None
        raise
    if force:
        for entry in sorted(os.listdir(folder)):
            if entry not in files and stale(entry):
                with contextlib.suppress(FileNotFoundError):
                    (folder / entry).unlink()
    return [folder / name for name in files]


# A temporary file is «.NAME.<random>.part» beside NAME: hidden, and named after the file it is
# to become, so that `wipe` can find one a killed process left, even before NAME exists.
_TEMPORARY = re.compile(r"^\.(.+)\.[a-z0-9_]+\.part$")


def temporary_of(name: str) -> str | None:
    """The name of the file the temporary file `name` was to become; None if it is not one."""
    match = _TEMPORARY.match(name)
    return match[1] if match else None


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait (blocked, not lost) while the renames run: they take
    milliseconds, and a signal among them would leave the folder half old, half new."""
    signals = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _written_beside(path: Path, data: bytes) -> str:
    """`data` in a new temporary file beside `path` (0600, on disk): the temporary's name."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, FILE_MODE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _said_in(language: str | None) -> Callable[..., str]:
    from complaintgen.messages import render
    from complaintgen.messages.language import user_language

    chosen = user_language(language)
    return lambda code, **params: render(code, chosen, **params)


def _failed(folder: Path, error: OSError, said: Callable[..., str]) -> str:
    return said("output.failed", folder=folder, reason=error.strerror or type(error).__name__)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file and a rename; 0600."""
    try:
        temp = _written_beside(path, data)
        os.replace(temp, path)
    except OSError as error:
        raise OutputError(
            _said_in(None)("output.not_written", path=path, reason=error.strerror)
        ) from None
    return path
