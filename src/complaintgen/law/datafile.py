"""Where the law's data files are: ``complaintgen/law/data``, read with the strict loader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from complaintgen.datafile import RegistryError, parse_data

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["RegistryError", "packaged", "parse_data"]


def packaged(filename: str) -> Traversable:
    """A data file shipped in ``complaintgen/law/data``."""
    from importlib import resources  # here, like yaml: only needed on first use

    return resources.files("complaintgen.law") / "data" / filename
