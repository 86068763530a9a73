"""The registries of legal citations and of addressee bodies.

The words of the law live in two data files that a lawyer edits by hand,
``data/citations.yaml`` and ``data/bodies.yaml``, and templates refer to them by key. This module
reads each file once, checks it strictly and hands out frozen records. The check is strict
because a typo in a hand-edited file must stop the program, with the file, entry and field named,
rather than quietly change what a document says.

PyYAML is imported only when a registry is first read, so importing this module stays cheap.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args
from urllib.parse import urlsplit

from complaintgen.errors import TemplateError
from complaintgen.law.datafile import RegistryError, packaged, parse_data

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

Status = Literal["verified", "partial", "unverified"]
Kind = Literal["command", "prosecutor", "medical", "ministry", "ombudsman", "civilian_health"]

STATUSES: tuple[str, ...] = get_args(Status)
KINDS: tuple[str, ...] = get_args(Kind)

_KEY = re.compile(r"[a-z][a-z0-9_]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Citation:
    """One norm as the documents cite it, with what is known about how sure we are of it."""

    key: str
    ru: str
    ru_short: str
    en: str
    en_short: str
    source: tuple[str, ...]
    status: Status
    checked: date | None
    note: str | None

    def text(self, language: str, short: bool = False) -> str:
        """The citation in `language` ("ru" or "en"); `short` gives the form for later mentions."""
        if language == "ru":
            return self.ru_short if short else self.ru
        if language == "en":
            return self.en_short if short else self.en
        # The case format's languages, read only on the way to this error: importing the model
        # (pydantic) would make importing the registry some 100 ms slower.
        from complaintgen.case.model import Language

        raise TemplateError(
            f"citation {self.key!r}: unknown language {language!r}; "
            f"use one of {_listed(get_args(Language))}"
        )


@dataclass(frozen=True)
class Body:
    """A default addressee and the next body up its ladder.

    When `needs_case_value` is true the title depends on the case (which garrison, which branch),
    so `title_ru` and `title_en` are None and `hint_ru` / `hint_en` show the user an example.
    """

    key: str
    kind: Kind
    title_ru: str | None
    title_en: str | None
    needs_case_value: bool
    hint_ru: str | None
    hint_en: str | None
    address: str | None
    address_status: Status | None
    address_source: tuple[str, ...]
    check_before_sending: bool
    escalates_to: str | None
    note: str | None


# --- Public lookups -------------------------------------------------------------------------------


@functools.cache
def citations() -> Mapping[str, Citation]:
    """Every citation in the packaged registry, by key (read once, then cached)."""
    return MappingProxyType(load_citations(packaged("citations.yaml")))


@functools.cache
def bodies() -> Mapping[str, Body]:
    """Every default addressee in the packaged registry, by key (read once, then cached)."""
    return MappingProxyType(load_bodies(packaged("bodies.yaml")))


def cite(key: str, language: str, short: bool = False) -> str:
    """The text of citation `key` in `language`; an unknown key names the nearest known ones."""
    return _lookup(citations(), key, "citation", "citations.yaml").text(language, short)


def body(key: str) -> Body:
    """The addressee `key`; an unknown key names the nearest known ones."""
    return _lookup(bodies(), key, "body", "bodies.yaml")


_T = TypeVar("_T")


def _lookup(registry: Mapping[str, _T], key: str, what: str, filename: str) -> _T:
    try:
        return registry[key]
    except KeyError:
        raise TemplateError(
            f"unknown {what} key {key!r}{_did_you_mean(key, registry)};"
            f" the keys are in complaintgen/law/data/{filename}"
        ) from None


# --- Loading and checking -------------------------------------------------------------------------

_CITATION_FIELDS = ("ru", "ru_short", "en", "en_short", "source", "status", "checked", "note")
_BODY_FIELDS = (
    "kind",
    "title_ru",
    "title_en",
    "needs_case_value",
    "hint_ru",
    "hint_en",
    "address",
    "address_status",
    "address_source",
    "check_before_sending",
    "escalates_to",
    "note",
)


def load_citations(file: Traversable) -> dict[str, Citation]:
    """Read and check a citations file; raise RegistryError listing every problem found."""
    name, entries, problems = _read_entries(file)
    result: dict[str, Citation] = {}
    for key, raw in entries.items():
        entry = _Entry(name, key, raw, _CITATION_FIELDS, problems)
        citation = result[key] = Citation(
            key=key,
            ru=entry.text("ru"),
            ru_short=entry.text("ru_short"),
            en=entry.text("en"),
            en_short=entry.text("en_short"),
            source=entry.urls("source"),
            status=entry.choice("status", STATUSES),
            checked=entry.day("checked"),
            note=entry.optional_text("note"),
        )
        if entry.failed:
            continue  # the cross-field checks below would only repeat the problem
        # A status is a claim about a source on a date, so it must say which and when.
        if citation.status == "verified" and not citation.source:
            entry.fail("source", "a verified citation must name the source it was seen in")
        if citation.status != "unverified" and citation.checked is None:
            entry.fail("checked", f"give the date the {citation.status} status was established")
    _raise_if(problems)
    return result


def load_bodies(file: Traversable) -> dict[str, Body]:
    """Read and check a bodies file; raise RegistryError listing every problem found."""
    name, entries, problems = _read_entries(file)
    result: dict[str, Body] = {}
    for key, raw in entries.items():
        entry = _Entry(name, key, raw, _BODY_FIELDS, problems)
        item = result[key] = Body(
            key=key,
            kind=entry.choice("kind", KINDS),
            title_ru=entry.optional_text("title_ru"),
            title_en=entry.optional_text("title_en"),
            needs_case_value=entry.flag("needs_case_value"),
            hint_ru=entry.optional_text("hint_ru"),
            hint_en=entry.optional_text("hint_en"),
            address=entry.optional_text("address"),
            address_status=entry.choice("address_status", STATUSES, nullable=True),
            address_source=entry.urls("address_source"),
            check_before_sending=entry.flag("check_before_sending"),
            escalates_to=entry.optional_text("escalates_to"),
            note=entry.optional_text("note"),
        )
        if entry.failed:
            continue  # the cross-field checks below would only repeat the problem
        # Either the title is fixed here, or the user types it with an example to go by.
        for title, hint, language in (
            (item.title_ru, item.hint_ru, "ru"),
            (item.title_en, item.hint_en, "en"),
        ):
            if item.needs_case_value and (title is not None or hint is None):
                entry.fail(
                    f"title_{language}",
                    f"with needs_case_value: true, title_{language} must be null"
                    f" and hint_{language} must give an example",
                )
            elif not item.needs_case_value and (title is None or hint is not None):
                entry.fail(
                    f"title_{language}",
                    f"give title_{language} and leave hint_{language} null,"
                    " or set needs_case_value: true",
                )
        if (item.address is None) != (item.address_status is None):
            entry.fail("address_status", "give it exactly when an address is given")
        if item.address is not None and not item.check_before_sending:
            entry.fail("check_before_sending", "must be true for every address given here")
    _check_ladder(name, result, problems)
    _raise_if(problems)
    return result


def _check_ladder(name: str, items: Mapping[str, Body], problems: list[str]) -> None:
    """Every escalates_to names another body, and following them never comes back round."""
    broken = False
    for key, item in items.items():
        target = item.escalates_to
        if target is not None and target not in items:
            problems.append(
                f"{name}: {key}.escalates_to: no body {target!r}{_did_you_mean(target, items)}"
            )
            broken = True
    if broken:
        return  # with a link missing, the walk below cannot be made
    for start in items:
        path = [start]
        target = items[start].escalates_to
        while target is not None:
            if target in path:
                # Name the entry whose escalates_to closes the loop: the start may lead into it.
                loop = " → ".join([*path[path.index(target) :], target])
                problems.append(f"{name}: {path[-1]}.escalates_to: the ladder goes round ({loop})")
                return  # every body on the loop would report the same loop
            path.append(target)
            target = items[target].escalates_to


def _read_entries(file: Traversable) -> tuple[str, dict[str, dict[str, Any]], list[str]]:
    """The file's top-level mapping of key → entry, with problems of shape already recorded."""
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError([f"{name}: cannot be read ({exc.strerror or exc})"]) from exc
    except UnicodeDecodeError as exc:
        raise RegistryError([f"{name}: is not UTF-8 text; save it as UTF-8"]) from exc
    data = parse_data(name, text)
    if not isinstance(data, dict) or not data:
        raise RegistryError([f"{name}: expected a mapping of keys to entries at the top level"])
    problems: list[str] = []
    entries: dict[str, dict[str, Any]] = {}
    for key, raw in data.items():
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            problems.append(f"{name}: key {key!r} must be snake_case (a-z, 0-9, _)")
        elif not isinstance(raw, dict):
            problems.append(f"{name}: {key}: expected a mapping of fields")
        else:
            entries[key] = raw
    return name, entries, problems


