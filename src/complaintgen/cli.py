"""The command line: parse options, call one `complaintgen.api` function, print what was written.

This module and `cli_options` are the only ones that import click. A user's mistake arrives as a
`ComplaintgenError`; `_Commands.invoke` prints it and exits with its `exit_code`, for every
command in one place. `api` imports the stage packages inside its functions, so that
`complaintgen --help` does not pay for pydantic, Jinja or WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

import click

from complaintgen import __version__, api, messages
from complaintgen import cli_options as ui
from complaintgen import cli_report as report
from complaintgen.errors import AnswerOverdue, ComplaintgenError


class _Commands(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a user's mistake becomes its message on stderr and its exit code."""
        from complaintgen.messages.language import prefer

        prefer(None)  # until the command's --lang says (a second command in one process)
        try:
            return super().invoke(ctx)
        except ComplaintgenError as error:
            if str(error):
                click.echo(str(error), err=True)
            ctx.exit(error.exit_code)
        except click.UsageError as error:  # a command's options (they are parsed in here)
            _usage_error(error, ctx)
        except KeyboardInterrupt as stop:
            # Ctrl-C (or SIGTERM): one line and the shell's code for the signal (128 + its
            # number), no traceback. Every write is whole or not at all, and its temporary files
            # go on the way out, so an interrupted command has left nothing half-made.
            click.echo(messages.render("interrupted", _language()), err=True)
            ctx.exit(128 + (signal.SIGTERM if isinstance(stop, _Terminated) else signal.SIGINT))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise  # `complaintgen` alone shows the help, as click does
        except click.UsageError as error:  # the options before the command's name
            _usage_error(error, ctx)


def _usage_error(error: click.UsageError, ctx: click.Context) -> NoReturn:
    """An option error as one line, with click's meaning and exit code (2): click's own four
    lines (usage, a hint, a blank line, the error) push the message itself off a small screen."""
    where = (error.ctx or ctx).command_path
    what = " ".join(error.format_message().split()).rstrip(".")
    click.echo(f"{where}: {what}; see {where} --help", err=True)
    ctx.exit(error.exit_code)


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a shutdown, `kill`), raised where the command is, so that it cleans up as for
    Ctrl-C; by default it would end the process where it stands, temporary files left behind."""


def _terminated(signum: int, frame: object) -> None:
    raise _Terminated()


def _language() -> str:
    """The language of a line said with no case at hand: ``--lang``, else the locale's."""
    from complaintgen.messages.language import user_language

    return user_language()


def _say(code: str, **params: Any) -> str:
    return messages.render(code, _language(), **params)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="complaintgen")
def main() -> None:
    """Write the рапорт and complaints that demand a military medical board (ВВК)
    for a serviceman returned from captivity, as DOCX (to edit) and PDF (to print).

    \b
    Start from a bundled example:
      complaintgen example smirnov > case.yaml
      complaintgen validate case.yaml
      complaintgen build case.yaml -o out/smirnov

    The commands' examples use the bundled cases by name: `complaintgen example NAME > NAME.yaml`
    writes one (smirnov.yaml, smirnova_mother.yaml) to the current folder.

    Nothing is sent anywhere: the documents are files for you to print and file.
    """
    # An encrypted case file (.age) asks for its passphrase here, unless COMPLAINTGEN_PASSPHRASE
    # gives it.
    api.ask_passphrases_with(ui.ask_passphrase)
    # Not where a host program chose otherwise, and only where signals can be handled.
    main_thread = threading.current_thread() is threading.main_thread()
    if main_thread and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminated)


def _show(written: api.Written) -> None:
    for path in written.paths:
        click.echo(str(path))
    for note in written.notes:
        click.echo(messages.render("build.note", written.language, note=note), err=True)


@main.command()
@ui.build_options
@ui.report_options
def build(
    case: Path,
    fmt: str,
    quiet: bool = False,
    as_json: bool = False,
    verbose: bool = False,
    open_packet: bool = False,
    **options: Any,
) -> None:
    """Make the documents of a case file.

    \b
    Example:
      complaintgen build smirnov.yaml -o out/smirnov --date 2026-11-20

    Each file name carries its document id (01_vvk_report.docx, 01_vvk_report.pdf).
    With --encrypt the whole packet is one encrypted file instead (out/smirnov.zip.age).
    """
    written = api.build(case, formats=None if fmt == "both" else (fmt,), **options)
    if as_json:
        report.print_json(report.build_summary(written))
    elif not quiet:
        report.show_build(written, verbose=verbose)
    if open_packet:
        report.open_files(written)


