"""The questionnaire without a terminal: one section asked at once, from a form's answers.

A web page shows a whole section as one form, so it cannot be asked a line at a time. `Step`
runs the section's own code (`sections.Questionnaire.ask_section`: the same questions, order,
skip rules, declined forms and checks as `new`), but each question, instead of waiting for a
typed line, takes its answer from a mapping of field name → text and records what it asked:
the `Question`s of the section as the form must show them, each with its reason where the
case's rules refuse the answer. A refused answer is not stored; nothing loops, so a section
with problems comes back with them, to be shown next to their fields.

Names in the form: a field is named as messages name it (`dotted`: ``health.conditions[0].since``);
a yes/no gate by its text key (``gate.commander``); the choice of who files is ``applicant``.
Declined forms are always shown as two fields filled with the automatic forms (the terminal
asks «верно?» first); a form left as it is proposed is not written into the case.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from complaintgen.case import casewriter
from complaintgen.case.model import DOCUMENT_IDS
from complaintgen.interview import texts
from complaintgen.interview.answers import NOTHING, rank_text, shown
from complaintgen.interview.engine import Seen
from complaintgen.interview.sections import Questionnaire
from complaintgen.interview.specs import (
    FLOW,
    ITEMS,
    Loc,
    dotted,
    question_id,
    spec_for,
)

# The values of a yes/no question in a form.
YES, NO = "yes", "no"
# The suffix of the hidden field that sends back a declined form as it was proposed.
AUTO = "~auto"


@dataclass
class Question:
    """One field of a section's form: what to show and what is wrong with its answer."""

    name: str  # the form field's name
    kind: str  # text, date, number, rank, choice, yesno
    label: str
    value: str  # what the field shows: the answer typed, else the stored one
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value in the form, label)
    hint: str | None = None
    notes: tuple[str, ...] = ()  # lines said before it (a section's intro, the declined forms)
    error: str | None = None
    suggestion: str | None = None  # a corrected answer to offer (2024-08-15 for 15.08.2024)
    item: tuple[str, int] | None = None  # (list name, index) for a field of a repeated item
    auto: str | None = None  # a declined form as proposed (sent back as NAME~auto)


@dataclass
class Repeated:
    """A repeated list of a section (`ITEMS`): how many items, and the words to add one."""

    name: str  # the list's name in the form: ``health.conditions``
    count: int
    add: str  # the question that offers one more (or the first)
    required: bool


@dataclass
class Asked:
    """A section asked from a form: its questions in order, and whether it passed."""

    section: str
    data: dict[str, Any]  # the whole case's answers with this section's accepted ones in it
    questions: list[Question] = field(default_factory=list)
    lists: list[Repeated] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines said after the last question
    general: list[str] = field(default_factory=list)  # problems no field of the form can fix

    @property
    def ok(self) -> bool:
        return not any(question.error for question in self.questions)


class _Lines:
    """The Prompter of a form: lines said are kept for the next question; nothing is typed."""

    def __init__(self) -> None:
        self.pending: list[str] = []
        self.dropped: set[str] = set()

    def ask(self, prompt: str, default: str) -> str:
        raise AssertionError(f"a form-driven section asked a line: {prompt}")

    def say(self, text: str) -> None:
        if text.strip() and text.strip() not in self.dropped:
            self.pending.append(text.strip())

    def drop(self, text: str) -> None:
        """Never show `text` (the terminal's own instructions: «Enter — …»)."""
        self.dropped.add(text.strip())

    def take(self) -> tuple[str, ...]:
        lines, self.pending = tuple(self.pending), []
        return lines


