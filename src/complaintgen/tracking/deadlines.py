"""Deadlines after filing: when each answer is due, who is next on the ladder, reminders.

The periods are data (``data/deadlines.yaml``, each with its citation and status); this module
does the calendar arithmetic and nothing else that a lawyer would want to change:

- a period runs from the day after its event: 30 days from 1 March end on 31 March;
- ФЗ-59's days are calendar days; a period in months ends on the same day of the month, or on
  the month's last day where there is no such day (31 January + 1 month = 28/29 February);
- a period that ends on a Saturday or Sunday ends on the next Monday (ГК РФ ст. 193, recorded
  as unverified). Russian public holidays are **not** modelled, and every output says so.

Where a fact is unknown (when a letter arrived, when it was registered) the latest day the law
allows is assumed, so that an answer is never called overdue too early.

Everything here is pure: the current day comes in as an argument, the case comes in loaded.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from complaintgen.errors import OutputError
from complaintgen.law import registry
from complaintgen.law.registry import STATUSES, RegistryError

if TYPE_CHECKING:
    from pathlib import Path

    from complaintgen.case.model import Case, Filing

EVENTS = ("sent", "received", "registered", "answer_due", "answer_or_refusal")
# The rules complaintgen needs, and the event each is counted from (the order of the chain).
COUNTED_FROM = {
    "delivery_post": "sent",
    "delivery_in_person": "sent",
    "delivery_online": "sent",
    "registration": "received",
    "answer": "registered",
    "answer_extension": "answer_due",
    "court_claim": "answer_or_refusal",
}
_RULE_FIELDS = ("days", "months", "from", "citation", "source", "status", "note")
HOLIDAYS_NOTE = (
    "Weekends move a due date to Monday (ГК РФ ст. 193, unverified); Russian public holidays "
    "are not counted, so check a due date near a holiday yourself."
)


# --- Calendar arithmetic ---------------------------------------------------------------------


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the last day of that month if it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, _month_length(year, month)))


def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def next_working_day(day: dt.date) -> dt.date:
    """`day`, or the Monday after it when it is a Saturday or a Sunday (holidays not modelled)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Rule:
    """One period: its length, the event it runs from, and what it rests on."""

    key: str
    days: int | None
    months: int | None
    start: str
    citation: str | None
    source: tuple[str, ...]
    status: str
    note: str

    def last_day(self, event: dt.date) -> dt.date:
        """The period's last calendar day, before any move off a weekend."""
        if self.months is not None:
            return add_months(event, self.months)
        return event + dt.timedelta(days=self.days or 0)

    def ends(self, event: dt.date) -> dt.date:
        """The day the period ends: its last day, moved off a weekend."""
        return next_working_day(self.last_day(event))


@dataclass(frozen=True)
class Rules:
    """The contents of deadlines.yaml."""

    periods: Mapping[str, Rule]
    documents: Mapping[str, str | None]
    medical_variants: Mapping[str, str]
    answer_by_kind: Mapping[str, str]
    climbs_when_filed_again: frozenset[str]
    also_escalate_to: Mapping[str, tuple[str, ...]]

    def __getitem__(self, key: str) -> Rule:
        return self.periods[key]


@functools.cache
def rules() -> Rules:
    """The packaged rules (read and checked once)."""
    from importlib import resources

    file = resources.files("complaintgen.law") / "data" / "deadlines.yaml"
    return load_rules(file.read_text(encoding="utf-8"), name=str(file))


