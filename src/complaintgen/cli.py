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
    from complaintgen.storage import casestore

    # An encrypted case file (.age) asks for its passphrase here, unless COMPLAINTGEN_PASSPHRASE
    # gives it.
    casestore.passphrase_source = _ask_passphrase


def _ask_passphrase(path: Path, new: bool) -> str:
    from complaintgen.errors import ComplaintgenError

    prompt = f"New passphrase for {path}" if new else f"Passphrase for {path}"
    try:
        return str(click.prompt(prompt, hide_input=True, confirmation_prompt=new, err=True))
    except click.Abort:
        raise ComplaintgenError(
            f"{path}: no passphrase given; type it when asked, or set COMPLAINTGEN_PASSPHRASE"
        ) from None


def _confirmed(question: str) -> bool:
    """A yes/no question on the terminal; no answer (end of input, Ctrl-C) is no."""
    try:
        return click.confirm(question, default=False, err=True)
    except click.Abort:
        click.echo(err=True)
        return False


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
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/a-2b", "pdf/ua-1"]),
    help="Archival PDF/A-2b or accessible PDF/UA-1 [default: plain PDF, which every viewer "
    "and portal takes; the variants are not checked by a validator].",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of your own templates (ru/<document>.xml.j2), used before the built-in ones.",
)
@reports_errors
def build(
    case: Path,
    output: Path | None,
    fmt: str,
    date: dt.datetime | None,
    force: bool,
    pdf_variant: str | None,
    templates: Path | None,
) -> None:
    """Make the documents of a case file.

    \b
    Example:
      complaintgen build examples/smirnov.yaml -o out/smirnov --date 2026-11-20

    Each file name carries its document id (01_vvk_report.docx, 01_vvk_report.pdf).
    """
    from complaintgen.case.casefile import load_case
    from complaintgen.errors import CaseError
    from complaintgen.packet.plan import FORMATS, make_packet, packet_files
    from complaintgen.storage.atomic import write_files

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
    packet = make_packet(loaded, templates=templates)
    files = packet_files(loaded, packet, formats, pdf_variant=pdf_variant)
    # «smirnov.yaml» and «smirnov.yaml.age» both default to the folder «smirnov».
    folder = output if output is not None else Path(Path(case.name.removesuffix(".age")).stem)
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
    from complaintgen.case.casefile import load_case
    from complaintgen.packet.plan import planned_documents

    loaded = load_case(case, date=date.date() if date else None, today=dt.date.today())
    documents, notes = planned_documents(loaded)
    click.echo(f"{case}: valid; documents: {', '.join(documents)}")
    if loaded.upgraded:
        from complaintgen.case.migrate import upgrade_note

        click.echo(upgrade_note(case, loaded.schema_version))
    for note in notes:
        click.echo(f"note: {note}")
    if show_forms:
        from complaintgen.render.rendering import declined_forms

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

    The registry is a data file a lawyer can correct: src/complaintgen/law/data/citations.yaml.
    """
    from complaintgen.law.registry import citations as registry

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


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for the packets: one sub-folder per client, plus register.csv.",
)
@click.option(
    "--jobs", type=click.IntRange(min=1), help="Worker processes [default: one per core]."
)
@click.option(
    "--register-start",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="First outgoing number (исх. №) in register.csv.",
)
@DATE_OPTION
@click.option("--force", is_flag=True, help="Replace packet folders that already exist.")
@reports_errors
def batch(
    source: Path,
    output: Path,
    jobs: int | None,
    register_start: int,
    date: dt.datetime | None,
    force: bool,
) -> None:
    """Make packets for many clients: a folder of case files, or a CSV/XLSX with one row each.

    \b
    Example:
      complaintgen batch clients.csv -o out/ --register-start 101

    Spreadsheet columns are case-file field paths (serviceman.surname, unit.number,
    health.conditions[0].description, …); see docs/batch.md. A case that fails does not stop
    the others: it is listed in failures.csv, and the exit code is 1.
    """
    import os
    import time

    from complaintgen.batch.run import jobs_from, run, write_reports

    work = jobs_from(source)
    if any(job.path and job.path.endswith(".age") for job in work):
        # Workers cannot ask: one passphrase, asked here once, opens every encrypted case.
        from complaintgen.storage import casestore

        if not os.environ.get(casestore.PASSPHRASE_VARIABLE):
            passphrase = click.prompt("Passphrase of the encrypted cases", hide_input=True)
            os.environ[casestore.PASSPHRASE_VARIABLE] = passphrase
    workers = min(jobs or os.cpu_count() or 1, len(work))
    today = dt.date.today()
    started, outcomes = time.monotonic(), []
    interactive = sys.stderr.isatty()
    for outcome in run(
        work, output, workers=workers, today=today, date=date.date() if date else None, force=force
    ):
        outcomes.append(outcome)
        if interactive:
            done = len(outcomes)
            failed = sum(o.error is not None for o in outcomes)
            eta = (time.monotonic() - started) / done * (len(work) - done)
            click.echo(
                f"\r{done}/{len(work)} done, {failed} failed, ETA {eta:.0f} s ", nl=False, err=True
            )
    if interactive:
        click.echo(err=True)
    reports = write_reports(output, outcomes, start=register_start)
    failed = [o for o in outcomes if o.error is not None]
    for path in reports:
        click.echo(str(path))
    click.echo(f"{len(outcomes) - len(failed)} packets written to {output}", err=True)
    if failed:
        click.echo(
            f"{len(failed)} of {len(outcomes)} cases failed: see {output / 'failures.csv'}",
            err=True,
        )
        sys.exit(1)


class _Console:
    """The questionnaire's two operations on a terminal; Ctrl-C or end of input stops it."""

    def ask(self, prompt: str, default: str) -> str:
        try:
            return click.prompt(prompt, default=default, show_default=bool(default))
        except click.Abort:
            raise KeyboardInterrupt from None  # the core says what was saved and how to resume

    def say(self, text: str) -> None:
        click.echo(text)


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["ru", "en"]),
    default="ru",
    show_default=True,
    help="Language of the questions (the documents' language is one of the questions).",
)


