"""A `Letter` as PDF, for printing and filing: HTML from the blocks, one stylesheet, WeasyPrint.

Security (DESIGN.md, measured on WeasyPrint 70): every piece of text is HTML-escaped here; the
stylesheet is built from `layout` alone and never holds user data; the URL fetcher serves only
`data:` URLs and the bundled font files, so no markup can make the renderer read a local file or
touch the network. WeasyPrint is imported here and only here, when the first PDF is made (it
costs ~0.4 s to import).
"""

from __future__ import annotations

import datetime as dt
import functools
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from complaintgen import layout
from complaintgen.letter import Block, Letter

if TYPE_CHECKING:
    import pydyf


def pdf_bytes(letter: Letter, *, date: dt.date) -> bytes:
    """The letter as a PDF file's bytes; `date` is the document's date, for its properties."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher()
    fonts = FontConfiguration()
    stylesheet = weasyprint.CSS(string=stylesheet_text(), font_config=fonts, url_fetcher=fetcher)
    document = weasyprint.HTML(string=letter_html(letter, date), url_fetcher=fetcher)
    return document.write_pdf(  # type: ignore[no-any-return]
        stylesheets=[stylesheet],
        font_config=fonts,
        finisher=_plain_info,
        # A fixed /ID (pydyf otherwise derives none or a random one), so equal letters give
        # equal bytes.
        pdf_identifier=letter.doc_id.encode("ascii"),
    )


def letter_html(letter: Letter, date: dt.date) -> str:
    lang = layout.LANG_TAGS[letter.language]
    head = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(letter.title)}</title>"
        f'<meta name="dcterms.created" content="{date.isoformat()}">'
        f'<meta name="dcterms.modified" content="{date.isoformat()}">'
        "</head><body>"
    )
    return head + "".join(_block_html(block) for block in letter.blocks) + "</body></html>"


def _block_html(block: Block) -> str:
    kind = block.kind
    if kind in ("addressee", "sender"):
        lines = "".join(f"<p>{escape(line)}</p>" for line in block.lines)
        return f'<div class="{kind}">{lines}</div>'
    if kind == "title":
        return f"<h1>{escape(block.text)}</h1>"
    if kind == "list":
        heading = f'<p class="list-heading">{escape(block.heading)}</p>' if block.heading else ""
        items = "".join(f"<p>{escape(item)}</p>" for item in block.numbered())
        return f'<div class="list">{heading}{items}</div>'
    if kind == "signature":
        *above, last = block.lines or ("",)
        lines = "".join(f"<p>{escape(line)}</p>" for line in above)
        right = f'<span class="right">{escape(block.right)}</span>' if block.right else ""
        return (
            f'<div class="signature">{lines}'
            f'<p class="last"><span class="left">{escape(last)}</span>{right}</p></div>'
        )
    flat = "" if block.indent else " flat"
    return f'<p class="{kind}{flat}">{escape(block.text)}</p>'


@functools.cache
def stylesheet_text() -> str:
    """The one stylesheet: built from `layout` constants only, never from a case."""
    L = layout
    faces = "".join(
        f"@font-face {{ font-family: '{L.FONT_FAMILY}';"
        f" src: url('{(L.FONTS_DIR / name).as_uri()}');"
        f" font-weight: {('normal', 'bold')[bold]};"
        f" font-style: {('normal', 'italic')[italic]}; }}\n"
        for (bold, italic), name in L.FONT_FILES.items()
    )
    space = {kind: f"margin: {b}pt 0 {a}pt 0;" for kind, (b, a) in L.SPACING_PT.items()}
    return f"""{faces}
@page {{
  size: A4;
  margin: {L.MARGIN_TOP_MM}mm {L.MARGIN_RIGHT_MM}mm {L.MARGIN_BOTTOM_MM}mm {L.MARGIN_LEFT_MM}mm;
  @top-center {{
    content: counter(page);
    font-family: '{L.FONT_FAMILY}'; font-size: {L.PAGE_NUMBER_SIZE_PT}pt;
    vertical-align: top; padding-top: {L.PAGE_NUMBER_FROM_TOP_MM}mm;
  }}
}}
@page :first {{ @top-center {{ content: none; }} }}
@page memo {{ @top-center {{ content: none; }} }}
html {{ font-family: '{L.FONT_FAMILY}'; font-size: {L.FONT_SIZE_PT}pt;
  line-height: {L.LINE_HEIGHT}; }}
body {{ margin: 0; }}
p {{ margin: 0; orphans: 2; widows: 2; }}
.addressee, .sender {{ margin-left: {L.CORNER_OFFSET_MM}mm; width: {L.CORNER_WIDTH_MM}mm;
  text-align: left; page-break-inside: avoid; }}
.addressee {{ {space["addressee"]} }}
.sender {{ {space["sender"]} }}
h1 {{ font-size: {L.FONT_SIZE_PT}pt; font-weight: bold; text-align: center; {space["title"]}
  page-break-after: avoid; }}
.subtitle {{ text-align: center; {space["subtitle"]} page-break-after: avoid; }}
.paragraph, .list p, .note {{ text-align: justify; text-indent: {L.FIRST_LINE_INDENT_MM}mm; }}
.flat {{ text-indent: 0; }}
.list .list-heading {{ text-indent: 0; text-align: left; margin-top: {L.LIST_HEADING_SPACE_PT}pt;
  page-break-after: avoid; }}
.signature {{ {space["signature"]} page-break-inside: avoid; }}
.signature .last {{ display: flex; justify-content: space-between; }}
.date {{ {space["date"]} }}
.note {{ font-size: {L.NOTE_SIZE_PT}pt; {space["note"]} }}
.memo {{ page: memo; font-size: {L.NOTE_SIZE_PT + 2}pt; text-align: justify; {space["memo"]} }}
.memo {{ break-before: page; }}
.memo + .memo {{ break-before: auto; }}
"""


def _plain_info(document: Any, pdf: pydyf.PDF) -> None:
    """Keep the info dictionary to the title and dates: no producer name or version."""
    for key in ("Producer", "Creator", "Author"):
        pdf.info.pop(key, None)


@functools.cache
def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    fonts_dir = layout.FONTS_DIR.resolve()

    class BundledOnly(URLFetcher):  # type: ignore[misc]
        """Serves `data:` URLs and the bundled fonts; refuses everything else, unfetched."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.parent == fonts_dir and path.suffix == ".ttf":
                    return super().fetch(url, headers)
            raise ValueError(f"complaintgen fetches nothing but its own fonts (refused {url!r})")

    return BundledOnly(allowed_protocols=("data", "file"), timeout=1)
