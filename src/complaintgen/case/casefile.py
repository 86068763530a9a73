"""Reading a case file: YAML in, a valid `Case` or one-line messages out.

Every message has the form ``FILE:LINE: FIELD.PATH: what is wrong; how to fix it`` so that a user
(or an editor that understands ``file:line``) goes straight to the answer that needs fixing.
The line comes from the YAML node of the field, or of the nearest enclosing field that exists.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from complaintgen.case.model import READABLE_VERSIONS, Case
from complaintgen.errors import CaseError, ComplaintgenError
from complaintgen.storage import casestore

Loc = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """Safe YAML with two fixes for case files.

    A plain ``012345`` is an octal integer in YAML 1.1 and ``0123`` would lose its zero: numbers
    with a leading zero stay strings (unit numbers, references). Duplicate keys are refused,
    because PyYAML would silently keep the last one and drop a fact.
    """

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        text = str(node.value).replace("_", "")
        if len(text) > 1 and text.startswith("0") and text.isdigit():
            return text
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        # PyYAML raises a bare ValueError for a date that does not exist (2025-13-01).
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"«{node.value}» is a date that does not exist", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if isinstance(key, str | int) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key «{key}» is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML file and its node tree (for line numbers)."""
    return parse_yaml(casestore.read_text(path), path)


def parse_yaml(text: str, path: Path | str) -> tuple[Any, yaml.Node | None]:
    """The data of case-file text and its node tree, by the case file's rules (leading zeros
    kept, duplicate keys and impossible dates refused); a one-line error naming `path`."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f"{mark.line + 1}:" if mark else ""
        what = error.problem or error.context or "not valid YAML"
        hint = (
            "correct the value"
            if isinstance(error, yaml.constructor.ConstructorError)
            else "check the indentation and quote text that contains a colon"
        )
        raise ComplaintgenError(f"{path}:{line} not valid YAML: {what}; {hint}") from None
    except yaml.YAMLError as error:
        raise ComplaintgenError(f"{path}: not valid YAML: {error}") from None
    finally:
        loader.dispose()
    return data, node


def load_case(path: str | Path, *, date: dt.date | None = None, today: dt.date) -> Case:
    """Read and validate a case file.

    The documents' date is `date` (from ``--date``) if given, else the file's own ``date``, else
    `today`; it is also the reference for "not in the future".
    """
    path = Path(path)
    data, node = read_yaml(path)
    if not isinstance(data, dict):
        raise ComplaintgenError(
            f"{path}: a case file is a YAML mapping that starts with `schema_version: 1`; "
            "see examples/smirnov.yaml"
        )
    return case_from_data(data, path=path, node=node, date=date, today=today)


def case_from_data(
    data: dict[str, Any],
    *,
    path: Path | str = "<case>",
    node: yaml.Node | None = None,
    date: dt.date | None = None,
    today: dt.date,
) -> Case:
    """Validate already-parsed case data; problems point into `path` where `node` allows."""
    data = dict(data)
    if data.get("schema_version") not in (None, *READABLE_VERSIONS):
        raise CaseError(
            [
                f"{path}:{_line(node, ('schema_version',))} schema_version: "
                f"{data['schema_version']!r} is not supported; this version of complaintgen "
                "reads schema_version 1 and 2"
            ]
        )
    if date is not None:
        data["date"] = date
    elif data.get("date") is None:
        data["date"] = today
    try:
        # Attachment files are relative to the case file (case.Attachment.file).
        context = {"case_dir": path.parent} if isinstance(path, Path) else None
        return Case.model_validate(data, context=context)
    except ValidationError as error:
        raise CaseError(list(_messages(error, data, path, node))) from None


def _messages(error: ValidationError, data: Any, path: Path | str, node: yaml.Node | None):
    seen = set()
    for problem in error.errors(include_url=False):
        for loc, text in explain(problem, data):
            message = f"{path}:{_line(node, loc)} {_dotted(loc) + ': ' if loc else ''}{text}"
            if message not in seen:
                seen.add(message)
                yield message


def explain(problem: dict[str, Any], data: Any) -> Iterable[tuple[Loc, str]]:
    """One or more (location, message) pairs for one pydantic error."""
    loc: Loc = tuple(part for part in problem["loc"] if not _is_internal(part))
    kind = problem["type"]
    value = problem.get("input")
    if kind == "value_error":
        # Our own validators: a message, or several "path: message" lines from a cross-field rule.
        for line in str(problem["ctx"]["error"]).splitlines():
            match = re.match(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): (.*)$", line)
            if match:
                yield _parse_dotted(match[1]), match[2]
            else:
                yield loc, line
        return
    if kind == "extra_forbidden":
        key = str(loc[-1])
        valid = _fields_at(loc[:-1])
        near = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
        hint = f"did you mean «{near[0]}»?" if near else f"valid keys here: {', '.join(valid)}"
        yield loc, f"unknown key «{key}»; {hint}"
        return
    if kind == "missing":
        yield loc, "required but missing; add it (see examples/smirnov.yaml)"
        return
    if kind in ("literal_error", "enum"):
        expected = problem["ctx"]["expected"].replace("'", "")
        yield loc, f"«{value}» is not allowed; write one of: {expected}"
        return
    if kind.startswith("date"):
        yield loc, f"«{value}» is not a date; write it as YYYY-MM-DD, e.g. 2025-05-24"
        return
    if kind == "string_too_short":
        yield loc, "is empty; fill it in or remove the key"
        return
    if kind == "string_type":
        yield loc, f"{_shown(value)} is not text; put the value in quotes"
        return
    if kind in ("bool_type", "bool_parsing"):
        yield loc, f"{_shown(value)} is not yes/no; write true or false"
        return
    if kind in ("int_type", "int_parsing", "int_from_float"):
        yield loc, f"{_shown(value)} is not a whole number; write digits only"
        return
    if kind == "greater_than_equal":
        yield loc, f"{_shown(value)} is too small; it must be at least {problem['ctx']['ge']}"
        return
    if kind == "too_short":
        yield loc, "is empty; give at least one entry"
        return
    if kind in ("list_type", "model_type", "dict_type", "model_attributes_type"):
        shape = "a list of entries" if kind == "list_type" else "a mapping of keys"
        yield loc, f"{_shown(value)} has the wrong shape; this field holds {shape}"
        return
    yield loc, f"{problem['msg']}; check the value"


def _is_internal(part: str | int) -> bool:
    # pydantic names the function validators and union members in locations; users never see them.
    return isinstance(part, str) and (
        part.startswith("function-") or part[:1].isupper() or "[" in part
    )


def _shown(value: Any) -> str:
    if isinstance(value, dict | list):
        return "this value"
    text = str(value)
    return f"«{text[:40]}…»" if len(text) > 40 else f"«{text}»"


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