@main.command()
@click.argument("case", type=click.Path(path_type=Path, dir_okay=False), default="case.yaml")
@LANG_OPTION
@click.option("--force", is_flag=True, help="Start again over a finished case file (kept as .bak).")
@reports_errors
@click.pass_context
def new(ctx: click.Context, case: Path, lang: str, force: bool) -> None:
    """Answer questions, section by section, and get a case file: no YAML to write.

    \b
    Example:
      complaintgen new smirnov.yaml

    Answers are saved after each section; run the same command again to continue.
    At the end it shows every answer and the documents, and offers to make them.
    """
    from complaintgen.interview.questionnaire import new_case

    if new_case(case, _Console(), language=lang, today=dt.date.today(), force=force):
        ctx.invoke(build, case=case)


@main.command()
@click.argument("case", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--section",
    # questionnaire.SECTIONS, spelled out so that `--help` imports no core module;
    # tests/test_questionnaire.py checks the two lists agree.
    type=click.Choice(
        [
            "serviceman",
            "unit",
            "captivity",
            "health",
            "after_return",
            "representative",
            "addressees",
            "attachments",
            "filings",
            "options",
        ]
    ),
    help="The section to answer again [default: asked].",
)
@LANG_OPTION
@reports_errors
@click.pass_context
def edit(ctx: click.Context, case: Path, section: str | None, lang: str) -> None:
    """Answer one section of a case file again, with the old answers as defaults.

    \b
    Example:
      complaintgen edit smirnov.yaml --section health

    Every other section stays as it was; the previous file is kept as CASE.bak.
    """
    from complaintgen.interview.questionnaire import edit_case

    if edit_case(case, _Console(), section=section, language=lang, today=dt.date.today()):
        ctx.invoke(build, case=case)


@main.command()
@click.argument("case", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help="Remove the plain file without asking.")
@click.option("--force", is_flag=True, help="Replace an existing CASE.age.")
@reports_errors
def encrypt(case: Path, yes: bool, force: bool) -> None:
    """Encrypt a case file with a passphrase, then wipe the plain file.

    \b
    Example:
      complaintgen encrypt smirnov.yaml        # writes smirnov.yaml.age

    Every command reads smirnov.yaml.age directly, asking for the passphrase (or taking it from
    COMPLAINTGEN_PASSPHRASE). The format is age: the standard `age -d` opens the file too. The
    plain file and its .bak are overwritten and deleted only after the encrypted file was read
    back and decrypted.
    """
    from complaintgen.privacy.encryption import encrypt_case_file, plaintext_copies

    plain = plaintext_copies(case)
    if not yes:
        click.echo("After encryption, these plain files will be overwritten and deleted:", err=True)
        for path in plain:
            click.echo(f"  {path}", err=True)
        if not _confirmed("Continue?"):
            click.echo("nothing was changed", err=True)
            sys.exit(1)
    done = encrypt_case_file(case, force=force)
    for path in done.written:
        click.echo(str(path))
    for path in done.removed:
        click.echo(f"wiped {path}", err=True)


