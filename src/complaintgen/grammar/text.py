"""Small helpers for the text of a letter: gender agreement, dates, plurals, page counts,
transliteration of names for English documents, and the nouns for a relative."""

from __future__ import annotations

from ._cases import case_index, check_gender

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: see _cases.py
if TYPE_CHECKING:
    import datetime

    from ._cases import Gender


def gendered(gender: Gender, male: str, female: str) -> str:
    """The word that agrees with the person: gendered(g, "обратился", "обратилась")."""
    check_gender(gender)
    return male if gender == "male" else female


# Months in the genitive, as a Russian date needs them («20 ноября»); English by name. Both are
# written out rather than taken from the locale, which varies between machines.
_MONTHS_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DATE_STYLES = ("traditional", "numeric")
LANGUAGES = ("ru", "en")


def format_date(d: datetime.date, style: str = "traditional", language: str = "ru") -> str:
    """«20» ноября 2026 г. (ru, traditional), 20 November 2026 (en), 20.11.2026 (numeric).

    The day in guillemets has no leading zero («5» марта 2026 г.), as in the word-and-figure
    date of ГОСТ Р 7.0.97; the numeric form has one (05.03.2026) in both languages.
    """
    if style not in DATE_STYLES:
        raise ValueError(f"unknown date style {style!r}; use one of: {', '.join(DATE_STYLES)}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of: {', '.join(LANGUAGES)}")
    if style == "numeric":
        return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"
    if language == "en":
        return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
    return f"«{d.day}» {_MONTHS_RU[d.month - 1]} {d.year} г."


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for `n`: 1 лист, 2 листа, 5 листов, 11 листов, 21 лист, 112 листов."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def sheets(n: int, language: str = "ru") -> str:
    """Page count of an attachment: «на 2 л.» (the abbreviation does not change); "2 pages"."""
    if language == "ru":
        return f"на {n} л."
    if language == "en":
        return f"{n} page" if n == 1 else f"{n} pages"
    raise ValueError(f"unknown language {language!r}; use one of: {', '.join(LANGUAGES)}")


# ICAO Doc 9303 (7th ed., part 3, appendix), which Russian international passports have
# followed since 2013: «ё» is «e», «й» is «i», «ъ» is «ie», «ь» is dropped.
_ICAO: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "ie",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}


def _upper_context(text: str, index: int) -> bool:
    """Whether the capital at `index` belongs to a word written in capitals («ЩУКИН»)."""
    neighbours = [c for c in text[max(index - 1, 0) : index + 2] if c.isalpha()]
    return len(neighbours) > 1 and all(c.isupper() for c in neighbours)


def transliterate(text: str) -> str:
    """Latin spelling of a Russian name as in a passport: «Щукин» → "Shchukin", «Юрьев» → "Iurev".

    Capitals carry over (a capital «Щ» gives "Shch", or "SHCH" inside a word in capitals);
    anything that is not Cyrillic passes through unchanged.
    """
    out: list[str] = []
    for index, char in enumerate(text):
        latin = _ICAO.get(char.lower())
        if latin is None:
            out.append(char)
        elif not char.isupper():
            out.append(latin)
        elif _upper_context(text, index):
            out.append(latin.upper())
        else:
            out.append(latin.capitalize())
    return "".join(out)


RELATIONS: tuple[str, ...] = (
    "mother",
    "father",
    "wife",
    "husband",
    "sister",
    "brother",
    "son",
    "daughter",
    "other",
)

# The relative's noun in the six cases, used as «матери военнослужащего», «отцу …».
_RELATION_NOUNS: dict[str, tuple[str, ...]] = {
    "mother": ("мать", "матери", "матери", "мать", "матерью", "матери"),
    "father": ("отец", "отца", "отцу", "отца", "отцом", "отце"),
    "wife": ("жена", "жены", "жене", "жену", "женой", "жене"),
    "husband": ("муж", "мужа", "мужу", "мужа", "мужем", "муже"),
    "sister": ("сестра", "сестры", "сестре", "сестру", "сестрой", "сестре"),
    "brother": ("брат", "брата", "брату", "брата", "братом", "брате"),
    "son": ("сын", "сына", "сыну", "сына", "сыном", "сыне"),
    "daughter": ("дочь", "дочери", "дочери", "дочь", "дочерью", "дочери"),
    # Another relative (grandparent, aunt, …). «родственник» is the generic word of official
    # Russian, used for either sex like «представитель»; «член семьи» was not chosen because
    # ФЗ-76 ст. 2 gives it a narrow legal meaning. Pass gender="female" for «родственница».
    "other": (
        "родственник",
        "родственника",
        "родственнику",
        "родственника",
        "родственником",
        "родственнике",
    ),
}
_OTHER_FEMALE = (
    "родственница",
    "родственницы",
    "родственнице",
    "родственницу",
    "родственницей",
    "родственнице",
)
_RELATION_GENDERS: dict[str, Gender | None] = {
    "mother": "female",
    "father": "male",
    "wife": "female",
    "husband": "male",
    "sister": "female",
    "brother": "male",
    "son": "male",
    "daughter": "female",
    "other": None,
}


def _check_relation(relation: str) -> None:
    if relation not in _RELATION_NOUNS:
        raise ValueError(f"unknown relation {relation!r}; use one of: {', '.join(RELATIONS)}")


def relation_noun(relation: str, case: str, *, gender: Gender | None = None) -> str:
    """«мать», «матери», … for "mother"; "other" gives «родственник» (or «родственница» when
    `gender` is "female"); `gender` is ignored for the other relations, which imply it."""
    _check_relation(relation)
    index = case_index(case)
    if relation == "other" and gender == "female":
        return _OTHER_FEMALE[index]
    return _RELATION_NOUNS[relation][index]


def relation_gender(relation: str) -> Gender | None:
    """The gender a relation implies ("mother" → "female"); None for "other"."""
    _check_relation(relation)
    return _RELATION_GENDERS[relation]
