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
    assert f"{dotted(path)}: contains the invisible control character U+{ord(character):04X}" in (
        problem
    )
    assert "delete it" in problem


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
