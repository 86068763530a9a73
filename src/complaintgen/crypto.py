"""Encrypted case files: the age format with a passphrase, through pyrage.

Why age (https://age-encryption.org/v1): a small, fully specified format with independent,
reviewed implementations (age in Go, rage in Rust, which pyrage binds), and no options to get
wrong. A file we write opens with the standard ``age -d`` command, and one written by ``age -p``
opens here, so a volunteer is never locked into complaintgen. The passphrase is stretched with
scrypt; rage picks the work factor so that it takes about a second where the file is encrypted
(2^19 on the 2-core machine this was measured on), and refuses files that would take far longer.
That second is paid on every read and every write of an encrypted case: it is what makes
guessing the passphrase slow.

Plaintext never reaches the disk here: `casestore` encrypts in memory and writes the ciphertext
atomically; `encrypt_case_file` removes the plaintext copies only after the encrypted file, read
back from disk, decrypted to the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from complaintgen import casestore
from complaintgen.errors import ComplaintgenError
from complaintgen.output import write_atomic

SUFFIX = casestore.ENCRYPTED_SUFFIX
_MAGIC = b"age-encryption.org/v1\n"
_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"


def encrypt(plaintext: bytes, passphrase: str) -> bytes:
    """`plaintext` as an age file encrypted to `passphrase` (scrypt recipient)."""
    import pyrage

    if not passphrase:
        raise ComplaintgenError("the passphrase is empty; choose one you can remember")
    return pyrage.passphrase.encrypt(plaintext, passphrase)  # type: ignore[no-any-return]


def decrypt(ciphertext: bytes, passphrase: str, *, path: Path) -> bytes:
    """The plaintext of an age file; one line saying what went wrong otherwise."""
    import pyrage

    _check_header(ciphertext, path)
    try:
        return pyrage.passphrase.decrypt(ciphertext, passphrase)  # type: ignore[no-any-return]
    except pyrage.DecryptError as error:
        raise ComplaintgenError(_explain(str(error), ciphertext, path)) from None


def _check_header(data: bytes, path: Path) -> None:
    if not (data.startswith(_MAGIC) or data.lstrip().startswith(_ARMOR)):
        raise ComplaintgenError(
            f"{path}: not an age-encrypted file (it does not start with "
            "«age-encryption.org/v1»); if it holds plain YAML, remove .age from its name"
        )


def _explain(reason: str, data: bytes, path: Path) -> str:
    # rage's messages, as pyrage passes them on, mapped to what the user can do about each.
    if reason == "Decryption failed":
        return (
            f"{path}: wrong passphrase; the file is unchanged. Try again (is the keyboard "
            "layout Latin or Cyrillic?), or set COMPLAINTGEN_PASSPHRASE"
        )
    if reason.startswith("Excessive work"):
        return (
            f"{path}: the passphrase's scrypt work factor is far above what this machine "
            "handles in reasonable time; decrypt it where it was encrypted"
        )
    if reason == "No matching keys found" and b"\n-> scrypt " not in data[:4096]:
        return (
            f"{path}: encrypted to an age key, not a passphrase; decrypt it with "
            "`age -d -i KEYFILE` first"
        )
    return f"{path}: the encrypted file is damaged ({reason}); restore it from a copy"


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
    from complaintgen import wipe

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
