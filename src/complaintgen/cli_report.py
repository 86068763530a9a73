"""What a command says when it is done, in the user's language: the «Что дальше» at the end of
`build`, the machine-readable summaries of `--json`, and opening the packet with `--open`.

`cli` stays thin: it picks how much to say (`--quiet`, `--verbose`, `--json`), this module says
it. Every sentence comes from the message catalog.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from complaintgen import api
from complaintgen.messages import render
from complaintgen.messages.language import user_language

PACKET = "00_packet.pdf"
GUIDE = "00_filing_guide.pdf"
# 01_vvk_report.pdf, 01_vvk_report.copy.docx → vvk_report
_DOCUMENT = re.compile(r"^\d\d_(?P<id>[a-z_]+?)(?:\.copy)?\.(?:pdf|docx|txt)$")


def documents(paths: tuple[Path, ...]) -> list[str]:
    """The document ids among the packet's files, in packet order, each once."""
    found = [m["id"] for path in paths if (m := _DOCUMENT.match(path.name))]
    skip = {"packet", "filing_guide", "read_me_first"}
    return [doc for i, doc in enumerate(found) if doc not in skip and doc not in found[:i]]


def build_summary(written: api.Written) -> dict[str, Any]:
    """The `--json` of `build`: paths, documents, the packet's pages and the answer periods."""
    from complaintgen.law.deadlines import rules

    packet = _packet(written)
    pages = None
    if packet is not None:
        from pypdf import PdfReader

        pages = len(PdfReader(packet).pages)
    table = rules()
    return {
        "folder": str(written.folder) if written.folder else None,
        "paths": [str(path) for path in written.paths],
        "documents": documents(written.paths),
        "packet": str(packet) if packet else None,
        "packet_pages": pages,
        "deadlines": {
            "registration_days": table["registration"].days,
            "answer_days": table["answer"].days,
            "court_claim_months": table["court_claim"].months,
        },
        "notes": list(written.notes),
    }


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _packet(written: api.Written) -> Path | None:
    return next((path for path in written.paths if path.name == PACKET), None)


def _guide(written: api.Written) -> Path | None:
    return next((path for path in written.paths if path.name == GUIDE), None)


def show_build(written: api.Written, *, verbose: bool) -> None:
    """The end of `build`: the notes, then what to print, sign, file and record, and when the
    answer is due; every file name only with `verbose`."""
    language = written.language
    say = _sayer(language)
    if verbose:
        for path in written.paths:
            click.echo(str(path))
    for note in written.notes:
        click.echo(say("build.note", note=note), err=True)
    if len(written.paths) == 1 and written.paths[0].name.endswith(".age"):
        click.echo(str(written.paths[0]))  # the one file, for scripts
        click.echo(say("build.encrypted", path=written.paths[0]), err=True)
        return
    folder = written.folder or (written.paths[0].parent if written.paths else Path())
    if not verbose:
        click.echo(say("build.files", count=len(written.paths), folder=folder))
    from complaintgen.law import registry
    from complaintgen.law.deadlines import rules

    table = rules()
    packet, guide = _packet(written), _guide(written)
    case = written.case or Path("case.yaml")
    lines = [
        "",
        say("build.next_head"),
        say("build.next_print", packet=packet)
        if packet
        else say("build.next_print_docx", folder=folder),
        say("build.next_sign"),
        say("build.next_file", guide=guide or folder / "00_read_me_first.docx"),
        say("build.next_record"),
        f"   complaintgen record {_quoted(case)} --document {_first(written)} "
        f"--sent {say('build.day_placeholder')} --channel post",
        say(
            "build.next_due",
            answer=table["answer"].days,
            answer_cite=registry.cite("fz59_art12", language, short=True),
            registration=table["registration"].days,
            registration_cite=registry.cite("fz59_art8", language, short=True),
            case=_quoted(case),
        ),
    ]
    click.echo("\n".join(lines))


def _first(written: api.Written) -> str:
    found = documents(written.paths)
    return found[0] if found else "vvk_report"


def _quoted(path: Path) -> str:
    """A path as the user types it in a shell: quoted if it has a space."""
    text = str(path)
    return f"'{text}'" if re.search(r"[\s'\"$`\\]", text) else text


def _sayer(language: str) -> Any:
    return lambda code, **params: render(code, language, **params)


def open_files(written: api.Written) -> None:
    """Open the packet and the filing guide with the system's viewer; no viewer is one line."""
    for path in (_packet(written), _guide(written)):
        if path is not None:
            _open(path, written.language)


def _open(path: Path, language: str) -> None:
    if sys.platform.startswith("win"):
        os.startfile(path)  # type: ignore[attr-defined]  # Windows only
        return
    viewer = shutil.which("open" if sys.platform == "darwin" else "xdg-open")
    if viewer is None:
        click.echo(render("build.no_viewer", language, path=path), err=True)
        return
    subprocess.Popen(  # the user's own viewer, on a file we wrote
        [viewer, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def language_of(lang: str | None = None) -> str:
    """The language of a command that has no case to follow: `--lang`, else the locale's."""
    return user_language(lang)