@main.command("config")
def show_config() -> None:
    """Show the organisation's defaults and where their file is.

    \b
    The file (config.yaml) holds, all optional:
      organisation: Коллегия адвокатов «Защита»
      advocate: {surname: Орлов, register_number: 61/1234, bar: …}
      register: ~/office/outgoing.csv
      templates: ~/office/templates

    Options given on the command line win over it, and so does the case file.
    """
    click.echo(api.config().shown())


@main.command()
@click.argument("docx", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--case",
    "case",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The case file the packet was built from (for the inventory and the packet's index).",
)
@ui.messages_lang_option
def reissue(docx: Path, case: Path) -> None:
    """Make the PDF of a letter edited in Word, then its copy, Ф.107 and 00_packet.pdf.

    \b
    Example:
      complaintgen reissue out/smirnov/01_vvk_report.docx --case examples/smirnov.yaml

    Needs LibreOffice (soffice). To keep an edit for every later build, put it in the case
    file or in your templates (--templates) instead.
    """
    _show(api.reissue(docx, case))


@main.command()
@ui.validate_options
@ui.json_option
def validate(case: Path, date: dt.date | None, show_forms: bool, as_json: bool = False) -> None:
    """Check a case file and report every problem at once, one line each.

    \b
    Example:
      complaintgen validate smirnov.yaml --show-forms

    Wrong forms are corrected in the case file with a `declension:` mapping (see the example).
    """
    checked = api.check(case, date=date, forms=show_forms)
    if as_json:
        documents, notes = list(checked.plan.documents), list(checked.plan.notes)
        report.print_json(
            {"case": str(case), "valid": True, "documents": documents, "notes": notes}
        )
        return
    language = checked.case.language
    listed = ", ".join(checked.plan.documents)
    click.echo(messages.render("validate.valid", language, case=case, documents=listed))
    if checked.upgrade is not None:
        click.echo(checked.upgrade)
    for note in checked.plan.notes:
        click.echo(messages.render("build.note", language, note=note))
    labels = {"nom": "кто", "gen": "кого", "dat": "кому", "ins": "кем"}
    for what, forms in checked.forms:
        click.echo(f"\n{what}")
        for short, form in forms.items():
            click.echo(f"  {labels[short]:5} {form}")


@main.command()
@ui.citations_options
def citations(status: str | None, lang: str) -> None:
    """List the legal citations the documents use, with their source and verification status.

    \b
    Example:
      complaintgen citations --status unverified

    The registry is a data file a lawyer can correct: law/data/citations.yaml in the
    installed package (src/complaintgen/law/data/ in a source checkout).
    """

    def say(code: str, **params: Any) -> str:
        return messages.render(code, lang, **params)

    for citation in api.citations(status):
        checked = citation.checked.isoformat() if citation.checked else say("citations.unchecked")
        state = say(f"citations.{citation.status}")
        click.echo(f"{citation.key}  [{state}, {checked}]")
        click.echo(f"  {citation.text(lang)}")
        for source in citation.source:
            click.echo(f"  {say('citations.source', source=source)}")
        if citation.note:
            # The registry's notes are the lawyers' working notes, kept in English.
            click.echo(f"  {say('citations.note', note=citation.note)}")


@main.command()
@ui.batch_options
@ui.quiet_option
@ui.json_option
def batch(
    source: Path, output: Path, quiet: bool = False, as_json: bool = False, **options: Any
) -> None:
    """Make packets for many clients: a folder of case files, or a CSV/XLSX with one row each.

    \b
    Example:
      complaintgen batch clients.csv -o out/ --register-start 101

    Spreadsheet columns are case-file field paths (serviceman.surname, unit.number,
    health.conditions[0].description, …); see docs/batch.md. A case that fails does not stop
    the others: it is listed in failures.csv, and the exit code is 1.
    """
    interactive = sys.stderr.isatty() and not (quiet or as_json)
    progress = ui.show_progress if interactive else None
    done = api.batch(source, output, ask_passphrase=ui.ask_once, on_progress=progress, **options)
    language = report.language_of()
    if interactive:
        click.echo(err=True)
    if as_json:
        written = [str(output / o.key) for o in done.outcomes if o.error is None]
        failed = [{"source": str(o.source), "error": o.error} for o in done.failed]
        reports = [str(path) for path in done.reports]
        report.print_json({"packets": written, "failed": failed, "reports": reports})
    elif not quiet:
        for path in done.reports:
            click.echo(str(path))
        click.echo(done.summary(language), err=True)
    failure = done.failure(language)
    if failure is not None:
        raise ComplaintgenError(failure)


@main.command()
@ui.new_options
@click.pass_context
def new(ctx: click.Context, case: Path, lang: str, force: bool) -> None:
    """Answer questions, section by section, and get a case file: no YAML to write.

    \b
    Example:
      complaintgen new smirnov.yaml

    Answers are saved after each section; run the same command again to continue.
    At the end it shows every answer and the documents, and offers to make them.
    """
    if api.new_case(case, ui.Console(), language=lang, force=force):
        ctx.invoke(build, case=case)


@main.command()
@ui.edit_options
@click.pass_context
def edit(ctx: click.Context, case: Path, section: str | None, lang: str) -> None:
    """Answer one section of a case file again, with the old answers as defaults.

    \b
    Example:
      complaintgen edit smirnov.yaml --section health

    Every other section stays as it was; the previous file is kept as CASE.bak.
    """
    if api.edit_case(case, ui.Console(), section=section, language=lang):
        ctx.invoke(build, case=case)


@main.command()
@ui.encrypt_options
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
    plain = api.plaintext_copies(case)
    if not yes:
        click.echo(_say("encrypt.plan"), err=True)
        for path in plain:
            click.echo(f"  {path}", err=True)
        if not ui.confirmed(_say("encrypt.continue"), _language()):
            raise ComplaintgenError(_say("encrypt.nothing_changed"))
    done = api.encrypt(case, force=force)
    for path in done.written:
        click.echo(str(path))
    for path in done.removed:
        click.echo(_say("wipe.wiped", path=path), err=True)


@main.command()
@ui.decrypt_options
def decrypt(case: Path, output: Path | None, force: bool) -> None:
    """Write the plain YAML of an encrypted case file; the .age file is kept.

    \b
    Example:
      complaintgen decrypt smirnov.yaml.age    # writes smirnov.yaml

    The YAML is readable by you only (0600), but it is plain text on the disk: when done,
    `complaintgen wipe smirnov.yaml` removes it. An encrypted packet (smirnov.zip.age, from
    `build --encrypt`) is unpacked into the folder smirnov (or -o NEW_FOLDER).
    """
    click.echo(str(api.decrypt(case, output=output, force=force)))


@main.command()
@ui.wipe_options
def wipe(case: Path, outputs: Path | None, yes: bool) -> None:
    """Overwrite with random bytes, then delete, a case file, its backup and its documents.

    \b
    Example:
      complaintgen wipe smirnov.yaml --outputs smirnov

    What this cannot promise: SSDs and flash drives, journaling and copy-on-write filesystems
    (ext4 journal, btrfs, ZFS, APFS), backups and cloud sync may keep old copies whatever is
    overwritten. Full-disk encryption is the real protection.
    """
    plan = api.wipe_plan(case, outputs)
    click.echo(_say("wipe.plan"), err=True)
    for path in plan.paths:
        click.echo(f"  {path}", err=True)
    if plan.documents_left is not None:
        click.echo(_say("wipe.documents_left", folder=plan.documents_left), err=True)
    if not yes and not ui.confirmed(_say("wipe.confirm", count=len(plan.paths)), _language()):
        raise ComplaintgenError(_say("wipe.nothing_removed"))
    for path in api.wipe(plan):
        click.echo(_say("wipe.removed", path=path))


@main.command()
@ui.record_options
def record(case: Path, **entry: Any) -> None:
    """Record a filing, or its answer, in the case file (the previous version kept as .bak).

    \b
    Example:
      complaintgen record smirnov.yaml --document prosecutor_complaint \\
          --sent 2026-11-20 --channel post --tracking 30500012345678

    Recording the same document and date again updates that entry (--answer-on, --answer).
    Comments and layout of the case file are kept.
    """
    click.echo(api.record(case, **entry).message)


@main.command()
@ui.status_options
@ui.quiet_option
@ui.json_option
def status(case: Path, quiet: bool = False, as_json: bool = False, **options: Any) -> None:
    """Show each filing's answer due date, what is overdue and the next step.

    \b
    Example:
      complaintgen status smirnova_mother.yaml --today 2026-11-20 --ics deadlines.ics

    Exit code 0: nothing overdue; 3: an answer is overdue and its next step (a follow-up, or
    court) is not taken yet; 1: a mistake in the case file.
    """
    found = api.status(case, **options)
    if as_json:
        calendar = str(found.calendar) if found.calendar else None
        report.print_json(
            {
                "case": str(case),
                "language": found.language,
                "needs_action": found.needs_action,
                "calendar": calendar,
                "filings": list(found.filings),
                "notes": list(found.notes),
            }
        )
    elif not quiet:
        click.echo(found.table, nl=False)
        if found.calendar is not None:
            reminders = messages.render("status.reminders", found.language, path=found.calendar)
            click.echo(reminders, err=True)
    if found.needs_action:
        raise AnswerOverdue()


@main.command()
@ui.followup_options
def followup(case: Path, **options: Any) -> None:
    """Write the next complaint up the ladder for each overdue (or refused) filing.

    \b
    Example:
      complaintgen followup smirnova_mother.yaml -o out/followups --today 2026-11-20

    Files: followup_<NN>_<document>_<body>.docx/.pdf (NN is the # of complaintgen status).
    """
    _show(api.followup(case, **options))


@main.command()
@click.argument("case", type=click.Path(path_type=Path, dir_okay=False), default="case.yaml")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where «Make the documents» writes the packet [default: named after CASE].",
)
@click.option(
    "--lang",
    type=click.Choice(["ru", "en"]),
    default="ru",
    show_default=True,
    help="Language of the page and its questions.",
)
@click.option(
    "--lan",
    is_flag=True,
    help="Listen on the local network too (a phone on the same Wi-Fi); prints a QR code.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    help="Port to listen on [default: any free one].",
)
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
@click.option(
    "--idle",
    type=click.IntRange(1),
    default=30,
    show_default=True,
    help="Stop after this many minutes without a request.",
)
def serve(
    case: Path, output: Path | None, lang: str, lan: bool, port: int, no_browser: bool, idle: int
) -> None:
    """The questionnaire as a web page on this machine, with the letter beside the form.

    \b
    Example:
      complaintgen serve smirnov.yaml -o out/smirnov
      complaintgen serve smirnova.yaml --lan      # a phone on the same Wi-Fi scans the QR code

    Needs the web extra: pip install 'complaintgen[web]'.
    """
    from complaintgen import web

    folder = output if output is not None else api.default_folder(case)
    stopped = web.serve(
        case,
        output=folder,
        language=lang,
        lan=lan,
        port=port,
        browser=not no_browser,
        idle_minutes=idle,
        say=lambda line: click.echo(line, err=False),
    )
    click.echo(stopped, err=True)


@main.command()
@ui.example_options
def example(
    name: str | None, output: Path | None, force: bool, batch: bool, lang: str | None
) -> None:
    """List the bundled example cases, or write one to start from.

    \b
    Examples:
      complaintgen example
      complaintgen example smirnov > case.yaml
      complaintgen example --batch -o clients.xlsx

    The examples are fictional; edit the copy, then `complaintgen build case.yaml`.
    """
    from complaintgen.messages import render
    from complaintgen.messages.language import user_language

    language = user_language(lang)
    if batch or name is not None:
        if batch:
            data, default = api.sample_clients(), Path("clients.xlsx")
        else:
            data, default = api.example(name or "", language).encode("utf-8"), None
        if output is None and default is None:
            click.echo(data.decode("utf-8"), nl=False)
            return
        path = api.write_new_file(output or default or Path(), data, language, force=force)
        click.echo(render("example.written", language, path=path), err=True)
        return
    click.echo(render("example.list_head", language))
    listed = api.examples(language)
    width = max(len(item) for item, _ in listed)
    for item, description in listed:
        click.echo(f"  {item:{width}}  {description}")
    click.echo(render("example.batch_hint", language))
