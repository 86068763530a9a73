"""The engine of the questionnaire: asking one field until the case's rules accept its answer.

The engine talks to the person through a `Prompter` (two operations: ask a line, say a line), so
it knows nothing of terminals: the CLI passes one backed by click, the tests pass a script.

How an answer is checked: `checking` validates the whole case with the answer in place. A
problem at the answer's field is its reason, rendered from the message catalog in the
questionnaire's language (or in the questionnaire's own words, `texts.reasons`); the question is
asked again with what the person typed as its default, so nothing typed is lost. Rules that
compare fields (released after captured, no date after the documents' date, an address from
whoever files) are checked when a section is complete, and re-ask the field they name.

The sections and their order are `sections.Questionnaire`, built on this engine.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, TypeAdapter, ValidationError

from complaintgen import grammar
from complaintgen.case.casefile import Problem, model_in
from complaintgen.case.model import CYRILLIC, Case, LocalText
from complaintgen.interview import checking
from complaintgen.interview.answers import (
    DAY_FIRST,
    NOTHING,
    match,
    rank_text,
    shown,
    yes_no,
)
from complaintgen.interview.specs import ITEMS, Loc, Spec, dotted, question_id, section_of, spec_for
from complaintgen.interview.texts import load
from complaintgen.messages import render

# A problem as the questionnaire compares them: where, and what in English words.
Seen = set[tuple[Loc, str]]
# Fields whose answers are no words of a language: asked as typed, in either questionnaire.
_NOT_WORDS = frozenset(
    (
        "phone",
        "email",
        "personal_number",
        "register_number",
        "order_number",
        "reference",
        "tracking",
        "certificate",
        "file",
        "number",
    )
)
_LATIN = re.compile(r"[A-Za-z]")
_GUARDS = "гвардии"
# «гв. рядовой», «гв.рядовой»: the short form of «гвардии» people write on forms.
_GUARDS_SHORT = re.compile(r"^\s*гв\.\s*", re.IGNORECASE)


class Prompter(Protocol):
    """How the questionnaire talks to a person."""

    def ask(self, prompt: str, default: str) -> str:
        """One line typed in answer to `prompt`; `default` when the person just presses Enter."""
        ...

    def say(self, text: str) -> None:
        """Show a line of text."""
        ...


class Engine:
    """One person's answers to the case questions, and how to ask one more."""

    def __init__(
        self,
        io: Prompter,
        *,
        language: str,
        today: dt.date,
        path: Path,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.io = io
        self.language = language
        self.today = today
        self.path = path
        self.data: dict[str, Any] = data if data is not None else {"schema_version": 1}
        self.data.setdefault("schema_version", 1)
        self.words = load(language)
        # Sections whose answers stand as they are; the others are stood in for when checking.
        self.settled: set[str] = set()
        self.asked = 0  # questions put to the person (the note counts them)
        self.saved_before: str | None = None  # the first section not saved in the file
        self.wrote = False  # whether this run has saved anything yet

    # --- talking ---------------------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        """The text `key` in the questionnaire's language, `values` filled in (the key itself
        for a text not written yet, such as a document added after the texts)."""
        text = self.words.texts.get(f"{key}@self" if self.files_himself else key)
        if text is None:
            text = self.words.texts.get(key, key)
        return text.format(**values) if values else text

    @property
    def files_himself(self) -> bool:
        """Whether the questions speak to the serviceman himself («вы», «you»): he answers
        when no relative or advocate files; to them the questions say «он», «he»."""
        return not isinstance(self.data.get("representative"), dict)

    def has(self, key: str) -> bool:
        return key in self.words.texts

    def _ask(self, prompt: str, default: str = "") -> str:
        self.asked += 1
        return self.io.ask(prompt, default).strip()

    def yes(self, key: str, default: bool, **values: Any) -> bool:
        """A yes/no question; Enter takes `default`."""
        hint = self.t("yes_no" if default else "no_yes")
        while True:
            answer = self._ask(f"{self.t(key, **values)} {hint}")
            if not answer:
                return default
            parsed = yes_no(answer, self.language)
            if parsed is not None:
                return parsed
            self.io.say(self.t("why.yes_no"))

    def pick(
        self, key: str, choices: tuple[Any, ...], default: Any, names: list[str] | None = None
    ) -> Any:
        """One of `choices`, by its number or its words; Enter takes `default`."""
        names = names or [self.label(key, choice) for choice in choices]
        for number, name in enumerate(names, 1):
            self.io.say(f"  {number}) {name}")
        shown = names[choices.index(default)] if default in choices else ""
        while True:
            answer = self._ask(self.t(key), shown) or shown
            found = match(answer, choices, names)
            if found is not NOTHING:
                return found
            self.io.say(self.t("why.choice_number", count=len(choices)))

    def answer_text(self, loc: Loc, value: Any) -> str:
        """A stored answer in the person's words: a choice by its label, yes/no in words (not
        «False»), a date or text as typed."""
        spec = spec_for(question_id(loc))
        if spec is not None and spec.kind == "choice" and value in spec.choices:
            return self.label(question_id(loc), value)
        if isinstance(value, bool):
            return self.t(f"choice.{value}")
        if isinstance(value, dict) and value.get(self.language):
            return str(value[self.language])  # text in both languages: the person's
        return shown(value)

    def label(self, qid: str, choice: Any) -> str:
        for key in (f"choice.{qid}.{choice}", f"choice.{choice}"):
            if self.has(key):
                return self.t(key)
        return str(choice)

    # --- a person's name -------------------------------------------------------------------

    def names(self, at: Loc) -> None:
        """Surname, name and patronymic of the person at `at`. A whole name typed at «Фамилия»
        («Кузнецов Иван Петрович») would print as «Кузнецов Иван Петрович Иван Петрович»: it is
        offered split into its three fields, and the two it fills are not asked again."""
        self.field((*at, "surname"))
        person = self.parent((*at, "surname"))
        words = str(person.get("surname", "")).split()
        if 2 <= len(words) <= 3 and self.yes("name.split", True, words=" / ".join(words)):
            person["surname"] = words[0]
            person["name"] = words[1]
            if len(words) == 3:
                person["patronymic"] = words[2]
            else:
                person.pop("patronymic", None)
                self.field((*at, "patronymic"))
            return
        for key in ("name", "patronymic"):
            self.field((*at, key))

    # --- one field -------------------------------------------------------------------------

    def field(self, loc: Loc, *, reason: str | None = None, suggested: str | None = None) -> None:
        """Ask the field at `loc` until its answer passes the case's rules, and store it."""
        found = self.asked_at(loc)
        if found is None:
            return
        qid, spec, parent, key = found
        if reason:
            self.io.say(f"  ! {reason}")
        elif self.has(f"hint.{qid}"):
            self.io.say(self.t(f"hint.{qid}"))
        label = self.t(qid) if self.has(qid) else self.t(f"form.{key}")
        if spec.kind == "choice":
            self._choice_field(loc, spec, parent, key, label)
        elif spec.kind == "yesno":
            current = parent.get(key, spec.default)
            parent[key] = self.yes(qid, bool(current))
        else:
            self._typed_field(loc, spec, parent, key, label, suggested)

    def _choice_field(
        self, loc: Loc, spec: Spec, parent: dict[str, Any], key: str, label: str
    ) -> None:
        qid = question_id(loc)
        current = parent[key] if key in parent else self._guess(loc, parent)
        if current is None and spec.default is not None:
            current = spec.default
        names = [self.label(qid, choice) for choice in spec.choices]
        for number, name in enumerate(names, 1):
            self.io.say(f"  {number}) {name}")
        shown = names[spec.choices.index(current)] if current in spec.choices else ""
        if current is not None and current not in spec.choices:
            shown = str(current)  # a value from a hand-edited file: checked like a typed one
        while True:
            answer = self._ask(label, shown) or shown
            if not answer and not spec.required:
                parent.pop(key, None)
                return
            if not answer:
                self.io.say(f"  ! {self.t('why.required')}")
                continue
            found = match(answer, spec.choices, names)
            if found is NOTHING and True in spec.choices:
                said = yes_no(answer, self.language)  # «да» in English, «yes» in Russian
                found = NOTHING if said is None else said
                if found is NOTHING:
                    self.io.say(f"  ! {self.t('why.choice_number', count=len(spec.choices))}")
                    shown = answer
                    continue
            if found is NOTHING:
                # Not a number or a label: the model may still read it («a» for category «А»).
                problem = self._problem_at(loc, answer)
                if problem is not None:
                    self.io.say(f"  ! {problem}")
                    shown = answer
                    continue
                found = answer
            if found is None:
                parent.pop(key, None)
            else:
                parent[key] = found
            return

    def _typed_field(
        self,
        loc: Loc,
        spec: Spec,
        parent: dict[str, Any],
        key: str,
        label: str,
        suggested: str | None,
    ) -> None:
        current = rank_text(parent) if spec.kind == "rank" else parent.get(key)
        if current is None and spec.default is not None:
            current = spec.default
        if isinstance(current, dict) and current.get(self.language):
            current = {self.language: current[self.language]}  # shown in the person's language
        typed = suggested if suggested is not None else shown(current)
        offered = typed
        while True:
            answer = self._ask(label, typed) or typed
            kept = parent.get(key)
            if isinstance(kept, dict) and suggested is None and answer == offered:
                return  # Enter on text given in both languages keeps both
            if answer in ("", "-"):
                if spec.required:
                    self.io.say(f"  ! {self.t('why.required')}")
                    typed = ""
                    continue
                parent.pop(key, None)
                if spec.kind == "rank":
                    parent.pop("guards", None)
                    parent.pop("rank_service", None)
                return
            value, problem, suggestion = self._interpret(loc, spec, answer)
            if problem is None and spec.kind == "text" and self._needs_russian(loc, answer):
                if not _is_local_text(loc):
                    # Printed in the Russian documents as it is: only Cyrillic will do.
                    self.io.say(f"  ! {self.t('why.in_russian')}")
                    typed = ""
                    continue
                value = self._with_russian(loc, answer)
            if problem is None:
                self._store(parent, key, spec, value)
                return
            self.io.say(f"  ! {problem}")
            typed = suggestion or answer

    def _interpret(self, loc: Loc, spec: Spec, answer: str) -> tuple[Any, str | None, str | None]:
        """(value to store, reason it is refused, a corrected answer to offer) for one answer."""
        if spec.kind == "rank":
            return self._rank(loc, answer)
        problem = self._problem_at(loc, answer)
        if problem is None:
            if spec.kind == "date":
                return TypeAdapter(dt.date).validate_python(answer), None, None
            if spec.kind == "number":
                return TypeAdapter(int).validate_python(answer), None, None
            return _model_reading(loc, answer), None, None
        day_first = DAY_FIRST.match(answer) if spec.kind == "date" else None
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:  # 31.02.2025: written as a date, but no such day
                return None, render("date.impossible", self.language, value=answer), None
            return None, self.t("why.date_suggest", value=answer, iso=iso), iso
        return None, problem, None

    def _needs_russian(self, loc: Loc, answer: str) -> bool:
        """Whether an English answer leaves a Russian document without its Russian words: the
        questionnaire is in English, the answer has Latin letters and no Cyrillic, and the
        field is printed in the Russian letters (not a phone, a number or an e-mail)."""
        if self.language == "ru" or loc[-1] in _NOT_WORDS or CYRILLIC.search(answer):
            return False
        return bool(_LATIN.search(answer))

    def _with_russian(self, loc: Loc, answer: str) -> Any:
        """Free text typed in English: the same in Russian for the Russian documents, both
        kept (the case's text holds each language; the English documents print `en`)."""
        russian = self._ask(self.t("ask.in_russian", answer=answer))
        if not russian or russian == "-":
            return answer  # the Russian letters will then say it in English, as typed
        return {"ru": russian, "en": answer}

    def _rank(self, loc: Loc, answer: str) -> tuple[Any, str | None, str | None]:
        answer = _GUARDS_SHORT.sub(_GUARDS + " ", answer).strip()
        try:
            guards, rank, service = grammar.split_rank(answer)
        except KeyError:
            return None, *self._rank_fix(loc, answer)
        return (guards, rank, service), None, None

    def _rank_fix(self, loc: Loc, answer: str) -> tuple[str, str | None]:
        """The reason a rank is refused and, for a typo, the rank it nearly is, offered as the
        answer Enter takes (offering the typo again would make Enter ask the same question)."""
        guards = answer.casefold().startswith(_GUARDS + " ")
        rest = answer[len(_GUARDS) :].strip() if guards else answer
        problem = self._problem_at(loc, rest) or self.t("why.required")  # «ефрейтер», not all
        near = grammar.nearest_ranks(rest, n=1)
        if not near:
            return problem, None
        fixed = f"{_GUARDS} {near[0]}" if guards else near[0]
        return f"{problem} {self.t('why.enter_accepts')}", fixed

    def _store(self, parent: dict[str, Any], key: str, spec: Spec, value: Any) -> None:
        if spec.kind == "rank":
            guards, rank, service = value
            parent[key] = rank
            if guards:
                parent["guards"] = True
            else:
                parent.pop("guards", None)
            if service:
                parent["rank_service"] = service
            else:
                parent.pop("rank_service", None)
            return
        parent[key] = value

    def _guess(self, loc: Loc, parent: dict[str, Any]) -> Any:
        """A likely answer to offer: the gender a Russian patronymic shows."""
        if loc[-1] == "gender":
            patronymic = str(parent.get("patronymic") or "").casefold()
            if patronymic.endswith(("вич", "ич", "оглы", "улы", "vich", "ogly")):
                return "male"
            if patronymic.endswith(("вна", "чна", "ична", "кызы", "гызы", "vna", "chna", "kyzy")):
                return "female"
        return None

    def asked_at(self, loc: Loc) -> tuple[str, Spec, dict[str, Any], str] | None:
        """The question at `loc`, its rules, the mapping that holds it and its key; or None
        (the answer dropped) where the question does not apply to this case."""
        qid = question_id(loc)
        spec = spec_for(qid)
        assert spec is not None, qid
        parent = self.parent(loc)
        key = str(loc[-1])
        if not self._applies(spec, parent):
            parent.pop(key, None)
            return None
        return qid, spec, parent, key

    @staticmethod
    def _applies(spec: Spec, parent: dict[str, Any]) -> bool:
        if spec.only_if is None:
            return True
        sibling, wanted = spec.only_if
        value = parent.get(sibling)
        return value is not None if wanted == "set" else value == wanted

    def parent(self, loc: Loc) -> dict[str, Any]:
        """The mapping that holds the field at `loc`, created on the way where missing."""
        node: Any = self.data
        for index, part in enumerate(loc[:-1]):
            if isinstance(part, str):
                shape = list if isinstance(loc[index + 1], int) else dict
                if not isinstance(node.get(part), shape):
                    node[part] = shape()
            node = node[part]
        found: dict[str, Any] = node
        return found

    # --- checking against the case's rules -------------------------------------------------

    def _problem_at(self, loc: Loc, value: Any) -> str | None:
        """The reason `value` is refused at `loc` by the case's rules, or None."""
        data = copy.deepcopy(self.data)
        node: Any = data
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = value
        for problem in self._problems(data, section_of(loc)):
            if problem.loc[: len(loc)] == loc:
                return self.reason(problem)
        return None

    def _problems(self, data: dict[str, Any], current: str | None) -> list[Problem]:
        case = checking.probe(data, settled=self.settled, current=current, today=self.today)
        return checking.problems(case)

    def reason(self, problem: Problem) -> str:
        """The problem in the questionnaire's language: its own words for it, or the catalog's."""
        own = self.words.reasons.get(problem.code)
        if own is None:
            return problem.text(self.language)
        spec = spec_for(question_id(problem.loc))
        return own.format(**problem.params, count=len(spec.choices) if spec else 0)

    def settle(self, section: str, before: Seen) -> None:
        """Ask again every field a rule of the finished section refuses, until none is left.

        `before` holds the problems the case had before the section was asked: those are not
        this section's doing (a hand-edited file's), and are left for `validate` to report.
        """
        while True:
            fresh = [
                problem
                for problem in self._problems(self.data, section)
                if (problem.loc, problem.text()) not in before
            ]
            for problem in fresh:
                target = self._target(problem, section)
                if target is not None:
                    self.field(target, reason=self.reason(problem))
                    break
            else:
                for problem in fresh:
                    self.io.say(f"  ! {dotted(problem.loc)}: {self.reason(problem)}")
                return

    def problems_now(self, section: str | None) -> Seen:
        return {(p.loc, p.text()) for p in self._problems(self.data, section)}

    def _target(self, problem: Problem, section: str) -> Loc | None:
        """The field to ask again for `problem`, if it is one the questionnaire asks."""
        if section == "options" and problem.code == "date.future":
            return ("date",)  # the documents' date is what this section changed
        loc = problem.loc
        while loc:
            spec = spec_for(question_id(loc))
            if spec is not None:
                try:
                    parent = self.parent(loc)
                except (KeyError, IndexError, TypeError):
                    return None
                return loc if self._applies(spec, parent) else None
            loc = loc[:-1]
        return None

    def prune(self, loc: Loc) -> None:
        """Drop the mapping at `loc` when no answer was left in it."""
        parent = self.parent(loc)
        if not parent.get(str(loc[-1])):
            parent.pop(str(loc[-1]), None)

    # --- repeated items --------------------------------------------------------------------

    def repeat(self, loc: Loc, *, required: bool = False, gate: str | None = None) -> None:
        """The items of the list at `loc`: the existing ones kept, changed or deleted, then new
        ones one by one until the person says there are no more."""
        name = question_id(loc)
        fields = ITEMS[name]
        parent = self.parent(loc)
        key = str(loc[-1])
        if not isinstance(parent.get(key), list):
            parent[key] = []
        items: list[Any] = parent[key]
        index = 0
        while index < len(items):
            if not isinstance(items[index], dict):
                items[index] = {}
            summary = "; ".join(
                self.answer_text((*loc, index, str(field)), value)
                for field, value in items[index].items()
                if shown(value)
            )
            self.io.say(self.t("item", number=index + 1, summary=summary))
            action = self.pick("item.action", ("keep", "change", "delete"), "keep")
            if action == "delete":
                del items[index]
                continue
            if action == "change":
                self.ask_item(loc, index, fields)
            index += 1
        while True:
            if items or not required:
                question = f"more.{name}" if items or gate is None else gate
                if not self.yes(question, False):
                    break
            items.append({})
            self.ask_item(loc, len(items) - 1, fields)
        if not items and not required:
            parent.pop(key)

    def ask_item(self, loc: Loc, index: int, fields: tuple[str, ...]) -> None:
        """The fields of one item of a list, in order (a section may ask its own way)."""
        for field in fields:
            self.field((*loc, index, field))


def _annotation(loc: Loc) -> Any:
    """The case model's type of the field at `loc`; None for a field it does not have."""
    model: type[BaseModel] | None = Case
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        model = model_in(annotation)
    return annotation


def _is_local_text(loc: Loc) -> bool:
    """Whether the field at `loc` holds text per language (`LocalText`: {ru, en}) rather than
    one string that the Russian documents print as it is (a name, a position, an address)."""
    annotation = _annotation(loc)
    return annotation is not None and model_in(annotation) is LocalText


def _model_reading(loc: Loc, answer: str) -> Any:
    """A one-string answer as the model reads it («военный прокурор …» → «Военный прокурор …»),
    so that the declined forms shown next are those of what will be printed."""
    annotation = _annotation(loc)
    if annotation is None or model_in(annotation) is not None:
        return answer
    try:
        read = TypeAdapter(annotation).validate_python(answer)
    except ValidationError:
        return answer
    return read if isinstance(read, str) else answer
