"""English for the English documents: rank titles and family words.

Rank titles follow the usual English renderings of Russian ranks (as NATO and the ICRC write
them); a lawyer may prefer others, which is why they are a table.
"""

from __future__ import annotations

from .ranks import split_rank

_RANKS_EN = {
    "рядовой": "Private",
    "матрос": "Seaman",
    "ефрейтор": "Lance Corporal",
    "старший матрос": "Senior Seaman",
    "младший сержант": "Junior Sergeant",
    "старшина 2 статьи": "Petty Officer 2nd Class",
    "сержант": "Sergeant",
    "старшина 1 статьи": "Petty Officer 1st Class",
    "старший сержант": "Senior Sergeant",
    "главный старшина": "Chief Petty Officer",
    "старшина": "Starshina (Sergeant Major)",
    "главный корабельный старшина": "Chief Ship Petty Officer",
    "прапорщик": "Praporshchik (Warrant Officer)",
    "мичман": "Michman (Warrant Officer)",
    "старший прапорщик": "Senior Warrant Officer",
    "старший мичман": "Senior Michman (Senior Warrant Officer)",
    "младший лейтенант": "Junior Lieutenant",
    "лейтенант": "Lieutenant",
    "старший лейтенант": "Senior Lieutenant",
    "капитан": "Captain",
    "капитан-лейтенант": "Captain Lieutenant",
    "майор": "Major",
    "капитан 3 ранга": "Captain 3rd Rank",
    "подполковник": "Lieutenant Colonel",
    "капитан 2 ранга": "Captain 2nd Rank",
    "полковник": "Colonel",
    "капитан 1 ранга": "Captain 1st Rank",
    "генерал-майор": "Major General",
    "контр-адмирал": "Rear Admiral",
    "генерал-лейтенант": "Lieutenant General",
    "вице-адмирал": "Vice Admiral",
    "генерал-полковник": "Colonel General",
    "адмирал": "Admiral",
    "генерал армии": "General of the Army",
    "адмирал флота": "Admiral of the Fleet",
    "маршал Российской Федерации": "Marshal of the Russian Federation",
}
_SUFFIXES_EN = {
    "медицинской службы": "of the Medical Service",
    "юстиции": "of Justice",
    "запаса": "(reserve)",
    "резерва": "(reserve)",
    "в отставке": "(retired)",
}


def rank_in_english(rank: str, *, guards: bool = False, service: str | None = None) -> str:
    """«гвардии старший лейтенант медицинской службы» → "Guards Senior Lieutenant of the
    Medical Service". KeyError for an unknown rank."""
    has_guards, plain, suffix = split_rank(rank)
    words = ["Guards"] if guards or has_guards else []
    words.append(_RANKS_EN[plain])
    for part in filter(None, (suffix, service)):
        words.append(_SUFFIXES_EN.get(part.strip(), f"({part.strip()})"))
    return " ".join(dict.fromkeys(words))


_KIN_EN = {
    "mother": "mother",
    "father": "father",
    "wife": "wife",
    "husband": "husband",
    "sister": "sister",
    "brother": "brother",
    "son": "son",
    "daughter": "daughter",
    "other": "relative",
}


def relation_in_english(relation: str) -> str:
    return _KIN_EN[relation]


def kin_of(relation: str, gender: str) -> str:
    """What the serviceman is to a representative who is his `relation`: his mother files, so
    he is her "son" (or "daughter", by the serviceman's `gender`)."""
    male = gender == "male"
    inverse = {
        "mother": "son" if male else "daughter",
        "father": "son" if male else "daughter",
        "wife": "husband",
        "husband": "wife",
        "sister": "brother" if male else "sister",
        "brother": "brother" if male else "sister",
        "son": "father" if male else "mother",
        "daughter": "father" if male else "mother",
        "other": "other",
    }
    return inverse[relation]
