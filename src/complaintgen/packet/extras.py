"""The filing packet around the documents: what it takes to file each one so that it must be
answered, and to prove it was filed (domain.md §6).

For each document addressed to a Russian body, besides its DOCX and PDF:

- an **applicant's copy** (``NN_doc.copy.docx`` / ``.pdf``): the letter with an «Отметка о
  принятии» box at the foot of its last page, for the receiver to fill in; the original never
  carries the box;
- a **postal inventory** (``NN_doc.f107.pdf``): the list of contents of a declared-value letter,
  form Ф.107, the document and each attachment with its sheets, printed twice;
- the **plain text** for online receptions is written by `packet` (``NN_doc.txt``); here its
  length is checked against each reception's limit, which is data
  (``data/online_receptions.yaml``).

For the packet as a whole:

- a **combined PDF** (``00_packet.pdf``): a cover, an index (document, addressee, pages), each
  letter without its memo pages followed by the attachments given as PDF files, numbered across
  the file at the foot;
- a **filing guide** (``00_filing_guide.pdf``) in the case's language.

One model, two writers: the box, the inventory, the cover, the index and the guide are `Letter`s
rendered from ``templates/<lang>/_filing.xml.j2`` (its macros receive the packet's facts as
arguments), and written by the same writers as the documents. The pages are put together with
pypdf, imported only when a PDF is made.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from complaintgen.case.model import Case
from complaintgen.errors import ComplaintgenError, TemplateError
from complaintgen.packet.attachments import ResolvedAttachment, resolve_attachments
from complaintgen.render.rendering import View
from complaintgen.writers.letter import Letter, parse_letter

if TYPE_CHECKING:
    import pypdf

    from complaintgen.packet.plan import Packet

COMBINED_NAME = "00_packet.pdf"
GUIDE_NAME = "00_filing_guide.pdf"
COPY = "copy"
INVENTORY = "f107"
PARTIALS = "_filing"

# How the combined file numbers its pages, at the foot (the cover, page 1, carries none).
_PAGE_LABEL = {"ru": "с. {page} из {pages}", "en": "p. {page} of {pages}"}
_A4_WIDTH_PT = 595.28


def is_filed(letter: Letter) -> bool:
    """Whether a letter is filed with a Russian body: it has an addressee (the case summary for
    international bodies has none, and gets no copy, no inventory and no attachments)."""
    return any(block.kind == "addressee" for block in letter.blocks)


def without_memo(letter: Letter) -> Letter:
    """The letter as it is filed: without the memo pages of advice."""
    return dataclasses.replace(letter, blocks=letter.filed_blocks)


# --- The files ------------------------------------------------------------------------------------


def filing_files(
    case: Case,
    packet: Packet,
    formats: Sequence[str],
    attachments: Sequence[ResolvedAttachment] | None = None,
    *,
    pdf_variant: str | None = None,
    as_filed: Mapping[str, bytes] | None = None,
    with_copies: bool = True,
) -> dict[str, bytes]:
    """File name → bytes of the copies, inventories, combined PDF and guide of `packet`.

    `attachments` are the case's attachments with their page counts (`make_packet` settles them
    once); without them they are settled here. `pdf_variant` (pdf_writer.PDF_VARIANTS) applies
    to the files WeasyPrint writes whole, the copies and the guide; the inventories and the
    combined file are put together from pages by pypdf, which keeps no PDF/A or PDF/UA claim,
    so they stay plain PDF.
    """
    if attachments is None:
        attachments = resolve_attachments(case)
    partials = _Partials(case)
    files: dict[str, bytes] = copy_files(case, packet, formats, pdf_variant) if with_copies else {}
    if "pdf" in formats:
        from complaintgen.writers.pdf_writer import pdf_bytes

        # Each letter as filed (`as_filed`, doc id → PDF, when the caller has cut them from
        # the originals' layout; rendered here otherwise): its pages are counted for the
        # inventory and go into the combined file.
        if as_filed is None:
            as_filed = {
                letter.doc_id: pdf_bytes(without_memo(letter), date=case.date)
                for letter in packet.letters
            }
        files.update(_inventories(case, packet, partials, as_filed, attachments))
        files[COMBINED_NAME] = combined_pdf(case, packet, as_filed, attachments, partials)
        guide = guide_letter(case, packet, partials)
        files[GUIDE_NAME] = pdf_bytes(guide, date=case.date, variant=pdf_variant)
    return files


def copy_files(
    case: Case, packet: Packet, formats: Sequence[str], pdf_variant: str | None = None
) -> dict[str, bytes]:
    """The applicant's copies (``NN_doc.copy.docx`` / ``.pdf``) of every filed letter."""
    partials = _Partials(case)
    files: dict[str, bytes] = {}
    for extension in ("docx", "pdf"):
        if extension in formats:
            files.update(_copies(case, packet, partials, extension, pdf_variant))
    return files


