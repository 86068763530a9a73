"""The command line: parse options, call one core function, print what was written.

This is the only module that imports click. The core is imported inside each command, so that
`complaintgen --help` does not pay for pydantic, Jinja or WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from complaintgen import __version__

CASE_ARG = click.argument("case", type=click.Path(path_type=Path, dir_okay=True))
DATE_OPTION = click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date printed on the documents (YYYY-MM-DD); overrides the case file's `date`.",
)


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a user's mistake into one line per problem on stderr and exit code 1."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from complaintgen.errors import ComplaintgenError

        try:
            return command(*args, **kwargs)
        except ComplaintgenError as error:
            click.echo(str(error), err=True)
            sys.exit(1)

    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="complaintgen")
def main() -> None:
    """Write the рапорт and complaints that demand a military medical board (ВВК)
    for a serviceman returned from captivity, as DOCX (to edit) and PDF (to print).

    \b
    Start from the bundled example:
      complaintgen validate examples/smirnov.yaml
      complaintgen build examples/smirnov.yaml -o out/smirnov

    Nothing is sent anywhere: the documents are files for you to print and file.
    """


@main.command()
@CASE_ARG
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the documents [default: a folder named after the case file].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "pdf", "txt", "both"]),
    default="both",
    show_default=True,
    help="DOCX to edit, PDF to print, plain text to paste into an online reception, or all.",
)
@DATE_OPTION
@click.option("--force", is_flag=True, help="Replace documents that already exist in the folder.")
@reports_errors
def build(case: Path, output: Path | None, fmt: str, date: dt.datetime | None, force: bool) -> None:
    """Make the documents of a case file.

    \b
    Example:
      complaintgen build examples/smirnov.yaml -o out/smirnov --date 2026-11-20

    Each file name carries its document id (01_vvk_report.docx, 01_vvk_report.pdf).
    """
    from complaintgen.casefile import load_case
    from complaintgen.errors import CaseError
    from complaintgen.output import write_files
    from complaintgen.packet import FORMATS, make_packet, packet_files

    try:
        loaded = load_case(case, date=date.date() if date else None, today=dt.date.today())
    except CaseError as error:
        more = len(error.problems) - 1
        if more:
            noun = "problem" if more == 1 else "problems"
            hint = f"(and {more} more {noun}: see `complaintgen validate {case}`)"
            raise CaseError([f"{error.problems[0]} {hint}"]) from None
        raise
    formats = FORMATS if fmt == "both" else (fmt,)
    packet = make_packet(loaded)
    files = packet_files(loaded, packet, formats)
    folder = output if output is not None else Path(case.stem)
    for path in write_files(folder, files, force=force):
        click.echo(str(path))
    for note in packet.notes:
        click.echo(f"note: {note}", err=True)


@main.command()
@CASE_ARG
@DATE_OPTION
@click.option(
    "--show-forms",
    is_flag=True,
    help="Also print the declined names, ranks and titles, to check before filing.",
)
@reports_errors
def validate(case: Path, date: dt.datetime | None, show_forms: bool) -> None:
    """Check a case file and report every problem at once, one line each.

    \b
    Example:
      complaintgen validate examples/smirnov.yaml --show-forms

    Wrong forms are corrected in the case file with a `declension:` mapping (see the example).
    """
    from complaintgen.casefile import load_case
    from complaintgen.packet import planned_documents

    loaded = load_case(case, date=date.date() if date else None, today=dt.date.today())
    documents, notes = planned_documents(loaded)
    click.echo(f"{case}: valid; documents: {', '.join(documents)}")
    for note in notes:
        click.echo(f"note: {note}")
    if show_forms:
        from complaintgen.rendering import declined_forms

        labels = {"nom": "кто", "gen": "кого", "dat": "кому", "ins": "кем"}
        for what, forms in declined_forms(loaded):
            click.echo(f"\n{what}")
            for short, form in forms.items():
                click.echo(f"  {labels[short]:5} {form}")


@main.command()
@click.option(
    "--status",
    type=click.Choice(["verified", "partial", "unverified"]),
    help="Only the citations with this status.",
)
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
@reports_errors
def citations(status: str | None, lang: str) -> None:
    """List the legal citations the documents use, with their source and verification status.

    \b
    Example:
      complaintgen citations --status unverified

    The registry is a data file a lawyer can correct: src/complaintgen/data/citations.yaml.
    """
    from complaintgen.registry import citations as registry

    for citation in registry().values():
        if status and citation.status != status:
            continue
        checked = citation.checked.isoformat() if citation.checked else "not checked"
        click.echo(f"{citation.key}  [{citation.status}, {checked}]")
        click.echo(f"  {citation.text(lang)}")
        for source in citation.source:
            click.echo(f"  source: {source}")
        if citation.note:
            click.echo(f"  note: {citation.note}")
