"""Case + template → Letter.

Templates (`templates/<lang>/<document>.xml.j2`) are the legal text; they see a read-only view
of the case in which every name, rank and title already has its grammatical cases
(``{{ sm.rank.gen }} {{ sm.name.gen }}`` → «младшего сержанта Смирнова Алексея Викторовича»),
dates are formatted per the case's options, free text is taken in the document's language, and
laws are cited by registry key (``{{ cite("fz323_art25_part1") }}``).

The Jinja environment is sandboxed, autoescaping and strict: a value can never become markup, a
missing variable is an error rather than a blank in a legal document, and a template cannot
reach Python internals.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from complaintgen import grammar, registry
from complaintgen.case import Case, Declension, LocalText
from complaintgen.errors import TemplateError
from complaintgen.letter import Letter, parse_letter

TEMPLATE_SUFFIX = ".xml.j2"
_CASE_NAMES = {
    "nom": "nominative",
    "gen": "genitive",
    "dat": "dative",
    "acc": "accusative",
    "ins": "instrumental",
    "pre": "prepositional",
}


def templates_dir() -> Path:
    """The built-in templates: inside the installed package, or at the top of a source checkout."""
    installed = Path(__file__).parent / "templates"
    return installed if installed.is_dir() else Path(__file__).parents[2] / "templates"


def available_documents(language: str) -> tuple[str, ...]:
    folder = templates_dir() / language
    return tuple(
        sorted(
            path.name.removesuffix(TEMPLATE_SUFFIX)
            for path in folder.glob(f"*{TEMPLATE_SUFFIX}")
            if not path.name.startswith("_")
        )
    )


class Forms:
    """A phrase in every grammatical case: ``.nom``, ``.gen``, ``.dat``, ``.ins`` and so on.

    Forms come from `decline` unless the case file overrides them; printed as is, it is the
    nominative.
    """

    def __init__(self, nominative: str, decline: Callable[[str], str], override: Declension | None):
        self._nominative = nominative
        self._decline = decline
        self._override = override

    def __getattr__(self, short: str) -> str:
        case = _CASE_NAMES.get(short)
        if case is None:
            raise AttributeError(short)
        if case == "nominative":
            return self._nominative
        given = getattr(self._override, case, None) if self._override else None
        return given or self._decline(case)

    def __str__(self) -> str:
        return self._nominative


class Person:
    """A named person as templates see them: name, short name, rank and position in every case."""

    def __init__(
        self,
        *,
        language: str,
        surname: str,
        name: str | None,
        patronymic: str | None,
        gender: str,
        initials: str | None = None,
        rank: str | None = None,
        guards: bool = False,
        rank_service: str | None = None,
        position: str | None = None,
        position_forms: Declension | None = None,
        name_forms: Declension | None = None,
    ) -> None:
        self.gender = gender
        self.male = gender == "male"
        russian = language == "ru"
        if name is not None:
            nominative = " ".join(p for p in (surname, name, patronymic) if p)
            self.name = Forms(
                nominative if russian else grammar.transliterate(nominative),
                (lambda case: grammar.full_name(surname, name, patronymic, gender, case))
                if russian
                else (lambda case: grammar.transliterate(nominative)),
                name_forms if russian else None,
            )
            short_initials = grammar.initials(name, patronymic)
        else:
            short_initials = initials or ""
        self.initials = short_initials if russian else grammar.transliterate(short_initials)

        def decline_surname(case: str) -> str:
            return (
                grammar.decline_surname(surname, gender, case)
                if russian
                else grammar.transliterate(surname)
            )

        # «А. В. Смирнов» (signatures, mentions) and «Смирнову А. В.» (military addressee lines).
        self.short = Forms(
            f"{self.initials} {surname if russian else grammar.transliterate(surname)}",
            lambda case: f"{self.initials} {decline_surname(case)}",
            None,
        )
        self.surname_first = Forms(
            f"{surname if russian else grammar.transliterate(surname)} {self.initials}",
            lambda case: f"{decline_surname(case)} {self.initials}",
            None,
        )
        self.rank = (
            Forms(
                grammar.decline_rank(rank, "nominative", guards=guards, service=rank_service),
                lambda case: grammar.decline_rank(rank, case, guards=guards, service=rank_service),
                None,
            )
            if rank
            else None
        )
        self.position = (
            Forms(position, lambda case: grammar.decline_phrase(position, case), position_forms)
            if position
            else None
        )

    def g(self, male: str, female: str) -> str:
        """The word agreeing with the person's gender: ``{{ sm.g("обратился", "обратилась") }}``."""
        return male if self.male else female


