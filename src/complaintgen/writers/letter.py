"""The letter: what a document says, in blocks, with no notion of DOCX or PDF.

Templates render a small XML markup; `parse_letter` turns it into a `Letter`; each writer lays the
blocks out on A4 in its own format. The vocabulary is deliberately small, so that both writers
give the same words in the same order (the tests compare the DOCX and the PDF of every document).

The markup, one element per block, in the order the blocks appear on the page::

    <letter title="Рапорт о направлении на ВВК" lang="ru">
      <addressee>one line per line</addressee>      top right, lines at most 8 cm
      <sender>one line per line</sender>            top right, under the addressee
      <title>РАПОРТ</title>                         centred, bold
      <subtitle>о направлении …</subtitle>          centred
      <p>text, wrapped freely in the template</p>   justified, 1.25 cm first-line indent
      <p indent="no">…</p>                          justified, no indent («прошу:» lead-ins)
      <list><item>…</item></list>                   numbered «1.», «2.» as text, indented
      <list heading="Приложения:">…</list>          the same, after a heading line
      <signature>
        <left>one line per line</left><right>И. О. Фамилия</right>
      </signature>                                  left lines; the name on the last line, right
      <date>«20» ноября 2026 г.</date>               on its own line, left
      <note>small print</note>                      smaller type
      <table cols="8c 62 30c" header="yes">         a ruled table (inventory, index); cols are
        <row><cell>one line per line</cell>…</row>  widths in % of the text width, each with an
      </table>                                      optional alignment (l, c, r); header="yes"
                                                    makes the first row bold and repeated on each
                                                    page; foot="yes" puts the table at the foot
                                                    of the page where it falls (the «Отметка о
                                                    принятии» box on an applicant's copy)
      <memo>text</memo>                             a note to the applicant, never filed: the
                                                    packet writes `Letter.filed()` into the
                                                    letter's files and gathers the notes into a
                                                    file of their own (00_read_me_first.pdf)
    </letter>

A letter numbered in an outgoing register also carries its `outgoing` line («Исх. № 12 от
20.11.2026»), set by the packet (batch.register.numbered), never by a template: both writers
print it top left, on the level of the addressee's first line.

User data reaches the markup only through Jinja with autoescape on, so it can never open or close
an element: structure comes from the template alone.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Literal

from complaintgen.errors import TemplateError

BlockKind = Literal[
    "addressee",
    "sender",
    "title",
    "subtitle",
    "paragraph",
    "list",
    "signature",
    "date",
    "note",
    "memo",
    "table",
]

# A table cell: its lines. A row: its cells.
Cell = tuple[str, ...]
Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Block:
    """One block of a letter.

    `lines` holds the block's text: one entry per line (addressee, sender, signature's left
    column), per item (list), per line of every cell in reading order (table), or a single entry
    (everything else). `heading` is a list's heading and `right` the name on a signature's last
    line. A table also has its `rows`, its `columns` (width in per cent, alignment «l», «c» or
    «r»), whether the first row is a `header`, and whether it sits `at_foot` of its page.
    """

    kind: BlockKind
    lines: tuple[str, ...]
    heading: str = ""
    right: str = ""
    indent: bool = True
    rows: tuple[Row, ...] = ()
    columns: tuple[tuple[int, str], ...] = ()
    header: bool = False
    at_foot: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    def numbered(self) -> tuple[str, ...]:
        """A list's items as printed: «1. …», «2. …»."""
        return tuple(f"{n}. {item}" for n, item in enumerate(self.lines, start=1))


@dataclass(frozen=True)
class Letter:
    doc_id: str
    language: str
    title: str
    blocks: tuple[Block, ...]
    outgoing: str = ""  # «Исх. № 12 от 20.11.2026» when numbered in a register, else empty

    @property
    def filed_blocks(self) -> tuple[Block, ...]:
        """The blocks that are the document itself, without the notes to the applicant."""
        return tuple(block for block in self.blocks if block.kind != "memo")

    @property
    def memo(self) -> tuple[str, ...]:
        """The notes to the applicant (the memo blocks' texts), in order."""
        return tuple(block.text for block in self.blocks if block.kind == "memo")

    def filed(self) -> Letter:
        """The letter as it is printed, filed, attached and counted: its filed blocks alone. A
        note to the applicant handed over with the document would tell the receiver what the
        applicant was warned about, so no file of the letter holds one."""
        return dataclasses.replace(self, blocks=self.filed_blocks)

    def plain_text(self, *, filed_only: bool = False) -> str:
        """The letter as plain text, one printed line or paragraph per line.

        This is the text both writers must reproduce; goldens and the online-reception version
        (`filed_only`) are made from it.
        """
        out: list[str] = [self.outgoing] if self.outgoing else []
        for block in self.filed_blocks if filed_only else self.blocks:
            if block.kind == "list":
                if block.heading:
                    out.append(block.heading)
                out.extend(block.numbered())
            elif block.kind == "signature":
                out.extend(block.lines[:-1])
                out.append(
                    f"{block.lines[-1]}    {block.right}".strip() if block.lines else block.right
                )
            else:
                out.extend(block.lines)
        return "\n".join(out) + "\n"


