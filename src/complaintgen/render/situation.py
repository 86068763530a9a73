"""What the case's situation decides in the documents, computed once for every template.

A template asks plain questions here instead of testing fields itself: was the рапорт refused
(a decision to cancel) or left unanswered (inaction); was the earlier ВВК conclusion made before
capture (then a new examination is asked for) or after the return (then it is appealed); did a
ВВК branch refuse (then the next appeal goes up, to the Главный центр); may a relative call
herself his representative; which doctors the diagnoses call for; whether there are wounds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from complaintgen import grammar
from complaintgen.case.model import Case, Condition, Filing, LocalText


@dataclass(frozen=True)
class Specialist:
    """A doctor, in the forms the letters need: «психиатра», «психиатром», "a psychiatrist"."""

    gen: str
    ins: str
    en: str


# Which specialist each kind of diagnosis calls for, in the order the letters list them. Each
# row matches Russian stems and English words in a condition's description (in either language).
SPECIALISTS: tuple[tuple[str, Specialist], ...] = (
    (
        r"стресс|птср|психи|панич|тревож|депресс|бессонниц|кошмар|ptsd|stress|panic|anxiety"
        r"|depress|insomnia|psychi",
        Specialist("психиатра", "психиатром", "a psychiatrist"),
    ),
    (
        r"черепно|мозг|контуз|головн|невр|сотрясен|concussion|head injury|headache|neuro"
        r"|brain",
        Specialist("невролога", "неврологом", "a neurologist"),
    ),
    (
        r"ранени|перелом|ампутац|кост|сустав|бедр|голен|кист|позвон|осколоч|огнестрел"
        r"|wound|fractur|amputat|bone|joint|spine",
        Specialist("травматолога-ортопеда", "травматологом-ортопедом", "a trauma surgeon"),
    ),
    (
        r"пиелонефрит|нефрит|почк|почеч|kidney|renal|nephr|pyelo",
        Specialist("нефролога", "нефрологом", "a nephrologist"),
    ),
    (
        r"пневмон|бронх|лёгк|легк|легоч|плеврит|pneumon|lung|bronch|pleur",
        Specialist("пульмонолога", "пульмонологом", "a pulmonologist"),
    ),
    (
        r"гастрит|желуд|язв|кишеч|массы тела|истощен|gastr|stomach|ulcer|weight loss",
        Specialist("гастроэнтеролога", "гастроэнтерологом", "a gastroenterologist"),
    ),
    (
        r"гепатит|туберкул|инфекц|hepatitis|tubercul|infect",
        Specialist("инфекциониста", "инфекционистом", "an infectious disease specialist"),
    ),
    (
        r"сердц|кардио|гипертон|давлен|heart|cardi|hypertens",
        Specialist("кардиолога", "кардиологом", "a cardiologist"),
    ),
    (
        r"слух|глух|ух[аоуе]|barotrauma|hearing|deaf|\bear",
        Specialist("оториноларинголога", "оториноларингологом", "an ENT specialist"),
    ),
    (
        r"зрени|глаз|eye|vision|sight",
        Specialist("офтальмолога", "офтальмологом", "an ophthalmologist"),
    ),
    (r"зуб|стомат|tooth|teeth|dental", Specialist("стоматолога", "стоматологом", "a dentist")),
)
# When no diagnosis names a field, a general physician examines and refers on.
GENERAL_PHYSICIAN = Specialist("терапевта", "терапевтом", "a general physician")

# A wound (ранение) is made by a weapon; an injury (травма) by any force; the rest is illness.
_WOUND = re.compile(r"ранени|осколоч|огнестрел|минно-взрыв|ампутац|wound|shrapnel|gunshot", re.I)
_INJURY = re.compile(r"(?<!пост)травм|перелом|контуз|ушиб|сотрясен|injur|fractur|concussion", re.I)


def _words(description: LocalText) -> str:
    return " ".join(text for text in (description.plain, description.ru, description.en) if text)


def specialists(conditions: list[Condition]) -> list[Specialist]:
    """The doctors the diagnoses call for, each once, in the table's order."""
    words = " ".join(_words(c.description) for c in conditions).lower()
    found = [doctor for pattern, doctor in SPECIALISTS if re.search(pattern, words)]
    return found or [GENERAL_PHYSICIAN]


@dataclass(frozen=True)
class Harm:
    """What the serviceman suffers, named as it is: «ранения и заболевания», «заболевания»."""

    nom: str
    gen: str
    en: str


