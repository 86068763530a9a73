"""The bundled example cases and sample spreadsheet, installed inside the package."""

from __future__ import annotations

from pathlib import Path

from complaintgen import messages
from complaintgen.errors import ComplaintgenError

SAMPLE_CLIENTS = "clients.xlsx"


def examples_dir() -> Path:
    """Inside the installed package, or at the top of a source checkout (as the templates)."""
    package = Path(__file__).parent
    installed = package / "examples"
    return installed if installed.is_dir() else package.parents[1] / "examples"


def example_names() -> list[str]:
    return sorted(path.stem for path in examples_dir().glob("*.yaml"))


def example_description(name: str, language: str) -> str:
    return messages.render(f"example.{name}", language)


def example_text(name: str, language: str) -> str:
    """The case file of the example `name`; an unknown name is the user's mistake."""
    if name not in example_names():
        raise ComplaintgenError(
            messages.render("example.unknown", language, name=name, names=example_names())
        )
    return (examples_dir() / f"{name}.yaml").read_text(encoding="utf-8")


def sample_clients() -> bytes:
    return (examples_dir() / SAMPLE_CLIENTS).read_bytes()
