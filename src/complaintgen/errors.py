"""The error types users see, each carrying the exit code the command line ends with.

Every mistake a user can make (a missing file, a bad date, an unknown rank) is raised as a
`ComplaintgenError` whose message says where, what, and how to fix it, in one line and without an
``Error:`` prefix. The command line prints the message and exits with the error's `exit_code`, in
one place (click keeps the exit code on its exception classes the same way); anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class ComplaintgenError(Exception):
    """A problem the user can fix. `str(error)` is the whole message."""

    exit_code = 1


class CaseError(ComplaintgenError):
    """The case file (or an answer) breaks a rule of the case format: `problems`, one line each,
    said in `language` (None: the locale's) about the case file at `path`."""

    def __init__(
        self,
        problems: list[str],
        *,
        language: str | None = None,
        path: Path | str | None = None,
    ) -> None:
        self.problems, self.language, self.path = problems, language, path
        super().__init__(problems[0] if len(problems) == 1 else "\n".join(problems))


class TemplateError(ComplaintgenError):
    """A template (ours or a user's) cannot be rendered into a letter."""


class OutputError(ComplaintgenError):
    """An output file cannot be written (it exists, or the disk refuses)."""


class AnswerOverdue(ComplaintgenError):
    """Not a mistake: an answer is overdue and its next step (a follow-up, or court) is not taken.

    The status table already says which; scripts and reminders see exit code 3. Raised without a
    message, so nothing more is printed.
    """

    exit_code = 3
