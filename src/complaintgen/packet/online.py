"""The texts for online receptions (``NN_doc.txt``, written by `build`), measured: each length,
and a warning where a text is longer than a reception's form takes (law/receptions.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from complaintgen.case.model import Case
from complaintgen.law import receptions as registry
from complaintgen.law.receptions import Reception
from complaintgen.messages import render
from complaintgen.writers.letter import Letter


@dataclass(frozen=True)
class OnlineText:
    """The text of one document for an online reception, measured."""

    doc_id: str
    file_name: str
    # Characters (code points, which is what a form's counter shows for Cyrillic text; a form
    # may count a line break as two).
    length: int
    receptions: tuple[Reception, ...]

    @property
    def too_long_for(self) -> tuple[Reception, ...]:
        return tuple(
            r for r in self.receptions if r.text_limit is not None and self.length > r.text_limit
        )


def receptions_for(case: Case, doc_id: str) -> tuple[Reception, ...]:
    """The online receptions that take `doc_id`, in the order to suggest them; the medical
    appeal's depend on which medical body the case addresses."""
    medical = case.addressees.medical if case.addressees else None
    variant = medical.variant if medical and doc_id == "medical_appeal" else None
    return registry.receptions().for_document(doc_id, variant)


def online_documents() -> tuple[str, ...]:
    """Every document some online reception takes (`plan.ONLINE_DOCUMENTS` must match)."""
    return registry.receptions().documents()


def online_text(case: Case, letter: Letter, file_name: str) -> OnlineText | None:
    """The measured online text of the filed `letter`, or None where it is not filed online."""
    receptions = receptions_for(case, letter.doc_id)
    if not receptions:
        return None
    text = letter.plain_text().strip()
    return OnlineText(letter.doc_id, file_name, len(text), receptions)


def online_notes(texts: Iterable[OnlineText], language: str) -> list[str]:
    """What `build` says about the online texts: each length, and every limit exceeded."""
    texts = list(texts)
    if not texts:
        return []
    notes = []
    say = "ru" if language == "ru" else "en"
    for text in texts:
        for reception in text.too_long_for:
            notes.append(
                render(
                    "online.too_long",
                    say,
                    file=text.file_name,
                    length=text.length,
                    limit=reception.text_limit,
                    reception=reception.name(language),
                    source=reception.limit_source,
                )
            )
    unknown = any(r.text_limit is None for text in texts for r in text.receptions)
    lengths = ", ".join(f"{text.file_name} {text.length}" for text in texts)
    notes.append(render("online.lengths", say, lengths=lengths, unknown=unknown or None))
    return notes
