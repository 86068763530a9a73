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

import contextlib
import contextvars
import datetime as dt
import functools
import re
import signal
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markupsafe
from jinja2.sandbox import ImmutableSandboxedEnvironment

from complaintgen import grammar
from complaintgen.case.model import CYRILLIC, Case, Declension, Gender
from complaintgen.errors import ComplaintgenError, TemplateError
from complaintgen.law import registry
from complaintgen.limits import (
    TEMPLATE_BYTES,
    TEMPLATE_RANGE_ITEMS,
    TEMPLATE_SECONDS,
    TEMPLATE_VALUE_CHARS,
)
from complaintgen.render import situation
from complaintgen.render.citing import Citer
from complaintgen.render.inert import View, inert, source_of
from complaintgen.render.typeset import typeset
from complaintgen.render.voices import (
    Forms,
    claimant_forms,
    kin_forms,
    relation_forms,
    who_forms,
)
from complaintgen.storage.regular import FileTooLarge, NotRegularFile, megabytes, read_regular
from complaintgen.writers.letter import Letter, parse_letter

if TYPE_CHECKING:
    from complaintgen.case.model import Representative, Serviceman

TEMPLATE_SUFFIX = ".xml.j2"


def templates_dir() -> Path:
    """The built-in templates: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).parents[1]
    installed = package / "templates"
    return installed if installed.is_dir() else package.parents[1] / "templates"


def available_documents(language: str) -> tuple[str, ...]:
    folder = templates_dir() / language
    return tuple(
        sorted(
            path.name.removesuffix(TEMPLATE_SUFFIX)
            for path in folder.glob(f"*{TEMPLATE_SUFFIX}")
            if not path.name.startswith("_")
        )
    )


class Person:
    """A named person as templates see them: name, short name, rank and position in every case.

    In an English document names are transliterated (ICAO, as in Russian passports) and ranks
    translated; the case forms are then all the same.
    """

    def __init__(
        self,
        language: str,
        *,
        surname: str,
        name: str | None,
        patronymic: str | None,
        gender: Gender,
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
        letters = grammar.initials(name, patronymic) if name else (initials or "")
        self.initials = letters if russian else grammar.transliterate(letters)
        if russian:
            self.name = (
                Forms(
                    " ".join(p for p in (surname, name, patronymic) if p),
                    lambda case: grammar.full_name(surname, name, patronymic, gender, case),
                    name_forms,
                )
                if name
                else None
            )
            # «А. В. Смирнов» (signatures, mentions) and «Смирнову А. В.» (addressee lines).
            self.short = Forms(
                f"{self.initials} {surname}",
                lambda case: f"{self.initials} {grammar.decline_surname(surname, gender, case)}",
            )
            # A person known only by surname and initials (a commander): `name_declension`
            # corrects this form, the only one the letters use.
            self.surname_first = Forms(
                f"{surname} {self.initials}",
                lambda case: f"{grammar.decline_surname(surname, gender, case)} {self.initials}",
                None if name else name_forms,
            )
            self.rank = (
                Forms(
                    grammar.decline_rank(rank, "nominative", guards=guards, service=rank_service),
                    lambda case: grammar.decline_rank(
                        rank, case, guards=guards, service=rank_service
                    ),
                )
                if rank
                else None
            )
            self.position = (
                Forms(position, lambda case: grammar.decline_phrase(position, case), position_forms)
                if position
                else None
            )
        else:
            latin = grammar.transliterate(surname)
            self.name = (
                Forms.fixed(
                    grammar.transliterate(" ".join(p for p in (name, patronymic, surname) if p))
                )
                if name
                else None
            )
            self.short = Forms.fixed(f"{self.initials} {latin}")
            self.surname_first = Forms.fixed(f"{latin} {self.initials}")
            self.rank = (
                Forms.fixed(grammar.rank_in_english(rank, guards=guards, service=rank_service))
                if rank
                else None
            )
            self.position = Forms.fixed(_marked(position)) if position else None

    def g(self, male: str, female: str) -> str:
        """The word agreeing with the person's gender: ``{{ sm.g("обратился", "обратилась") }}``."""
        return male if self.male else female