class Step(Questionnaire):
    """The questionnaire answering one section from `answers` (form field name → text).

    `edits` are the changes to the repeated lists: ``("add", name)`` appends an empty item,
    ``("delete", name, index)`` removes one (``delete`` first, then ``add``).
    """

    def __init__(
        self,
        data: dict[str, Any],
        answers: Mapping[str, str],
        *,
        language: str,
        today: dt.date,
        settled: set[str],
        edits: tuple[tuple[Any, ...], ...] = (),
    ) -> None:
        self.lines = _Lines()
        super().__init__(
            self.lines, language=language, today=today, path=Path("case.yaml"), data=data
        )
        self.answers = _shifted(answers, edits)
        self.edits = edits
        self.settled = set(settled)
        self.lines.drop(self.t("forms.fix"))  # «Enter — keep the proposed one»: a terminal's
        self.asked_now: list[Question] = []
        self.repeated: list[Repeated] = []
        self.general: list[str] = []
        self.stood_in = False  # whether a refused answer was stood in for (see `field`)

    # --- what the engine asks, answered from the form ------------------------------------------

    def _record(self, question: Question) -> Question:
        question.notes = (*question.notes, *self.lines.take())
        self.asked_now.append(question)
        return question

    def yes(self, key: str, default: bool, **values: Any) -> bool:
        if key == "forms.ok" and self.stood_in:
            # A name or rank refused above: its forms would be those of a stand-in; they are
            # shown once the answers they are made of pass.
            lines, heading = self.lines.pending, self.t("forms.check").strip()
            if heading in lines:
                del lines[lines.index(heading) :]
            return True
        if key == "forms.ok":
            # The form itself first, under «Так будет в документах:», then the other case.
            lines, heading = self.lines.pending, self.t("forms.check").strip()
            at = lines.index(heading) + 1 if heading in lines else len(lines)
            lines.insert(at, str(values.get("form", "")))
            return False  # the forms are always shown as fields to correct
        given = self.answers.get(key)
        value = default if given not in (YES, NO) else given == YES
        self._record(
            Question(
                key,
                "yesno",
                self.t(key, **values),
                YES if value else NO,
                True,
                ((YES, self.t("choice.True")), (NO, self.t("choice.False"))),
            )
        )
        return value

    def pick(
        self, key: str, choices: tuple[Any, ...], default: Any, names: list[str] | None = None
    ) -> Any:
        names = names or [self.label(key, choice) for choice in choices]
        given = self.answers.get(key)
        tokens = [str(choice) for choice in choices]
        value = choices[tokens.index(given)] if given in tokens else default
        self._record(
            Question(
                key,
                "choice",
                self.t(key),
                str(value),
                True,
                tuple(zip(tokens, names, strict=True)),
            )
        )
        return value

    def field(self, loc: Loc, *, reason: str | None = None, suggested: str | None = None) -> None:
        if reason is not None:
            self._refuse(loc, reason)
            return
        found = self.asked_at(loc)
        if found is None:
            return
        qid, spec, parent, key = found
        name = dotted(loc)
        label = self.t(qid) if self.has(qid) else self.t(f"form.{key}")
        hint = self.t(f"hint.{qid}") if self.has(f"hint.{qid}") else None
        item = next(
            ((question_id(loc[:i]), part) for i, part in enumerate(loc) if isinstance(part, int)),
            None,
        )
        question = Question(name, spec.kind, label, "", spec.required, hint=hint, item=item)
        if spec.kind in ("choice", "yesno"):
            self._choice(loc, spec.choices if spec.kind == "choice" else (True, False), question)
        else:
            self._typed(loc, question, suggested)
        if question.error and spec.required and key not in parent:
            # The section's code goes on as if answered (it declines the name it was given);
            # a section with an error is never kept, so the stand-in is never saved.
            self._store(parent, key, spec, _stand_in(spec))
            self.stood_in = True
        self._record(question)

    def _choice(self, loc: Loc, choices: tuple[Any, ...], question: Question) -> None:
        qid = question_id(loc)
        spec = spec_for(qid)
        assert spec is not None
        parent = self.parent(loc)
        key = str(loc[-1])
        tokens = [str(choice) for choice in choices]
        question.choices = tuple(
            (token, self.label(qid, choice)) for token, choice in zip(tokens, choices, strict=True)
        )
        current = parent[key] if key in parent else self._guess(loc, parent)
        if current is None and spec.default is not None:
            current = spec.default
        given = self.answers.get(question.name)
        if given is None:
            given = "" if current is None and None not in choices else str(current)
        question.value = given
        if given in tokens:
            found = choices[tokens.index(given)]
        elif given == "":
            found = None if None in choices or not spec.required else NOTHING
        else:
            found = NOTHING
            problem = self._problem_at(loc, given)  # a value of a hand-edited file
            if problem is None:
                found = given
        if found is NOTHING:
            question.error = self.t("why.required") if given == "" else self._problem_at(loc, given)
            question.error = question.error or self.t("why.choice_number", count=len(choices))
        elif found is None:
            parent.pop(key, None)
        else:
            parent[key] = found

    def _typed(self, loc: Loc, question: Question, suggested: str | None) -> None:
        spec = spec_for(question_id(loc))
        assert spec is not None
        parent = self.parent(loc)
        key = str(loc[-1])
        current = rank_text(parent) if spec.kind == "rank" else parent.get(key)
        if current is None and spec.default is not None:
            current = spec.default
        given = self.answers.get(question.name)
        if suggested is not None:
            # A declined form: the form sends back the form it was shown (`auto`); that one
            # unchanged means "as proposed", so a name corrected since brings its new forms.
            question.auto = suggested
            if given is not None and given == self.answers.get(f"{question.name}{AUTO}"):
                given = None
        if given is None:
            given = suggested if suggested is not None else shown(current)
        given = given.strip()
        question.value = given
        if given in ("", "-"):
            if spec.required:
                question.error = self.t("why.required")
                return
            parent.pop(key, None)
            if spec.kind == "rank":
                parent.pop("guards", None)
                parent.pop("rank_service", None)
            return
        value, problem, suggestion = self._interpret(loc, spec, given)
        if problem is None:
            self._store(parent, key, spec, value)
        else:
            # The terminal's words for a date typed day first say «Enter — agree»; a form
            # offers the suggestion as a button, beside the plain reason.
            plain = self._problem_at(loc, given) if suggestion is not None else None
            question.error, question.suggestion = plain or problem, suggestion

    def _refuse(self, loc: Loc, reason: str) -> None:
        """A rule of the finished section refuses the answer at `loc`: say so at its field."""
        name = dotted(loc)
        for question in self.asked_now:
            if question.name == name:
                question.error = question.error or reason
                return
        self.general.append(reason)

    def settle(self, section: str, before: Seen) -> None:
        """Each problem of the finished section at the field it names; none is asked again."""
        for problem in self._problems(self.data, section):
            if (problem.loc, problem.text()) in before:
                continue
            target = self._target(problem, section)
            if target is not None:
                self._refuse(target, self.reason(problem))
            else:
                self.general.append(f"{dotted(problem.loc)}: {self.reason(problem)}")

    def repeat(self, loc: Loc, *, required: bool = False, gate: str | None = None) -> None:
        name = question_id(loc)
        parent = self.parent(loc)
        key = str(loc[-1])
        if not isinstance(parent.get(key), list):
            parent[key] = []
        items: list[Any] = parent[key]
        for edit in self.edits:  # the entries the form shows, some perhaps not yet stored
            if edit[0] == "count" and edit[1] == name:
                items.extend({} for _ in range(edit[2] - len(items)))
        for edit in self.edits:
            if edit[0] == "delete" and edit[1] == name and 0 <= edit[2] < len(items):
                del items[edit[2]]
        for edit in self.edits:
            if edit[0] == "add" and edit[1] == name:
                items.append({})
        if required and not items:
            items.append({})
        for index in range(len(items)):
            if not isinstance(items[index], dict):
                items[index] = {}
            for part in ITEMS[name]:
                self.field((*loc, index, part))
        ask = f"more.{name}" if items or gate is None else gate
        self.repeated.append(Repeated(name, len(items), self.t(ask), required))
        if not items:
            parent.pop(key)


