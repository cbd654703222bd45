"""The house rules: packages resolve inside the repo, imports point one way, no package cycle.

The rules are read off the real imports of every module (absolute and relative, at the top
or inside functions), resolved to the rooms of the house below.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawlers", "dedupe", "storage", "flows", "newsmon")

# Room -> the rooms it may import. Every room may import itself; anything else of ours is a
# broken rule. Listed most specific first: a module belongs to the first room it is in.
ROOMS = {
    "crawlers.parsers": set(),  # pure HTML -> fields: neither Scrapy nor storage
    "crawlers": {"crawlers.parsers", "storage"},
    "dedupe.stage": {"dedupe", "storage"},  # the one dedupe module that talks to storage
    "dedupe": set(),  # the core: numpy, datasketch and the stdlib
    "storage": set(),  # persistence only
    "flows": {"newsmon.core", "storage"},  # Prefect only, over the stage registry
    "newsmon.demo": set(),  # the bundled demo web stands alone
    "newsmon.core": {"crawlers", "crawlers.parsers", "dedupe", "dedupe.stage", "storage"},
    "newsmon.web": {"newsmon.core", "storage"},
    "newsmon.cli": {"flows", "newsmon.core", "newsmon.web", "newsmon.demo", "crawlers",
                    "crawlers.parsers", "dedupe", "storage"},  # the only importer of flows
    "newsmon": {"newsmon.cli", "newsmon.core", "newsmon.web", "newsmon.demo"},
}
THIRD_PARTY_BANS = {"crawlers.parsers": {"scrapy", "twisted", "sqlalchemy"},
                    "dedupe": {"sqlalchemy", "scrapy"}, "storage": {"scrapy", "prefect"}}


@pytest.mark.parametrize("name", ["crawlers", "dedupe", "storage", "flows"])
def test_package_resolves_inside_the_repo(name):
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, f"{name} does not import"
    assert Path(spec.origin).resolve().is_relative_to(ROOT), (
        f"{name} resolves to {spec.origin}, outside {ROOT}: an unrelated PyPI package shadows it")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[str, int]]:
    """Every module this file imports, relative imports resolved, with line numbers."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import sub` may name a submodule: count it as that module.
            found += [(f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base,
                       node.lineno) for a in node.names]
    return found


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def room_of(module: str) -> str | None:
    for room in ROOMS:
        if module == room or module.startswith(room + "."):
            return room
    return None


def our_modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")
                  if "migrations" not in p.parts)


def edges() -> dict[tuple[str, str], list[str]]:
    """(from room, to room) -> where: every import between two rooms of the house."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in our_modules():
        source = room_of(module_name(path))
        for module, line in imports_of(path):
            target = room_of(module)
            if source and target and target != source:
                found[(source, target)].append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


def test_imports_point_one_way():
    bad = [where for (source, target), places in edges().items()
           if target not in ROOMS[source] for where in places]
    assert not bad, "imports that break the house rules:\n" + "\n".join(bad)


def test_no_package_level_cycle():
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges():
        # Rooms nested in one package (dedupe.stage in dedupe) are one package here.
        a, b = _package(source), _package(target)
        if a != b:
            graph[a].add(b)
    cycle = _find_cycle(graph)
    assert cycle is None, "package cycle: " + " -> ".join(cycle or [])


def _package(room: str) -> str:
    return {"dedupe.stage": "dedupe", "crawlers.parsers": "crawlers"}.get(room, room)


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt]
            if nxt not in state and (found := visit(nxt, path + [nxt])):
                return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_the_cycle_check_can_fail():
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_relative_imports_are_resolved():
    found = dict(imports_of(ROOT / "newsmon" / "web" / "pages.py"))
    assert any(m.startswith("newsmon.core.") for m in found), found


def test_third_party_bans():
    bad = [f"{p.relative_to(ROOT)}:{line} imports {m}" for p in our_modules()
           for room in [room_of(module_name(p))] if room in THIRD_PARTY_BANS
           for m, line in imports_of(p) if m.split(".")[0] in THIRD_PARTY_BANS[room]]
    assert not bad, "\n".join(bad)


def test_no_absolute_import_inside_its_own_package():
    bad = [f"{p.relative_to(ROOT)}:{node.lineno}" for p in our_modules()
           for node in ast.walk(ast.parse(p.read_text()))
           if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
           and node.module.split(".")[0] == module_name(p).split(".")[0]]
    assert not bad, "use relative imports inside a package: " + ", ".join(bad)


def test_every_room_is_a_real_package():
    for room in ROOMS:
        assert _is_module(room), f"{room} in ROOMS is not a module of the repo"


@pytest.mark.parametrize("module, unwanted", [
    ("dedupe.normalize", ("storage", "sqlalchemy", "crawlers")),
    ("dedupe.signatures", ("storage", "sqlalchemy")),
    ("crawlers.parsers", ("storage", "sqlalchemy", "scrapy")),
    ("newsmon.cli", ("sqlalchemy", "dedupe", "prefect", "flows")),  # --help stays light
])
def test_imports_load_only_what_they_need(module, unwanted):
    code = (f"import sys, {module}; "
            f"print(','.join(m for m in {unwanted!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", f"import {module} loaded {result.stdout.strip()}"


def test_every_package_declares_all():
    inits = [p for p in our_modules() if p.name == "__init__.py"]
    missing = [str(p.relative_to(ROOT)) for p in inits if "__all__" not in p.read_text()]
    assert not missing, f"no __all__ in: {missing}"
