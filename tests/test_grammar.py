"""Tests of complaintgen.grammar against hand-checked forms.

tests/data/names.tsv and tests/data/phrases.tsv are copies of the project's shared grammar
fixtures; the other expected forms are written out here so that a wrong table fails a test.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from complaintgen.grammar import (
    CASES,
    RANKS,
    RELATIONS,
    decline_phrase,
    decline_rank,
    decline_surname,
    format_date,
    full_name,
    gendered,
    initials,
    initials_surname,
    is_rank,
    nearest_ranks,
    normalise_rank,
    plural,
    relation_gender,
    relation_noun,
    sheets,
    split_rank,
    surname_initials,
    transliterate,
)

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


NAME_ROWS = _rows("names.tsv")
PHRASE_ROWS = _rows("phrases.tsv")


def _is_rank_phrase(phrase: str) -> bool:
    try:
        split_rank(phrase)
    except KeyError:
        return False
    return True


RANK_ROWS = [row for row in PHRASE_ROWS if _is_rank_phrase(row[0])]
TITLE_ROWS = [row for row in PHRASE_ROWS if not _is_rank_phrase(row[0])]


# --- names ---------------------------------------------------------------------------------


def test_fixture_files_are_complete() -> None:
    assert len(NAME_ROWS) == 20
    assert all(len(row) == 6 for row in NAME_ROWS)
    assert len(PHRASE_ROWS) == 19
    assert all(len(row) == 3 for row in PHRASE_ROWS)


@pytest.mark.parametrize(
    ("surname", "name", "patronymic", "gender", "genitive", "dative"),
    NAME_ROWS,
    ids=[f"{row[0]}-{row[3]}" for row in NAME_ROWS],
)
def test_full_name_rows(
    surname: str, name: str, patronymic: str, gender: str, genitive: str, dative: str
) -> None:
    assert full_name(surname, name, patronymic, gender, "genitive") == genitive  # type: ignore[arg-type]
    assert full_name(surname, name, patronymic, gender, "dative") == dative  # type: ignore[arg-type]
    nominative = f"{surname} {name} {patronymic}"
    assert full_name(surname, name, patronymic, gender, "nominative") == nominative  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("surname", "name", "patronymic", "gender", "case", "expected"),
    [
        (
            "Смирнов",
            "Алексей",
            "Викторович",
            "male",
            "instrumental",
            "Смирновым Алексеем Викторовичем",
        ),
        ("Иванова", "Мария", "Петровна", "female", "instrumental", "Ивановой Марией Петровной"),
        (
            "Мамедов",
            "Эльдар",
            "Октай оглы",
            "male",
            "instrumental",
            "Мамедовым Эльдаром Октай оглы",
        ),
        (
            "Шевченко",
            "Тарас",
            "Григорьевич",
            "male",
            "instrumental",
            "Шевченко Тарасом Григорьевичем",
        ),
        (
            "Лебедь",
            "Александр",
            "Иванович",
            "male",
            "instrumental",
            "Лебедем Александром Ивановичем",
        ),
        ("Кравец", "Любовь", "Андреевна", "female", "instrumental", "Кравец Любовью Андреевной"),
        ("Седых", "Илья", "Кузьмич", "male", "instrumental", "Седых Ильёй Кузьмичом"),
        ("Смирнов", "Пётр", "Алексеевич", "male", "accusative", "Смирнова Петра Алексеевича"),
        ("Жук", "Ольга", "Андреевна", "female", "accusative", "Жук Ольгу Андреевну"),
        ("Толстой", "Лев", "Николаевич", "male", "prepositional", "Толстом Льве Николаевиче"),
        ("Алиева", "Лейла", "Гейдар кызы", "female", "dative", "Алиевой Лейле Гейдар кызы"),
    ],
)
def test_full_name_other_cases(
    surname: str, name: str, patronymic: str, gender: str, case: str, expected: str
) -> None:
    assert full_name(surname, name, patronymic, gender, case) == expected  # type: ignore[arg-type]


def test_full_name_without_patronymic() -> None:
    assert full_name("Смирнов", "Алексей", None, "male", "genitive") == "Смирнова Алексея"
    assert full_name("Смирнова", "Анна", None, "female", "dative") == "Смирновой Анне"


@pytest.mark.parametrize(
    ("surname", "gender", "forms"),
    [
        ("Черных", "male", ["Черных"] * 6),
        ("Шевченко", "female", ["Шевченко"] * 6),
        ("Дурново", "male", ["Дурново"] * 6),
        ("Жук", "female", ["Жук"] * 6),
        ("Кравец", "female", ["Кравец"] * 6),
        ("Жук", "male", ["Жук", "Жука", "Жуку", "Жука", "Жуком", "Жуке"]),
        ("Лебедь", "male", ["Лебедь", "Лебедя", "Лебедю", "Лебедя", "Лебедем", "Лебеде"]),
        (
            "Смирнова",
            "female",
            ["Смирнова", "Смирновой", "Смирновой", "Смирнову", "Смирновой", "Смирновой"],
        ),
        (
            "Римский-Корсаков",
            "male",
            [
                "Римский-Корсаков",
                "Римского-Корсакова",
                "Римскому-Корсакову",
                "Римского-Корсакова",
                "Римским-Корсаковым",
                "Римском-Корсакове",
            ],
        ),
    ],
)
def test_decline_surname_all_cases(surname: str, gender: str, forms: list[str]) -> None:
    assert [decline_surname(surname, gender, case) for case in CASES] == forms  # type: ignore[arg-type]


def test_initials() -> None:
    assert initials("Алексей", "Викторович") == "А. В."
    assert initials("Ёлка", "Ёсифовна") == "Ё. Ё."
    assert initials("Алексей", None) == "А."
    assert initials("Анна-Мария", "Ивановна") == "А.-М. И."
    assert initials("Эльдар", "Октай оглы") == "Э. О."


def test_initials_with_surname() -> None:
    args = ("Смирнов", "Алексей", "Викторович", "male")
    assert initials_surname(*args) == "А. В. Смирнов"  # type: ignore[arg-type]
    assert initials_surname(*args, "dative") == "А. В. Смирнову"  # type: ignore[arg-type]
    assert surname_initials(*args) == "Смирнов А. В."  # type: ignore[arg-type]
    assert surname_initials(*args, "dative") == "Смирнову А. В."  # type: ignore[arg-type]
    assert surname_initials("Иванова", "Мария", None, "female", "genitive") == "Ивановой М."
    assert initials_surname("Черных", "Анна", "Сергеевна", "female", "dative") == "А. С. Черных"


# --- ranks ---------------------------------------------------------------------------------

# Every rank of ФЗ-53 ст. 46 п. 1: (genitive, dative), written out by hand.
RANK_FORMS: dict[str, tuple[str, str]] = {
    "рядовой": ("рядового", "рядовому"),
    "матрос": ("матроса", "матросу"),
    "ефрейтор": ("ефрейтора", "ефрейтору"),
    "старший матрос": ("старшего матроса", "старшему матросу"),
    "младший сержант": ("младшего сержанта", "младшему сержанту"),
    "старшина 2 статьи": ("старшины 2 статьи", "старшине 2 статьи"),
    "сержант": ("сержанта", "сержанту"),
    "старшина 1 статьи": ("старшины 1 статьи", "старшине 1 статьи"),
    "старший сержант": ("старшего сержанта", "старшему сержанту"),
    "главный старшина": ("главного старшины", "главному старшине"),
    "старшина": ("старшины", "старшине"),
    "главный корабельный старшина": (
        "главного корабельного старшины",
        "главному корабельному старшине",
    ),
    "прапорщик": ("прапорщика", "прапорщику"),
    "мичман": ("мичмана", "мичману"),
    "старший прапорщик": ("старшего прапорщика", "старшему прапорщику"),
    "старший мичман": ("старшего мичмана", "старшему мичману"),
    "младший лейтенант": ("младшего лейтенанта", "младшему лейтенанту"),
    "лейтенант": ("лейтенанта", "лейтенанту"),
    "старший лейтенант": ("старшего лейтенанта", "старшему лейтенанту"),
    "капитан": ("капитана", "капитану"),
    "капитан-лейтенант": ("капитан-лейтенанта", "капитан-лейтенанту"),
    "майор": ("майора", "майору"),
    "капитан 3 ранга": ("капитана 3 ранга", "капитану 3 ранга"),
    "подполковник": ("подполковника", "подполковнику"),
    "капитан 2 ранга": ("капитана 2 ранга", "капитану 2 ранга"),
    "полковник": ("полковника", "полковнику"),
    "капитан 1 ранга": ("капитана 1 ранга", "капитану 1 ранга"),
    "генерал-майор": ("генерал-майора", "генерал-майору"),
    "контр-адмирал": ("контр-адмирала", "контр-адмиралу"),
    "генерал-лейтенант": ("генерал-лейтенанта", "генерал-лейтенанту"),
    "вице-адмирал": ("вице-адмирала", "вице-адмиралу"),
    "генерал-полковник": ("генерал-полковника", "генерал-полковнику"),
    "адмирал": ("адмирала", "адмиралу"),
    "генерал армии": ("генерала армии", "генералу армии"),
    "адмирал флота": ("адмирала флота", "адмиралу флота"),
    "маршал Российской Федерации": ("маршала Российской Федерации", "маршалу Российской Федерации"),
}


def test_ranks_are_the_list_of_the_law() -> None:
    assert len(RANKS) == 36
    assert len(set(RANKS)) == len(RANKS)
    assert set(RANKS) == set(RANK_FORMS)


@pytest.mark.parametrize("rank", RANKS)
def test_every_rank_in_genitive_and_dative(rank: str) -> None:
    genitive, dative = RANK_FORMS[rank]
    assert decline_rank(rank, "nominative") == rank
    assert decline_rank(rank, "genitive") == genitive
    assert decline_rank(rank, "dative") == dative


@pytest.mark.parametrize(
    ("rank", "case", "expected"),
    [
        ("рядовой", "instrumental", "рядовым"),
        ("рядовой", "prepositional", "рядовом"),
        ("старшина", "accusative", "старшину"),
        ("главный корабельный старшина", "accusative", "главного корабельного старшину"),
        ("главный корабельный старшина", "instrumental", "главным корабельным старшиной"),
        ("старший лейтенант", "accusative", "старшего лейтенанта"),
        ("капитан 3 ранга", "instrumental", "капитаном 3 ранга"),
        ("генерал-майор", "prepositional", "генерал-майоре"),
        ("маршал Российской Федерации", "instrumental", "маршалом Российской Федерации"),
    ],
)
def test_rank_other_cases(rank: str, case: str, expected: str) -> None:
    assert decline_rank(rank, case) == expected


@pytest.mark.parametrize(
    ("nominative", "genitive", "dative"),
    RANK_ROWS,
    ids=[row[0] for row in RANK_ROWS],
)
def test_phrase_rows_that_are_ranks(nominative: str, genitive: str, dative: str) -> None:
    assert decline_rank(nominative, "genitive") == genitive
    assert decline_rank(nominative, "dative") == dative


def test_rank_with_guards_and_service() -> None:
    assert (
        decline_rank("старший лейтенант", "dative", guards=True, service="медицинской службы")
        == "гвардии старшему лейтенанту медицинской службы"
    )
    assert decline_rank("рядовой", "genitive", guards=True) == "гвардии рядового"
    assert decline_rank("полковник", "genitive", service="юстиции") == "полковника юстиции"
    assert decline_rank("капитан 1 ранга", "dative", service="запаса") == "капитану 1 ранга запаса"
    assert decline_rank("майор", "nominative", guards=True) == "гвардии майор"


def test_rank_string_with_prefix_and_suffix() -> None:
    assert decline_rank("гвардии рядовой", "dative") == "гвардии рядовому"
    assert decline_rank("генерал-лейтенант юстиции", "genitive") == "генерал-лейтенанта юстиции"
    assert (
        decline_rank("Гвардии  полковник медицинской службы в отставке", "instrumental")
        == "гвардии полковником медицинской службы в отставке"
    )
    # «гвардии» or the suffix given twice (in the text and as an argument) is written once.
    assert decline_rank("гвардии рядовой", "dative", guards=True) == "гвардии рядовому"
    assert decline_rank("майор юстиции", "dative", service="юстиции") == "майору юстиции"
    assert split_rank("гвардии капитан 3 ранга запаса") == (True, "капитан 3 ранга", "запаса")


def test_rank_lookup_is_tolerant() -> None:
    assert is_rank("Старший  Лейтенант")
    assert is_rank(" генерал - майор ")
    assert is_rank("ёфрейтор")  # «ё» and «е» are one letter here
    assert normalise_rank("МАРШАЛ российской федерации") == "маршал Российской Федерации"
    assert normalise_rank("капитан  3 ранга") == "капитан 3 ранга"
    assert not is_rank("гвардии рядовой")  # only a plain rank
    assert not is_rank("старший лейтенант медицинской службы")
    assert not is_rank("генералиссимус")


def test_unknown_rank() -> None:
    with pytest.raises(KeyError):
        normalise_rank("младший сержат")
    with pytest.raises(KeyError):
        decline_rank("младший сержат", "dative")
    with pytest.raises(KeyError):
        decline_rank("полковник кавалерии", "dative")  # not a suffix of ст. 46


def test_nearest_ranks() -> None:
    assert nearest_ranks("младший сержат")[0] == "младший сержант"
    assert nearest_ranks("капитан третьего ранга", n=1) == ["капитан 3 ранга"]
    assert len(nearest_ranks("старший", n=2)) <= 2
    assert nearest_ranks("абракадабра") == []


# --- positions and body titles -------------------------------------------------------------


def test_phrase_rows_are_split_between_both_paths() -> None:
    assert len(RANK_ROWS) == 10
    assert len(TITLE_ROWS) == 9


@pytest.mark.parametrize(
    ("nominative", "genitive", "dative"),
    TITLE_ROWS,
    ids=[row[0] for row in TITLE_ROWS],
)
def test_phrase_rows_that_are_titles(nominative: str, genitive: str, dative: str) -> None:
    assert decline_phrase(nominative, "genitive") == genitive
    assert decline_phrase(nominative, "dative") == dative


@pytest.mark.parametrize(
    ("nominative", "genitive", "dative"),
    PHRASE_ROWS,
    ids=[row[0] for row in PHRASE_ROWS],
)
def test_decline_phrase_takes_every_row(nominative: str, genitive: str, dative: str) -> None:
    # A field may hold a rank or a title: decline_phrase hands ranks over to decline_rank.
    assert decline_phrase(nominative, "genitive") == genitive
    assert decline_phrase(nominative, "dative") == dative


@pytest.mark.parametrize(
    ("title", "dative"),
    [
        (
            "Командующий войсками Московского военного округа",
            "Командующему войсками Московского военного округа",
        ),
        ("Военный прокурор Курского гарнизона", "Военному прокурору Курского гарнизона"),
        ("Министр обороны Российской Федерации", "Министру обороны Российской Федерации"),
        (
            "Начальник филиала № 3 ФГКУ «Главный центр военно-врачебной экспертизы» "
            "Министерства обороны Российской Федерации",
            "Начальнику филиала № 3 ФГКУ «Главный центр военно-врачебной экспертизы» "
            "Министерства обороны Российской Федерации",
        ),
        ("Главный военный прокурор", "Главному военному прокурору"),
        ("командир отделения", "командиру отделения"),
        ("стрелок 2 мотострелкового отделения", "стрелку 2 мотострелкового отделения"),
        ("Дежурный по части", "Дежурному по части"),
        (
            "временно исполняющий обязанности командира полка",
            "временно исполняющему обязанности командира полка",
        ),
        ("Старшая медицинская сестра отделения", "Старшей медицинской сестре отделения"),
        ("члены военно-врачебной комиссии", "членам военно-врачебной комиссии"),
        ("врач-специалист", "врачу-специалисту"),
    ],
)
def test_body_titles_in_the_dative(title: str, dative: str) -> None:
    assert decline_phrase(title, "dative") == dative


@pytest.mark.parametrize(
    ("title", "case", "expected"),
    [
        ("командир отделения", "genitive", "командира отделения"),
        ("стрелок 2 мотострелкового отделения", "genitive", "стрелка 2 мотострелкового отделения"),
        ("Главный военный прокурор", "instrumental", "Главным военным прокурором"),
        (
            "Военная прокуратура Западного военного округа",
            "accusative",
            "Военную прокуратуру Западного военного округа",
        ),
        (
            "Главный военный клинический госпиталь",
            "accusative",
            "Главный военный клинический госпиталь",
        ),
        ("главный врач военного госпиталя", "accusative", "главного врача военного госпиталя"),
        ("учёный секретарь", "instrumental", "учёным секретарём"),
        ("ученый секретарь", "instrumental", "ученым секретарем"),
        (
            "Военный прокурор Курского гарнизона",
            "prepositional",
            "Военном прокуроре Курского гарнизона",
        ),
        ("Гвардии рядовой", "dative", "Гвардии рядовому"),
        # Capitals are kept in each part of a hyphenated word (a CI run once printed
        # «Qxсмирнову-петрову» for «QXСмирнов-Петров»).
        ("Главный врач-Эксперт", "dative", "Главному врачу-Эксперту"),
        ("Смирнов-Петров", "dative", "Смирнову-Петрову"),
    ],
)
def test_titles_in_other_cases(title: str, case: str, expected: str) -> None:
    assert decline_phrase(title, case) == expected


@pytest.mark.parametrize(
    "title",
    [
        "врио командира войсковой части 12345",
        "ВрИО командира войсковой части 12345",
        "и.о. начальника отделения",
        "И. о. начальника филиала № 3",
        "ФГКУ «1586 ВКГ» МО РФ",
        "«Главный центр военно-врачебной экспертизы»",
        "QXСмирнов-Петров ё Й",  # a word not all Cyrillic is not declined, nor lower-cased
        "Head of the Medical Service",
    ],
)
def test_indeclinable_titles_stay_unchanged(title: str) -> None:
    for case in CASES:
        assert decline_phrase(title, case) == title


def test_nominative_is_returned_as_given() -> None:
    assert decline_phrase("Главный военный прокурор", "nominative") == "Главный военный прокурор"


# --- small helpers -------------------------------------------------------------------------


def test_gendered() -> None:
    assert gendered("male", "обратился", "обратилась") == "обратился"
    assert gendered("female", "обратился", "обратилась") == "обратилась"
    with pytest.raises(ValueError):
        gendered("неизвестно", "a", "b")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "style", "language", "expected"),
    [
        (datetime.date(2026, 11, 20), "traditional", "ru", "«20» ноября 2026 г."),
        (datetime.date(2026, 3, 5), "traditional", "ru", "«5» марта 2026 г."),
        (datetime.date(2026, 11, 20), "numeric", "ru", "20.11.2026"),
        (datetime.date(2026, 3, 5), "numeric", "ru", "05.03.2026"),
        (datetime.date(2026, 11, 20), "traditional", "en", "20 November 2026"),
        (datetime.date(2026, 5, 1), "traditional", "en", "1 May 2026"),
        (datetime.date(2026, 11, 20), "numeric", "en", "20.11.2026"),
    ],
)
def test_format_date(day: datetime.date, style: str, language: str, expected: str) -> None:
    assert format_date(day, style, language) == expected


def test_format_date_defaults_and_errors() -> None:
    assert format_date(datetime.date(2025, 1, 31)) == "«31» января 2025 г."
    with pytest.raises(ValueError):
        format_date(datetime.date(2025, 1, 31), "iso")
    with pytest.raises(ValueError):
        format_date(datetime.date(2025, 1, 31), language="de")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "листов"),
        (1, "лист"),
        (2, "листа"),
        (4, "листа"),
        (5, "листов"),
        (11, "листов"),
        (12, "листов"),
        (14, "листов"),
        (21, "лист"),
        (22, "листа"),
        (25, "листов"),
        (101, "лист"),
        (111, "листов"),
        (112, "листов"),
    ],
)
def test_plural(n: int, expected: str) -> None:
    assert plural(n, "лист", "листа", "листов") == expected


def test_sheets() -> None:
    assert sheets(2) == "на 2 л."
    assert sheets(1) == "на 1 л."
    assert sheets(1, "en") == "1 page"
    assert sheets(2, "en") == "2 pages"
    with pytest.raises(ValueError):
        sheets(2, "de")


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Смирнов Алексей Викторович", "Smirnov Aleksei Viktorovich"),
        ("Щукин", "Shchukin"),
        ("Юрьев", "Iurev"),
        ("Жанна", "Zhanna"),
        ("Хабибуллина Яна", "Khabibullina Iana"),
        ("Цветков Фёдор", "Tsvetkov Fedor"),
        ("Подъячев", "Podieiachev"),
        ("Эльдар Чернышёв", "Eldar Chernyshev"),
        ("ЩУКИН", "SHCHUKIN"),
        ("в/ч 12345, Smith", "v/ch 12345, Smith"),
    ],
)
def test_transliterate(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == latin


@pytest.mark.parametrize(
    ("relation", "gender", "genitive", "dative"),
    [
        ("mother", "female", "матери", "матери"),
        ("father", "male", "отца", "отцу"),
        ("wife", "female", "жены", "жене"),
        ("husband", "male", "мужа", "мужу"),
        ("sister", "female", "сестры", "сестре"),
        ("brother", "male", "брата", "брату"),
        ("son", "male", "сына", "сыну"),
        ("daughter", "female", "дочери", "дочери"),
        ("other", None, "родственника", "родственнику"),
    ],
)
def test_relations(relation: str, gender: str | None, genitive: str, dative: str) -> None:
    assert relation_gender(relation) == gender
    assert relation_noun(relation, "genitive") == genitive
    assert relation_noun(relation, "dative") == dative


def test_relations_cover_the_case_format() -> None:
    assert RELATIONS == (
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
    assert relation_noun("mother", "instrumental") == "матерью"
    assert relation_noun("other", "genitive", gender="female") == "родственницы"
    with pytest.raises(ValueError):
        relation_noun("cousin", "genitive")


# --- errors and laziness -------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: full_name("Смирнов", "Алексей", None, "male", "vocative"),
        lambda: decline_surname("Смирнов", "male", "Dative"),
        lambda: decline_rank("рядовой", "gen"),
        lambda: decline_phrase("командир роты", "locative"),
        lambda: relation_noun("mother", "ablative"),
        lambda: initials_surname("Смирнов", "Алексей", None, "male", ""),
    ],
)
def test_unknown_case_is_a_value_error(call: object) -> None:
    with pytest.raises(ValueError, match="unknown grammatical case"):
        call()  # type: ignore[operator]


def test_import_loads_no_heavy_library() -> None:
    # The CLI imports this package for --help; pytrovich and pymorphy3 must wait for a call.
    code = (
        "import sys, complaintgen.grammar; "
        "print(sorted(m for m in ('pytrovich', 'pymorphy3', 'difflib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_gender_alias_is_available_at_run_time() -> None:
    from typing import get_args

    from complaintgen.grammar import Gender

    assert get_args(Gender) == ("male", "female")


def test_bind_keeps_abbreviations_numbers_and_initials_with_their_words() -> None:
    from complaintgen.grammar import bind

    nbsp = "\u00a0"
    assert bind("305000, г. Курск, ул. Садовая, д. 12") == (
        f"305000, г.{nbsp}Курск, ул.{nbsp}Садовая, д.{nbsp}12"
    )
    assert bind("вх. № 1187, ст. 25") == f"вх.{nbsp}№{nbsp}1187, ст.{nbsp}25"
    assert (
        bind("А. В. Смирнов; Петрову П. П.") == f"А.{nbsp}В.{nbsp}Смирнов; Петрову{nbsp}П.{nbsp}П."
    )
    assert bind("на 2 л. в 1 экз.") == f"на 2{nbsp}л. в 1{nbsp}экз."


def test_introduced_labels_typed_text_once() -> None:
    from complaintgen.grammar import introduced

    assert introduced("не проводилось", "Лечение") == "Лечение: не проводилось"
    assert introduced("после освобождения около месяца", "После освобождения") == (
        "После освобождения около месяца"
    )