def _shifted(answers: Mapping[str, str], edits: tuple[tuple[Any, ...], ...]) -> dict[str, str]:
    """The answers with a deleted entry's dropped and the later entries' moved up one, so that
    each stays with its entry (the form names them by their place in the list)."""
    result = dict(answers)
    for edit in edits:
        if edit[0] != "delete":
            continue
        _, name, gone = edit
        moved: dict[str, str] = {}
        for key, value in result.items():
            found = re.match(rf"^{re.escape(name)}\[(\d+)\](.*)$", key)
            if found is None:
                moved[key] = value
            elif int(found[1]) > gone:
                moved[f"{name}[{int(found[1]) - 1}]{found[2]}"] = value
            elif int(found[1]) < gone:
                moved[key] = value
        result = moved
    return result


def required_text(language: str) -> str:
    """The questionnaire's words for an answer that must be given."""
    return texts.load(language).texts["why.required"]


def document_names(language: str) -> dict[str, str]:
    """Each document's name as the questionnaire says it."""
    return {
        doc_id: texts.load(language).texts.get(f"doc.{doc_id}", doc_id) for doc_id in DOCUMENT_IDS
    }


def _prune_forms(value: Any) -> None:
    """Drop a correction of declined forms left empty (every form as proposed)."""
    if isinstance(value, dict):
        for key in ("declension", "name_declension"):
            if value.get(key) == {}:
                del value[key]
        for inner in value.values():
            _prune_forms(inner)
    elif isinstance(value, list):
        for inner in value:
            _prune_forms(inner)


def _stand_in(spec: Any) -> Any:
    if spec.kind == "rank":
        return (False, "рядовой", None)
    if spec.kind == "date":
        return dt.date(1900, 1, 1)
    if spec.kind == "number":
        return 1
    if spec.kind == "choice":
        return spec.default if spec.default is not None else spec.choices[0]
    return "Х"


def ask(
    section: str,
    data: Mapping[str, Any],
    answers: Mapping[str, str],
    *,
    language: str,
    today: dt.date,
    settled: set[str],
    edits: tuple[tuple[Any, ...], ...] = (),
) -> Asked:
    """`section` of the case `data` (not changed) answered from `answers`; a section passes
    when no question has an error, and its accepted answers are in the result's `data`."""
    step = Step(
        copy.deepcopy(dict(data)),
        answers,
        language=language,
        today=today,
        settled=settled,
        edits=edits,
    )
    step.ask_section(section, editing=False)
    _prune_forms(step.data.get(section))
    return Asked(
        section,
        step.data,
        step.asked_now,
        step.repeated,
        list(step.lines.take()),
        step.general,
    )


def title(section: str, language: str) -> str:
    """The section's title in `language`."""
    return texts.load(language).texts[f"section.{section}"]


def save(path: Path, data: Mapping[str, Any], *, language: str, done: set[str]) -> Path:
    """Save the answers as `new` does after a section: whole, 0600; a draft (with the mark of
    the first section not done) until every section is done."""
    following = next((section for section in FLOW if section not in done), None)
    return casewriter.write_case(path, data, language=language, next_section=following)


def load(path: Path) -> tuple[dict[str, Any], set[str]]:
    """The answers in a case file or draft, and the sections done (all of them for a finished
    file; those before its mark for a draft)."""
    data, following = casewriter.load_draft(path)
    data.setdefault("schema_version", 1)
    if following is None or following not in FLOW:
        return data, set(FLOW)
    return data, set(FLOW[: FLOW.index(following)])
