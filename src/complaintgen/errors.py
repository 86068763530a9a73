"""The error types users see, each carrying the exit code the command line ends with.

Every mistake a user can make (a missing file, a bad date, an unknown rank) is raised as a
`ComplaintgenError` whose message says where, what, and how to fix it, in one line and without an
``Error:`` prefix. The command line prints the message and exits with the error's `exit_code`, in
one place (click keeps the exit code on its exception classes the same way); anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations


class ComplaintgenError(Exception):
    """A problem the user can fix. `str(error)` is the whole message."""

    exit_code = 1


class CaseError(ComplaintgenError):
    """The case file (or an answer) breaks a rule of the case format."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if len(problems) == 1 else "\n".join(problems))

    def in_one_line(self, where_all_are: str) -> CaseError:
        """The first problem, and how many more there are and `where_all_are` listed."""
        more = len(self.problems) - 1
        if not more:
            return self
        noun = "problem" if more == 1 else "problems"
        return CaseError([f"{self.problems[0]} (and {more} more {noun}: {where_all_are})"])


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
