"""A `Letter` as PDF, for printing and filing: HTML from the blocks, one stylesheet, WeasyPrint.

Security (measured on WeasyPrint 70): every piece of text is HTML-escaped here; the
stylesheet is built from `layout` alone and never holds user data; the URL fetcher serves only
`data:` URLs and the bundled font files, so no markup can make the renderer read a local file or
touch the network. WeasyPrint is imported here and only here, when the first PDF is made (it
costs ~0.4 s to import).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime as dt
import functools
import io
import re
import sys
import threading
import warnings
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from complaintgen.writers import layout
from complaintgen.writers.letter import Block, Letter, introduces_list

# PDF variants on request (`--pdf-variant`), made by WeasyPrint itself: PDF/A-2b adds the sRGB
# output intent and XMP metadata (pdfaid) archives ask for; PDF/UA-1 adds the structure tree,
# marked content and XMP (pdfuaid) that screen readers use. The default stays plain PDF 1.7:
# every viewer, printer and online reception takes it, it is smaller (no 3 KB ICC profile), and
# WeasyPrint calls its variants experimental: we cannot run a validator (veraPDF) offline, and
# a file that claims PDF/A on every packet without being checked promises more than we know.
PDF_VARIANTS = ("pdf/a-2b", "pdf/ua-1")


def pdf_bytes(letter: Letter, *, date: dt.date, variant: str | None = None) -> bytes:
    """The letter as a PDF file's bytes; `date` is the document's date, for its properties;
    `variant` one of `PDF_VARIANTS`, or None for plain PDF."""
    return laid_out(letter, date=date, variant=variant).pdf


@dataclasses.dataclass(frozen=True)
class LaidOut:
    """A letter's PDF, and how its last page is filled, measured on its layout (in points):
    what the applicant's copy needs to know to draw its box onto that page."""

    pdf: bytes
    # From the top of the text area to the bottom of the page's last line of text (not
    # counting what sits at its foot).
    text_pt: float
    # From there down to the foot of the text area.
    room_pt: float
    # The height of what sits at the foot (a footnote: the acceptance box), its gap included.
    foot_pt: float


def laid_out(letter: Letter, *, date: dt.date, variant: str | None = None) -> LaidOut:
    """The letter's PDF (as `pdf_bytes`), with its last page measured."""
    options = _options(letter, variant)
    document = _render(letter, date, options)
    from weasyprint.formatting_structure import boxes  # after _render said why not, if not

    page = document.pages[-1]._page_box
    top = page.content_box_y()
    bottom = top + page.height
    flow, *at_foot = page.children  # the root box; the footnote area, margin boxes
    lines = [box for box in flow.descendants() if isinstance(box, boxes.LineBox)]
    lowest = max((line.position_y + line.margin_height() for line in lines), default=top)
    foot = sum(
        box.margin_height()
        for box in at_foot
        if isinstance(box, boxes.FootnoteAreaBox) and box.children
    )
    px = 0.75  # points per CSS pixel
    return LaidOut(
        _write(document, options), (lowest - top) * px, (bottom - lowest) * px, foot * px
    )


def pdf_parts_bytes(letters: Sequence[Letter], *, date: dt.date) -> tuple[bytes, list[range]]:
    """The letters laid out in one render, each from a new page and numbered from 1 as though it
    stood alone: one plain PDF, and the range of each letter's pages in it.

    WeasyPrint's cost is the layout of each render, not its size: a packet's short forms (the
    Ф.107 inventories) are laid out together and split with pypdf. All `letters` share one
    language (the document's `lang`); the title is the first letter's, for the caller to set.
    """
    import weasyprint

    first = letters[0]
    assert all(letter.language == first.language for letter in letters)
    options = _options(first, None)
    # Each letter is a page group: its first page starts it, carries no number, and the next
    # one is numbered 2 (`@page :first` does this for a letter rendered alone).
    parts = weasyprint.CSS(
        string=f"""section.{_PART} {{ page: {_PART}; break-before: page; }}
@page :nth(1 of {_PART}) {{ counter-reset: page 1; @top-center {{ content: none; }} }}""",
        font_config=options["font_config"],
        url_fetcher=_fetcher(),
    )
    options["stylesheets"] = [*options["stylesheets"], parts]
    body = "".join(
        f'<section class="{_PART}" id="{_PART}-{number}">{"".join(_body_html(letter.blocks))}'
        "</section>"
        for number, letter in enumerate(letters)
    )
    page = letter_html(dataclasses.replace(first, blocks=()), date)
    html = page.replace("</body>", body + "</body>")
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher()).render(**options)
    # A section's id is an anchor of every page it spans: its first page is where it starts.
    first_pages: dict[str, int] = {}
    for index, laid_out in enumerate(document.pages):
        for anchor in laid_out.anchors:
            first_pages.setdefault(anchor, index)
    starts = [first_pages[f"{_PART}-{number}"] for number in range(len(letters))]
    ends = [*starts[1:], len(document.pages)]
    return _write(document, options), [range(a, b) for a, b in zip(starts, ends, strict=True)]


