"""An attachment's file, checked when the person names it.

The packet reads the file when the documents are made (`packet.attachments`); a path typed wrong
would then be found only after «make the documents?», with the whole questionnaire behind. Here
the same reading is done at the prompt: the file must exist and be a file, and its pages are
counted by the packet's own counting, so the count the questionnaire shows is the one printed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from complaintgen.case.model import Attachment, Case
from complaintgen.errors import CaseError
from complaintgen.interview import checking
from complaintgen.packet.attachments import resolve_attachments


def pages_of(
    typed: str, *, folder: Path, today: dt.date, texts: Callable[..., str]
) -> tuple[int | None, str | None]:
    """(pages counted, None) for a readable file, or (None, the reason to ask again) in the
    questionnaire's words (`texts` is the engine's `t`)."""
    path = Path(typed).expanduser()
    if not path.is_absolute():
        path = folder / path  # as the case file reads it: from the case file's folder
    if not path.exists():
        return None, texts("why.attachment.missing", path=path)
    if not path.is_file():
        return None, texts("why.attachment.not_file", path=path)
    try:
        entry = Attachment.model_validate({"title": "-", "file": str(path)})
        case = _stand_in(today).model_copy(update={"attachments": [entry]})
        (resolved,) = resolve_attachments(case)
    except ValidationError:
        return None, None  # the file's type: the field's own check has said it
    except CaseError as error:
        # A damaged PDF or an image of no known kind: the packet's words, without the field
        # path it gives (which counts the stand-in case's attachments, not the person's).
        text = "; ".join(error.problems)
        return None, text.split(": ", 1)[-1]
    return resolved.pages, None


@functools.cache
def _stand_in(today: dt.date) -> Case:
    """A valid case of placeholders to carry one attachment to the packet's counting."""
    data: dict[str, Any] = checking.probe({}, settled=frozenset(), current=None, today=today)
    return Case.model_validate(data)
