"""Removing a case for good, as far as a program can: overwrite, then delete.

What goes: the case file, its backup, its lock file, the temporary files an interrupted write may
have left beside them, and in the documents folder only the files complaintgen names
(``NN_docid…``, see `packet.plan.Packet.file_name`) and their temporaries, never anything else a
person keeps there.

How: each file is overwritten in place with random bytes of its own length and flushed to the
disk (fsync), renamed to a random name (a file name such as ``smirnov.yaml`` is itself a fact),
and unlinked.

What this cannot promise: SSDs and flash memory write the new bytes elsewhere (wear levelling),
journaling, copy-on-write and snapshotting filesystems (ext4 with data journaling, btrfs, ZFS,
APFS) may keep the old blocks, and backups or cloud sync keep their own copies. Full-disk
encryption is the real protection; wiping keeps a plain file from staying readable to whoever
uses the laptop next.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from complaintgen.case.model import DOCUMENT_IDS
from complaintgen.messages.language import said
from complaintgen.storage import casestore
from complaintgen.storage.atomic import temporary_of

# The names complaintgen gives the files of a packet: «01_vvk_report.pdf», the same document's
# other files («01_vvk_report.copy.pdf», «01_vvk_report.f107.pdf»), and the packet's own
# «00_packet.pdf» and «00_filing_guide.pdf» (packet/build.py). A known id is required after the
# number, so a person's «01_scan.pdf» is never touched.
_PACKET_IDS = (*DOCUMENT_IDS, "packet", "filing_guide", "read_me_first")
# The packet's files (``01_vvk_report.copy.pdf``) and the follow-ups `followup` writes beside
# them (``followup_01_vvk_report_higher_commander.pdf``, ``followup_read_me_first.pdf``): all
# hold names and health data.
OUTPUT_NAME = re.compile(
    rf"^(?:\d{{2}}_(?:{'|'.join(_PACKET_IDS)})(?:[._][a-z0-9_]+)*"
    r"|followup_(?:\d{2}_[a-z0-9_]+|read_me_first))\.(?:docx|pdf|txt)$"
)
_CHUNK = 1 << 20


def wipe_plan(case: Path, outputs: Path | None = None) -> list[Path]:
    """Every file `wipe_files` would remove for `case` and its documents folder, in order."""
    if case.is_symlink():
        raise said("wipe.link", path=case)
    if case.is_dir():
        raise said("file.is_folder", path=case)
    if outputs is not None and not outputs.is_dir():
        raise said("wipe.outputs_not_folder", path=outputs)
    if not case.exists() and outputs is None:
        raise said("wipe.missing", path=case)
    # The lock file `record` holds is empty, but its name is the case's.
    mine = (case, casestore.backup_path(case), casestore.lock_path(case))
    plan = [path for path in mine if _is_plain_file(path)]
    plan += _leftovers(case.parent, {path.name for path in mine}.__contains__)
    if outputs is not None:
        plan += documents_in(outputs)
    if not plan:
        raise said("wipe.nothing", path=case)
    return plan


def documents_in(folder: Path) -> list[Path]:
    """The files of `folder` that complaintgen wrote, by their names, and their leftovers."""
    if not folder.is_dir():
        return []
    ours = [p for p in sorted(folder.iterdir()) if OUTPUT_NAME.match(p.name) and _is_plain_file(p)]
    return ours + _leftovers(folder, lambda name: bool(OUTPUT_NAME.match(name)))


def _leftovers(folder: Path, wanted: Callable[[str], bool]) -> list[Path]:
    """The temporary files of an interrupted write (`storage.atomic.temporary_of`) that were to
    become a file `wanted` names, whether or not that file was ever made: a build killed in its
    first run leaves the temporaries alone."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        target = temporary_of(path.name)
        if target is not None and wanted(target) and _is_plain_file(path):
            found.append(path)
    return found


def _is_plain_file(path: Path) -> bool:
    """A regular file, not a link: overwriting through a link would hit another file."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def wipe_files(paths: list[Path], *, folder: Path | None = None) -> list[Path]:
    """Overwrite each file with random bytes, flush, rename and delete it; then `folder` (the
    documents folder), if that left it empty. Stops with one line at the first failure."""
    removed: list[Path] = []
    for path in paths:
        try:
            _overwrite_and_delete(path)
        except OSError as error:
            raise said(
                "wipe.failed", path=path, reason=error.strerror, removed=len(removed) or None
            ) from None
        removed.append(path)
    if folder is not None:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when nothing else is in it
    return removed


def _overwrite_and_delete(path: Path) -> None:
    os.chmod(path, 0o600)  # a read-only file of ours can still be overwritten
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        remaining = os.fstat(fd).st_size
        while remaining > 0:
            remaining -= os.write(fd, os.urandom(min(remaining, _CHUNK)))
        os.fsync(fd)
    finally:
        os.close(fd)
    hidden = path.with_name(secrets.token_hex(8))
    os.rename(path, hidden)
    os.unlink(hidden)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # Makes the rename and the unlink durable; not possible on every system (Windows), harmless.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