_LINE_BLOCKS = {"addressee": "addressee", "sender": "sender"}
_TEXT_BLOCKS = {
    "title": "title",
    "subtitle": "subtitle",
    "p": "paragraph",
    "date": "date",
    "note": "note",
    "memo": "memo",
}
_SPACE = re.compile(r"\s+")


def _flow(text: str | None) -> str:
    """Text as flowed in a paragraph: line breaks and runs of spaces become one space."""
    return _SPACE.sub(" ", text or "").strip()


def _lines(element: ET.Element) -> tuple[str, ...]:
    return tuple(line for line in (_flow(raw) for raw in _text_of(element).split("\n")) if line)


def _text_of(element: ET.Element) -> str:
    if len(element):
        raise TemplateError(f"<{element.tag}> holds elements; it may hold text only")
    return element.text or ""


def parse_letter(markup: str, *, doc_id: str, source: str = "template") -> Letter:
    """Turn rendered markup into a `Letter`; a malformed template raises `TemplateError`."""
    if "<!" in markup:
        # No DOCTYPE, entity declarations or comments: nothing that could make the XML parser
        # expand or fetch anything.
        raise TemplateError(f"{source}: declarations (<!…>) are not allowed in a letter template")
    try:
        root = ET.fromstring(markup.strip())
    except ET.ParseError as error:
        raise TemplateError(f"{source}: the rendered letter is not well-formed: {error}") from None
    if root.tag != "letter":
        raise TemplateError(f"{source}: a letter template renders one <letter> element")
    blocks = tuple(_block(element, source) for element in root)
    title = root.get("title")
    if not title:
        raise TemplateError(f'{source}: <letter> needs a title="…" (it becomes the file\'s title)')
    return Letter(doc_id=doc_id, language=root.get("lang", "ru"), title=title, blocks=blocks)


def _block(element: ET.Element, source: str) -> Block:
    tag = element.tag
    if tag in _LINE_BLOCKS:
        return Block(_LINE_BLOCKS[tag], _lines(element))  # type: ignore[arg-type]
    if tag in _TEXT_BLOCKS:
        indent = element.get("indent", "yes") != "no"
        return Block(_TEXT_BLOCKS[tag], (_flow(_text_of(element)),), indent=indent)  # type: ignore[arg-type]
    if tag == "list":
        items = []
        for item in element:
            if item.tag != "item":
                raise TemplateError(f"{source}: <list> holds <item> elements, not <{item.tag}>")
            items.append(_flow(_text_of(item)))
        return Block(
            "list", tuple(item for item in items if item), heading=element.get("heading", "")
        )
    if tag == "table":
        return _table(element, source)
    if tag == "signature":
        left = element.find("left")
        right = element.find("right")
        return Block(
            "signature",
            _lines(left) if left is not None else (),
            right=_flow(_text_of(right)) if right is not None else "",
        )
    raise TemplateError(
        f"{source}: unknown block <{tag}>; see complaintgen/writers/letter.py for the list"
    )


_COLUMN = re.compile(r"(\d{1,3})([lcr]?)")


def _table(element: ET.Element, source: str) -> Block:
    rows: list[Row] = []
    for row in element:
        if row.tag != "row":
            raise TemplateError(f"{source}: <table> holds <row> elements, not <{row.tag}>")
        cells = []
        for cell in row:
            if cell.tag != "cell":
                raise TemplateError(f"{source}: <row> holds <cell> elements, not <{cell.tag}>")
            cells.append(_lines(cell))
        rows.append(tuple(cells))
    if not rows or not rows[0]:
        raise TemplateError(f"{source}: a <table> needs at least one <row> with a <cell>")
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise TemplateError(f"{source}: every <row> of a <table> needs {width} <cell> elements")
    columns = _columns(element.get("cols"), width, source)
    return Block(
        "table",
        tuple(line for row in rows for cell in row for line in cell),
        rows=tuple(rows),
        columns=columns,
        header=element.get("header", "no") == "yes",
        at_foot=element.get("foot", "no") == "yes",
    )


def _columns(spec: str | None, width: int, source: str) -> tuple[tuple[int, str], ...]:
    """«8c 62 30c» → ((8, "c"), (62, "l"), (30, "c")); equal left-aligned columns by default."""
    if spec is None:
        return tuple((100 // width, "l") for _ in range(width))
    matches = [_COLUMN.fullmatch(part) for part in spec.split()]
    if len(matches) != width or not all(matches):
        raise TemplateError(
            f'{source}: <table cols="{spec}">: give {width} widths in per cent, each with an '
            'optional l, c or r, e.g. cols="10c 60 30r"'
        )
    columns = tuple((int(m[1]), m[2] or "l") for m in matches if m)
    if sum(w for w, _ in columns) > 100:
        raise TemplateError(f'{source}: <table cols="{spec}">: the widths add up to more than 100')
    return columns


def introduces_list(block: Block, following: Block | None) -> bool:
    """Whether `block` is a paragraph that introduces the list after it («… прошу:»): both
    writers keep it on the page of that list's first item."""
    return (
        block.kind == "paragraph"
        and block.text.rstrip().endswith(":")
        and following is not None
        and following.kind == "list"
    )
