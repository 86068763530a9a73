"""The commands' arguments and options: the shared ones defined once, each command's as a group.

Dates are typed YYYY-MM-DD and reach a command as `datetime.date` (or None when not given).
Also here: the terminal's prompts (passphrases, yes/no, the questionnaire) and the batch's
progress line. Only click and the errors are imported, so that `complaintgen --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from complaintgen.errors import ComplaintgenError

if TYPE_CHECKING:
    from complaintgen.batch.run import Progress

F = TypeVar("F", bound=Callable[..., Any])
DAY = click.DateTime(formats=["%Y-%m-%d"])


def _as_date(_: click.Context, __: click.Parameter, value: dt.datetime | None) -> dt.date | None:
    # The case's dates are held to the same years (case.model): a deadline counted from
    # 9999-12-31 would run past the last date Python has.
    if value is not None and not 1900 <= value.year <= 2999:
        raise click.BadParameter(f"{value:%Y-%m-%d} is not a date of our time (years 1900-2999)")
    return value.date() if value is not None else None


def day_option(*names: str, help: str, required: bool = False) -> Callable[[F], F]:
    """An option taking a day, YYYY-MM-DD."""
    return click.option(*names, type=DAY, callback=_as_date, required=required, help=help)


def output_option(help: str, *, required: bool = False, file: bool = False) -> Callable[[F], F]:
    """``-o/--output``: a folder, or with `file` a file."""
    kind = click.Path(path_type=Path, file_okay=file, dir_okay=not file)
    return click.option("-o", "--output", type=kind, required=required, help=help)


def force_option(help: str) -> Callable[[F], F]:
    return click.option("--force", is_flag=True, help=help)


def yes_option(help: str) -> Callable[[F], F]:
    return click.option("--yes", is_flag=True, help=help)


def lang_option(help: str | None = None) -> Callable[[F], F]:
    choice = click.Choice(["ru", "en"])
    return click.option("--lang", type=choice, default="ru", show_default=True, help=help)


def _prefer(_: click.Context, __: click.Parameter, value: str | None) -> None:
    from complaintgen.messages.language import prefer

    prefer(value)


# The language of messages for a command that reads a case: the case's own comes first, so
# this only says how to speak of what comes before it (a missing file) or without it.
messages_lang_option = click.option(
    "--lang",
    type=click.Choice(["ru", "en"]),
    expose_value=False,
    is_eager=True,
    callback=_prefer,
    help="Language of messages where the case file does not say [default: the locale's].",
)

# A case file, or (`dir_okay`) anything `build` is pointed at, to say clearly what it is.
case_argument = click.argument("case", type=click.Path(path_type=Path, dir_okay=True))
case_file_argument = click.argument("case", type=click.Path(path_type=Path, dir_okay=False))

date_option = day_option(
    "--date", help="Date printed on the documents (YYYY-MM-DD); overrides the case file's `date`."
)
today_option = day_option(
    "--today", help="Today's date (YYYY-MM-DD), to check and count from [default: today]."
)

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "pdf", "txt", "both"]),
    default="both",
    show_default=True,
    help="DOCX to edit, PDF to print, plain text to paste into an online reception, or all.",
)
pdf_variant_option = click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/a-2b", "pdf/ua-1"]),
    help="Archival PDF/A-2b or accessible PDF/UA-1 [default: plain PDF, which every viewer "
    "and portal takes; the variants are not checked by a validator].",
)
templates_option = click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of your own templates (ru/<document>.xml.j2), used before the built-in ones.",
)

# questionnaire.SECTIONS, spelled out so that `--help` imports no core module;
# tests/test_questionnaire.py checks the two lists agree.
SECTIONS = (
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
)
section_option = click.option(
    "--section", type=click.Choice(SECTIONS), help="The section to answer again [default: asked]."
)


def options(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Several options as one decorator, listed in the order `--help` shows them."""

    def apply(command: F) -> F:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return apply