def load_rules(text: str, *, name: str = "deadlines.yaml") -> Rules:
    """Read and check a deadlines file; a RegistryError lists every problem found."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RegistryError([f"{name}: not valid YAML: {error}"]) from None
    problems: list[str] = []
    if not isinstance(data, dict):
        raise RegistryError([f"{name}: expected a mapping with rules, calendar and documents"])
    periods = {
        key: _rule(name, key, raw, problems) for key, raw in (data.get("rules") or {}).items()
    }
    for needed, event in COUNTED_FROM.items():
        if needed not in periods:
            problems.append(f"{name}: rules.{needed}: missing; complaintgen needs this rule")
        elif periods[needed].start != event:
            # The chain sent → received → registered → answer is code; the data must match it.
            problems.append(
                f"{name}: rules.{needed}.from: complaintgen counts this period from {event}"
            )
    shift = (data.get("calendar") or {}).get("non_working_day") or {}
    _check_citation(name, "calendar.non_working_day", shift.get("citation"), problems)
    bodies = registry.bodies()
    documents = dict(data.get("documents") or {})
    variants = dict(data.get("medical_variants") or {})
    by_kind = dict(data.get("answer_by_kind") or {})
    also = {key: tuple(value or ()) for key, value in (data.get("also_escalate_to") or {}).items()}
    for where, key in [
        *((f"documents.{doc}", body) for doc, body in documents.items() if body != "medical"),
        *((f"medical_variants.{variant}", body) for variant, body in variants.items()),
        *((f"also_escalate_to.{key}", key) for key in also),
        *((f"also_escalate_to.{key}", body) for key, bodies_ in also.items() for body in bodies_),
    ]:
        if key is not None and key not in bodies:
            problems.append(f"{name}: {where}: no body {key!r} in bodies.yaml")
    for kind, rule in by_kind.items():
        if rule not in periods:
            problems.append(f"{name}: answer_by_kind.{kind}: no rule {rule!r} in rules")
        elif periods[rule].start != "registered":
            problems.append(f"{name}: rules.{rule}.from: an answer is counted from registered")
    if problems:
        raise RegistryError(problems)
    return Rules(
        periods=periods,
        documents=documents,
        medical_variants=variants,
        answer_by_kind=by_kind,
        climbs_when_filed_again=frozenset(data.get("climbs_when_filed_again") or ()),
        also_escalate_to=also,
    )


def _rule(name: str, key: str, raw: Any, problems: list[str]) -> Rule:
    where = f"{name}: rules.{key}"
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping of fields")
        raw = {}
    for field in raw:
        if field not in _RULE_FIELDS:
            problems.append(f"{where}.{field}: unknown field; the fields are {_RULE_FIELDS}")
    for field in _RULE_FIELDS:
        if field not in raw:
            problems.append(f"{where}.{field}: missing; write null where there is nothing")
    days, months = raw.get("days"), raw.get("months")
    if (days is None) == (months is None):
        problems.append(f"{where}: give exactly one of days and months")
    for field, value in (("days", days), ("months", months)):
        if value is not None and (not isinstance(value, int) or value < 0):
            problems.append(f"{where}.{field}: {value!r} is not a whole number of 0 or more")
    if raw.get("from") not in EVENTS:
        problems.append(f"{where}.from: {raw.get('from')!r}; write one of {', '.join(EVENTS)}")
    status = raw.get("status")
    if status not in STATUSES:
        problems.append(f"{where}.status: {status!r}; write one of {', '.join(STATUSES)}")
    citation = raw.get("citation")
    _check_citation(name, f"rules.{key}", citation, problems)
    source = raw.get("source")
    sources = tuple(source) if isinstance(source, list) else ((source,) if source else ())
    if status == "verified" and not (citation or sources):
        problems.append(f"{where}: a verified rule needs a citation or a source")
    return Rule(
        key=key,
        days=days if isinstance(days, int) else None,
        months=months if isinstance(months, int) else None,
        start=str(raw.get("from")),
        citation=citation,
        source=sources,
        status=str(status),
        note=str(raw.get("note") or ""),
    )


def _check_citation(name: str, where: str, key: Any, problems: list[str]) -> None:
    if key is not None and key not in registry.citations():
        problems.append(f"{name}: {where}.citation: no citation {key!r} in citations.yaml")


# --- The ladder --------------------------------------------------------------------------------


def base_addressee(case: Case, document: str) -> str | None:
    """The bodies.yaml key a document of the case is addressed to, or None (no answer period)."""
    table = rules()
    key = table.documents.get(document)
    if key == "medical":
        medical = case.addressees.medical if case.addressees else None
        variant = medical.variant if medical and medical.variant else "vvk_branch"
        return table.medical_variants[variant]
    return key


def next_bodies(body: str) -> tuple[str, ...]:
    """Who is written to when `body` does not answer or refuses: the next one up, and any body
    approached in parallel (deadlines.yaml also_escalate_to)."""
    up = registry.body(body).escalates_to
    found = ((up,) if up else ()) + rules().also_escalate_to.get(body, ())
    return tuple(dict.fromkeys(found))


# --- Tracking filings --------------------------------------------------------------------------


@dataclass(frozen=True)
class Tracked:
    """One filing with its dates worked out and its place on the ladder.

    `number` is its position in the case file's `filings` (from 1): the `#` of the status table
    and the NN of a follow-up's file name.
    """

    number: int
    filing: Filing
    addressee: str | None
    answer_rule: Rule | None
    received_on: dt.date
    received_estimated: bool
    registered_by: dt.date | None
    due: dt.date | None
    due_if_extended: dt.date | None
    court_by: dt.date | None
    next_bodies: tuple[str, ...]
    # Next bodies already written to since this filing: body → the number of that filing.
    escalated: Mapping[str, int]
    today: dt.date

    @property
    def answered(self) -> bool:
        return self.filing.answer_on is not None

    @property
    def overdue(self) -> bool:
        return not self.answered and self.due is not None and self.due < self.today

    @property
    def days_left(self) -> int | None:
        return None if self.due is None or self.answered else (self.due - self.today).days

    @property
    def pending_bodies(self) -> tuple[str, ...]:
        return tuple(body for body in self.next_bodies if body not in self.escalated)

    @property
    def needs_action(self) -> bool:
        """Overdue, and the next step (a follow-up, or court at the top) is not taken yet."""
        return self.overdue and (not self.next_bodies or bool(self.pending_bodies))


def track(case: Case, today: dt.date) -> list[Tracked]:
    """Every filing of the case with its due dates, in the case file's order."""
    addressees = _addressees(case)
    tracked = [
        _track_one(case, number, filing, addressees[number - 1], today)
        for number, filing in enumerate(case.filings, start=1)
    ]
    return [_with_escalations(item, tracked) for item in tracked]


