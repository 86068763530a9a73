"""The `encrypt` and `decrypt` commands: a plain case file (and its backup) to age files and back;
and a whole packet as one encrypted file (``NAME.zip.age``, `build --encrypt`).

`encrypt_case_file` removes the plaintext copies only after the encrypted file, read back from
disk, decrypted to the same bytes. A packet is zipped and encrypted in memory: only ciphertext
reaches the disk, the temporary file included; `age -d NAME.zip.age | bsdtar -x` or
`complaintgen decrypt NAME.zip.age` gives the folder back.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from complaintgen.messages.language import said
from complaintgen.privacy import wipe
from complaintgen.storage import casestore
from complaintgen.storage.age import decrypt, encrypt
from complaintgen.storage.atomic import DIR_MODE, write_atomic, write_files

SUFFIX = casestore.ENCRYPTED_SUFFIX


@dataclass(frozen=True)
class Encrypted:
    """What `encrypt_case_file` did: the files written, and the plaintext files removed."""

    written: tuple[Path, ...]
    removed: tuple[Path, ...]


def plaintext_copies(path: Path) -> list[Path]:
    """The plain files `encrypt_case_file` replaces: the case file and its backup, if any."""
    if casestore.is_encrypted(path):
        raise said("encrypt.already", path=path)
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
        raise said("encrypt.exists", paths=existing)
    passphrase = casestore.passphrase_for(targets[path], new=True)
    for source, target in targets.items():
        write_atomic(target, encrypt(plain[source], passphrase))
        if decrypt(target.read_bytes(), passphrase, path=target) != plain[source]:
            raise said("encrypt.not_same", target=target, source=source)
    casestore.remember_passphrase(targets[path], passphrase)
    return Encrypted(tuple(targets.values()), tuple(wipe.wipe_files(sources)))


def decrypted_name(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(SUFFIX))


PACKET_SUFFIX = ".zip" + SUFFIX
# Every member gets this time, so that the same packet gives the same zip (as its files are
# byte-identical for the same case and date), and the zip says nothing of when it was made.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def encrypted_packet_name(folder: Path) -> Path:
    """``out/smirnov`` → ``out/smirnov.zip.age``."""
    return folder.with_name(folder.name + PACKET_SUFFIX)


def write_encrypted_packet(
    folder: Path, files: Mapping[str, bytes], passphrase: str, *, force: bool = False
) -> Path:
    """The packet as one age file beside where `folder` would be: a zip of ``NAME/<files>``,
    made and encrypted in memory. Refused if the file exists and `force` is not given."""
    target = encrypted_packet_name(folder)
    if target.exists() and not force:
        raise said("encrypt.target_exists", path=target)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            member = zipfile.ZipInfo(f"{folder.name}/{name}", date_time=_ZIP_TIME)
            member.external_attr = 0o600 << 16  # as on disk: readable by its owner only
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, data)
    try:
        target.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise said("encrypt.no_folder", path=target.parent, reason=error.strerror) from None
    write_atomic(target, encrypt(buffer.getvalue(), passphrase))
    casestore.remember_passphrase(target, passphrase)
    return target


def decrypt_packet(path: Path, *, output: Path | None = None, force: bool = False) -> Path:
    """Unpack an encrypted packet (``NAME.zip.age``) into a folder: ``NAME`` beside it, or
    `output`; written whole or not at all, and only names a packet can have."""
    folder = output if output is not None else path.with_name(path.name[: -len(PACKET_SUFFIX)])
    plain = decrypt(casestore.raw_bytes(path), casestore.passphrase_for(path), path=path)
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as archive:
            files = {}
            for member in archive.infolist():
                name = PurePosixPath(member.filename)
                # One folder of plain names: nothing that could land outside `folder`.
                if member.is_dir() or len(name.parts) != 2 or name.name.startswith("."):
                    raise said("decrypt.foreign_member", path=path, member=repr(member.filename))
                files[name.name] = archive.read(member)
    except zipfile.BadZipFile:
        raise said("decrypt.not_packet", path=path) from None
    write_files(folder, files, force=force)
    return folder


def decrypt_case_file(path: Path, *, output: Path | None = None, force: bool = False) -> Path:
    """Write the plain YAML of an encrypted case file beside it (or to `output`); keep the .age.
    An encrypted packet (``.zip.age``) is unpacked into a folder (`decrypt_packet`)."""
    if not casestore.is_encrypted(path):
        raise said("decrypt.not_age", path=path)
    if path.name.endswith(PACKET_SUFFIX):
        return decrypt_packet(path, output=output, force=force)
    target = output if output is not None else decrypted_name(path)
    if target.exists() and not force:
        raise said("decrypt.exists", path=target)
    text = casestore.read_text(path)
    return write_atomic(target, text.encode("utf-8"))
