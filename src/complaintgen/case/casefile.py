"""Reading a case file: YAML in, a valid `Case` or one-line messages out.

Every message has the form ``FILE:LINE: FIELD.PATH: what is wrong; how to fix it`` so that a user
(or an editor that understands ``file:line``) goes straight to the answer that needs fixing.
The line comes from the YAML node of the field, or of the nearest enclosing field that exists.

Behind each message is a `Problem`: the field, a stable code of `complaintgen.messages` and its
parameters, so that another front end (the questionnaire, a web page) says the same problem in
its own language; `InvalidCase.found` holds them, `explain` makes them from pydantic's errors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from complaintgen.case.migrate import READABLE_VERSIONS
from complaintgen.case.model import Case
from complaintgen.errors import CaseError, ComplaintgenError
from complaintgen.limits import NESTING_DEPTH, NUMBER_DIGITS
from complaintgen.messages import codes, render
from complaintgen.messages.catalog import table
from complaintgen.messages.language import user_language
from complaintgen.messages.raising import SEVERAL
from complaintgen.storage import casestore

Loc = tuple[str | int, ...]
# A date's shape (YYYY-MM-DD, as YAML reads one): a value of it that is no date names no real day.
_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
# «20.11.2026», as dates are written in Russia (and read so from a spreadsheet's text cell).
_DAY_FIRST = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
# The case's `language:` key at the top level, as a case file writes it.
_LANGUAGE_LINE = re.compile(r"^language:\s*[\"']?(ru|en)\b", re.MULTILINE)


class _Loader(yaml.SafeLoader):
    """Safe YAML with two fixes for case files.

    A plain ``012345`` is an octal integer in YAML 1.1 and ``0123`` would lose its zero: numbers
    with a leading zero stay strings (unit numbers, references). Duplicate keys are refused,
    because PyYAML would silently keep the last one and drop a fact.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        # The composer and the constructor recurse once per level: 10 000 nested brackets end
        # in a RecursionError deep inside PyYAML. The case format needs 5 levels.
        self._depth += 1
        try:
            if self._depth > NESTING_DEPTH:
                raise _refused(
                    "yaml.too_deep",
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                    limit=NESTING_DEPTH,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        text = str(node.value).replace("_", "")
        if len(text) > 1 and text.startswith("0") and text.isdigit():
            return text
        # YAML 1.1 also reads 0x3039 (hex), 0b101, 0o17 and 1:20:30 (base 60, = 4830) as
        # numbers; nobody writes a page count that way, but a unit number or a reference may
        # look like one: such forms stay the text that was typed.
        if not text.lstrip("+-").isdigit():
            return str(node.value)
        if len(text.lstrip("+-")) > NUMBER_DIGITS:
            # Python refuses to read an integer of more than 4 300 digits (a ValueError), and
            # no field needs more than a few: a long run of digits is a mistake, or text.
            raise _refused(
                "yaml.long_number",
                node.start_mark,
                digits=len(text.lstrip("+-")),
                limit=NUMBER_DIGITS,
            )
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        # 1:20:30.5 is a base-60 float in YAML 1.1: keep what was typed, as for integers.
        if ":" in str(node.value):
            return str(node.value)
        return super().construct_yaml_float(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        # PyYAML raises a bare ValueError for a date that does not exist (2025-02-31). Kept as
        # its text, it reaches the model, which reports it as a problem of its field, with its
        # line and with every other problem of the file (`date.impossible`), rather than as an
        # unreadable file that hides them all.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                # `? [a, b]` makes a list a key: PyYAML then fails with a TypeError.
                raise _refused("yaml.key_not_name", key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int) and key in seen:
                raise _refused("yaml.key_twice", key_node.start_mark, key=key)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
# The stubs type construct_yaml_map as SafeConstructor's own, not as one of this subclass.
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)  # type: ignore[type-var]
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class _Refused(yaml.MarkedYAMLError):
    """A case-file rule the loader enforces, as a catalog code said at the file's line."""

    def __init__(self, code: str, mark: Any, params: dict[str, Any]) -> None:
        super().__init__(problem=code, problem_mark=mark)
        self.code, self.params = code, params


def _refused(code: str, mark: Any, **params: Any) -> _Refused:
    return _Refused(code, mark, params)


def read_yaml(path: Path, language: str | None = None) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML file and its node tree (for line numbers)."""
    return parse_yaml(casestore.read_text(path), path, language)


def stated_language(text: str) -> str | None:
    """The documents' language a case file's text states (``language: en``), read before the
    file is parsed: a file that cannot be read is still answered in its own language."""
    match = _LANGUAGE_LINE.search(text)
    return match[1] if match else None


def parse_yaml(
    text: str, path: Path | str, language: str | None = None
) -> tuple[Any, yaml.Node | None]:
    """The data of case-file text and its node tree, by the case file's rules (leading zeros
    kept, duplicate keys and impossible dates refused); a one-line error naming `path`, in the
    language the text states, else `language`, else the locale's."""
    said = user_language(stated_language(text), language)
    if "\x00" in text:
        # PyYAML's reader refuses a NUL in a message of several lines, before any parsing.
        row = text.count("\n", 0, text.index("\x00")) + 1
        raise ComplaintgenError(render("yaml.nul", said, path=path, row=row))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f"{mark.line + 1}:" if mark else ""
        if isinstance(error, _Refused):
            said_so = render(error.code, said, path=path, line=line, **error.params)
            raise ComplaintgenError(said_so) from None
        what = _yaml_problem(error.problem or error.context or "", said)
        raise ComplaintgenError(
            render("yaml.syntax", said, path=path, line=line, what=what or None)
        ) from None
    except yaml.YAMLError as error:
        what = _yaml_problem(" ".join(str(error).split()), said)  # PyYAML's text spans lines
        raise ComplaintgenError(
            render("yaml.syntax", said, path=path, line="", what=what or None)
        ) from None
    except RecursionError:
        raise ComplaintgenError(render("yaml.nested", said, path=path)) from None
    finally:
        loader.dispose()
    return data, node