def _track_one(
    case: Case, number: int, filing: Filing, addressee: str | None, today: dt.date
) -> Tracked:
    table = rules()
    delivery = table[f"delivery_{filing.channel}"]
    received = filing.delivered_on or delivery.last_day(filing.sent_on)
    estimated = filing.delivered_on is None and delivery.days != 0
    if addressee is None:
        # No answer period (the summary for international bodies): nothing to count.
        return Tracked(
            number=number,
            filing=filing,
            addressee=None,
            answer_rule=None,
            received_on=received,
            received_estimated=estimated,
            registered_by=None,
            due=None,
            due_if_extended=None,
            court_by=None,
            next_bodies=(),
            escalated={},
            today=today,
        )
    answer_rule = table[table.answer_by_kind.get(registry.body(addressee).kind, "answer")]
    registered = table["registration"].ends(received)
    due = answer_rule.ends(registered)
    # The extension lengthens the same period: 30 + 30 days from registration, then off a weekend.
    extended = table["answer_extension"].ends(answer_rule.last_day(registered))
    court_from = filing.answer_on or due
    return Tracked(
        number=number,
        filing=filing,
        addressee=addressee,
        answer_rule=answer_rule,
        received_on=received,
        received_estimated=estimated,
        registered_by=registered,
        due=due,
        due_if_extended=extended,
        court_by=table["court_claim"].ends(court_from),
        next_bodies=next_bodies(addressee),
        escalated={},
        today=today,
    )


def _addressees(case: Case) -> list[str | None]:
    """The body each filing went to. A document on a climbing ladder (the prosecutors') filed
    again after the earlier one was answered or overdue went one step up."""
    table = rules()
    result: list[str | None] = [base_addressee(case, f.document) for f in case.filings]
    order = sorted(range(len(case.filings)), key=lambda i: (case.filings[i].sent_on, i))
    last_of: dict[str, int] = {}
    for i in order:
        filing = case.filings[i]
        before = last_of.get(filing.document)
        last_of[filing.document] = i
        if before is None or filing.document not in table.climbs_when_filed_again:
            continue
        earlier = _track_one(case, before + 1, case.filings[before], result[before], filing.sent_on)
        finished = earlier.filing.answer_on or earlier.due
        up = registry.body(result[before]).escalates_to if result[before] else None
        result[i] = up if up and finished and filing.sent_on > finished else result[before]
    return result


def _with_escalations(item: Tracked, everything: list[Tracked]) -> Tracked:
    escalated = {
        body: other.number
        for body in item.next_bodies
        for other in everything
        if other.addressee == body and other.filing.sent_on > item.filing.sent_on
    }
    return Tracked(**{**item.__dict__, "escalated": escalated})


# --- Names and the status table ----------------------------------------------------------------


def body_title(case: Case, body: str) -> str | None:
    """The body's title in the nominative as the case or the registry gives it, or None."""
    addressees = case.addressees
    given = {
        "unit_commander": f"Командир войсковой части {case.unit.number}",
        "higher_commander": case.unit.higher_command.title if case.unit.higher_command else None,
        "garrison_prosecutor": _title(addressees.prosecutor if addressees else None),
        "district_prosecutor": _title(addressees.district_prosecutor if addressees else None),
        "minister_of_defence": _title(addressees.ministry if addressees else None),
    }.get(body)
    if body in rules().medical_variants.values() and addressees and addressees.medical:
        given = given or addressees.medical.title
    return given or registry.body(body).title_ru


