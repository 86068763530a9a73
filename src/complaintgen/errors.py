"""The one error type users see.

Every mistake a user can make (a missing file, a bad date, an unknown rank) is raised as a
`ComplaintgenError` whose message says where, what, and how to fix it, in one line and without an
``Error:`` prefix. The CLI prints it and exits 1 in one place; anything else is a bug and keeps its
traceback.
"""


class ComplaintgenError(Exception):
    """A problem the user can fix. `str(error)` is the whole message."""


class CaseError(ComplaintgenError):
    """The case file (or an answer) breaks a rule of the case format."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if len(problems) == 1 else "\n".join(problems))


class TemplateError(ComplaintgenError):
    """A template (ours or a user's) cannot be rendered into a letter."""


class OutputError(ComplaintgenError):
    """An output file cannot be written (it exists, or the disk refuses)."""