class View:
    """Attribute access over a mapping, for the few plain records templates read."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def build_context(case: Case, language: str) -> dict[str, Any]:
    """Everything a template may read, for one case in one language."""
    sm = case.serviceman
    unit = case.unit
    style = case.options.date_style

    def text(value: LocalText | None) -> str:
        """Free text in the document's language; Russian text in an English document is marked."""
        if value is None:
            return ""
        content, foreign = value.get(language)
        return f"{content} (in Russian)" if foreign and language == "en" else content

    def date(value: dt.date) -> str:
        # Dates inside the text are numeric (15.08.2024); the style option is for the
        # document's own date under the signature.
        return grammar.format_date(value, "numeric", language)

    def cite(key: str, short: bool = False) -> str:
        return registry.cite(key, language, short=short)

    serviceman = Person(
        language=language,
        surname=sm.surname,
        name=sm.name,
        patronymic=sm.patronymic,
        gender=sm.gender,
        rank=sm.rank,
        guards=sm.guards,
        rank_service=sm.rank_service,
        position=sm.position,
        position_forms=sm.declension,
        name_forms=sm.name_declension,
    )
    commander = (
        Person(
            language=language,
            surname=unit.commander.surname,
            name=None,
            patronymic=None,
            initials=unit.commander.initials,
            gender=unit.commander.gender,
            rank=unit.commander.rank,
            guards=unit.commander.guards,
            rank_service=unit.commander.rank_service,
            name_forms=unit.commander.name_declension,
        )
        if unit.commander
        else None
    )
    events = sorted(case.after_return.events if case.after_return else [], key=lambda e: e.date)
    return {
        "lang": language,
        "case": case,
        "sm": serviceman,
        "personal": View(
            number=sm.personal_number,
            address=sm.address,
            phone=sm.phone,
            email=sm.email,
            birth_date=sm.birth_date,
            service_type=sm.service_type,
        ),
        "unit": View(
            number=unit.number,
            garrison=unit.garrison,
            commander=commander,
            location=unit.current_location,
        ),
        "captivity": case.captivity,
        "health": case.health,
        "events": events,
        "attachments": case.attachments,
        "filings": sorted(case.filings, key=lambda f: f.sent_on),
        "doc_date": grammar.format_date(case.date, style, language),
        "date": date,
        "text": text,
        "cite": cite,
        "sheets": lambda n: grammar.sheets(n, language),
        "plural": grammar.plural,
    }


def render_letter(case: Case, doc_id: str, language: str | None = None) -> Letter:
    """The letter `doc_id` for `case`, in `language` (default: the case's)."""
    language = language or case.language
    name = f"{language}/{doc_id}{TEMPLATE_SUFFIX}"
    try:
        template = _environment(templates_dir()).get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"no template for {doc_id} in {language} ({name})") from None
    try:
        markup = template.render(build_context(case, language))
    except jinja2.TemplateError as error:
        raise TemplateError(f"{name}: {error}") from None
    return parse_letter(markup, doc_id=doc_id, source=name)


# Control characters other than line breaks and tabs have no place in a letter (XML refuses
# most of them); validation keeps them out of case files, this keeps them out of the markup.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _finalize(value: Any) -> Any:
    if value is None:
        raise TemplateError(
            "a template printed an empty value; guard optional fields with {% if … %}"
        )
    if isinstance(value, str) and not isinstance(value, jinja2.utils.markupsafe.Markup):
        # One line per value: a value can never start a new line of the markup.
        return " ".join(_CONTROL.sub("", value).split())
    return value


def _capfirst(value: str) -> str:
    return value[:1].upper() + value[1:]


def _clause(value: str) -> str:
    """Free text made ready to end a sentence the template closes: no trailing stop or semicolon."""
    return value.rstrip().rstrip(".;,").rstrip()


def _join(items: Iterable[str], sep: str = ", ", last: str | None = None) -> str:
    items = [item for item in items if item]
    if last is None or len(items) < 2:
        return sep.join(items)
    return sep.join(items[:-1]) + last + items[-1]


@functools.cache
def _environment(folder: Path) -> jinja2.Environment:
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        # No trim_blocks: a line of a template is a line of the letter, whatever tags it holds;
        # the blank lines that tags leave are dropped by the letter parser.
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["capfirst"] = _capfirst
    env.filters["clause"] = _clause
    env.filters["join_words"] = _join
    env.filters["nfc"] = lambda value: unicodedata.normalize("NFC", value)
    return env
