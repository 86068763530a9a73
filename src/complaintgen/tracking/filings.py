"""The filing log: `complaintgen record` writes what was sent, and the answer, into the case file.

The case file is the user's own text, with their comments and layout, so it is edited, not
rewritten: only the `filings:` section is produced again (by ruamel.yaml's round-trip, which
keeps the comments inside it), and every other line stays byte for byte as it was. Before
anything is written the edited text is read back the way `load_case` reads it, and it must give
the same data plus exactly the change asked for, and a valid case; otherwise nothing is written.
The write is atomic and keeps the previous version beside the file (``CASE.bak``).

Dates are checked against two fixed points: a document cannot be sent before the date printed on
it (the case's ``date``), and nothing recorded can happen after today.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from complaintgen.case.model import DOCUMENT_IDS, Case, Filing
from complaintgen.errors import CaseError, ComplaintgenError
from complaintgen.storage import casestore

CHANNELS = ("in_person", "post", "online")


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

    def values(self) -> dict[str, Any]:
        """The keys to set, in the order the case format lists them."""
        order = ("channel", "reference", "tracking", "delivered_on", "answer_on", "answer")
        return {key: getattr(self, key) for key in order if getattr(self, key) is not None}


@dataclass(frozen=True)
class Recorded:
    path: Path
    backup: Path | None
    index: int
    added: bool
    changes: tuple[str, ...] = field(default=())

    def message(self) -> str:
        what = "added" if self.added else "updated"
        done = f"{self.path}: {what} filings[{self.index}]: {', '.join(self.changes)}"
        if not self.changes:
            return f"{self.path}: filings[{self.index}] already says this; nothing written"
        return done + (f"; the previous version is in {self.backup}" if self.backup else "")


# --- Reading a case the way load_case does --------------------------------------------------


def _parse(text: str, path: Path) -> tuple[Any, Any]:
    """Data and node tree of case-file text, read exactly as `load_case` reads a file, so the
    edited text is judged by the same rules as the file will be when it is next loaded."""
    from complaintgen.case import casefile

    data, node = casefile.parse_yaml(text, path)
    if not isinstance(data, dict):
        raise ComplaintgenError(f"{path}: not a case file; see examples/smirnov.yaml")
    return data, node


def tracking_date(data: dict[str, Any], today: dt.date) -> dt.date:
    """The date to validate a case against once things have been filed: the later of the date
    printed on its documents and today, because filings and answers come after the documents."""
    printed = data.get("date")
    return max(printed, today) if isinstance(printed, dt.date) else today


def _validate(data: dict[str, Any], path: Path, node: Any, today: dt.date) -> Case:
    from complaintgen.case.casefile import case_from_data

    try:
        return case_from_data(
            data, path=path, node=node, date=tracking_date(data, today), today=today
        )
    except CaseError as error:
        more = len(error.problems) - 1
        hint = f" (and {more} more: see complaintgen validate {path})" if more else ""
        raise CaseError([f"{error.problems[0]}{hint}"]) from None


def load_tracked_case(path: Path, *, today: dt.date) -> Case:
    """A case for `status` and `followup`: validated against today as well as its own date."""
    data, node = _parse(casestore.read_text(path), path)
    return _validate(data, path, node, today)


# --- status ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    table: str
    needs_action: bool  # an answer is overdue and its next step not taken: exit code 3
    calendar: Path | None


def status(path: Path, *, today: dt.date, ics: Path | None = None, force: bool = False) -> Status:
    """The status table of the case at `path` on `today`, and its reminders written to `ics`."""
    from complaintgen.tracking import deadlines

    case = load_tracked_case(path, today=today)
    tracked = deadlines.track(case, today)
    written = (
        deadlines.write_calendar(ics, deadlines.calendar_text(case, tracked), force=force)
        if ics is not None
        else None
    )
    return Status(
        table=deadlines.status_table(case, tracked, str(path)),
        needs_action=any(item.needs_action for item in tracked),
        calendar=written,
    )


# --- record ----------------------------------------------------------------------------------


def record_filing(path: Path, entry: Entry, *, today: dt.date) -> Recorded:
    """Add `entry` to the case file's filings, or update the one with its document and date."""
    if entry.document not in DOCUMENT_IDS:
        raise ComplaintgenError(
            f"--document {entry.document}: not a document of the case format; write one of "
            f"{', '.join(DOCUMENT_IDS)}"
        )
    text = casestore.read_text(path)
    data, node = _parse(text, path)
    _validate(data, path, node, today)  # a broken file is reported as it is, before any edit
    filings = list(data.get("filings") or [])
    index = _same_filing(filings, entry)
    current = dict(filings[index]) if index is not None else {}
    _check_dates(path, entry, data.get("date"), current, today)
    if index is None and entry.channel is None:
        raise ComplaintgenError(
            f"{path}: filings has no {entry.document} sent on {entry.sent_on}; to add it, give "
            "--channel (in_person, post or online)"
        )
    changes = _changes(entry, current, new=index is None)
    position = len(filings) if index is None else index
    if index is not None and not changes:
        return Recorded(path, None, position, added=False)
    new_text = edit_filings(text, path, position, entry, new=index is None)
    new_data, new_node = _parse(new_text, path)
    expected = {**current, "document": entry.document, "sent_on": entry.sent_on, **entry.values()}
    _check_edit(path, data, new_data, position, expected)
    _validate(new_data, path, new_node, today)
    backup = casestore.backup_path(path)
    casestore.write_text(path, new_text, backup=True)
    return Recorded(path, backup, position, added=index is None, changes=changes)


