"""The citation and body registries: the shipped data keeps its rules, and bad data is refused."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from complaintgen import datafile
from complaintgen.errors import ComplaintgenError, TemplateError
from complaintgen.law import registry
from complaintgen.law.registry import RegistryError, bodies, body, citations, cite

# Keys the documents are written against (domain brief §2, §5); renaming one breaks templates.
EXPECTED_CITATIONS = """
    constitution_art33 constitution_art41 constitution_art46
    fz323_art25_part1 fz323_art61 fz323_art22 fz76_art16 fz76_art21 fz53_art51 ukaz647_p5
    pp565 pp565_p8 pp574 mod_vve_instruction order555 du_ch6 du_art106 uvs_art19_343
    gc3_art109 gc3_art110 gc3_art112_114 gc3_art117
    fz59_art5_6 fz59_art7 fz59_art8 fz59_art12 fz547_2024
    prosecutor_law_art10 prosecutor_law_art21_22 prosecutor_law_art24 prosecutor_law_art27
    gp_instruction45 gp_instruction45_p4_16 gp_instruction45_p5_1
    kas_art219 kas_art55 fkz1_art7
    uk_art285 uk_art286 uk_art293 koap_art5_59 uk_art352_1 uk_art332 uk_art337 uk_art338
    gk_art185_1 advocacy_law_art6_1 fz152
