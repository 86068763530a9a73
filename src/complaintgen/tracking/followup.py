"""Follow-ups: the next complaint on the escalation ladder for each overdue or refused filing.

`deadlines.track` says which filings are overdue and which bodies come next (bodies.yaml
`escalates_to`, and deadlines.yaml `also_escalate_to` for the prosecutor approached in
parallel); this module writes one letter to each next body that has not been written to since,
from ``templates/<lang>/_followup.xml.j2``. The letter names the earlier filing by date, number
and tracking number and lists every filing of the case, so the next body sees the whole history
without asking for it.

A body whose title the case does not give (the district prosecutor's title names the district
and cannot be guessed) is left out with one line saying which key to add. Nothing is written to
the network; files go where the user asked, never over existing ones without `force`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from complaintgen import messages
from complaintgen.errors import ComplaintgenError
from complaintgen.law import registry
from complaintgen.tracking import deadlines
from complaintgen.tracking.status import (
    CASE_FIELDS,
    court_clock_words,
    missing_title,
    ombudsman_open,
)

if TYPE_CHECKING:
    from complaintgen.case.model import Case
    from complaintgen.tracking.deadlines import Tracked
    from complaintgen.writers.letter import Letter

Reason = Literal["overdue", "refused"]
TEMPLATE = "_followup"

# The case's addressee kinds (rendering.ADDRESSEE_FIELDS) behind the bodies a follow-up may
# go to, named by the last part of the case key that holds each body's title
# ("addressees.prosecutor" → "prosecutor"): their titles and declension overrides come from the
# case file.
CASE_KINDS = {body: field.rpartition(".")[2] for body, field in CASE_FIELDS.items()}

# Which document id to record a follow-up under, by the kind of body it goes to: the filing log
# knows only the packet's documents, and a complaint to a prosecutor is a prosecutor_complaint.
RECORD_AS = {
    "prosecutor": "prosecutor_complaint",
    "command": "command_complaint",
    "ministry": "ministry_appeal",
    "medical": "medical_appeal",
    "civilian_health": "medical_appeal",
}


@dataclass(frozen=True)
class Planned:
    """One follow-up to write: about `item`, to the body `target`, because of `reason`."""

    item: Tracked
    target: str
    reason: Reason

    def file_stem(self) -> str:
        return f"followup_{self.item.number:02d}_{self.item.filing.document}_{self.target}"


@dataclass(frozen=True)
class Written:
    paths: tuple[Path, ...]
    notes: tuple[str, ...]
    language: str = "en"  # the case's, which the notes speak


def plan(
    case: Case, tracked: list[Tracked], refused: tuple[int, ...] = ()
) -> tuple[list[Planned], list[str]]:
    """The follow-ups the case needs now, and a note for each one that cannot be written."""
    by_number = {item.number: item for item in tracked}
    language = case.language if case.language in messages.LANGUAGES else "en"
    for number in refused:
        _check_refused(by_number.get(number), number, language)
    planned: list[Planned] = []
    notes: list[str] = []
    in_court = deadlines.court_claim_filed(tracked) is not None
    court_said = False
    for item in tracked:
        # An answer recorded as a refusal or a forwarding (record --answer-kind) needs no
        # --refused: the case file already says it.
        said = item.filing.answer_kind in deadlines.NOT_GRANTED
        reason: Reason | None = (
            "refused"
            if item.number in refused or said
            else "overdue"
            if item.needs_action
            else None
        )
        if reason is None or in_court:
            continue
        what = messages.render(
            "followup.filing",
            language,
            number=item.number,
            document=item.filing.document,
            sent_on=item.filing.sent_on,
        )
        kind = registry.body(item.addressee).kind if item.addressee else None
        # Past the prosecutor the ladder goes to court: said once, beside any letters still due.
        on_ladder = kind in ("command", "prosecutor")
        if not court_said and on_ladder and deadlines.court_reached(tracked, refused):
            court_said = True
            notes.append(
                messages.render(
                    "ladder.court_note",
                    language,
                    what=what,
                    ombudsman=ombudsman_open(case, item.today) or None,
                    clock=court_clock_words(case),
                )
            )
        # A branch's refusal is appealed with the vvk_appeal document, not a letter.
        if reason == "refused" and item.addressee == "vvk_branch":
            notes.append(messages.render("ladder.vvk_appeal_note", language, what=what))
            continue
        if not item.next_bodies:
            clock = court_clock_words(case, item if item.answered else None)
            notes.append(
                messages.render(
                    "followup.top_of_ladder",
                    language,
                    what=what,
                    clock=clock,
                    passed="yes" if item.court_passed else None,
                )
            )
            continue
        if not item.pending_bodies:
            done = ", ".join(f"#{n}" for n in sorted(set(item.escalated.values())))
            notes.append(messages.render("followup.taken_further", language, what=what, done=done))
        for target in item.pending_bodies:
            missing = missing_title(case, target, language)
            if missing:
                notes.append(f"{what} → {target}: {missing}")
            else:
                planned.append(Planned(item, target, reason))
    return planned, notes


def _check_refused(item: Tracked | None, number: int, language: str) -> None:
    if item is None:
        raise ComplaintgenError(messages.render("followup.no_filing", language, number=number))
    if not item.answered:
        raise ComplaintgenError(
            messages.render(
                "followup.not_answered",
                language,
                number=number,
                document=item.filing.document,
                sent_on=item.filing.sent_on,
            )
        )


def render(case: Case, planned: Planned) -> Letter:
    """The follow-up letter, in the case's language."""
    from complaintgen.render.rendering import render_template

    item = planned.item
    target = registry.body(planned.target)
    answer_rule = item.answer_rule
    return render_template(
        case,
        TEMPLATE,
        case.language,
        doc_id=planned.file_stem(),
        filing=item.filing,
        number=item.number,
        reason=planned.reason,
        due=item.due,
        due_if_extended=item.due_if_extended,
        due_known=not item.received_estimated,
        earlier_to=_addressee(case, item.addressee, case.language) if item.addressee else None,
        target=_addressee(case, planned.target, case.language),
        target_kind=target.kind,
        target_address_hint=target.address if target.check_before_sending else None,
        answer_cite=answer_rule.citation if answer_rule and answer_rule.citation else "fz59_art12",
        record_as=RECORD_AS.get(target.kind, item.filing.document),
    )


