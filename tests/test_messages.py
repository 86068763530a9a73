"""Messages with stable codes: every code has a text in both languages, with the same
parameters; a case's problems come as (field, code, parameters); the Russian questionnaire says
them in Russian from the catalog."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from complaintgen import messages
from complaintgen.case import casefile, model
from complaintgen.case.casefile import InvalidCase, case_from_data, case_problems
from complaintgen.interview.questionnaire import new_case
from complaintgen.interview.texts import load
from complaintgen.messages import catalog
from tests.conftest import DATE
from tests.test_case import reference
from tests.test_questionnaire import SELF_MINIMAL, WRONG_THEN_RIGHT, Script


def _fields(text: object) -> set[str]:
    """The parameters a text (or each of its variants) uses."""
    if isinstance(text, dict):
        return set().union(*(_fields(variant) for variant in text.values())) | (
            set(text) - {"default"}
        )
    return {name for _, name, _, _ in string.Formatter().parse(str(text)) if name}


def test_both_catalogs_have_the_same_codes_with_the_same_parameters() -> None:
    assert messages.codes("ru") == messages.codes("en")
    for code in messages.codes():
        russian, english = catalog._texts("ru")[code], catalog._texts("en")[code]
        assert _fields(russian) <= _fields(english), code


def _codes_raised_in(module: object) -> set[str]:
    """The codes a module's source names: invalid("code"), Problem(loc, "code"), and the
    (path, "code", params) triples of a rule across fields."""
    tree = ast.parse(Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            index = {"invalid": 0, "Problem": 1}.get(node.func.id)
            if index is not None and len(node.args) > index:
                argument = node.args[index]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
        if isinstance(node, ast.Tuple) and len(node.elts) == 3:
            code = node.elts[1]
            # Codes have a dot; other triples of strings (field names, kinds) do not.
            if isinstance(code, ast.Constant) and isinstance(code.value, str) and "." in code.value:
                found.add(code.value)
    return found


def test_every_code_the_case_uses_has_a_text_in_both_languages() -> None:
    used = _codes_raised_in(model) | _codes_raised_in(casefile)
    assert {"rank.unknown", "date.future", "address.missing", "key.unknown"} <= used
    for language in messages.LANGUAGES:
        assert used - messages.codes(language) == set(), language


@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_every_text_renders(language: str) -> None:
    for code in messages.codes():
        params = {name: ["a", "b"] for name in ("near", "expected", "valid", "suffixes")}
        text = catalog._texts("en")[code]
        params |= {name: "x" for name in _fields(text) if name not in params}
        counted = _counted(text) | _counted(catalog._texts(language)[code])
        params |= {name: 3 for name in counted}
        assert messages.render(code, language, **params)


def _counted(text: object) -> set[str]:
    """The parameters a text writes with a plural noun ({n:plural:…}), which take a number."""
    if isinstance(text, dict):
        return set().union(*(_counted(variant) for variant in text.values()))
    parsed = string.Formatter().parse(str(text))
    return {name for _, name, spec, _ in parsed if name and (spec or "").startswith("plural:")}


@pytest.mark.parametrize(
    ("count", "russian", "english"),
    [
        (1, "1 пакет готов", "1 packet written to out"),
        (2, "2 пакета готовы", "2 packets written to out"),
        (5, "5 пакетов готово", "5 packets written to out"),
        (11, "11 пакетов готово", "11 packets written to out"),
        (14, "14 пакетов готово", "14 packets written to out"),
        (21, "21 пакет готов", "21 packets written to out"),
        (103, "103 пакета готовы", "103 packets written to out"),
        (0, "0 пакетов готово", "0 packets written to out"),
    ],
)
def test_a_count_takes_the_noun_form_its_number_asks_for(
    count: int, russian: str, english: str
) -> None:
    assert messages.render("batch.written", "ru", output="out", count=count) == f"out: {russian}"
    assert messages.render("batch.written", "en", output="out", count=count) == english


def _found(data: dict) -> InvalidCase:
    with pytest.raises(InvalidCase) as raised:
        case_from_data(data, today=DATE)
    return raised.value


def test_a_case_gives_each_problem_as_field_code_and_parameters() -> None:
    data = reference()
    data["serviceman"]["rank"] = "младший сержат"
    error = _found(data)
    [rank] = error.found
    assert (rank.field, rank.code, rank.params["value"]) == (
        "serviceman.rank",
        "rank.unknown",
        "младший сержат",
    )
    assert rank.params["near"][0] == "младший сержант"  # the nearest first
    # The lines the CLI prints are the texts of the same problems in the case's language (ru).
    [line] = error.problems
    assert line.endswith(f" serviceman.rank: {rank.text('ru')}")
    assert rank.text("en") not in line
    assert rank.text("ru").startswith("Неизвестное звание «младший сержат». Может быть, «младший")

    data = reference()
    data["captivity"]["released_on"] = "2030-01-01"
    data.pop("date", None)
    found = {(p.field, p.code): dict(p.params) for p in _found(data).found}
    assert found[("captivity.released_on", "date.future")] == {
        "value": "2030-01-01",
        "date": str(DATE),
    }
    assert [(p.field, p.code) for p in case_problems(data, today=DATE)] == list(found)
    assert case_problems(reference(), today=DATE) == []


def test_english_catalog_text_is_the_validator_message() -> None:
    with pytest.raises(Exception) as raised:
        model.Serviceman.model_validate(
            {"surname": "С", "name": "А", "gender": "male", "rank": "младший сержат"}
        )
    [error] = raised.value.errors()  # type: ignore[attr-defined]
    assert error["type"] == "rank.unknown"
    assert error["msg"] == messages.render("rank.unknown", "en", **error["ctx"])


def test_russian_questionnaire_says_the_russian_message_of_a_typical_mistake(
    tmp_path: Path,
) -> None:
    script = Script(WRONG_THEN_RIGHT)
    new_case(tmp_path / "case.yaml", script, language="ru", today=DATE)
    said = script.said
    near = ["младший сержант", "старший сержант", "младший лейтенант"]
    rank = messages.render("rank.unknown", "ru", value="младший сержат", near=near)
    assert rank.startswith("Неизвестное звание «младший сержат». Может быть, «младший сержант»,")
    # A typo's fix is offered as the default: the reason says that Enter accepts it.
    assert f"  ! {rank} {load('ru').texts['why.enter_accepts']}" in said
    future = load("ru").reasons["date.future"].format(value="2030-01-01", date=DATE)
    assert f"  ! {future}" in said
    assert not any("unknown rank" in line or "is after the" in line for line in said)

    answers = list(SELF_MINIMAL)
    address = answers.index("305000, г. Курск, ул. Садовая, д. 12, кв. 7")
    answers[address] = ""
    answers.insert(address + 3, "305000, г. Курск, ул. Садовая, д. 12")
    script = Script([*answers, "н"])
    new_case(tmp_path / "other.yaml", script, language="ru", today=DATE)
    assert f"  ! {messages.render('address.missing', 'ru')}" in script.said
    assert not any("required when" in line for line in script.said)