def _marked(text: str) -> str:
    """Russian text kept in an English document, and said to be Russian."""
    return f"{text} [in Russian]" if CYRILLIC.search(text) else text


def build_context(case: Case, language: str) -> dict[str, Any]:
    """Everything a template may read, for one case in one language."""
    sm = case.serviceman
    unit = case.unit
    rep = case.representative
    style = case.options.date_style

    def text(value: object) -> str:
        """Free text in the document's language; Russian text in an English document is marked."""
        source = source_of(value)
        if source is None:
            return ""
        content, foreign = source.get(language)
        return _marked(content) if foreign and language == "en" else content

    def date(value: dt.date, long: bool = False) -> str:
        # Dates inside the text are numeric (15.08.2024); the style option is for the
        # document's own date under the signature. `long` spells the month (2 October 2026),
        # for readers abroad, to whom 02.10.2026 is ambiguous.
        return grammar.format_date(value, "traditional" if long else "numeric", language)

    def translated(value: object) -> bool:
        """Whether free text exists in the document's own language (not a fallback)."""
        source = source_of(value)
        return source is not None and not source.get(language)[1]

    citer = Citer(language)

    def cite(key: str, short: bool = False) -> str:
        # A plain function, not the Citer itself: the sandbox guards a function's internals.
        return citer(key, short)

    medical_goes_up = situation.appeal_goes_up(case)

    vvk_goes_up = situation.vvk_appeal_goes_up(case)

    def addressee(kind: str) -> View:
        if kind == "medical" and medical_goes_up:
            return situation.body_addressee("gc_vve", language)  # type: ignore[no-any-return]
        # The appeal of a ВВК conclusion: the branch, or the Главный центр after it refused.
        if kind == "higher_vvk":
            if vvk_goes_up:
                return situation.body_addressee("gc_vve", language)  # type: ignore[no-any-return]
            return _addressee(case, "medical", language)
        if kind == "hospital":
            return situation.hospital_addressee(case, language)  # type: ignore[no-any-return]
        if kind == "ombudsman":
            return _ombudsman_addressee(case, language)
        return _addressee(case, kind, language)

    serviceman = Person(
        language,
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
            language,
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
    contact: Serviceman | Representative
    if rep is None:
        voice, applicant, contact = "self", serviceman, sm
    else:
        voice = rep.kind
        applicant = Person(
            language,
            surname=rep.surname,
            name=rep.name,
            patronymic=rep.patronymic,
            gender=rep.gender,
            name_forms=rep.name_declension,
        )
        contact = rep
    events = sorted(case.after_return.events if case.after_return else [], key=lambda e: e.date)
    kin = kin_forms(rep.relation, sm.gender, language) if rep and rep.relation else None
    context: dict[str, Any] = {
        "lang": language,
        "voice": voice,
        "sm": serviceman,
        "applicant": applicant,
        "rep": rep,
        "kin": kin,
        "who": who_forms(voice, kin, language, sm.gender),
        "claimant": claimant_forms(language),
        # What the relative is to the serviceman: «мать» / «матери» / «матерью», "mother".
        "relation": relation_forms(rep, language) if rep and rep.relation else None,
        "reply": View(address=contact.address, phone=contact.phone, email=contact.email),
        "personal": View(
            number=sm.personal_number,
            birth_date=sm.birth_date,
            service_type=sm.service_type,
            called_up=sm.called_up_on,
            term=sm.term,
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
        "options": case.options,
        "medical_variant": case.addressees.medical.variant
        if case.addressees and case.addressees.medical
        else None,
        "doc_date": grammar.format_date(case.date, style, language),
        "date": date,
        "text": text,
        "translated": translated,
        # A Russian value kept in an English document is marked as Russian.
        "mark": (lambda value: _marked(value)) if language == "en" else (lambda value: value),
        # Remembers the acts this render has cited: full at the first mention, short after.
        "cite": cite,
        # How sure the registry is of a norm (verified | partial | unverified), for the notes
        # that list a document's legal basis with its status.
        "law_status": lambda key: registry.citations()[key].status,
        "addressee": addressee,
        "sheets": lambda n: grammar.sheets(n, language),
        "plural": grammar.plural,
        # «получено» made to agree with a typed subject, or None: then the template rephrases.
        "agree": grammar.agree,
        # Last, so that its date-ordered `health` replaces the case's.
        **situation.context(case, language),
    }
    # The case's records reach a template as inert views (render/inert.py): a model's or a
    # path's methods would let an organisation's template read and write files.
    return {key: _inert(value) for key, value in context.items()}


def _inert(value: Any) -> Any:
    """A context value as templates see it: the deliberate helpers and views as they are,
    everything else (records of the case) made inert."""
    if callable(value) or isinstance(value, Forms | Person | View):
        return value
    return inert(value)


# Where each kind of addressee's title comes from in the case file, and the registry entry
# that stands in when the case gives none (only bodies whose title never depends on the case).
ADDRESSEE_FIELDS = {
    "higher_command": ("unit.higher_command", None),
    "prosecutor": ("addressees.prosecutor", None),
    "district_prosecutor": ("addressees.district_prosecutor", None),
    "medical": ("addressees.medical", None),
    "ministry": ("addressees.ministry", "minister_of_defence"),
}


def _addressee(case: Case, kind: str, language: str) -> View:
    path, fallback = ADDRESSEE_FIELDS[kind]
    given = (
        case.unit.higher_command
        if kind == "higher_command"
        else getattr(case.addressees, kind, None)
    )
    title = given.title if given else None
    address = given.address if given else None
    overrides = given.declension if given else None
    if title is None and fallback is not None:
        body = registry.body(fallback)
        title = body.title_ru if language == "ru" else body.title_en
    if title is None:
        raise TemplateError(f"{path}.title is needed for this document")
    if language == "ru":
        forms = Forms(title, lambda case_name: grammar.decline_phrase(title, case_name), overrides)
    else:
        forms = Forms.fixed(_marked(title))
    return View(title=forms, address=address)


def _ombudsman_addressee(case: Case, language: str) -> View:
    """The Commissioner the complaint goes to: a regional one as the case names it (title and
    address typed by the user), else the federal one, whose title is in the registry."""
    given = case.ombudsman
    address = given.address if given else None
    if given is None or given.title is None:
        federal: View = situation.body_addressee("ombudsman_rf", language)
        return View(title=federal.title, address=address or federal.address)
    title = given.title
    if language == "ru":
        forms = Forms(title, lambda case_name: grammar.decline_phrase(title, case_name))
    else:
        forms = Forms.fixed(_marked(title))
    return View(title=forms, address=address)


def render_letter(
    case: Case, doc_id: str, language: str | None = None, *, templates: Path | None = None
) -> Letter:
    """The letter `doc_id` for `case`, in `language` (default: the case's).

    `templates` is an organisation's own folder of templates (``--templates``), searched before
    the built-in ones; see `_environment`.
    """
    language = language or case.language
    name = f"{language}/{doc_id}{TEMPLATE_SUFFIX}"
    user = user_templates(templates)
    try:
        template = _environment(templates_dir(), user).get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"no template for {doc_id} in {language} ({name})") from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(_template_problem(error, name)) from None
    try:
        with _bounded(user is not None):
            markup = template.render(build_context(case, language))
    except _TooSlow:
        raise TemplateError(
            f"{name}: took longer than {TEMPLATE_SECONDS:g} s to render (a loop without end?); "
            "a template may render one document for at most that long"
        ) from None
    except MemoryError:
        if user is None:
            raise
        raise TemplateError(f"{name}: needs more memory than this computer has") from None
    except jinja2.TemplateError as error:
        raise TemplateError(_template_problem(error, name)) from None
    except RecursionError:
        raise TemplateError(f"{name}: a macro calls itself without end") from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as error:
        # In a user's template, a Python error ({{ 1/0 }}, a range the sandbox refuses) is the
        # template's mistake, not ours: one line. In ours it is a bug and keeps its traceback.
        if user is None or isinstance(error, ComplaintgenError):
            raise
        where = _template_line(error) or name
        raise TemplateError(f"{where}: {type(error).__name__}: {error}") from None
    return typeset(parse_letter(markup, doc_id=doc_id, source=name))


def user_templates(folder: Path | None) -> Path | None:
    """An organisation's templates folder, checked: it must hold ``ru/`` or ``en/``."""
    if folder is None:
        return None
    if not folder.is_dir():
        raise TemplateError(f"{folder}: not a folder; give --templates the folder that holds ru/")
    if not any((folder / language).is_dir() for language in ("ru", "en")):
        raise TemplateError(
            f"{folder}: holds no ru/ or en/ folder; put an override of a template at "
            f"{folder / 'ru' / ('vvk_report' + TEMPLATE_SUFFIX)} (same name as the built-in one)"
        )
    return folder.resolve()


def _template_problem(error: jinja2.TemplateError, name: str) -> str:
    """One line: the template file and line where it failed, what failed, and what to do."""
    where = _template_line(error) or name
    what = str(error.message if error.message else error).rstrip(".")
    if isinstance(error, jinja2.TemplateNotFound):
        return f"{where}: no template named {error.name!r}; check the name in the import"
    if isinstance(error, jinja2.exceptions.SecurityError):
        return (
            f"{where}: {what}; a template may use only the values and functions it is given "
            "(templates/README.md), never Python's internals"
        )
    return f"{where}: {what}"


def _template_line(error: Exception) -> str | None:
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{error.filename}:{error.lineno}"
    # Jinja rewrites the traceback so that template frames carry the template's file and line;
    # the innermost one is where the template failed.
    where = None
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIX):
            where = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return where


