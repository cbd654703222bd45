"""`newsmon parse`: the pipeline's extraction over saved pages, one JSON object a line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from rich.console import Console

from crawlers.parsers import decode_html, parse_article, read_saved_page


def parse_files(files: list[Path], url: str | None, out: TextIO, err: Console) -> int:
    """Print one record per readable file; returns how many files could not be read."""
    failures = 0
    for path in files:
        try:
            body = read_saved_page(path)
        except OSError as exc:
            err.print(f"newsmon parse: {path}: cannot read: {exc.strerror or exc}", markup=False)
            failures += 1
            continue
        parsed = parse_article(decode_html(body), url)
        record = {"file": str(path), "title": parsed.title, "author": parsed.author,
                  "published": parsed.published, "language": parsed.language,
                  "text": parsed.text}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return failures