def _copies(
    case: Case, packet: Packet, partials: _Partials, extension: str, pdf_variant: str | None
) -> dict[str, bytes]:
    """``NN_doc.copy.docx`` or ``.pdf`` for every filed letter."""
    files = {}
    for letter in filter(is_filed, packet.letters):
        copy = applicant_copy(partials, letter)
        name = packet.file_name(letter, f"{COPY}.{extension}")
        if extension == "docx":
            from complaintgen.writers.docx_writer import docx_bytes

            files[name] = docx_bytes(copy, date=case.date)
        else:
            from complaintgen.writers.pdf_writer import pdf_bytes

            files[name] = pdf_bytes(copy, date=case.date, variant=pdf_variant)
    return files


def _inventories(
    case: Case,
    packet: Packet,
    partials: _Partials,
    as_filed: Mapping[str, bytes],
    attachments: Sequence[ResolvedAttachment],
) -> dict[str, bytes]:
    """``NN_doc.f107.pdf`` for every filed letter: the inventory, printed twice."""
    from complaintgen.writers.pdf_writer import pdf_bytes

    files = {}
    for letter in filter(is_filed, packet.letters):
        sheets = _page_count(as_filed[letter.doc_id])
        inventory = inventory_letter(partials, letter, sheets, attachments)
        name = packet.file_name(letter, f"{INVENTORY}.pdf")
        files[name] = _twice(pdf_bytes(inventory, date=case.date))
    return files


def applicant_copy(partials: _Partials, letter: Letter) -> Letter:
    """The letter with the «Отметка о принятии» box after its last filed block (before the memo):
    the PDF puts it at the foot of the letter's last page, the DOCX floats it there."""
    box = partials.letter(letter.language, "acceptance", doc_id=letter.doc_id)
    memo = tuple(block for block in letter.blocks if block.kind == "memo")
    return dataclasses.replace(letter, blocks=letter.filed_blocks + box.blocks + memo)


def inventory_letter(
    partials: _Partials,
    letter: Letter,
    sheets: int,
    attachments: Iterable[ResolvedAttachment],
) -> Letter:
    """One copy of the Ф.107 for `letter`: the letter itself, then each attachment."""
    items = [View(entry=item.entry, sheets=item.sheets) for item in attachments]
    counts = [sheets, *(item.sheets for item in items)]
    total = None if None in counts else sum(c for c in counts if c is not None)
    return partials.letter(
        letter.language,
        "inventory",
        doc_id=letter.doc_id,
        arguments={
            "doc_id": letter.doc_id,
            "document": letter.title,
            "sheets": sheets,
            "items": items,
            "total": total,
        },
    )


def _twice(pdf: bytes) -> bytes:
    """The inventory is made out in two copies: its pages, then the same pages again."""
    reader = _reader(pdf)
    writer = _writer_like(reader)
    for _ in range(2):
        for page in reader.pages:
            writer.add_page(page)
    return _written(writer)


# --- Online texts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reception:
    """An online reception, and what is known about how much text its form takes."""

    key: str
    name_ru: str
    name_en: str
    address: str | None
    text_limit: int | None
    limit_source: str | None
    limit_status: str

    def name(self, language: str) -> str:
        return self.name_ru if language == "ru" else self.name_en


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