def _same_filing(filings: list[Any], entry: Entry) -> int | None:
    """The index of the filing with `entry`'s document and date: the one a new record updates."""
    for i, old in enumerate(filings):
        if isinstance(old, dict) and (old.get("document"), old.get("sent_on")) == (
            entry.document,
            entry.sent_on,
        ):
            return i
    return None


def _changes(entry: Entry, current: dict[str, Any], *, new: bool) -> tuple[str, ...]:
    """What the record changes, for the message: «answer_on (none) → 2026-12-10»."""
    if new:
        given = (f"{key} {value}" for key, value in entry.values().items())
        return (f"document {entry.document}", f"sent_on {entry.sent_on}", *given)
    return tuple(
        f"{key} {'(none)' if current.get(key) is None else current[key]} → {value}"
        for key, value in entry.values().items()
        if current.get(key) != value
    )


def _check_dates(
    path: Path, entry: Entry, printed: Any, current: dict[str, Any], today: dt.date
) -> None:
    """Refuse dates that cannot be true, in one line naming the option."""
    # Only a new filing is held to the documents' date: one already in the file may be an
    # earlier document (the рапорт of last year) whose answer is being recorded.
    if not current and isinstance(printed, dt.date) and entry.sent_on < printed:
        raise ComplaintgenError(
            f"{path}: --sent {entry.sent_on} is before the documents' date ({printed}, `date` in "
            "the case file); a document cannot be sent before the date printed on it: check "
            "--sent, or give the case the date of the documents you sent"
        )
    for option, value in (
        ("--sent", entry.sent_on),
        ("--delivered-on", entry.delivered_on),
        ("--answer-on", entry.answer_on),
    ):
        if value is not None and value > today:
            raise ComplaintgenError(
                f"{path}: {option} {value} is after today ({today}); record what has happened, "
                "when it has happened"
            )
    for option, value, what in (
        ("--delivered-on", entry.delivered_on, "it arrived"),
        ("--answer-on", entry.answer_on, "the answer came"),
    ):
        if value is not None and value < entry.sent_on:
            raise ComplaintgenError(
                f"{path}: {option} {value} is before --sent {entry.sent_on}; {what} after it was "
                "sent, so check both dates"
            )
    if entry.answer is not None and entry.answer_on is None and current.get("answer_on") is None:
        raise ComplaintgenError(
            f"{path}: --answer needs --answer-on, the date the answer arrived: the court period "
            "runs from it"
        )


def _check_edit(
    path: Path,
    before: dict[str, Any],
    after: dict[str, Any],
    position: int,
    expected: dict[str, Any],
) -> None:
    """The edited file must hold the same data, with exactly this one entry changed."""
    old_filings = list(before.get("filings") or [])
    new_filings = list(after.get("filings") or [])
    wanted_filings = [*old_filings[:position], expected, *old_filings[position + 1 :]]
    rest_same = {k: v for k, v in before.items() if k != "filings"} == {
        k: v for k, v in after.items() if k != "filings"
    }
    if not rest_same or new_filings != wanted_filings:
        raise ComplaintgenError(
            f"{path}: complaintgen could not edit filings without changing something else, so "
            "nothing was written; add the entry by hand (see docs/case-format.md)"
        )


# --- Editing the text ------------------------------------------------------------------------


