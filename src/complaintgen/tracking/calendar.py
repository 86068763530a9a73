"""Calendar reminders of a case's deadlines: an iCalendar file (RFC 5545) for `status --ics`."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from complaintgen.errors import OutputError
from complaintgen.law import registry

if TYPE_CHECKING:
    from pathlib import Path

    from complaintgen.case.model import Case
    from complaintgen.tracking.deadlines import Tracked


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
        stamp = f"{item.today:%Y%m%d}T000000Z"
        what = document_words(item.filing.document, case.language)
        sent = item.filing.sent_on
        if item.filing.document == "court_claim" and item.due is not None:
            lines += _court_decision(case, item, stamp, what)
        if item.addressee is None:
            continue
        if not item.answered and item.due is not None:
            lines += _event(
                uid=_uid(case, item, "answer"),
                stamp=stamp,
                day=item.due,
                summary=_summary("answer", what, sent, case.language),
                description=f"{_holidays(case)} complaintgen status; complaintgen followup.",
            )
        if item.court_by is not None:
            lines += _event(
                uid=_uid(case, item, "court"),
                stamp=stamp,
                day=item.court_by,
                # A refusal recorded as one needs no «if»; an answer of unknown kind does.
                summary=_summary(
                    "court", what, sent, case.language, item.filing.answer_kind != "refusal"
                ),
                description=f"{registry.cite('kas_art219', 'ru', short=True)}. {_holidays(case)}",
            )
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _holidays(case: Case) -> str:
    """How weekends and holidays move a due date, in the case's language."""
    from complaintgen import messages

    language = case.language if case.language in messages.LANGUAGES else "en"
    return messages.render("status.holidays", language)


def _court_decision(case: Case, item: Tracked, stamp: str, what: str) -> list[str]:
    """The month the court has for the claim (КАС ст. 226 ч. 1), as one reminder."""
    from complaintgen import messages

    language = case.language if case.language in messages.LANGUAGES else "en"
    sent = item.filing.sent_on
    assert item.due is not None
    return _event(
        uid=_uid(case, item, "decision"),
        stamp=stamp,
        day=item.due,
        summary=messages.render(
            "calendar.court_decision",
            language,
            what=what,
            sent=f"{sent:%d.%m.%Y}" if language == "ru" else sent.isoformat(),
        ),
        description=f"{registry.cite('kas_art226', 'ru', short=True)}. {_holidays(case)}",
    )


_WORDS = {
    "ru": {
        "vvk_report": "рапорт (обращение) о направлении на ВВК",
        "command_complaint": "жалоба вышестоящему командованию",
        "prosecutor_complaint": "жалоба военному прокурору",
        "medical_appeal": "обращение в медицинский орган",
        "ministry_appeal": "обращение к Министру обороны",
        "case_summary": "обращение в международную организацию",
        "records_request": "запрос копий медицинских документов",
        "vvk_appeal": "жалоба на заключение ВВК",
        "discharge_report": "рапорт (обращение) об увольнении по истечении срока службы",
        "power_of_attorney": "доверенность",
        "consent": "согласие на разглашение врачебной тайны",
        "advocate_request": "адвокатский запрос",
        "court_claim": "административное исковое заявление в суд",
        "ombudsman_complaint": "жалоба Уполномоченному по правам человека",
    },
    "en": {
        "vvk_report": "report requesting a medical board",
        "command_complaint": "complaint to the higher command",
        "prosecutor_complaint": "complaint to the military prosecutor",
        "medical_appeal": "appeal to the medical authority",
        "ministry_appeal": "appeal to the Minister of Defence",
        "case_summary": "submission to an international body",
        "records_request": "request for copies of medical records",
        "vvk_appeal": "appeal against a medical board's conclusion",
        "discharge_report": "report on discharge at the end of the term",
        "power_of_attorney": "power of attorney",
        "consent": "consent to disclose medical secrets",
        "advocate_request": "advocate's request",
        "court_claim": "administrative claim to the court",
        "ombudsman_complaint": "complaint to the Commissioner for Human Rights",
    },
}


def document_words(document: str, language: str) -> str:
    """The document in a few words of `language` (English for any other language)."""
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
