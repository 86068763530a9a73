"""Military and naval ranks of ФЗ-53 ст. 46 п. 1, declined from a hand-written table.

A rank is a few words: leading adjectives («старший», «главный корабельный»), one head noun
(«сержант», «старшина»; in a hyphenated rank only its last part declines: «генерал-майора»,
«капитан-лейтенанту»), then a tail that never changes («3 ранга», «2 статьи», «армии»,
«флота», «Российской Федерации»). Every declinable word is spelled out below in all six cases,
so no morphological analyser is needed and a lawyer can read the table.

Around a rank, ст. 46 п. 2–4 add the prefix «гвардии» and the suffixes «медицинской службы»,
«юстиции», «запаса» / «резерва», «в отставке»; these never change.
"""

from __future__ import annotations

from ._cases import case_index

# Seniority order, the ground-forces rank before its naval equivalent (ст. 46 п. 1).
RANKS: tuple[str, ...] = (
    "рядовой",
    "матрос",
    "ефрейтор",
    "старший матрос",
    "младший сержант",
    "старшина 2 статьи",
    "сержант",
    "старшина 1 статьи",
    "старший сержант",
    "главный старшина",
    "старшина",
    "главный корабельный старшина",
    "прапорщик",
    "мичман",
    "старший прапорщик",
    "старший мичман",
    "младший лейтенант",
    "лейтенант",
    "старший лейтенант",
    "капитан",
    "капитан-лейтенант",
    "майор",
    "капитан 3 ранга",
    "подполковник",
    "капитан 2 ранга",
    "полковник",
    "капитан 1 ранга",
    "генерал-майор",
    "контр-адмирал",
    "генерал-лейтенант",
    "вице-адмирал",
    "генерал-полковник",
    "адмирал",
    "генерал армии",
    "адмирал флота",
    "маршал Российской Федерации",
)

# Cases in the order of CASES: nominative, genitive, dative, accusative, instrumental,
# prepositional. Ranks name people, so the accusative of a masculine word equals its genitive.
_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "рядовой": ("рядовой", "рядового", "рядовому", "рядового", "рядовым", "рядовом"),
    "старший": ("старший", "старшего", "старшему", "старшего", "старшим", "старшем"),
    "младший": ("младший", "младшего", "младшему", "младшего", "младшим", "младшем"),
    "главный": ("главный", "главного", "главному", "главного", "главным", "главном"),
    "корабельный": (
        "корабельный",
        "корабельного",
        "корабельному",
        "корабельного",
        "корабельным",
        "корабельном",
    ),
}

_NOUNS: dict[str, tuple[str, ...]] = {
    "матрос": ("матрос", "матроса", "матросу", "матроса", "матросом", "матросе"),
    "ефрейтор": ("ефрейтор", "ефрейтора", "ефрейтору", "ефрейтора", "ефрейтором", "ефрейторе"),
    "сержант": ("сержант", "сержанта", "сержанту", "сержанта", "сержантом", "сержанте"),
    # «старшина» is masculine but declines like «сестра»; its adjectives stay masculine
    # («главного корабельного старшину» in the accusative).
    "старшина": ("старшина", "старшины", "старшине", "старшину", "старшиной", "старшине"),
    "прапорщик": (
        "прапорщик",
        "прапорщика",
        "прапорщику",
        "прапорщика",
        "прапорщиком",
        "прапорщике",
    ),
    "мичман": ("мичман", "мичмана", "мичману", "мичмана", "мичманом", "мичмане"),
    "лейтенант": (
        "лейтенант",
        "лейтенанта",
        "лейтенанту",
        "лейтенанта",
        "лейтенантом",
        "лейтенанте",
    ),
    "капитан": ("капитан", "капитана", "капитану", "капитана", "капитаном", "капитане"),
    "майор": ("майор", "майора", "майору", "майора", "майором", "майоре"),
    "подполковник": (
        "подполковник",
        "подполковника",
        "подполковнику",
        "подполковника",
        "подполковником",
        "подполковнике",
    ),
    "полковник": (
        "полковник",
        "полковника",
        "полковнику",
        "полковника",
        "полковником",
        "полковнике",
    ),
    "генерал": ("генерал", "генерала", "генералу", "генерала", "генералом", "генерале"),
    "адмирал": ("адмирал", "адмирала", "адмиралу", "адмирала", "адмиралом", "адмирале"),
    "маршал": ("маршал", "маршала", "маршалу", "маршала", "маршалом", "маршале"),
}

