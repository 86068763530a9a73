"""The sizes complaintgen accepts, in one place: what a case, an attachment, a spreadsheet and a
user's template may hold (README.md, «Limits»; docs/limits.md).

Each bound is far above what a real case needs, and low enough that what is past it is refused
in a moment with one line instead of running for minutes, filling the memory or never ending.
"""

from __future__ import annotations

# A case file (YAML, or its age-encrypted form) and a spreadsheet of clients.
CASE_FILE_BYTES = 1_000_000
SPREADSHEET_BYTES = 20_000_000
# How deep mappings and lists may nest in a case file: the format itself needs 5.
NESTING_DEPTH = 20
# Digits of a number in a case file: a page count or a unit number needs 6.
NUMBER_DIGITS = 18
# The largest number a field may hold (a page count, a number of copies).
NUMBER_VALUE = 1_000_000
# Characters of a piece of free text (a condition, an event, an answer, an address) and of a
# name or a number (a surname, a rank, a unit number, a reference).
TEXT_CHARS = 5_000
NAME_CHARS = 200
# Items of one list (conditions, events, attachments, filings, documents).
LIST_ITEMS = 100
# An attachment file: its size, and its pages (the count is printed on every letter and Ф.107).
ATTACHMENT_BYTES = 50_000_000
ATTACHMENT_PAGES = 500
# A user's template (--templates): its file, and how long one document may take to render.
TEMPLATE_BYTES = 1_000_000
TEMPLATE_SECONDS = 20.0
# What one render of a user's template may produce: the items `range` yields over all calls,
# and the characters of one `*` or `**` result.
TEMPLATE_RANGE_ITEMS = 100_000
TEMPLATE_VALUE_CHARS = 1_000_000
# A spreadsheet cell, and the list index a column header may name (health.conditions[99]).
CELL_CHARS = TEXT_CHARS
HEADER_INDEX = LIST_ITEMS - 1
