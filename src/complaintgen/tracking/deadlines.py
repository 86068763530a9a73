"""The deadlines of a case's filings: when each answer is due, who is next on the ladder.

The rules and the calendar arithmetic are `complaintgen.law.deadlines`; this module applies them
to the filings recorded in a case file. Where a fact is unknown (when a letter arrived, when it
was registered) the latest day the law allows is assumed, so that an answer is never called
overdue too early.

Everything here is pure: the current day comes in as an argument, the case comes in loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from complaintgen.law import registry
from complaintgen.law.deadlines import Rule, next_bodies, rules

if TYPE_CHECKING:
    from complaintgen.case.model import Case, Filing

# Re-exported: the follow-ups end their notes with it.
__all__ = [
    "Tracked",
    "base_addressee",
    "court_claim_filed",
    "court_reached",
    "track",
]


def base_addressee(case: Case, document: str) -> str | None:
    """The bodies.yaml key a document of the case is addressed to, or None (no answer period)."""
    table = rules()
    key = table.documents.get(document)
    if key == "medical":
        medical = case.addressees.medical if case.addressees else None
        variant = medical.variant if medical and medical.variant else "vvk_branch"
        return table.medical_variants[variant]
    return key


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
        """Overdue, and the next step (a follow-up, or court at the top) is not taken yet; a
        court late with its decision is not a step of the applicant's."""
        pending = not self.next_bodies or bool(self.pending_bodies)
        return self.addressee is not None and self.overdue and pending

    @property
    def inaction(self) -> bool:
        """No answer has come: the inaction continues, and so may a claim against it."""
        return self.addressee is not None and not self.answered

    @property
    def court_passed(self) -> bool:
        """The period for a court claim (counted from the answer that came, in case it
        refuses) ended before today."""
        return self.court_by is not None and self.court_by < self.today


def track(case: Case, today: dt.date) -> list[Tracked]:
    """Every filing of the case with its due dates, in the case file's order."""
    addressees = _addressees(case)
    tracked = [
        _track_one(number, filing, addressees[number - 1], today)
        for number, filing in enumerate(case.filings, start=1)
    ]
    return [_with_escalations(item, tracked) for item in tracked]


def _track_one(number: int, filing: Filing, addressee: str | None, today: dt.date) -> Tracked:
    table = rules()
    delivery = table[f"delivery_{filing.channel}"]
    received = filing.delivered_on or delivery.last_day(filing.sent_on)
    estimated = filing.delivered_on is None and delivery.days != 0
    if addressee is None:
        # No answer period (the summary for international bodies): nothing to count; a claim
        # has the court's own month for the decision (КАС ст. 226 ч. 1).
        court = filing.document == "court_claim"
        return Tracked(
            number=number,
            filing=filing,
            addressee=None,
            answer_rule=None,
            received_on=received,
            received_estimated=estimated,
            registered_by=None,
            due=table["court_decision"].ends(received) if court else None,
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
    # An answer that refuses (or may: its kind not recorded) starts the three months (КАС
    # ст. 219 ч. 1); a forwarding or an answer on the merits decides nothing, and while no
    # decision comes the inaction continues and the claim has no deadline (ч. 1.1).
    decides = filing.answer_on is not None and filing.answer_kind in (None, "refusal")
    court_by = table["court_claim"].ends(filing.answer_on) if decides and filing.answer_on else None
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
        court_by=court_by,
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
        earlier_body = result[before]
        earlier = _track_one(before + 1, case.filings[before], earlier_body, filing.sent_on)
        finished = earlier.filing.answer_on or earlier.due
        up = registry.body(earlier_body).escalates_to if earlier_body else None
        result[i] = up if up and finished and filing.sent_on > finished else earlier_body
    return result


def _with_escalations(item: Tracked, everything: list[Tracked]) -> Tracked:
    escalated = {
        body: other.number
        for body in item.next_bodies
        for other in everything
        if other.addressee == body and other.filing.sent_on > item.filing.sent_on
    }
    return replace(item, escalated=escalated)


# --- Past the prosecutor: the court ---------------------------------------------------------------

# An answer that turns the request down: the commander's side of the ladder is done with it.
NOT_GRANTED = ("refusal", "forwarded")


def court_reached(tracked: list[Tracked], refused: tuple[int, ...] = ()) -> bool:
    """Whether the ladder has reached the court: the command refused (or only forwarded) or let
    its answer go overdue, and so did the prosecutor, whose formal answer counts as his word.
    `refused` are filings marked refused for this run (followup --refused)."""

    def kind(item: Tracked) -> str | None:
        return registry.body(item.addressee).kind if item.addressee else None

    def turned_down(item: Tracked) -> bool:
        return item.overdue or item.number in refused or item.filing.answer_kind in NOT_GRANTED

    command = any(kind(item) == "command" and turned_down(item) for item in tracked)
    prosecutor = any(
        kind(item) == "prosecutor" and (item.answered or item.overdue) for item in tracked
    )
    return command and prosecutor


def court_claim_filed(tracked: list[Tracked]) -> Tracked | None:
    """The claim filed in court, if one is recorded: the ladder has been taken there."""
    return next((item for item in tracked if item.filing.document == "court_claim"), None)