def _yaml_problem(what: str, language: str) -> str:
    """PyYAML's words for a syntax error, in `language`: English as PyYAML says them; in
    Russian, from the catalog's table of the usual ones by how they begin (none for another)."""
    if language == "en":
        return what
    said = table(language, "yaml_problems")
    return next((text for start, text in said.items() if what.startswith(start)), "")


def load_case(
    path: str | Path,
    *,
    date: dt.date | None = None,
    today: dt.date,
    advocate: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> Case:
    """Read and validate a case file.

    The documents' date is `date` (from ``--date``) if given, else the file's own ``date``, else
    `today`; it is also the reference for "not in the future". `advocate`: the organisation's
    lawyer (config.py), for the fields a case's lawyer leaves out. Problems are said in the
    case's language, else in `language` (``--lang``), else in the locale's.
    """
    path = Path(path)
    data, node = read_yaml(path, language)
    if not isinstance(data, dict):
        raise ComplaintgenError(render("case.not_mapping", user_language(language), path=path))
    if advocate:
        from complaintgen.config import with_advocate

        data = with_advocate(data, advocate)
    return case_from_data(data, path=path, node=node, date=date, today=today, language=language)


def day_first(value: Any) -> dt.date | None:
    """The day a «20.11.2026» text names; None for anything else, or for no such day."""
    match = _DAY_FIRST.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31.02.2025
        return None


def case_from_data(
    data: dict[str, Any],
    *,
    path: Path | str = "<case>",
    node: yaml.Node | None = None,
    date: dt.date | None = None,
    today: dt.date,
    language: str | None = None,
) -> Case:
    """Validate already-parsed case data; problems point into `path` where `node` allows, said
    in the case's language, else in `language`, else in the locale's."""
    data = dict(data)
    said = user_language(data.get("language"), language)
    if data.get("schema_version") not in (None, *READABLE_VERSIONS):
        found = [
            Problem(
                ("schema_version",), "schema.unsupported", {"value": repr(data["schema_version"])}
            )
        ]
        raise InvalidCase(_messages(found, path, node, said), found, said, path, node)
    if date is not None:
        data["date"] = date
    elif data.get("date") is None:
        data["date"] = today
    try:
        # Attachment files are relative to the case file (case.Attachment.file). Its folder is
        # made absolute here, while the current directory is still the one the path was given
        # in: `case.yaml` has the folder `.`, and a relative folder would leave the attachment
        # relative too, which attachments.py must refuse.
        context: dict[str, object] = (
            {"case_dir": path.absolute().parent} if isinstance(path, Path) else {}
        )
        context["today"] = today  # a filing's dates are held to today (case.Case)
        return Case.model_validate(data, context=context)
    except ValidationError as error:
        found = problems_in(error, data)
        raise InvalidCase(_messages(found, path, node, said), found, said, path, node) from None


def case_problems(
    data: dict[str, Any], *, date: dt.date | None = None, today: dt.date
) -> list[Problem]:
    """Every problem of the case `data` (none for a valid case), for a front end that shows
    them its own way: ``[(p.field, p.code, p.params) for p in case_problems(data, today=…)]``."""
    try:
        case_from_data(data, date=date, today=today)
    except InvalidCase as error:
        return error.found
    return []


@dataclasses.dataclass(frozen=True)
class Problem:
    """One problem of a case: where (`loc`, from the top of the case file), what (`code`, stable
    across versions and front ends) and its parameters; `text` says it in a language."""

    loc: Loc
    code: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def field(self) -> str:
        """The field's path as the case format writes it: ``health.conditions[0].since``."""
        return _dotted(self.loc)

    def text(self, language: str = "en") -> str:
        return render(self.code, language, **self.params)


class InvalidCase(CaseError):
    """A case that breaks the case format's rules: the lines to show (`problems`,
    ``FILE:LINE: FIELD: text`` in `language`) and each problem with its code (`found`)."""

    def __init__(
        self,
        problems: list[str],
        found: list[Problem],
        language: str,
        path: Path | str,
        node: yaml.Node | None = None,
    ) -> None:
        super().__init__(problems, language=language, path=path)
        self.found, self.node = found, node

    def said_in(self, language: str) -> list[str]:
        """The same lines in `language`: a front end speaks its user's language, which may not
        be the documents' (a volunteer's English page over a Russian case)."""
        return _messages(self.found, self.path or "<case>", self.node, language)


def problems_in(error: ValidationError, data: Any) -> list[Problem]:
    """Every problem of a failed validation of `data`, in pydantic's order, each once."""
    found: list[Problem] = []
    for raw in error.errors(include_url=False):
        for problem in explain(dict(raw), data):
            if problem not in found:
                found.append(problem)
    return found


def _messages(
    found: list[Problem], path: Path | str, node: yaml.Node | None, language: str
) -> list[str]:
    lines: list[str] = []
    for problem in found:
        where = f"{problem.field}: " if problem.loc else ""
        message = f"{path}:{_line(node, problem.loc)} {where}{problem.text(language)}"
        # A value quoted back may hold a line break: a problem is one line all the same.
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        if message not in lines:
            lines.append(message)
    return lines


def explain(problem: dict[str, Any], data: Any) -> Iterator[Problem]:
    """The problems one pydantic error stands for (a rule across fields may report several)."""
    loc: Loc = tuple(part for part in problem["loc"] if not _is_internal(part))
    kind: str = problem["type"]
    value = problem.get("input")
    context: dict[str, Any] = dict(problem.get("ctx") or {})
    if kind == SEVERAL:
        for item in context["problems"]:
            yield Problem((*loc, *_parse_dotted(item["at"])), item["code"], item["params"])
        return
    if kind in codes():  # raised by the case's validators with its parameters
        yield Problem(loc, kind, context)
        return
    if kind == "value_error":
        # A rule that raised a plain ValueError: its words, one or several "path: text" lines.
        for line in str(context["error"]).splitlines():
            match = re.match(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): (.*)$", line)
            if match:
                yield Problem(_parse_dotted(match[1]), "rule.broken", {"text": match[2]})
            else:
                yield Problem(loc, "rule.broken", {"text": line})
        return
    yield _built_in(loc, kind, value, context, problem)


def _built_in(
    loc: Loc, kind: str, value: Any, context: dict[str, Any], problem: dict[str, Any]
) -> Problem:
    """The problem of one of pydantic's own checks."""
    shown = None if isinstance(value, dict | list) else str(value)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        valid = _fields_at(loc[:-1])
        near = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
        return Problem(
            loc, "key.unknown", {"key": key, "near": near[0] if near else None, "valid": valid}
        )
    if kind == "missing":
        return Problem(loc, "field.missing")
    if kind in ("literal_error", "enum"):
        return Problem(
            loc,
            "choice.not_allowed",
            {"value": str(value), "expected": _expected(context["expected"])},
        )
    if kind.startswith("date"):
        day = day_first(value)
        if day is not None:  # «20.11.2026» in a case file: the same day, written the ISO way
            return Problem(loc, "date.day_first", {"value": value, "iso": day.isoformat()})
        if isinstance(value, str) and (_ISO_DATE.match(value) or _DAY_FIRST.match(value)):
            # Written as a date, but no such day (31 February): the day or month is the slip.
            return Problem(loc, "date.impossible", {"value": value})
        return Problem(loc, "date.invalid", {"value": str(value)})
    if kind == "string_too_short":
        return Problem(loc, "text.empty")
    if kind == "string_type":
        return Problem(loc, "text.type", {"value": shown})
    if kind in ("bool_type", "bool_parsing"):
        return Problem(loc, "yesno.invalid", {"value": shown})
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return Problem(loc, "number.invalid", {"value": shown})
    if kind == "greater_than_equal":
        return Problem(loc, "number.too_small", {"value": shown, "ge": context["ge"]})
    if kind == "too_short":
        return Problem(loc, "list.empty")
    if kind == "list_type":
        return Problem(loc, "shape.list", {"value": shown})
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return Problem(loc, "shape.mapping", {"value": shown})
    return Problem(loc, "value.invalid", {"text": problem["msg"]})


def _expected(text: str) -> list[str]:
    """pydantic's «'male' or 'female'» as the values it names."""
    return [
        quoted or bare
        for quoted, bare in re.findall(r"'([^']*)'|([^\s,']+)", text)
        if (quoted or bare) != "or"
    ]


def _is_internal(part: str | int) -> bool:
    # pydantic names the function validators and union members in locations; users never see them.
    return isinstance(part, str) and (
        part.startswith("function-") or part[:1].isupper() or "[" in part
    )


def _fields_at(loc: Loc) -> list[str]:
    """The valid keys of the model at `loc` in the case, for "did you mean"."""
    model: type[BaseModel] = Case
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = model_in(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return [name for name in model.model_fields if name != "plain"]


def model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _parse_dotted(text: str) -> Loc:
    loc: list[str | int] = []
    for name, index in re.findall(r"([a-z_]+)(?:\[(\d+)\])?", text):
        loc.append(name)
        if index:
            loc.append(int(index))
    return tuple(loc)


def _line(node: yaml.Node | None, loc: Loc) -> str:
    """``"12:"`` for the line of the deepest existing node on `loc`, or ``""``."""
    if node is None:
        return ""
    line = node.start_mark.line
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    line = key_node.start_mark.line
                    child = value_node
                    break
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
            line = child.start_mark.line
        if child is None:
            break
        node = child
    return f"{line + 1}:"
