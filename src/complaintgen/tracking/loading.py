"""A case file read for tracking: the way `load_case` reads it, validated against today too.

`status`, `followup` and `record` read a case whose documents were filed earlier, so the case is
checked against the later of its documents' date and today (an answer arrives after the date
printed on the documents).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from complaintgen.case.model import Case
from complaintgen.errors import CaseError, ComplaintgenError
from complaintgen.messages import render
from complaintgen.messages.language import in_one_line, user_language
from complaintgen.storage import casestore


def parse_case_text(text: str, path: Path) -> tuple[Any, Any]:
    """Data and node tree of case-file text, read exactly as `load_case` reads a file, so the
    edited text is judged by the same rules as the file will be when it is next loaded."""
    from complaintgen.case import casefile

    data, node = casefile.parse_yaml(text, path)
    if not isinstance(data, dict):
        said = user_language(casefile.stated_language(text))
        raise ComplaintgenError(render("case.not_mapping", said, path=path))
    return data, node


def tracking_date(data: dict[str, Any], today: dt.date) -> dt.date:
    """The date to validate a case against once things have been filed: the later of the date
    printed on its documents and today, because filings and answers come after the documents."""
    printed = data.get("date")
    return max(printed, today) if isinstance(printed, dt.date) else today


def validate_case_data(data: dict[str, Any], path: Path, node: Any, today: dt.date) -> Case:
    from complaintgen.case.casefile import case_from_data

    try:
        return case_from_data(
            data, path=path, node=node, date=tracking_date(data, today), today=today
        )
    except CaseError as error:
        raise in_one_line(error, path) from None


def load_tracked_case(path: Path, *, today: dt.date) -> Case:
    """A case for `status` and `followup`: validated against today as well as its own date."""
    data, node = parse_case_text(casestore.read_text(path), path)
    return validate_case_data(data, path, node, today)
