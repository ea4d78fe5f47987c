"""The package's shape: no import cycles, no module too long to read, pins that agree.

Imports are read from the source (every ``import``, also those inside functions: a lazy import
hides a knot, it does not untie it), so the test needs nothing installed.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "geoevents"
MAX_LINES = 1200


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The geoevents modules ``name`` imports, at any depth of its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # "from geoevents.events import lexicon" imports a module; "... import Event" a name
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
                # importing geoevents.lexicon from outside geoevents.events first runs
                # geoevents/events/__init__.py, and what that imports
                parent = t.rpartition(".")[0]
                while parent in known and parent != "geoevents" and not (name + ".").startswith(parent + "."):
                    out.add(parent)
                    parent = parent.rpartition(".")[0]
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def test_the_walker_sees_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_walker_reads_the_package():
    graph = _graph()
    assert "geoevents.model" in graph["geoevents.pipeline"]
    assert "geoevents.lexicon" in graph["geoevents.merge"]


def test_no_import_cycles():
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_module_over_the_limit():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them along their sections): {long}"


def test_npm_pins_match_the_lock_file():
    from geoevents.npm import PINNED

    lock = json.loads((PACKAGE.parent / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for package, (version, integrity) in PINNED.items():
        entry = lock[f"node_modules/{package}"]
        assert (entry["version"], entry["integrity"]) == (version, integrity), package


def _literals(path: Path):
    """Every set, dict, list or tuple literal of a module, as the string constants it holds."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        yield {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}


def test_one_feature_code_table():
    """GeoNames feature codes are described in data/feature_codes.tsv alone (geoevents.features);
    nominatim.py only translates OSM types into codes."""
    from geoevents.features import _table

    codes = {c for c in _table() if len(c) > 1}
    tables = {name: sorted(found) for name, path in _modules().items()
              if name not in ("geoevents.features", "geoevents.nominatim")
              for found in [set().union(*[lit & codes for lit in _literals(path) if len(lit & codes) >= 3])]
              if found}
    assert not tables, f"feature-code tables outside data/feature_codes.tsv: {tables}"


def test_one_number_parser():
    """Number words are read in geoevents.lang_en alone."""
    words = {"twenty", "thirty", "forty"}
    owners = sorted(name for name, path in _modules().items()
                    if any(words <= lit for lit in _literals(path)))
    assert owners == ["geoevents.lang_en"], owners
