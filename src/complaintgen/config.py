"""An organisation's defaults: one YAML file in the user's config directory.

    organisation: Коллегия адвокатов «Защита»     # shown by `complaintgen config`
    advocate:                                    # a case's lawyer, where the case is silent
      surname: Орлов
      register_number: 61/1234
      bar: Адвокатская палата Ростовской области
    register: ~/office/outgoing.csv              # build and batch number letters in it
    templates: ~/office/templates                # build uses these templates first

The folder is the platform's (platformdirs: ``~/.config/complaintgen`` on Linux), or
``COMPLAINTGEN_CONFIG_DIR`` (tests, or an office's shared folder). What comes first wins: an
option on the command line, then the case file, then this file. The advocate's details fill only
the fields a case with ``representative.kind: lawyer`` leaves out; they never make a lawyer of a
case that has none.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from complaintgen.errors import ComplaintgenError

CONFIG_DIR_VARIABLE = "COMPLAINTGEN_CONFIG_DIR"
FILE_NAME = "config.yaml"
KEYS = ("organisation", "advocate", "register", "templates")


@dataclass(frozen=True)
class Config:
    path: Path  # where the file is, or would be
    organisation: str | None = None
    advocate: Mapping[str, Any] = field(default_factory=dict)
    register: Path | None = None
    templates: Path | None = None

    def shown(self) -> str:
        """The settings as `complaintgen config` prints them, one per line."""
        where = self.path if self.path.exists() else f"{self.path} (not created yet)"
        lines = [f"config file: {where}"]
        lines.append(f"organisation: {self.organisation or '—'}")
        advocate = ", ".join(f"{key}: {value}" for key, value in self.advocate.items())
        lines.append(f"advocate: {advocate or '—'}")
        lines.append(f"register: {self.register or '—'}")
        lines.append(f"templates: {self.templates or '—'}")
        return "\n".join(lines)


def config_path() -> Path:
    folder = os.environ.get(CONFIG_DIR_VARIABLE)
    if folder:
        return Path(folder).expanduser() / FILE_NAME
    import platformdirs

    return Path(platformdirs.user_config_dir("complaintgen", appauthor=False)) / FILE_NAME


def load_config() -> Config:
    """The settings of the config file; all empty when there is none."""
    import yaml

    path = config_path()
    if not path.is_file():
        return Config(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise ComplaintgenError(f"{path}: cannot be read as YAML ({reason}); fix it") from None
    if data is None:
        return Config(path)
    if not isinstance(data, dict):
        raise ComplaintgenError(f"{path}: holds a mapping of {', '.join(KEYS)}")
    for key in data:
        if key not in KEYS:
            near = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"did you mean «{near[0]}»?" if near else f"valid keys: {', '.join(KEYS)}"
            raise ComplaintgenError(f"{path}: unknown key «{key}»; {hint}")
    advocate = data.get("advocate") or {}
    if not isinstance(advocate, dict):
        raise ComplaintgenError(f"{path}: advocate: holds the lawyer's fields (surname: …)")

    def folder(key: str) -> Path | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        # Relative to the config file, so the file means the same from any directory.
        return (path.parent / Path(str(value)).expanduser()).absolute()

    organisation = data.get("organisation")
    return Config(
        path,
        organisation=str(organisation) if organisation else None,
        advocate=advocate,
        register=folder("register"),
        templates=folder("templates"),
    )


def with_advocate(data: dict[str, Any], advocate: Mapping[str, Any]) -> dict[str, Any]:
    """Case data whose lawyer (``representative.kind: lawyer``) has the config's details for
    the fields the case leaves out; other cases as they are."""
    representative = data.get("representative")
    if not advocate or not isinstance(representative, dict):
        return data
    if representative.get("kind") != "lawyer":
        return data
    return {**data, "representative": {**advocate, **representative}}
