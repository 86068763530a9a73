"""Which documents a case gets, and the names of the packet's files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from complaintgen.case.model import DOCUMENT_IDS, Case
from complaintgen.errors import CaseError
from complaintgen.messages import LANGUAGES, render
from complaintgen.packet.attachments import ResolvedAttachment
from complaintgen.render import situation
from complaintgen.render.rendering import available_documents
from complaintgen.writers.letter import Letter

FORMATS = ("docx", "pdf", "txt")
# Documents also filed through an online reception (Госуслуги, the Ministry's and the
# prosecutor's sites): their filed text as plain UTF-8 to paste into the form. Which receptions
# take each, and their length limits, are data: law/data/online_receptions.yaml (a test keeps
# the two lists equal). The рапорт goes to the serviceman's own commander on paper; the case
# summary goes to international bodies.
ONLINE_DOCUMENTS = (
    "command_complaint",
    "prosecutor_complaint",
    "medical_appeal",
    "ministry_appeal",
)

# The packet's own files, beside each document's. The read-me holds the notes to the applicant
# that came with the letters: it is never printed with a document, attached or counted.
COMBINED_NAME = "00_packet.pdf"
GUIDE_NAME = "00_filing_guide.pdf"
READ_ME_STEM = "00_read_me_first"
# A document's other files: «01_vvk_report.copy.pdf», «01_vvk_report.f107.pdf».
COPY = "copy"
INVENTORY = "f107"

# What each document needs from the case beyond the required sections, with an example the
# user can copy. The addressee's exact title cannot be guessed (a garrison's prosecutor is named
# after the garrison in an adjective form), so it is asked for rather than invented.
# An example is the same in both languages, or given per language.
NEEDS: dict[str, tuple[tuple[str, str | dict[str, str]], ...]] = {
    "command_complaint": (
        ("unit.higher_command.title", "«Командующий войсками Московского военного округа»"),
    ),
    "prosecutor_complaint": (
        ("addressees.prosecutor.title", "«Военный прокурор Курского гарнизона»"),
    ),
    "medical_appeal": (
        (
            "addressees.medical.variant",
            {
                "ru": "vvk_branch, district_medical или civilian",
                "en": "vvk_branch, district_medical or civilian",
            },
        ),
        ("addressees.medical.title", "«Начальник филиала № 3 ФГКУ «Главный центр ВВЭ» МО РФ»"),
    ),
    "records_request": (("hospital.head", "«Начальник ФГКУ «1586 ВКГ» МО РФ»"),),
    "vvk_appeal": (
        (
            "vvk_conclusion.date",
            {
                "ru": "2026-10-01, с номером, органом и категорией годности",
                "en": "2026-10-01, with its number, body and category",
            },
        ),
    ),
    "discharge_report": (
        ("serviceman.called_up_on", "2024-04-15"),
        ("serviceman.term", {"ru": "12 (месяцев)", "en": "12 (months)"}),
    ),
    # КАС ст. 125 ч. 2 п. 3: the claimant's date and place of birth; the court is his choice.
    "court_claim": (
        (
            "court.name",
            {
                "ru": "«Курский гарнизонный военный суд» — по месту части или месту жительства",
                "en": "«Курский гарнизонный военный суд», of the unit's place or your residence",
            },
        ),
        ("serviceman.birth_date", "1990-05-14"),
        ("serviceman.birth_place", "«г. Курск»"),
    ),
}


# Why a document does not belong in the case: a catalog code (``plan.CODE``), its parameters,
# and what it means (see APPLIES).
Reason = tuple[str, dict[str, object], Literal["needs", "barred", "unneeded"]]


def _vvk_appeal(case: Case) -> Reason | None:
    conclusion = case.vvk_conclusion
    if conclusion is not None and not conclusion.contested:
        return "not_contested", {}, "unneeded"
    if situation.vvk_appeal_goes_up(case):
        return None  # to the head of the Главный центр, whose title is in the registry
    medical = case.addressees.medical if case.addressees else None
    if medical is None or medical.variant != "vvk_branch" or medical.title is None:
        return "higher_vvk", {}, "needs"
    return None


def _discharge(case: Case) -> Reason | None:
    if case.serviceman.service_type != "conscript":
        return "conscript", {}, "needs"
    end = situation.term_end(case)
    if end is not None and not situation.term_passed(case):
        return "term_not_over", {"end": end.isoformat()}, "unneeded"
    return None


def _representative(case: Case, given: str) -> Reason | None:
    rep = case.representative
    if rep is None:
        return "representative", {}, "needs"
    if getattr(rep, given):
        return "already_given", {"given": given}, "unneeded"
    return None


def _lawyer(case: Case) -> Reason | None:
    rep = case.representative
    if rep is None or rep.kind != "lawyer":
        return "advocate", {}, "needs"
    return None


def _court_claim(case: Case) -> Reason | None:
    # Only the serviceman sues: a relative cannot in her own name (КАС ст. 40 ч. 2); an
    # advocate signs for him when the power of attorney names the court (ст. 56 ч. 2).
    rep = case.representative
    if rep is None:
        return None
    if rep.kind == "relative":
        return "relative_cannot_sue", {}, "barred"
    if rep.powers is not None and "court" not in rep.powers:
        return "powers_court", {}, "needs"
    interim = case.court is not None and case.court.interim_measures
    if interim and rep.powers is not None and "interim_measures" not in rep.powers:
        return "powers_interim", {}, "needs"
    return None


def _ombudsman(case: Case) -> Reason | None:
    if not situation.ombudsman_answers(case):
        return "ombudsman_answer", {}, "needs"
    if case.ombudsman is None and case.court is None:
        return "ombudsman_offered", {}, "unneeded"
    return None


# Whether a document belongs in the case, beyond the fields it needs: None when it does, else
# why not: "needs" something the case can add (an advocate's request without an advocate;
# `missing_for` names it), "barred" whatever the case says (a relative's court claim), or
# "unneeded" (a consent already given: left out by default, made when asked for by name).
APPLIES: dict[str, Callable[[Case], Reason | None]] = {
    "vvk_appeal": _vvk_appeal,
    "discharge_report": _discharge,
    "power_of_attorney": lambda case: _representative(case, "authority"),
    "consent": lambda case: _representative(case, "consent"),
    "advocate_request": _lawyer,
    "court_claim": _court_claim,
    "ombudsman_complaint": _ombudsman,
}


def _value(case: Case, path: str) -> object:
    value: object = case
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def missing_for(case: Case, doc_id: str) -> list[str]:
    """The case fields `doc_id` needs and the case lacks, each with an example; and what else
    it must have that the case lacks (a representative, a conscript, a ВВК branch); in the
    case's language, each starting with the field's path where there is one."""
    language = _language(case)
    missing = [
        render(
            "plan.example",
            language,
            path=path,
            example=example if isinstance(example, str) else example[language],
        )
        for path, example in NEEDS.get(doc_id, ())
        if _value(case, path) is None
    ]
    rule = APPLIES.get(doc_id)
    reason = rule(case) if rule and not missing else None
    if reason is not None and reason[2] == "needs":
        missing.append(_said(reason, language))
    return missing


def _said(reason: Reason, language: str) -> str:
    code, params, _ = reason
    return render(f"plan.{code}", language, **params)


def _language(case: Case) -> str:
    return case.language if case.language in LANGUAGES else "en"


def planned_documents(case: Case) -> tuple[tuple[str, ...], list[str]]:
    """The documents to make, and a note for each one left out.

    A document the case file asks for by name must be possible: its missing fields are an
    error. Without a `documents` list, every document the case has the facts for is made, and
    the others are named with what they would need.
    """
    ready = set(available_documents(case.language))
    chosen: list[str] = []
    notes: list[str] = []
    problems: list[str] = []
    language = _language(case)
    for doc_id in case.wanted_documents():
        missing = missing_for(case, doc_id)
        rule = APPLIES.get(doc_id)
        reason = rule(case) if rule and not missing else None
        if reason is not None and reason[2] == "barred":  # nothing the case could add
            why = _said(reason, language)
            if case.documents is not None:
                problems.append(render("plan.asked_barred", language, doc=doc_id, why=why))
            else:
                notes.append(render("plan.left_out", language, doc=doc_id, why=why))
            continue
        # A document not needed (consent already given) is still made when asked for by name.
        if reason is not None and case.documents is None:
            why = _said(reason, language)
            notes.append(render("plan.left_out", language, doc=doc_id, why=why))
            continue
        needs = "; ".join(missing)
        if doc_id not in ready:
            notes.append(render("plan.not_available", language, doc=doc_id))
        elif not missing:
            chosen.append(doc_id)
        elif case.documents is not None:
            problems.append(render("plan.asked_needs", language, doc=doc_id, needs=needs))
        else:
            notes.append(render("plan.left_out_needs", language, doc=doc_id, needs=needs))
    if problems:
        raise CaseError(problems)
    return tuple(chosen), notes


def document_language(case: Case, doc_id: str) -> str:
    """The language a document is filed in. Russian bodies answer appeals in the state language,
    so every letter to one is made in Russian, whatever the case's language; the summary for
    international bodies has a language of its own."""
    return case.options.summary_language if doc_id == "case_summary" else "ru"


def reading_language(case: Case, doc_id: str) -> str | None:
    """The language of a copy to read beside the filed letter: a case in English gets each
    Russian letter in English as well (``01_vvk_report.en.pdf``), for the applicant to read."""
    if case.language == "ru" or document_language(case, doc_id) == case.language:
        return None
    return case.language


def is_filed(letter: Letter) -> bool:
    """Whether a letter is filed with a Russian body: it has an addressee (the case summary for
    international bodies has none, and gets no copy, no inventory and no attachments)."""
    return any(block.kind == "addressee" for block in letter.blocks)


@dataclass(frozen=True)
class Memo:
    """The notes to the applicant that came with one letter, apart from it."""

    doc_id: str
    title: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Packet:
    """The letters as filed (`Letter.filed`: no note to the applicant), in the packet's order;
    `memos`, the notes that came with them, for the read-me; `notes`, what `build` says."""

    letters: tuple[Letter, ...]
    notes: tuple[str, ...] = ()
    # The case's attachments with their page counts settled (attachments.py); None: settle them
    # when the files are made.
    attachments: tuple[ResolvedAttachment, ...] | None = None
    memos: tuple[Memo, ...] = ()
    # Each filed letter in the case's own language, to read, when that is not Russian.
    readings: tuple[Letter, ...] = ()

    def file_stem(self, letter: Letter) -> str:
        """``01_vvk_report``: the packet's order, then the document id scripts can find; a copy
        to read has its language after it (``01_vvk_report.en``)."""
        stem = f"{DOCUMENT_IDS.index(letter.doc_id) + 1:02d}_{letter.doc_id}"
        return f"{stem}.{letter.language}" if letter in self.readings else stem

    def file_name(self, letter: Letter, extension: str) -> str:
        """``01_vvk_report.pdf``, ``01_vvk_report.copy.pdf``."""
        return f"{self.file_stem(letter)}.{extension}"
