"""`newsmon parse`: the pipeline's extraction over saved pages, one JSON object a line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional, TextIO

import typer
from rich.console import Console

from .app import app, err, guarded


@app.command()
@guarded
def parse(
    files: Annotated[list[Path], typer.Argument(help=".html or .html.gz files")],
    url: Annotated[Optional[str], typer.Option(help="the URL the page came from")] = None,
) -> None:
    """Extract saved pages offline, one JSON object a line (the pipeline's own extraction).

    Example: newsmon parse page.html.gz --url https://example.com/news/story
    """
    failures = parse_files(files, url, sys.stdout, err)
    if failures:
        raise typer.Exit(2)


def parse_files(files: list[Path], url: str | None, out: TextIO, err: Console) -> int:
    """Print one record per readable file; returns how many files could not be read."""
    from crawlers.parsers import decode_html, parse_article, read_saved_page

    failures = 0
    for path in files:
        try:
            body = read_saved_page(path)
        except OSError as exc:
            err.print(f"newsmon parse: {path}: cannot read: {exc.strerror or exc}; skipped",
                      markup=False)
            failures += 1
            continue
        parsed = parse_article(decode_html(body), url)
        record = {"file": str(path), "title": parsed.title, "author": parsed.author,
                  "published": parsed.published, "language": parsed.language,
                  "text": parsed.text}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return failures
