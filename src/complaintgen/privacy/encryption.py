"""The `encrypt` and `decrypt` commands: a plain case file (and its backup) to age files and back.

`encrypt_case_file` removes the plaintext copies only after the encrypted file, read back from
disk, decrypted to the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from complaintgen.errors import ComplaintgenError
from complaintgen.privacy import wipe
from complaintgen.storage import casestore
from complaintgen.storage.age import decrypt, encrypt
from complaintgen.storage.atomic import write_atomic

SUFFIX = casestore.ENCRYPTED_SUFFIX


@dataclass(frozen=True)
class Encrypted:
    """What `encrypt_case_file` did: the files written, and the plaintext files removed."""

    written: tuple[Path, ...]
    removed: tuple[Path, ...]


def plaintext_copies(path: Path) -> list[Path]:
    """The plain files `encrypt_case_file` replaces: the case file and its backup, if any."""
    if casestore.is_encrypted(path):
        raise ComplaintgenError(f"{path}: already encrypted; nothing to do")
    casestore.read_text(path)  # a clear line now if it is missing, a folder or not text
    backup = casestore.backup_path(path)
    return [path] + ([backup] if backup.is_file() else [])


def encrypted_name(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def encrypt_case_file(path: Path, *, force: bool = False) -> Encrypted:
    """Encrypt `path` (and its backup) to ``.age`` files, verify them, then wipe the plaintext.

    The passphrase is asked for once, with confirmation (see `casestore.passphrase_for`).
    Nothing is removed unless every encrypted file, read back from disk, decrypts to the bytes
    it replaces.
    """
    sources = plaintext_copies(path)
    # The exact bytes (line ends, a BOM) are what gets encrypted, and compared after.
    plain = {source: casestore.raw_bytes(source) for source in sources}
    targets = {path: encrypted_name(path)}
    if len(sources) > 1:
        targets[sources[1]] = casestore.backup_path(targets[path])
    existing = [str(t) for t in targets.values() if t.exists()]
    if existing and not force:
        raise ComplaintgenError(f"{', '.join(existing)} already exists; use --force to replace it")
    passphrase = casestore.passphrase_for(targets[path], new=True)
    for source, target in targets.items():
        write_atomic(target, encrypt(plain[source], passphrase))
        if decrypt(target.read_bytes(), passphrase, path=target) != plain[source]:
            raise ComplaintgenError(f"{target}: did not decrypt to the original; {source} was kept")
    casestore.remember_passphrase(targets[path], passphrase)
    return Encrypted(tuple(targets.values()), tuple(wipe.wipe_files(sources)))


def decrypted_name(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(SUFFIX))


def decrypt_case_file(path: Path, *, output: Path | None = None, force: bool = False) -> Path:
    """Write the plain YAML of an encrypted case file beside it (or to `output`); keep the .age."""
    if not casestore.is_encrypted(path):
        raise ComplaintgenError(f"{path}: not an encrypted case file (its name ends without .age)")
    target = output if output is not None else decrypted_name(path)
    if target.exists() and not force:
        raise ComplaintgenError(
            f"{target}: already exists; use --force to replace it, or -o for another file"
        )
    text = casestore.read_text(path)
    return write_atomic(target, text.encode("utf-8"))
