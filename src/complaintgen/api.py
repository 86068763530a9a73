"""The library's one entry point: what the command line, and any other front end, calls.

Each function takes plain values (paths, dates, flags), calls the stage packages (case → packet →
storage; tracking; privacy; batch) and returns a small result for the front end to show. A
mistake the user can fix is raised as a `ComplaintgenError` whose message is the line to show
and whose `exit_code` is what a command ends with; `validate` returns the problems instead.

`today` defaults to the machine's date here, at the edge, so that nothing below asks the clock.

Apart from errors and the light case store, the stage modules are imported inside the
functions: the command line imports this module before it parses anything, and
`complaintgen --help` (or `citations`) should not pay for pydantic, Jinja and WeasyPrint.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from complaintgen.errors import CaseError, ComplaintgenError, OutputError
from complaintgen.messages.language import in_one_line
from complaintgen.storage import casestore

if TYPE_CHECKING:
    from complaintgen.batch.run import Finished, Progress
    from complaintgen.case.model import Case
    from complaintgen.config import Config
    from complaintgen.law.registry import Citation
    from complaintgen.packet.plan import Packet
    from complaintgen.privacy.encryption import Encrypted


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else dt.date.today()


def default_folder(case: Path) -> Path:
    """Where a case's documents and follow-ups go unless told: a folder named after the case
    file, in the current folder («smirnov.yaml» and «smirnov.yaml.age» both give «smirnov»)."""
    return Path(Path(case.name.removesuffix(casestore.ENCRYPTED_SUFFIX)).stem)


def ask_passphrases_with(source: Callable[[Path, bool], str]) -> None:
    """Who is asked for the passphrase of an encrypted case file: `source(path, new)`, called
    when neither this process nor ``COMPLAINTGEN_PASSPHRASE`` knows it."""
    casestore.passphrase_source = source


# --- A case ------------------------------------------------------------------------------------


def load_case(
    path: Path | str,
    *,
    date: dt.date | None = None,
    today: dt.date | None = None,
    advocate: Mapping[str, Any] | None = None,
) -> Case:
    """The validated case in the file at `path` (plain or .age); `date` overrides its date;
    `advocate`, the organisation's lawyer, fills what the case's lawyer leaves out."""
    from complaintgen.case.casefile import load_case as load

    return load(path, date=date, today=_today(today), advocate=advocate)


def case_from_data(
    data: Mapping[str, Any],
    *,
    name: str = "<case>",
    date: dt.date | None = None,
    today: dt.date | None = None,
) -> Case:
    """The validated case in already-parsed data (a web form, a spreadsheet row); problems
    start with `name`."""
    from complaintgen.case.casefile import case_from_data as validate_data

    return validate_data(dict(data), path=name, date=date, today=_today(today))


@dataclass(frozen=True)
class Plan:
    """The documents a case gets, and a note for each one left out (and why)."""

    documents: tuple[str, ...]
    notes: tuple[str, ...]


def plan(case: Case) -> Plan:
    """Which documents `case` gets; a CaseError when it names one it lacks the facts for."""
    from complaintgen.packet.plan import planned_documents

    documents, notes = planned_documents(case)
    return Plan(documents, tuple(notes))


@dataclass(frozen=True)
class Checked:
    case: Case
    plan: Plan
    # (what, {case name: form}) for every declined phrase, when asked for.
    forms: tuple[tuple[str, dict[str, str]], ...] = ()
    # A file in an older format, read as the current one: how to save it in the new format.
    upgrade: str | None = None


def check(
    source: Path | str | Mapping[str, Any],
    *,
    date: dt.date | None = None,
    today: dt.date | None = None,
    forms: bool = False,
    language: str | None = None,
) -> Checked:
    """A case file (or data) validated and planned; every problem at once as a CaseError, in
    `language` if given (a front end's), else the case's."""
    from complaintgen.case.casefile import InvalidCase

    try:
        if isinstance(source, Mapping):
            case = case_from_data(source, date=date, today=today)
        else:
            case = load_case(source, date=date, today=today)
    except InvalidCase as error:
        if language is None:
            raise
        raise CaseError(error.said_in(language), language=language, path=error.path) from None
    planned = plan(case)
    # The attachment files too, as build reads them: a missing, empty or unreadable file, or
    # pages that disagree with the file, is found here and not only by build.
    from complaintgen.packet.attachments import resolve_attachments

    resolve_attachments(case, language)
    upgrade = None
    if case.upgraded:
        from complaintgen.case.migrate import upgrade_note

        upgrade = upgrade_note(
            source if not isinstance(source, Mapping) else "<case>",
            case.schema_version,
            language or case.language,
        )
    if not forms:
        return Checked(case, planned, upgrade=upgrade)
    from complaintgen.render.rendering import declined_forms

    return Checked(case, planned, tuple(declined_forms(case)), upgrade)


@dataclass(frozen=True)
class Validation:
    """Either a valid case and its plan, or the problems, one line each."""

    checked: Checked | None
    problems: tuple[str, ...] = ()

    @property
    def case(self) -> Case | None:
        return self.checked.case if self.checked is not None else None


def validate(
    source: Path | str | Mapping[str, Any],
    *,
    date: dt.date | None = None,
    today: dt.date | None = None,
    language: str | None = None,
) -> Validation:
    """`check` for a front end that shows problems rather than stopping on them, in its
    `language` if given."""
    try:
        return Validation(check(source, date=date, today=today, language=language))
    except CaseError as error:
        return Validation(None, tuple(error.problems))
    except ComplaintgenError as error:
        return Validation(None, (str(error),))


# --- A packet ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    """A packet in memory: file name → bytes, in packet order, and notes for the user."""

    files: dict[str, bytes]
    notes: tuple[str, ...]
    packet: Packet | None = None  # the rendered letters, for the outgoing register


def make_packet(
    case: Case,
    *,
    formats: Iterable[str] | None = None,
    pdf_variant: str | None = None,
    templates: Path | None = None,
    register: tuple[Path, str] | None = None,
    only: Sequence[str] | None = None,
) -> Made:
    """Every file of the case's packet. `formats`: some of docx, pdf, txt (default: all);
    `pdf_variant`: "pdf/a-2b" or "pdf/ua-1" (default: plain PDF); `templates`: a folder of
    templates used before the built-in ones; `register`: (the outgoing register, the client),
    to number the filed letters there and print their numbers on them; `only`: the ids of
    the documents to make, with their copies and inventories (others: `OutputError`)."""
    from complaintgen.packet.build import make_packet as render
    from complaintgen.packet.build import packet_files

    packet = render(case, templates=templates)
    if only is not None:
        packet = _only(packet, only, case.language)
    if register is not None:
        from complaintgen.batch.register import numbered

        packet = numbered(*register, case, packet)
    if formats is None:
        files = packet_files(case, packet, pdf_variant=pdf_variant)
    else:
        files = packet_files(case, packet, tuple(formats), pdf_variant=pdf_variant)
    return Made(files, packet.notes, packet)


def _only(packet: Packet, ids: Sequence[str], language: str) -> Packet:
    """`packet` with just the letters `ids` names; an unknown id is an error naming the
    nearest one."""
    import difflib

    from complaintgen.messages.catalog import render

    planned = [letter.doc_id for letter in packet.letters]
    for doc_id in ids:
        if doc_id not in planned:
            near = difflib.get_close_matches(doc_id, planned, n=1, cutoff=0.5)
            text = render(
                "only.unknown",
                language,
                value=doc_id,
                near=near[0] if near else None,
                valid=planned,
            )
            raise OutputError(text)
    return dataclasses.replace(
        packet,
        letters=tuple(letter for letter in packet.letters if letter.doc_id in ids),
        readings=tuple(letter for letter in packet.readings if letter.doc_id in ids),
        memos=tuple(memo for memo in packet.memos if memo.doc_id in ids),
    )


def write_packet(
    folder: Path,
    files: Mapping[str, bytes],
    *,
    force: bool = False,
    keep_others: bool = False,
    language: str | None = None,
) -> list[Path]:
    """Write `files` into `folder`, the whole packet or nothing; nothing is written if any
    exists and `force` is not given. With `force` the previous packet's files go, even those
    the new one does not repeat (unless `keep_others`: a part of the packet made again); the
    user's own files and the follow-ups stay."""
    from complaintgen.privacy.wipe import OUTPUT_NAME
    from complaintgen.storage.atomic import write_files

    def previous_packet(name: str) -> bool:
        # Follow-ups are written beside the packet by another command, after it was filed.
        return bool(OUTPUT_NAME.match(name)) and not name.startswith("followup_")

    if keep_others:
        return write_files(folder, dict(files), force=force, language=language)
    return write_files(folder, dict(files), force=force, stale=previous_packet, language=language)


def packet_passphrase(case: Path, folder: Path) -> str:
    """The passphrase for an encrypted packet of `case`: the case's own when it is encrypted
    (one passphrase to remember), else as a new encrypted file's is asked."""
    from complaintgen.privacy.encryption import encrypted_packet_name
    from complaintgen.storage import casestore

    if casestore.is_encrypted(case):
        return casestore.passphrase_for(case)
    return casestore.passphrase_for(encrypted_packet_name(folder), new=True)


def write_encrypted_packet(
    folder: Path, files: Mapping[str, bytes], passphrase: str, *, force: bool = False
) -> Path:
    """Write `files` as one age file, ``<folder>.zip.age``, zipped and encrypted in memory so
    that no plaintext reaches the disk (a volunteer's laptop); `decrypt` unpacks it."""
    from complaintgen.privacy.encryption import write_encrypted_packet as write

    return write(folder, files, passphrase, force=force)


@dataclass(frozen=True)
class Written:
    """Files put on disk, and notes for the user."""

    paths: tuple[Path, ...]
    notes: tuple[str, ...] = ()
    # For the end of `build` (cli_report): the language to say it in, the case file the
    # `record` command names, and the packet's folder.
    language: str = "en"
    case: Path | None = None
    folder: Path | None = None


def build(
    case: Path,
    *,
    output: Path | None = None,
    formats: Iterable[str] | None = None,
    date: dt.date | None = None,
    today: dt.date | None = None,
    force: bool = False,
    pdf_variant: str | None = None,
    templates: Path | None = None,
    encrypt: bool = False,
    register: Path | None = None,
    only: Sequence[str] | None = None,
) -> Written:
    """The documents of the case file `case`, written to `output` (default: `default_folder`).
    With `encrypt`, the packet is one age file instead, ``<output>.zip.age`` (see
    `write_encrypted_packet`): the passphrase of the case if it is encrypted, else
    ``COMPLAINTGEN_PASSPHRASE``, else asked as `encrypt` asks it.

    With `register`, the filed documents are numbered in that outgoing register (a ledger
    shared with `batch`; see batch.register), the client named after the case file.
    With `only` (document ids), just those documents, their copies and inventories; the
    packet's own files (00_…) already in the folder stay as they are.

    A DOCX in the folder that was edited after we wrote it is never replaced unasked: without
    `force` the error names it (and `reissue` makes its PDF); with `force`, a note says so.

    The organisation's config (`config`) gives the register, the templates and the advocate
    when neither an option nor the case does.

    The case's problems come as one line, the first and how many more there are."""
    settings = config()
    register = register if register is not None else settings.register
    templates = templates if templates is not None else settings.templates
    try:
        loaded = load_case(case, date=date, today=today, advocate=settings.advocate)
    except CaseError as error:
        raise in_one_line(error, case) from None
    from complaintgen.batch.run import client_key

    # The same client key as `batch` gives this case file: a build and a batch of the same
    # case share their numbers.
    book = (register, client_key(case.name)) if register is not None else None
    made = make_packet(
        loaded,
        formats=formats,
        pdf_variant=pdf_variant,
        templates=templates,
        register=book,
        only=only,
    )
    folder = output if output is not None else default_folder(case)
    files = made.files
    if only is not None:
        files = {
            k: v for k, v in files.items() if not (k.startswith("00_") and (folder / k).exists())
        }
    replaced: tuple[str, ...] = ()
    if encrypt:
        passphrase = packet_passphrase(case, folder)
        written = [write_encrypted_packet(folder, files, passphrase, force=force)]
    else:
        replaced = _edits_replaced(folder, files, force=force, language=loaded.language)
        written = write_packet(
            folder,
            files,
            force=force,
            keep_others=only is not None,
            language=loaded.language,
        )
    if book is not None:
        written.append(_registered(*book, loaded, made, folder))
    # A court period that has already run out is said at the end of every build, with what
    # can still be done, so that it is not found out only from `status`.
    from complaintgen.tracking.status import passed_notes

    late = passed_notes(loaded, _today(today))
    # Attachments from outside the case's folder are said, one line each (a case file from
    # someone else may point at any file here).
    from complaintgen.packet.attachments import outside_folder

    outside = outside_folder(loaded, case.absolute().parent)
    notes = (*made.notes, *replaced, *late, *outside)
    return Written(tuple(written), notes, language=loaded.language, case=case, folder=folder)


def _edits_replaced(
    folder: Path, files: Mapping[str, bytes], *, force: bool, language: str
) -> tuple[str, ...]:
    """The notes for DOCX files in `folder` edited since we wrote them, which `files` would
    replace; without `force`, the error naming the first of them."""
    from complaintgen.messages.catalog import render
    from complaintgen.writers.docx_writer import edited

    found = [
        folder / name
        for name in files
        if name.endswith(".docx")
        and (folder / name).is_file()
        and edited((folder / name).read_bytes())
    ]
    if found and not force:
        raise OutputError(render("docx.edited", language, file=found[0]))
    return tuple(render("docx.replaced", language, file=path) for path in found)


def _registered(register: Path, client: str, loaded: Case, made: Made, folder: Path) -> Path:
    """Fill in the pages and files of the documents just written into their register lines."""
    from complaintgen.batch import register as ledger

    assert made.packet is not None
    ledger.record(register, client, ledger.ledger_entries(loaded, made.packet, made.files, folder))
    return register


def citations(status: str | None = None) -> list[Citation]:
    """The registry's citations, or only those with `status` (verified, partial, unverified)."""
    from complaintgen.law.registry import citations as registry

    return [c for c in registry().values() if status is None or c.status == status]


# --- After filing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    path: Path
    backup: Path | None
    message: str  # what was added or updated, and where the previous version is


def record(
    case: Path,
    *,
    document: str,
    sent: dt.date,
    channel: str | None = None,
    tracking: str | None = None,
    reference: str | None = None,
    delivered_on: dt.date | None = None,
    answer_on: dt.date | None = None,
    answer: str | None = None,
    today: dt.date | None = None,
    answer_kind: str | None = None,
    answered_by: str | None = None,
) -> Recorded:
    """Record a filing (or its answer) in the case file, keeping its comments and layout."""
    from complaintgen.tracking.record import Entry, record_filing

    entry = Entry(
        document=document,
        sent_on=sent,
        channel=channel,
        tracking=tracking,
        reference=reference,
        delivered_on=delivered_on,
        answer_on=answer_on,
        answer=answer,
        answer_kind=answer_kind,
        answered_by=answered_by,
    )
    done = record_filing(case, entry, today=_today(today))
    return Recorded(done.path, done.backup, done.message())


@dataclass(frozen=True)
class Status:
    table: str
    needs_action: bool  # an answer is overdue and its next step not taken
    calendar: Path | None  # the reminders file written, if asked for
    language: str = "en"  # the case's, for what the command line adds
    # Each filing as data (ISO dates, days left, next step) and the notes, for scripts.
    filings: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()


def status(
    case: Path, *, today: dt.date | None = None, ics: Path | None = None, force: bool = False
) -> Status:
    """Each filing's answer due date and next step; reminders written to `ics` if given."""
    from complaintgen.tracking.status import status as tracked

    report = tracked(case, today=_today(today), ics=ics, force=force)
    return Status(
        report.table,
        report.needs_action,
        report.calendar,
        report.language,
        report.filings,
        report.notes,
    )


def followup(
    case: Path,
    *,
    output: Path | None = None,
    today: dt.date | None = None,
    refused: Iterable[int] = (),
    force: bool = False,
) -> Written:
    """The next complaint up the ladder for each overdue filing, and for the filings numbered
    in `refused`, written to `output` (default: `default_folder`, beside the documents)."""
    from complaintgen.tracking.followup import followup_case

    folder = output if output is not None else default_folder(case)
    done = followup_case(case, folder, today=_today(today), refused=tuple(refused), force=force)
    return Written(done.paths, done.notes, language=done.language)


# --- Privacy -----------------------------------------------------------------------------------


def plaintext_copies(case: Path) -> list[Path]:
    """The plain files `encrypt` replaces (the case file and its backup)."""
    from complaintgen.privacy.encryption import plaintext_copies as copies

    return copies(case)


def encrypt(case: Path, *, force: bool = False) -> Encrypted:
    """Encrypt the case file (and its backup) with a passphrase, then wipe the plain files."""
    from complaintgen.privacy.encryption import encrypt_case_file

    return encrypt_case_file(case, force=force)


def decrypt(case: Path, *, output: Path | None = None, force: bool = False) -> Path:
    """The plain YAML of an encrypted case file, beside it or at `output`; the .age is kept."""
    from complaintgen.privacy.encryption import decrypt_case_file

    return decrypt_case_file(case, output=output, force=force)


@dataclass(frozen=True)
class WipePlan:
    paths: tuple[Path, ...]
    outputs: Path | None
    # The default documents folder, when it holds documents and `outputs` was not given.
    documents_left: Path | None = None


def wipe_plan(case: Path, outputs: Path | None = None) -> WipePlan:
    """Every file `wipe` would overwrite and delete: the case file, its backup, leftovers, and
    the documents complaintgen named in `outputs`."""
    from complaintgen.privacy.wipe import documents_in
    from complaintgen.privacy.wipe import wipe_plan as planned

    paths = tuple(planned(case, outputs))
    default = default_folder(case)
    left = default if outputs is None and documents_in(default) else None
    return WipePlan(paths, outputs, left)


def wipe(planned: WipePlan) -> list[Path]:
    """Overwrite with random bytes, then delete, every file of `planned`."""
    from complaintgen.privacy.wipe import wipe_files

    return wipe_files(list(planned.paths), folder=planned.outputs)


# --- Many clients, and the questionnaire -------------------------------------------------------


def batch(
    source: Path,
    output: Path,
    *,
    jobs: int | None = None,
    register_start: int = 1,
    register: Path | None = None,
    date: dt.date | None = None,
    today: dt.date | None = None,
    force: bool = False,
    ask_passphrase: Callable[[], str] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Finished:
    """A packet per client (a folder of case files, or a CSV/XLSX row each) under `output`,
    with register.csv, and failures.csv when a case failed; one failure stops no other."""
    from complaintgen.batch.run import make_packets

    return make_packets(
        source,
        output,
        today=_today(today),
        date=date,
        jobs=jobs,
        register_start=register_start,
        register=register if register is not None else config().register,
        force=force,
        ask_passphrase=ask_passphrase,
        on_progress=on_progress,
    )


class Prompter(Protocol):
    """How the questionnaire talks to a person: a terminal, a test, a web page."""

    def ask(self, prompt: str, default: str) -> str: ...

    def say(self, text: str) -> None: ...


def new_case(
    case: Path,
    prompter: Prompter,
    *,
    language: str = "ru",
    today: dt.date | None = None,
    force: bool = False,
) -> bool:
    """Ask every section, saving after each (an interrupted run resumes); True when the person
    wants the documents made now.

    `new_case` and `edit_case` are the only functions here that import the questionnaire."""
    from complaintgen.interview.questionnaire import new_case as ask

    return ask(case, prompter, language=language, today=_today(today), force=force)


def edit_case(
    case: Path,
    prompter: Prompter,
    *,
    section: str | None = None,
    language: str = "ru",
    today: dt.date | None = None,
) -> bool:
    """Ask one section again, with the old answers as defaults; the rest stays as it was.
    True when the person wants the documents made now."""
    from complaintgen.interview.questionnaire import edit_case as ask

    return ask(case, prompter, section=section, language=language, today=_today(today))


# --- An upload from a front end (the web page's photo of a document) ---------------------------

# The largest upload a front end takes: a phone's photo is 2–8 MB, a scanned PDF a few more.
UPLOAD_LIMIT = 20 * 1024 * 1024
_PHOTO_SIGNATURES = {b"\xff\xd8\xff": "jpeg", b"\x89PNG\r\n\x1a\n": "png"}


def save_upload(folder: Path, stem: str, data: bytes, *, language: str = "ru") -> Path:
    """An uploaded PDF, or a photo (JPEG, PNG) made one A4 PDF page, saved whole and 0600 as
    ``folder/STEM.pdf``, for an attachment's `file`: the page then goes into 00_packet.pdf and
    is counted in the letters and the inventory. A wrong type or size is one line in
    `language`."""
    from complaintgen import messages
    from complaintgen.storage.atomic import write_atomic

    if len(data) > UPLOAD_LIMIT:
        limit = UPLOAD_LIMIT // (1024 * 1024)
        raise ComplaintgenError(messages.render("upload.too_big", language, limit=limit))
    if data.startswith(b"%PDF-"):
        pdf = data
    elif any(data.startswith(signature) for signature in _PHOTO_SIGNATURES):
        pdf = _photo_page(data, language)
    else:
        raise ComplaintgenError(messages.render("upload.type", language))
    folder.mkdir(parents=True, exist_ok=True)
    return write_atomic(folder / f"{stem}.pdf", pdf)


def _photo_page(data: bytes, language: str) -> bytes:
    """The photo as one PDF page, scaled to fit A4 (210 × 297 mm) whole, turned as taken."""
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    from complaintgen import messages

    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ComplaintgenError(messages.render("upload.unreadable", language)) from None
    width, height = image.size
    # The resolution at which the picture fills A4 (8.27 × 11.69 in) without being cut.
    resolution = max(width / 8.27, height / 11.69)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=resolution)
    return out.getvalue()


def preview_html(case: Case, document: str) -> str:
    """The HTML the PDF writer makes of one document of `case` (for a live preview)."""
    from complaintgen.packet.attachments import resolve_attachments, with_page_counts
    from complaintgen.packet.plan import document_language
    from complaintgen.render.rendering import render_letter
    from complaintgen.writers.pdf_writer import letter_html

    counted = with_page_counts(case, resolve_attachments(case))
    letter = render_letter(counted, document, document_language(case, document))
    return letter_html(letter.filed(), case.date)


def preview_stylesheet() -> str:
    """The PDF writer's stylesheet, for the preview of `preview_html`, without its fonts: they
    are files on this machine, which a page is not let to load (the browser's own serif
    stands in)."""
    from complaintgen.writers.pdf_writer import stylesheet_text

    lines = stylesheet_text().splitlines()
    return "\n".join(line for line in lines if not line.startswith("@font-face"))


# --- The bundled examples (issue 15: install and first run) -----------------------------------


def examples(language: str) -> list[tuple[str, str]]:
    """(name, one-line description in `language`) of each example case shipped in the package."""
    from complaintgen.bundled import example_description, example_names

    return [(name, example_description(name, language)) for name in example_names()]


def example(name: str, language: str) -> str:
    """The case file of the bundled example `name`, as text to save and edit."""
    from complaintgen.bundled import example_text

    return example_text(name, language)


def sample_clients() -> bytes:
    """The sample spreadsheet for `batch`: every column of the format, one row per voice."""
    from complaintgen.bundled import sample_clients as sample

    return sample()


def write_new_file(path: Path, data: bytes, language: str, *, force: bool = False) -> Path:
    """Write `data` to `path` atomically; an existing file is replaced only with `force`."""
    from complaintgen import messages
    from complaintgen.storage.atomic import write_atomic

    if path.exists() and not force:
        raise ComplaintgenError(messages.render("example.exists", language, path=path))
    return write_atomic(path, data)


# --- Re-issuing an edited letter ---------------------------------------------------------------


def reissue(docx: Path, case: Path, *, today: dt.date | None = None) -> Written:
    """The PDF of the edited `docx` (a letter of the packet of `case`) made by LibreOffice, then
    its copy, its Ф.107 and the combined packet made again from it (packet.reissue). The
    documents keep the date `build` gave them (from the DOCX's properties)."""
    from complaintgen.packet.reissue import reissue_files, written_on
    from complaintgen.storage.atomic import write_files

    try:
        loaded = load_case(case, date=written_on(docx), today=today)
    except CaseError as error:
        raise in_one_line(error, case) from None
    files = reissue_files(docx, loaded)
    written = write_files(docx.parent, files, force=True, language=loaded.language)
    return Written(tuple(written), language=loaded.language)


# --- The organisation's defaults ---------------------------------------------------------------


def config() -> Config:
    """The settings of the user's config file (config.py): register, templates, advocate."""
    from complaintgen.config import load_config

    return load_config()
