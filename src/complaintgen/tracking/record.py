"""`complaintgen record`: what was sent, and the answer, written into the case file.

The case file is the user's own text, with their comments and layout, so it is edited, not
rewritten (`complaintgen.tracking.case_edit`). Before anything is written the edited text is read
back the way `load_case` reads it, and it must give the same data plus exactly the change asked
for, and a valid case; otherwise nothing is written. The write is atomic and keeps the previous
version beside the file (``CASE.bak``). The file is locked from the read to the write, so that
two records at once add both entries, one after the other; its line ends are kept.

Dates are checked against two fixed points: a document cannot be sent before the date printed on
it (the case's ``date``), and nothing recorded can happen after today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from complaintgen.case.model import DOCUMENT_IDS, Channel
from complaintgen.errors import ComplaintgenError
from complaintgen.messages import render
from complaintgen.messages.language import user_language
from complaintgen.storage import casestore
from complaintgen.tracking.case_edit import edit_filings
from complaintgen.tracking.loading import parse_case_text, validate_case_data


@dataclass(frozen=True)
class Entry:
    """What `record` was asked to write (`None`: leave as it is)."""

    document: str
    sent_on: dt.date
    channel: str | None = None
    tracking: str | None = None
    reference: str | None = None
    delivered_on: dt.date | None = None
    answer_on: dt.date | None = None
    answer: str | None = None
    # What the answer was (refusal | forwarded | merits) and who signed it: a refusal is the
    # decision a court claim contests, and its three months run from it (КАС ст. 219).
    answer_kind: str | None = None
    answered_by: str | None = None

    def values(self) -> dict[str, Any]:
        """The keys to set, in the order the case format lists them."""
        order = (
            "channel",
            "reference",
            "tracking",
            "delivered_on",
            "answer_on",
            "answer",
            "answer_kind",
            "answered_by",
        )
        return {key: getattr(self, key) for key in order if getattr(self, key) is not None}


@dataclass(frozen=True)
class Recorded:
    path: Path
    backup: Path | None
    index: int
    added: bool
    changes: tuple[str, ...] = field(default=())
    language: str = "en"

    def message(self) -> str:
        where = {"path": self.path, "index": self.index}
        if not self.changes:
            return render("record.unchanged", self.language, **where)
        what = "record.added" if self.added else "record.updated"
        done = render(what, self.language, changes=", ".join(self.changes), **where)
        if self.backup is None:
            return done
        return f"{done}; {render('record.backup', self.language, backup=self.backup)}"


def record_filing(path: Path, entry: Entry, *, today: dt.date) -> Recorded:
    """Add `entry` to the case file's filings, or update the one with its document and date."""
    with casestore.locked(path):
        return _record_locked(path, entry, today=today)


def _record_locked(path: Path, entry: Entry, *, today: dt.date) -> Recorded:
    text, newline = casestore.read_text_and_newline(path)
    data, node = parse_case_text(text, path)
    validate_case_data(
        data, path, node, today
    )  # a broken file is reported as it is, before any edit
    language = user_language(data.get("language", "ru"))  # the case format's default
    if entry.document not in DOCUMENT_IDS:
        raise ComplaintgenError(
            render(
                "record.unknown_document",
                language,
                document=entry.document,
                documents=list(DOCUMENT_IDS),
            )
        )
    filings = list(data.get("filings") or [])
    index = _same_filing(filings, entry)
    current = dict(filings[index]) if index is not None else {}
    _check_dates(path, entry, data.get("date"), current, today, language)
    if index is None and entry.channel is None:
        raise ComplaintgenError(
            render(
                "record.needs_channel",
                language,
                path=path,
                document=entry.document,
                sent_on=entry.sent_on,
                channels=list(get_args(Channel)),
            )
        )
    changes = _changes(entry, current, new=index is None, none=render("record.none", language))
    position = len(filings) if index is None else index
    if index is not None and not changes:
        return Recorded(path, None, position, added=False, language=language)
    whole = {"document": entry.document, "sent_on": entry.sent_on, **entry.values()}
    new_text = edit_filings(
        text, path, position, whole if index is None else entry.values(), new=index is None
    )
    new_data, new_node = parse_case_text(new_text, path)
    expected = {**current, "document": entry.document, "sent_on": entry.sent_on, **entry.values()}
    _check_edit(path, data, new_data, position, expected, language)
    validate_case_data(new_data, path, new_node, today)
    backup = casestore.backup_path(casestore.real_path(path))
    casestore.write_text(path, new_text.replace("\n", newline), backup=True)
    return Recorded(path, backup, position, added=index is None, changes=changes, language=language)