def render_template(
    case: Case, name: str, language: str, *, doc_id: str, **arguments: Any
) -> Letter:
    """A letter from the macro `letter` of the template `name` (``_followup``), over the case's
    usual context, with `arguments` as the macro's arguments.

    For letters that are not packet documents: their templates start with ``_`` so that
    `available_documents` does not list them, and what they need beyond the case comes in as
    declared macro arguments. `doc_id` (ASCII) names the letter in its files.
    """
    source = f"{language}/{name}{TEMPLATE_SUFFIX}"
    try:
        module = template_module(case, name, language)
        markup = str(module.letter(**{key: _inert(value) for key, value in arguments.items()}))
    except jinja2.TemplateError as error:
        raise TemplateError(f"{source}: {error}") from None
    return parse_letter(markup, doc_id=doc_id, source=source)


def template_module(case: Case, name: str, language: str) -> Any:
    """The built-in template `name` (``_followup``, ``_filing``) as a module over the case's
    usual context: its macros are then called with what they need beyond the case."""
    source = f"{language}/{name}{TEMPLATE_SUFFIX}"
    try:
        template = _environment(templates_dir()).get_template(source)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"no template {source}") from None
    return template.make_module(build_context(case, language))


# Control characters other than line breaks and tabs have no place in a letter (XML refuses
# most of them); validation keeps them out of case files, this keeps them out of the markup.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def _finalize(value: Any) -> Any:
    if value is None:
        raise TemplateError(
            "a template printed an empty value; guard optional fields with {% if … %}"
        )
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        # One line per value: a value can never start a new line of the markup. Runs of
        # whitespace become one space, but a space at either end stays where the template put it.
        return _SPACES.sub(" ", _CONTROL.sub("", value))
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


