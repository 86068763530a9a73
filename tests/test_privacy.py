"""Privacy, no data loss: encrypted cases, wipe, clean metadata, same bytes, full disks, no network.

Encryption costs about a second of scrypt per encrypt or decrypt (that is its point), so the
tests here do as few as they can.
"""

from __future__ import annotations

import errno
import functools
import io
import os
import pty
import re
import select
import shutil
import socket
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pypdf
import pytest
from click.testing import CliRunner

from complaintgen.case.casefile import load_case
from complaintgen.cli import main
from complaintgen.errors import ComplaintgenError
from complaintgen.packet.build import make_packet, packet_files
from complaintgen.storage import age as crypto
from complaintgen.storage import atomic as output
from complaintgen.storage import casestore
from complaintgen.writers import pdf_writer
from tests.conftest import DATE, EXAMPLES, ROOT, NetworkAccessError, need

SMIRNOV = EXAMPLES / "smirnov.yaml"
PASSPHRASE = "correct horse battery"
AGE_HEADER = b"age-encryption.org/v1\n"


@pytest.fixture(autouse=True)
def fresh_passphrases(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no passphrase known, none in the environment."""
    monkeypatch.setattr(casestore, "_known_passphrases", {})
    monkeypatch.delenv(casestore.PASSPHRASE_VARIABLE, raising=False)


@functools.cache
def sealed() -> bytes:
    """The example case encrypted to PASSPHRASE, made once: each encryption costs a second."""
    return crypto.encrypt(SMIRNOV.read_bytes(), PASSPHRASE)


def run(*args: str | Path, input: str | None = None, passphrase: str | None = None):
    env = {casestore.PASSPHRASE_VARIABLE: passphrase} if passphrase else {}
    return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env)


def one_line_error(result, *fragments: str) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = result.stderr.strip().splitlines()[-1]
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in message, result.stderr
    return message


def case_copy(tmp_path: Path, name: str = "smirnov.yaml") -> Path:
    path = tmp_path / name
    shutil.copyfile(SMIRNOV, path)
    return path


# Encrypted case files


def test_encrypt_build_decrypt_round_trip(tmp_path: Path) -> None:
    case = case_copy(tmp_path)
    original = case.read_bytes()
    casestore.backup_path(case).write_bytes(b"schema_version: 1\n# the previous version\n")

    # A new passphrase is asked twice, at the terminal.
    result = run("encrypt", case, "--yes", input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert result.exit_code == 0, result.output
    assert "New passphrase for" in result.stderr and "Repeat for confirmation" in result.stderr
    encrypted, backup = tmp_path / "smirnov.yaml.age", tmp_path / "smirnov.yaml.bak.age"
    assert result.stdout.split() == [str(encrypted), str(backup)]
    assert f"wiped {case}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([encrypted.name, backup.name])
    for path in (encrypted, backup):
        data = path.read_bytes()
        assert data.startswith(AGE_HEADER) and b"scrypt" in data
        assert "Смирнов".encode() not in data and b"schema_version" not in data
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    # Every command reads the encrypted file directly.
    built = run(
        "build", encrypted, "-o", tmp_path / "out", "--format", "docx", passphrase=PASSPHRASE
    )
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "01_vvk_report.docx").exists()

    result = run("decrypt", encrypted, passphrase=PASSPHRASE)
    assert result.exit_code == 0, result.output
    assert case.read_bytes() == original
    assert encrypted.exists(), "decrypt keeps the encrypted file"
    assert stat.S_IMODE(case.stat().st_mode) == 0o600
    again = run("decrypt", encrypted, passphrase=PASSPHRASE)
    one_line_error(again, "already exists", "--force")


def test_encrypt_asks_before_removing_anything_and_never_overwrites(tmp_path: Path) -> None:
    case = case_copy(tmp_path)
    declined = run("encrypt", case, input="n\n", passphrase=PASSPHRASE)
    assert declined.exit_code == 1
    assert f"  {case}\n" in declined.stderr and "nothing was changed" in declined.stderr
    assert [p.name for p in tmp_path.iterdir()] == [case.name]

    (tmp_path / "smirnov.yaml.age").write_bytes(b"an older encrypted copy")
    one_line_error(run("encrypt", case, "--yes", passphrase=PASSPHRASE), "already exists")
    assert (tmp_path / "smirnov.yaml.age").read_bytes() == b"an older encrypted copy"
    assert case.read_bytes() == SMIRNOV.read_bytes()
    one_line_error(run("encrypt", tmp_path / "smirnov.yaml.age", "--yes"), "already encrypted")
    one_line_error(run("decrypt", case), "not an encrypted case file")


def test_wrong_passphrase_is_one_line_and_leaves_the_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted = tmp_path / "case.yaml.age"
    encrypted.write_bytes(sealed())
    before = encrypted.read_bytes()

    message = one_line_error(run("validate", encrypted, passphrase="Correct horse battery"))
    assert message.startswith(f"{encrypted}: wrong passphrase; the file is unchanged")
    # Writing back with a wrong passphrase is refused before anything is written.
    monkeypatch.setenv(casestore.PASSPHRASE_VARIABLE, "wrong")
    with pytest.raises(ComplaintgenError, match="wrong passphrase"):
        casestore.write_text(encrypted, "schema_version: 1\n", backup=True)
    assert encrypted.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml.age"]


def test_passphrase_is_asked_at_the_terminal(tmp_path: Path) -> None:
    encrypted = tmp_path / "case.yaml.age"
    encrypted.write_bytes(sealed())
    result = run("validate", encrypted, input=PASSPHRASE + "\n")
    assert result.exit_code == 0, result.output
    assert f"Passphrase for {encrypted}" in result.stderr
    assert PASSPHRASE not in result.output + result.stderr, "the passphrase was echoed"
    # No terminal input and no variable: one line saying how to give it (in a new process, as
    # here once the passphrase this one learnt is forgotten).
    casestore._known_passphrases.clear()
    one_line_error(run("validate", encrypted, input=""), "no passphrase given", "COMPLAINTGEN_")


def test_writing_an_encrypted_case_never_puts_plaintext_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted = tmp_path / "case.yaml.age"
    encrypted.write_bytes(sealed())
    old = encrypted.read_bytes()
    written: list[bytes] = []

    def recording(path: Path, data: bytes) -> Path:
        written.append(data)
        return output.write_atomic(path, data)

    monkeypatch.setattr(casestore, "write_atomic", recording)
    monkeypatch.setenv(casestore.PASSPHRASE_VARIABLE, PASSPHRASE)
    text = casestore.read_text(encrypted)
    casestore.write_text(encrypted, text.replace("Смирнов", "Смирнoff"), backup=True)

    assert written and all(blob.startswith(AGE_HEADER) for blob in written)
    assert all("Смирн".encode() not in blob for blob in written)
    assert casestore.backup_path(encrypted).read_bytes() == old
    # Written with the passphrase it was opened with: a new process opens it with the same one.
    monkeypatch.setattr(casestore, "_known_passphrases", {})
    assert "Смирнoff" in casestore.read_text(encrypted)


def test_foreign_and_damaged_files_get_one_line(tmp_path: Path) -> None:
    import pyrage

    path = tmp_path / "case.yaml.age"
    with pytest.raises(ComplaintgenError, match=r"not an age-encrypted file.*remove \.age"):
        crypto.decrypt(SMIRNOV.read_bytes(), PASSPHRASE, path=path)
    key = pyrage.x25519.Identity.generate()
    for_key = pyrage.encrypt(b"schema_version: 1\n", [key.to_public()])
    with pytest.raises(ComplaintgenError, match=r"encrypted to an age key.*age -d -i"):
        crypto.decrypt(for_key, PASSPHRASE, path=path)
    good = sealed()
    with pytest.raises(ComplaintgenError, match="damaged"):
        crypto.decrypt(good[:-20], PASSPHRASE, path=path)


def _run_in_terminal(argv: list[str], answers: list[str]) -> int:
    """Run a program on a pseudo-terminal, typing `answers` at each passphrase prompt."""
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes the program
        os.execvp(argv[0], argv)
    typed = 0
    while select.select([fd], [], [], 60)[0]:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        if b"passphrase" in chunk.lower() and typed < len(answers):
            os.write(fd, answers[typed].encode() + b"\n")
            typed += 1
    os.close(fd)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_the_standard_age_tool_opens_our_files_and_we_open_its(tmp_path: Path) -> None:
    # No lock-in: a volunteer can always get the case back with `age -d`, without complaintgen.
    age = need("age")  # the standard age tool opens our files: no lock-in
    ours = tmp_path / "ours.yaml.age"
    ours.write_bytes(sealed())
    plain = tmp_path / "ours.yaml"
    assert _run_in_terminal([age, "-d", "-o", str(plain), str(ours)], [PASSPHRASE]) == 0
    assert plain.read_bytes() == SMIRNOV.read_bytes()

    theirs = tmp_path / "theirs.yaml.age"
    status = _run_in_terminal(
        [age, "-p", "-o", str(theirs), str(SMIRNOV)], [PASSPHRASE, PASSPHRASE]
    )
    assert status == 0
    assert crypto.decrypt(theirs.read_bytes(), PASSPHRASE, path=theirs) == SMIRNOV.read_bytes()


# Wipe


def _packet_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("01_vvk_report.pdf", "01_vvk_report.docx", "01_vvk_report.copy.pdf"):
        (folder / name).write_bytes(b"%PDF document of the case " * 40)
    (folder / ".01_vvk_report.pdf.x1y2z3ab.part").write_bytes(b"half a document")
    (folder / "00_packet.pdf").write_bytes(b"combined")
    return folder


def test_wipe_names_what_it_removes_and_removes_only_that(tmp_path: Path) -> None:
    case = case_copy(tmp_path)
    casestore.backup_path(case).write_text("old version", encoding="utf-8")
    (tmp_path / ".smirnov.yaml.k8d7s6a5.part").write_text("interrupted save", encoding="utf-8")
    folder = _packet_folder(tmp_path)
    # A person's own files in the same folders are not ours to touch, nor is a link's target.
    keep = [tmp_path / "notes.txt", folder / "01_scan.pdf", folder / "letter-from-unit.pdf"]
    for path in keep:
        path.write_text("mine", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_text("not ours", encoding="utf-8")
    (folder / "02_command_complaint.pdf").symlink_to(elsewhere)
    ours = [
        case,
        tmp_path / "smirnov.yaml.bak",
        tmp_path / ".smirnov.yaml.k8d7s6a5.part",
        folder / "00_packet.pdf",
        folder / "01_vvk_report.copy.pdf",
        folder / "01_vvk_report.docx",
        folder / "01_vvk_report.pdf",
        folder / ".01_vvk_report.pdf.x1y2z3ab.part",
    ]

    declined = run("wipe", case, "--outputs", folder, input="n\n")
    assert declined.exit_code == 1
    listed = [line.strip() for line in declined.stderr.splitlines() if line.startswith("  ")]
    assert listed == [str(path) for path in ours]
    assert "nothing was removed" in declined.stderr
    assert all(path.exists() for path in ours)

    confirmed = run("wipe", case, "--outputs", folder, input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert confirmed.stdout.splitlines() == [f"removed {path}" for path in ours]
    assert not any(path.exists() for path in ours)
    assert all(path.read_text(encoding="utf-8") == "mine" for path in keep)
    assert elsewhere.read_text(encoding="utf-8") == "not ours"
    assert (folder / "02_command_complaint.pdf").is_symlink()


def test_wipe_overwrites_the_bytes_before_unlinking(tmp_path: Path) -> None:
    # A second hard link keeps the inode alive after the unlink, so we can look at what the
    # wiped file's blocks hold now: random bytes of the same length, not the case.
    case = case_copy(tmp_path)
    original = case.read_bytes()
    witness = tmp_path / "witness"
    os.link(case, witness)
    result = run("wipe", case, "--yes")
    assert result.exit_code == 0, result.output
    assert not case.exists()
    now = witness.read_bytes()
    assert len(now) == len(original) and now != original
    assert "Смирнов".encode() not in now and b"schema_version" not in now
    assert [p.name for p in tmp_path.iterdir()] == ["witness"], "renamed copies left behind"


def test_wipe_of_what_is_not_there_is_one_line(tmp_path: Path) -> None:
    one_line_error(run("wipe", tmp_path / "none.yaml", "--yes"), "no such file")
    one_line_error(run("wipe", tmp_path, "--yes"), "is a folder")


def test_wipe_help_is_honest_about_ssds() -> None:
    text = " ".join(run("wipe", "--help").output.split())
    assert "SSDs" in text and "copy-on-write" in text and "Full-disk encryption" in text


# Clean metadata

CORE = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dcterms": "http://purl.org/dc/terms/",
}
# python-docx writes every core property; all but these stay empty.
CORE_FILLED = {
    "dc:title",
    "dc:language",
    "dcterms:created",
    "dcterms:modified",
    "cp:revision",
    "dc:identifier",  # the checksum of the text we wrote, to see a later edit (docx_writer)
}
CORE_EMPTY = {
    "dc:subject",
    "dc:creator",
    "cp:keywords",
    "dc:description",
    "cp:lastModifiedBy",
    "cp:category",
}


def _short(tag: str) -> str:
    namespace, local = tag[1:].split("}")
    return f"{next(k for k, v in CORE.items() if v == namespace)}:{local}"


def check_docx_metadata(data: bytes, title: str | None) -> None:
    """Every part and core property of a DOCX; `title` None: any non-empty title."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert not {"docProps/app.xml", "docProps/custom.xml"} & set(names)
        assert not [n for n in names if "thumbnail" in n]
        assert archive.comment == b""
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
            assert info.extra == b"" and info.comment == b"", info.filename
        for part in ("[Content_Types].xml", "_rels/.rels"):
            text = archive.read(part).decode()
            assert "app.xml" not in text and "custom.xml" not in text and "thumbnail" not in text
        core = ElementTree.fromstring(archive.read("docProps/core.xml"))
        settings = archive.read("word/settings.xml").decode()
    fields = {_short(child.tag): (child.text or "") for child in core}
    assert set(fields) == CORE_FILLED | CORE_EMPTY
    assert all(fields[name] == "" for name in CORE_EMPTY), fields
    assert fields["dc:title"] == title if title else fields["dc:title"]
    assert fields["dc:language"] in ("ru-RU", "en-GB")
    assert fields["dcterms:created"] == fields["dcterms:modified"] == "2026-11-20T00:00:00Z"
    assert fields["cp:revision"] == "1"
    assert re.fullmatch(r"complaintgen sha256:[0-9a-f]{64}", fields["dc:identifier"])
    assert "attachedTemplate" not in settings and "docVar" not in settings


XMP_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def xmp_fields(reader: pypdf.PdfReader) -> dict[str, str]:
    """Every property of the XMP packet, as {prefix:name: value}, attributes and elements alike."""
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    body = packet[packet.index("<x:xmpmeta") : packet.index("</x:xmpmeta>") + len("</x:xmpmeta>")]
    rdf = ElementTree.fromstring(body).find("rdf:RDF", XMP_NS)
    assert rdf is not None
    prefixes = {v: k for k, v in XMP_NS.items()}
    named = lambda tag: "{}:{}".format(prefixes[tag[1:].split("}")[0]], tag.split("}")[1])  # noqa: E731
    fields: dict[str, str] = {}
    for description in rdf.findall("rdf:Description", XMP_NS):
        for attribute, value in description.attrib.items():
            if attribute != f"{{{XMP_NS['rdf']}}}about":
                fields[named(attribute)] = value
        for child in description:
            fields[named(child.tag)] = "".join(child.itertext())
    return fields


def check_pdf_metadata(data: bytes, title: str | None, variant: str | None) -> pypdf.PdfReader:
    """The info dictionary, catalogue, trailer and XMP of a PDF; `title` None: any title."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    info = dict(reader.metadata or {})
    title = title or info.get("/Title")
    assert title
    assert info == {"/Title": title, "/CreationDate": "D:20261120", "/ModDate": "D:20261120"}
    root = reader.trailer["/Root"]
    allowed = {"/Type", "/Pages", "/Outlines", "/Lang"}
    allowed |= {
        None: set(),
        "pdf/a-2b": {"/OutputIntents", "/Metadata"},
        "pdf/ua-1": {"/StructTreeRoot", "/ViewerPreferences", "/MarkInfo", "/Metadata"},
    }[variant]
    assert set(root) <= allowed, set(root) - allowed
    assert set(reader.trailer) <= {"/Root", "/Info", "/ID", "/Size"}
    for leak in (b"WeasyPrint", b"pydyf", b"python", b"Producer", b"CreatorTool"):
        assert leak not in data
    if variant is None:
        assert "/Metadata" not in root
        return reader
    fields = xmp_fields(reader)
    expected = {"dc:title": title, "xmp:CreateDate": "2026-11-20", "xmp:ModifyDate": "2026-11-20"}
    expected |= (
        {"pdfaid:part": "2", "pdfaid:conformance": "B"}
        if variant == "pdf/a-2b"
        else {"pdfuaid:part": "1"}
    )
    assert fields == expected
    return reader


def test_every_metadata_field_of_every_file(tmp_path: Path) -> None:
    case = load_case(SMIRNOV, today=DATE)
    packet = make_packet(case)
    files = packet_files(case, packet, ("docx", "pdf"))
    titles = {
        packet.file_name(letter, extension): letter.title
        for letter in packet.letters
        for extension in ("docx", "pdf")
    }
    assert set(titles) <= set(files)
    for name, data in files.items():  # the letters, and whatever else the packet holds
        if name.endswith(".docx"):
            check_docx_metadata(data, titles.get(name))
        elif name.endswith(".pdf"):
            check_pdf_metadata(data, titles.get(name), None)


@pytest.mark.parametrize("variant", pdf_writer.PDF_VARIANTS)
def test_archival_and_accessible_pdf(variant: str, tmp_path: Path) -> None:
    result = run(
        "build", SMIRNOV, "-o", tmp_path, "--force", "--format", "pdf", "--pdf-variant", variant
    )
    assert result.exit_code == 0, result.output
    letter = make_packet(load_case(SMIRNOV, today=DATE)).letters[0]
    data = (tmp_path / "01_vvk_report.pdf").read_bytes()
    reader = check_pdf_metadata(data, letter.title, variant)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ru-RU"
    for page in reader.pages:  # every font embedded, as PDF/A and PDF/UA require
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]
    if variant == "pdf/a-2b":
        (intent,) = root["/OutputIntents"]
        intent = intent.get_object()
        assert intent["/S"] == "/GTS_PDFA1"
        assert "sRGB" in intent["/OutputConditionIdentifier"]
        profile = intent["/DestOutputProfile"].get_object()
        assert profile["/N"] == 3 and profile.get_data()[36:40] == b"acsp"  # an ICC profile
    else:
        assert bool(root["/MarkInfo"]["/Marked"])
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        assert "/StructTreeRoot" in root
    # The same letter and variant give the same bytes.
    assert pdf_writer.pdf_bytes(letter, date=DATE, variant=variant) == data


# The same bytes from two separate processes

_CHILD = """
import atexit, sys
from tests.conftest import install_network_guard
attempts = []
install_network_guard(attempts)
atexit.register(lambda: attempts and print("NETWORK ATTEMPT", attempts, file=sys.stderr))
from complaintgen.cli import main
main()
"""


def _build_in_a_new_process(folder: Path, **env: str) -> dict[str, bytes]:
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            "build",
            str(SMIRNOV),
            "-o",
            str(folder),
            "--date",
            "2026-11-20",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert "NETWORK ATTEMPT" not in completed.stderr
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_same_case_and_date_give_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    # Different hash seeds, time zones, locales and users: none of it may reach the files.
    first = _build_in_a_new_process(
        tmp_path / "a", PYTHONHASHSEED="1", TZ="Europe/Moscow", LANG="ru_RU.UTF-8", USER="first"
    )
    second = _build_in_a_new_process(
        tmp_path / "b", PYTHONHASHSEED="2", TZ="Asia/Vladivostok", LANG="C.UTF-8", USER="other"
    )
    assert {n for n in first if n.endswith((".docx", ".pdf"))} >= {
        "01_vvk_report.docx",
        "01_vvk_report.pdf",
    }
    different = [name for name in first if first[name] != second.get(name)]
    assert not different, f"not byte-identical across processes: {different}"


# No data loss when the disk fails


def _full_disk(monkeypatch: pytest.MonkeyPatch, where: str, after: int = 0) -> None:
    """Make the `after`+1-th write (its fsync, or its rename) fail as a full disk does."""
    original = getattr(os, where)
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(*args, **kwargs)

    monkeypatch.setattr(output.os, where, failing)


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_full_disk_during_build_keeps_the_previous_documents(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    assert run("build", SMIRNOV, "-o", folder, "--format", "docx").exit_code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    _full_disk(monkeypatch, where)
    result = run(
        "build", SMIRNOV, "-o", folder, "--format", "docx", "--force", "--date", "2026-12-01"
    )
    # output.failed in ru.yaml: the example case is Russian, so the refusal is too.
    message = one_line_error(
        result, "No space left on device", "не удалось записать", "ничего не заменено"
    )
    assert result.stderr.count("\n") == 1, result.stderr
    assert message.startswith(str(folder))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, "a file was touched"


def test_full_disk_while_saving_a_case_keeps_the_previous_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = case_copy(tmp_path)
    before = case.read_bytes()
    _full_disk(monkeypatch, "fsync", after=1)  # the backup is written, the case is not
    with pytest.raises(ComplaintgenError, match=r"No space left on device.*nothing was replaced"):
        casestore.write_text(case, "schema_version: 1\n", backup=True)
    assert case.read_bytes() == before
    assert casestore.backup_path(case).read_bytes() == before
    assert not list(tmp_path.glob(".*.part")), "a temporary file was left behind"


_KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from complaintgen.storage import casestore
os.fsync = lambda fd: time.sleep(600)  # a disk that never finishes: the kill comes first
casestore.write_text(Path(sys.argv[1]), "schema_version: 1\\n# the new version\\n", backup=False)
"""


def test_a_killed_save_leaves_the_previous_case_and_wipe_finds_the_leftover(
    tmp_path: Path,
) -> None:
    case = case_copy(tmp_path)
    before = case.read_bytes()
    child = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(case)], cwd=ROOT)
    try:
        for _ in range(600):  # wait (up to a minute) until the temporary file is being written
            if list(tmp_path.glob(".smirnov.yaml.*.part")) or child.poll() is not None:
                break
            time.sleep(0.1)
        assert child.poll() is None, "the writer ended before it could be killed"
    finally:
        child.kill()
        child.wait()
    assert case.read_bytes() == before
    (leftover,) = tmp_path.glob(".smirnov.yaml.*.part")
    listed = run("wipe", case, input="n\n").stderr
    assert f"  {leftover}\n" in listed


