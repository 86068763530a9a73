"""Personal names: declension through pytrovich (a port of petrovich) and initials.

pytrovich is imported on first use only: `import complaintgen.grammar` must stay cheap for
`complaintgen --help`, and many runs never decline a name.
"""

from __future__ import annotations

from functools import lru_cache

from ._cases import case_index, check_gender

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: see _cases.py
if TYPE_CHECKING:
    from typing import Any

    from pytrovich.maker import PetrovichDeclinationMaker

    from ._cases import Gender

# Azerbaijani and other Turkic patronymics end in a separate word («Октай оглы», «Гейдар
# кызы»). Russian official usage keeps the whole patronymic unchanged in every case
# («Мамедову Эльдару Октай оглы», as in tests/data/names.tsv, and «Ильхаму Гейдар оглы Алиеву»
# in Kremlin letters). pytrovich happens to leave them alone today; the rule is explicit so
# that an update of its rules cannot start declining «Октай».
_TURKIC_PATRONYMIC_MARKERS = frozenset({"оглы", "оглу", "кызы", "гызы", "улы", "уулу"})


@lru_cache(maxsize=1)
def _maker() -> PetrovichDeclinationMaker:
    # Loading the rules costs about 20 ms; done once per process.
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


def _decline_part(part_name: str, word: str, gender: Gender, case: str) -> str:
    """Decline one name part ("LASTNAME", "FIRSTNAME", "MIDDLENAME") with pytrovich."""
    index = case_index(case)
    check_gender(gender)
    if index == 0:
        return word
    from pytrovich.enums import Case, NamePart
    from pytrovich.enums import Gender as PetrovichGender

    petrovich_gender: Any = PetrovichGender.MALE if gender == "male" else PetrovichGender.FEMALE
    return _maker().make(NamePart[part_name], petrovich_gender, Case[case.upper()], word)


def _is_turkic_patronymic(patronymic: str) -> bool:
    words = patronymic.replace("-", " ").split()
    return len(words) > 1 and words[-1].lower() in _TURKIC_PATRONYMIC_MARKERS


def decline_surname(surname: str, gender: Gender, case: str) -> str:
    """«Смирнов» → «Смирнову»; indeclinable surnames («Черных», «Шевченко») stay as they are."""
    return _decline_part("LASTNAME", surname, gender, case)


def decline_name(name: str, gender: Gender, case: str) -> str:
    """First name in `case`: «Пётр» → «Петра», «Любовь» → «Любови»."""
    return _decline_part("FIRSTNAME", name, gender, case)


def decline_patronymic(patronymic: str, gender: Gender, case: str) -> str:
    """Patronymic in `case`; «Октай оглы» and the like never change (see the markers above)."""
    if _is_turkic_patronymic(patronymic):
        case_index(case)  # still reject an unknown case and gender
        check_gender(gender)
        return patronymic
    return _decline_part("MIDDLENAME", patronymic, gender, case)


def full_name(surname: str, name: str, patronymic: str | None, gender: Gender, case: str) -> str:
    """«Смирнов Алексей Викторович» in `case`, surname first; the patronymic may be None."""
    parts = [decline_surname(surname, gender, case), decline_name(name, gender, case)]
    if patronymic:
        parts.append(decline_patronymic(patronymic, gender, case))
    return " ".join(parts)


def _initial(word: str) -> str:
    # A double first name gets both initials («Анна-Мария» → «А.-М.»); «Ё» stays «Ё».
    return "-".join(piece[:1].upper() + "." for piece in word.split("-") if piece)


def initials(name: str, patronymic: str | None) -> str:
    """«А. В.» (a space between, as in «И. И. Иванов»); «А.» when there is no patronymic."""
    result = _initial(name.strip())
    if patronymic and patronymic.strip():
        # Only the first word of «Октай оглы» gives the initial: «Э. О. Мамедов».
        result += " " + _initial(patronymic.split()[0])
    return result


def initials_surname(
    surname: str,
    name: str,
    patronymic: str | None,
    gender: Gender,
    case: str = "nominative",
) -> str:
    """Signature style: «А. В. Смирнов», in the dative «А. В. Смирнову»."""
    return f"{initials(name, patronymic)} {decline_surname(surname, gender, case)}"


def surname_initials(
    surname: str,
    name: str,
    patronymic: str | None,
    gender: Gender,
    case: str = "nominative",
) -> str:
    """Military addressee style: «Смирнову А. В.»."""
    return f"{decline_surname(surname, gender, case)} {initials(name, patronymic)}"
