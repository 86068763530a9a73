"""The questionnaire's words, one data file per language (`texts/ru.yaml`, `texts/en.yaml`).

Each file has `texts` (every question, choice label, hint and line the questionnaire says, keyed
as `specs` names the fields) and `reasons` (how the questionnaire words a problem of the message
catalog when its own words fit a question better than a file's: «Нужен ответ на этот вопрос»
rather than "required but missing; add it"). Both are read once, by the strict loader of the law's
data files (a key given twice is refused, not silently dropped).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from complaintgen.datafile import RegistryError, parse_data

LANGUAGES = ("ru", "en")


@dataclass(frozen=True)
class Texts:
    """One language's words: `texts` by key, `reasons` by message code."""

    texts: Mapping[str, str]
    reasons: Mapping[str, str]


@functools.cache
def load(language: str) -> Texts:
    """The words of `language` (``ru`` or ``en``)."""
    if language not in LANGUAGES:
        raise KeyError(f"no questionnaire in {language!r}; the languages are ru and en")
    name = f"texts/{language}.yaml"
    text = (resources.files("complaintgen.interview") / name).read_text(encoding="utf-8")
    return parse(f"interview/{name}", text)


def parse(name: str, text: str) -> Texts:
    """The words in `text` (the file `name`); a RegistryError names the file and the line."""
    data = parse_data(name, text)
    if not isinstance(data, dict) or set(data) != {"texts", "reasons"}:
        raise RegistryError([f"{name}: must have exactly the keys texts and reasons"])
    for part in ("texts", "reasons"):
        table = data[part] or {}
        if not isinstance(table, dict):
            raise RegistryError([f"{name}: {part} is a mapping of keys to texts"])
        for key, value in table.items():
            if not isinstance(value, str):
                raise RegistryError([f"{name}: {part}.{key} is not a text; put it in quotes"])
        data[part] = table
    return Texts(texts=data["texts"], reasons=data["reasons"])
