"""The end of the questionnaire: every answer shown again, the documents that will be made (and
why any will not), and whether to make them now.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from complaintgen.case.casefile import InvalidCase, case_from_data
from complaintgen.case.model import DOCUMENT_IDS, Case
from complaintgen.errors import CaseError
from complaintgen.interview.answers import rows
from complaintgen.interview.sections import Questionnaire
from complaintgen.interview.specs import (
    FORM_CASES,
    SECTIONS,
    TOP_LEVEL,
    Loc,
    dotted,
    question_id,
)
from complaintgen.packet.plan import NEEDS, missing_for, planned_documents


def finish(q: Questionnaire) -> bool:
    """The review, the documents that will be made, and whether to make them now."""
    q.io.say(q.t("review"))
    for line in review_lines(q):
        q.io.say(line)
    try:
        case = case_from_data(q.data, path=q.path, today=q.today)
        documents, notes = planned_documents(case)
    except CaseError as error:
        q.io.say(q.t("invalid", path=q.path))
        # In the questions' language, which may not be the documents'.
        said = error.said_in(q.language) if isinstance(error, InvalidCase) else error.problems
        for problem in said:
            q.io.say(f"  {problem}")
        return False
    q.io.say(q.t("documents"))
    for doc_id in documents:
        q.io.say(f"  {DOCUMENT_IDS.index(doc_id) + 1:02d}. {q.t(f'doc.{doc_id}')}")
    for note in left_out(q, case, documents, notes):
        q.io.say(q.t("note", note=note))
    return bool(documents) and q.yes("build", True)


def left_out(
    q: Questionnaire, case: Case, documents: tuple[str, ...], notes: list[str]
) -> list[str]:
    """Why a document will not be made, naming the questions that would make it possible."""
    if q.language == "en":
        return notes  # the planner's own notes are English
    lines = []
    for doc_id in case.wanted_documents():
        if doc_id in documents:
            continue
        missing = {entry.split(" ")[0] for entry in missing_for(case, doc_id)}
        asked = [path for path, _ in NEEDS.get(doc_id, ()) if path in missing]
        if not asked:
            continue
        labels = ", ".join(f"«{review_label(q, tuple(p.split('.')))}»" for p in asked)
        lines.append(
            q.t(
                "why.left_out",
                document=q.t(f"doc.{doc_id}"),
                labels=labels,
                section=asked[0].split(".")[0],
                path=q.path,
            )
        )
    return lines


def review_lines(q: Questionnaire) -> Iterator[str]:
    """Every answer, one line each, under its section's title."""
    for section in SECTIONS:
        value = q.data.get(section)
        answered = list(rows(value, (section,)))
        if section == "options":
            answered = [((key,), q.data[key]) for key in TOP_LEVEL if key in q.data] + answered
        if not answered:
            continue
        yield f"{q.title(section)}:"
        for loc, answer in answered:
            yield f"  {review_label(q, loc)}: {review_value(q, loc, answer)}"


def review_label(q: Questionnaire, loc: Loc) -> str:
    """The question of the answer at `loc`, short (without its example), numbered in a list."""
    qid = question_id(loc)
    number = next((f" {part + 1}" for part in loc if isinstance(part, int)), "")
    if q.has(qid):
        return q.t(qid).split(" (")[0] + number
    if loc[-1] in FORM_CASES and len(loc) >= 3:
        # A declined form is named by what it is the form of: the name, the position, the title
        # (the bare path, «serviceman: Кого?», would be English on a Russian screen).
        owner, forms = loc[:-2], loc[-2]
        if forms == "name_declension":
            whose = q.t("review.name_forms")
        elif owner == ("serviceman",):
            whose = review_label(q, (*owner, "position"))
        else:
            whose = review_label(q, (*owner, "title"))
        return f"{whose}: {q.t(f'form.{loc[-1]}').split(' (')[0]}"
    return dotted(loc)


def review_value(q: Questionnaire, loc: Loc, value: Any) -> str:
    """A stored answer as the review shows it: a choice by its label, yes/no in words."""
    return q.answer_text(loc, value)
