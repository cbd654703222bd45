"""`extract_pending`: article pages -> article rows, parsed in worker processes.

Workers get a WARC location and return plain fields, never HTML, so little crosses the process
boundary; the parent alone writes to the store, in batches, so a kill loses at most one batch.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

import storage

from .parsers import PARSER_VERSION, decode_html, parse_article
from .parsers.site_profile import MIN_PAGES, SiteProfile, learn_profile
from .warc import read_body

BATCH = 100  # rows per commit: what a kill can lose
_WINDOW = 1000  # tasks in flight at once, so a huge backlog does not become a million futures
# Pages of one source that teach its boilerplate: enough to see a template, bounded in cost.
PROFILE_SAMPLE = 24


@dataclass(frozen=True)
class ExtractSummary:
    pages: int  # pending pages handled in this call
    articles: int  # rows written with status ok
    empty: int
    errors: int


@dataclass(frozen=True)
class ExtractStageConfig:
    """How to extract: worker processes (None: one per core), and where the WARC archive
    is when it is not the store's data dir (s3://bucket/prefix)."""

    workers: int | None = None
    archive: str | None = None
    sources: tuple[str, ...] | None = None  # only these sources' pages (None: all)


def extract_stage(store: storage.Store, config: ExtractStageConfig, *, run_id: int,
                  shard: tuple[int, int] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> ExtractSummary:
    """The extract stage inside the caller's recorded run: `extract_pending` over `shard`."""
    return extract_pending(store, config.workers, progress, shard=shard,
                           archive=config.archive,
                           sources=list(config.sources) if config.sources else None)


@dataclass(frozen=True)
class _Task:
    data_dir: str
    warc_file: str
    warc_offset: int
    url: str
    content_type: str | None
    chrome: tuple[str, ...] = ()  # the source's learned boilerplate lines (site_profile keys)


def extract_pending(store: storage.Store, workers: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    shard: tuple[int, int] | None = None,
                    archive: str | None = None,
                    sources: list[str] | None = None) -> ExtractSummary:
    """Extract every article page not yet extracted by this PARSER_VERSION; reruns add nothing.
    `shard=(i, n)`: only pages whose id is i modulo n, so n workers can share the backlog.
    `archive`: where the crawl put the WARC (default the store's data dir; a URL such as
    s3://bucket/prefix reads records by byte range). `sources`: only these sources' pages,
    e.g. `storage.finished_sources(conn, crawl_run)` while the crawl of the others goes on.

    >>> extract_pending(open_store("sqlite:///data/newsmon.db"), progress=lambda d, t: None)
    """
    with store.connect() as conn:
        pending = storage.pending_extraction(conn, PARSER_VERSION, shard=shard,
                                             sources=sources)
    where = str(archive or store.data_dir)
    chrome = (source_profiles(store, {p.source for p in pending}, workers, where)
              if pending else {})
    tasks = [_Task(where, p.warc_file, p.warc_offset, p.url, p.content_type,
                   chrome.get(p.source, ())) for p in pending]
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


def source_profiles(store: storage.Store, sources: set[str], workers: int | None = None,
                    where: str | None = None) -> dict[str, tuple[str, ...]]:
    """Each source's recurring lines, learnt from a fixed sample of its stored article pages.

    The sample is the PROFILE_SAMPLE pages with the lowest body hashes, so the same store gives
    the same profile however the backlog is split into runs or shards. A profile is stored under
    (source, PARSER_VERSION, digest of the sample): a rerun on the same sample parses nothing."""
    profiles: dict[str, tuple[str, ...]] = {}
    to_learn: dict[str, tuple[str, list[storage.PendingPage]]] = {}
    with store.connect() as conn:
        for source in sorted(sources):
            sample = storage.profile_sample(conn, source, PROFILE_SAMPLE)
            if len(sample) < MIN_PAGES:
                continue
            digest = _sample_digest(sample)
            known = storage.load_site_profile(conn, source, PARSER_VERSION, digest)
            if known is None:
                to_learn[source] = (digest, sample)
            else:
                profiles[source] = known
    profiles.update(_learn(store, to_learn, workers, where))
    return profiles


def _learn(store: storage.Store, to_learn: dict[str, tuple[str, list[storage.PendingPage]]],
           workers: int | None, where: str | None) -> dict[str, tuple[str, ...]]:
    # Parse every sample page alone (no profile), learn, and keep what was learnt.
    picked = [p for _, sample in to_learn.values() for p in sample]
    tasks = [_Task(where or str(store.data_dir), p.warc_file, p.warc_offset, p.url, p.content_type)
             for p in picked]
    lines: dict[str, list[list[str]]] = {source: [] for source in to_learn}
    for page, result in zip(picked, _results(tasks, workers)):
        if result.get("text"):
            lines[page.source].append(result["text"].splitlines())
    learnt = {}
    with store.begin() as conn:
        for source, pages in lines.items():
            chrome = tuple(sorted(learn_profile(pages).chrome))
            storage.save_site_profile(conn, source, PARSER_VERSION, to_learn[source][0], chrome, len(pages),
                                      storage.utcnow())
            learnt[source] = chrome
    return learnt


def _sample_digest(sample: list[storage.PendingPage]) -> str:
    return hashlib.sha256("\n".join(p.body_hash for p in sample).encode()).hexdigest()


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
        profile = SiteProfile(frozenset(task.chrome), PROFILE_SAMPLE) if task.chrome else None
        parsed = parse_article(html, task.url, profile=profile)
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
