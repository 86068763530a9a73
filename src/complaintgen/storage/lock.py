"""A lock beside a file that several processes update (the outgoing register).

`fcntl.flock` on ``NAME.lock``: held by one process at a time, released by the kernel when the
process ends, however it ends, so a killed batch never leaves the register locked. The file it
guards is replaced by a rename (`atomic.write_atomic`), so the lock cannot be on that file itself:
a waiting process would hold a lock on the old, renamed-away inode.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from complaintgen.storage.atomic import FILE_MODE

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one process at a time is the user's care
    fcntl = None  # type: ignore[assignment]


def lock_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of `path` (waiting for another process that holds it) inside the block."""
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