@main.command()
@click.argument("case", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the YAML [default: the case file's name without .age].",
)
@click.option("--force", is_flag=True, help="Replace the YAML file if it exists.")
@reports_errors
def decrypt(case: Path, output: Path | None, force: bool) -> None:
    """Write the plain YAML of an encrypted case file; the .age file is kept.

    \b
    Example:
      complaintgen decrypt smirnov.yaml.age    # writes smirnov.yaml

    The YAML is readable by you only (0600), but it is plain text on the disk: when done,
    `complaintgen wipe smirnov.yaml` removes it.
    """
    from complaintgen.privacy.encryption import decrypt_case_file

    click.echo(str(decrypt_case_file(case, output=output, force=force)))


@main.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option(
    "--outputs",
    type=click.Path(path_type=Path, file_okay=False),
    help="Documents folder to clear too: only the files complaintgen named (01_vvk_report.pdf…).",
)
@click.option("--yes", is_flag=True, help="Remove without asking.")
@reports_errors
def wipe(case: Path, outputs: Path | None, yes: bool) -> None:
    """Overwrite with random bytes, then delete, a case file, its backup and its documents.

    \b
    Example:
      complaintgen wipe smirnov.yaml --outputs smirnov

    What this cannot promise: SSDs and flash drives, journaling and copy-on-write filesystems
    (ext4 journal, btrfs, ZFS, APFS), backups and cloud sync may keep old copies whatever is
    overwritten. Full-disk encryption is the real protection.
    """
    from complaintgen.privacy.wipe import documents_in, wipe_files, wipe_plan

    plan = wipe_plan(case, outputs)
    click.echo("To be overwritten and deleted:", err=True)
    for path in plan:
        click.echo(f"  {path}", err=True)
    default = Path(Path(case.name.removesuffix(".age")).stem)  # where `build` writes by default
    if outputs is None and documents_in(default):
        click.echo(f"note: {default} holds documents too; add --outputs {default}", err=True)
    if not yes and not _confirmed(f"Remove these {len(plan)} files?"):
        click.echo("nothing was removed", err=True)
        sys.exit(1)
    for path in wipe_files(plan, folder=outputs):
        click.echo(f"removed {path}")


DAY = click.DateTime(formats=["%Y-%m-%d"])
TODAY_OPTION = click.option(
    "--today", type=DAY, help="Today's date (YYYY-MM-DD), to check and count from [default: today]."
)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


@main.command()
@CASE_ARG
@click.option("--document", required=True, help="The document id: vvk_report, … (see docs).")
@click.option("--sent", type=DAY, required=True, help="The day it was sent or handed in.")
@click.option("--channel", type=click.Choice(["in_person", "post", "online"]))
@click.option("--tracking", help="The postal tracking number (почтовый идентификатор).")
@click.option("--reference", help="The incoming number it got («вх. № 12»).")
@click.option("--delivered-on", type=DAY, help="Delivery date on the return receipt.")
@click.option("--answer-on", type=DAY, help="The day the answer arrived.")
@click.option("--answer", help="What the answer said, in a few words.")
@TODAY_OPTION
@reports_errors
def record(case: Path, document: str, sent: dt.datetime, **more: Any) -> None:
    """Record a filing, or its answer, in the case file (the previous version kept as .bak).

    \b
    Example:
      complaintgen record examples/smirnov.yaml --document prosecutor_complaint \\
          --sent 2026-11-20 --channel post --tracking 30500012345678

    Recording the same document and date again updates that entry (--answer-on, --answer).
    Comments and layout of the case file are kept.
    """
    from complaintgen.tracking.filings import Entry, record_filing

    today = _day(more.pop("today")) or dt.date.today()
    for key in ("delivered_on", "answer_on"):
        more[key] = _day(more[key])
    entry = Entry(document=document, sent_on=sent.date(), **more)
    click.echo(record_filing(case, entry, today=today).message())


@main.command()
@CASE_ARG
@TODAY_OPTION
@click.option("--ics", type=click.Path(path_type=Path), help="Also write reminders (.ics).")
@click.option("--force", is_flag=True, help="Replace an existing --ics file.")
@reports_errors
def status(case: Path, today: dt.datetime | None, ics: Path | None, force: bool) -> None:
    """Show each filing's answer due date, what is overdue and the next step.

    \b
    Example:
      complaintgen status examples/smirnova_mother.yaml --today 2026-11-20 --ics deadlines.ics

    Exit code 0: nothing overdue; 3: an answer is overdue and its next step (a follow-up, or
    court) is not taken yet; 1: a mistake in the case file.
    """
    from complaintgen.tracking.filings import status as case_status

    day = _day(today) or dt.date.today()
    report = case_status(case, today=day, ics=ics, force=force)
    click.echo(report.table, nl=False)
    if report.calendar is not None:
        click.echo(f"reminders: {report.calendar}", err=True)
    if report.needs_action:
        sys.exit(3)


@main.command()
@CASE_ARG
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the letters [default: a folder named after the case file].",
)
@click.option("--refused", type=int, multiple=True, help="Filing # whose answer refused.")
@TODAY_OPTION
@click.option("--force", is_flag=True, help="Replace letters that already exist.")
@reports_errors
def followup(
    case: Path,
    output: Path | None,
    refused: tuple[int, ...],
    today: dt.datetime | None,
    force: bool,
) -> None:
    """Write the next complaint up the ladder for each overdue (or refused) filing.

    \b
    Example:
      complaintgen followup examples/smirnova_mother.yaml -o out/followups --today 2026-11-20

    Files: followup_<NN>_<document>_<body>.docx/.pdf (NN is the # of complaintgen status).
    """
    from complaintgen.tracking.followup import followup_case

    folder = output if output is not None else Path(case.stem)
    day = _day(today) or dt.date.today()
    done = followup_case(case, folder, today=day, refused=refused, force=force)
    for path in done.paths:
        click.echo(str(path))
    for note in done.notes:
        click.echo(f"note: {note}", err=True)