def harm(conditions: list[Condition]) -> Harm:
    kinds = set()
    for condition in conditions:
        words = _words(condition.description)
        # A description may name a wound and its consequence («травма, ампутация…»): the
        # strongest word decides the condition's kind.
        kinds.add("wound" if _WOUND.search(words) else "injury" if _INJURY.search(words) else "ill")
    nom = [
        w
        for k, w in (("wound", "ранения"), ("injury", "травмы"), ("ill", "заболевания"))
        if k in kinds
    ]
    gen = [
        w
        for k, w in (("wound", "ранений"), ("injury", "травм"), ("ill", "заболеваний"))
        if k in kinds
    ]
    en = [
        w
        for k, w in (("wound", "wounds"), ("injury", "injuries"), ("ill", "illnesses"))
        if k in kinds
    ]
    return Harm(_and(nom, "и"), _and(gen, "и"), _and(en, "and"))


def _and(words: list[str], conjunction: str) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def answer_state(filing: Filing | None) -> str:
    """«none» (no filing), «waiting» (no answer: inaction), or the answer's kind."""
    if filing is None:
        return "none"
    if filing.answer_on is None:
        return "waiting"
    return filing.answer_kind or "answered"


def standing(case: Case) -> str:
    """On what footing the applicant writes.

    «self» — the serviceman; «lawyer» — under an ордер; «authority» — a relative with his power
    of attorney (his representative); «own_name» — a relative without one, who writes in her own
    name in his defence and never calls herself his representative.
    """
    rep = case.representative
    if rep is None:
        return "self"
    if rep.kind == "lawyer":
        return "lawyer"
    return "authority" if rep.authority else "own_name"


def vvk_timing(case: Case) -> str | None:
    """When the earlier ВВК conclusion was made: «before_capture», «after_return», or None.

    A conclusion made before capture knew nothing of what came after: after new wounds the
    request is a new examination, not an appeal of that conclusion.
    """
    previous = case.health.previous_vvk
    if previous is None:
        return None
    return "after_return" if previous.date >= case.captivity.released_on else "before_capture"


def branch_refusal(case: Case) -> Filing | None:
    """The last medical appeal to a ВВК branch that was refused, if any."""
    refused = [
        f
        for f in sorted(case.filings, key=lambda f: f.sent_on)
        if f.document == "medical_appeal" and f.answer_kind == "refusal"
    ]
    return refused[-1] if refused else None


def appeal_goes_up(case: Case) -> bool:
    """Whether the medical appeal goes up to the head of the Главный центр ВВЭ: the case appeals
    to a ВВК branch, and a branch has already refused in writing. Then every file that names the
    appeal's addressee (the letter, its Ф.107, the packet's index) names the body above."""
    medical = case.addressees.medical if case.addressees else None
    return (
        medical is not None and medical.variant == "vvk_branch" and branch_refusal(case) is not None
    )


# --- The documents around the complaints (records, ВВК appeal, discharge, representatives) ---


def term_end(case: Case) -> dt.date | None:
    """The day a conscript's term ends: the call-up date plus the term in months. Captivity is
    not taken out of it: the list of periods not counted in the term does not name captivity."""
    sm = case.serviceman
    if sm.service_type != "conscript" or sm.called_up_on is None or sm.term is None:
        return None
    from complaintgen.law.deadlines import add_months

    return add_months(sm.called_up_on, sm.term)


def term_passed(case: Case) -> bool:
    """Whether a conscript's term ended on or before the case's date."""
    end = term_end(case)
    return end is not None and end <= case.date


def vvk_appeal_goes_up(case: Case) -> bool:
    """Whether the appeal of a ВВК conclusion goes to the head of the Главный центр ВВЭ: a
    branch already refused (a medical appeal or an earlier appeal of the conclusion)."""
    refused = any(f.document == "vvk_appeal" and f.answer_kind == "refusal" for f in case.filings)
    return refused or appeal_goes_up(case)


def hospital_addressee(case: Case, language: str) -> Any:
    """The head of the hospital that holds the records, as `rendering` builds addressees."""
    from complaintgen.render.inert import View
    from complaintgen.render.voices import Forms

    hospital = case.hospital
    if hospital is None or hospital.head is None:
        raise ValueError("hospital.head is needed for this document")
    head = hospital.head
    if language == "ru":
        title = Forms(head, lambda name: grammar.decline_phrase(head, name), hospital.declension)
    else:
        title = Forms.fixed(f"{head} [in Russian]" if re.search("[А-Яа-яЁё]", head) else head)
    return View(title=title, address=hospital.address)


