"""Case files on disk: the one place that reads and writes them.

Every command that touches a case file (`build`, `validate`, `new`, `edit`, `record`, `status`,
`batch`) goes through `read_text` and `write_text`, so that what the file is stored as
(plain YAML, or age-encrypted when the name ends in ``.age``) is decided here alone.
Writes are atomic and 0600; `backup=True` keeps the previous version beside the file as
``CASE.bak`` (one generation; ``CASE.bak.age`` for an encrypted file, still encrypted), for
commands that change a file the user wrote.

An encrypted file is decrypted and encrypted in memory: only ciphertext is ever written, the
temporary file of an atomic write included. Its passphrase comes from the file's earlier read in
this process, else ``COMPLAINTGEN_PASSPHRASE``, else `passphrase_source` (the CLI sets it to a
terminal prompt).

A command that reads a case file and writes it back (`record`) holds `locked(path)` from the
read to the write, so that two at once cannot both edit the version they read and lose one edit.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from complaintgen.limits import CASE_FILE_BYTES
from complaintgen.messages.language import said
from complaintgen.storage import age
from complaintgen.storage.atomic import write_atomic
from complaintgen.storage.regular import FileTooLarge, NotRegularFile, megabytes, read_regular

ENCRYPTED_SUFFIX = ".age"
PASSPHRASE_VARIABLE = "COMPLAINTGEN_PASSPHRASE"

# Asks a person for the passphrase of `path`; `new` is true when the file is about to be
# encrypted for the first time, so that the prompt can ask twice. None: nobody to ask.
PassphraseSource = Callable[[Path, bool], str]
passphrase_source: PassphraseSource | None = None
# Passphrases that opened (or made) a file in this process, so that a command which reads a
# case and writes it back asks once, and writes with the passphrase that opened it.
_known_passphrases: dict[Path, str] = {}


def is_encrypted(path: Path) -> bool:
    return path.name.endswith(ENCRYPTED_SUFFIX)


def passphrase_for(path: Path, *, new: bool = False) -> str:
    """The passphrase of the encrypted file `path`; a one-line error if none can be had."""
    known = _known_passphrases.get(path.resolve())
    if known:
        return known
    given = os.environ.get(PASSPHRASE_VARIABLE)
    if given:
        return given
    if passphrase_source is None:
        raise said("passphrase.needed", path=path, variable=PASSPHRASE_VARIABLE)
    passphrase = passphrase_source(path, new)
    if not passphrase:
        raise said("passphrase.none", path=path)
    return passphrase


def remember_passphrase(path: Path, passphrase: str) -> None:
    _known_passphrases[path.resolve()] = passphrase


def read_text(path: Path) -> str:
    """The text of the case file at `path`, decrypted if it is encrypted; one line if it fails."""
    return read_text_and_newline(path)[0]


def read_text_and_newline(path: Path) -> tuple[str, str]:
    """`read_text`, and the line end the file uses ("\r\n", "\r" or "\n"), so that a command
    which writes the file back can keep it: an editor on Windows may show a file of "\n" lines
    as one line, and a diff of the user's file would mark every line changed."""
    data = raw_bytes(path)
    if is_encrypted(path):
        data = _decrypt(path, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise said("file.not_utf8", path=path) from None
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    # As reading in text mode would: Windows and old Mac line ends become "\n".
    return text.replace("\r\n", "\n").replace("\r", "\n"), newline


def raw_bytes(path: Path) -> bytes:
    """The bytes of the file as stored (ciphertext for an encrypted one); one line if it fails."""
    try:
        # Only a regular file, and only so much of it: /dev/zero or a FIFO never ends (regular).
        return read_regular(path, CASE_FILE_BYTES)
    except FileTooLarge as error:
        size, limit = megabytes(error.size), megabytes(CASE_FILE_BYTES)
        raise said("file.too_large", path=path, size=size, limit=limit) from None
    except NotRegularFile:
        raise said("file.not_regular", path=path) from None
    except ValueError:  # a NUL byte in the path
        raise said("file.bad_name", path=repr(str(path))) from None
    except FileNotFoundError:
        raise said("file.missing", path=path) from None
    except IsADirectoryError:
        raise said("file.is_folder", path=path) from None
    except OSError as error:
        raise said("file.unreadable", path=path, reason=error.strerror) from None


def _decrypt(path: Path, data: bytes) -> bytes:
    passphrase = passphrase_for(path)
    plain = age.decrypt(data, passphrase, path=path)
    remember_passphrase(path, passphrase)
    return plain


def _encrypt(path: Path, data: bytes) -> bytes:
    if path.exists() and path.resolve() not in _known_passphrases:
        # Prove the passphrase on the file before replacing it: a typo must not re-encrypt the
        # case under a passphrase nobody knows.
        read_text(path)
    passphrase = passphrase_for(path, new=not path.exists())
    ciphertext = age.encrypt(data, passphrase)
    remember_passphrase(path, passphrase)
    return ciphertext


def backup_path(path: Path) -> Path:
    """``CASE.yaml.bak``; ``CASE.yaml.bak.age`` for an encrypted file, which stays encrypted."""
    if is_encrypted(path):
        return path.with_name(path.name.removesuffix(ENCRYPTED_SUFFIX) + ".bak" + ENCRYPTED_SUFFIX)
    return path.with_name(path.name + ".bak")


def write_text(path: Path, text: str, *, backup: bool = False) -> Path:
    """Write the case file whole or not at all; with `backup`, keep the previous version.

    An encrypted file (``.age``) is encrypted in memory first, so no plaintext touches the disk.
    """
    data = text.encode("utf-8")
    if is_encrypted(path):
        data = _encrypt(path, data)
    # A case file that is a symbolic link (kept in a synced folder, say) is written where it
    # points: replacing the link with a file would leave the real case unchanged, and its
    # backup and temporary file belong beside the real file, in the folder the user chose.
    target = real_path(path)
    if backup and target.exists():
        write_atomic(backup_path(target), target.read_bytes())
    write_atomic(target, data)
    return path


def real_path(path: Path) -> Path:
    """`path` with its symbolic links followed (as far as they lead), else `path` itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


# How long a command waits for another one to finish with the same case file before it gives up.
LOCK_WAIT_SECONDS = 10.0
_LOCK_POLL_SECONDS = 0.05


def lock_path(path: Path) -> Path:
    """``CASE.yaml.lock``, beside the case file; it exists only while a command holds it."""
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the case file at `path` for one read-and-write; a one-line error if another command
    still holds it after `LOCK_WAIT_SECONDS`. Without POSIX locks (Windows) nothing is locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    lock = lock_path(real_path(path))  # one lock whichever link the file is reached by
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except FileNotFoundError:
            # No such folder, so no case file to change: reading it says so in its own words.
            yield
            return
        except OSError as error:
            raise said("lock.cannot", lock=lock, reason=error.strerror) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise said("lock.held", path=path, lock=lock) from None
            time.sleep(_LOCK_POLL_SECONDS)
            continue
        # The holder before us removes the lock file as it lets go: a lock taken on a file that
        # is no longer at that name holds nothing, so take the one there now.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)
        os.close(fd)