def _same_filing(filings: list[Any], entry: Entry) -> int | None:
    """The index of the filing with `entry`'s document and date: the one a new record updates."""
    for i, old in enumerate(filings):
        if isinstance(old, dict) and (old.get("document"), old.get("sent_on")) == (
            entry.document,
            entry.sent_on,
        ):
            return i
    return None


def _changes(entry: Entry, current: dict[str, Any], *, new: bool, none: str) -> tuple[str, ...]:
    """What the record changes, for the message: «answer_on (none) → 2026-12-10»."""
    if new:
        given = (f"{key} {value}" for key, value in entry.values().items())
        return (f"document {entry.document}", f"sent_on {entry.sent_on}", *given)
    return tuple(
        f"{key} {none if current.get(key) is None else current[key]} → {value}"
        for key, value in entry.values().items()
        if current.get(key) != value
    )


def _check_dates(
    path: Path,
    entry: Entry,
    printed: Any,
    current: dict[str, Any],
    today: dt.date,
    language: str,
) -> None:
    """Refuse dates that cannot be true, in one line naming the option."""
    # Only a new filing is held to the documents' date: one already in the file may be an
    # earlier document (the рапорт of last year) whose answer is being recorded.
    if not current and isinstance(printed, dt.date) and entry.sent_on < printed:
        raise ComplaintgenError(
            render("record.sent_before_date", language, path=path, sent=entry.sent_on, date=printed)
        )
    for option, value in (
        ("--sent", entry.sent_on),
        ("--delivered-on", entry.delivered_on),
        ("--answer-on", entry.answer_on),
    ):
        if value is not None and value > today:
            raise ComplaintgenError(
                render(
                    "record.after_today",
                    language,
                    path=path,
                    option=option,
                    value=value,
                    today=today,
                )
            )
    for value, code in (
        (entry.delivered_on, "record.delivered_before_sent"),
        (entry.answer_on, "record.answer_before_sent"),
    ):
        if value is not None and value < entry.sent_on:
            raise ComplaintgenError(
                render(code, language, path=path, value=value, sent=entry.sent_on)
            )
    about_answer = (
        ("--answer", entry.answer),
        ("--answer-kind", entry.answer_kind),
        ("--answered-by", entry.answered_by),
    )
    for name, words in about_answer:
        if words is not None and entry.answer_on is None and current.get("answer_on") is None:
            raise ComplaintgenError(
                render("record.needs_answer_on", language, path=path, option=name)
            )


def _check_edit(
    path: Path,
    before: dict[str, Any],
    after: dict[str, Any],
    position: int,
    expected: dict[str, Any],
    language: str,
) -> None:
    """The edited file must hold the same data, with exactly this one entry changed."""
    old_filings = list(before.get("filings") or [])
    new_filings = list(after.get("filings") or [])
    wanted_filings = [*old_filings[:position], expected, *old_filings[position + 1 :]]
    rest_same = {k: v for k, v in before.items() if k != "filings"} == {
        k: v for k, v in after.items() if k != "filings"
    }
    if not rest_same or new_filings != wanted_filings:
        raise ComplaintgenError(render("record.edit_unsafe", language, path=path))
