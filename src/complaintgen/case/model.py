"""The case: every fact the documents need, validated (case format version 2).

The models mirror `docs/case-format.md` key for key. Unknown keys are errors (`extra="forbid"`),
because a typo must not silently drop a fact. Rules that involve one field live on that field;
rules that compare fields (dates in order, an address for whoever files) live in one
`model_validator` per model and name both fields in their message.

Reading YAML and turning pydantic's errors into one-line messages is `casefile`'s job; this module
only knows what a valid case is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from complaintgen.case import migrate
from complaintgen.case.migrate import SCHEMA_VERSION
from complaintgen.messages import invalid, several

# `date` is also a field of Case, which hides the type inside the class body.
_Date = date


DOCUMENT_IDS = (
    "vvk_report",
    "command_complaint",
    "prosecutor_complaint",
    "medical_appeal",
    "ministry_appeal",
    "case_summary",
    # The documents around the complaints (issue 13, part B): copies of medical records, the
    # appeal of a ВВК conclusion, a conscript's discharge at the end of his term, the
    # serviceman's power of attorney and consent, and an advocate's request.
    "records_request",
    "vvk_appeal",
    "discharge_report",
    "power_of_attorney",
    "consent",
    "advocate_request",
    # After the complaints (issue 13, part A): the administrative claim to the garrison military
    # court (КАС гл. 22) and the complaint to the Commissioner for Human Rights.
    "court_claim",
    "ombudsman_complaint",
)

Gender = Literal["male", "female"]
Language = Literal["ru", "en"]
# Characters a DOCX (XML 1.0) cannot carry and no letter needs: control characters other than
# tab and line break (NUL, escape, carriage return, …), the non-characters U+FFFE and U+FFFF,
# and lone surrogates. Format characters such as bidi overrides are text and stay as written.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _printable(value: str) -> str:
    found = _UNPRINTABLE.search(value)
    if found:
        raise invalid(
            "text.control_character", codepoint=f"{ord(found[0]):04X}", position=found.start() + 1
        )
    return value


# A required piece of text: surrounding spaces are dropped, and nothing left is an error.
Str = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_printable)
]

PERSONAL_NUMBER = re.compile(r"^[А-ЯЁ]{1,2}-\d{6}$")
UNIT_NUMBER = re.compile(r"^\d{4,6}$")
UNIT_PREFIX = re.compile(r"^\s*(в/ч|в\.ч\.|войсковая часть)\s*", re.IGNORECASE)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Model):
    """Free text, given once (`plain`, in whatever language it was typed) or per language.

    In the case file it is a plain string or a mapping ``{ru: ..., en: ...}``.
    """

    plain: str | None = None
    ru: Str | None = None
    en: Str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            _printable(value)  # checked here, so that the message names the field, not `plain`
            return {"plain": value.strip()} if value.strip() else value
        if isinstance(value, dict) and "plain" in value:
            # `plain` is our name for a bare string, never a key a user writes.
            raise invalid("text.plain_key")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> LocalText:
        if not (self.plain or self.ru or self.en):
            raise invalid("text.missing_language")
        return self

    def get(self, language: str) -> tuple[str, bool]:
        """The text for a document in `language`, and whether it is in another language.

        An English document falls back to the Russian text, and says so, rather than drop a fact.
        """
        if language == "ru":
            text = self.ru or self.plain or self.en
            return text or "", text is self.en and text is not None
        if self.en:
            return self.en, False
        text = self.plain or self.ru or ""
        return text, bool(CYRILLIC.search(text))

    def __str__(self) -> str:
        return self.get("ru")[0]


Text = LocalText


class Declension(Model):
    """Hand-written forms that replace the automatic ones, for whoever knows better."""

    genitive: Str | None = None
    dative: Str | None = None
    instrumental: Str | None = None


def _rank(value: str) -> str:
    from complaintgen import grammar

    try:
        return grammar.normalise_rank(value)
    except KeyError:
        raise invalid("rank.unknown", value=value, near=grammar.nearest_ranks(value)) from None


Rank = Annotated[Str, AfterValidator(_rank)]


# --- Plausibility: an answer that is text, but not the kind of text its field holds ---------
# A slip at a prompt («4» typed as a prosecutor's title, «3» as an address, an e-mail without its
# domain) would otherwise be printed in a letter that then cannot be answered or delivered. The
# checks are loose on purpose: they refuse what cannot be the thing, never an unusual spelling.

# A word: three letters in a row, of any alphabet (a title or a town is named in words).
_WORD = re.compile(r"[^\W\d_]{3,}")
# A postal index: Russian ones have six digits, others five or more.
_INDEX = re.compile(r"\d{5,}")
# name@domain.zone: the domain has a dot and something after it.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def _title(value: str) -> str:
    if not _WORD.search(value):
        raise invalid("title.not_words", value=value)
    # An addressee's title opens the letter's heading: «военный прокурор …» typed in lower case
    # is printed «Военный прокурор …», as the heading of a Russian letter is written.
    return value[0].upper() + value[1:]


def _address(value: str) -> str:
    if not (_WORD.search(value) or _INDEX.search(value)):
        raise invalid("address.implausible", value=value)
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise invalid("email.invalid", value=value)
    return value


Title = Annotated[Str, AfterValidator(_title)]
Address = Annotated[Str, AfterValidator(_address)]
Email = Annotated[Str, AfterValidator(_email)]
# --- end of plausibility ---------------------------------------------------------------------


class Serviceman(Model):
    surname: Str
    name: Str
    patronymic: Str | None = None
    gender: Gender
    birth_date: date | None = None
    # Where he was born, as in his passport: a claim to a court names it (КАС ст. 125 ч. 2).
    birth_place: Str | None = None
    rank: Rank
    guards: bool = False
    rank_service: Str | None = None
    service_type: Literal["contract", "mobilised", "conscript", "volunteer"] | None = None
    personal_number: Str | None = None
    position: Str | None = None
    # Forms of the position («командира отделения»), as in the reference example.
    declension: Declension | None = None
    # Forms of the full name, when the automatic ones are wrong.
    name_declension: Declension | None = None
    address: Address | None = None
    phone: Str | None = None
    email: Email | None = None
    # A conscript's call-up date and term of service in months: the discharge рапорт counts
    # the end of the term from them (captivity is not excluded from it).
    called_up_on: date | None = None
    term: int | None = Field(default=None, ge=1, le=36)

    @field_validator("personal_number")
    @classmethod
    def _personal_number(cls, value: str | None) -> str | None:
        if value is not None and not PERSONAL_NUMBER.match(value):
            raise invalid("personal_number.invalid", value=value)
        return value


class Commander(Model):
    rank: Rank
    guards: bool = False
    rank_service: Str | None = None
    surname: Str
    initials: Str
    gender: Gender = "male"
    name_declension: Declension | None = None

    @field_validator("initials")
    @classmethod
    def _initials(cls, value: str) -> str:
        value = value.upper()
        letters = re.findall(r"[А-ЯЁA-Z]", value)
        if not 1 <= len(letters) <= 2 or re.sub(r"[А-ЯЁA-Z.\s]", "", value):
            raise invalid("initials.invalid", value=value)
        return " ".join(f"{letter}." for letter in letters)


class TitledBody(Model):
    """An addressee given by its title in the nominative («Военный прокурор … гарнизона»)."""

    title: Title | None = None
    address: Address | None = None
    declension: Declension | None = None


class Unit(Model):
    number: Str
    garrison: Str | None = None
    commander: Commander | None = None
    higher_command: TitledBody | None = None
    current_location: Literal["unit", "hospital", "combat_zone", "leave", "other"] | None = None

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return value
        digits = UNIT_PREFIX.sub("", value).strip()
        if not UNIT_NUMBER.match(digits):
            raise invalid("unit_number.invalid", value=value)
        return digits


class Captivity(Model):
    captured_on: date
    captured_where: Text | None = None
    released_on: date
    exchange: Text | None = None
    exchange_category: Literal[
        "seriously_wounded_or_sick", "long_captivity", "under_25", "ordinary", "unknown"
    ] = "unknown"
    handover_place: Text | None = None
    examined_in_captivity: bool | None = None
    after_release: Text | None = None


class Condition(Model):
    description: Text
    since: date | None = None
    origin: Literal["combat", "captivity", "earlier", "unknown"] = "unknown"


class PreviousVvk(Model):
    date: date
    body: Str
    category: Literal["А", "Б", "В", "Г", "Д"] | None = None
    certificate: Str | None = None

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: Any) -> Any:
        # People type the Latin look-alikes (A, B) or lower case; the category is a Cyrillic letter.
        if isinstance(value, str):
            return value.strip().upper().translate(str.maketrans("ABVGD", "АБВГД"))
        return value


class VvkConclusion(Model):
    """A ВВК conclusion the serviceman contests: what the appeal to the higher ВВК names."""

    number: Str | None = None
    date: date
    body: Str
    category: Literal["А", "Б", "В", "Г", "Д"] | None = None
    # The diagnoses the conclusion left out, the defects of its procedure, and the documents
    # the commission did not have: each a line of the appeal.
    ignored_diagnoses: list[Text] = []
    defects: list[Text] = []
    new_documents: list[Text] = []
    # false: the conclusion is only recorded, not appealed.
    contested: bool = True

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: Any) -> Any:
        return PreviousVvk._category(value)


class Hospital(Model):
    """The hospital or medical unit that holds the serviceman's records."""

    # Its name as written on its documents («ФГКУ «1586 ВКГ» МО РФ»), and its head in the
    # nominative («Начальник ФГКУ «1586 ВКГ» МО РФ»), to whom the request is addressed.
    title: Str
    head: Str | None = None
    address: Str | None = None
    treated_from: date | None = None
    treated_to: date | None = None
    declension: Declension | None = None


