"""The garrison military courts and the claim's state fee (``data/courts.yaml``).

Only courts whose name and address a source confirmed are listed; the case names its own court
(``court:``) and nothing here is ever guessed. The fee is data with its status, cited by act.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from complaintgen.law import registry
from complaintgen.law.datafile import RegistryError, packaged, parse_data
from complaintgen.law.registry import STATUSES

FILENAME = "courts.yaml"
_COURT_FIELDS = ("name", "address", "source", "status", "checked")
_FEE_FIELDS = ("amount", "citation", "status", "note")


@dataclass(frozen=True)
class Fee:
    amount: int
    citation: str
    status: str


@dataclass(frozen=True)
class Courts:
    table: Mapping[str, Mapping[str, object]]
    fee: Fee


@functools.cache
def courts() -> Courts:
    """The packaged file, read and checked once."""
    return parse_courts(FILENAME, packaged(FILENAME).read_text(encoding="utf-8"))


def parse_courts(name: str, text: str) -> Courts:
    """The courts and fee of `text`; every problem at once as a RegistryError naming `name`."""
    data = parse_data(name, text)
    problems: list[str] = []
    if not isinstance(data, dict) or set(data) != {"courts", "fee"}:
        raise RegistryError([f"{name}: give exactly the mappings courts: and fee:"])
    table = data["courts"] or {}
    for key, entry in table.items():
        if not isinstance(entry, dict) or set(entry) != set(_COURT_FIELDS):
            problems.append(f"{name}: courts.{key}: give exactly {', '.join(_COURT_FIELDS)}")
        elif entry["status"] not in STATUSES:
            problems.append(f"{name}: courts.{key}.status: one of {', '.join(STATUSES)}")
    fee = data["fee"]
    if not isinstance(fee, dict) or set(fee) != set(_FEE_FIELDS):
        raise RegistryError([*problems, f"{name}: fee: give exactly {', '.join(_FEE_FIELDS)}"])
    if not isinstance(fee["amount"], int) or isinstance(fee["amount"], bool) or fee["amount"] < 1:
        problems.append(f"{name}: fee.amount: a whole number of roubles")
    if fee["citation"] not in registry.citations():
        problems.append(f"{name}: fee.citation: no citation {fee['citation']!r} in citations.yaml")
    if fee["status"] not in STATUSES:
        problems.append(f"{name}: fee.status: one of {', '.join(STATUSES)}")
    if problems:
        raise RegistryError(problems)
    return Courts(table, Fee(fee["amount"], fee["citation"], fee["status"]))
