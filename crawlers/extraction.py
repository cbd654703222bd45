"""`extract_pending`: article pages -> article rows, parsed in worker processes.

Workers get a WARC location and return plain fields, never HTML, so little crosses the process
boundary; the parent alone writes to the store, in batches, so a kill loses at most one batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

import storage

from .parsers import PARSER_VERSION, decode_html, parse_article
from .warc import read_body

BATCH = 100  # rows per commit: what a kill can lose
_WINDOW = 1000  # tasks in flight at once, so a huge backlog does not become a million futures


@dataclass(frozen=True)
class ExtractSummary:
    pages: int  # pending pages handled in this call
    articles: int  # rows written with status ok
    empty: int
    errors: int


@dataclass(frozen=True)
class _Task:
    data_dir: str
    warc_file: str
    warc_offset: int
    url: str
    content_type: str | None


def extract_pending(store: storage.Store, workers: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    shard: tuple[int, int] | None = None,
                    sources: list[str] | None = None) -> ExtractSummary:
    """Extract every article page not yet extracted by this PARSER_VERSION; reruns add nothing.
    `shard=(i, n)`: only pages whose id is i modulo n, so n workers can share the backlog.
    `sources`: only these sources' pages, e.g. `storage.finished_sources(conn, crawl_run)`
    while the crawl of the others goes on.

    >>> extract_pending(open_store("sqlite:///data/newsmon.db"), progress=lambda d, t: None)
    """
    with store.connect() as conn:
        pending = storage.pending_extraction(conn, PARSER_VERSION, shard=shard,
                                             sources=sources)
    tasks = [_Task(str(store.data_dir), p.warc_file, p.warc_offset, p.url, p.content_type)
             for p in pending]
    counts = {"ok": 0, "empty": 0, "error": 0, "missing": 0}
    batch: list[storage.ArticleVersion] = []
    for done, (page, result) in enumerate(zip(pending, _results(tasks, workers)), start=1):
        version = _version(page, result)
        if version is None:
            counts["missing"] += 1  # WARC not readable: no row, so a later run retries it
        else:
            batch.append(version)
            counts[version.status] += 1
        if len(batch) >= BATCH:
            _save(store, batch)
        if progress:
            progress(done, len(pending))
    _save(store, batch)
    return ExtractSummary(pages=len(pending), articles=counts["ok"], empty=counts["empty"],
                          errors=counts["error"] + counts["missing"])


def _results(tasks: list[_Task], workers: int | None) -> Iterator[dict]:
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(tasks) <= 1:
        yield from map(extract_one, tasks)
        return
    # spawn: the parent holds database connections and maybe threads; forking those is unsafe.
    # Callers running a script need the usual `if __name__ == "__main__":` guard for spawn.
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)),
                             mp_context=get_context("spawn")) as pool:
        for start in range(0, len(tasks), _WINDOW):
            yield from pool.map(extract_one, tasks[start:start + _WINDOW], chunksize=8)


def extract_one(task: _Task) -> dict:
    """Worker: read, decode and parse one page; returns fields or the reason it failed."""
    try:
        headers, body = read_body(task.data_dir, task.warc_file, task.warc_offset)
    except (OSError, ValueError, StopIteration) as exc:
        return {"missing": _one_line(exc)}
    try:
        html = decode_html(body, task.content_type or headers.get("content-type"))
        parsed = parse_article(html, task.url)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
        return {"error": _one_line(exc)}
    return {"title": parsed.title, "author": parsed.author, "published": parsed.published,
            "language": parsed.language, "text": parsed.text or "",
            "canonical_url": parsed.canonical_url}


def _version(page: storage.PendingPage, result: dict) -> storage.ArticleVersion | None:
    if "missing" in result:
        return None
    canonical = storage.canonical_url(page.url, result.get("canonical_url") or page.canonical_url)
    text = (result.get("text") or "").strip()
    status = "error" if "error" in result else ("ok" if text else "empty")
    return storage.ArticleVersion(
        article_id=storage.article_id(page.source, canonical), page_id=page.page_id,
        body_hash=page.body_hash, parser_version=PARSER_VERSION, status=status,
        source=page.source, url=page.url, canonical_url=canonical,
        title=result.get("title"), author=result.get("author"),
        published=_published(result.get("published")), language=result.get("language"),
        text=text, content_hash=storage.content_hash(text) if text else None,
        fetched_at=page.first_fetched_at, extracted_at=storage.utcnow(),
        error=result.get("error"))


def _published(value):
    if value is None or isinstance(value, str):
        return storage.parse_iso(value)
    return storage.as_utc(value)  # a datetime already


def _save(store: storage.Store, batch: list[storage.ArticleVersion]) -> None:
    if not batch:
        return
    with store.begin() as conn:
        for version in batch:
            storage.save_article(conn, version)
    batch.clear()


def _one_line(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return " ".join(text.split())[:500]