def _title(given: Any) -> str | None:
    return given.title if given is not None else None


def body_label(case: Case, body: str) -> str:
    """A name for the table: the title, or the body's key and where to give its title."""
    return body_title(case, body) or _no_title(body)


def missing_title(case: Case, body: str) -> str | None:
    """One line saying which case key to add for `body`'s title, or None if it is known."""
    if body_title(case, body):
        return None
    field = CASE_FIELDS.get(body, "")
    hint = registry.body(body).hint_ru
    example = f" (e.g. title: «{hint}»)" if hint else ""
    if not field:
        return (
            f"{body}: complaintgen has no case key for this body's title yet; write to it yourself"
        )
    return f"{field}.title is needed to write to this body; add it to the case file{example}"


# Where the case file holds the title of each body a follow-up may be addressed to.
CASE_FIELDS = {
    "higher_commander": "unit.higher_command",
    "garrison_prosecutor": "addressees.prosecutor",
    "district_prosecutor": "addressees.district_prosecutor",
    "minister_of_defence": "addressees.ministry",
    "vvk_branch": "addressees.medical",
    "district_medical": "addressees.medical",
    "regional_health": "addressees.medical",
}


def next_step(case: Case, item: Tracked) -> str:
    """What to do about a filing now, in a few words (the table's notes explain the commands)."""
    if item.addressee is None:
        return "no answer period to track"
    court = f"court by {item.court_by}"
    if item.answered:
        if not item.next_bodies:
            return f"if refused: {court}"
        return (
            f"if refused or only forwarded: followup --refused {item.number} "
            f"({_names(case, item.next_bodies)}); {court}"
        )
    if not item.overdue:
        return f"wait; if extended with notice: {item.due_if_extended}"
    if not item.next_bodies:
        return court
    pending = item.pending_bodies
    if not pending:
        done = ", ".join(f"#{n}" for n in sorted(set(item.escalated.values())))
        return f"escalated ({done}); {court}"
    return f"followup: {_names(case, pending)}; {court}"


def _names(case: Case, bodies: tuple[str, ...]) -> str:
    return ", ".join(body_title(case, body) or _no_title(body) for body in bodies)


def _no_title(body: str) -> str:
    field = CASE_FIELDS.get(body)
    return f"{body}: add {field}.title" if field else body


def _short_cite(key: str) -> str:
    return registry.cite(key, "ru", short=True)


def _left(item: Tracked) -> str:
    if item.answered:
        return f"answered {item.filing.answer_on}"
    days = item.days_left
    if days is None:
        return "-"
    if days < 0:
        return f"overdue {-days} d"
    return "due today" if days == 0 else f"{days} d left"


def status_table(case: Case, tracked: list[Tracked], case_path: str = "CASE") -> str:
    """The status table and its notes, as printed by `complaintgen status`."""
    if not tracked:
        return (
            "No filings recorded yet. After filing a document, record it: complaintgen record "
            f"{case_path} --document vvk_report --sent YYYY-MM-DD --channel post\n"
        )
    header = ("#", "document", "addressee", "sent", "due", "left", "next step")
    rows = [
        (
            str(item.number),
            item.filing.document,
            body_label(case, item.addressee) if item.addressee else "-",
            str(item.filing.sent_on),
            f"{item.due}{'*' if item.received_estimated else ''}" if item.due else "-",
            _left(item),
            next_step(case, item),
        )
        for item in sorted(tracked, key=lambda t: (t.filing.sent_on, t.number))
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    # The last column is left ragged: padding it would only add trailing spaces.
    lines = [
        "  ".join([*(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)), row[-1]])
        for row in [header, *rows]
    ]
    return "\n".join([*lines, "", *status_notes(tracked, case_path)]) + "\n"


def status_notes(tracked: list[Tracked], case_path: str = "CASE") -> list[str]:
    """The lines under the table: what the dates rest on and the commands for the next steps."""
    table = rules()
    notes = []
    if any(item.received_estimated for item in tracked):
        notes.append(
            f"* delivery by post estimated at {table['delivery_post'].days} days (unverified); "
            "give the date on the return receipt: complaintgen record "
            f"{case_path} --document DOC --sent DATE --delivered-on DATE"
        )
    notes.append(
        f"due: registration {table['registration'].days} days after receipt "
        f"({_short_cite('fz59_art8_part2')}), then the answer in {table['answer'].days} days "
        f"({_short_cite('fz59_art12')})"
        + (
            f", {table['prosecutor_answer'].days} for prosecutors "
            "(the 15-day period for appeals needing no check is unverified and not applied)"
            if any(t.answer_rule and t.answer_rule.key == "prosecutor_answer" for t in tracked)
            else ""
        )
        + "."
    )
    if any(item.needs_action or item.answered for item in tracked):
        notes.append(
            f"followup: complaintgen followup {case_path} writes the complaint to the next body "
            "for each overdue answer; add --refused N for an answer that refuses or only "
            "forwards the appeal."
        )
    notes.append(
        f"court by: a claim to the garrison military court within {table['court_claim'].months} "
        f"months of the day the answer was due or a refusal came ({_short_cite('kas_art219')})."
    )
    notes.append(HOLIDAYS_NOTE)
    return notes


