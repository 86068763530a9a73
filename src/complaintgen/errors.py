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


def said(code: str, language: str | None = None, **params: object) -> ComplaintgenError:
    """The user's mistake `code` (a message of the catalog) as an error, in `language`, else in
    ``--lang``'s or the locale's: for what goes wrong before a case's language is known."""
    from complaintgen.messages import render
    from complaintgen.messages.language import user_language

    return ComplaintgenError(render(code, user_language(language), **params))


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

    def in_one_line(self, path: Path | str | None = None) -> CaseError:
        """The first problem, and how many more there are, to be read with `complaintgen
        validate` of the case file (`path`, else the one the problems are about)."""
        more = len(self.problems) - 1
        if not more:
            return self
        from complaintgen.messages import render
        from complaintgen.messages.language import user_language

        where = path if path is not None else self.path
        line = render(
            "case.more_problems",
            user_language(self.language),
            first=self.problems[0],
            more=more,
            path=where,
        )
        return CaseError([line], language=self.language, path=where)


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