def edit_filings(text: str, path: Path, position: int, entry: Entry, *, new: bool) -> str:
    """`text` with filings[position] added or updated; every line outside `filings:` unchanged."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the user wrote on one
    yaml.representer.add_representer(type(None), _null)
    try:
        doc = yaml.load(text)
    except YAMLError as error:
        raise ComplaintgenError(f"{path}: not valid YAML ({error})") from None
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    keys = list(doc)
    existing = doc.get("filings")
    # ruamel marks `[]` as neither flow nor block: an empty list is rewritten from its key line.
    block = isinstance(existing, CommentedSeq) and bool(existing) and not existing.fa.flow_style()
    if "filings" in doc and existing is not None and not (block or existing == []):
        raise ComplaintgenError(
            f"{path}: filings is not written as a list of entries; write it like "
            "examples/smirnov.yaml does and run record again"
        )
    start = doc.lc.key("filings")[0] if "filings" in doc else len(lines)
    later = keys[keys.index("filings") + 1 :] if "filings" in doc else []
    end = doc.lc.key(later[0])[0] if later else len(lines)
    seq = existing if block else CommentedSeq()
    _drop_trailing_comments(seq)
    if new:
        seq.append(_new_mapping(entry))
    else:
        for key, value in entry.values().items():
            _set(seq[position], key, value)
    indent = _indentation(lines, seq, doc)
    yaml.indent(**indent)
    out = io.StringIO()
    yaml.dump({"filings": seq}, out)
    dumped = out.getvalue().splitlines(keepends=True)
    region = lines[start:end]
    content_end = len(region)
    while content_end > 1 and _blank_or_comment(region[content_end - 1]):
        content_end -= 1
    separator = region[content_end:]
    if not block and "filings" in doc:
        # `filings:` with nothing, null or [] after it: keep that line's comment, add the list.
        head = region[0].split("#", 1)
        comment = f"  #{head[1].rstrip()}" if len(head) > 1 else ""
        produced = [f"filings:{comment}\n", *dumped[1:]]
    else:
        produced = dumped
    while produced and _blank_or_comment(produced[-1]) and len(produced) > 1:
        produced.pop()
    before = lines[:start]
    if before and not before[-1].endswith(("\n", "\r")):
        before[-1] += newline
    if "filings" not in doc and before and before[-1].strip():
        produced = ["\n", *produced]  # a new section, after a blank line like the others
    produced = [line.rstrip("\r\n") + newline for line in produced]
    return "".join([*before, *produced, *separator, *lines[end:]])


def _null(representer: Any, _: None) -> Any:
    # Case files write an absent value as `null` (examples/smirnov.yaml); ruamel would leave it
    # empty, which reads the same but looks like a forgotten value.
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _new_mapping(entry: Entry) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    mapping["document"] = entry.document
    mapping["sent_on"] = entry.sent_on
    for key, value in entry.values().items():
        _set(mapping, key, value)
    return mapping


# The order of a filing's keys, as the model (and docs/case-format.md) lists them: a new key
# goes where a reader expects it.
KEY_ORDER = tuple(Filing.model_fields)


def _set(mapping: Any, key: str, value: Any) -> None:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    # A tracking number is digits: quoted, it stays text (unquoted, YAML makes it a number).
    value = DoubleQuotedScalarString(value) if key == "tracking" else value
    if key in mapping:
        mapping[key] = value
        return
    later = KEY_ORDER[KEY_ORDER.index(key) + 1 :]
    keys = list(mapping)
    position = next((i for i, old in enumerate(keys) if old in later), len(keys))
    mapping.insert(position, key, value)


def _drop_trailing_comments(seq: Any) -> None:
    """Cut the blank lines and comments ruamel keeps after the last value of the list.

    ruamel attaches whatever follows the list (a blank line, a comment heading the next
    section) to the list's last value; they are put back after the list from the original text,
    so that a new entry goes above them rather than below.
    """
    node, key = seq, len(seq) - 1 if len(seq) else None
    while key is not None:
        comments = node.ca.items.get(key)
        if comments:
            for i, token in enumerate(comments):
                if token is not None and hasattr(token, "value"):
                    first = token.value.split("\n", 1)[0]
                    if first.strip():
                        token.value = first + "\n"
                    else:
                        comments[i] = None
        value = node[key]
        if hasattr(value, "ca") and len(value):
            node, key = value, (list(value)[-1] if isinstance(value, dict) else len(value) - 1)
        else:
            key = None


def _indentation(lines: list[str], seq: Any, doc: Any) -> dict[str, int]:
    """The list's own indentation, read from its first entry; the examples' style otherwise."""
    mapping = 2
    for key in doc:
        value = doc[key]
        if isinstance(value, dict) and value:
            mapping = value.lc.key(next(iter(value)))[1] or 2
            break
    if len(seq) and hasattr(seq, "lc") and seq.lc.data:
        line, column = seq.lc.item(0)
        dash = lines[line].rfind("-", 0, column) if line < len(lines) else -1
        if dash >= 0:
            return {"mapping": mapping, "sequence": column, "offset": dash}
    return {"mapping": mapping, "sequence": 4, "offset": 2}


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")
