"""Which fields the questionnaire asks, in which section, and when it skips one.

A field is named by its path in the case file with ``[]`` for any item of a list
(``health.conditions[].since``); the same name keys its question in the texts (`texts/ru.yaml`,
`texts/en.yaml`). The order of the questions within a section is the section's code
(`sections.py`); this module holds what every question needs to know about its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from complaintgen.case.model import DOCUMENT_IDS, Channel, Filing, Gender, Language

Loc = tuple[str | int, ...]

# The sections in the order they are asked. `applicant` (who files) comes first because it
# decides which questions apply; in the file it is `representative.kind`.
FLOW = (
    "applicant",
    "serviceman",
    "unit",
    "captivity",
    "health",
    "after_return",
    "representative",
    "addressees",
    "attachments",
    "filings",
    "options",
)
SECTIONS = FLOW[1:]  # what `edit --section` accepts
# Top-level keys of the case file that the `options` section asks.
TOP_LEVEL = ("language", "date")


@dataclass(frozen=True)
class Spec:
    """How one field is asked.

    kind: text, date, number, choice (one of `choices`, which may include None for "none of
    these"), yesno, or rank (one answer that also sets `guards` and `rank_service`).
    `default` is what Enter means when the field has no answer yet (the model's default).
    `only_if` names a sibling field and the value it must have (or "set") for this to be asked.
    """

    kind: str = "text"
    required: bool = False
    choices: tuple[Any, ...] = ()
    default: Any = None
    only_if: tuple[str, Any] | None = None


_GENDERS = get_args(Gender)
SPECS: dict[str, Spec] = {
    "applicant": Spec("choice", True, ("self", "relative", "lawyer"), "self"),
    "serviceman.surname": Spec(required=True),
    "serviceman.name": Spec(required=True),
    "serviceman.patronymic": Spec(),
    "serviceman.gender": Spec("choice", True, _GENDERS),
    "serviceman.birth_date": Spec("date"),
    "serviceman.rank": Spec("rank", True),
    "serviceman.service_type": Spec(
        "choice", False, ("contract", "mobilised", "conscript", "volunteer", None)
    ),
    "serviceman.personal_number": Spec(),
    "serviceman.position": Spec(),
    "serviceman.address": Spec(),
    "serviceman.phone": Spec(),
    "serviceman.email": Spec(),
    "unit.number": Spec(required=True),
    "unit.garrison": Spec(),
    "unit.commander.rank": Spec("rank", True),
    "unit.commander.surname": Spec(required=True),
    "unit.commander.initials": Spec(required=True),
    "unit.commander.gender": Spec("choice", True, _GENDERS, "male"),
    "unit.higher_command.title": Spec(),
    "unit.higher_command.address": Spec(only_if=("title", "set")),
    "unit.current_location": Spec(
        "choice", False, ("unit", "hospital", "combat_zone", "leave", "other", None)
    ),
    "captivity.captured_on": Spec("date", True),
    "captivity.captured_where": Spec(),
    "captivity.released_on": Spec("date", True),
    "captivity.exchange": Spec(),
    "captivity.exchange_category": Spec(
        "choice",
        True,
        ("seriously_wounded_or_sick", "long_captivity", "under_25", "ordinary", "unknown"),
        "unknown",
    ),
    "captivity.handover_place": Spec(),
    "captivity.examined_in_captivity": Spec("choice", False, (True, False, None)),
    "captivity.after_release": Spec(),
    "health.conditions[].description": Spec(required=True),
    "health.conditions[].since": Spec("date"),
    "health.conditions[].origin": Spec(
        "choice", True, ("combat", "captivity", "earlier", "unknown"), "unknown"
    ),
    "health.treatment_after_return": Spec(),
    "health.previous_vvk.date": Spec("date", True),
    "health.previous_vvk.body": Spec(required=True),
    "health.previous_vvk.category": Spec("choice", False, ("А", "Б", "В", "Г", "Д", None)),
    "health.previous_vvk.certificate": Spec(),
    "health.disability": Spec(),
    "after_return.events[].date": Spec("date", True),
    "after_return.events[].text": Spec(required=True),
    "representative.kind": Spec("choice", True, ("relative", "lawyer")),
    "representative.relation": Spec(
        "choice",
        True,
        ("mother", "father", "wife", "husband", "sister", "brother", "son", "daughter", "other"),
        only_if=("kind", "relative"),
    ),
    "representative.surname": Spec(required=True),
    "representative.name": Spec(required=True),
    "representative.patronymic": Spec(),
    "representative.gender": Spec("choice", True, _GENDERS),
    "representative.address": Spec(required=True),
    "representative.phone": Spec(),
    "representative.email": Spec(),
    "representative.authority": Spec(),
    "representative.consent": Spec("yesno", default=False),
    "representative.register_number": Spec(required=True, only_if=("kind", "lawyer")),
    "representative.order_number": Spec(required=True, only_if=("kind", "lawyer")),
    "representative.bar": Spec(required=True, only_if=("kind", "lawyer")),
    "addressees.prosecutor.title": Spec(),
    "addressees.prosecutor.address": Spec(only_if=("title", "set")),
    "addressees.district_prosecutor.title": Spec(),
    "addressees.district_prosecutor.address": Spec(only_if=("title", "set")),
    "addressees.medical.variant": Spec(
        "choice", False, ("vvk_branch", "district_medical", "civilian", None)
    ),
    "addressees.medical.title": Spec(required=True, only_if=("variant", "set")),
    "addressees.medical.address": Spec(only_if=("variant", "set")),
    "attachments[].title": Spec(required=True),
    "attachments[].file": Spec(),
    "attachments[].pages": Spec("number"),
    "attachments[].copies": Spec("number", True, default=1),
    "attachments[].original": Spec("yesno", default=False),
    "filings[].document": Spec("choice", True, DOCUMENT_IDS),
    "filings[].sent_on": Spec("date", True),
    "filings[].channel": Spec("choice", True, get_args(Channel)),
    "filings[].reference": Spec(),
    "filings[].tracking": Spec(),
    "filings[].delivered_on": Spec("date", only_if=("channel", "post")),
    "filings[].answer_on": Spec("date"),
    "filings[].answer": Spec(only_if=("answer_on", "set")),
    "filings[].answer_kind": Spec(
        "choice", False, ("refusal", "forwarded", "merits", None), only_if=("answer_on", "set")
    ),
    "filings[].answered_by": Spec(only_if=("answer_on", "set")),
    "language": Spec("choice", True, get_args(Language), "ru"),
    "date": Spec("date"),
    "options.date_style": Spec("choice", True, ("traditional", "numeric"), "traditional"),
    "options.summary_anonymised": Spec("yesno", default=True),
    "options.summary_language": Spec("choice", True, ("en", "ru"), "en"),
}
# The hand-written forms (`declension`, `name_declension`) asked when automatic ones are wrong.
FORM_CASES = ("genitive", "dative")

# The fields of one item of each repeated list, in the order asked.
ITEMS: dict[str, tuple[str, ...]] = {
    "health.conditions": ("description", "since", "origin"),
    "after_return.events": ("date", "text"),
    "attachments": ("title", "file", "pages", "copies", "original"),
    "filings": tuple(Filing.model_fields),
}


def question_id(loc: Loc) -> str:
    """``("health", "conditions", 0, "since")`` → ``"health.conditions[].since"``."""
    text = ""
    for part in loc:
        text += "[]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def spec_for(qid: str) -> Spec | None:
    """How the field `qid` is asked; None for a field the questionnaire does not ask."""
    if qid in SPECS:
        return SPECS[qid]
    parent, _, case = qid.rpartition(".")
    if case in FORM_CASES and parent.endswith(("declension", "name_declension")):
        return Spec()
    return None


def section_of(loc: Loc) -> str:
    """The section that asks the field at `loc` (`language` and `date` are in `options`)."""
    return str(loc[0]) if loc[0] in SECTIONS else "options"


def dotted(loc: Loc) -> str:
    """``("filings", 0, "sent_on")`` → ``"filings[0].sent_on"``, as messages name a field."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