# No network


def test_the_network_guard_refuses_sockets_but_not_unix_ones(
    no_network: list[str], tmp_path: Path
) -> None:
    with pytest.raises(NetworkAccessError):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.org", 443)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, pytest.raises(NetworkAccessError):
        udp.sendto(b"x", ("127.0.0.1", 9))
    assert len(no_network) == 3
    no_network.clear()  # seen; the guard would otherwise fail this test at teardown

    left, right = socket.socketpair()  # what subprocess pipes and LibreOffice's IPC are made of
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s"))
    assert not no_network


def test_the_pdf_fetcher_refuses_before_any_socket_is_opened(no_network: list[str]) -> None:
    fetcher = pdf_writer._fetcher()
    for url in ("http://127.0.0.1:9/x.css", "https://example.org/f.ttf", "ftp://example.org/"):
        with pytest.raises(ValueError, match="fetches nothing but its own fonts"):
            fetcher.fetch(url)
    assert not no_network


def test_readme_says_what_the_metadata_holds() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    privacy = readme[readme.index("## Privacy") :]
    for words in ("complaintgen encrypt", "age -d", "complaintgen wipe", "full-disk encryption"):
        assert re.search(re.escape(words), privacy, re.IGNORECASE), words


def test_wipe_finds_the_read_me_and_the_follow_ups(tmp_path: Path) -> None:
    # Follow-ups and the read-me hold names and health data like the letters: `wipe --outputs`
    # must list them, and still leave a person's own files alone.
    from complaintgen.privacy.wipe import documents_in

    folder = tmp_path / "out"
    folder.mkdir()
    ours = [
        "00_read_me_first.pdf",
        "followup_01_vvk_report_higher_commander.docx",
        "followup_01_vvk_report_higher_commander.pdf",
        "followup_read_me_first.pdf",
    ]
    for name in [*ours, "followup-notes.txt", "my_followup.pdf"]:
        (folder / name).write_text("x", encoding="utf-8")
    assert [path.name for path in documents_in(folder)] == ours


