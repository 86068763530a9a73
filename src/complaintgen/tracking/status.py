"""What `complaintgen status` prints: the table of a case's filings, its notes, the deadlines
already passed, and the reminders written beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from complaintgen import messages
from complaintgen.law import registry
from complaintgen.law.deadlines import case_court_clock, rules
from complaintgen.messages import LANGUAGES, render
from complaintgen.tracking.calendar import calendar_text, document_words, write_calendar
from complaintgen.tracking.deadlines import (
    NOT_GRANTED,
    Tracked,
    court_claim_filed,
    court_reached,
    track,
)
from complaintgen.tracking.loading import load_tracked_case

if TYPE_CHECKING:
    from complaintgen.case.model import Case


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
    return body_title(case, body) or _no_title(body, _language(case))


def _language(case: Case) -> str:
    """The language the status speaks: the case's (the catalog has Russian and English)."""
    return case.language if case.language in LANGUAGES else "en"


def missing_title(case: Case, body: str, language: str = "en") -> str | None:
    """One line saying which case key to add for `body`'s title, or None if it is known."""
    if body_title(case, body):
        return None
    field = CASE_FIELDS.get(body, "")
    if not field:
        return messages.render("followup.no_case_key", language, body=body)
    hint = registry.body(body).hint_ru
    return messages.render("followup.title_needed", language, field=field, hint=hint or None)


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


def court_clock_words(case: Case, item: Tracked | None = None) -> str:
    """The court clock in a few words of the case's language: the last day counted from
    `item`'s answer (or from the commander's refusal), or no end while the inaction lasts."""
    language = _language(case)
    day: dt.date | None
    if item is not None and item.court_by is not None:
        day, cite = item.court_by, _short_cite("kas_art219", language)
    else:
        clock = case_court_clock(case)
        day, cite = clock.ends, registry.cite(clock.citation, language, short=True)
    if day is None:
        return messages.render("clock.inaction", language, cite=cite)
    return messages.render("clock.refusal", language, day=_day(day, language), cite=cite)


def _day(day: dt.date, language: str) -> str:
    return f"{day:%d.%m.%Y}" if language == "ru" else day.isoformat()


def ladder_step(case: Case, item: Tracked, tracked: list[Tracked]) -> str | None:
    """The step past the complaints, or None: the court claim (and the ombudsman) once the
    commander and the prosecutor have refused or not answered; the appeal to the higher ВВК
    once a branch answered."""
    language = _language(case)
    kind = registry.body(item.addressee).kind if item.addressee else None
    claim = court_claim_filed(tracked)
    if claim is not None and kind in ("command", "prosecutor"):
        return messages.render("ladder.in_court", language, number=claim.number)
    if kind in ("command", "prosecutor") and court_reached(tracked):
        # A relative cannot sue in her own name (КАС ст. 40 ч. 2): the claim is his.
        relative = case.representative is not None and case.representative.kind == "relative"
        return messages.render(
            "ladder.court_relative" if relative else "ladder.court",
            language,
            ombudsman=ombudsman_open(case, item.today) or None,
            clock=court_clock_words(case),
            cite=_short_cite("kas_art40_part2", language),
        )
    if item.addressee == "vvk_branch" and item.answered:
        return messages.render("ladder.vvk_appeal", language)
    return None


def ombudsman_open(case: Case, today: dt.date) -> bool:
    from complaintgen.render.situation import ombudsman_answers

    return bool(ombudsman_answers(case, today))


def next_step(case: Case, item: Tracked, tracked: list[Tracked] | None = None) -> str:
    """What to do about a filing now, in a few words (the table's notes explain the commands)."""
    language = _language(case)
    if item.filing.document == "court_claim" and item.due is not None:
        return messages.render(
            "ladder.court_decides",
            language,
            day=_day(item.due, language),
            cite=_short_cite("kas_art226", language),
            report=_short_cite("kas_art227", language),
        )
    if item.addressee is None:
        return render("status.untracked", language)
    step = ladder_step(case, item, tracked or [item])
    if step is not None and (item.addressee == "vvk_branch" or court_claim_filed(tracked or [])):
        return step
    # Past the prosecutor the court step (with its clock) stands where the clock stood.
    court = step or court_clock_words(case, item if item.answered else None)
    if item.answered:
        if not item.next_bodies:
            return court if step else render("status.if_refused", language, court=court)
        if item.filing.answer_kind in NOT_GRANTED:
            pending = item.pending_bodies
            if not pending:
                done = ", ".join(f"#{n}" for n in sorted(set(item.escalated.values())))
                return render("status.escalated", language, done=done, court=court)
            return render("status.followup", language, names=_names(case, pending), court=court)
        return render(
            "status.if_refused_next",
            language,
            number=item.number,
            names=_names(case, item.next_bodies),
            court=court,
        )
    if not item.overdue:
        return render("status.wait", language, date=item.due_if_extended)
    if not item.next_bodies:
        return court
    pending = item.pending_bodies
    if not pending:
        done = ", ".join(f"#{n}" for n in sorted(set(item.escalated.values())))
        return render("status.escalated", language, done=done, court=court)
    return render("status.followup", language, names=_names(case, pending), court=court)