def _addressee(case: Case, body: str, language: str) -> object | None:
    """The body as templates see an addressee (``.title.dat``, ``.address``), or None."""
    from complaintgen import grammar
    from complaintgen.errors import TemplateError
    from complaintgen.render.inert import View
    from complaintgen.render.rendering import build_context
    from complaintgen.render.voices import Forms

    kind = CASE_KINDS.get(body)
    if kind is not None:
        try:
            found: object = build_context(case, language)["addressee"](kind)
            return found
        except TemplateError:
            pass  # not in the case: the registry's fixed title, if it has one
    entry = registry.body(body)
    ru: str | None
    en: str | None
    if body == "unit_commander":
        ru, en = (
            f"Командир войсковой части {case.unit.number}",
            f"Commander of military unit {case.unit.number}",
        )
    else:
        ru, en = entry.title_ru, entry.title_en
    if ru is None or en is None:
        return None
    if language == "en":
        return View(title=Forms.fixed(en), address=None)
    return View(
        title=Forms(ru, lambda case_name: grammar.decline_phrase(ru, case_name)), address=None
    )


def write_followups(
    case: Case,
    folder: Path,
    *,
    today: dt.date,
    refused: tuple[int, ...] = (),
    formats: tuple[str, ...] = ("docx", "pdf"),
    force: bool = False,
) -> Written:
    """Render and write every follow-up the case needs on `today`; the notes say what was not."""
    from complaintgen.storage.atomic import write_files
    from complaintgen.writers.files import letter_files

    tracked = deadlines.track(case, today)
    planned, notes = plan(case, tracked, refused)
    rendered = [(one.file_stem(), render(case, one)) for one in planned]
    # As in the packet, the letters are written as filed and their notes to the applicant go
    # into a read-me of their own: a note handed over with a complaint tells its receiver what
    # the applicant was warned about.
    files = letter_files(
        [(stem, letter.filed()) for stem, letter in rendered], formats, date=case.date
    )
    read_me = _read_me(case, [letter for _, letter in rendered])
    if read_me is not None and formats:
        files.update(letter_files([(READ_ME_STEM, read_me)], formats[-1:], date=case.date))
    if not planned and not notes:
        notes.append(messages.render("followup.none", case.language))
    paths = write_files(folder, files, force=force, language=case.language) if files else []
    for one in planned:
        kind = registry.body(one.target).kind
        notes.append(
            messages.render(
                "followup.record_it",
                case.language,
                stem=one.file_stem(),
                document=RECORD_AS.get(kind, one.item.filing.document),
            )
        )
    notes.append(messages.render("status.holidays", case.language))
    return Written(tuple(paths), tuple(notes), case.language)


READ_ME_STEM = "followup_read_me_first"


def _read_me(case: Case, letters: list[Letter]) -> Letter | None:
    """The notes that came with the follow-ups, each once, in a file of their own."""
    from complaintgen.packet.partials import Partials
    from complaintgen.packet.plan import Memo, Packet
    from complaintgen.packet.read_me import read_me_letter

    memos = tuple(Memo(one.doc_id, one.title, one.memo) for one in letters if one.memo)
    filed = tuple(one.filed() for one in letters)
    return read_me_letter(case, Packet(filed, memos=memos), Partials(case)) if memos else None


def followup_case(
    path: Path,
    folder: Path,
    *,
    today: dt.date,
    refused: tuple[int, ...] = (),
    force: bool = False,
) -> Written:
    """`write_followups` for the case file at `path`, dated `today`."""
    from complaintgen.tracking.loading import load_tracked_case

    case = load_tracked_case(path, today=today)
    return write_followups(case, folder, today=today, refused=refused, force=force)