class Health(Model):
    conditions: list[Condition] = Field(min_length=1)
    treatment_after_return: Text | None = None
    previous_vvk: PreviousVvk | None = None
    disability: Text | None = None


class Event(Model):
    date: date
    text: Text


class AfterReturn(Model):
    events: list[Event] = []


Relation = Literal[
    "mother", "father", "wife", "husband", "sister", "brother", "son", "daughter", "other"
]


Power = Literal["appeals", "medical_records", "vvk", "court", "interim_measures"]


class Representative(Model):
    kind: Literal["relative", "lawyer"]
    relation: Relation | None = None
    surname: Str
    name: Str
    patronymic: Str | None = None
    gender: Gender
    address: Address
    phone: Str | None = None
    email: Email | None = None
    # The document that makes him or her the serviceman's representative (a доверенность): without
    # it a relative writes in her own name in his defence, never as his «представитель».
    authority: Text | None = None
    # The serviceman's written consent to this appeal and to the use of his personal data.
    consent: bool = False
    # What the power of attorney lets the representative do (all of them when not given), and
    # until when it runs (a blank line to fill in when not given).
    powers: list[Power] | None = None
    powers_until: date | None = None
    register_number: Str | None = None
    order_number: Str | None = None
    bar: Str | None = None
    name_declension: Declension | None = None

    @model_validator(mode="after")
    def _kind_fields(self) -> Representative:
        if self.kind == "relative" and self.relation is None:
            raise several([("relation", "relation.required", {})])
        if self.kind == "lawyer":
            missing = [
                f for f in ("register_number", "order_number", "bar") if not getattr(self, f)
            ]
            if missing:
                raise several([(missing[0], "lawyer.required", {})])
        return self


