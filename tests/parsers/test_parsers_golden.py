"""Golden pages: saved HTML in, expected article fields out (web-poet / fundus style).

`demo_*` pages are the demo web's article pages with its ground truth
(`python bench/extraction_golden.py --save-demo` rewrites them); the others are hand-made on
real templates. Each `golden/<name>.html` has a `<name>.json` with the URL and Content-Type it was served
with, the expected page kind and, for articles, every field plus the start of every paragraph
(in order, nothing else) and substrings that must not survive (boilerplate, mojibake).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from crawlers.parsers import PARSER_VERSION, classify_page, decode_html, parse_article

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.html"))
FIELDS = ("title", "author", "language", "canonical_url")


def _load(name: str) -> tuple[str, dict]:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    html = decode_html((GOLDEN / f"{name}.html").read_bytes(), expected.get("content_type"))
    return html, expected


def test_every_golden_page_has_expectations():
    assert len(CASES) >= 6
    assert all((GOLDEN / f"{name}.json").exists() for name in CASES)


@pytest.mark.parametrize("name", CASES)
def test_page_kind(name):
    html, expected = _load(name)
    assert classify_page(html, expected["url"]).value == expected["kind"]


@pytest.mark.parametrize("name", [n for n in CASES if _load(n)[1]["kind"] == "article"])
def test_article_fields(name):
    html, expected = _load(name)
    parsed = parse_article(html, expected["url"])
    assert {f: getattr(parsed, f) for f in FIELDS} == {f: expected[f] for f in FIELDS}
    assert _instant(parsed.published) == _instant(expected["published"])


def _instant(value: str | None):
    # A page that prints a time without a zone gives a naive time; the store reads it as UTC
    # (storage.parse_iso), so that is what it must equal. A date alone stays a date.
    if value is None or len(value) == 10:
        return value
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=parsed.tzinfo or timezone.utc)


@pytest.mark.parametrize("name", [n for n in CASES if _load(n)[1]["kind"] == "article"])
def test_article_text_keeps_every_paragraph_and_no_boilerplate(name):
    html, expected = _load(name)
    lines = parse_article(html, expected["url"]).text.split("\n")
    starts = expected["paragraph_starts"]
    assert len(lines) == len(starts), lines
    for line, start in zip(lines, starts):
        assert line.startswith(start)
    text = "\n".join(lines)
    leaked = [s for s in expected["forbidden"] if s in text]
    assert not leaked


def test_bytes_input_decodes_like_the_pipeline():
    # parse_article(bytes) has no header to go on: <meta> alone must give the right charset.
    raw = (GOLDEN / "meta_charset_only.html").read_bytes()
    assert "480 000 €" in parse_article(raw).text


def test_golden_files_were_blessed_by_this_parser_version():
    # A parser change must be a conscious re-bless (`python bench/extraction_golden.py --bless`,
    # then review the diff), not a silent drift of what the golden files mean.
    stale = [name for name in CASES if _load(name)[1].get("parser_version") != PARSER_VERSION]
    assert not stale, f"golden files not blessed for parser {PARSER_VERSION}: {stale}"
