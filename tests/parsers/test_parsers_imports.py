"""crawlers.parsers must stay importable without Scrapy or storage (worker processes, `newsmon parse`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import crawlers.parsers

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_package_imports_without_scrapy_or_storage():
    result = _run("import sys; import crawlers.parsers; "
                  "assert 'scrapy' not in sys.modules and 'storage' not in sys.modules, "
                  "sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'storage'))")
    # If this fails while the test below passes, a parent package (crawlers/__init__.py) imports
    # storage or Scrapy eagerly: make its re-exports lazy (module __getattr__, PEP 562).
    assert result.returncode == 0, result.stderr


def test_parsers_alone_import_nothing_heavy():
    # The package on its own, with its parent's __init__ bypassed: only our own code is judged.
    result = _run("import sys, types; pkg = types.ModuleType('crawlers'); pkg.__path__ = ['crawlers']; "
                  "sys.modules['crawlers'] = pkg; import crawlers.parsers; "
                  "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
                  "('scrapy', 'twisted', 'storage', 'dedupe', 'newsmon', 'flows', 'prefect')); "
                  "assert not bad, bad")
    assert result.returncode == 0, result.stderr


def test_all_names_exist():
    assert all(hasattr(crawlers.parsers, name) for name in crawlers.parsers.__all__)
