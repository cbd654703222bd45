"""The house rules: packages resolve inside the repo and imports point one way."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawlers", "dedupe", "storage", "flows", "newsmon")

# package -> our top-level packages it must never import
FORBIDDEN = {
    "storage": {"crawlers", "dedupe", "flows", "newsmon"},
    "crawlers": {"dedupe", "flows", "newsmon"},
    "dedupe": {"crawlers", "flows", "newsmon"},
    "flows": set(),
    "newsmon": set(),
}


@pytest.mark.parametrize("name", ["crawlers", "dedupe", "storage", "flows"])
def test_package_resolves_inside_the_repo(name):
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, f"{name} does not import"
    assert Path(spec.origin).resolve().is_relative_to(ROOT), (
        f"{name} resolves to {spec.origin}, outside {ROOT}: an unrelated PyPI package shadows it")


def _imports(path: Path) -> list[tuple[str, int]]:
    """Absolute imported module names (level 0) with their line numbers."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, node.lineno))
    return found


def _modules(package: str):
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_one_way(package):
    bad = []
    for path in _modules(package):
        rel = path.relative_to(ROOT)
        for module, line in _imports(path):
            top = module.split(".")[0]
            if top in FORBIDDEN[package]:
                bad.append(f"{rel}:{line} imports {module}")
            if top == package and "migrations" not in rel.parts:
                bad.append(f"{rel}:{line} uses an absolute import inside its own package")
            if top == "flows" and package == "newsmon" and rel.name != "cli.py":
                bad.append(f"{rel}:{line} imports flows (only newsmon/cli.py may)")
    assert not bad, "\n".join(bad)


def test_parsers_import_neither_scrapy_nor_storage():
    bad = [f"{p.relative_to(ROOT)}:{line} imports {m}"
           for p in _modules("crawlers/parsers") for m, line in _imports(p)
           if m.split(".")[0] in ("scrapy", "storage", "twisted")]
    assert not bad, "\n".join(bad)


def test_dedupe_core_does_not_import_storage():
    bad = [f"{p.relative_to(ROOT)}:{line} imports {m}"
           for p in _modules("dedupe") if p.name != "stage.py"
           for m, line in _imports(p) if m.split(".")[0] == "storage"]
    assert not bad, "\n".join(bad)


def test_every_package_declares_all():
    missing = [str(p.relative_to(ROOT)) for pkg in ("crawlers", "crawlers/parsers", "dedupe",
                                                    "storage", "flows")
               for p in [ROOT / pkg / "__init__.py"] if "__all__" not in p.read_text()]
    assert not missing, f"no __all__ in: {missing}"