_PART = "part"


def _options(letter: Letter, variant: str | None) -> dict[str, Any]:
    if variant is not None and variant not in PDF_VARIANTS:
        raise ValueError(f"unknown PDF variant {variant!r}; one of {', '.join(PDF_VARIANTS)}")
    fonts, stylesheet = _styles()
    return {
        "stylesheets": [stylesheet],
        "font_config": fonts,
        # A fixed /ID (pydyf otherwise derives none or a random one), so equal letters give
        # equal bytes; our identifier also wins over the random one a variant would ask for.
        "pdf_identifier": letter.doc_id.encode("ascii"),
        "pdf_variant": variant,
    }


def _render(letter: Letter, date: dt.date, options: dict[str, Any]) -> Any:
    weasyprint = _weasyprint()

    html = weasyprint.HTML(string=letter_html(letter, date), url_fetcher=_fetcher())
    return html.render(**options)


def _write(document: Any, options: dict[str, Any]) -> bytes:
    write_options = {k: v for k, v in options.items() if k not in ("stylesheets", "font_config")}
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it; the handle is
        # freed at once, with a ResourceWarning that says nothing about our letter.
        warnings.filterwarnings(
            "ignore", r"unclosed file .*sRGB2014\.icc", category=ResourceWarning
        )
        return document.write_pdf(  # type: ignore[no-any-return]
            finisher=_plain_info, **write_options
        )


@functools.cache
def _styles() -> tuple[Any, Any]:
    """The font configuration and the parsed stylesheet, made once per process.

    Both depend on the bundled fonts and `layout` alone, never on a case, so sharing them between
    letters changes no byte of the output (a test compares) and saves ~15 % of each PDF.
    """
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration  # after _weasyprint() said why not

    fonts = FontConfiguration()
    stylesheet = weasyprint.CSS(string=stylesheet_text(), font_config=fonts, url_fetcher=_fetcher())
    # Let go of them before the interpreter tears modules down: FontConfiguration's __del__
    # needs its modules alive, and complains at exit otherwise.
    atexit.register(_styles.cache_clear)
    return fonts, stylesheet


def letter_html(letter: Letter, date: dt.date) -> str:
    lang = layout.LANG_TAGS[letter.language]
    head = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(letter.title)}</title>"
        f'<meta name="dcterms.created" content="{date.isoformat()}">'
        f'<meta name="dcterms.modified" content="{date.isoformat()}">'
        "</head><body>"
    )
    body = "".join(_body_html(letter.blocks, letter.outgoing))
    return head + body + "</body></html>"


def _body_html(blocks: tuple[Block, ...], outgoing: str = "") -> list[str]:
    """Each block's HTML; a paragraph that introduces the list after it («… прошу:») is kept
    with that list's first item, so that it never stands alone at the foot of a page.
    `outgoing`, the letter's outgoing number line, goes with the first addressee block."""
    parts: list[str] = []
    lead = ""
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if introduces_list(block, following):
            lead = _block_html(block)
            continue
        parts.append(_block_html(block, lead, outgoing if block.kind == "addressee" else ""))
        if block.kind == "addressee":
            outgoing = ""
        lead = ""
    return parts


