"""Case files on disk: the one place that reads and writes them.

Every command that touches a case file (`build`, `validate`, `new`, `edit`, `record`, `status`,
`batch`) goes through `read_text` and `write_text`, so that what the file is stored as
(plain YAML today; encrypted where the privacy work adds it) is decided here alone.
Writes are atomic and 0600; `backup=True` keeps the previous version beside the file as
``CASE.bak`` (one generation), for commands that change a file the user wrote.
"""

from __future__ import annotations

from pathlib import Path

from complaintgen.errors import ComplaintgenError
from complaintgen.output import write_atomic


def read_text(path: Path) -> str:
    """The text of the case file at `path`; a one-line error if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ComplaintgenError(
            f"{path}: no such file; check the path, or create a case with `complaintgen new`"
        ) from None
    except IsADirectoryError:
        raise ComplaintgenError(f"{path}: is a folder; give the path of a case file") from None
    except UnicodeDecodeError:
        raise ComplaintgenError(
            f"{path}: not UTF-8 text; save the case file as UTF-8 (any editor can)"
        ) from None
    except OSError as error:
        raise ComplaintgenError(f"{path}: cannot be read ({error.strerror})") from None


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def write_text(path: Path, text: str, *, backup: bool = False) -> Path:
    """Write the case file whole or not at all; with `backup`, keep the previous version."""
    if backup and path.exists():
        write_atomic(backup_path(path), path.read_bytes())
    return write_atomic(path, text.encode("utf-8"))
