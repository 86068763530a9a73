"""`complaintgen serve`: the questionnaire as a local web page, with the letter beside the form.

A front end, as `cli` is: it calls `complaintgen.api` and the questionnaire's step API
(`interview.steps`) and holds no rule or document of its own. Flask and waitress come with the
`web` extra (`pip install 'complaintgen[web]'`); without them `serve` says so in one line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from complaintgen import messages
from complaintgen.errors import ComplaintgenError


def serve(
    case: Path,
    *,
    output: Path,
    language: str,
    lan: bool = False,
    port: int = 0,
    browser: bool = True,
    idle_minutes: int = 30,
    say: Callable[[str], None] = print,
) -> str:
    """Serve the questionnaire of `case` until Ctrl-C or `idle_minutes` without a request;
    returns the line that says why it stopped."""
    try:
        from complaintgen.web.server import run
    except ImportError:
        raise ComplaintgenError(messages.render("web.no_extra", language)) from None
    return run(
        case,
        output=output,
        language=language,
        lan=lan,
        port=port,
        browser=browser,
        idle_minutes=idle_minutes,
        say=say,
    )
