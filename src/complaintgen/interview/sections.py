"""The sections of the case, asked in order: what each asks and when it skips a question.

`Questionnaire` is the engine (`engine.Engine`: one field, its checks, repeated items) with the
case's sections on top; `new_case` and `edit_case` (`questionnaire.py`) run it.
"""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from complaintgen.case.model import Case
from complaintgen.interview import attaching, forms
from complaintgen.interview.answers import normalised
from complaintgen.interview.engine import Engine
from complaintgen.interview.specs import FLOW, SPECS, Loc


class Questionnaire(Engine):
    """One person's answers to the case questions, section by section."""

    # --- the sections ----------------------------------------------------------------------

    def ask_applicant(self) -> None:
        rep = self.data.get("representative")
        current = rep.get("kind") if isinstance(rep, dict) else None
        kind = self.pick("applicant", SPECS["applicant"].choices, current or "self")
        if kind == "self":
            self.data.pop("representative", None)
        else:
            if not isinstance(rep, dict):
                self.data["representative"] = rep = {}
            rep["kind"] = kind

    def ask_serviceman(self) -> None:
        self.io.say(self.t("intro.serviceman"))
        at = ("serviceman",)
        self.names(at)
        for key in ("gender", "birth_date", "rank"):
            self.field((*at, key))
        self._normalise("serviceman")
        forms.serviceman_forms(self)
        for key in ("service_type", "personal_number", "position"):
            self.field((*at, key))
        if self.data["serviceman"].get("position"):
            forms.position_forms(self)
        else:
            self.data["serviceman"].pop("declension", None)
        for key in ("address", "phone", "email"):
            self.field((*at, key))

    def ask_unit(self) -> None:
        for key in ("number", "garrison"):
            self.field(("unit", key))
        unit = self.data["unit"]
        if self.yes("gate.commander", True):
            for key in ("rank", "surname", "initials", "gender"):
                self.field(("unit", "commander", key))
            self._normalise("unit")  # «в/ч 54321» → «54321», «А.С.» → «А. С.» in the forms shown
            forms.commander_forms(self)
        else:
            unit.pop("commander", None)
        forms.titled(self, ("unit", "higher_command"))
        self.field(("unit", "current_location"))

    def ask_captivity(self) -> None:
        self.io.say(self.t("intro.captivity"))
        for key in (
            "captured_on",
            "captured_where",
            "released_on",
            "exchange",
            "exchange_category",
            "handover_place",
            "examined_in_captivity",
            "after_release",
        ):
            self.field(("captivity", key))

    def ask_health(self) -> None:
        self.io.say(self.t("intro.health"))
        self.parent(("health", "x"))
        self.repeat(("health", "conditions"), required=True)
        self.field(("health", "treatment_after_return"))
        health = self.data["health"]
        if self.yes("gate.health.previous_vvk", bool(health.get("previous_vvk"))):
            for key in ("date", "body", "category", "certificate"):
                self.field(("health", "previous_vvk", key))
        else:
            health.pop("previous_vvk", None)
        self.field(("health", "disability"))

    def ask_after_return(self) -> None:
        self.parent(("after_return", "x"))
        self.repeat(("after_return", "events"), gate="gate.after_return.events")
        self.prune(("after_return",))

    def ask_representative(self, *, ask_kind: bool) -> None:
        if ask_kind:
            self.ask_applicant()
        rep = self.data.get("representative")
        if not isinstance(rep, dict):
            return  # the serviceman files himself: nothing to ask
        self.io.say(self.t("intro.representative"))
        at = ("representative",)
        self.field((*at, "relation"))
        self.names(at)
        self.field((*at, "gender"))
        forms.representative_forms(self)
        for key in (
            "address",
            "phone",
            "email",
            "authority",
            "register_number",
            "order_number",
            "bar",
            "consent",
        ):
            self.field((*at, key))

    def ask_addressees(self) -> None:
        self.io.say(self.t("intro.addressees"))
        self.parent(("addressees", "x"))
        forms.titled(self, ("addressees", "prosecutor"))
        if self.data["addressees"].get("prosecutor"):
            forms.titled(self, ("addressees", "district_prosecutor"))  # the next step up from it
        self.field(("addressees", "medical", "variant"))
        medical = self.data["addressees"]["medical"]
        if medical.get("variant"):
            self.field(("addressees", "medical", "title"))
            forms.title_forms(
                self, ("addressees", "medical"), medical["title"], medical.get("declension")
            )
            self.field(("addressees", "medical", "address"))
        self.prune(("addressees", "medical"))
        self.prune(("addressees",))

    def ask_attachments(self) -> None:
        self.repeat(("attachments",), gate="gate.attachments")

    def ask_item(self, loc: Loc, index: int, fields: tuple[str, ...]) -> None:
        if loc != ("attachments",):
            super().ask_item(loc, index, fields)
            return
        # An attachment's file is checked as it is named, not after «make the documents?»: it
        # exists, is a file, and its pages are counted as the packet counts them. A counted
        # file needs no «how many sheets».
        at = (*loc, index)
        self.field((*at, "title"))
        counted = self._attachment_file(at)
        item = self.parent((*at, "title"))
        if counted is None:
            self.field((*at, "pages"))
        else:
            item.pop("pages", None)
            self.io.say(f"  {self.t('attachment.counted', pages=counted)}")
        for key in ("copies", "original"):
            self.field((*at, key))

    def _attachment_file(self, at: Loc) -> int | None:
        """Ask the attachment's file until it can be read; its page count, None without one."""
        item = self.parent((*at, "file"))
        reason: str | None = None
        while True:
            self.field((*at, "file"), reason=reason)
            typed = item.get("file")
            if not typed:
                return None
            counted, reason = attaching.pages_of(
                str(typed), folder=self.path.absolute().parent, today=self.today, texts=self.t
            )
            if reason is None:
                return counted

    def ask_filings(self) -> None:
        self.repeat(("filings",), gate="gate.filings")

    def ask_options(self, *, gated: bool) -> None:
        if gated and not self.yes("gate.options", False):
            return
        self.field(("language",))
        self.field(("date",))
        for key in ("date_style", "summary_anonymised", "summary_language"):
            self.field(("options", key))

    def ask_section(self, section: str, *, editing: bool) -> None:
        """Ask one section, then ask again whatever its rules refuse."""
        before = self.problems_now(section if editing else None)
        if section == "representative":
            self.ask_representative(ask_kind=editing)
        elif section == "options":
            self.ask_options(gated=not editing)
        else:
            getattr(self, f"ask_{section}")()
        self.settle(section, before)
        if section != "applicant":
            self._normalise(section)
        self.settled.add(section)

    def _normalise(self, section: str) -> None:
        """Store the section as the models read it («в/ч 12345» → «12345», «п п» → «П. П.»)."""
        if section not in self.data:
            return
        annotation = Case.model_fields[section].annotation
        assert annotation is not None  # every field of the case is annotated
        try:
            validated = TypeAdapter(annotation).validate_python(self.data[section])
        except ValidationError:
            return  # left for `validate` to report
        self.data[section] = normalised(self.data[section], validated)

    # --- the whole run ---------------------------------------------------------------------

    def title(self, section: str) -> str:
        return self.t(f"section.{section}")

    def announce(self, section: str) -> None:
        number = FLOW.index(section) + 1
        self.io.say(self.t("section", number=number, total=len(FLOW), title=self.title(section)))
