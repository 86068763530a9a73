"""What one `serve` holds: one person's case, where it is saved, and the secrets of the session.

The server is for one person at a time on their own machine, so there is one state, guarded by
a lock (the WSGI server answers on several threads). The answers are kept as the case file's
plain data; the file is saved after every section that passes.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class State:
    path: Path  # the case file (YAML, or .age)
    output: Path  # where «Make the documents» writes the packet
    language: str  # of the pages and the questions
    data: dict[str, Any]
    done: set[str]
    # The secret of the first URL, exchanged once for the session's cookie.
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    exchanged: bool = False
    draft: dict[str, Any] | None = None  # the answers of the form on screen, all passing
    made: dict[str, bytes] = field(default_factory=dict)  # the last packet, by file name
    gates: dict[str, str] = field(default_factory=dict)  # yes/no answers of the last forms
    lock: threading.RLock = field(default_factory=threading.RLock)
    last_seen: float = field(default_factory=time.monotonic)

    @property
    def folder(self) -> Path:
        """The folder the person chose: where the case file is, and its uploads."""
        return self.path.parent

    def touch(self) -> None:
        self.last_seen = time.monotonic()
