"""Page classifier quality: precision and recall of "article" on the demo web and golden pages.

    .venv/bin/python bench/crawl_classifier.py

Demo web: every article page (truth: `expected_articles`) and every home, section,
pagination, tag, author, about and contact page (truth: `listing_urls`), fetched from the
running demo sites. Golden: tests/parsers/golden/*.html with a `kind` in their JSON.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawlers.parsers import classify_page, decode_html, page_evidence  # noqa: E402
from newsmon import demo  # noqa: E402


def _score(cases: list[tuple[str, str, bool]]) -> tuple[float, float, list[str]]:
    """cases: (label, predicted kind, truly an article) -> precision, recall, mistakes."""
    tp = sum(1 for _, kind, truth in cases if kind == "article" and truth)
    fp = sum(1 for _, kind, truth in cases if kind == "article" and not truth)
    fn = sum(1 for _, kind, truth in cases if kind != "article" and truth)
    wrong = [label for label, kind, truth in cases if (kind == "article") != truth]
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1), wrong


def demo_cases() -> list[tuple[str, str, bool]]:
    cases = []
    with demo.DemoWeb() as web:
        truth = {a.url: True for a in demo.expected_articles(web.sites)}
        truth.update({u: False for u in demo.listing_urls(web.sites)})
        for url, is_article in truth.items():
            with urllib.request.urlopen(url, timeout=10) as answer:
                html = decode_html(answer.read(), answer.headers.get("Content-Type"))
            cases.append((url, str(classify_page(html, url).value), is_article))
    return cases


def golden_cases() -> list[tuple[str, str, bool]]:
    cases = []
    for meta_path in sorted((ROOT / "tests/parsers/golden").glob("*.json")):
        meta = json.loads(meta_path.read_text())
        if "kind" not in meta or "url" not in meta:
            continue
        html = decode_html(meta_path.with_suffix(".html").read_bytes(), meta.get("content_type"))
        kind = page_evidence(html, meta["url"]).kind.value
        cases.append((meta_path.stem, kind, meta["kind"] == "article"))
    return cases


def main() -> int:
    for name, cases in (("demo web", demo_cases()), ("golden pages", golden_cases())):
        precision, recall, wrong = _score(cases)
        articles = sum(1 for c in cases if c[2])
        print(f"{name}: {len(cases)} pages ({articles} articles): "
              f"precision {precision:.3f}, recall {recall:.3f}")
        for label in wrong:
            print(f"  misclassified: {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
