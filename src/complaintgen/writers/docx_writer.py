"""A `Letter` as DOCX, for the lawyer who edits it in Word or LibreOffice.

Paragraphs in named styles defined in the document (`STYLES`: addressee, title, body, request,
attachment list, signature…), their formatting from `layout`, so that an edit in Word or
LibreOffice keeps it and a firm restyles every letter by changing a style; a paragraph carries
direct formatting only where it differs from its style (a line set flush left, a first line
without indent). Numbers of requests and attachments are text, not Word numbering, so that they
survive editing and match the PDF word for word. The file
carries no trace of the machine that made it: python-docx's sample author, thumbnail and
application properties are removed, core properties hold only the title, language and the
document's own date, and the ZIP entries get a fixed timestamp, so the same case and date give
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from copy import deepcopy

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from complaintgen.writers import layout
from complaintgen.writers.letter import Block, Letter, introduces_list

# Parts of python-docx's sample document that describe its authors' machine, not our letter.
_DROPPED_PACKAGE_RELS = {RT.THUMBNAIL, RT.EXTENDED_PROPERTIES}
_DROPPED_DOCUMENT_RELS = {
    RT.CUSTOM_XML,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# The core property `identifier` holds the sha256 of the document's text part as we wrote it:
# an edit in Word or LibreOffice changes that part, so `edited` sees that the file was edited
# after we made it, and `build` does not replace the edit unasked. A placeholder of the same
# length is written first, and replaced once the part is known.
_BODY, _CORE = "word/document.xml", "docProps/core.xml"
_IDENTIFIER = re.compile(rb"<dc:identifier>complaintgen sha256:([0-9a-f]{64})</dc:identifier>")
_PLACEHOLDER = "complaintgen sha256:" + "0" * 64


def docx_bytes(letter: Letter, *, date: dt.date) -> bytes:
    """The letter as a DOCX file's bytes; `date` is the document's date, for its properties."""
    document = docx.Document(io.BytesIO(_blank(letter.language)))
    in_memo = False
    outgoing = letter.outgoing  # printed beside the first addressee line, once
    for index, block in enumerate(letter.blocks):
        if block.kind == "memo" and not in_memo:
            _start_memo_page(document)
            in_memo = True
        _write_block(document, block, outgoing if block.kind == "addressee" else "")
        if block.kind == "addressee":
            outgoing = ""
        following = letter.blocks[index + 1] if index + 1 < len(letter.blocks) else None
        # Nor do the signature and the date begin a page: a page that held only them could
        # have been put under any letter.
        if introduces_list(block, following) or (
            following is not None and following.kind in ("signature", "date")
        ):
            document.paragraphs[-1].paragraph_format.keep_with_next = True
    _set_properties(document, letter, date)
    return _saved(document)


def with_blocks(data: bytes, blocks: Sequence[Block]) -> bytes:
    """The DOCX `data` (one of ours) with `blocks` written after its last paragraph, as if its
    letter had ended with them: the applicant's copy made from the letter's own file."""
    document = docx.Document(io.BytesIO(data))
    for block in blocks:
        _write_block(document, block)
    _clear_properties(document)
    return _saved(document)


def _saved(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def prepare(languages: Iterable[str]) -> None:
    """Set up the empty letter of `languages` now: a forked process then shares it."""
    for language in languages:
        _blank(language)


@functools.lru_cache(maxsize=2)
def _blank(language: str) -> bytes:
    """An empty letter in `language`: python-docx's sample cleaned, our styles and page set.
    Made once per process and language; setting it up costs more than writing a letter."""
    document = docx.Document()
    _strip_sample(document)
    _set_defaults(document, language)
    _add_styles(document)
    _set_page(document)
    for paragraph in document.paragraphs:  # the sample's one empty paragraph
        paragraph._element.getparent().remove(paragraph._element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _strip_sample(document: docx.document.Document) -> None:
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in _DROPPED_PACKAGE_RELS:
            del package.rels[rel_id]
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in _DROPPED_DOCUMENT_RELS:
            del document.part.rels[rel_id]
    # The sample's revision-session ids (rsids) would mark every file as made from the same
    # template; its settings also claim a spell check and ask Word to save a preview picture.
    settings = document.settings.element
    for tag in ("w:rsids", "w:proofState", "w:savePreviewPicture"):
        for child in settings.findall(qn(tag)):
            settings.remove(child)
    for root in (document.element, document.styles.element):
        for element in list(root.iter()):
            if element.tag == qn("w:rsid"):
                element.getparent().remove(element)
                continue
            for attr in [a for a in element.attrib if a.rpartition("}")[2].startswith("rsid")]:
                del element.attrib[attr]


def _set_defaults(document: docx.document.Document, language: str) -> None:
    style = document.styles["Normal"]
    style.font.name = layout.FONT_FAMILY
    style.font.size = Pt(layout.FONT_SIZE_PT)
    run_props = style.element.get_or_add_rPr()
    fonts = run_props.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), layout.FONT_FAMILY)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    lang = run_props.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_props.append(lang)
    tag = layout.LANG_TAGS[language]
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), tag)
    paragraph = style.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    # "Single" in Word and LibreOffice is the font's own line height, as LINE_HEIGHT is in CSS.
    paragraph.line_spacing = 1.0
    paragraph.widow_control = True
    # Also the document-wide defaults, which Word applies to text outside our styles.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        default_rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if default_rpr is not None:
            for child in list(default_rpr):
                if child.tag in (qn("w:rFonts"), qn("w:lang")):
                    default_rpr.remove(child)
            default_rpr.append(deepcopy(fonts))
            default_rpr.append(deepcopy(lang))
    _add_font_fallback(document)


def _add_font_fallback(document: docx.document.Document) -> None:
    """Name Times New Roman as the stand-in for Liberation Serif (same metrics) in the font table,
    so Word on a machine without Liberation fonts keeps the line breaks."""
    table_part = document.part.part_related_by(RT.FONT_TABLE)
    root = docx.oxml.parse_xml(table_part.blob)
    font = OxmlElement("w:font")
    font.set(qn("w:name"), layout.FONT_FAMILY)
    for tag, value in (
        ("w:altName", layout.FONT_FALLBACK),
        ("w:panose1", "02020603050405020304"),
        ("w:charset", "CC"),
        ("w:family", "roman"),
        ("w:pitch", "variable"),
    ):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        font.append(child)
    root.insert(0, font)
    table_part._blob = docx.oxml.xmlchemy.serialize_for_reading(root).encode()


def _set_page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(layout.PAGE_WIDTH_MM)
    section.page_height = Mm(layout.PAGE_HEIGHT_MM)
    section.left_margin = Mm(layout.MARGIN_LEFT_MM)
    section.right_margin = Mm(layout.MARGIN_RIGHT_MM)
    section.top_margin = Mm(layout.MARGIN_TOP_MM)
    section.bottom_margin = Mm(layout.MARGIN_BOTTOM_MM)
    section.header_distance = Mm(layout.PAGE_NUMBER_FROM_TOP_MM)
    section.footer_distance = Mm(10)
    # Page numbers from page 2: the first page has its own, empty header.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.first_line_indent = Mm(0)
    _add_page_field(number)


def _add_page_field(paragraph: Paragraph) -> None:
    """A PAGE field, in the run sequence Word itself writes: begin, code, separate, value, end."""

    def run_with(element: BaseOxmlElement) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(layout.PAGE_NUMBER_SIZE_PT)
        run._r.append(element)

    def field_char(kind: str) -> BaseOxmlElement:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        return char

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    shown = OxmlElement("w:t")
    shown.text = "2"
    for element in (field_char("begin"), code, field_char("separate"), shown, field_char("end")):
        run_with(element)


# Each paragraph style: its name as Word shows it, the block kind whose spacing it has, its
# alignment, whether its first line is indented, its type size (None: the body's), bold, and
# whether it keeps with the next paragraph.
_J, _L, _C = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
STYLES: dict[str, tuple[str, str, WD_ALIGN_PARAGRAPH, bool, float | None, bool, bool]] = {
    "addressee": ("Letter Addressee", "addressee", _L, False, None, False, True),
    "sender": ("Letter Sender", "sender", _L, False, None, False, True),
    "title": ("Letter Title", "title", _C, False, None, True, True),
    "subtitle": ("Letter Subtitle", "subtitle", _C, False, None, False, True),
    "paragraph": ("Letter Body", "paragraph", _J, True, None, False, False),
    "request": ("Letter Request", "list", _J, True, None, False, False),
    "attachments heading": ("Letter Attachments Heading", "list", _L, False, None, False, True),
    "attachments": ("Letter Attachment List", "list", _J, True, None, False, False),
    "signature": ("Letter Signature", "signature", _L, False, None, False, False),
    "date": ("Letter Date", "date", _L, False, None, False, False),
    "note": ("Letter Note", "note", _J, True, layout.NOTE_SIZE_PT, False, False),
    "memo": ("Letter Memo", "memo", _J, False, layout.NOTE_SIZE_PT + 2, False, False),
}


def _add_styles(document: docx.document.Document) -> None:
    """Define `STYLES` in the document, each based on Normal."""
    for key, (name, kind, align, indent, size, bold, keep) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = _style_id(name)
        style.base_style = document.styles["Normal"]
        style.quick_style = True  # shown in Word's style gallery
        form = style.paragraph_format
        before, after = layout.SPACING_PT[kind]
        if key == "attachments heading":
            before = layout.LIST_HEADING_SPACE_PT
        form.space_before, form.space_after = Pt(before), Pt(after)
        form.alignment = align
        form.first_line_indent = Mm(layout.FIRST_LINE_INDENT_MM if indent else 0)
        if kind in ("addressee", "sender"):
            form.left_indent = Mm(layout.CORNER_OFFSET_MM)
        form.keep_with_next = keep or None
        if size is not None:
            style.font.size = Pt(size)
        style.font.bold = bold or None


def _style_id(name: str) -> str:
    return name.replace(" ", "")


def _paragraph(document: docx.document.Document, text: str, style: str) -> Paragraph:
    """A paragraph of `text` in the style for `style` (a key of `STYLES`)."""
    paragraph = document.add_paragraph()
    # By its id: python-docx finds a style given by name (or object) by scanning every style of
    # the document, for every paragraph, which took most of the time a letter took to write.
    paragraph._p.style = _style_id(STYLES[style][0])
    if text:
        paragraph.add_run(text)
    return paragraph


def _write_block(document: docx.document.Document, block: Block, outgoing: str = "") -> None:
    """`outgoing`: the letter's outgoing number line, put before an addressee's first line."""
    kind = block.kind
    if kind in ("addressee", "sender"):
        for n, line in enumerate(block.lines):
            paragraph = _paragraph(document, line, kind)
            if n:
                paragraph.paragraph_format.space_before = Pt(0)
            if n == 0 and outgoing:
                _put_outgoing(paragraph, outgoing)
    elif kind in ("title", "subtitle"):
        _paragraph(document, block.text, kind)
    elif kind in ("paragraph", "note", "memo"):
        paragraph = _paragraph(document, block.text, kind)
        _flush_left_if_ragged(paragraph, block.text)
        if kind != "memo" and not block.indent:
            paragraph.paragraph_format.first_line_indent = Mm(0)
    elif kind == "list":
        # A list under a heading is the «Приложения»; one without, the requests («прошу:»).
        if block.heading:
            _paragraph(document, block.heading, "attachments heading")
        for item in block.numbered():
            paragraph = _paragraph(document, item, "attachments" if block.heading else "request")
            _flush_left_if_ragged(paragraph, item)
    elif kind == "signature":
        *above, last = block.lines or ("",)
        for n, line in enumerate(above):
            paragraph = _paragraph(document, line, "signature")
            paragraph.paragraph_format.keep_with_next = True
            if n:
                paragraph.paragraph_format.space_before = Pt(0)
        paragraph = _paragraph(document, "", "signature")
        if above:
            paragraph.paragraph_format.space_before = Pt(0)
        paragraph.add_run(last)
        if block.right:
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Mm(layout.TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT
            )
            paragraph.add_run("\t" + block.right)
    elif kind == "date":
        _paragraph(document, block.text, kind)
    elif kind == "table":
        _write_table(document, block)


def _put_outgoing(paragraph: Paragraph, outgoing: str) -> None:
    """«Исх. № … от …» at the left margin of the addressee's first line, the line itself at
    the addressee's column: a hanging first line with a tab stop there, so that an edit of
    either in Word moves neither (a table or a text frame would be harder to edit)."""
    paragraph.paragraph_format.first_line_indent = -Mm(layout.CORNER_OFFSET_MM)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(layout.CORNER_OFFSET_MM))
    paragraph.runs[0]._r.addprevious(_run(paragraph, f"{outgoing}\t"))


def _run(paragraph: Paragraph, text: str) -> BaseOxmlElement:
    """A detached run of `text` (tabs as tabs), to be placed where the caller wants it."""
    run = paragraph.add_run(text)
    element = run._r
    element.getparent().remove(element)
    return element


def _flush_left_if_ragged(paragraph: Paragraph, text: str) -> None:
    """Justified, as the PDF (the style's); flush left when a long unbroken run would stretch
    a line."""
    if layout.has_long_run(text):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


_ALIGN = {
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _write_table(document: docx.document.Document, block: Block) -> None:
    """A ruled table, as the PDF draws it; `at_foot` floats it to the foot of the page."""
    if block.at_foot:
        # The box follows the signature and the date: they stay on the page it sits on.
        for paragraph in document.paragraphs[-2:]:
            paragraph.paragraph_format.keep_with_next = True
    else:
        _spacer(document, layout.SPACING_PT["table"][0]).paragraph_format.keep_with_next = True
    table = document.add_table(rows=len(block.rows), cols=len(block.columns))
    table.autofit = False
    widths = [Mm(layout.TEXT_WIDTH_MM * width / 100) for width, _ in block.columns]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads
    properties = table._tbl.tblPr
    # Children of w:tblPr have a fixed order in the schema; Word refuses a file that breaks it.
    properties.insert_element_before(
        _borders(), "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )
    if block.at_foot:
        # LibreOffice (7.4) lays out a floating table as wide as the text as an ordinary one,
        # right where it stands: a box at the foot is drawn a little narrower (its template).
        properties.insert_element_before(
            _at_foot_of_page(),
            *("w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize"),
            *("w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd"),
            *("w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"),
        )
    for number, (row, cells) in enumerate(zip(table.rows, block.rows, strict=True)):
        heading = block.header and number == 0
        row_properties = row._tr.get_or_add_trPr()
        row_properties.append(OxmlElement("w:cantSplit"))  # before w:tblHeader, as the schema says
        if heading:
            row_properties.append(OxmlElement("w:tblHeader"))
        for cell, lines, width, (_, align) in zip(
            row.cells, cells, widths, block.columns, strict=True
        ):
            cell.width = width  # the widths Word reads
            for n, line in enumerate(lines or ("",)):
                paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                paragraph.alignment = _ALIGN[align]
                run = paragraph.add_run(line)
                run.font.size = Pt(layout.TABLE_SIZE_PT)
                run.bold = heading or None
    # A table cannot end a document or precede a section break in Word: a paragraph follows.
    # For the box at the foot it is also the anchor the floating table is positioned from.
    _spacer(document, 1)


def _spacer(document: docx.document.Document, height_pt: float) -> Paragraph:
    """An empty paragraph exactly `height_pt` high."""
    paragraph = _paragraph(document, "", "paragraph")
    paragraph.paragraph_format.line_spacing = Pt(height_pt)
    return paragraph


def _borders() -> BaseOxmlElement:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        rule = OxmlElement(f"w:{edge}")
        rule.set(qn("w:val"), "single")
        rule.set(qn("w:sz"), str(int(layout.TABLE_RULE_PT * 8)))  # eighths of a point
        rule.set(qn("w:space"), "0")
        rule.set(qn("w:color"), "000000")
        borders.append(rule)
    return borders


def _at_foot_of_page() -> BaseOxmlElement:
    """Floating-table position: at the foot of the text area, from its left edge."""
    position = OxmlElement("w:tblpPr")
    for attr, value in (
        ("w:vertAnchor", "margin"),
        ("w:tblpYSpec", "bottom"),
        ("w:horzAnchor", "margin"),
        ("w:tblpXSpec", "left"),
        ("w:topFromText", str(int(layout.FOOT_GAP_MM * 56.7))),  # twentieths of a point
    ):
        position.set(qn(attr), value)
    return position


def _start_memo_page(document: docx.document.Document) -> None:
    """The memo starts a section of its own: a new page with no page number."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    for header in (section.header, section.first_page_header):
        header.is_linked_to_previous = False
        for paragraph in header.paragraphs:
            for run in paragraph.runs:
                run._r.getparent().remove(run._r)


def _set_properties(document: docx.document.Document, letter: Letter, date: dt.date) -> None:
    props = document.core_properties
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    _clear_properties(document)
    props.title = letter.title
    props.language = layout.LANG_TAGS[letter.language]
    props.revision = 1
    props.created = stamp
    props.modified = stamp


def _clear_properties(document: docx.document.Document) -> None:
    """No author, comments or keywords, and the text part's sha256 to come (`_fixed_zip`).
    Set anew, not only left empty, also in a file read back (`with_blocks`), whose empty
    elements python-docx would otherwise write in their short form: the same copy, made
    either way, is then the same bytes."""
    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.subject = ""
    props.identifier = _PLACEHOLDER


def _fixed_zip(data: bytes) -> bytes:
    """The same ZIP with every entry stamped 1980-01-01, so equal letters give equal files."""
    source = zipfile.ZipFile(io.BytesIO(data))
    digest = hashlib.sha256(source.read(_BODY)).hexdigest()
    stamp = _PLACEHOLDER.encode(), _PLACEHOLDER[:-64].encode() + digest.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            part = source.read(info.filename)
            target.writestr(entry, part.replace(*stamp) if entry.filename == _CORE else part)
    return out.getvalue()


def edited(data: bytes) -> bool | None:
    """Whether a DOCX we wrote was edited since (its text part is no longer the one we wrote);
    None when it is not a file of ours, or not a DOCX at all."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            found = _IDENTIFIER.search(package.read(_CORE))
            if found is None:
                return None
            return hashlib.sha256(package.read(_BODY)).hexdigest() != found[1].decode()
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