def online_text(case: Case, letter: Letter, file_name: str) -> OnlineText | None:
    """The measured online text of `letter`, or None where it is not filed online."""
    receptions = receptions_for(case, letter.doc_id)
    if not receptions:
        return None
    text = letter.plain_text(filed_only=True).strip()
    return OnlineText(letter.doc_id, file_name, len(text), receptions)


def online_notes(texts: Iterable[OnlineText], language: str) -> list[str]:
    """What `build` says about the online texts: each length, and every limit exceeded."""
    texts = list(texts)
    if not texts:
        return []
    notes = []
    for text in texts:
        for reception in text.too_long_for:
            notes.append(
                f"{text.file_name}: {text.length} characters, more than the {reception.text_limit}"
                f" that {reception.name(language)} takes (source: {reception.limit_source}); "
                "shorten the text, or attach the document as a PDF file"
            )
    unknown = any(r.text_limit is None for text in texts for r in text.receptions)
    lengths = ", ".join(f"{text.file_name} {text.length}" for text in texts)
    notes.append(
        f"online texts, in characters: {lengths}"
        + (
            "; the forms' length limits are not known (data/online_receptions.yaml): check that "
            "each text goes in whole"
            if unknown
            else ""
        )
    )
    return notes


def receptions_for(case: Case, doc_id: str) -> tuple[Reception, ...]:
    """The online receptions that take `doc_id`, in the order to suggest them."""
    table, by_document = _receptions()
    medical = case.addressees.medical if case.addressees else None
    variant = medical.variant if medical and doc_id == "medical_appeal" else None
    keys = by_document.get(f"{doc_id}.{variant}", by_document.get(doc_id, ()))
    return tuple(table[key] for key in keys)


def online_documents() -> tuple[str, ...]:
    """Every document some online reception takes (`packet.ONLINE_DOCUMENTS` must match)."""
    return tuple(sorted({key.split(".")[0] for key in _receptions()[1]}))


_RECEPTION_FIELDS = (
    "name_ru",
    "name_en",
    "address",
    "address_status",
    "text_limit",
    "limit_source",
    "limit_status",
    "checked",
    "note",
)
_STATUSES = ("verified", "partial", "unverified")


@functools.cache
def _receptions() -> tuple[Mapping[str, Reception], Mapping[str, tuple[str, ...]]]:
    """The receptions data file, read once and checked: a hand-edited limit that is wrong in
    form stops the program with the entry named, rather than silently warning or not."""
    from importlib import resources

    import yaml

    source = resources.files("complaintgen.law") / "data" / "online_receptions.yaml"
    name = "complaintgen/law/data/online_receptions.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    problems: list[str] = []
    table: dict[str, Reception] = {}
    for key, entry in (data.get("receptions") or {}).items():
        if not isinstance(entry, dict) or set(entry) != set(_RECEPTION_FIELDS):
            problems.append(
                f"{name}: receptions.{key}: give exactly {', '.join(_RECEPTION_FIELDS)}"
            )
            continue
        limit, status = entry["text_limit"], entry["limit_status"]
        if status not in _STATUSES:
            problems.append(f"{name}: receptions.{key}.limit_status: one of {', '.join(_STATUSES)}")
        if limit is not None and (
            not isinstance(limit, int) or not entry["limit_source"] or status == "unverified"
        ):
            problems.append(
                f"{name}: receptions.{key}.text_limit: a limit is a whole number with a "
                "limit_source and a limit_status other than unverified; otherwise write null"
            )
        table[key] = Reception(
            key=key,
            name_ru=entry["name_ru"],
            name_en=entry["name_en"],
            address=entry["address"],
            text_limit=limit,
            limit_source=entry["limit_source"],
            limit_status=status,
        )
    by_document: dict[str, tuple[str, ...]] = {}
    for document, keys in (data.get("documents") or {}).items():
        unknown = [k for k in keys if k not in table]
        if unknown:
            problems.append(f"{name}: documents.{document}: no reception {unknown[0]!r}")
        by_document[document] = tuple(keys)
    if problems:
        raise ComplaintgenError("\n".join(problems))
    return table, by_document