def _names(case: Case, bodies: tuple[str, ...]) -> str:
    return ", ".join(body_label(case, body) for body in bodies)


def _no_title(body: str, language: str) -> str:
    field = CASE_FIELDS.get(body)
    return render("status.no_title", language, body=body, field=field) if field else body


def _short_cite(key: str, language: str) -> str:
    return registry.cite(key, language, short=True)


def _left(item: Tracked, language: str) -> str:
    if item.answered:
        return render("status.answered", language, date=item.filing.answer_on)
    days = item.days_left
    if days is None:
        return "-"
    if days < 0:
        return render("status.overdue", language, days=-days)
    if days == 0:
        return render("status.due_today", language)
    return render("status.days_left", language, days=days)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def filing_entries(case: Case, tracked: list[Tracked]) -> list[dict[str, Any]]:
    """Each filing as `status --json` gives it to a script: the table's row as data (ISO dates;
    `days_left` below zero when the answer is overdue) with its next step in words."""
    return [
        {
            "number": item.number,
            "document": item.filing.document,
            "addressee": item.addressee,
            "addressee_title": body_label(case, item.addressee) if item.addressee else None,
            "channel": item.filing.channel,
            "sent_on": _iso(item.filing.sent_on),
            "received_on": _iso(item.received_on),
            "received_estimated": item.received_estimated,
            "due": _iso(item.due),
            "due_if_extended": _iso(item.due_if_extended),
            "days_left": None if item.answered else item.days_left,
            "answered": item.answered,
            "answer_on": _iso(item.filing.answer_on),
            "needs_action": item.needs_action,
            "court_by": _iso(item.court_by),
            "next_step": next_step(case, item, tracked),
        }
        for item in sorted(tracked, key=lambda t: (t.filing.sent_on, t.number))
    ]


def status_table(case: Case, tracked: list[Tracked], case_path: str = "CASE") -> str:
    """The status table and its notes, as printed by `complaintgen status`."""
    language = _language(case)
    if not tracked:
        return render("status.none_yet", language, case=case_path) + "\n"
    header = tuple(render("status.header", language).split("|"))
    rows = [
        (
            str(item.number),
            item.filing.document,
            body_label(case, item.addressee) if item.addressee else "-",
            str(item.filing.sent_on),
            f"{item.due}{'*' if item.received_estimated else ''}" if item.due else "-",
            _left(item, language),
            next_step(case, item, tracked),
        )
        for item in sorted(tracked, key=lambda t: (t.filing.sent_on, t.number))
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    # The last column is left ragged: padding it would only add trailing spaces.
    lines = [
        "  ".join([*(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)), row[-1]])
        for row in [header, *rows]
    ]
    passed = _passed_lines(case, tracked)
    notes = [*status_notes(tracked, case_path, language), *(["", *passed] if passed else [])]
    return "\n".join([*lines, "", *notes]) + "\n"


def _all_notes(case: Case, tracked: list[Tracked], case_path: str) -> list[str]:
    """The notes under the table, without the blank line that sets the passed period apart."""
    return [*status_notes(tracked, case_path, _language(case)), *_passed_lines(case, tracked)]


def status_notes(
    tracked: list[Tracked], case_path: str = "CASE", language: str = "en"
) -> list[str]:
    """The lines under the table: what the dates rest on and the commands for the next steps."""
    table = rules()
    notes = []
    if any(item.received_estimated for item in tracked):
        days = table["delivery_post"].days
        notes.append(render("status.estimated", language, days=days, case=case_path))
    prosecutors = any(t.answer_rule and t.answer_rule.key == "prosecutor_answer" for t in tracked)
    notes.append(
        render(
            "status.due",
            language,
            registration=table["registration"].days,
            registration_cite=_short_cite("fz59_art8", language),
            answer=table["answer"].days,
            answer_cite=_short_cite("fz59_art12", language),
            prosecutor=table["prosecutor_answer"].days if prosecutors else None,
        )
    )
    if any(item.needs_action or item.answered for item in tracked):
        notes.append(render("status.followup_note", language, case=case_path))
    notes.append(
        render(
            "clock.note",
            language,
            months=table["court_claim"].months,
            cite=_short_cite("kas_art219", language),
            inaction=_short_cite(table.inaction_citation or "kas_art219_part1_1", language),
        )
    )
    notes.append(render("status.holidays", language))
    return notes