# --- Each command's options, as one group ------------------------------------------------------

# The outgoing register a lawyer keeps across batches and single builds (batch.register).
register_option = click.option(
    "--register",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Outgoing register (CSV ledger) to number the documents in; kept across runs, "
    "never renumbered [batch default: OUTPUT/register.csv; build: none].",
)
# Some documents only, for the lawyer who remakes one letter of a packet.
only_option = click.option(
    "--only",
    metavar="DOC[,DOC]",
    callback=lambda _context, _param, value: (
        tuple(part.strip() for part in value.split(",") if part.strip()) if value else None
    ),
    help="Make just these documents (ids as in the file names, e.g. vvk_report), with their "
    "copies and inventories; the folder's other files stay.",
)
build_options = options(
    case_argument,
    output_option("Folder for the documents [default: a folder named after the case file]."),
    format_option,
    date_option,
    force_option("Replace documents that already exist in the folder."),
    pdf_variant_option,
    templates_option,
    register_option,
    only_option,
    click.option(
        "--encrypt",
        is_flag=True,
        help="Write the packet as one encrypted file, FOLDER.zip.age (the case's passphrase, "
        "or one asked for as `encrypt` asks): no plain document on the disk. "
        "`complaintgen decrypt FOLDER.zip.age` unpacks it.",
    ),
    messages_lang_option,
)
validate_options = options(
    case_argument,
    date_option,
    click.option(
        "--show-forms",
        is_flag=True,
        help="Also print the declined names, ranks and titles, to check before filing.",
    ),
    messages_lang_option,
)
citations_options = options(
    click.option(
        "--status",
        type=click.Choice(["verified", "partial", "unverified"]),
        help="Only the citations with this status.",
    ),
    lang_option(),
)
batch_options = options(
    click.argument("source", type=click.Path(path_type=Path)),
    output_option(
        "Folder for the packets: one sub-folder per client, plus register.csv.", required=True
    ),
    click.option(
        "--jobs", type=click.IntRange(min=1), help="Worker processes [default: one per core]."
    ),
    click.option(
        "--register-start",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="First outgoing number (исх. №) of a new register (or the next one, if higher).",
    ),
    register_option,
    date_option,
    force_option("Replace packet folders that already exist."),
    messages_lang_option,
)
QUESTIONS_LANG = "Language of the questions (the documents' language is one of the questions)."
new_options = options(
    click.argument("case", type=click.Path(path_type=Path, dir_okay=False), default="case.yaml"),
    lang_option(QUESTIONS_LANG),
    force_option("Start again over a finished case file (kept as .bak)."),
)
edit_options = options(case_file_argument, section_option, lang_option(QUESTIONS_LANG))
encrypt_options = options(
    case_file_argument,
    yes_option("Remove the plain file without asking."),
    force_option("Replace an existing CASE.age."),
    messages_lang_option,
)
decrypt_options = options(
    case_file_argument,
    output_option(
        "Where to write the YAML [default: the case file's name without .age].", file=True
    ),
    force_option("Replace the YAML file if it exists."),
    messages_lang_option,
)
wipe_options = options(
    click.argument("case", type=click.Path(path_type=Path)),
    click.option(
        "--outputs",
        type=click.Path(path_type=Path, file_okay=False),
        help="Documents folder to clear too: only the files complaintgen named "
        "(01_vvk_report.pdf…).",
    ),
    yes_option("Remove without asking."),
    messages_lang_option,
)
record_options = options(
    case_argument,
    click.option("--document", required=True, help="The document id: vvk_report, … (see docs)."),
    day_option("--sent", required=True, help="The day it was sent or handed in."),
    # The model's Channel, spelled out so that `--help` need not import the case model (a test
    # keeps the two equal).
    click.option("--channel", type=click.Choice(["in_person", "post", "online"])),
    click.option("--tracking", help="The postal tracking number (почтовый идентификатор)."),
    click.option("--reference", help="The incoming number it got («вх. № 12»)."),
    day_option("--delivered-on", help="Delivery date on the return receipt."),
    day_option("--answer-on", help="The day the answer arrived."),
    click.option("--answer", help="What the answer said, in a few words."),
    # The model's answer kinds, spelled out as --channel's are.
    click.option(
        "--answer-kind",
        type=click.Choice(["refusal", "forwarded", "merits"]),
        help="refusal: the answer refused (a court claim's three months run from it).",
    ),
    click.option("--answered-by", help="Who signed the answer («Командир войсковой части …»)."),
    today_option,
    messages_lang_option,
)
status_options = options(
    case_argument,
    today_option,
    click.option("--ics", type=click.Path(path_type=Path), help="Also write reminders (.ics)."),
    force_option("Replace an existing --ics file."),
    messages_lang_option,
)
followup_options = options(
    case_argument,
    output_option("Folder for the letters [default: a folder named after the case file]."),
    click.option("--refused", type=int, multiple=True, help="Filing # whose answer refused."),
    today_option,
    force_option("Replace letters that already exist."),
    messages_lang_option,
)


