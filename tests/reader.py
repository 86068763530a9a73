"""A PDF read as a reader sees it: pages of lines of words, each with its box (poppler's
``pdftotext -bbox-layout``), and the text of those lines compared with what the letter says.

Positions are in millimetres from the page's top left corner.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import need

MM = 72 / 25.4  # points per millimetre
_XHTML = "{http://www.w3.org/1999/xhtml}"
# Words whose boxes end this close vertically stand on one line.
_SAME_LINE_MM = 0.5


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def left(self) -> float:
        return min(word.left for word in self.words)

    @property
    def right(self) -> float:
        return max(word.right for word in self.words)

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(word for line in self.lines for word in line.words)


def read_pdf(path: Path) -> list[Page]:
    """Every page of the PDF at `path`, as lines of words from top to bottom.

    A line is every word on one baseline, left to right: poppler's own grouping would split a
    line stretched by justification into pieces, and hide the very defect we look for.
    """
    out = subprocess.run(
        [need("pdftotext"), "-bbox", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    ).stdout
    root = ET.fromstring(out)
    pages = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        words = sorted(
            (
                Word(
                    word.text or "",
                    *(float(word.get(edge, "0")) / MM for edge in ("xMin", "yMin", "xMax", "yMax")),
                )
                for word in page.iter(f"{_XHTML}word")
            ),
            key=lambda word: (word.bottom, word.left),
        )
        lines: list[list[Word]] = []
        for word in words:
            if lines and abs(lines[-1][0].bottom - word.bottom) < _SAME_LINE_MM:
                lines[-1].append(word)
            else:
                lines.append([word])
        pages.append(
            Page(
                number,
                float(page.get("width", "0")) / MM,
                float(page.get("height", "0")) / MM,
                tuple(Line(tuple(sorted(line, key=lambda word: word.left))) for line in lines),
            )
        )
    return pages


def page_number_line(page: Page, top_margin_mm: float) -> Line | None:
    """The page's number, if it has one: a line of digits alone in the top margin."""
    for line in page.lines:
        if line.bottom <= top_margin_mm and line.text.isdigit():
            return line
    return None


def printed_lines(pages: list[Page], top_margin_mm: float) -> list[str]:
    """The text lines of the pages in order, without the page numbers in the top margin."""
    out = []
    for page in pages:
        number = page_number_line(page, top_margin_mm)
        out.extend(line.text for line in page.lines if line is not number)
    return out


def spaced(text: str) -> str:
    """Text with every run of whitespace (line breaks, tabs, justification) as one space."""
    return " ".join(text.split())


# Characters after which a renderer may end a line although the text has no space there
# (UAX #14: hyphens, dashes, the solidus). A long word with none of them is broken anywhere
# only when it fills a line of its own (`overflow-wrap: anywhere`, Word's emergency break).
_BREAKS_AFTER = "-‐–—/"


def joined(lines: list[str], reference: str) -> str:
    """The printed lines as one text whose line ends are read as the reference reads them.

    A line end is a space, unless the reference has none there and a renderer may break a line
    there without one: after a hyphen, a dash or a slash (WeasyPrint and LibreOffice end lines
    with «https://» and «военно-»), or inside a word that fills a line of its own. Spaces
    within a line are never touched: a space lost or added there is a difference.
    """
    expected = spaced(reference)
    text = ""
    previous = ""
    for line in (spaced(line) for line in lines):
        if not line:
            continue
        if text:
            breakable = previous[-1] in _BREAKS_AFTER or " " not in previous
            glued = breakable and not expected.startswith(text + " ", 0)
            text += "" if glued else " "
        text += line
        previous = line
    return text


def first_difference(expected: str, printed: str, context: int = 40) -> str:
    """Where two texts first differ, shown with some text on either side; '' if equal."""
    if expected == printed:
        return ""
    at = next(
        (n for n, (a, b) in enumerate(zip(expected, printed, strict=False)) if a != b),
        min(len(expected), len(printed)),
    )
    start = max(0, at - context)
    return (
        f"at character {at}: expected …{expected[start : at + context]!r}…, "
        f"printed …{printed[start : at + context]!r}…"
    )


def same_text(reference: str, pdf: Path, top_margin_mm: float) -> str:
    """'' if the PDF prints exactly the reference's words with its spaces, else the difference."""
    printed = joined(printed_lines(read_pdf(pdf), top_margin_mm), reference)
    return first_difference(spaced(reference), printed)
