"""The package's layout is its data flow (``docs/dev/architecture.md``): imports go one way.

Every ``import`` in ``converters/`` (module level or inside a function: both are
dependencies) is read with :mod:`ast`; the test fails when a module imports
across the lines the architecture page draws, when anything imports MkDocs,
or when an import cycle appears.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "converters"

#: Which parts each part may import (besides itself).  A part is a folder of
#: converters/ or one of the top-level modules, which form the "core".
CORE = {"__init__", "__main__", "model", "pipeline", "render", "inline", "errors", "frontmatter"}
ALLOWED = {
    "errors": set(),
    "model": {"errors"},
    "lexicon": {"errors"},
    "read": {"errors", "lexicon"},
    "frontmatter": set(),
    "inline": {"model", "lexicon"},
    "render": {"model", "inline", "frontmatter", "lexicon"},
    "steps": {"model", "inline", "render", "lexicon", "errors", "read"},
    "pipeline": {"model", "render", "steps", "read", "errors", "lexicon"},
    "__init__": {"errors", "model", "pipeline"},
    "site": {"__init__", "model", "render", "frontmatter", "lexicon", "errors", "read", "steps", "pipeline", "inline"},
    "cli": {"__init__", "model", "render", "frontmatter", "lexicon", "errors", "read", "steps", "pipeline", "site"},
    "__main__": {"cli"},
}
FORBIDDEN_TOP = {"mkdocs", "material", "zensical", "properdocs"}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1 and parts[-2] != "converters":
        parts = parts[:-1]
    return ".".join(parts)


def part_of(module: str) -> str:
    """``converters.steps.header`` -> ``steps``; ``converters.render`` -> ``render``; ``converters`` -> ``__init__``."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__init__":
        return "__init__"
    return parts[1]


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """(modules of ours imported, top-level third-party names imported) by one file."""
    tree = ast.parse(path.read_text("utf-8"))
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rsplit(".", 1)[0]
    ours, others = set(), set()
    known = {module_name(p) for p in PACKAGE.rglob("*.py")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            # `from converters.site import generate`: the module converters.site.generate
            names = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in known else mod for a in node.names]
        else:
            continue
        for name in names:
            if name == "converters" or name.startswith("converters."):
                while name not in known and "." in name:
                    name = name.rsplit(".", 1)[0]
                ours.add(name)
            else:
                others.add(name.split(".")[0])
    return ours, others


GRAPH = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_part_is_known():
    assert {part_of(m) for m in GRAPH} <= set(ALLOWED), "a new folder or top-level module needs its line in ALLOWED"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_follow_the_flow(module):
    part = part_of(module)
    crossing = sorted(m for m in GRAPH[module][0] if part_of(m) != part and part_of(m) not in ALLOWED[part])
    assert crossing == [], f"{module} ({part}) may not import {crossing}; see docs/dev/architecture.md"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_nothing_imports_an_engine(module):
    assert not (GRAPH[module][1] & FORBIDDEN_TOP), f"{module} imports a site engine: the converter and stages stay engine-free"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` as a list of nodes (first == last), or None. Iterative DFS."""
    state: dict[str, int] = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in graph or child == node:
                    continue
                if state.get(child) == 1:
                    return path[path.index(child):] + [child]
                if not state.get(child):
                    state[child] = 1
                    path.append(child)
                    stack.append((child, iter(sorted(graph[child]))))
                    break
            else:
                state[node] = 2
                stack.pop()
                path.pop()
    return None


def test_no_import_cycle():
    # The package itself (converters/__init__) only re-exports lazily: leave it out.
    graph = {m: {i for i in deps if i != "converters"} for m, (deps, _) in GRAPH.items() if m != "converters"}
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph))}"


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
