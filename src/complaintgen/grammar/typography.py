"""Non-breaking spaces where Russian typesetting keeps words together.

A line must never break between «№» and its number, «ст.», «ч.», «п.», «г.», «д.» and what
follows, a number and its unit («2 л.», «1 экз.», «2026 г.»), or between initials and the
surname («А. В. Смирнов», «Петрову П. П.»). The rule runs over the finished text of a
letter, user text included, so it needs no care from templates.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# An abbreviation (or sign) that is bound to the word after it.
_BEFORE = re.compile(
    r"(?<![\w.])(№|ст\.|ч\.|п\.|пп\.|гл\.|г\.|д\.|кв\.|ул\.|корп\.|стр\.|тел\.|вх\.|исх\.|"
    r"Art\.|Arts\.|No\.|para\.) (?=\S)"
)
# A number bound to the abbreviation after it: «2 л.», «1 экз.», «2026 г.», «18 кг».
_AFTER = re.compile(r"(?<=\d) (?=(?:л|экз|г|гг|кг|мм|см|руб)\.?(?!\w))")
# Initials: «А. В. Смирнов», «Смирнову А. В.»; «А.-М. И.» too.
_INITIAL = r"[А-ЯЁA-Z](?:\.-[А-ЯЁA-Z])?\."
_BETWEEN_INITIALS = re.compile(rf"(?<![\w.])({_INITIAL}) (?={_INITIAL})")
_INITIALS_SURNAME = re.compile(rf"(?<![\w.])({_INITIAL}) (?=[А-ЯЁA-Z][а-яёa-z])")
_SURNAME_INITIALS = re.compile(rf"(?<=[а-яёa-z]) (?={_INITIAL}(?:{NBSP}{_INITIAL})?(?!\w))")


def bind(text: str) -> str:
    """`text` with non-breaking spaces where a line must not break."""
    text = _BEFORE.sub(rf"\1{NBSP}", text)
    text = _AFTER.sub(NBSP, text)
    text = _BETWEEN_INITIALS.sub(rf"\1{NBSP}", text)
    text = _INITIALS_SURNAME.sub(rf"\1{NBSP}", text)
    return _SURNAME_INITIALS.sub(NBSP, text)


def introduced(value: str, label: str) -> str:
    """Free text set into a sentence of its own: «Label: value», or the value alone when the
    user already began with the label («После освобождения около месяца…»), so that the letter
    never reads «После освобождения: после освобождения…» nor prints a bare fragment."""
    value = value.strip()
    if value.lower().startswith(label.lower()):
        return value[:1].upper() + value[1:]
    return f"{label}: {value}"