# What a power of attorney lets the representative do when the case names no powers: a relative
# has no higher legal education, which a court representative needs, so her power of attorney
# stops short of court; an advocate's covers the claim and the interim measures too.
POWERS_RELATIVE = ("appeals", "medical_records", "vvk")
POWERS_LAWYER = ("appeals", "medical_records", "vvk", "court", "interim_measures")


def powers(case: Case) -> tuple[str, ...]:
    rep = case.representative
    if rep is None:
        return ()
    if rep.powers is not None:
        return tuple(p for p in POWERS_LAWYER if p in rep.powers)
    return POWERS_LAWYER if rep.kind == "lawyer" else POWERS_RELATIVE


def genitive(title: str, language: str) -> str:
    """A body or official named in the nominative, in the genitive («отказ начальника …»)."""
    if language != "ru":
        return title
    declined = grammar.decline_phrase(title, "genitive")
    # Inside a sentence the title starts in lower case («отказ командира …»).
    return declined[:1].lower() + declined[1:]


def body_addressee(key: str, language: str) -> Any:
    """An addressee from the registry of bodies, by key, as `rendering` builds addressees."""
    from complaintgen.law import registry
    from complaintgen.render.inert import View
    from complaintgen.render.voices import Forms

    body = registry.body(key)
    title = body.title_ru if language == "ru" else body.title_en
    if title is None:  # a body whose title depends on the case has none in the registry
        raise ValueError(f"the registry has no fixed title for {key}")
    if language == "ru":
        return View(
            title=Forms(title, lambda case: grammar.decline_phrase(title, case)),
            address=body.address,
        )
    return View(title=Forms.fixed(title), address=body.address)


# --- The court claim and the ombudsman (issue 13, part A) -------------------------------------


def court_ends(case: Case) -> dt.date | None:
    """The last day of the three months from the commander's refusal (off a weekend, as every
    deadline is), or None for continuing inaction (КАС ст. 219 ч. 1.1)."""
    from complaintgen.law.deadlines import case_court_clock

    return case_court_clock(case).ends


def court_late(case: Case) -> bool:
    """Whether the claim asks to restore the period: its reasons are given, or it has passed."""
    end = court_ends(case)
    given = case.court is not None and case.court.restore_reasons is not None
    return given or (end is not None and end < case.date)


def ombudsman_answers(case: Case, today: dt.date | None = None) -> list[Filing]:
    """The answers and refusals of the year before `today` (the case's date by default;
    ФКЗ № 1-ФКЗ ст. 17: a complaint within one year, with copies of the decisions on the
    earlier complaint), in date order."""
    from complaintgen.law.deadlines import add_months

    day = today or case.date
    return [
        f
        for f in sorted(case.filings, key=lambda f: f.sent_on)
        if f.answer_on is not None and add_months(f.answer_on, 12) >= day
    ]


def _commander_refusal(case: Case) -> Filing | None:
    from complaintgen.law.deadlines import commander_refusal

    return commander_refusal(case)


def _court_fee() -> int:
    from complaintgen.law.courts import courts

    return courts().fee.amount


def context(case: Case, language: str) -> dict[str, Any]:
    """The situation's values, for `rendering.build_context`."""
    conditions = sorted(case.health.conditions, key=lambda c: (c.since is None, c.since))
    rep = case.representative
    return {
        # Facts in date order: conditions by the day they began (undated ones last).
        "health": case.health.model_copy(update={"conditions": conditions}),
        "specialists": specialists(conditions),
        "harm": harm(conditions),
        "answer_state": answer_state,
        "standing": standing(case),
        # Whether the case records the serviceman's written consent (he consents to his own).
        "consent": rep.consent if rep else True,
        "vvk_timing": vvk_timing(case),
        "branch_refusal": branch_refusal(case),
        "appeal_goes_up": appeal_goes_up(case),
        "term_end": term_end(case),
        "term_passed": term_passed(case),
        "vvk_appeal_goes_up": vvk_appeal_goes_up(case),
        "vvk_conclusion": case.vvk_conclusion,
        "hospital": case.hospital,
        "powers": powers(case),
        # The serviceman's own address, for the documents he signs although another files.
        "sm_address": case.serviceman.address,
        "of_body": lambda title: genitive(title, language),
        "body_addressee": lambda key: body_addressee(key, language),
        "court": case.court,
        "sm_birth_place": case.serviceman.birth_place,
        "ombudsman": case.ombudsman,
        "commander_refusal": _commander_refusal(case),
        "court_ends": court_ends(case),
        "court_late": court_late(case),
        "ombudsman_answers": ombudsman_answers(case),
        "court_fee": _court_fee(),
    }
