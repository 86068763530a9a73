"""Putting files on disk without losing anything.

Every file is written whole or not at all: its bytes go to a temporary file in the same folder,
which is then renamed over the target. A packet is checked for existing files before the first
byte is written, so a refusal leaves the folder as it was. Files are 0600 and folders 0700:
case data is health data, readable by its owner only.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from complaintgen.errors import OutputError

FILE_MODE = 0o600
DIR_MODE = 0o700


def write_files(folder: Path, files: dict[str, bytes], *, force: bool = False) -> list[Path]:
    """Write `files` (name → bytes) into `folder`; existing files only with `force`."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder; choose another output with -o")
    existing = [name for name in files if (folder / name).exists()]
    if existing and not force:
        shown = ", ".join(existing[:3]) + (
            f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        )
        raise OutputError(
            f"{folder}: {shown} already exist; use --force to replace them, "
            "or -o for another folder"
        )
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{folder}: cannot create the folder ({error.strerror})") from None
    return [write_atomic(folder / name, data) for name, data in files.items()]


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file and a rename; 0600."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputError(
            f"{path}: cannot be written ({error.strerror}); nothing was replaced"
        ) from None
    return path