class MedicalBody(TitledBody):
    variant: Literal["vvk_branch", "district_medical", "civilian"] | None = None


class Addressees(Model):
    prosecutor: TitledBody | None = None
    # The district's (or fleet's) military prosecutor, the next step up from the garrison's:
    # its title names the district and cannot be guessed, so `followup` asks for it here.
    district_prosecutor: TitledBody | None = None
    medical: MedicalBody | None = None
    ministry: TitledBody | None = None


# What an attachment's `file` may be: a PDF (pages counted, appended to the combined PDF) or a
# scan as an image (one page).
ATTACHMENT_FILE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")


class Attachment(Model):
    title: Text
    pages: int | None = Field(default=None, ge=1)
    copies: int = Field(default=1, ge=1)
    original: bool = False
    # The attachment itself, relative to the case file or absolute: complaintgen counts its pages
    # (see attachments.py). Relative paths are resolved against the folder `casefile` passes in
    # the validation context, never against the current directory.
    file: Path | None = None

    @field_validator("file")
    @classmethod
    def _file(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is None:
            return None
        if value.suffix.lower() not in ATTACHMENT_FILE_SUFFIXES:
            raise invalid(
                "attachment.file_type", value=str(value), suffixes=list(ATTACHMENT_FILE_SUFFIXES)
            )
        value = value.expanduser()
        folder = (info.context or {}).get("case_dir")
        if folder is not None and not value.is_absolute():
            return Path(folder) / value
        return value


# How a document was filed: the one list of channels; every other list of them (the delivery
# rules of law/data/deadlines.yaml, record's messages) derives from it with typing.get_args.
Channel = Literal["in_person", "post", "online"]


class Filing(Model):
    document: Literal[DOCUMENT_IDS]  # type: ignore[valid-type]
    sent_on: date
    channel: Channel
    reference: Str | None = None
    tracking: Str | None = None
    # The day the addressee received it, from the post's return receipt: the answer period runs
    # from here. Without it, `status` estimates postal transit (data/deadlines.yaml).
    delivered_on: date | None = None
    answer_on: date | None = None
    answer: Text | None = None
    # What the answer was: a refusal is a decision to be cancelled, a forwarding sends the matter
    # elsewhere, a reply on the merits answers it; no answer at all is inaction.
    answer_kind: Literal["refusal", "forwarded", "merits"] | None = None
    # Who answered (or refused), in the nominative: «Командир войсковой части 12345».
    answered_by: Str | None = None


class Court(Model):
    """The garrison military court the claim goes to, chosen by the claimant: the court of the
    unit's location (КАС ст. 22) or of his residence (ст. 24 ч. 3–4). Its name and address are
    typed, never guessed (law/data/courts.yaml lists only courts whose address was checked)."""

    name: Str
    address: Address | None = None
    venue: Literal["unit", "residence"] | None = None
    # Ask the court to oblige the commander to act at once (КАС ст. 85, 223): the claim is then
    # filed on paper, since an electronic one would need a qualified signature (ст. 125 ч. 9).
    interim_measures: bool = False
    interim_reasons: Text | None = None
    # Ask to defer the state fee (КАС ст. 126 ч. 1 п. 2), with the reason.
    fee_deferral: Text | None = None
    # Why the three months were missed (КАС ст. 95, 219 ч. 5–7): the claim then asks to restore
    # the period; without reasons a passed period gets the standard ones from the filings.
    restore_reasons: Text | None = None
    # The days by which the claim asks the court to oblige the commander to act.
    days_to_act: int = Field(default=10, ge=1, le=90)


class Ombudsman(Model):
    """The Commissioner for Human Rights the complaint goes to: the federal one by default, or a
    regional one (its title and address as typed)."""

    title: Str | None = None
    address: Address | None = None
    # Ask the Commissioner to go to court in the serviceman's defence (КАС ст. 40 ч. 1).
    ask_to_sue: bool = True


class Options(Model):
    date_style: Literal["traditional", "numeric"] = "traditional"
    summary_anonymised: bool = True
    # International bodies read English (OHCHR takes English, French or Spanish): the case
    # summary is English unless a Russian one is asked for, whatever the case's language.
    summary_language: Language = "en"


class Case(Model):
    # The format version the file was written in; a version-1 file's content has been upgraded
    # to version 2 by the time it is validated (see `_upgrade`).
    schema_version: Literal[1, 2]
    language: Language = "ru"
    # Always set once loaded: the case's own date, `--date`, or today (see casefile.load_case).
    date: date
    serviceman: Serviceman
    unit: Unit
    captivity: Captivity
    health: Health
    after_return: AfterReturn | None = None
    vvk_conclusion: VvkConclusion | None = None
    hospital: Hospital | None = None
    representative: Representative | None = None
    addressees: Addressees | None = None
    court: Court | None = None
    ombudsman: Ombudsman | None = None
    attachments: list[Attachment] = []
    filings: list[Filing] = []
    documents: list[Literal[DOCUMENT_IDS]] | None = None  # type: ignore[valid-type]
    options: Options = Options()

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, value: Any) -> Any:
        return migrate.upgrade(value, keep_version=True)

    @model_validator(mode="before")
    @classmethod
    def _within_limits(cls, value: Any) -> Any:
        # Before any other rule, so that a megabyte of text is refused in a moment rather than
        # declined, typeset and laid out for minutes (see the block at the end of this module).
        problems = list(_limit_problems(value, ()))
        if problems:
            raise several(problems[:_SHOWN_PROBLEMS])
        return value

    @property
    def upgraded(self) -> bool:
        """Whether the file is in an older format version, read as the current one."""
        return self.schema_version < SCHEMA_VERSION

    @property
    def files_himself(self) -> bool:
        return self.representative is None

    @model_validator(mode="after")
    def _rules_across_fields(self, info: ValidationInfo) -> Case:
        # Each problem is (path from the top of the case file, code, parameters), so that
        # casefile can point at the line; all of them are reported at once.
        today = (info.context or {}).get("today")
        problems = list(self._problems(today if isinstance(today, _Date) else None))
        if problems:
            raise several(problems)
        return self

    def _problems(self, today: _Date | None) -> Iterator[tuple[str, str, dict[str, Any]]]:
        # ФЗ-59 ст. 7, 11: a written appeal without a postal address for the reply goes unanswered.
        if self.files_himself and not self.serviceman.address:
            yield "serviceman.address", "address.missing", {}
        captivity = self.captivity
        if captivity.released_on <= captivity.captured_on:
            yield (
                "captivity.released_on",
                "date.released_before_captured",
                {"released": str(captivity.released_on), "captured": str(captivity.captured_on)},
            )
        for i, filing in enumerate(self.filings):
            if filing.answer_on is not None and filing.answer_on < filing.sent_on:
                yield (
                    f"filings[{i}].answer_on",
                    "date.answer_before_sent",
                    {
                        "answer": str(filing.answer_on),
                        "sent_field": f"filings[{i}].sent_on",
                        "sent": str(filing.sent_on),
                    },
                )
            if (filing.answer_kind or filing.answered_by) and filing.answer_on is None:
                key = "answer_kind" if filing.answer_kind else "answered_by"
                yield f"filings[{i}].{key}", "filing.answer_without_date", {"key": key, "i": i}
            if filing.delivered_on is not None and filing.delivered_on < filing.sent_on:
                yield (
                    f"filings[{i}].delivered_on",
                    "date.delivered_before_sent",
                    {
                        "delivered": str(filing.delivered_on),
                        "sent_field": f"filings[{i}].sent_on",
                        "sent": str(filing.sent_on),
                    },
                )
        for path, value in self.dated_facts():
            if value > self.date:
                yield path, "date.future", {"value": str(value), "date": str(self.date)}
        # A document is often sent days after the date printed on it, and answered weeks later:
        # a filing's dates can only be held to today (checked when the caller knows it).
        for path, value in self.filing_dates():
            if today is not None and value > today:
                yield path, "date.after_today", {"value": str(value), "today": str(today)}

    def dated_facts(self) -> list[tuple[str, _Date]]:
        """Every date the case states of what came before its documents, with its field path, for
        the rules that compare them; the filings' dates are `filing_dates`."""
        facts: list[tuple[str, _Date | None]] = [
            ("serviceman.birth_date", self.serviceman.birth_date),
            ("captivity.captured_on", self.captivity.captured_on),
            ("captivity.released_on", self.captivity.released_on),
        ]
        facts += [
            (f"health.conditions[{i}].since", c.since) for i, c in enumerate(self.health.conditions)
        ]
        if self.health.previous_vvk:
            facts.append(("health.previous_vvk.date", self.health.previous_vvk.date))
        facts.append(("serviceman.called_up_on", self.serviceman.called_up_on))
        if self.vvk_conclusion:
            facts.append(("vvk_conclusion.date", self.vvk_conclusion.date))
        if self.hospital:
            facts += [
                ("hospital.treated_from", self.hospital.treated_from),
                ("hospital.treated_to", self.hospital.treated_to),
            ]
        if self.after_return:
            facts += [
                (f"after_return.events[{i}].date", e.date)
                for i, e in enumerate(self.after_return.events)
            ]
        return [(path, value) for path, value in facts if value is not None]

    def filing_dates(self) -> list[tuple[str, _Date]]:
        """The dates of what was sent and answered, with their field paths."""
        facts: list[tuple[str, _Date | None]] = []
        for i, filing in enumerate(self.filings):
            facts += [
                (f"filings[{i}].sent_on", filing.sent_on),
                (f"filings[{i}].delivered_on", filing.delivered_on),
                (f"filings[{i}].answer_on", filing.answer_on),
            ]
        return [(path, value) for path, value in facts if value is not None]

    def wanted_documents(self) -> tuple[str, ...]:
        """The documents to generate, in the packet's order."""
        wanted = set(self.documents) if self.documents is not None else set(DOCUMENT_IDS)
        return tuple(doc for doc in DOCUMENT_IDS if doc in wanted)