""".split()  # noqa: SIM905 (a word list reads better than 48 quoted strings)

# Entries whose point (or part, or article) the brief could not confirm. Their texts cite the act
# at the level that was confirmed; the unconfirmed number may live only in the note. Each maps to
# numbers that must not appear in any of the four texts.
UNCONFIRMED_POINTS = {
    "pp565": [],
    "du_ch6": ["115", "116", "119"],
    "mod_vve_instruction": ["770", "20.10.2014"],
    "fz59_art8": [],
    "order555": [],
    "prosecutor_law_art27": [],
    "gp_instruction45_p5_1": ["5.1"],
    "uk_art284_1": ["284"],
}
RU_POINT = re.compile(
    r"(?<![А-Яа-яЁё])(?:(?:пп?|ч|подп)\.\s*\d|(?:под)?пункт|част[ьи]\s+\d)", re.IGNORECASE
)
EN_POINT = re.compile(r"\bpara(?:graph)?s?\b|\bpoint\b|\bpart\b|\(\d+\)", re.IGNORECASE)


def _write(tmp_path: Path, data: Any, name: str = "registry.yaml") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def _good_citation(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ru": "статья 1 Закона",
        "ru_short": "ст. 1 Закона",
        "en": "Article 1 of the Law",
        "en_short": "Art. 1 of the Law",
        "source": "https://example.org/law/1",
        "status": "verified",
        "checked": "2026-11-01",
        "note": None,
    }
    entry.update(changes)
    return entry


def _good_body(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": "prosecutor",
        "title_ru": "Главный военный прокурор",
        "title_en": "Chief Military Prosecutor",
        "needs_case_value": False,
        "hint_ru": None,
        "hint_en": None,
        "address": None,
        "address_status": None,
        "address_source": None,
        "check_before_sending": False,
        "escalates_to": None,
        "note": None,
    }
    entry.update(changes)
    return entry


# --- The shipped citations ----------------------------------------------------------------------


def test_every_citation_loads_with_a_known_status() -> None:
    loaded = citations()
    assert set(EXPECTED_CITATIONS) <= set(loaded)
    for key, citation in loaded.items():
        assert citation.key == key
        assert citation.status in ("verified", "partial", "unverified")
        assert citation.checked is None or isinstance(citation.checked, date)
        for language in ("ru", "en"):
            assert citation.text(language) and citation.text(language, short=True)


def test_sources_are_complete_http_addresses() -> None:
    addresses = [url for c in citations().values() for url in c.source]
    addresses += [url for b in bodies().values() for url in b.address_source]
    assert addresses
    for url in addresses:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and parts.netloc, url
        assert not re.search(r"\s|\.\.\.|…", url), url


def test_a_status_says_where_and_when() -> None:
    for citation in citations().values():
        if citation.status == "verified":
            assert citation.source, citation.key
        if citation.status != "unverified":
            assert citation.checked is not None, citation.key
        else:
            # Everything unverified says what to check (or why it is cited at all).
            assert citation.note, citation.key


@pytest.mark.parametrize("key", sorted(UNCONFIRMED_POINTS))
def test_unconfirmed_numbers_stay_out_of_the_text(key: str) -> None:
    citation = citations()[key]
    assert citation.note, "the unconfirmed point is kept in the note"
    for text in (citation.ru, citation.ru_short):
        assert not RU_POINT.search(text), text
    for text in (citation.en, citation.en_short):
        assert not EN_POINT.search(text), text
    for number in UNCONFIRMED_POINTS[key]:
        for text in (citation.ru, citation.ru_short, citation.en, citation.en_short):
            assert number not in text, text


def test_the_chapter_of_the_disciplinary_regulations_is_cited_as_recommended() -> None:
    assert cite("du_ch6", "ru") == (
        "глава 6 Дисциплинарного устава Вооружённых Сил Российской Федерации"
        " (статья 106 и последующие)"
    )


def test_pp565_is_cited_as_a_whole() -> None:
    assert cite("pp565", "ru") == (
        "Положение о военно-врачебной экспертизе, утверждённое постановлением Правительства"
        " Российской Федерации от 04.07.2013 № 565"
    )


def test_geneva_convention_uses_the_russian_official_title() -> None:
    for key in ("gc3_art109", "gc3_art110", "gc3_art112_114", "gc3_art117"):
        assert cite(key, "ru").endswith(
            "Женевской конвенции об обращении с военнопленными от 12 августа 1949 года"
        )


# --- cite() ---------------------------------------------------------------------------------------


def test_cite_gives_both_languages_and_both_lengths() -> None:
    assert cite("fz323_art25_part1", "ru") == (
        "часть 1 статьи 25 Федерального закона от 21.11.2011 № 323-ФЗ"
        " «Об основах охраны здоровья граждан в Российской Федерации»"
    )
    assert cite("fz323_art25_part1", "ru", short=True) == "ч. 1 ст. 25 Федерального закона № 323-ФЗ"
    assert cite("fz323_art25_part1", "en").startswith(
        "Article 25(1) of Federal Law No. 323-FZ of 21 November 2011"
    )
    assert cite("fz323_art25_part1", "en", short=True) == "Art. 25(1) of Federal Law No. 323-FZ"


def test_unknown_key_names_the_nearest_keys() -> None:
    with pytest.raises(TemplateError) as caught:
        cite("fz323_art25", "ru")
    message = str(caught.value)
    assert "'fz323_art25'" in message
    assert "did you mean 'fz323_art25_part1'" in message


def test_unknown_key_without_a_near_one_still_says_where_keys_live() -> None:
    with pytest.raises(TemplateError, match=r"unknown citation key 'zzz'; the keys are in"):
        cite("zzz", "ru")


def test_unknown_language_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match=r"fz76_art16.*'de'"):
        cite("fz76_art16", "de")


def test_registries_are_read_once_and_read_only() -> None:
    assert citations() is citations()
    assert bodies() is bodies()
    with pytest.raises(TypeError):
        citations()["x"] = citations()["pp565"]  # type: ignore[index]


def test_data_files_ship_inside_the_package() -> None:
    data = resources.files("complaintgen.law") / "data"
    assert (data / "citations.yaml").is_file()
    assert (data / "bodies.yaml").is_file()


def test_importing_the_module_does_not_import_yaml() -> None:
    code = "import sys, complaintgen.law.registry; print('yaml' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- The shipped bodies ---------------------------------------------------------------------------


def test_escalation_targets_exist_and_the_ladder_ends() -> None:
    loaded = bodies()
    for key, item in loaded.items():
        seen = [key]
        target = item.escalates_to
        while target is not None:
            assert target in loaded, f"{key}: {target}"
            assert target not in seen, f"loop: {[*seen, target]}"
            seen.append(target)
            target = loaded[target].escalates_to


def test_every_address_is_marked_for_checking() -> None:
    with_address = [b for b in bodies().values() if b.address is not None]
    assert {b.key for b in with_address} >= {
        "minister_of_defence",
        "chief_military_prosecutor",
        "prosecutor_general",
    }
    for item in with_address:
        assert item.check_before_sending, item.key
        assert item.address_status in ("verified", "partial", "unverified"), item.key


def test_case_dependent_bodies_give_a_hint_instead_of_a_title() -> None:
    for item in bodies().values():
        if item.needs_case_value:
            assert item.title_ru is None and item.title_en is None, item.key
            assert item.hint_ru and item.hint_en, item.key
        else:
            assert item.title_ru and item.title_en, item.key
    assert body("garrison_prosecutor").needs_case_value
    assert body("gvmu").title_ru == (
        "Начальник Главного военно-медицинского управления"
        " Министерства обороны Российской Федерации"
    )
    assert body("minister_of_defence").kind == "ministry"


def test_unknown_body_names_the_nearest() -> None:
    with pytest.raises(TemplateError, match=r"did you mean 'garrison_prosecutor'"):
        body("garrison_prosecuter")


# --- Malformed registries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "field", "what"),
    [
        (_good_citation(stauts="verified"), "stauts", "did you mean 'status'"),
        ({k: v for k, v in _good_citation().items() if k != "en_short"}, "en_short", "missing"),
        (_good_citation(status="verifed"), "status", "must be one of"),
        (_good_citation(checked="2026-13-01"), "checked", "YYYY-MM-DD"),
        (_good_citation(checked="01.11.2026"), "checked", "YYYY-MM-DD"),
        (_good_citation(source="www.example.org/law"), "source", "not a complete http(s)"),
        (_good_citation(source="https://example.org/news/1574-..."), "source", "not a complete"),
        (_good_citation(source=None), "source", "must name the source"),
        (_good_citation(status="partial", checked=None), "checked", "give the date"),
        (_good_citation(ru=None), "ru", "must not be null"),
        (_good_citation(ru_short=565), "ru_short", "must be text"),
        (_good_citation(note="one\ntwo"), "note", "one line"),
    ],
)
def test_a_bad_citation_is_refused_naming_file_key_and_field(
    tmp_path: Path, entry: dict[str, Any], field: str, what: str
) -> None:
    path = _write(tmp_path, {"good_one": _good_citation(), "bad_one": entry})
    with pytest.raises(RegistryError) as caught:
        registry.load_citations(path)
    message = str(caught.value)
    assert f"{path}: bad_one.{field}: " in message
    assert what in message
    assert "good_one" not in message
    assert isinstance(caught.value, ComplaintgenError)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path, {"a": _good_citation(status="maybe"), "b": _good_citation(checked="soon")}
    )
    with pytest.raises(RegistryError) as caught:
        registry.load_citations(path)
    assert len(caught.value.problems) == 2


def test_an_unverified_citation_needs_neither_source_nor_date(tmp_path: Path) -> None:
    path = _write(
        tmp_path, {"x": _good_citation(status="unverified", source=None, checked=None, note="n")}
    )
    loaded = registry.load_citations(path)
    assert loaded["x"].source == () and loaded["x"].checked is None


def test_a_list_of_sources_and_a_date_are_read(tmp_path: Path) -> None:
    sources = ["https://example.org/a", "http://example.org/b?x=1&y=2"]
    loaded = registry.load_citations(_write(tmp_path, {"x": _good_citation(source=sources)}))
    assert loaded["x"].source == tuple(sources)
    assert loaded["x"].checked == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("x: [unclosed\n", "line 2: not valid YAML"),
        ("- just\n- a list\n", "expected a mapping of keys"),
        ("", "expected a mapping of keys"),
        ("Bad-Key: {}\n", "must be snake_case"),
        ("x: some text\n", "x: expected a mapping of fields"),
        ("x: {}\nx: {}\n", "found the key 'x' twice"),
    ],
)
def test_a_malformed_file_is_refused(tmp_path: Path, text: str, what: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(RegistryError, match=re.escape(what)) as caught:
        registry.load_citations(path)
    assert str(path) in str(caught.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="cannot be read"):
        registry.load_citations(tmp_path / "absent.yaml")


@pytest.mark.parametrize(
    ("entries", "where", "what"),
    [
        ({"a": _good_body(kind="court")}, "a.kind", "must be one of"),
        ({"a": _good_body(escalates_to="b")}, "a.escalates_to", "no body 'b'"),
        (
            {"a": _good_body(escalates_to="b"), "b": _good_body(escalates_to="a")},
            "b.escalates_to",
            "the ladder goes round (a → b → a)",
        ),
        (
            {
                "x": _good_body(escalates_to="a"),
                "a": _good_body(escalates_to="b"),
                "b": _good_body(escalates_to="a"),
            },
            "b.escalates_to",
            "the ladder goes round (a → b → a)",
        ),
        ({"a": _good_body(escalates_to="a")}, "a.escalates_to", "goes round (a → a)"),
        (
            {"a": _good_body(address="119160, Москва", address_status="partial")},
            "a.check_before_sending",
            "must be true",
        ),
        ({"a": _good_body(address="119160, Москва")}, "a.address_status", "exactly when"),
        ({"a": _good_body(needs_case_value=True)}, "a.title_ru", "must be null"),
        (
            {"a": _good_body(title_ru=None, title_en=None, hint_ru="x", hint_en="y")},
            "a.title_ru",
            "or set needs_case_value: true",
        ),
        ({"a": _good_body(check_before_sending="yes please")}, "a.check_before_sending", "true or"),
    ],
)
def test_a_bad_body_is_refused_naming_key_and_field(
    tmp_path: Path, entries: dict[str, Any], where: str, what: str
) -> None:
    path = _write(tmp_path, entries)
    with pytest.raises(RegistryError) as caught:
        registry.load_bodies(path)
    message = str(caught.value)
    assert f"{path}: {where}: " in message
    assert what in message


def test_a_case_dependent_body_loads(tmp_path: Path) -> None:
    entry = _good_body(
        title_ru=None,
        title_en=None,
        needs_case_value=True,
        hint_ru="Военный прокурор Курского гарнизона",
        hint_en="Military Prosecutor of the Kursk Garrison",
    )
    loaded = registry.load_bodies(_write(tmp_path, {"garrison": entry}))
    assert loaded["garrison"].hint_ru == "Военный прокурор Курского гарнизона"


def test_the_pure_python_parser_reads_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # PyYAML without libyaml has no CSafeLoader; the registry must read identically without it.
    monkeypatch.delattr(yaml, "CSafeLoader")
    datafile._strict_loader.cache_clear()
    try:
        data = resources.files("complaintgen.law") / "data"
        assert registry.load_citations(data / "citations.yaml") == dict(citations())
        assert registry.load_bodies(data / "bodies.yaml") == dict(bodies())
        with pytest.raises(RegistryError, match="found the key 'x' twice"):
            registry.load_citations(_write(tmp_path, "x: {}\nx: {}\n"))
    finally:
        datafile._strict_loader.cache_clear()


def test_an_unknown_language_names_the_case_formats_languages() -> None:
    from typing import get_args

    from complaintgen.case.model import Language

    with pytest.raises(TemplateError) as error:
        cite("kas_art219", "de")
    assert str(error.value).endswith(", ".join(repr(language) for language in get_args(Language)))