# --- The combined PDF -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One entry of the combined file: a letter, or an attachment appended after its letter."""

    number: str  # the document's number in the index; empty for an attachment
    title: Any  # the letter's title, or the attachment's (LocalText, shown in the index)
    doc_id: str | None  # None for an attachment
    pdf: bytes
    pages: int


def combined_pdf(
    case: Case,
    packet: Packet,
    as_filed: Mapping[str, bytes],
    attachments: Sequence[ResolvedAttachment],
    partials: _Partials,
) -> bytes:
    """Cover, index, then each letter as filed followed by its PDF attachments; numbered across
    the file at the foot of every page but the cover."""
    parts = list(_parts(packet, as_filed, attachments))
    cover, index = _front_matter(case, packet, parts, partials)
    start = _page_count(cover) + _page_count(index)  # pages before the first part, 0-based
    outline = []
    for part in parts:
        if part.doc_id is not None:
            outline.append((f"{part.number}. {part.title}", start))
        start += part.pages
    label = _PAGE_LABEL[case.language]
    labels = ["", *(label.format(page=n, pages=start) for n in range(2, start + 1))]
    pieces = [(cover, False), (index, False), *((p.pdf, p.doc_id is None) for p in parts)]
    return _assemble(case, pieces, labels, outline)


def _parts(
    packet: Packet, as_filed: Mapping[str, bytes], attachments: Sequence[ResolvedAttachment]
) -> Iterator[_Part]:
    for number, letter in enumerate(packet.letters, start=1):
        pdf = as_filed[letter.doc_id]
        yield _Part(str(number), letter.title, letter.doc_id, pdf, _page_count(pdf))
        if is_filed(letter):
            for item in attachments:
                if item.pdf is not None and item.pages:
                    yield _Part("", item.entry.title, None, item.pdf, item.pages)


def _front_matter(
    case: Case, packet: Packet, parts: Sequence[_Part], partials: _Partials
) -> tuple[bytes, bytes]:
    """The cover and the index, rendered until the page numbers they print are where the parts
    really start (the index's own length moves them)."""
    from complaintgen.writers.pdf_writer import pdf_bytes

    front = (1, 1)  # pages of the cover and of the index, as first guessed
    for _ in range(4):
        start = sum(front) + 1
        rows = []
        for part in parts:
            end = start + part.pages - 1
            pages = str(start) if end == start else f"{start}–{end}"
            rows.append(View(number=part.number, title=part.title, doc_id=part.doc_id, pages=pages))
            start = end + 1
        total = start - 1
        cover_letter = partials.letter(
            case.language,
            "cover",
            doc_id="packet",
            arguments={"documents": len(packet.letters), "pages": total},
        )
        index_letter = partials.letter(
            case.language, "index", doc_id="packet_index", arguments={"rows": rows}
        )
        cover = pdf_bytes(cover_letter, date=case.date)
        index = pdf_bytes(index_letter, date=case.date)
        if (_page_count(cover), _page_count(index)) == front:
            return cover, index
        front = (_page_count(cover), _page_count(index))
    raise RuntimeError("the packet's index does not settle on a page count")  # a bug, not input


def _assemble(
    case: Case,
    pieces: Sequence[tuple[bytes, bool]],
    labels: Sequence[str],
    outline: Sequence[tuple[str, int]],
) -> bytes:
    """One PDF of `pieces` (bytes, whether it is a user's attachment), each page labelled, with
    a bookmark per letter."""
    from pypdf import Transformation

    from complaintgen.writers.pdf_writer import page_labels_pdf

    readers = [(_reader(pdf), attachment) for pdf, attachment in pieces]
    writer = _writer_like(readers[0][0])
    for reader, attachment in readers:
        for page in reader.pages:
            added = writer.add_page(page)
            if attachment:
                _make_inert(added)
    overlay = _reader(page_labels_pdf(list(labels), date=case.date))
    for page, label_page, label in zip(writer.pages, overlay.pages, labels, strict=True):
        if not label:
            continue
        box = page.cropbox
        # The label sits at the foot on the right of an A4 sheet; a page of another size gets it
        # in the same corner.
        shift = Transformation().translate(float(box.right) - _A4_WIDTH_PT, float(box.bottom))
        page.merge_transformed_page(label_page, shift)
    for title, page_index in outline:
        writer.add_outline_item(title=title, page_number=page_index)
    return _written(
        writer, title="Пакет документов" if case.language == "ru" else "Document packet"
    )


