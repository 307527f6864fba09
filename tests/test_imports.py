"""The package's imports run one way: no circle among its modules, the command line on top.

The graph is read from the source (`ast`), so it holds every import a module can run: at
import time and inside functions. Imports under ``if TYPE_CHECKING:`` are for the type
checker only and are left out.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "policytext"

# The only imports allowed to point up: `Document`'s convenience methods import the view they
# hand over to, inside the method (`doc.to_html()`, `doc.to_pandas()`, `doc.tokens()`).
# Each is also checked to sit inside a function of `policytext.models`.
DEFERRED_VIEWS = {
    ("policytext.models", "policytext.html"),
    ("policytext.models", "policytext.frames"),
    ("policytext.models", "policytext.tokens"),
}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    in_function: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The modules an import statement names (packages' own `__init__` when a name is not a
    submodule); outside names (`argparse`) are yielded as written."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join([*base, *([node.module] if node.module else [])])
    else:
        prefix = node.module or ""
    for alias in node.names:
        sub = f"{prefix}.{alias.name}"
        yield sub if sub in MODULES else prefix


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _walk(module: str, path: Path) -> list[Edge]:
    edges: list[Edge] = []
    is_package = path.name == "__init__.py"

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(module, is_package, child):
                    if target != module:
                        edges.append(Edge(module, target, child.lineno, in_function))
            inner = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, in_function or inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return edges


EDGES = [e for m, p in MODULES.items() for e in _walk(m, p)]


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for e in EDGES:
        if e.target in MODULES and (e.source, e.target) not in DEFERRED_VIEWS:
            graph[e.source].add(e.target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of the graph as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_walk_sees_the_package() -> None:
    assert {"policytext", "policytext.models", "policytext.cli", "policytext.cli.parse"} <= set(
        MODULES
    )
    pairs = {(e.source, e.target) for e in EDGES}
    assert ("policytext.pipeline", "policytext.models") in pairs
    assert ("policytext.cli", "policytext.cli.batch") in pairs  # `from . import batch`
    assert ("policytext.cli.batch", "argparse") in pairs


def test_no_import_circle() -> None:
    cycle = find_cycle(_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_find_cycle_finds_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


@pytest.mark.parametrize("pair", sorted(DEFERRED_VIEWS))
def test_deferred_views_are_imported_inside_methods(pair: tuple[str, str]) -> None:
    found = [e for e in EDGES if (e.source, e.target) == pair]
    assert found, f"{pair}: no such import any more; drop it from DEFERRED_VIEWS"
    assert all(e.in_function for e in found), f"{pair}: imported at module level"


def test_models_import_nothing_that_imports_them() -> None:
    graph = _graph()
    below: set[str] = set()
    todo = list(graph["policytext.models"])
    while todo:
        m = todo.pop()
        if m not in below:
            below.add(m)
            todo.extend(graph[m])
    assert "policytext.models" not in below
    assert below <= {"policytext.errors", "policytext.normalize", "policytext._version"}, below


def test_argparse_only_in_the_command_line() -> None:
    outside = sorted(
        f"{e.source}:{e.line}"
        for e in EDGES
        if e.target.split(".")[0] == "argparse" and not _in_cli(e.source)
    )
    assert outside == []


def test_no_library_module_imports_the_command_line() -> None:
    upward = sorted(
        f"{e.source}:{e.line} imports {e.target}"
        for e in EDGES
        if _in_cli(e.target) and not _in_cli(e.source) and e.source != "policytext.__main__"
    )
    assert upward == []


def _in_cli(module: str) -> bool:
    return module == "policytext.cli" or module.startswith("policytext.cli.")


def _fresh(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_import_loads_no_pydantic_rule_or_lexicon() -> None:
    loaded = _fresh(
        "import sys, policytext; "
        "print(' '.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('pydantic', 'regex', 'argparse', 'tomllib') "
        "or m.startswith(('policytext.rules', 'policytext.models', 'policytext.lexicons')))))"
    )
    assert loaded == ""


def test_lazy_names_resolve_and_stay_functions() -> None:
    # `track` and `normalize` name a function and a submodule; parsing imports both
    # submodules, and the package must still hand out the functions.
    out = _fresh(
        "import policytext\n"
        "doc = policytext.parse_text('二、2026年工作安排\\n地区生产总值增长6%左右。')\n"
        "print(callable(policytext.track), callable(policytext.normalize), "
        "type(doc) is policytext.Document, policytext.Target.__module__)\n"
        "from policytext import *\n"
        "print(track is policytext.track, 'parse_many' in dir(policytext))"
    )
    assert out.splitlines() == ["True True True policytext.models", "True True"]


def test_unknown_name_is_an_attribute_error() -> None:
    import policytext

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = policytext.nothing_here  # type: ignore[attr-defined]


def test_validators_built_on_first_use_still_validate() -> None:
    # In a fresh interpreter the models' validators do not exist until first used: the first
    # use must check fields as ever (a negative offset, an unknown field, a wrong type).
    out = _fresh(
        "import json\n"
        "from pydantic import ValidationError\n"
        "from policytext.models import Document, Target\n"
        "assert not Document.__pydantic_complete__\n"
        "bad = [{'start': -1, 'end': 2, 'rule': 'r', 'text': 'x', 'indicator': 'y', "
        "'kind': 'growth'}, {'text': 1, 'original': '', 'alignment': []}, "
        "{'text': '', 'original': '', 'alignment': [], 'unknown': 1}]\n"
        "for i, data in enumerate(bad):\n"
        "    model = Target if i == 0 else Document\n"
        "    try:\n"
        "        model.model_validate_json(json.dumps(data))\n"
        "    except ValidationError as exc:\n"
        "        print(exc.errors()[0]['type'])\n"
        "doc = Document.model_validate_json(json.dumps({'text': 'a', 'original': 'a', "
        "'alignment': []}))\n"
        "print(doc.source == type(doc.source)(), Document.model_validate_json("
        "doc.model_dump_json()) == doc)"
    )
    assert out.splitlines() == [
        "greater_than_equal",
        "string_type",
        "extra_forbidden",
        "True True",
    ]
