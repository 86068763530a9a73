"""A rendered letter made ready to print: non-breaking spaces in every line of every block.

This runs after the letter is parsed, because parsing folds every run of whitespace (a
non-breaking space included) into one plain space.
"""

from __future__ import annotations

import dataclasses

from complaintgen.grammar.typography import bind
from complaintgen.writers.letter import Block, Letter


def typeset(letter: Letter) -> Letter:
    """`letter` with non-breaking spaces where Russian typesetting wants them."""
    if letter.language != "ru":
        return letter
    return dataclasses.replace(letter, blocks=tuple(_block(block) for block in letter.blocks))


def _block(block: Block) -> Block:
    return dataclasses.replace(
        block,
        lines=tuple(bind(line) for line in block.lines),
        heading=bind(block.heading),
        right=bind(block.right),
        rows=tuple(tuple(tuple(bind(line) for line in cell) for cell in row) for row in block.rows),
    )
