"""The catalog: a code and its parameters in, a sentence in one language out.

Each language's file maps a code to its text, a ``str.format`` template over the parameters.
Two additions to plain formatting, both for translators:

- a text may be a mapping of variants, keyed by the name of a parameter: the first variant whose
  parameter is given (not None, not empty) is used, else ``default``. So a sentence with or
  without «did you mean …» is written out whole in each language, never glued from pieces;
- ``{name:STYLE}`` formats a list parameter by a list style of the same file (``_lists``: how
  each item is written, what goes between items and before the last one), and ``{name:cut}``
  shortens a long value to 40 characters and an ellipsis;
- ``{n:plural:файл|файла|файлов}`` writes a count with its noun in the right form: Russian
  has three (one, few, many: 1 файл, 2 файла, 5 файлов, 11 файлов, 21 файл), English two
  (``{n:plural:file|files}``: 1 file, 2 files).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from importlib import resources
from typing import Any

from complaintgen.datafile import parse_data

LANGUAGES = ("ru", "en")
# Longer values are cut in messages, so that a 100 kB answer does not fill the screen.
_CUT_AT = 40


@functools.cache
def _catalog(language: str) -> Mapping[str, Any]:
    if language not in LANGUAGES:
        raise KeyError(f"no messages in {language!r}; the languages are {', '.join(LANGUAGES)}")
    name = f"{language}.yaml"
    text = (resources.files("complaintgen.messages") / name).read_text(encoding="utf-8")
    data = parse_data(f"messages/{name}", text)
    if not isinstance(data, dict):
        raise TypeError(f"messages/{name} is not a mapping of codes to texts")
    return data


def _texts(language: str) -> Mapping[str, Any]:
    return {code: text for code, text in _catalog(language).items() if not code.startswith("_")}


@functools.cache
def codes(language: str = "en") -> frozenset[str]:
    """Every code that `language`'s catalog has a text for (a test checks that both catalogs
    have the same codes, and every code the case's validators use)."""
    return frozenset(_texts(language))


class _Formatter(string.Formatter):
    def __init__(self, lists: Mapping[str, Mapping[str, str]]) -> None:
        self.lists = lists

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("plural:"):
            return f"{value} {plural(int(value), format_spec.removeprefix('plural:').split('|'))}"
        if format_spec == "cut":
            text = str(value)
            return f"{text[:_CUT_AT]}…" if len(text) > _CUT_AT else text
        style = self.lists.get(format_spec)
        if style is not None:
            items = [style.get("item", "{}").format(item) for item in value]
            if len(items) < 2:
                return "".join(items)
            return style["between"].join(items[:-1]) + style["last"] + items[-1]
        return str(super().format_field(value, format_spec))


def plural(count: int, forms: list[str]) -> str:
    """The form of a noun for `count`: of two forms (one, other) as in English, of three (one,
    few, many) by the Russian rule: the last digit, except for 11-14, which take «many»."""
    if len(forms) == 2:
        return forms[0] if count == 1 else forms[1]
    one, few, many = forms
    tens, last = count % 100, count % 10
    if last == 1 and tens != 11:
        return one
    if 2 <= last <= 4 and not 12 <= tens <= 14:
        return few
    return many


def table(language: str, name: str) -> Mapping[str, str]:
    """A table of `language`'s catalog kept under ``_NAME`` (empty if it has none): words that
    are looked up rather than rendered, such as another library's messages in translation."""
    found = _catalog(language).get(f"_{name}", {})
    return found if isinstance(found, dict) else {}


def _given(value: Any) -> bool:
    return value is not None and value != [] and value != ()


def render(code: str, language: str, **params: Any) -> str:
    """The text of `code` in `language` with `params` filled in; KeyError for an unknown code."""
    catalog = _catalog(language)
    text = _texts(language)[code]
    if isinstance(text, dict):
        text = next(
            (
                variant
                for key, variant in text.items()
                if key != "default" and _given(params.get(key))
            ),
            text["default"],
        )
    return _Formatter(catalog.get("_lists", {})).format(text, **params)