# Built-in templates stay reachable under this prefix when a user's template of the same name
# hides them: ``{% import "builtin/ru/_common.xml.j2" as common with context %}``.
BUILTIN_PREFIX = "builtin"


@functools.cache
def _environment(folder: Path, user: Path | None = None) -> jinja2.Environment:
    """One sandboxed environment per (built-in, user) templates folder pair.

    The loader looks in the user's folder first, then the built-in one, so an organisation
    overrides any template, a shared ``_common`` included, by giving a file of the same name.
    User templates run in the same sandbox (ImmutableSandboxedEnvironment, StrictUndefined): a
    template that reaches for Python internals gets a SecurityError, which `render_letter`
    turns into one line.
    """
    builtin = jinja2.FileSystemLoader(str(folder))
    user_loaders = [_UserLoader(str(user))] if user is not None else []
    sandbox = _BoundedSandbox if user is not None else ImmutableSandboxedEnvironment
    env = sandbox(
        loader=jinja2.ChoiceLoader(
            [jinja2.PrefixLoader({BUILTIN_PREFIX: builtin}), *user_loaders, builtin]
        ),
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
    env.filters["introduced"] = grammar.introduced
    env.filters["join_words"] = _join
    env.filters["nfc"] = lambda value: unicodedata.normalize("NFC", value)
    if user is not None:
        env.globals["range"] = _budgeted_range
        for name, function in list(env.filters.items()):
            # functools.wraps keeps the mark Jinja reads (pass_context, pass_environment, …).
            env.filters[name] = _bounded_filter(function)
    return env


# --- A user's template, bounded ----------------------------------------------------------------
#
# A template from --templates is someone else's code: beyond the sandbox (no Python internals),
# what it may cost is bounded, so that a mistake or a hostile template ends in one line instead
# of a hang or an exhausted memory. Three bounds, each for what the others miss:
# - `range` yields at most TEMPLATE_RANGE_ITEMS items over a whole render: nested
#   `range(100000)` loops (10^10 steps; the sandbox caps only each call) stop at once;
# - `*` and `**` may not make a string, a list or a number past TEMPLATE_VALUE_CHARS:
#   `'a' * 10**10` would allocate 10 GB before anything could stop it;
# - a render may take TEMPLATE_SECONDS: SIGALRM interrupts any other loop (over a long list,
#   recursive macros), in the main thread of the process that renders, which is where build,
#   its forked copies and a batch's workers render. Elsewhere (a thread of a library user) the
#   first two bounds still hold.
# The files themselves are read as regular files of at most TEMPLATE_BYTES, and must be UTF-8.

_range_left: contextvars.ContextVar[int] = contextvars.ContextVar("range_left", default=0)


class _TooSlow(Exception):
    """Raised by the alarm in a render that took longer than TEMPLATE_SECONDS."""


@contextlib.contextmanager
def _bounded(user: bool) -> Iterator[None]:
    if not user:
        yield
        return
    token = _range_left.set(TEMPLATE_RANGE_ITEMS)
    timed = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    if timed:

        def _alarm(_signal: int, _frame: object) -> None:
            raise _TooSlow

        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, TEMPLATE_SECONDS)
    try:
        yield
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _range_left.reset(token)


