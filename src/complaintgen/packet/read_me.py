"""The read-me (``00_read_me_first.pdf``): the notes to the applicant that came with the letters,
in a file of their own.

A note handed over with a document («Памятка … не подаётся») tells the receiver what the
applicant was warned about and advised not to say, so no letter's file holds one: the letters are
filed without them (`Letter.filed`), and their notes come here, each text once. A text every
letter brings is given once for all of them, a text several bring once for those, and the rest
under the document each concerns.
"""

from __future__ import annotations

from complaintgen.case.model import Case
from complaintgen.packet.partials import Partials
from complaintgen.packet.plan import Packet
from complaintgen.render.inert import View
from complaintgen.writers.letter import Letter


def read_me_letter(case: Case, packet: Packet, partials: Partials) -> Letter | None:
    """The read-me in the case's language, or None when no letter brought a note."""
    if not packet.memos:
        return None
    numbers = {letter.doc_id: n for n, letter in enumerate(packet.letters, start=1)}
    titles = {memo.doc_id: memo.title for memo in packet.memos}
    # Each text, with the documents that bring it, in the order first met.
    holders: dict[str, list[str]] = {}
    for memo in packet.memos:
        for text in memo.texts:
            documents = holders.setdefault(text, [])
            if memo.doc_id not in documents:
                documents.append(memo.doc_id)
    everyone = [letter.doc_id for letter in packet.letters]
    sections: dict[tuple[str, ...], list[str]] = {}
    for text, documents in holders.items():
        key = () if documents == everyone and len(everyone) > 1 else tuple(documents)
        sections.setdefault(key, []).append(text)
    # What all the documents share first, then what several share, then each document's own.
    ordered = sorted(sections.items(), key=lambda section: (bool(section[0]), len(section[0]) == 1))
    views = [
        View(
            numbers=[numbers[doc_id] for doc_id in key],
            titles=[titles[doc_id] for doc_id in key],
            texts=texts,
        )
        for key, texts in ordered
    ]
    return partials.letter(
        case.language, "read_me_first", doc_id="read_me_first", arguments={"sections": views}
    )