def _make_inert(page: Any) -> None:
    """A page from a user's PDF is printed, not used: its rotation goes into its content (so the
    label lands upright) and its actions and annotations (links, scripts) are dropped."""
    page.transfer_rotation_to_content()
    for key in ("/AA", "/Annots"):
        if key in page:
            del page[key]


# --- The filing guide -----------------------------------------------------------------------------


def guide_letter(case: Case, packet: Packet, partials: _Partials) -> Letter:
    """The guide: for each document, how to file it and what to keep as proof."""
    entries = []
    for number, letter in enumerate(packet.letters, start=1):
        txt = packet.file_name(letter, "txt")
        online = online_text(case, letter, txt) if is_filed(letter) else None
        entries.append(
            View(
                number=number,
                doc_id=letter.doc_id,
                title=letter.title,
                filed=is_filed(letter),
                files=View(
                    pdf=packet.file_name(letter, "pdf"),
                    applicant_copy=packet.file_name(letter, f"{COPY}.pdf"),
                    f107=packet.file_name(letter, f"{INVENTORY}.pdf"),
                    txt=txt,
                ),
                receptions=[
                    View(name=r.name(case.language), address=r.address)
                    for r in (online.receptions if online else ())
                ],
                length=online.length if online else 0,
                over=[r.name(case.language) for r in (online.too_long_for if online else ())],
            )
        )
    return partials.letter(
        case.language, "guide", doc_id="filing_guide", arguments={"entries": entries}
    )


# --- Rendering the partials ---------------------------------------------------------------------


class _Partials:
    """The macros of ``templates/<lang>/_filing.xml.j2``, each rendered into a `Letter`.

    The module of each language is made once per packet, over the case's usual template
    context; the packet's own facts (pages, rows, file names) are the macros' arguments.
    """

    def __init__(self, case: Case) -> None:
        self._case = case
        self._modules: dict[str, Any] = {}

    def letter(
        self,
        language: str,
        macro: str,
        *,
        doc_id: str,
        arguments: Mapping[str, Any] | None = None,
    ) -> Letter:
        import jinja2

        source = f"{language}/{PARTIALS}.xml.j2"
        try:
            markup = getattr(self._module(language), macro)(**(arguments or {}))
        except jinja2.TemplateError as error:
            raise TemplateError(f"{source} ({macro}): {error}") from None
        return parse_letter(str(markup), doc_id=doc_id, source=f"{source} ({macro})")

    def _module(self, language: str) -> Any:
        if language not in self._modules:
            from complaintgen.render.rendering import template_module

            self._modules[language] = template_module(self._case, PARTIALS, language)
        return self._modules[language]


# --- PDF pages ------------------------------------------------------------------------------------


def _reader(pdf: bytes) -> pypdf.PdfReader:
    import pypdf

    return pypdf.PdfReader(io.BytesIO(pdf))


def _page_count(pdf: bytes) -> int:
    return len(_reader(pdf).pages)


def _writer_like(reader: pypdf.PdfReader) -> pypdf.PdfWriter:
    """A writer that will carry `reader`'s title, dates and language, and nothing else."""
    import pypdf
    from pypdf.generic import NameObject

    writer = pypdf.PdfWriter()
    info = reader.metadata or {}
    writer.metadata = {
        key: info[key] for key in ("/Title", "/CreationDate", "/ModDate") if key in info
    }
    language = reader.trailer["/Root"].get("/Lang")
    if language is not None:
        writer._root_object[NameObject("/Lang")] = language
    return writer


def _written(writer: pypdf.PdfWriter, *, title: str | None = None) -> bytes:
    from pypdf.generic import create_string_object

    if title is not None and writer.metadata is not None:
        info = dict(writer.metadata)
        info["/Title"] = create_string_object(title)
        writer.metadata = info
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