def _budgeted_range(*args: int) -> range:
    numbers = range(*args)
    left = _range_left.get() - len(numbers)
    if left < 0:
        raise jinja2.exceptions.SecurityError(
            f"range() would yield more than {TEMPLATE_RANGE_ITEMS} items in one document"
        )
    _range_left.set(left)
    return numbers


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if _too_big(operator, left, right):
            raise _too_big_error(f"«{operator}»")
        return super().call_binop(context, operator, left, right)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # 'a'.center(10**10), '{:>9999999999}'.format(x): a width allocates before it returns.
        # The sandbox hands str.format over wrapped (its __wrapped__ is the bound method).
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if _huge_argument(args, kwargs) or (
            isinstance(owner, str) and _HUGE_WIDTH.search(owner) is not None
        ):
            raise _too_big_error("a call")
        return super().call(__context, __obj, *args, **kwargs)


# A width or a precision in a format string («%9999999999s», «{:>9999999999}») of 7 digits or
# more: what it asks for would not fit TEMPLATE_VALUE_CHARS.
_HUGE_WIDTH = re.compile(r"[%:][^%:{}]*?\d{7,}")


def _too_big_error(what: str) -> jinja2.exceptions.SecurityError:
    return jinja2.exceptions.SecurityError(
        f"the result of {what} would be larger than {TEMPLATE_VALUE_CHARS} characters"
    )


