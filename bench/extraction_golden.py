"""The golden set: metadata accuracy of parse_article, and saving the demo web's pages into it.

    python bench/extraction_golden.py                 # accuracy on tests/parsers/golden
    python bench/extraction_golden.py --save-demo     # (re)write the demo-web golden pages
    python bench/extraction_golden.py --bless         # after a parser change: rewrite every
        page's paragraph_starts from today's output and stamp PARSER_VERSION (review the diff!)

Golden pages are `tests/parsers/golden/<name>.html` + `<name>.json` (see the golden test).
Dates count as equal when they name the same instant; a time without offset is read as UTC,
the store's convention (storage.parse_iso), since the page states nothing better.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "parsers" / "golden"
sys.path.insert(0, str(REPO))

from crawlers.parsers import PARSER_VERSION, decode_html, parse_article  # noqa: E402

__all__ = ["metadata_accuracy", "print_metadata_accuracy", "save_demo_pages", "same_instant", "bless"]

FIELDS = ("title", "author", "published", "language")


def same_instant(a: str | None, b: str | None) -> bool:
    """'2025-07-16T13:10:00' == '2025-07-16T13:10:00+00:00'; a date alone equals only a date."""
    if not a or not b or len(a) == 10 or len(b) == 10:
        return a == b
    try:
        da, db = datetime.fromisoformat(a), datetime.fromisoformat(b)
    except ValueError:
        return a == b
    return da.replace(tzinfo=da.tzinfo or timezone.utc) == db.replace(tzinfo=db.tzinfo or timezone.utc)


def metadata_accuracy(golden: Path = GOLDEN) -> tuple[int, dict[str, float], list[str]]:
    """(article pages, accuracy per field, one line per miss) over the golden article pages."""
    hits = dict.fromkeys(FIELDS, 0)
    misses: list[str] = []
    cases = sorted(golden.glob("*.json"))
    pages = 0
    for case in cases:
        expected = json.loads(case.read_text(encoding="utf-8"))
        if expected.get("kind") != "article":
            continue
        pages += 1
        html = decode_html(case.with_suffix(".html").read_bytes(), expected.get("content_type"))
        parsed = parse_article(html, expected["url"])
        for field in FIELDS:
            got, want = getattr(parsed, field), expected[field]
            ok = same_instant(got, want) if field == "published" else got == want
            hits[field] += ok
            if not ok:
                misses.append(f"{case.stem}: {field} {got!r} != {want!r}")
    return pages, {f: hits[f] / max(1, pages) for f in FIELDS}, misses


def print_metadata_accuracy(golden: Path = GOLDEN) -> None:
    pages, accuracy, misses = metadata_accuracy(golden)
    print(f"metadata on {pages} golden article pages: "
          + ", ".join(f"{f} {accuracy[f]:.3f}" for f in FIELDS)
          + "   (targets: title 0.97, published 0.95, author 0.90)")
    for line in misses:
        print("  miss", line)


def save_demo_pages(golden: Path = GOLDEN) -> int:
    """Write every demo-web article page, with its ground truth, as a golden case."""
    from newsmon.demo import DEMO_DATE, SITES, expected_articles
    from newsmon.demo.catalog import site_articles
    from newsmon.demo.render import render_site
    from newsmon.demo.sites import DemoSite

    sites = [DemoSite(spec.name, f"http://127.0.0.1:{8101 + i}/") for i, spec in enumerate(SITES)]
    rendered = {s.name: render_site(spec, s.base_url, DEMO_DATE) for s, spec in zip(sites, SITES)}
    paragraphs = {(spec.name, a.path): a.paragraphs for spec in SITES for a in site_articles(spec, DEMO_DATE)}
    for n, truth in enumerate(expected_articles(sites)):
        path = urlsplit(truth.url).path
        resource = rendered[truth.site][path]
        name = f"demo_{truth.site}_{n:02d}"
        (golden / f"{name}.html").write_bytes(resource.body)
        case = {
            "url": truth.url, "content_type": resource.content_type, "kind": "article",
            "title": truth.title, "author": truth.author or None, "published": truth.published or None,
            "language": "en", "canonical_url": truth.url, "forbidden": truth.must_not_contain,
            "paragraph_starts": [p[:40] for p in paragraphs[(truth.site, path)]],
            "parser_version": PARSER_VERSION,  # --bless after --save-demo: the page shows its dek too
        }
        (golden / f"{name}.json").write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return n + 1


def bless(golden: Path = GOLDEN) -> list[str]:
    """Stamp PARSER_VERSION on every golden case and take today's paragraph starts; returns the
    cases whose paragraphs changed, for the reviewer."""
    changed = []
    for case in sorted(golden.glob("*.json")):
        expected = json.loads(case.read_text(encoding="utf-8"))
        if expected.get("kind") == "article":
            html = decode_html(case.with_suffix(".html").read_bytes(), expected.get("content_type"))
            starts = _starts(parse_article(html, expected["url"]).text.split("\n"), expected.get("paragraph_starts", []))
            if starts != expected.get("paragraph_starts"):
                changed.append(case.stem)
            expected["paragraph_starts"] = starts
        expected["parser_version"] = PARSER_VERSION
        case.write_text(_dump(expected) + "\n", encoding="utf-8")
    return changed


def _dump(case: dict) -> str:
    # One key a line, lists on one line, as the hand-written cases have them: reviewable diffs.
    items = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in case.items()]
    return "{\n" + ",\n".join(items) + "\n}"


def _starts(lines: list[str], old: list[str]) -> list[str]:
    # Keep the reviewed prefixes where today's paragraph still starts with them.
    pending = list(old)
    out = []
    for line in lines:
        if pending and line.startswith(pending[0]):
            out.append(pending.pop(0))
        else:
            out.append(line[:40])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--golden", type=Path, default=GOLDEN)
    ap.add_argument("--save-demo", action="store_true", help="write the demo web's article pages first")
    ap.add_argument("--bless", action="store_true", help="accept today's paragraphs and stamp PARSER_VERSION")
    args = ap.parse_args(argv)
    if args.bless:
        changed = bless(args.golden)
        print(f"blessed for parser {PARSER_VERSION}; paragraphs changed in {len(changed)}: {', '.join(changed)}")
    if args.save_demo:
        print(f"saved {save_demo_pages(args.golden)} demo pages to {args.golden}")
    print_metadata_accuracy(args.golden)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
