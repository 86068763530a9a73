"""Making a packet: render the planned letters, then every file made from them, in memory.

The files: each letter as DOCX, PDF and (for online receptions) text, holding only what is filed;
the applicant's copies (copies.py), the postal inventories (inventory.py), the combined PDF and
the filing guide (combined.py), and the read-me with the notes to the applicant (read_me.py).
The ``_filing`` partials are made once per packet and shared by all of them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from complaintgen.case.model import Case
from complaintgen.packet.attachments import (
    ResolvedAttachment,
    resolve_attachments,
    with_page_counts,
)
from complaintgen.packet.combined import combined_pdf, guide_letter
from complaintgen.packet.copies import copies_docx, letters_and_copies_pdf
from complaintgen.packet.inventory import inventory_files
from complaintgen.packet.online import online_notes, online_text
from complaintgen.packet.partials import Partials
from complaintgen.packet.plan import (
    COMBINED_NAME,
    FORMATS,
    GUIDE_NAME,
    ONLINE_DOCUMENTS,
    READ_ME_STEM,
    Memo,
    Packet,
    document_language,
    is_filed,
    planned_documents,
    reading_language,
)
from complaintgen.packet.read_me import read_me_letter
from complaintgen.render.rendering import render_letter
from complaintgen.writers.files import letter_bytes, letter_files
from complaintgen.writers.letter import Letter

__all__ = ["make_packet", "packet_files"]

# The read-me goes in the first of these formats the build makes, so that a build in any one
# format still gives the applicant the notes.
_READ_ME_FORMATS = ("pdf", "docx", "txt")


def make_packet(case: Case, *, templates: Path | None = None) -> Packet:
    """Render every document the case asks for, or every one it has the facts for.

    `templates`: an organisation's folder of templates that override the built-in ones. The
    letters are kept as filed; the notes to the applicant they bring are kept apart.
    """
    documents, notes = planned_documents(case)
    # Page counts of attachments given as files go into every letter's «Приложения».
    attachments = resolve_attachments(case)
    counted = with_page_counts(case, attachments)
    rendered = [
        render_letter(counted, doc_id, document_language(case, doc_id), templates=templates)
        for doc_id in documents
    ]
    readings = [
        render_letter(counted, doc_id, language, templates=templates)
        for doc_id in documents
        if (language := reading_language(case, doc_id)) is not None
    ]
    # The notes go into the read-me in the case's language: from the copies to read, where
    # the letters are filed in another language.
    by_id = {letter.doc_id: letter for letter in rendered}
    by_id.update((letter.doc_id, letter) for letter in readings)
    memos = tuple(
        Memo(letter.doc_id, letter.title, letter.memo) for letter in by_id.values() if letter.memo
    )
    packet = Packet(
        tuple(letter.filed() for letter in rendered),
        (),
        attachments,
        memos,
        tuple(letter.filed() for letter in readings),
    )
    texts = [
        online_text(case, letter, packet.file_name(letter, "txt"))
        for letter in packet.letters
        if is_filed(letter) and letter.doc_id in ONLINE_DOCUMENTS
    ]
    online = online_notes((text for text in texts if text is not None), case.language)
    return dataclasses.replace(packet, notes=(*notes, *online))


def packet_files(
    case: Case,
    packet: Packet,
    formats: tuple[str, ...] = FORMATS,
    *,
    pdf_variant: str | None = None,
) -> dict[str, bytes]:
    """File name → bytes for every letter in every format asked for, and the packet's own files.

    `pdf_variant`: "pdf/a-2b" or "pdf/ua-1" (see pdf_writer.PDF_VARIANTS); None, plain PDF.
    """
    partials = Partials(case)
    # Made before the other files are forked off, so that the template context is built once.
    partials.prepare({case.language, *(letter.language for letter in packet.letters)})
    if "docx" in formats:
        from complaintgen.writers.docx_writer import prepare

        prepare({letter.language for letter in (*packet.letters, *packet.readings)})
    # On two cores the letters are laid out on both: a forked process takes letters from the
    # same queue as this one, then makes what needs none of their pages, while this one makes
    # what is made from all their pages (the inventories, the combined PDF).
    letters = packet.letters if "pdf" in formats else ()
    here: Iterable[Letter]
    there: Iterable[Letter]
    if _Elsewhere.can_fork():
        here = there = _Queue(letters)
    else:
        here, there = letters, ()
    others = _Elsewhere(_other_files, case, packet, partials, formats, pdf_variant, there)
    try:
        files = _paged_files(case, packet, partials, formats, pdf_variant, here, others)
        files.update(others.next())
    finally:
        others.close()
    # In name order: 00_… first, then each document's files together.
    return dict(sorted(files.items()))


class _Queue:
    """Letters that two processes lay out, each taking the next one when it is free, so that
    neither waits for the other however long each letter takes."""

    def __init__(self, letters: Sequence[Letter]) -> None:
        self._letters = letters
        self._taken = multiprocessing.get_context("fork").Value("i", 0)  # shared memory

    def __iter__(self) -> Iterator[Letter]:
        while True:
            with self._taken.get_lock():
                number = self._taken.value
                self._taken.value = number + 1
            if number >= len(self._letters):
                return
            yield self._letters[number]


def _paged_files(
    case: Case,
    packet: Packet,
    partials: Partials,
    formats: Sequence[str],
    pdf_variant: str | None,
    here: Iterable[Letter],
    others: _Elsewhere,
) -> dict[str, bytes]:
    """The letters' PDFs (those of `here` laid out in this process, the others' received from
    `others`) and what is made from their pages: the applicant's copies, the postal
    inventories (which count the sheets) and the combined PDF."""
    files = letters_and_copies_pdf(case, packet, partials, here, pdf_variant)
    files.update(others.next())
    if "pdf" not in formats:
        return files
    # A letter the other process took and did not send (it failed) is laid out here.
    missing = [letter for letter in packet.letters if packet.file_name(letter, "pdf") not in files]
    files.update(letters_and_copies_pdf(case, packet, partials, missing, pdf_variant))
    date = case.date
    letters = [(packet.file_stem(letter), letter) for letter in packet.letters]
    attachments = _attachments(case, packet)
    # pypdf puts the inventories and the combined file together from pages and keeps no PDF/A
    # or PDF/UA claim, so their pages are plain PDF; the letters' own files are those pages
    # unless a variant was asked for.
    pdfs = {
        letter.doc_id: (
            files[f"{stem}.pdf"] if pdf_variant is None else letter_bytes(letter, "pdf", date=date)
        )
        for stem, letter in letters
    }
    files.update(inventory_files(packet, partials, pdfs, attachments, date=date))
    files[COMBINED_NAME] = combined_pdf(case, packet, pdfs, attachments, partials)
    return files


def _other_files(
    case: Case,
    packet: Packet,
    partials: Partials,
    formats: Sequence[str],
    pdf_variant: str | None,
    letters: Iterable[Letter],
) -> Iterator[dict[str, bytes]]:
    """The files the other process makes, in two parts: first the PDFs and copies of
    `letters`, which the inventories and the combined PDF wait for; then every file that needs
    no letter's PDF: the DOCX files (the copies' made from their letters'), the copies to read,
    the online texts, the filing guide and the read-me."""
    yield letters_and_copies_pdf(case, packet, partials, letters, pdf_variant)
    date = case.date
    files: dict[str, bytes] = {}
    if "pdf" in formats:
        readings = [(packet.file_stem(letter), letter) for letter in packet.readings]
        files.update(letter_files(readings, ("pdf",), date=date, pdf_variant=pdf_variant))
    everything = [
        (packet.file_stem(letter), letter) for letter in (*packet.letters, *packet.readings)
    ]
    if "docx" in formats:
        files.update(letter_files(everything, ("docx",), date=date))
        files.update(copies_docx(packet, partials, files))
    if "txt" in formats:
        online = [
            (packet.file_stem(letter), letter)
            for letter in packet.letters
            if letter.doc_id in ONLINE_DOCUMENTS
        ]
        files.update(letter_files(online, ("txt",), date=date))
    if "pdf" in formats:
        guide = guide_letter(case, packet, partials)
        files[GUIDE_NAME] = letter_bytes(guide, "pdf", date=date, pdf_variant=pdf_variant)
    read_me = read_me_letter(case, packet, partials)
    made = [extension for extension in _READ_ME_FORMATS if extension in formats]
    if read_me is not None and made:
        files.update(
            letter_files([(READ_ME_STEM, read_me)], made[:1], date=date, pdf_variant=pdf_variant)
        )
    yield files


def _attachments(case: Case, packet: Packet) -> Sequence[ResolvedAttachment]:
    """The attachments `make_packet` settled, or settled now for a packet made without them."""
    return packet.attachments if packet.attachments is not None else resolve_attachments(case)


class _Elsewhere:
    """The parts `parts(*args)` yields, made in a forked process when that can help, else made
    here as they are asked for.

    Only where fork is safe and cheap (`can_fork`). The parts come back through a pipe, each as
    soon as it is made; if the process fails, the parts still to come are made here (the
    first ones again, as the generator gives them, to reach them), which raises the error
    itself or, if the process died, gives them anyway.
    """

    def __init__(self, parts: Callable[..., Iterator[Any]], *args: Any) -> None:
        self._make: Callable[[], Iterator[Any]] = lambda: parts(*args)
        self._received = 0
        self._here: Iterator[Any] | None = None
        self._process: Any = None
        if self.can_fork():
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_send, args=(sender, self._make, os.getpid()), daemon=True
            )
            # The collector left off the objects both processes share, so that neither copies
            # every page of them by marking them; back on when the process is let go.
            gc.freeze()
            try:
                process.start()
            except BaseException:
                gc.unfreeze()
                raise
            finally:
                sender.close()
            self._process = process
        else:
            self._here = self._make()

    @staticmethod
    def can_fork() -> bool:
        """Linux (the renderer's loaded modules and the packet's partials are shared, not
        copied or pickled), a second core, and not inside a batch worker, which may not have
        children and whose cores are busy with other cases already."""
        return (
            sys.platform == "linux"
            and (os.cpu_count() or 1) > 1
            and not multiprocessing.current_process().daemon
        )

    def next(self) -> Any:
        """The next part."""
        if self._here is None:
            try:
                failed, value = self._receiver.recv()
            except EOFError:
                failed, value = True, None
            except BaseException:  # Ctrl-C while waiting: the process must not outlive this one
                self.close()
                raise
            if not failed:
                self._received += 1
                return value
            self.close()
            self._here = self._make()
            for _ in range(self._received):
                next(self._here)
        return next(self._here)

    def close(self) -> None:
        """Stop the process, if it is still at work, and let it go."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._receiver.close()
            self._process = None
            gc.unfreeze()


def _send(sender: Any, make: Callable[[], Iterator[Any]], parent: int) -> None:
    """In the forked process: each part `make()` yields, down the pipe, then that it failed,
    if it did."""
    die_with_parent(parent)
    # Ctrl-C reaches the whole terminal's process group: the parent says so and kills this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for part in make():
            sender.send((False, part))
    except BaseException:  # the parent makes it again, and raises the error itself
        sender.send((True, None))
    sender.close()


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """In a child process (a forked renderer, a batch worker), whose memory holds case data:
    have the kernel kill it when `parent` ends, however it ends (kill -9 included), instead of
    living on as an orphan of init. Linux only (prctl PR_SET_PDEATHSIG); elsewhere, and as a
    second guard, a worker also stops when its pipe to the parent closes."""
    if sys.platform == "linux":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
