"""The daily run's report in Markdown: counts, new and grown clusters, the biggest, source health.

Built from the stages' results (ids and counts) and the store, so the flow hands over nothing
big; the flow publishes it as a Prefect artifact.
"""

from __future__ import annotations

import re

import storage
from crawlers.summary import SourceFigures

from .health import error_classes
from .settings import Settings, open_settings_store
from .stages import StageResult

_TOP = 10
# Inside a table cell only inline markup matters: emphasis, code, links, pipes, HTML.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~>])")


def md(text: str | None) -> str:
    """Scraped text as inert Markdown: one line, no markup, no HTML, no table breaks."""
    flat = " ".join((text or "").split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat).replace("<", "&lt;")


def run_report(settings: Settings, run_date: str, crawl: StageResult, extract: StageResult,
               dedupe: StageResult, top: int = _TOP) -> str:
    """The report of one daily run, from the three stages' results."""
    store = open_settings_store(settings)
    try:
        with store.connect() as conn:
            lines = [f"# newsmon daily run {run_date}", "", *_counts(conn, crawl, extract, dedupe)]
            lines += _cluster_sections(conn, dedupe.run_ids, top)
            lines += _health(conn, crawl, extract.run_ids)
    finally:
        store.close()
    return "\n".join(lines) + "\n"


def _counts(conn, crawl: StageResult, extract: StageResult, dedupe: StageResult) -> list[str]:
    def figures(result: StageResult, keys: tuple[str, ...]) -> str:
        return ", ".join(f"{k.replace('_', ' ')} {getattr(result.summary, k, 0)}" for k in keys)
    return [
        "| stage | figures |", "|---|---|",
        "| crawl | " + figures(crawl, ("requests", "pages", "new_articles", "updated_articles",
                                       "not_modified", "errors")) + " |",
        "| extract | " + figures(extract, ("pages", "articles", "empty", "errors")) + " |",
        "| dedupe | " + figures(dedupe, ("new_articles", "joined", "new_clusters", "merged"))
        + " |",
        "", f"The store holds {storage.count_articles(conn)} articles in "
        f"{storage.count_clusters(conn)} clusters ({storage.count_clusters(conn, 2)} with "
        "more than one copy).", ""]


def _window(conn, run_ids) -> tuple | None:
    """From the first start to the last end of a stage's runs (several when the flow
    streamed: one per batch of sources whose crawl ended); None if one is unfinished."""
    runs = [storage.get_run(conn, i) for i in run_ids]
    if not runs or any(r is None or r.finished_at is None for r in runs):
        return None
    return min(r.started_at for r in runs), max(r.finished_at for r in runs)


def _cluster_sections(conn, dedupe_run_ids, top: int) -> list[str]:
    window = _window(conn, dedupe_run_ids)
    founded: list = []
    grown: list = []
    merges: list[storage.ClusterMerge] = []
    if window:
        founded, grown = storage.clusters_changed(conn, *window)
        merges = storage.cluster_merges(conn, *window)
    copies = [c for c in founded if c.size > 1]
    lines = [f"## New clusters: {len(founded)} ({len(copies)} with more than one copy)", ""]
    lines += _cluster_table(conn, copies[:top], None) or ["None with more than one copy.", ""]
    lines += [f"## Grown clusters: {len(grown)}", ""]
    lines += _cluster_table(conn, [c for c, _ in grown[:top]],
                            {c.cluster_id: n for c, n in grown}) or ["None.", ""]
    lines += [f"## Merged clusters: {len(merges)}", ""]
    lines += _merge_table(merges[:top]) or ["None.", ""]
    biggest = storage.list_clusters(conn, min_size=2, limit=top)
    lines += ["## Biggest clusters", ""]
    lines += _cluster_table(conn, biggest, None) or ["None yet.", ""]
    return lines


def _cluster_table(conn, infos: list[storage.ClusterInfo], added: dict | None) -> list[str]:
    if not infos:
        return []
    head = "| cluster | size | " + ("added | " if added else "") + "sources | title |"
    lines = [head, "|---" * head.count(" | ") + "|---|"]
    for view in storage.overviews(conn, infos):
        extra = f"{added[view.info.cluster_id]} | " if added else ""
        lines.append(f"| `{view.info.cluster_id}` | {view.info.size} | {extra}"
                     f"{md(', '.join(view.sources))} | {md(view.title)} |")
    return lines + [""]


def _merge_table(merges: list[storage.ClusterMerge]) -> list[str]:
    """Clusters a new copy bridged: the absorbed id now leads to the survivor."""
    if not merges:
        return []
    lines = ["| absorbed | into | bridged by |", "|---|---|---|"]
    lines += [f"| `{m.absorbed}` | `{m.survivor}` | `{m.article_id or '-'}` |" for m in merges]
    return lines + [""]


def _health(conn, crawl: StageResult, extract_run_ids) -> list[str]:
    per_source = crawl.summary.per_source
    if not per_source and crawl.run_id:
        per_source = {r["source"]: SourceFigures.from_dict(r)
                      for r in storage.crawl_stats_for(conn, crawl.run_id)}
    window = _window(conn, extract_run_ids)
    extracted = storage.extraction_counts(conn, *window) if window else {}
    lines = ["## Source health", "",
             "| source | requests | pages | new articles | 4xx | 5xx | other errors | "
             "empty extractions | state |", "|---|---|---|---|---|---|---|---|---|"]
    silent = []
    for name, f in sorted(per_source.items()):
        client, server, other = error_classes(f.errors)
        state = "FAILED" if f.failed else ("no articles" if f.zero_articles else "ok")
        if state != "ok":
            silent.append(name)
        if f.out_of_time:
            state += f", out of time ({f.frontier_left} URLs left for the next run)"
        lines.append(f"| {md(name)} | {f.requests} | {f.pages} | {f.new_articles} | "
                     f"{client} | {server} | {other} | "
                     f"{extracted.get(name, {}).get('empty', 0)} | {state} |")
    lines += ["", "Sources with zero articles: " + (", ".join(md(n) for n in silent) or "none")
              + "."]
    late = crawl.summary.out_of_time
    if late:
        lines += ["", "Sources that ran out of time (the URLs left go first next run): "
                  + ", ".join(f"{md(n)} ({left} left)" for n, left in late.items()) + "."]
    return lines