# --- Calendar reminders (RFC 5545) -------------------------------------------------------------


def calendar_text(case: Case, tracked: list[Tracked]) -> str:
    """An iCalendar file with an all-day reminder for each answer due and each court deadline.

    Reminders carry no names: calendars are often synchronised to someone's server. The UID of
    each event depends only on the serviceman, the document, its date and the reminder's kind,
    so importing a newer file updates the events instead of doubling them.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//complaintgen//deadlines//EN",
        "CALSCALE:GREGORIAN",
    ]
    for item in tracked:
        if item.addressee is None:
            continue
        stamp = f"{item.today:%Y%m%d}T000000Z"
        what = _document_words(item.filing.document, case.language)
        sent = item.filing.sent_on
        if not item.answered and item.due is not None:
            lines += _event(
                uid=_uid(case, item, "answer"),
                stamp=stamp,
                day=item.due,
                summary=_summary("answer", what, sent, case.language),
                description=f"{HOLIDAYS_NOTE} complaintgen status; complaintgen followup.",
            )
        if item.court_by is not None:
            lines += _event(
                uid=_uid(case, item, "court"),
                stamp=stamp,
                day=item.court_by,
                summary=_summary("court", what, sent, case.language, item.answered),
                description=f"{_short_cite('kas_art219')}. {HOLIDAYS_NOTE}",
            )
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


_WORDS = {
    "ru": {
        "vvk_report": "рапорт (обращение) о направлении на ВВК",
        "command_complaint": "жалоба вышестоящему командованию",
        "prosecutor_complaint": "жалоба военному прокурору",
        "medical_appeal": "обращение в медицинский орган",
        "ministry_appeal": "обращение к Министру обороны",
        "case_summary": "обращение в международную организацию",
    },
    "en": {
        "vvk_report": "report requesting a medical board",
        "command_complaint": "complaint to the higher command",
        "prosecutor_complaint": "complaint to the military prosecutor",
        "medical_appeal": "appeal to the medical authority",
        "ministry_appeal": "appeal to the Minister of Defence",
        "case_summary": "submission to an international body",
    },
}


def _document_words(document: str, language: str) -> str:
    return _WORDS.get(language, _WORDS["en"])[document]


def _summary(kind: str, what: str, sent: dt.date, language: str, answered: bool = False) -> str:
    if language == "ru":
        head = {"answer": "Срок ответа", "court": "Последний день для иска в суд"}[kind]
        tail = " (если ответ — отказ)" if answered else ""
        return f"{head}: {what} от {sent:%d.%m.%Y}{tail}"
    head = {"answer": "Answer due", "court": "Last day for a court claim"}[kind]
    tail = " (if the answer refused)" if answered else ""
    return f"{head}: {what} sent {sent.isoformat()}{tail}"


def _uid(case: Case, item: Tracked, kind: str) -> str:
    sm = case.serviceman
    who = "|".join(str(part) for part in (sm.surname, sm.name, sm.patronymic, sm.birth_date))
    digest = hashlib.sha256(f"{who}|{item.filing.document}|{item.filing.sent_on}".encode())
    return f"{digest.hexdigest()[:24]}-{kind}@complaintgen"


def _event(*, uid: str, stamp: str, day: dt.date, summary: str, description: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-P3D",
        f"DESCRIPTION:{_escape(summary)}",
        "END:VALARM",
        "END:VEVENT",
    ]


def _escape(text: str) -> str:
    """TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (§3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation line starts with one space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def write_calendar(path: Path, text: str, *, force: bool = False) -> Path:
    """Write the reminders to `path` whole (0600); an existing file only with `force`."""
    from complaintgen.storage.atomic import write_atomic

    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name for --ics, e.g. deadlines.ics")
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to replace it")
    if not path.parent.is_dir():
        raise OutputError(f"{path.parent}: no such folder; create it or choose another --ics path")
    return write_atomic(path, text.encode("utf-8"))
