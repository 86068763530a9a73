"""Encrypted case files: the age format with a passphrase, through pyrage.

Why age (https://age-encryption.org/v1): a small, fully specified format with independent,
reviewed implementations (age in Go, rage in Rust, which pyrage binds), and no options to get
wrong. A file we write opens with the standard ``age -d`` command, and one written by ``age -p``
opens here, so a volunteer is never locked into complaintgen. The passphrase is stretched with
scrypt; rage picks the work factor so that it takes about a second where the file is encrypted
(2^19 on the 2-core machine this was measured on), and refuses files that would take far longer.
That second is paid on every read and every write of an encrypted case: it is what makes
guessing the passphrase slow.

This module is the codec alone (bytes in, bytes out). `storage.casestore` encrypts in memory and
writes the ciphertext atomically, so plaintext never reaches the disk there; the `encrypt` and
`decrypt` commands are in `privacy.encryption`.
"""

from __future__ import annotations

from pathlib import Path

from complaintgen.errors import ComplaintgenError

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