def _block_html(block: Block, lead: str = "", outgoing: str = "") -> str:
    """`lead`: the HTML of the paragraph that introduces a list, kept with its first item;
    `outgoing`: the outgoing number line, set at the left of an addressee's first line."""
    kind = block.kind
    if kind in ("addressee", "sender"):
        lines = "".join(f"<p>{escape(line)}</p>" for line in block.lines)
        number = f'<p class="outgoing">{escape(outgoing)}</p>' if outgoing else ""
        return f'<div class="{kind}">{number}{lines}</div>'
    if kind == "title":
        return f"<h1>{escape(block.text)}</h1>"
    if kind == "list":
        items = [f"<p{_ragged(item)}>{escape(item)}</p>" for item in block.numbered()]
        heading = f'<p class="list-heading">{escape(block.heading)}</p>' if block.heading else ""
        if not (lead or heading) or not items:
            return f'<div class="list">{heading}{"".join(items)}</div>'
        # A heading alone at a page's foot reads as the end of the letter: it is kept with the
        # first item (WeasyPrint does not honour break-after: avoid between the two).
        first = f'<div class="keep">{lead}<div class="list">{heading}{items[0]}</div></div>'
        return first + (f'<div class="list">{"".join(items[1:])}</div>' if items[1:] else "")
    if kind == "table":
        return _table_html(block)
    if kind == "signature":
        *above, last = block.lines or ("",)
        lines = "".join(f"<p>{escape(line)}</p>" for line in above)
        right = f'<span class="right">{escape(block.right)}</span>' if block.right else ""
        return (
            f'<div class="signature">{lines}'
            f'<p class="last"><span class="left">{escape(last)}</span>{right}</p></div>'
        )
    flat = "" if block.indent else " flat"
    ragged = " ragged" if layout.has_long_run(block.text) else ""
    return f'<p class="{kind}{flat}{ragged}">{escape(block.text)}</p>'


def _ragged(text: str) -> str:
    """The class attribute of a list item set flush left (see `layout.has_long_run`)."""
    return ' class="ragged"' if layout.has_long_run(text) else ""


