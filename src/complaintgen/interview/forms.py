"""Declined forms: showing how a name or a title will read in the documents, and taking the
person's correction when the automatic form is wrong.

Russian letters name the sender in the genitive («от младшего сержанта Смирнова …») and the
addressee in the dative («Военному прокурору …»); the automatic forms come from the grammar
package, and a correction is kept in the case (`declension`, `name_declension`) only where it
differs from them.
"""

from __future__ import annotations

from typing import Any

from complaintgen import grammar
from complaintgen.interview.answers import declension
from complaintgen.interview.engine import Engine
from complaintgen.interview.specs import FORM_CASES, Loc
from complaintgen.render.rendering import Person
from complaintgen.render.voices import Forms


def check_forms(
    engine: Engine,
    loc: Loc,
    override: str,
    shown: str,
    other: str | None,
    auto: dict[str, str],
    *,
    rename: bool = False,
) -> bool:
    """Show `shown` (and `other`) for confirmation; on no, ask the forms into `override`.

    With `rename` (a person's name), a no first offers to type the name itself again: a slip in
    the name is not mended by its declined forms. True when the name is to be asked again.
    """
    if engine.data.get("language", "ru") != "ru":
        return False  # English documents use no Russian cases
    engine.io.say(engine.t("forms.check"))
    if other:
        engine.io.say(other)
    if engine.yes("forms.ok", True, form=shown):
        return False
    if rename and engine.yes("forms.rename", False):
        return True
    engine.io.say(engine.t("forms.fix"))
    parent = engine.parent((*loc, override, "x"))
    for case in FORM_CASES:
        current = parent.get(case) or auto[case]
        engine.field((*loc, override, case), suggested=current)
        if parent.get(case) == auto[case]:
            parent.pop(case)  # the automatic form is right: no need to write it down
    if not parent:
        engine.parent(loc).pop(override, None)
    return False


def person_of(person: dict[str, Any], **extra: Any) -> Person:
    """A person of the answers, declined as the Russian documents decline them."""
    return Person(
        "ru",
        surname=person["surname"],
        name=person.get("name"),
        patronymic=person.get("patronymic"),
        gender=person.get("gender", "male"),
        name_forms=declension(person.get("name_declension")),
        **extra,
    )


def serviceman_forms(engine: Engine) -> None:
    while True:
        sm = engine.data["serviceman"]
        person = person_of(
            sm, rank=sm["rank"], guards=bool(sm.get("guards")), rank_service=sm.get("rank_service")
        )
        plain = person_of({**sm, "name_declension": None})
        # The serviceman's section asked his name and rank before his forms.
        assert person.rank and person.name and plain.name
        if not check_forms(
            engine,
            ("serviceman",),
            "name_declension",
            f"от {person.rank.gen} {person.name.gen}",
            engine.t("forms.other", form=f"{person.rank.dat} {person.name.dat}"),
            {"genitive": plain.name.gen, "dative": plain.name.dat},
            rename=True,
        ):
            return
        sm.pop("name_declension", None)
        engine.names(("serviceman",))


def position_forms(engine: Engine) -> None:
    sm = engine.data["serviceman"]
    title_forms(engine, ("serviceman",), sm["position"], sm.get("declension"), genitive_first=True)


def commander_forms(engine: Engine) -> None:
    unit = engine.data["unit"]
    commander = unit["commander"]
    kwargs = {
        "surname": commander["surname"],
        "name": None,
        "patronymic": None,
        "initials": commander.get("initials"),
        "gender": commander.get("gender", "male"),
        "rank": commander["rank"],
        "guards": bool(commander.get("guards")),
        "rank_service": commander.get("rank_service"),
    }
    person = Person("ru", **kwargs)
    assert person.rank and person.surname_first  # asked before the forms
    check_forms(
        engine,
        ("unit", "commander"),
        "name_declension",
        f"командиру войсковой части {unit['number']} {person.rank.dat} {person.surname_first.dat}",
        engine.t("forms.other.gen", form=f"{person.rank.gen} {person.surname_first.gen}"),
        {"genitive": person.surname_first.gen, "dative": person.surname_first.dat},
    )


def representative_forms(engine: Engine) -> None:
    while True:
        rep = engine.data["representative"]
        person = person_of(rep)
        plain = person_of({**rep, "name_declension": None})
        assert person.name and plain.name  # asked before the forms
        if not check_forms(
            engine,
            ("representative",),
            "name_declension",
            f"от {person.name.gen}",
            engine.t("forms.other", form=person.name.dat),
            {"genitive": plain.name.gen, "dative": plain.name.dat},
            rename=True,
        ):
            return
        rep.pop("name_declension", None)
        engine.names(("representative",))


def title_forms(
    engine: Engine, loc: Loc, title: str, given: Any, *, genitive_first: bool = False
) -> None:
    forms = Forms(title, lambda case: grammar.decline_phrase(title, case), declension(given))
    auto = {case: grammar.decline_phrase(title, case) for case in FORM_CASES}
    if genitive_first:  # a position: the sender's block says «командира отделения»
        shown, other = forms.gen, engine.t("forms.other", form=forms.dat)
    else:  # an addressee: the block says «Военному прокурору …»
        shown, other = forms.dat, engine.t("forms.other.gen", form=forms.gen)
    check_forms(engine, loc, "declension", shown, other, auto)


def titled(engine: Engine, loc: Loc) -> None:
    """An addressee given by its title: the title, its forms, its address."""
    engine.field((*loc, "title"))
    body = engine.parent((*loc, "title"))
    if body.get("title"):
        title_forms(engine, loc, body["title"], body.get("declension"))
    else:
        body.pop("declension", None)
    engine.field((*loc, "address"))
    engine.prune(loc)