# --- Limits, and text that prints as it was typed ---------------------------------------------
#
# Checked on the data as read, before the models: what is too long, too many, too large or out of
# this era is one problem per field, not a long build or an OverflowError in date arithmetic
# (the limits are complaintgen.limits, documented in README.md «Limits»). Names and numbers are
# also held to print as they were typed: a bidi control (U+202E) reverses a surname on paper,
# and an invisible character makes «Иванов» a different name from «Иванов».

_SHOWN_PROBLEMS = 20
# The fields that hold a name or a number rather than free text, by their key in the case format.
_NAME_KEYS = frozenset(
    {
        "surname",
        "name",
        "patronymic",
        "initials",
        "rank",
        "rank_service",
        "personal_number",
        "number",
        "phone",
        "email",
        "reference",
        "tracking",
        "register_number",
        "order_number",
        "certificate",
        "garrison",
        "bar",
    }
)
_DATE_KEYS = frozenset(
    {"date", "birth_date", "captured_on", "released_on", "since", "sent_on", "delivered_on"}
    | {"answer_on"}
)
_FIRST_YEAR, _LAST_YEAR = 1900, 2999
_BIDI_CONTROLS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
# Characters that print as nothing (format characters, of Unicode category Cf, such as the
# zero-width space and the soft hyphen) or as a blank that is not a space.
_BLANK_LOOKALIKES = "\u115f\u1160\u3164\uffa0\u2800"