class _Entry:
    """Reads the fields of one entry, recording each problem as «file: key.field: what»."""

    def __init__(
        self,
        file: str,
        key: str,
        raw: Mapping[str, Any],
        fields: tuple[str, ...],
        problems: list[str],
    ) -> None:
        self.file, self.key, self.raw, self.problems = file, key, raw, problems
        self.failed = False
        for field in raw:
            if field not in fields:
                self.fail(str(field), f"unknown field{_did_you_mean(str(field), fields)}")
        for field in fields:
            if field not in raw:
                self.fail(field, "missing; every entry has this field (see the top of the file)")

    def fail(self, field: str, what: str) -> None:
        self.failed = True
        self.problems.append(f"{self.file}: {self.key}.{field}: {what}")

    def text(self, field: str) -> str:
        value = self.optional_text(field)
        if value is None:
            if field in self.raw:  # a missing field has been reported already
                self.fail(field, "must not be null")
            return ""
        return value

    def optional_text(self, field: str) -> str | None:
        value = self.raw.get(field)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(field, f"must be text, not {value!r}")
            return None
        value = value.strip()  # a folded YAML block (>) leaves a trailing newline
        if "\n" in value:
            self.fail(field, "must be one line")
        return value

    def choice(self, field: str, allowed: tuple[str, ...], *, nullable: bool = False) -> Any:
        # Any, not str: the caller's field is a Literal of exactly `allowed`.
        value = self.raw.get(field)
        if value is None and nullable:
            return None
        if value not in allowed:
            if field in self.raw:
                self.fail(field, f"must be one of {_listed(allowed)}, not {value!r}")
            return None
        return value

    def flag(self, field: str) -> bool:
        value = self.raw.get(field)
        if not isinstance(value, bool):
            if field in self.raw:
                self.fail(field, f"must be true or false, not {value!r}")
            return False
        return value

    def day(self, field: str) -> date | None:
        value = self.raw.get(field)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.fail(field, f"must be a date written YYYY-MM-DD, or null; not {value!r}")
            return None

    def urls(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            self.fail(field, "must be an address, a list of addresses, or null")
            return ()
        for item in items:
            if not _is_url(item):
                self.fail(field, f"{item!r} is not a complete http(s) address")
        return tuple(items)


def _is_url(value: object) -> bool:
    """A whole http(s) address: scheme, host, no spaces, and not cut short with an ellipsis."""
    if not isinstance(value, str) or re.search(r"\s", value) or "..." in value or "…" in value:
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # only ever needed on the way to an error message

    # Keys that extend the word come first: «fz323_art25» most likely meant «fz323_art25_part1».
    choices = list(choices)
    near = [choice for choice in choices if choice.startswith(word)][:3]
    near += [
        choice
        for choice in difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
        if choice not in near
    ][: 3 - len(near)]
    return f" (did you mean {_listed(near, 'or')}?)" if near else ""


def _listed(items: Iterable[str], last: str = "") -> str:
    quoted = [repr(item) for item in items]
    if last and len(quoted) > 1:
        return f"{', '.join(quoted[:-1])} {last} {quoted[-1]}"
    return ", ".join(quoted)


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise RegistryError(problems)
