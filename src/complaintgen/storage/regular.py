"""Reading a file a user names, bounded: only a regular file, and only up to a size.

A path can name anything: `/dev/zero` never ends, a FIFO blocks the reader until someone writes
to it, a terminal waits for typing. The file is opened without blocking (a FIFO's open would
block until a writer comes), checked to be a regular file on the open descriptor (so that the
check and the read are about the same file), and read no further than `limit` bytes plus one,
so that a file that grows while it is read is still refused rather than read without end.
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
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"{path}: not a regular file")
        if info.st_size > limit:
            raise FileTooLarge(info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileTooLarge(size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def megabytes(size: int) -> str:
    """A size for a message: «50 MB»."""
    return f"{size / 1_000_000:g} MB"
