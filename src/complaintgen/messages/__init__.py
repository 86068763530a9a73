"""Messages with stable codes: what is wrong with a case, said in Russian or English.

A validator says *what* is wrong as a code and its parameters (``rank.unknown`` with
``value`` and ``near``); the catalog of each language (``ru.yaml``, ``en.yaml`` in this package)
says it in words. The CLI, the questionnaire and any other front end render the same code.
"""

from complaintgen.messages.catalog import LANGUAGES, codes, render
from complaintgen.messages.raising import invalid, several

__all__ = ["LANGUAGES", "codes", "invalid", "render", "several"]
