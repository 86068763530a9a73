"""The questionnaire: a person answers questions, section by section, and gets a valid case file.

`new_case` asks every section in turn and saves after each one; `edit_case` asks one section again
with the old answers as defaults. Both talk to the person through a `Prompter` (`engine.py`).

The package, from the bottom up: `specs` (which fields are asked, in which section, when one is
skipped), `texts` (the words of each language, `texts/*.yaml`), `answers` (reading and showing
answers), `checking` (an answer validated against the whole case), `engine` (asking one field
until it is accepted), `forms` (declined names and titles), `sections` (the case's sections in
order), `review` (the end: the answers, the documents, the offer to build) and this module.

A draft is a case file with a progress mark naming the next section (`case.casewriter`): `new`
on a draft offers to go on from there.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from complaintgen.case import casewriter
from complaintgen.errors import ComplaintgenError
from complaintgen.interview import review
from complaintgen.interview.engine import Prompter
from complaintgen.interview.sections import Questionnaire
from complaintgen.interview.specs import FLOW, SECTIONS
from complaintgen.interview.texts import load
from complaintgen.storage.casestore import backup_path

__all__ = ["SECTIONS", "Prompter", "edit_case", "new_case"]


def new_case(
    path: Path, io: Prompter, *, language: str, today: dt.date, force: bool = False
) -> bool:
    """Ask every section, saving after each; True when the person wants the documents now.

    On an existing draft, offers to resume where it stopped; a finished case file is never
    replaced without `force` (`edit` changes one section of it).
    """
    if not path.parent.is_dir():
        no_folder = load(language).texts["no_folder"]
        raise ComplaintgenError(no_folder.format(path=path, folder=path.parent))
    questionnaire = Questionnaire(io, language=language, today=today, path=path)
    existed = path.exists()
    try:
        start = _resume_point(questionnaire, force) if existed else 0
        io.say(questionnaire.t("intro", path=path))
        for index in range(start, len(FLOW)):
            section = FLOW[index]
            questionnaire.announce(section)
            questionnaire.ask_section(section, editing=False)
            following = FLOW[index + 1] if index + 1 < len(FLOW) else None
            casewriter.write_case(
                path,
                questionnaire.data,
                language=language,
                next_section=following,
                backup=existed and index == start,
            )
            questionnaire.saved_before = following
            questionnaire.wrote = True
        io.say(questionnaire.t("saved", path=path))
        return review.finish(questionnaire)
    except (KeyboardInterrupt, EOFError):
        io.say("")
        raise ComplaintgenError(_interrupted(questionnaire)) from None


def _resume_point(questionnaire: Questionnaire, force: bool) -> int:
    """Where `new` starts on an existing file: the draft's next section, or (with consent or
    `force`) the beginning; a finished file without `force` is refused."""
    path = questionnaire.path
    data, next_section = casewriter.load_draft(path)
    if next_section is None and not force:
        raise ComplaintgenError(questionnaire.t("exists", path=path))
    if next_section is not None and not force:
        if next_section not in FLOW:
            raise ComplaintgenError(questionnaire.t("bad_mark", path=path, section=next_section))
        title = questionnaire.title(next_section)
        if questionnaire.yes("resume", True, path=path, title=title):
            questionnaire.data = data
            data.setdefault("schema_version", 1)
            start = FLOW.index(next_section)
            questionnaire.settled.update(FLOW[1:start])
            questionnaire.saved_before = next_section
            return start
    questionnaire.io.say(questionnaire.t("restart", backup=backup_path(path)))
    return 0


def _interrupted(questionnaire: Questionnaire) -> str:
    """The one line that says what is saved and how to go on."""
    path = questionnaire.path
    if questionnaire.saved_before is not None:
        title = questionnaire.title(questionnaire.saved_before)
        return questionnaire.t("interrupted", path=path, title=title)
    if questionnaire.wrote:  # every section saved: only the review or the build was cut short
        return questionnaire.t("interrupted.done", path=path)
    return questionnaire.t("interrupted.nothing", path=path)


def edit_case(
    path: Path, io: Prompter, *, section: str | None, language: str, today: dt.date
) -> bool:
    """Ask one section again with the old answers as defaults; every other section is kept.

    The previous file is kept as CASE.bak. True when the person wants the documents now.
    """
    data, next_section = casewriter.load_draft(path)
    questionnaire = Questionnaire(io, language=language, today=today, path=path, data=data)
    questionnaire.settled.update(SECTIONS)
    try:
        if section is None:
            titles = [questionnaire.title(name) for name in SECTIONS]
            section = questionnaire.pick("edit.which", SECTIONS, "health", names=titles)
        _reshape(questionnaire.data, section)
        questionnaire.announce(section)
        questionnaire.ask_section(section, editing=True)
    except (KeyboardInterrupt, EOFError):
        io.say("")
        raise ComplaintgenError(
            questionnaire.t("interrupted.edit", path=path, section=section or "health")
        ) from None
    casewriter.write_case(
        path,
        questionnaire.data,
        language=language,
        next_section=next_section,
        backup=True,
        keep_comments=True,  # the person's own notes in the file stay where they were
    )
    io.say(questionnaire.t("saved", path=path))
    if next_section is not None:
        return False  # a draft: `new` continues it
    try:
        return review.finish(questionnaire)
    except (KeyboardInterrupt, EOFError):
        io.say("")
        return False  # the file is saved; only the offer to build was cut short


def _reshape(data: dict[str, Any], section: str) -> None:
    """Give a hand-edited section the shape its questions expect (its answers are re-asked)."""
    if section in ("attachments", "filings"):
        if not isinstance(data.get(section), list):
            data.pop(section, None)
    elif section in data and not isinstance(data[section], dict):
        data.pop(section)
