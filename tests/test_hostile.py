"""Hostile text in every string field of the case model.

hypothesis draws a field and a value: HTML, CSS, Jinja syntax, file:// and http:// URLs, XML
entities, control characters, bidi overrides, emoji, NUL, 100 kB strings and random unicode.
Every example ends in one of two ways:

- documents whose text holds the value as written (no markup interpreted, no template code run,
  nothing fetched, no file or image embedded), or
- one clear validation error (`CaseError`) that names the field.

Anything else (another exception, a fetch, an embedded file, a hang) fails. PDFs are rendered
in a worker process with a time limit, so a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import copy
import io
import itertools
import multiprocessing
import os
import re
import subprocess
import tempfile
import traceback
import types
import typing
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from complaintgen.case.casefile import case_from_data
from complaintgen.case.model import Case, LocalText
from complaintgen.errors import CaseError
from complaintgen.limits import TEXT_CHARS
from complaintgen.packet.build import make_packet
from complaintgen.writers import layout
from complaintgen.writers.docx_writer import docx_bytes
from complaintgen.writers.letter import Letter
from tests.conftest import DATE, EXAMPLES, docx_text, need, words

Loc = tuple[str | int, ...]
# A render that takes longer than this is a hang (a 100 kB field takes ~5 s on a 2-core laptop).
RENDER_LIMIT_S = 120
HOSTILE = settings(
    max_examples=40,
    deadline=None,
    database=None,  # hypothesis would otherwise write .hypothesis/ in the working directory
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ATTACKS = [
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="http://127.0.0.1:9/pixel.png">',
    "<style>@import url(http://127.0.0.1:9/x.css)</style>",
    '<p style="background: url(file:///etc/hostname)">x</p>',
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{{ ''.__class__.__mro__ }}",
    "{% include '/etc/passwd' %}",
    "{% raw %}",
    "{# comment",
    "</p></letter><letter title='x'>",
    "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;",
    "<![CDATA[x]]>",
    "&amp; &lt; &#34; &#x41;",
    "file:///etc/passwd",
    "http://example.org/?q=1&r=2",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "url(file:///etc/passwd)",
    "%s %d {0} ${x}",
    "\u202eevil\u202c",
    "\u2066isolate\u2069",
    "\u200f\u200e\u200b",
    "\ufeffBOM",
    "👨\u200d👩\u200d👧 🇷🇺 ☢",
    "\u0301combining",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\U0010fffd",
    "\x00",
    "a\x07b",
    "\x1b[31mred",
    "\r\n",
    "line\nbreak\ttab",
    "Смирнов-Петров ё Й",
    "\\ ' \" -- ;",
]


class Long(str):
    """A long value that hypothesis can name in a report without printing 100 kB."""

    def __repr__(self) -> str:
        return f"<{len(self)} characters: {str.__repr__(self[:24])}…>"


# 100 kB: a long field must render (slowly), not hang or crash.
# As long as a free-text field may be (limits.TEXT_CHARS): longer is refused before rendering.
BIG = Long("<b>Ж</b> " * (TEXT_CHARS // len("<b>Ж</b> ")))


def hostile_text() -> st.SearchStrategy[str]:
    attack = st.sampled_from(ATTACKS)
    mixed = st.lists(st.one_of(attack, st.text(max_size=12)), min_size=2, max_size=5).map("".join)
    return st.one_of(attack, mixed, st.text(max_size=40), st.just(BIG))


def short_hostile_text() -> st.SearchStrategy[str]:
    attack = st.sampled_from(ATTACKS)
    mixed = st.lists(st.one_of(attack, st.text(max_size=12)), min_size=2, max_size=5).map("".join)
    return st.one_of(attack, mixed, st.text(max_size=40))


# The fields: every str, free-text and path field of the case model, found by walking it.


def _inner(annotation: Any) -> Iterator[tuple[bool, Any]]:
    """(inside a list?, type) for each type an annotation allows."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _inner(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _inner(arg)
    elif origin is list:
        for _, kind in _inner(typing.get_args(annotation)[0]):
            yield True, kind
    else:
        yield False, annotation