def test_wipe_finds_the_temporaries_of_a_packet_killed_in_its_first_write(tmp_path: Path) -> None:
    # A build killed before any rename leaves only «.01_vvk_report.pdf.<random>.part» files,
    # full of names and diagnoses, and no 01_vvk_report.pdf: wipe must find them all the same,
    # and the lock file `record` leaves beside the case, whose name is the case's.
    case = case_copy(tmp_path)
    folder = tmp_path / "smirnov"
    folder.mkdir()
    temporaries = [
        Path(output._written_beside(folder / name, b"%PDF- health data"))
        for name in ("01_vvk_report.pdf", "00_packet.pdf", "followup_read_me_first.pdf")
    ]
    mine = Path(output._written_beside(folder / "my_notes.txt", b"the lawyer's"))
    lock = casestore.lock_path(case)
    lock.touch()
    case_temp = Path(output._written_beside(case, b"serviceman: ..."))
    listed = run("wipe", case, "--outputs", folder, input="n\n").stderr
    for path in (*temporaries, lock, case_temp):
        assert f"  {path}\n" in listed, listed
    assert str(mine) not in listed
    result = run("wipe", case, "--outputs", folder, "--yes")
    assert result.exit_code == 0, result.output
    assert [p.name for p in folder.iterdir()] == [mine.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["smirnov"]


# An encrypted packet


def test_build_encrypt_writes_one_age_file_that_age_and_decrypt_open(tmp_path: Path) -> None:
    # The volunteer's laptop: no document in the clear, not even as a temporary file, and the
    # standard tools get the folder back.
    case = tmp_path / "case" / "smirnov.yaml.age"
    case.parent.mkdir()
    case.write_bytes(sealed())
    out = tmp_path / "out" / "smirnov"
    result = run("build", case, "-o", out, "--date", DATE, "--format", "pdf", "--encrypt",
                 passphrase=PASSPHRASE)  # fmt: skip
    assert result.exit_code == 0, result.output
    packed = tmp_path / "out" / "smirnov.zip.age"
    assert result.stdout.strip() == str(packed)
    assert [p.name for p in (tmp_path / "out").iterdir()] == [packed.name]  # nothing else
    assert packed.read_bytes().startswith(AGE_HEADER)
    assert stat.S_IMODE(packed.stat().st_mode) == 0o600

    age = need("age")
    plain_zip = tmp_path / "plain.zip"
    assert _run_in_terminal([age, "-d", "-o", str(plain_zip), str(packed)], [PASSPHRASE]) == 0
    with zipfile.ZipFile(plain_zip) as archive:
        names = archive.namelist()
        assert "smirnov/01_vvk_report.pdf" in names
        assert all(name.startswith("smirnov/") for name in names)
        assert archive.read("smirnov/01_vvk_report.pdf").startswith(b"%PDF")

    again = run("build", case, "-o", out, "--date", DATE, "--format", "pdf", "--encrypt",
                passphrase=PASSPHRASE)  # fmt: skip
    one_line_error(again, "already exists; use --force")

    unpacked = run("decrypt", packed, passphrase=PASSPHRASE)
    assert unpacked.exit_code == 0, unpacked.output
    folder = tmp_path / "out" / "smirnov"
    assert sorted(p.name for p in folder.iterdir()) == sorted(n.split("/")[1] for n in names)
    assert (folder / "01_vvk_report.pdf").read_bytes() == zipfile.ZipFile(plain_zip).read(
        "smirnov/01_vvk_report.pdf"
    )


def test_decrypt_refuses_a_zip_that_could_write_outside_its_folder(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("smirnov/../../evil.txt", b"x")
    packed = tmp_path / "smirnov.zip.age"
    packed.write_bytes(crypto.encrypt(buffer.getvalue(), PASSPHRASE))
    one_line_error(run("decrypt", packed, passphrase=PASSPHRASE), "which no packet has")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["smirnov.zip.age"]
