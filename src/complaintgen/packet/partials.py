"""The macros of ``templates/<lang>/_filing.xml.j2``, each rendered into a `Letter`: the
acceptance box, the postal inventory, the cover, the index, the filing guide and the read-me.

The packet's own facts (pages, rows, file names) are the macros' arguments; everything else comes
from the case's usual template context, built once per language for the whole packet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from complaintgen.case.model import Case
from complaintgen.errors import TemplateError
from complaintgen.writers.letter import Letter, parse_letter

PARTIALS = "_filing"


class Partials:
    """The ``_filing`` template of each language, made into a module on first use."""

    def __init__(self, case: Case) -> None:
        self._case = case
        self._modules: dict[str, Any] = {}

    def prepare(self, languages: Iterable[str]) -> None:
        """Build the modules of `languages` now: a forked process then shares them."""
        for language in languages:
            self._module(language)

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