def string_fields(model: type[BaseModel] = Case, prefix: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(path, kind) of every text field: kind is "text" or "path"."""
    for name, field in model.model_fields.items():
        for listed, kind in _inner(field.annotation):
            path = (*prefix, name, *((0,) if listed else ()))
            if kind is str or kind is LocalText:
                yield path, "text"
            elif kind is Path:
                yield path, "path"
            elif isinstance(kind, type) and issubclass(kind, BaseModel):
                yield from string_fields(kind, path)


FIELDS = list(string_fields())
# Fields printed through the Russian grammar: endings of Cyrillic words may change, and a
# phrase may change its first letter's case. Their values are compared without Cyrillic letters.
DECLINED = re.compile(r"(surname|\.name|patronymic|position|\.title)$")


def dotted(path: Loc) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@cache
def examples() -> dict[str, dict[str, Any]]:
    # The reference case first, then the other Russian ones: their letters print the fields as
    # typed (English ones transliterate names).
    loaded = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(EXAMPLES.glob("*.yaml"))
    }
    order = sorted(loaded, key=lambda n: (n != "smirnov", loaded[n].get("language", "ru") != "ru"))
    return {name: loaded[name] for name in order}


def _get(data: Any, path: Loc) -> Any:
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and len(data) > part else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
        if data is None:
            return None
    return data


def _depth(data: dict[str, Any], path: Loc) -> int:
    """How much of `path` exists in `data`."""
    return max(n for n in range(len(path) + 1) if n == 0 or _get(data, path[:n]) is not None)


PROBE = "QXprobeZQ"


@cache
def _base(path: Loc) -> tuple[str, bool]:
    """The example to put a value at `path` into, and whether its letters print that field.

    Examples with more of the path's sections come first; of those, the first whose letters
    print a plain value at `path` (a lawyer's case prints no serviceman's phone).
    """
    names = sorted(examples(), key=lambda name: -_depth(examples()[name], path[:-1]))
    for name in names:
        try:
            case = case_from_data(_put(examples()[name], path, PROBE), today=DATE)
            text = "".join(letter.plain_text() for letter in make_packet(case).letters)
        except CaseError:
            continue
        if PROBE.casefold() in text.casefold():
            return name, True
    return names[0], False


def printed_fields() -> frozenset[Loc]:
    """The fields some letter prints; the others can only be checked for breaking nothing."""
    return frozenset(path for path, kind in FIELDS if kind == "text" and _base(path)[1])


def case_data(path: Loc, value: str) -> dict[str, Any]:
    """A copy of the example case chosen for `path` (see `_base`), with `value` at `path`."""
    return _put(examples()[_base(path)[0]], path, value)


def _put(base: dict[str, Any], path: Loc, value: str) -> dict[str, Any]:
    """A copy of `base` with `value` at `path`; missing optional sections are added."""
    data = copy.deepcopy(base)
    node = data
    for part, following in itertools.pairwise(path):
        if isinstance(part, int):
            node = node[part]
        else:
            if node.get(part) is None:
                node[part] = [{}] if isinstance(following, int) else {}
            node = node[part]
    node[path[-1]] = value
    return data


def with_sentinels(value: str) -> str:
    # Latin letters at both ends: the templates' `capfirst` and `clause` filters and the
    # declension of endings then leave the value itself alone.
    return f"QX{value}ZQ"


def shown(value: str, declined: bool) -> str:
    """What must appear in a letter's text: whitespace folded away; for declined fields, without
    the Cyrillic letters whose endings grammar may change."""
    text = words(value)
    return re.sub(r"[А-Яа-яЁё]", "", text).casefold() if declined else text


def test_the_walk_finds_the_fields_it_should() -> None:
    paths = {dotted(path) for path, _ in FIELDS}
    for field in (
        "serviceman.surname",
        "serviceman.address",
        "health.conditions[0].description",
        "addressees.prosecutor.title",
        "representative.authority",
        "filings[0].answer",
        "attachments[0].title",
    ):
        assert field in paths
    assert len(paths) >= 70
    assert len(printed_fields()) >= 40  # most fields reach a letter: the property has teeth


def outcome(path: Loc, value: str) -> tuple[tuple[Letter, ...] | None, str | None]:
    """The letters, or the problems of the validation error, for `value` at `path`."""
    data = case_data(path, value)
    try:
        # The packet, too, may refuse a case (an attachment's file), with a CaseError.
        return make_packet(case_from_data(data, today=DATE)).letters, None
    except CaseError as error:
        message = str(error)
        assert message and "Traceback" not in message
        parent = dotted(path[:-1])
        assert dotted(path) in message or (parent and parent in message), message
        return None, message


@HOSTILE
@given(field=st.sampled_from(FIELDS), hostile=hostile_text())
def test_hostile_text_is_printed_as_written_or_refused(
    field: tuple[Loc, str], hostile: str
) -> None:
    path, kind = field
    value = hostile + ".pdf" if kind == "path" else with_sentinels(hostile)
    letters, _ = outcome(path, value)
    if letters is None:
        return
    declined = bool(DECLINED.search(dotted(path)))
    expected = shown(value, declined)
    in_letters = shown("".join(letter.plain_text() for letter in letters), declined)
    docx_texts = []
    for letter in letters:
        data = docx_bytes(letter, date=DATE)
        docx_texts.append(docx_text(data))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            assert not [name for name in names if name.startswith("word/media/")], "an image"
            links = "".join(archive.read(name).decode() for name in names if name.endswith(".rels"))
            assert 'TargetMode="External"' not in links, "a link out of the document"
    in_docx = shown("".join(docx_texts), declined)
    if kind == "text" and path in printed_fields():
        assert expected in in_letters, f"{dotted(path)} not printed as written"
        assert expected in in_docx, f"{dotted(path)} not in the DOCX as written"


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\ufffe"])
@pytest.mark.parametrize(
    "path", [("serviceman", "surname"), ("health", "conditions", 0, "description")]
)
def test_control_characters_are_refused_naming_the_field(character: str, path: Loc) -> None:
    letters, problem = outcome(path, f"Смир{character}нов")
    assert letters is None and problem is not None
    assert problem.count("\n") == 0
    # The case is Russian, so the message is too: the field, the code point, where, and the fix.
    assert (
        f"{dotted(path)}: содержит невидимый управляющий символ U+{ord(character):04X} (знак 5)"
        in problem
    )
    assert "удалите его" in problem


def test_bidi_overrides_are_kept_as_written() -> None:
    # Right-to-left overrides and isolates are text a person may paste; they are kept, not
    # stripped and not applied to the markup around them.
    value = "Справка \u202eот 12.06.2025\u202c № \u20667\u2069 выдана"
    letters, _ = outcome(("health", "treatment_after_return"), value)
    assert letters is not None
    letter = letters[0]
    assert value in letter.plain_text().replace("\u00a0", " ")  # «№ 7» is typeset unbroken
    assert words(value) in words(docx_text(docx_bytes(letter, date=DATE)))


# PDFs, in a worker process with a time limit


def _render_pdfs(request: dict[str, Any]) -> dict[str, Any]:
    """In the worker: the PDF of each letter that prints the value, and what is in them."""
    import pypdf

    from complaintgen.writers import pdf_writer

    fetched: list[str] = request["fetched"]
    case = case_from_data(request["data"], today=DATE)
    letters = [
        letter
        for letter in make_packet(case).letters
        if request["marker"] in letter.plain_text() or letter.doc_id == "vvk_report"
    ][:2]
    report: dict[str, Any] = {"texts": [], "pages": 0, "embedded": [], "images": 0}
    with tempfile.TemporaryDirectory() as folder:
        for letter in letters:
            data = pdf_writer.pdf_bytes(letter, date=DATE)
            reader = pypdf.PdfReader(io.BytesIO(data))
            report["pages"] += len(reader.pages)
            report["embedded"] += list(reader.attachments)
            if "/EmbeddedFiles" in reader.trailer["/Root"].get("/Names", {}):
                report["embedded"].append("/EmbeddedFiles")
            for page in reader.pages:
                report["images"] += len(page.get("/Resources", {}).get("/XObject", {}) or {})
            pdf = Path(folder) / "letter.pdf"
            pdf.write_bytes(data)
            # -layout: in its default mode poppler joins a word broken after a hyphen at a line
            # end and drops the hyphen («Смирнов-» / «Петров» reads «СмирновПетров»).
            text = subprocess.run(
                ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                capture_output=True,
                check=True,
            ).stdout.decode("utf-8")
            report["texts"].append(text)
    report["fetched"] = list(fetched)
    fetched.clear()
    return report


def _serve(connection: Any) -> None:
    """The worker's loop: render what is asked, answer with a report or the traceback."""
    from complaintgen.writers import pdf_writer
    from tests.conftest import install_network_guard

    attempts: list[str] = []
    install_network_guard(attempts)
    fetched: list[str] = []
    fetcher = pdf_writer._fetcher()
    fetch = fetcher.fetch

    def recording(url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return fetch(url, headers)

    fetcher.fetch = recording
    while (request := connection.recv()) is not None:
        try:
            report = _render_pdfs({**request, "fetched": fetched})
            report["network"] = list(attempts)
            connection.send(report)
        except Exception:
            connection.send({"crash": traceback.format_exc()})
    connection.close()
    # Leave without interpreter teardown: WeasyPrint's cached font configuration cannot be
    # finalised once its C libraries are unloaded, and says so on stderr.
    os._exit(0)


class RenderWorker:
    """One long-lived process (WeasyPrint imported once) that renders with a time limit."""

    def __init__(self, limit: float = RENDER_LIMIT_S) -> None:
        self.limit = limit
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def render(self, data: dict[str, Any], marker: str) -> dict[str, Any]:
        self.connection.send({"data": data, "marker": marker})
        if not self.connection.poll(self.limit):
            self.process.kill()
            pytest.fail(f"rendering took over {self.limit} s: a hang")
        report: dict[str, Any] = self.connection.recv()
        assert "crash" not in report, report.get("crash")
        return report

    def close(self) -> None:
        if self.process.is_alive():
            self.connection.send(None)
            self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.kill()
        self.connection.close()


@pytest.fixture(scope="module")
def worker() -> Iterator[RenderWorker]:
    need("pdftotext")
    started = RenderWorker()
    yield started
    started.close()


def check_clean_pdfs(report: dict[str, Any]) -> None:
    font_dir = layout.FONTS_DIR.resolve().as_uri()
    assert not report["network"], report["network"]
    assert not report["embedded"], "a file was embedded"
    assert report["images"] == 0, "an image was embedded"
    strays = [u for u in report["fetched"] if not u.startswith(("data:", font_dir))]
    assert not strays, f"fetched {strays}"
    assert report["pages"] >= 1


def _plain(value: str) -> bool:
    # Text whose PDF extraction is exact: no bidi reordering, no glyphs missing from the font.
    return re.fullmatch(r"[\x20-\x7e\u0400-\u045f\s]*", value) is not None


@settings(HOSTILE, max_examples=25)
@given(field=st.sampled_from([f for f in FIELDS if f[1] == "text"]), hostile=short_hostile_text())
# A value the sender block breaks after a hyphen at a line end: its text must keep the hyphen.
@example(
    field=(("serviceman", "patronymic"), "text"),
    hostile='data:text/html,<b>x</b><p style="background: url(file:///etc/hostname)">x</p>'
    "url(file:///etc/passwd)Смирнов-Петров ё Й",
)
# A title is declined: its capitals stay, and a word not all Cyrillic stays as written.
@example(field=(("addressees", "medical", "title"), "text"), hostile="Смирнов-Петров ё Й")
def test_hostile_text_gives_clean_pdfs(
    worker: RenderWorker, field: tuple[Loc, str], hostile: str
) -> None:
    path, _ = field
    value = with_sentinels(hostile)
    letters, _ = outcome(path, value)
    if letters is None:
        return
    report = worker.render(case_data(path, value), marker="QX")
    check_clean_pdfs(report)
    if path in printed_fields() and _plain(value):
        declined = bool(DECLINED.search(dotted(path)))
        assert shown(value, declined) in shown("".join(report["texts"]), declined)


def test_a_field_at_the_length_limit_renders_within_the_time_limit(worker: RenderWorker) -> None:
    path = ("health", "conditions", 0, "description")
    report = worker.render(case_data(path, BIG), marker="<b>Ж</b>")
    check_clean_pdfs(report)
    assert report["pages"] > 2
    assert "<b>Ж</b>" in report["texts"][0]


def test_the_time_limit_is_enforced() -> None:
    # A worker that does not answer in time is killed and the test fails, instead of the suite
    # waiting for ever. (Starting a worker alone takes longer than this limit.)
    slow = RenderWorker(limit=0.001)
    try:
        with pytest.raises(pytest.fail.Exception, match="a hang"):
            slow.render(case_data(("serviceman", "position"), "QXZQ"), marker="QX")
        slow.process.join(timeout=10)
        assert not slow.process.is_alive()
    finally:
        slow.close()


# --- Hostile input: one line, never a traceback or a hang --------------------------------------
#
# Each class of input below ended in a traceback, a hang or a wrong reading before the bounds of
# complaintgen.limits and the regular-file reader (storage/regular.py): a case file, an
# attachment, a user's template, a spreadsheet, an option. Each test runs the real command line
# (in-process with click's runner, or as a process where the old behaviour was a hang, so that
# a regression fails the test instead of stopping the suite).

SMIRNOV_TEXT = (EXAMPLES / "smirnov.yaml").read_text(encoding="utf-8")
CLI_TIMEOUT_S = 120  # a guard against a hang, not a timing assertion


def cli(*args: str | Path, cwd: Path | None = None) -> Any:
    from click.testing import CliRunner

    from complaintgen.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)


def cli_process(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command line as a process: a hang is a TimeoutExpired, not a stuck suite."""
    import sys

    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [sys.executable, "-m", "complaintgen", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_S,
        check=False,
    )


def one_line(stderr: str, exit_code: int, expected: int = 1) -> str:
    assert exit_code == expected, stderr
    assert "Traceback" not in stderr, stderr
    assert stderr.count("\n") == 1 and stderr.endswith("\n"), stderr
    return stderr


def smirnov_with(old: str, new: str) -> str:
    assert old in SMIRNOV_TEXT, old
    return SMIRNOV_TEXT.replace(old, new, 1)


def with_attachment(file: str) -> str:
    return smirnov_with("attachments:\n", f"attachments:\n  - title: скан\n    file: {file}\n")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (smirnov_with("Смирнов\n", "Смир\x00нов\n").encode(), "U+0000 (NUL)"),
        (
            (SMIRNOV_TEXT + "x: " + "[" * 10_000 + "]" * 10_000 + "\n").encode(),
            "вложенность глубже 20 уровней",
        ),
        (smirnov_with('number: "12345"', "number: " + "9" * 5000).encode(), "число из 5000 цифр"),
        ((SMIRNOV_TEXT + "? [a, b]\n: 1\n").encode(), "ключ должен быть именем"),
        (
            smirnov_with("  address: 305000", "  address: " + "ж" * 1_000_000).encode(),
            "than a",
        ),  # too big to read its language: the locale's
        (
            smirnov_with("  address: 305000", "  address: " + "ж" * 6000).encode(),
            "больше 5000, которые вмещает",
        ),
        (
            smirnov_with("sent_on: 2025-06-19", "sent_on: 9999-12-30").encode(),
            "год от 1900 до 2999",
        ),
        (
            smirnov_with("    pages: 2\n", "    pages: 3000\n").encode(),
            "больше 500, которые может иметь",
        ),
        (
            smirnov_with("    pages: 2\n", "    pages: 2\n    copies: 10000000000\n").encode(),
            "10000000000 — больше 1000000",
        ),
    ],
    ids=[
        "nul",
        "deep",
        "5000-digits",
        "complex-key",
        "1-MB",
        "6000-chars",
        "9999",
        "3000-p",
        "big",
    ],
)
def test_a_hostile_case_file_is_one_line(tmp_path: Path, content: bytes, expected: str) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(content)
    result = cli("validate", case)
    assert expected in one_line(result.stderr, result.exit_code), result.stderr


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("  surname: Смирнов", '  surname: "\\u202eвонримС"', "U+202E"),
        ("  surname: Смирнов", '  surname: "Смир\\u200bнов"', "U+200B"),
        ("  surname: Смирнов", '  surname: "\\u200b\\u2060"', "U+200B"),
        ('  number: "12345"', '  number: "12\\u202e345"', "U+202E"),
        (
            "  position: командир отделения",
            '  position: "\\u200b\\ufeff"',
            "содержит только невидимые символы",
        ),
    ],
)
def test_text_that_prints_differently_from_what_was_typed_is_refused(
    tmp_path: Path, old: str, new: str, code: str
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(smirnov_with(old, new), encoding="utf-8")
    result = cli("validate", case)
    assert code in one_line(result.stderr, result.exit_code)


@pytest.mark.parametrize("typed", ["1:20:30", "0x3039", "0o17", "0b1010"])
def test_a_number_typed_as_text_is_not_read_as_another_number(tmp_path: Path, typed: str) -> None:
    # YAML 1.1 reads 1:20:30 as 4830 and 0x3039 as 12345: a unit number that was never typed.
    case = tmp_path / "case.yaml"
    case.write_text(smirnov_with('  number: "12345"', f"  number: {typed}"), encoding="utf-8")
    result = cli("validate", case)
    assert f"unit.number: «{typed}» — не номер части" in one_line(result.stderr, result.exit_code)


def test_a_plain_unit_number_still_reads(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(smirnov_with('  number: "12345"', "  number: 12345"), encoding="utf-8")
    assert case_from_yaml(case).unit.number == "12345"


def case_from_yaml(path: Path) -> Case:
    from complaintgen.case.casefile import load_case

    return load_case(path, today=DATE)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("where", ["case", "attachment"])
@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_fifo_or_a_device_never_blocks(tmp_path: Path, where: str, command: str) -> None:
    os.mkfifo(tmp_path / "fifo.pdf")
    os.symlink("/dev/zero", tmp_path / "zero.pdf")
    for target in ("fifo.pdf", "zero.pdf"):
        if where == "case":
            case = tmp_path / target
        else:
            case = tmp_path / "case.yaml"
            case.write_text(with_attachment(target), encoding="utf-8")
        done = cli_process(command, case, "-o", tmp_path / "out", cwd=tmp_path)
        if command == "validate":
            done = cli_process(command, case, cwd=tmp_path)
        # A case that cannot be read has no language yet (the locale's, English here); an
        # attachment of the Russian case is said in Russian.
        expected = (
            "not a regular file"
            if where == "case"
            else "— не обычный файл (устройство, канал или сокет)"
        )
        assert expected in one_line(done.stderr, done.returncode), done.stderr
        assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ('"scan\\0.pdf"', "— непригодное имя файла"),
        ("missing.pdf", "missing.pdf: такого файла нет"),
        ("empty.pdf", "empty.pdf пуст (0 байт)"),
        ("huge.pdf", "больше, чем может вложение (50 MB)"),
        ("notpdf.pdf", "PDF не читается (PdfStreamError)"),
    ],
)
def test_validate_checks_the_attachment_files_as_build_does(
    tmp_path: Path, file: str, expected: str
) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    with (tmp_path / "huge.pdf").open("wb") as handle:
        handle.truncate(60_000_000)  # sparse: refused by its size, never read
    (tmp_path / "notpdf.pdf").write_bytes(b"root:x:0:0:root:/root:/bin/bash\n" * 20)
    case = tmp_path / "case.yaml"
    case.write_text(with_attachment(file), encoding="utf-8")
    result = cli("validate", case)
    stderr = one_line(result.stderr, result.exit_code)
    assert expected in stderr, stderr
    assert "root:" not in stderr and "invalid pdf header" not in stderr  # pypdf's own words


def blank_pdf(pages: int) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pages_that_disagree_and_too_many_pages_fail_validate(tmp_path: Path) -> None:
    (tmp_path / "three.pdf").write_bytes(blank_pdf(3))
    (tmp_path / "many.pdf").write_bytes(blank_pdf(501))
    case = tmp_path / "case.yaml"
    text = with_attachment("three.pdf").replace(
        "    file: three.pdf\n", "    file: three.pdf\n    pages: 2\n"
    )
    case.write_text(text, encoding="utf-8")
    result = cli("validate", case)
    stderr = one_line(result.stderr, result.exit_code)
    assert "attachments[0].pages: указано 2, а в attachments[0].file" in stderr, stderr
    assert "three.pdf) 3 страницы;" in stderr, stderr
    case.write_text(with_attachment("many.pdf"), encoding="utf-8")
    result = cli("validate", case)
    stderr = one_line(result.stderr, result.exit_code)
    assert "many.pdf 501 страница, больше, чем может быть во вложении (500)" in stderr, stderr


def test_pypdf_never_writes_to_stderr(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    from complaintgen.packet.pdfpages import count_pdf_pages

    with pytest.raises(CaseError) as caught:
        count_pdf_pages(b"root:x:0:0:root:/root:/bin/bash\n", "scan.pdf")
    assert caught.value.problems == [
        "scan.pdf: not a readable PDF (PdfStreamError); open it in a PDF viewer and save it again"
    ]
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    "args",
    [
        ["status", "{case}", "--today", "9999-12-31"],
        ["status", "{case}", "--today", "9999-12-31", "--ics", "{tmp}/r.ics"],
        ["followup", "{case}", "--today", "9999-12-31", "-o", "{tmp}/f"],
        ["status", "{late}"],
        ["followup", "{late}", "-o", "{tmp}/f"],
    ],
)
def test_year_9999_is_one_line(tmp_path: Path, args: list[str]) -> None:
    late = tmp_path / "late.yaml"
    late.write_text(
        smirnov_with("date: 2026-11-20", "date: 9999-12-31").replace(
            "sent_on: 2025-06-19", "sent_on: 9999-12-30"
        ),
        encoding="utf-8",
    )
    values = {"case": str(EXAMPLES / "smirnov.yaml"), "late": str(late), "tmp": str(tmp_path)}
    result = cli(*(arg.format(**values) for arg in args))
    stderr = result.stderr
    assert result.exit_code in (1, 2) and "Traceback" not in stderr, stderr
    assert stderr.count("\n") == 1 and "1900" in stderr, stderr
    assert not (tmp_path / "f").exists() and not (tmp_path / "r.ics").exists()


@pytest.mark.parametrize(
    "args",
    [["build", "--nope"], ["build"], ["--nope"], ["nope"], ["record", "x.yaml"], ["status", "-o"]],
)
def test_an_option_error_is_one_line_and_exit_2(args: list[str]) -> None:
    result = cli(*args)
    stderr = one_line(result.stderr, result.exit_code, expected=2)
    assert "--help" in stderr and not stderr.startswith("Usage:"), stderr


def user_template(tmp_path: Path, body: str | bytes) -> Path:
    folder = tmp_path / "templates"
    (folder / "ru").mkdir(parents=True, exist_ok=True)
    target = folder / "ru" / "vvk_report.xml.j2"
    if isinstance(body, bytes):
        target.write_bytes(body)
    else:
        target.write_text(f'<letter title="x" lang="ru">\n<p>{body}</p>\n</letter>\n', "utf-8")
    return folder


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<letter>\xff\xfe</letter>", "not UTF-8 text"),
        ("{{ 'a' * 10**10 }}", "larger than 1000000 characters"),
        ("{{ 'a'|center(10**10) }}", "larger than 1000000 characters"),
        ("{{ 'a'.ljust(10**10) }}", "larger than 1000000 characters"),
        ("{{ '%9999999999s' % 'a' }}", "larger than 1000000 characters"),
        ("{{ '{:>9999999999}'.format('a') }}", "larger than 1000000 characters"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "range() would yield more than 100000",
        ),
    ],
    ids=["utf8", "mul", "center", "ljust", "percent", "format", "nested-range"],
)
def test_a_hostile_user_template_is_one_line(
    tmp_path: Path, body: str | bytes, expected: str
) -> None:
    from complaintgen.errors import TemplateError
    from complaintgen.render.rendering import render_letter

    folder = user_template(tmp_path, body)
    with pytest.raises(TemplateError) as caught:
        render_letter(case_from_yaml(EXAMPLES / "smirnov.yaml"), "vvk_report", templates=folder)
    assert expected in str(caught.value) and "\n" not in str(caught.value), caught.value


def test_a_user_template_that_loops_too_long_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loops that no bound on range or on sizes catches (10^10 steps over strings): the render's
    # time limit stops them. Lowered here so that the test does not wait the real limit.
    from complaintgen.errors import TemplateError
    from complaintgen.render import rendering

    monkeypatch.setattr(rendering, "TEMPLATE_SECONDS", 0.5)
    loops = "{% for i in 'x' * 100000 %}{% for j in 'x' * 100000 %}{% endfor %}{% endfor %}"
    folder = user_template(tmp_path, loops)
    with pytest.raises(TemplateError, match=r"took longer than 0\.5 s"):
        rendering.render_letter(
            case_from_yaml(EXAMPLES / "smirnov.yaml"), "vvk_report", templates=folder
        )


def test_a_huge_csv_cell_and_a_huge_header_index_are_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_text("id,serviceman.surname\na," + "Ж" * 200_000 + "\n", encoding="utf-8")
    result = cli("batch", big, "-o", tmp_path / "o1")
    assert "cannot be read as CSV" in one_line(result.stderr, result.exit_code)
    index = tmp_path / "index.csv"
    index.write_text("id,health.conditions[30000000].description\na,x\n", encoding="utf-8")
    result = cli("batch", index, "-o", tmp_path / "o2")
    assert "[30000000] is past the 100 items" in one_line(result.stderr, result.exit_code)


def test_a_spreadsheet_attachment_path_is_relative_to_the_spreadsheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from complaintgen.batch.table import read_rows

    sheet = tmp_path / "clients" / "clients.csv"
    sheet.parent.mkdir()
    sheet.write_text(
        "id,attachments[0].title,attachments[0].file\na,скан,scans/a.pdf\nb,скан,/abs/b.pdf\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    rows = [row for _, row in read_rows(Path("clients/clients.csv"))]
    assert rows[0]["attachments[0].file"] == str(tmp_path / "clients" / "scans" / "a.pdf")
    assert rows[1]["attachments[0].file"] == "/abs/b.pdf"


def test_an_attachment_outside_the_case_folder_is_said(tmp_path: Path) -> None:
    from complaintgen import api

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "scan.pdf").write_bytes(blank_pdf(1))
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "inside.pdf").write_bytes(blank_pdf(1))
    case = tmp_path / "case" / "case.yaml"
    text = with_attachment(str(outside / "scan.pdf")).replace(
        "attachments:\n", "attachments:\n  - title: своё\n    file: inside.pdf\n", 1
    )
    case.write_text(text.replace("documents: [vvk_report, ", "documents: [vvk_report]\n#"), "utf-8")
    written = api.build(case, output=tmp_path / "out", formats=("docx",), today=DATE)
    outside_notes = [note for note in written.notes if note.startswith("вложение вне папки дела")]
    assert outside_notes == [
        f"вложение вне папки дела: attachments[1].file: {outside / 'scan.pdf'}"
    ]
