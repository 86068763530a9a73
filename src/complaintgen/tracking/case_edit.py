"""Editing the `filings:` section of a case file's text, and nothing else.

Only that section is produced again (by ruamel.yaml's round-trip, which keeps the comments
inside it); every other line stays byte for byte as it was.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from complaintgen.case.model import Filing
from complaintgen.errors import ComplaintgenError


def edit_filings(
    text: str, path: Path, position: int, values: Mapping[str, Any], *, new: bool
) -> str:
    """`text` with filings[position] added (`new`: `values` are the whole entry) or updated with
    `values`; every line outside `filings:` unchanged."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the user wrote on one
    yaml.representer.add_representer(type(None), _null)
    try:
        doc = yaml.load(text)
    except YAMLError as error:
        raise ComplaintgenError(f"{path}: not valid YAML ({error})") from None
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    keys = list(doc)
    existing = doc.get("filings")
    # ruamel marks `[]` as neither flow nor block: an empty list is rewritten from its key line.
    block = isinstance(existing, CommentedSeq) and bool(existing) and not existing.fa.flow_style()
    if "filings" in doc and existing is not None and not (block or existing == []):
        raise ComplaintgenError(
            f"{path}: filings is not written as a list of entries; write it like "
            "examples/smirnov.yaml does and run record again"
        )
    start = doc.lc.key("filings")[0] if "filings" in doc else len(lines)
    later = keys[keys.index("filings") + 1 :] if "filings" in doc else []
    end = doc.lc.key(later[0])[0] if later else len(lines)
    seq = existing if block else CommentedSeq()
    _drop_trailing_comments(seq)
    if new:
        seq.append(_new_mapping(values))
    else:
        for key, value in values.items():
            _set(seq[position], key, value)
    indent = _indentation(lines, seq, doc)
    yaml.indent(**indent)
    out = io.StringIO()
    yaml.dump({"filings": seq}, out)
    dumped = out.getvalue().splitlines(keepends=True)
    region = lines[start:end]
    content_end = len(region)
    while content_end > 1 and _blank_or_comment(region[content_end - 1]):
        content_end -= 1
    separator = region[content_end:]
    if not block and "filings" in doc:
        # `filings:` with nothing, null or [] after it: keep that line's comment, add the list.
        head = region[0].split("#", 1)
        comment = f"  #{head[1].rstrip()}" if len(head) > 1 else ""
        produced = [f"filings:{comment}\n", *dumped[1:]]
    else:
        produced = dumped
    while produced and _blank_or_comment(produced[-1]) and len(produced) > 1:
        produced.pop()
    before = lines[:start]
    if before and not before[-1].endswith(("\n", "\r")):
        before[-1] += newline
    if "filings" not in doc and before and before[-1].strip():
        produced = ["\n", *produced]  # a new section, after a blank line like the others
    produced = [line.rstrip("\r\n") + newline for line in produced]
    return "".join([*before, *produced, *separator, *lines[end:]])


def _null(representer: Any, _: None) -> Any:
    # Case files write an absent value as `null` (examples/smirnov.yaml); ruamel would leave it
    # empty, which reads the same but looks like a forgotten value.
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _new_mapping(values: Mapping[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key, value in values.items():
        _set(mapping, key, value)
    return mapping


# The order of a filing's keys, as the model (and docs/case-format.md) lists them: a new key
# goes where a reader expects it.
KEY_ORDER = tuple(Filing.model_fields)


def _set(mapping: Any, key: str, value: Any) -> None:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    # A tracking number is digits: quoted, it stays text (unquoted, YAML makes it a number).
    value = DoubleQuotedScalarString(value) if key == "tracking" else value
    if key in mapping:
        mapping[key] = value
        return
    later = KEY_ORDER[KEY_ORDER.index(key) + 1 :]
    keys = list(mapping)
    position = next((i for i, old in enumerate(keys) if old in later), len(keys))
    mapping.insert(position, key, value)


def _drop_trailing_comments(seq: Any) -> None:
    """Cut the blank lines and comments ruamel keeps after the last value of the list.

    ruamel attaches whatever follows the list (a blank line, a comment heading the next
    section) to the list's last value; they are put back after the list from the original text,
    so that a new entry goes above them rather than below.
    """
    node, key = seq, len(seq) - 1 if len(seq) else None
    while key is not None:
        comments = node.ca.items.get(key)
        if comments:
            for i, token in enumerate(comments):
                if token is not None and hasattr(token, "value"):
                    first = token.value.split("\n", 1)[0]
                    if first.strip():
                        token.value = first + "\n"
                    else:
                        comments[i] = None
        value = node[key]
        if hasattr(value, "ca") and len(value):
            node, key = value, (list(value)[-1] if isinstance(value, dict) else len(value) - 1)
        else:
            key = None


def _indentation(lines: list[str], seq: Any, doc: Any) -> dict[str, int]:
    """The list's own indentation, read from its first entry; the examples' style otherwise."""
    mapping = 2
    for key in doc:
        value = doc[key]
        if isinstance(value, dict) and value and hasattr(value, "lc"):  # ruamel's CommentedMap
            mapping = value.lc.key(next(iter(value)))[1] or 2
            break
    if len(seq) and hasattr(seq, "lc") and seq.lc.data:
        line, column = seq.lc.item(0)
        dash = lines[line].rfind("-", 0, column) if line < len(lines) else -1
        if dash >= 0:
            return {"mapping": mapping, "sequence": column, "offset": dash}
    return {"mapping": mapping, "sequence": 4, "offset": 2}


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")
