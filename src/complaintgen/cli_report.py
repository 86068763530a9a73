"""What `build` tells the user at its end: what to do with the packet, in the case's language.

Thirty file names and an English note help nobody file a рапорт. By default the end of `build` is
a short «Что дальше»: the one file to print, how to sign and file it, the command that records
the filing (with the real path) and when the answer is due. `--verbose` lists every file as
well, `--quiet` says nothing but errors, `--json` gives a summary for scripts, and `--open`
opens the packet and the filing guide with the system's viewer.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from complaintgen import messages

if TYPE_CHECKING:
    from complaintgen.api import Written

# 01_vvk_report.pdf: a letter of the packet (not a copy, an inventory or a read-me).
_LETTER = re.compile(r"^(?!00_)\d\d_([a-z_]+)\.(pdf|docx)$")
PACKET = "00_packet.pdf"
GUIDE = "00_filing_guide.pdf"


def show_build(written: Written, *, verbose: bool, quiet: bool, as_json: bool, open_: bool) -> None:
    language = written.language if written.language in messages.LANGUAGES else "en"
    if as_json:
        click.echo(json.dumps(summary(written), ensure_ascii=False, indent=2))
    elif not quiet:
        if verbose:
            for path in written.paths:
                click.echo(str(path))
        for line in next_steps(written, language):
            click.echo(line)
        for note in written.notes:
            click.echo(messages.render("note", language, text=note), err=True)
    if open_:
        folder = _folder(written)
        for name in (PACKET, GUIDE):
            if folder is not None and (folder / name) in written.paths:
                problem = open_with_viewer(folder / name)
                if problem:
                    click.echo(
                        messages.render(
                            "next.no_viewer", language, path=folder / name, reason=problem
                        ),
                        err=True,
                    )


def documents(written: Written) -> list[str]:
    """The packet's letters by document id, in the packet's order."""
    found: list[str] = []
    for path in written.paths:
        match = _LETTER.match(path.name)
        if match and match[1] not in found:
            found.append(match[1])
    return found


def summary(written: Written) -> dict[str, object]:
    """The machine-readable end of `build` (`--json`)."""
    folder = _folder(written)
    packet = folder / PACKET if folder is not None else None
    return {
        "folder": str(folder) if folder is not None else None,
        "files": [str(path) for path in written.paths],
        "documents": documents(written),
        "packet": str(packet) if packet in written.paths else None,
        "pages": _pages(packet) if packet in written.paths else None,
        "answer_due_days": _answer_days(),
        "notes": list(written.notes),
    }


def next_steps(written: Written, language: str) -> list[str]:
    """«Что дальше»: what to print, sign, file and record, and when the answer is due."""
    folder = _folder(written)
    if folder is None:  # --encrypt: one file, to open before anything can be printed
        [path] = written.paths
        return [messages.render("next.encrypted", language, path=_arg(path))]
    ids = documents(written)
    lines = [
        messages.render(
            "next.done", language, documents=len(ids), files=len(written.paths), folder=folder
        ),
        messages.render("next.head", language),
    ]
    packet = folder / PACKET
    if packet in written.paths:
        lines.append(
            messages.render(
                "next.print", language, packet=packet, pages=_pages(packet), guide=folder / GUIDE
            )
        )
    else:
        lines.append(messages.render("next.print_docx", language))
    lines.append(messages.render("next.sign", language))
    answered = [doc for doc in ids if _answered(doc)]
    if answered and written.case is not None:
        day = "ГГГГ-ММ-ДД" if language == "ru" else "YYYY-MM-DD"
        command = (
            f"complaintgen record {_arg(written.case)} --document {answered[0]} "
            f"--sent {day} --channel in_person"
        )
        lines.append(messages.render("next.record", language, command=command))
        lines.append(
            messages.render(
                "next.answer",
                language,
                days=_answer_days(),
                cite=_answer_cite(language),
                case=_arg(written.case),
            )
        )
    return lines


def open_with_viewer(path: Path) -> str | None:
    """Open `path` with the system's viewer; the reason it could not, or None."""
    try:
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]  # Windows only
            return None
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        subprocess.Popen(  # a fixed program and our own file's path
            [opener, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return error.strerror or type(error).__name__
    return None


def _folder(written: Written) -> Path | None:
    folders = {path.parent for path in written.paths}
    if len(folders) != 1 or any(path.name.endswith(".age") for path in written.paths):
        return None
    return folders.pop()


def _pages(pdf: Path) -> int:
    from complaintgen.packet.pdfpages import count_pdf_pages

    return count_pdf_pages(pdf.read_bytes(), pdf.name)


def _answered(doc_id: str) -> bool:
    """Whether the document goes to a body that must answer it (not a consent or a summary)."""
    from complaintgen.law.deadlines import rules

    return rules().documents.get(doc_id) is not None


def _answer_days() -> int | None:
    from complaintgen.law.deadlines import rules

    return rules().periods["answer"].days


def _answer_cite(language: str) -> str:
    from complaintgen.law import registry
    from complaintgen.law.deadlines import rules

    citation = rules().periods["answer"].citation
    return registry.cite(citation, language, short=True) if citation else ""


def _arg(path: Path) -> str:
    """A path as it can be pasted into a shell."""
    return shlex.quote(str(path))
