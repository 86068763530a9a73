"""Reading a file a user names, bounded: only a regular file, and only up to a size.

A path can name anything: `/dev/zero` never ends, a FIFO blocks the reader until someone writes
to it, a terminal waits for typing. The path is checked to be a regular file before it is
opened (opening a FIFO would block until a writer comes) and again on the open file, and read no
further than `limit` bytes plus one, so that a file that grows while it is read is still refused
rather than read without end.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path names a device, a FIFO, a socket: not a file to read."""


class FileTooLarge(OSError):
    """The file is larger than the limit; `size` is what was found (at least the limit + 1)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} bytes, more than {limit}")
        self.size = size
        self.limit = limit


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises what `open` raises (FileNotFoundError, IsADirectoryError, PermissionError, …),
    `NotRegularFile`, `FileTooLarge`, and ValueError for a path with a NUL byte.
    """
    _check(os.stat(path), path, limit)  # before opening: opening a FIFO would block
    with open(path, "rb", buffering=0) as handle:
        # And on the open file, in case the path was replaced in between.
        _check(os.fstat(handle.fileno()), path, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = handle.read(min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileTooLarge(size, limit)
        return b"".join(chunks)


def _check(info: os.stat_result, path: Path, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(f"{path}: not a regular file")
    if info.st_size > limit:
        raise FileTooLarge(info.st_size, limit)


def megabytes(size: int) -> str:
    """A size for a message: «50 MB»."""
    return f"{size / 1_000_000:g} MB"
