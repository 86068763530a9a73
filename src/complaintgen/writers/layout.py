"""The page of a Russian official letter, shared by both writers (ГОСТ Р 7.0.97).

Both writers read their numbers from here, so the DOCX a lawyer edits and the PDF that is printed
put the same text in the same places.
"""

from __future__ import annotations

import re
from pathlib import Path

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 10.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# The addressee and sender block: top right, lines no longer than 8 cm (ГОСТ Р 7.0.97-2025).
CORNER_WIDTH_MM = 80.0
CORNER_OFFSET_MM = TEXT_WIDTH_MM - CORNER_WIDTH_MM

# The outgoing number and date of a numbered letter («Исх. № 12 от 20.11.2026»): top left, on
# the level of the addressee's first line, as ГОСТ Р 7.0.97 places a letter's registration
# number and date opposite the addressee; kept this far clear of the addressee block.
OUTGOING_GAP_MM = 5.0
OUTGOING_WIDTH_MM = CORNER_OFFSET_MM - OUTGOING_GAP_MM

FIRST_LINE_INDENT_MM = 12.5
FONT_FAMILY = "Liberation Serif"
# Word and LibreOffice use this font where Liberation Serif is not installed: same metrics.
FONT_FALLBACK = "Times New Roman"
FONT_SIZE_PT = 14.0
NOTE_SIZE_PT = 10.0
PAGE_NUMBER_SIZE_PT = 12.0
# Page numbers from page 2, centred at the top, at least 10 mm from the edge.
PAGE_NUMBER_FROM_TOP_MM = 12.0
LINE_HEIGHT = 1.15

# Space before and after each kind of block, in points.
SPACING_PT: dict[str, tuple[float, float]] = {
    "addressee": (0, 0),
    "sender": (12, 0),
    "title": (24, 0),
    "subtitle": (0, 12),
    "paragraph": (0, 0),
    "list": (0, 0),
    "signature": (24, 0),
    "date": (12, 0),
    "note": (18, 0),
    "memo": (0, 6),
    "table": (12, 0),
}
LIST_HEADING_SPACE_PT = 12.0

# Tables (the postal inventory, the packet's index, the acceptance box): smaller type, so that a
# row stays on one or two lines; ruled with thin lines, text kept off the rules.
TABLE_SIZE_PT = 12.0
TABLE_RULE_PT = 0.5
CELL_PADDING_MM = (0.8, 1.9)  # top and bottom, left and right
# The box at the foot of a page keeps this distance from the text above it.
FOOT_GAP_MM = 6.0
# The combined packet's own page numbers: at the foot, on the right, inside the bottom margin.
PACKET_NUMBER_FROM_BOTTOM_MM = 10.0

FONTS_DIR = Path(__file__).parent / "fonts"
FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}

LANG_TAGS = {"ru": "ru-RU", "en": "en-GB"}

# Long unbroken runs of characters: a URL, a file name, a pasted identifier. Both writers break
# a run longer than a line wherever it must be broken (WeasyPrint by `overflow-wrap: anywhere`,
# Word and LibreOffice do it themselves), so no character runs past the page edge. A paragraph
# holding such a run is set flush left rather than justified: justified, the line before the
# run would be pulled apart into a few words strewn across the page.
LONG_RUN_CHARS = 20  # a run with a digit, a dot, an underscore…: not a word of the language
LONG_WORD_CHARS = 25  # a run of letters alone: longer than the longest Russian words in use
# A line may end inside a run after these characters without a space (UAX #14).
_RUNS = re.compile(r"\s+|(?<=[-/‐–—])")
_PUNCTUATION = "\"'«»„“”()[]{}.,;:!?…"


def has_long_run(text: str) -> bool:
    """Whether `text` holds a run that no line can break inside and that would stretch a
    justified line (see `LONG_RUN_CHARS`)."""
    for run in _RUNS.split(text):
        core = run.strip(_PUNCTUATION)
        if len(core) >= LONG_WORD_CHARS or (len(core) >= LONG_RUN_CHARS and not core.isalpha()):
            return True
    return False