# --- Court deadlines already passed -----------------------------------------------------------


def passed_notes(case: Case, today: dt.date) -> list[str]:
    """Lines saying which court deadlines of the case's filings have passed by `today`, and what
    can still be done, in the case's language; none when no deadline has passed."""
    return _passed_lines(case, track(case, today))


_PASSED = {
    "ru": {
        "unanswered": "№ {number}, {what} от {sent:%d.%m.%Y}: срок для административного иска "
        "в суд (три месяца, {cite}) истёк {court_by:%d.%m.%Y}.",
        "answered": "№ {number}, {what} от {sent:%d.%m.%Y}: если ответ — отказ, срок для "
        "административного иска в суд (три месяца, {cite}) истёк {court_by:%d.%m.%Y}.",
        "restore": "Что можно сделать: суд может восстановить пропущенный срок, если причина "
        "пропуска уважительная ({restore}). Подайте вместе с иском ходатайство о восстановлении "
        "срока: укажите причины пропуска и приложите доказательства ({motion}).",
        "not_considered": "Если жалобу вышестоящему органу или должностному лицу не рассмотрели "
        "или рассмотрели с опозданием, суд может признать это уважительной причиной пропуска "
        "срока ({superior}).",
    },
    "en": {
        "unanswered": "#{number} {what} sent {sent:%Y-%m-%d}: the three months for a court "
        "claim ({cite}) ended on {court_by:%Y-%m-%d}; that deadline has passed.",
        "answered": "#{number} {what} sent {sent:%Y-%m-%d}: if the answer refused, the three "
        "months for a court claim ({cite}) ended on {court_by:%Y-%m-%d}; that deadline has "
        "passed.",
        "restore": "What can still be done: the court may restore a missed period for a good "
        "reason ({restore}). File with the claim a request to restore it, stating the reasons "
        "and attaching proof ({motion}).",
        "not_considered": "A complaint to a superior body or official that was not considered, "
        "or was considered late, may be accepted by the court as a good reason ({superior}).",
    },
}


def _passed_lines(case: Case, tracked: list[Tracked]) -> list[str]:
    passed = [item for item in tracked if item.court_passed]
    if not passed:
        return []
    language = case.language if case.language in _PASSED else "en"
    texts = _PASSED[language]

    def cite(key: str) -> str:
        return registry.cite(key, language, short=True)

    lines = [
        (
            messages.render(
                "clock.passed_refusal",
                language,
                number=item.number,
                what=document_words(item.filing.document, language),
                sent=_day(item.filing.sent_on, language),
                cite=cite("kas_art219"),
                day=_day(item.court_by, language) if item.court_by else "",
            )
            if item.filing.answer_kind == "refusal"
            else texts["answered" if item.answered else "unanswered"].format(
                number=item.number,
                what=document_words(item.filing.document, language),
                sent=item.filing.sent_on,
                cite=cite("kas_art219"),
                court_by=item.court_by,
            )
        )
        for item in sorted(passed, key=lambda t: (t.filing.sent_on, t.number))
    ]
    lines.append(
        texts["restore"].format(restore=cite("kas_art219_part7"), motion=cite("kas_art95"))
    )
    # A complaint left unanswered past its due day is the good reason of КАС ст. 219 ч. 6.
    if any(item.overdue for item in tracked):
        lines.append(texts["not_considered"].format(superior=cite("kas_art219_part6")))
    return lines


# --- status ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    table: str
    needs_action: bool  # an answer is overdue and its next step not taken: exit code 3
    calendar: Path | None
    language: str = "en"
    filings: tuple[dict[str, Any], ...] = ()  # the table's rows as data (`filing_entries`)
    notes: tuple[str, ...] = ()  # the lines under the table


def status(path: Path, *, today: dt.date, ics: Path | None = None, force: bool = False) -> Status:
    """The status table of the case at `path` on `today`, and its reminders written to `ics`."""
    case = load_tracked_case(path, today=today)
    tracked = track(case, today)
    written = (
        write_calendar(ics, calendar_text(case, tracked), force=force) if ics is not None else None
    )
    return Status(
        table=status_table(case, tracked, str(path)),
        # Once the claim is filed the ladder is in court: nothing left overdue to take further.
        needs_action=court_claim_filed(tracked) is None
        and any(item.needs_action for item in tracked),
        calendar=written,
        language=_language(case),
        filings=tuple(filing_entries(case, tracked)),
        notes=tuple(_all_notes(case, tracked, str(path))) if tracked else (),
    )
