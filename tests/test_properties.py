"""Property-based hostile input: any text in any string field, any length of any list, any cell
of a spreadsheet row, ends in a valid case or in one line, never a traceback.

The fields are every string and list leaf of the reference case (examples/smirnov.yaml), so a
field added to the format is covered once the example shows it. Most examples run the library
in-process (what `build` prints is `messages.language.in_one_line`); a few run the command line.
Derandomized with a fixed number of examples, so that CI is repeatable.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintgen.batch.table import row_to_case
from complaintgen.case.casefile import case_from_data
from complaintgen.cli import main
from complaintgen.errors import CaseError, ComplaintgenError
from complaintgen.messages.language import in_one_line
from tests.conftest import DATE, EXAMPLES

SMIRNOV = yaml.safe_load((EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8"))
FAST = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
Loc = tuple[str | int, ...]


def leaves(value: Any, loc: Loc = ()) -> list[tuple[Loc, str]]:
    """(path, "str" or "list") for every string and list in the reference case."""
    found: list[tuple[Loc, str]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            found += leaves(child, (*loc, key))
    elif isinstance(value, list):
        found.append((loc, "list"))
        for index, child in enumerate(value):
            found += leaves(child, (*loc, index))
    elif isinstance(value, str):
        found.append((loc, "str"))
    return found


FIELDS = leaves(SMIRNOV)
STRING_FIELDS = [loc for loc, kind in FIELDS if kind == "str"]
LIST_FIELDS = [loc for loc, kind in FIELDS if kind == "list"]

HOSTILE_CHARS = "\x00\x01\x1b\r\t\u202e\u2066\u200b\u200e\ufeff\u00ad\u3164\ufffe\ud800<&>'\"{}%:#"
hostile_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(HOSTILE_CHARS + "Жж a1"), max_size=30),
    st.sampled_from(["", " ", "\u200b", "1:20:30", "0x3039", "9" * 30, "9999-12-31", "~", "-"]),
    st.integers(min_value=1, max_value=20_000).map(lambda n: "ж" * n),
)


def put(data: dict[str, Any], loc: Loc, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target: Any = changed
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = value
    return changed


def one_line_or_valid(data: dict[str, Any]) -> None:
    try:
        case_from_data(data, today=DATE)
    except CaseError as error:
        line = str(in_one_line(error, "CASE"))
        assert line and "\n" not in line, line
    except ComplaintgenError as error:
        assert str(error) and "\n" not in str(error), str(error)


@FAST
@given(st.sampled_from(STRING_FIELDS), hostile_text)
def test_any_text_in_any_string_field(loc: Loc, text: str) -> None:
    one_line_or_valid(put(SMIRNOV, loc, text))


@FAST
@given(
    st.sampled_from(LIST_FIELDS),
    st.one_of(st.integers(0, 150), st.just(101)),
    st.sampled_from(["copy", "text", "none", "list"]),
)
def test_any_length_of_any_list(loc: Loc, length: int, kind: str) -> None:
    target: Any = SMIRNOV
    for part in loc:
        target = target[part]
    item = {"copy": target[0], "text": "x", "none": None, "list": [[]]}[kind]
    one_line_or_valid(put(SMIRNOV, loc, [copy.deepcopy(item) for _ in range(length)]))


def header(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@FAST
@given(
    st.sampled_from(STRING_FIELDS),
    hostile_text,
    st.sampled_from(["", "[0]", "[99]", "[100]", "[30000000]", "[-1]", "..", "[0]["]),
)
def test_any_cell_of_a_spreadsheet_row(loc: Loc, cell: str, suffix: str) -> None:
    row = {header(path): value for path, value in flat(SMIRNOV)}
    row[header(loc) + suffix] = cell
    try:
        _, data = row_to_case(row, "clients.csv:row 2")
    except ComplaintgenError as error:
        assert "\n" not in str(error), str(error)
        return
    one_line_or_valid(data)


def flat(value: Any, loc: Loc = ()) -> list[tuple[Loc, Any]]:
    if isinstance(value, dict):
        return [item for key, child in value.items() for item in flat(child, (*loc, key))]
    if isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
        return [item for index, child in enumerate(value) for item in flat(child, (*loc, index))]
    if isinstance(value, list):
        return []  # a list of ids (documents) has no cell form
    return [] if value is None else [(loc, str(value) if not isinstance(value, bool) else value)]


@settings(max_examples=12, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(STRING_FIELDS), hostile_text)
def test_the_command_line_says_one_line_per_problem(loc: Loc, text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        case = Path(folder) / "case.yaml"
        case.write_text(yaml.safe_dump(put(SMIRNOV, loc, text), allow_unicode=True), "utf-8")
        before = sorted(Path(folder).iterdir())
        result = CliRunner().invoke(main, ["validate", str(case), "--date", "2026-11-20"])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.stderr
        if result.exit_code == 1:
            assert result.stderr.strip(), "a refusal says why"
        assert sorted(Path(folder).iterdir()) == before, "validate writes nothing"