def _in_our_time(year: int) -> bool:
    return _FIRST_YEAR <= year <= _LAST_YEAR


def _invisible(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char) == "Cf" or char in _BLANK_LOOKALIKES


def _at(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _limit_problems(
    value: Any, loc: tuple[str | int, ...]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    from complaintgen import limits

    key = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _limit_problems(child, (*loc, str(child_key)))
    elif isinstance(value, list | tuple):
        if len(value) > limits.LIST_ITEMS:
            yield _at(loc), "list.too_long", {"length": len(value), "limit": limits.LIST_ITEMS}
            return
        for index, child in enumerate(value):
            yield from _limit_problems(child, (*loc, index))
    elif isinstance(value, str):
        yield from _text_problems(value, loc, key)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if key == "pages" and value > limits.ATTACHMENT_PAGES:
            yield (
                _at(loc),
                "attachment.too_many_pages",
                {"pages": value, "limit": limits.ATTACHMENT_PAGES},
            )
        elif abs(value) > limits.NUMBER_VALUE:
            yield _at(loc), "number.too_large", {"value": value, "limit": limits.NUMBER_VALUE}
    elif isinstance(value, date) and key in _DATE_KEYS and not _in_our_time(value.year):
        yield _at(loc), "date.out_of_range", {"value": str(value)}


def _text_problems(
    value: str, loc: tuple[str | int, ...], key: str
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    from complaintgen import limits

    at = _at(loc)
    name = key in _NAME_KEYS
    limit = limits.NAME_CHARS if name else limits.TEXT_CHARS
    if len(value) > limit:
        yield at, "text.too_long", {"length": len(value), "limit": limit}
        return
    if key in _DATE_KEYS:
        # A date typed as text (a spreadsheet cell): its year, before pydantic reads it.
        year = re.match(r"^\s*(\d{4,})-", value)
        if year and not _in_our_time(int(year[1])):
            yield at, "date.out_of_range", {"value": value.strip()}
            return
    if name:
        for position, char in enumerate(value, start=1):
            if _BIDI_CONTROLS.match(char):
                yield (
                    at,
                    "text.bidi_control",
                    {"codepoint": f"{ord(char):04X}", "position": position},
                )
                return
            if _invisible(char):
                yield at, "text.invisible", {"codepoint": f"{ord(char):04X}", "position": position}
                return
    if value.strip() and not "".join(c for c in value if not _invisible(c)).strip():
        yield at, "text.invisible_only", {}