def _huge_argument(args: Iterable[Any], kwargs: dict[str, Any]) -> bool:
    return any(
        isinstance(value, int) and abs(value) > TEMPLATE_VALUE_CHARS
        for value in (*args, *kwargs.values())
    )


def _bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses a size argument too large (``'a'|center(10**10)``)."""

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if _huge_argument(args[1:], kwargs):
            raise _too_big_error(f"the filter {function.__name__}")
        return function(*args, **kwargs)

    return bounded


def _too_big(operator: str, left: Any, right: Any) -> bool:
    def is_int(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, str | list | tuple) and is_int(times):
                return bool(len(sequence) * max(times, 0) > TEMPLATE_VALUE_CHARS)
        if is_int(left) and is_int(right):
            return bool(left.bit_length() + right.bit_length() > 4 * TEMPLATE_VALUE_CHARS)
        return False
    if operator == "%":
        return isinstance(left, str) and _HUGE_WIDTH.search(left) is not None
    if operator == "**" and is_int(left) and is_int(right):
        # The bits of left ** right: about right × the bits of left.
        return bool(abs(left) > 1 and right * left.bit_length() > 4 * TEMPLATE_VALUE_CHARS)
    return False


class _UserLoader(jinja2.FileSystemLoader):
    """A user's templates folder, each file read bounded and as UTF-8, with a one-line error."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        from jinja2.loaders import split_template_path

        pieces = split_template_path(template)
        for base in self.searchpath:
            path = Path(base, *pieces)
            try:
                data = read_regular(path, TEMPLATE_BYTES)
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                continue
            except FileTooLarge as error:
                raise TemplateError(
                    f"{path}: {megabytes(error.size)}, larger than a template may be "
                    f"({megabytes(TEMPLATE_BYTES)})"
                ) from None
            except NotRegularFile:
                raise TemplateError(
                    f"{path}: not a regular file; a template is a text file"
                ) from None
            except OSError as error:
                raise TemplateError(f"{path}: cannot be read ({error.strerror})") from None
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise TemplateError(
                    f"{path}: not UTF-8 text (byte {error.start + 1}); save the template as UTF-8"
                ) from None
            mtime = path.stat().st_mtime

            def uptodate(path: Path = path, mtime: float = mtime) -> bool:
                try:
                    return path.stat().st_mtime == mtime
                except OSError:
                    return False

            return text, str(path), uptodate
        raise jinja2.TemplateNotFound(template)


def declined_forms(case: Case) -> list[tuple[str, dict[str, str]]]:
    """Every automatically declined phrase of the case, for a person to check before filing.

    Each entry is (what, {case name: form}); forms given in the case file appear as they are.
    """
    context = build_context(case, "ru")
    wanted = ("nom", "gen", "dat", "ins")
    entries: list[tuple[str, Forms | None]] = [
        ("serviceman.name", context["sm"].name),
        ("serviceman.rank", context["sm"].rank),
        ("serviceman.position", context["sm"].position),
    ]
    commander = context["unit"].commander
    if commander is not None:
        entries += [
            ("unit.commander.rank", commander.rank),
            ("unit.commander (surname, initials)", commander.surname_first),
        ]
    if case.representative is not None:
        entries.append(("representative.name", context["applicant"].name))
    for kind, (path, _) in ADDRESSEE_FIELDS.items():
        try:
            entries.append((f"{path}.title", _addressee(case, kind, "ru").title))
        except TemplateError:
            continue  # not given: no document is addressed there
    return [
        (what, {short: getattr(forms, short) for short in wanted})
        for what, forms in entries
        if forms is not None
    ]
