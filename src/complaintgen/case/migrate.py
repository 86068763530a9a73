"""Older case files, read as the current format (version 2).

Version 2 added keys and changed no old one, so a version-1 file stays valid as it is; what the
upgrade adds is what version 1 could only say in free text. A version-1 answer «отказано в
направлении на ВВК» was a refusal and «обращение направлено командиру…» a forwarding: the
upgrade records that as `answer_kind`, so that the complaints call a refusal a decision and not
inaction. Anything it cannot tell for sure stays unset, which the documents read as before.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# The format version this complaintgen writes, and the versions it reads: a version-1 file is
# upgraded to version 2 as it is read (`upgrade`, called from the model's own validation).
SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)

# Words that decide an answer's kind, in Russian or English free text; a refusal wins over a
# forwarding («отказано, обращение направлено в …» is still a refusal).
_REFUSAL = re.compile(r"отказ|отклон|refus|reject|denied", re.IGNORECASE)
_FORWARDED = re.compile(r"направлен|переслан|перенаправ|forward|redirect", re.IGNORECASE)


def upgrade(data: Any, *, keep_version: bool = False) -> Any:
    """`data` as a version-2 case; anything that is not a version-1 mapping is returned as is.

    With `keep_version` the result keeps ``schema_version: 1``, so that the validated case can
    still tell that its file is in the old format (`Case.upgraded`).
    """
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        return data
    upgraded = dict(data)
    filings = upgraded.get("filings")
    if isinstance(filings, list):
        upgraded["filings"] = [_filing(filing) for filing in filings]
    if not keep_version:
        upgraded["schema_version"] = SCHEMA_VERSION
    return upgraded


def upgrade_note(path: Path | str, version: int, language: str = "en") -> str:
    """The one line `validate` prints for a file in an older format, in `language`."""
    from complaintgen.messages import render

    return render("schema.upgraded", language, path=path, version=version, now=SCHEMA_VERSION)


def _filing(filing: Any) -> Any:
    if not isinstance(filing, dict) or filing.get("answer_kind") is not None:
        return filing
    if filing.get("answer_on") is None:
        return filing
    kind = _answer_kind(filing.get("answer"))
    return {**filing, "answer_kind": kind} if kind else filing


def _answer_kind(answer: Any) -> str | None:
    if isinstance(answer, dict):
        answer = " ".join(str(text) for text in answer.values() if text)
    if not isinstance(answer, str):
        return None
    if _REFUSAL.search(answer):
        return "refusal"
    if _FORWARDED.search(answer):
        return "forwarded"
    return None