# --- Asking and telling on the terminal ----------------------------------------------------------


def ask_passphrase(path: Path, new: bool) -> str:
    prompt = f"New passphrase for {path}" if new else f"Passphrase for {path}"
    try:
        return str(click.prompt(prompt, hide_input=True, confirmation_prompt=new, err=True))
    except click.Abort:
        raise ComplaintgenError(
            f"{path}: no passphrase given; type it when asked, or set COMPLAINTGEN_PASSPHRASE"
        ) from None


# The answers that mean yes, in either language (a Russian keyboard layout left on gives «н»
# for «y», so only the words themselves count).
_YES = {"y", "yes", "д", "да"}


def confirmed(question: str, language: str = "en") -> bool:
    """A yes/no question on the terminal, answered in its language; no answer (Enter, end of
    input, Ctrl-C) is no."""
    choices = "[д/Н]" if language == "ru" else "[y/N]"
    try:
        answer = click.prompt(f"{question} {choices}", default="", show_default=False, err=True)
    except click.Abort:
        click.echo(err=True)
        return False
    return answer.strip().lower() in _YES


def ask_once() -> str:
    """The one passphrase of a batch's encrypted cases (its workers cannot ask)."""
    return str(click.prompt("Passphrase of the encrypted cases", hide_input=True))


def show_progress(progress: Progress) -> None:
    click.echo(f"\r{progress.line()}", nl=False, err=True)


class Console:
    """The questionnaire's two operations on a terminal; Ctrl-C or end of input stops it."""

    def ask(self, prompt: str, default: str) -> str:
        try:
            return str(click.prompt(prompt, default=default, show_default=bool(default)))
        except click.Abort:
            raise KeyboardInterrupt from None  # the core says what was saved and how to resume

    def say(self, text: str) -> None:
        click.echo(text)


# --- `example` (issue 15: install and first run) -----------------------------------------------

example_options = options(
    click.argument("name", required=False),
    output_option("File to write [default: the terminal; clients.xlsx with --batch].", file=True),
    force_option("Replace the file if it exists."),
    click.option(
        "--batch",
        is_flag=True,
        help="The sample clients.xlsx for `batch`: every column, one row per voice.",
    ),
    click.option(
        "--lang",
        type=click.Choice(["ru", "en"]),
        help="Language of the list [default: the locale's].",
    ),
)


# --- How much a command says (issue 15: the end of `build`) ------------------------------------

quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print a machine-readable summary (JSON) instead."
)
report_options = options(
    quiet_option,
    json_option,
    click.option("--verbose", "-v", is_flag=True, help="List every file written."),
    click.option(
        "--open",
        "open_packet",
        is_flag=True,
        help="Open the packet and the filing guide with the system's viewer.",
    ),
)