def _cell_html(lines: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def _table_html(block: Block) -> str:
    """A ruled table; at the foot of its page when `at_foot` (the acceptance box)."""
    # The widths are integers the letter parser checked; no text of a case reaches a style.
    # Per cent of the text width; the table is as wide as its columns.
    total = sum(int(width) for width, _ in block.columns)
    columns = "".join(
        f'<col style="width: {100 * int(width) / total:.3f}%">' for width, _ in block.columns
    )
    rows = []
    for number, row in enumerate(block.rows):
        tag = "th" if block.header and number == 0 else "td"
        cells = "".join(
            f'<{tag} class="al-{align}">{_cell_html(lines)}</{tag}>'
            for lines, (_, align) in zip(row, block.columns, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    head = f"<thead>{rows[0]}</thead>" if block.header else ""
    body = "".join(rows[1:] if block.header else rows)
    table = (
        f'<table class="grid" style="width: {total}%"><colgroup>{columns}</colgroup>'
        f"{head}<tbody>{body}</tbody></table>"
    )
    if not block.at_foot:
        return table
    # A footnote with no call or marker sits at the foot of the page; if it does not fit there,
    # the block that holds it moves to the next page, taking the date above along with it.
    return f'<div class="foot-anchor">&#160;<div class="foot">{table}</div></div>'


def _font_faces() -> str:
    """The @font-face rules of the bundled fonts."""
    L = layout
    return "".join(
        f"@font-face {{ font-family: '{L.FONT_FAMILY}';"
        f" src: url('{(L.FONTS_DIR / name).as_uri()}');"
        f" font-weight: {('normal', 'bold')[bold]};"
        f" font-style: {('normal', 'italic')[italic]}; }}\n"
        for (bold, italic), name in L.FONT_FILES.items()
    )


@functools.cache
def stylesheet_text() -> str:
    """The one stylesheet: built from `layout` constants only, never from a case."""
    L = layout
    faces = _font_faces()
    # Space above and below only: a `margin` shorthand here would also reset the left margin
    # that puts the addressee block in the right-hand column.
    space = {
        kind: f"margin-top: {b}pt; margin-bottom: {a}pt;" for kind, (b, a) in L.SPACING_PT.items()
    }
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
@page {{ @footnote {{ margin-top: {L.FOOT_GAP_MM}mm; }} }}
html {{ font-family: '{L.FONT_FAMILY}'; font-size: {L.FONT_SIZE_PT}pt;
  line-height: {L.LINE_HEIGHT}; overflow-wrap: anywhere; }}
body {{ margin: 0; }}
p {{ margin: 0; orphans: 2; widows: 2; }}
.addressee, .sender {{ margin-left: {L.CORNER_OFFSET_MM}mm; width: {L.CORNER_WIDTH_MM}mm;
  text-align: left; page-break-inside: avoid; }}
.addressee {{ {space["addressee"]} position: relative; }}
.addressee .outgoing {{ position: absolute; top: 0; left: -{L.CORNER_OFFSET_MM}mm;
  width: {L.OUTGOING_WIDTH_MM}mm; }}
.sender {{ {space["sender"]} }}
h1 {{ font-size: {L.FONT_SIZE_PT}pt; font-weight: bold; text-align: center; {space["title"]}
  page-break-after: avoid; }}
.subtitle {{ text-align: center; {space["subtitle"]} page-break-after: avoid; }}
.paragraph, .list p, .note {{ text-align: justify; text-indent: {L.FIRST_LINE_INDENT_MM}mm; }}
.flat {{ text-indent: 0; }}
.paragraph.ragged, .list p.ragged, .note.ragged, .memo.ragged {{ text-align: left; }}
.list .list-heading {{ text-indent: 0; text-align: left; margin-top: {L.LIST_HEADING_SPACE_PT}pt;
  page-break-after: avoid; }}
.keep {{ page-break-inside: avoid; }}
.signature {{ {space["signature"]} page-break-inside: avoid; }}
.signature .last {{ display: flex; justify-content: space-between; }}
.date {{ {space["date"]} }}
/* The signature and the date never begin a page: text of the letter stands above them. */
.signature, .signature + .date {{ break-before: avoid; }}
.note {{ font-size: {L.NOTE_SIZE_PT}pt; {space["note"]} }}
.memo {{ page: memo; font-size: {L.NOTE_SIZE_PT + 2}pt; text-align: justify; {space["memo"]} }}
.memo {{ break-before: page; }}
.memo + .memo {{ break-before: auto; }}
table.grid {{ width: 100%; border-collapse: collapse; table-layout: fixed;
  font-size: {L.TABLE_SIZE_PT}pt; {space["table"]} }}
table.grid td, table.grid th {{ border: {L.TABLE_RULE_PT}pt solid black;
  padding: {L.CELL_PADDING_MM[0]}mm {L.CELL_PADDING_MM[1]}mm; vertical-align: top;
  font-weight: normal; }}
table.grid th {{ font-weight: bold; }}
table.grid tr {{ break-inside: avoid; }}
.al-l {{ text-align: left; }}
.al-c {{ text-align: center; }}
.al-r {{ text-align: right; }}
.foot-anchor {{ break-before: avoid; }}
.date:has(+ .foot-anchor) {{ break-before: avoid; }}
.foot {{ float: footnote; footnote-policy: block; }}
.foot::footnote-call {{ content: none; }}
.foot::footnote-marker {{ content: none; }}
.foot table.grid {{ margin: 0; }}
"""


def _plain_info(document: Any, pdf: Any) -> None:
    """Keep the info dictionary to the title and dates: no producer name or version.

    `pdf` is WeasyPrint's `pydyf.PDF`; pydyf ships no type information.
    """
    for key in ("Producer", "Creator", "Author"):
        pdf.info.pop(key, None)
    # A letter has no place a reader needs to jump to: the catalogue keeps no named
    # destinations.
    pdf.catalog.pop("Names", None)
    _plain_xmp(pdf)


# WeasyPrint writes «pdf:Producer="WeasyPrint 70.0"» into the XMP of every variant. PDF/A wants
# the XMP and the info dictionary to agree, and the info has no Producer: both go.
_XMP_PRODUCER = re.compile(rb'\s+pdf:Producer="[^"]*"|<pdf:Producer>[^<]*</pdf:Producer>')


def _plain_xmp(pdf: Any) -> None:
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return
    stream = pdf.objects[int(bytes(reference).split()[0])]  # b"25 0 R"
    content = b"".join(
        part if isinstance(part, bytes) else str(part).encode() for part in stream.stream
    )
    stream.stream = [_XMP_PRODUCER.sub(b"", content)]


def _weasyprint() -> Any:
    """WeasyPrint, imported here alone: without the system's Pango its import fails with an
    OSError from cffi and a long traceback; the user gets one line (what is missing, how to
    install it, that DOCX needs none of it) instead. WeasyPrint's own banner about the failure
    (printed before it raises) is held back: our line says it, in the user's language."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            weasyprint = _imported_weasyprint()
    except OSError as error:
        from complaintgen import messages
        from complaintgen.errors import ComplaintgenError
        from complaintgen.messages.language import user_language

        quoted = re.search(r"'([^']+)'", str(error))
        reason = quoted.group(1) if quoted else str(error).split(":")[0]
        raise ComplaintgenError(
            messages.render("pdf.no_pango", user_language(), reason=reason)
        ) from None
    return weasyprint


_import_lock = threading.Lock()


def _imported_weasyprint() -> Any:
    """`import weasyprint`, without the 0.17 s ctypes spends searching on Linux.

    WeasyPrint tries each library it loads under several names, the Linux soname
    (libpango-1.0.so.0), which dlopen finds by itself, among the last. Each earlier name goes to
    ctypes.util.find_library, which on Linux runs ldconfig and gcc as subprocesses: some twenty
    processes per import. During the import that search answers «not found» at once, so the
    sonames are loaded directly; where that fails (a library only the search finds), the import
    is tried again with the search itself, as WeasyPrint would do it.
    """
    with _import_lock:
        if sys.platform == "linux" and "weasyprint" not in sys.modules:
            import ctypes.util

            search = ctypes.util.find_library
            ctypes.util.find_library = _not_searched
            try:
                import weasyprint
            except OSError:
                pass  # the modules that failed are gone from sys.modules: imported again below
            finally:
                ctypes.util.find_library = search
        import weasyprint

        return weasyprint


def _not_searched(name: str) -> None:
    return None


def warm_up() -> None:
    """Import WeasyPrint now if it can be (a batch's worker pays it once, not per case); without
    Pango nothing is said here: each PDF asked for says it, as one line."""
    from complaintgen.errors import ComplaintgenError

    with contextlib.suppress(ComplaintgenError):
        _weasyprint()


@functools.cache
def _fetcher() -> Any:
    _weasyprint()
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


def page_labels_pdf(labels: list[str], *, date: dt.date) -> bytes:
    """A4 pages that are blank but for `labels[i]` at the foot, on the right, of page i.

    The combined packet (filing.py) lays these over its pages to number them across the file;
    the letters' own numbers, at the top, stay as they are.
    """
    weasyprint = _weasyprint()

    L = layout
    sheets = "".join(f'<div class="sheet"><p>{escape(label)}</p></div>' for label in labels)
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta name="dcterms.created" content="{date.isoformat()}"></head>'
        f"<body>{sheets}</body></html>"
    )
    fonts, _ = _styles()
    css = weasyprint.CSS(
        string=f"""{_font_faces()}
@page {{ size: A4; margin: 0; }}
body {{ margin: 0; font-family: '{L.FONT_FAMILY}'; font-size: {L.NOTE_SIZE_PT}pt; }}
.sheet {{ height: {L.PAGE_HEIGHT_MM}mm; position: relative; break-after: page; }}
.sheet p {{ position: absolute; margin: 0; right: {L.MARGIN_RIGHT_MM}mm;
  bottom: {L.PACKET_NUMBER_FROM_BOTTOM_MM}mm; }}
""",
        font_config=fonts,
        url_fetcher=_fetcher(),
    )
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher())
    return document.write_pdf(  # type: ignore[no-any-return]
        stylesheets=[css], font_config=fonts, finisher=_plain_info, pdf_identifier=b"labels"
    )
