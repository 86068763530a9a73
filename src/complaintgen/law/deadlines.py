"""The deadline rules (``data/deadlines.yaml``) and the calendar arithmetic they need.

The periods are data, each with its citation and status; this module reads and checks them and
counts days, nothing else that a lawyer would want to change:

- a period runs from the day after its event: 30 days from 1 March end on 31 March;
- ФЗ-59's days are calendar days; a period in months ends on the same day of the month, or on
  the month's last day where there is no such day (31 January + 1 month = 28/29 February);
- a period that ends on a Saturday or Sunday ends on the next Monday (ГК РФ ст. 193, recorded
  as unverified). Russian public holidays are **not** modelled, and every output says so.

Applying the rules to a case's filings is `complaintgen.tracking.deadlines`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from complaintgen.case.model import DOCUMENT_IDS, Case, Channel, Filing, MedicalBody
from complaintgen.law import registry
from complaintgen.law.datafile import RegistryError, packaged, parse_data
from complaintgen.law.registry import STATUSES

Event = Literal["sent", "received", "registered", "answer_due", "answer_or_refusal"]
EVENTS: tuple[str, ...] = get_args(Event)
CHANNELS: tuple[str, ...] = get_args(Channel)
# The rules complaintgen needs, and the event each is counted from (the order of the chain):
# one delivery rule for each filing channel of the case format.
COUNTED_FROM: Mapping[str, Event] = {
    **{f"delivery_{channel}": "sent" for channel in CHANNELS},
    "registration": "received",
    "answer": "registered",
    "answer_extension": "answer_due",
    "court_claim": "answer_or_refusal",
}
_RULE_FIELDS = ("days", "months", "from", "citation", "source", "status", "note")


def _literal_values(annotation: Any) -> tuple[str, ...]:
    """The strings of a Literal, or of the Literals inside an optional one (`Literal[…] | None`)."""
    if get_origin(annotation) is Literal:
        return tuple(value for value in get_args(annotation) if isinstance(value, str))
    if isinstance(annotation, types.UnionType) or get_origin(annotation) is not None:
        return tuple(value for arg in get_args(annotation) for value in _literal_values(arg))
    return ()


# The medical bodies a case may name (addressees.medical.variant): deadlines.yaml maps each one.
MEDICAL_VARIANTS: tuple[str, ...] = _literal_values(MedicalBody.model_fields["variant"].annotation)


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
    # The norm that keeps a claim against continuing inaction open (КАС ст. 219 ч. 1.1).
    inaction_citation: str | None = None

    def __getitem__(self, key: str) -> Rule:
        return self.periods[key]


@functools.cache
def rules() -> Rules:
    """The packaged rules (read and checked once)."""
    file = packaged("deadlines.yaml")
    return load_rules(file.read_text(encoding="utf-8"), name=str(file))


def load_rules(text: str, *, name: str = "deadlines.yaml") -> Rules:
    """Read and check a deadlines file; a RegistryError lists every problem found."""
    data = parse_data(name, text)
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
    inaction = data.get("continuing_inaction") or {}
    if not inaction.get("citation"):
        problems.append(f"{name}: continuing_inaction.citation: missing; complaintgen needs it")
    _check_citation(name, "continuing_inaction", inaction.get("citation"), problems)
    bodies = registry.bodies()
    documents = dict(data.get("documents") or {})
    variants = dict(data.get("medical_variants") or {})
    by_kind = dict(data.get("answer_by_kind") or {})
    also = {key: tuple(value or ()) for key, value in (data.get("also_escalate_to") or {}).items()}
    _check_keys(name, "documents", documents, DOCUMENT_IDS, "document of the case format", problems)
    _check_keys(
        name,
        "medical_variants",
        variants,
        MEDICAL_VARIANTS,
        "value of addressees.medical.variant",
        problems,
    )
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
        inaction_citation=inaction.get("citation"),
    )


def _check_keys(
    name: str,
    section: str,
    given: Mapping[Any, Any],
    wanted: tuple[str, ...],
    what: str,
    problems: list[str],
) -> None:
    """A section keyed by one of the case format's lists has exactly its keys."""
    for key in given:
        if key not in wanted:
            problems.append(f"{name}: {section}.{key}: not a {what}; the keys are {wanted}")
    for key in wanted:
        if key not in given:
            problems.append(f"{name}: {section}.{key}: missing; every {what} needs an entry")


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


def next_bodies(body: str) -> tuple[str, ...]:
    """Who is written to when `body` does not answer or refuses: the next one up, and any body
    approached in parallel (deadlines.yaml also_escalate_to)."""
    up = registry.body(body).escalates_to
    found = ((up,) if up else ()) + rules().also_escalate_to.get(body, ())
    return tuple(dict.fromkeys(found))


# --- The court clock (КАС ст. 219) --------------------------------------------------------------

# The documents whose written refusal is the commander's decision a claim contests: the рапорт
# he refused, or the complaint his superior refused on his behalf.
COMMAND_DOCUMENTS = ("vvk_report", "command_complaint")


@dataclass(frozen=True)
class CourtClock:
    """The period for the claim against the commander: three months from his written refusal
    (КАС ст. 219 ч. 1), or none while his inaction lasts (ч. 1.1): the duty to decide on the
    рапорт stays until it is done."""

    refused_on: dt.date | None
    ends: dt.date | None
    citation: str

    def passed(self, today: dt.date) -> bool:
        """Whether the last day is behind `today` (the last day itself still counts)."""
        return self.ends is not None and self.ends < today


def court_clock(refused_on: dt.date | None) -> CourtClock:
    """The clock from a written refusal on `refused_on`, or for continuing inaction (None)."""
    table = rules()
    if refused_on is None:
        return CourtClock(None, None, table.inaction_citation or "kas_art219_part1_1")
    rule = table["court_claim"]
    return CourtClock(refused_on, rule.ends(refused_on), rule.citation or "kas_art219")


def commander_refusal(case: Case) -> Filing | None:
    """The first written refusal to refer him to the ВВК: the decision the claim contests and
    from which the three months run. Without one the claim contests continuing inaction."""
    refused = [
        f
        for f in sorted(case.filings, key=lambda f: f.sent_on)
        if f.document in COMMAND_DOCUMENTS and f.answer_kind == "refusal" and f.answer_on
    ]
    return refused[0] if refused else None


def case_court_clock(case: Case) -> CourtClock:
    """The court clock of a case: from the commander's refusal, or continuing inaction."""
    refusal = commander_refusal(case)
    return court_clock(refusal.answer_on if refusal else None)
