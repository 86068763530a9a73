"""The import graph of src/complaintgen: no cycle, and every import goes down the pipeline.

The graph is read with `ast` from the source, every import counted wherever it stands (inside a
function, under TYPE_CHECKING), so a function-level import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "complaintgen"

# The stages, bottom to top: a module may import from its own stage and the stages below it.
# The first name after ``complaintgen.`` says a module's stage; the package itself only holds
# the version. A new package fails `test_every_module_has_a_stage` until it is placed here.
STAGES: tuple[tuple[str, ...], ...] = (
    ("", "errors", "datafile", "limits", "messages", "bundled", "config"),
    ("storage",),
    ("grammar",),
    ("case",),
    ("law",),
    ("writers",),
    ("render",),
    ("packet",),
    ("tracking",),
    ("privacy",),
    ("interview",),
    ("batch",),
    ("api",),
    # The front ends: the command line and the web page (`serve`), which cli starts.
    ("cli", "cli_options", "cli_report", "__main__", "web"),
)

# Cycles being removed elsewhere, each as a pair of modules whose imports of each other are
# ignored here. Empty it when they are gone: `test_known_cycles_still_exist` says when.
KNOWN_CYCLES: set[frozenset[str]] = set()

Graph = dict[str, set[str]]


def _modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted module name → (file, is a package's __init__)."""
    found = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _owner(name: str, modules: dict[str, tuple[Path, bool]]) -> str | None:
    """The module `name` is, or is in (an attribute of a module); None outside the package."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path = SOURCE) -> Graph:
    modules = _modules(root)
    graph: Graph = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                # `from complaintgen import api` imports the module complaintgen.api.
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        owners = {_owner(target, modules) for target in targets}
        graph[name] = {owner for owner in owners if owner is not None and owner != name}
    return graph


def stage_of(module: str) -> int:
    first = module.removeprefix(PACKAGE).removeprefix(".").split(".")[0]
    for level, names in enumerate(STAGES):
        if first in names:
            return level
    raise LookupError(f"{module}: in no stage; add its package to STAGES in tests/test_imports.py")


def upward_imports(graph: Graph) -> list[str]:
    return sorted(
        f"{module} imports {target}, a stage above it"
        for module, targets in graph.items()
        for target in targets
        if stage_of(target) > stage_of(module)
    )


def find_cycle(graph: Graph, ignored: set[frozenset[str]] = frozenset()) -> list[str] | None:
    """One import cycle as a path (its first module repeated at the end), or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if frozenset({module, target}) in ignored:
                continue
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph()


def test_every_module_has_a_stage(graph: Graph) -> None:
    for module in graph:
        stage_of(module)


def test_no_import_cycle(graph: Graph) -> None:
    cycle = find_cycle(graph, KNOWN_CYCLES)
    assert cycle is None, " → ".join(cycle or ())


def test_imports_only_go_down(graph: Graph) -> None:
    assert upward_imports(graph) == []


def test_known_cycles_still_exist(graph: Graph) -> None:
    for pair in KNOWN_CYCLES:
        a, b = sorted(pair)
        assert b in graph[a] and a in graph[b], (
            f"{a} and {b} no longer import each other: remove them from KNOWN_CYCLES"
        )


# The checks themselves, on small graphs: each finds what it guards against.


def test_a_cycle_is_found_through_any_length() -> None:
    graph = {"complaintgen.case.a": {"complaintgen.case.b"}, "complaintgen.case.b": set()}
    assert find_cycle(graph) is None
    graph["complaintgen.case.b"] = {"complaintgen.case.c"}
    graph["complaintgen.case.c"] = {"complaintgen.case.a"}
    assert find_cycle(graph) == [
        "complaintgen.case.a",
        "complaintgen.case.b",
        "complaintgen.case.c",
        "complaintgen.case.a",
    ]


def test_an_upward_import_is_found() -> None:
    graph = {"complaintgen.storage.atomic": {"complaintgen.case.model"}}
    assert upward_imports(graph) == [
        "complaintgen.storage.atomic imports complaintgen.case.model, a stage above it"
    ]


def test_function_level_and_relative_imports_count(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE / "grammar"
    package.mkdir(parents=True)
    (tmp_path / PACKAGE / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / PACKAGE / "api.py").write_text("", encoding="utf-8")
    (package / "__init__.py").write_text("from .names import x\n", encoding="utf-8")
    (package / "names.py").write_text(
        "def f():\n    from complaintgen import api\n    from . import text\n", encoding="utf-8"
    )
    (package / "text.py").write_text("", encoding="utf-8")
    graph = import_graph(tmp_path)
    assert graph["complaintgen.grammar"] == {"complaintgen.grammar.names"}
    assert graph["complaintgen.grammar.names"] == {"complaintgen.api", "complaintgen.grammar.text"}
    assert upward_imports(graph) == [
        "complaintgen.grammar.names imports complaintgen.api, a stage above it"
    ]


def test_comments_point_only_at_what_ships() -> None:
    # The design notes and the domain brief live outside the repository: a comment that sends
    # a reader there leads nowhere in a user's clone.
    root = SOURCE.parent
    found = [
        f"{path.relative_to(root)}:{number}"
        for folder in (SOURCE, root / "templates")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in (".py", ".j2", ".yaml")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "DESIGN.md" in line or "domain.md" in line or "domain-next.md" in line
    ]
    assert not found, found