GUARDS_PREFIX = "гвардии"

# Suffixes a rank string may already carry (ст. 46 п. 3–4): a service, then a reserve status;
# either may be missing. `decline_rank(service=...)` itself accepts any text.
_SERVICE_SUFFIXES = ("медицинской службы", "юстиции")
_STATUS_SUFFIXES = ("запаса", "резерва", "в отставке")
_KNOWN_SUFFIXES = frozenset(
    " ".join(part for part in (service, status) if part)
    for service in ("", *_SERVICE_SUFFIXES)
    for status in ("", *_STATUS_SUFFIXES)
) - {""}


def _key(text: str) -> str:
    """Comparison key: lower case, «ё» as «е», single spaces, no spaces around hyphens."""
    text = " ".join(text.lower().replace("ё", "е").split())
    return text.replace(" -", "-").replace("- ", "-")


_BY_KEY: dict[str, str] = {_key(rank): rank for rank in RANKS}


def is_rank(rank: str) -> bool:
    """True for a plain rank of ст. 46 («Старший  лейтенант» too), without «гвардии» or suffixes."""
    return _key(rank) in _BY_KEY


def normalise_rank(rank: str) -> str:
    """The spelling of RANKS for a plain rank; KeyError when it is not one."""
    try:
        return _BY_KEY[_key(rank)]
    except KeyError:
        raise KeyError(f"unknown military rank {rank!r}") from None


def nearest_ranks(text: str, n: int = 3) -> list[str]:
    """Up to `n` ranks spelled like `text`, closest first, for an «unknown rank» message."""
    import difflib  # only needed on the error path

    keys = difflib.get_close_matches(_key(text), list(_BY_KEY), n=n, cutoff=0.6)
    return [_BY_KEY[key] for key in keys]


def split_rank(text: str) -> tuple[bool, str, str]:
    """Split «гвардии старший лейтенант медицинской службы» into (True, rank, suffix).

    The rank is the longest one of RANKS that starts the text after an optional «гвардии»;
    whatever follows must be a known suffix. KeyError otherwise.
    """
    key = _key(text)
    guards = key == GUARDS_PREFIX or key.startswith(GUARDS_PREFIX + " ")
    if guards:
        key = key[len(GUARDS_PREFIX) :].strip()
    for rank_key in sorted(_BY_KEY, key=len, reverse=True):
        if key == rank_key:
            return guards, _BY_KEY[rank_key], ""
        if key.startswith(rank_key + " "):
            suffix = key[len(rank_key) + 1 :]
            if suffix in _KNOWN_SUFFIXES:
                return guards, _BY_KEY[rank_key], suffix
    raise KeyError(f"unknown military rank {text!r}")


def _decline_word(word: str, index: int) -> tuple[str, bool]:
    """(word in the case, whether it was the head noun); words outside the tables stay as is."""
    if word in _ADJECTIVES:
        return _ADJECTIVES[word][index], False
    # In «генерал-майор», «капитан-лейтенант», «контр-адмирал» only the last part declines.
    head, hyphen, last = word.rpartition("-")
    if last in _NOUNS:
        return head + hyphen + _NOUNS[last][index], True
    return word, False


def _decline_plain(rank: str, index: int) -> str:
    words = rank.split(" ")
    for position, word in enumerate(words):
        words[position], is_head = _decline_word(word, index)
        if is_head:
            break  # «3 ранга», «армии», «Российской Федерации» stay in the genitive
    return " ".join(words)


def decline_rank(rank: str, case: str, *, guards: bool = False, service: str | None = None) -> str:
    """«старший лейтенант» in `case`, with «гвардии» and a service suffix left unchanged.

    `rank` may already carry «гвардии» and a known suffix (ст. 46 п. 2–4). The result uses
    the canonical lower-case spelling of RANKS; capitalising a line start is the template's job.
    KeyError for an unknown rank, ValueError for an unknown case.
    """
    index = case_index(case)
    has_guards, plain, suffix = split_rank(rank)
    extra = " ".join(service.split()) if service else ""
    if extra and extra != suffix:
        suffix = f"{suffix} {extra}".strip()
    words = [GUARDS_PREFIX] if guards or has_guards else []
    words.append(_decline_plain(plain, index))
    if suffix:
        words.append(suffix)
    return " ".join(words)
