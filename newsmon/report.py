"""What a run found: counts and the biggest clusters, for the terminal."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

import storage


@dataclass(frozen=True)
class ClusterLine:
    cluster_id: str
    size: int
    sources: tuple[str, ...]
    title: str | None


@dataclass(frozen=True)
class StoreSummary:
    pages: int
    article_pages: int
    articles: int
    clusters: int
    multi_copy_clusters: int
    biggest: tuple[ClusterLine, ...]


def summarize(store: storage.Store, top: int = 5) -> StoreSummary:
    with store.connect() as conn:
        biggest = []
        for info in storage.list_clusters(conn, min_size=2, limit=top):
            members = storage.cluster_members(conn, info.cluster_id)
            rep = next((m for m in members if m.article_id == info.representative_id), None)
            biggest.append(ClusterLine(info.cluster_id, info.size,
                                       tuple(sorted({m.source for m in members})),
                                       rep.title if rep else None))
        return StoreSummary(
            # alias rows record redirects and URL variants, not fetched pages
            pages=storage.count_pages(conn) - storage.count_pages(conn, "alias"),
            article_pages=storage.count_pages(conn, "article"),
            articles=storage.count_articles(conn), clusters=storage.count_clusters(conn),
            multi_copy_clusters=storage.count_clusters(conn, min_size=2), biggest=tuple(biggest))


def print_summary(console: Console, summary: StoreSummary, where: str) -> None:
    console.print(f"[bold]pages[/bold] {summary.pages} ({summary.article_pages} article pages)  "
                  f"[bold]articles[/bold] {summary.articles}  "
                  f"[bold]clusters[/bold] {summary.clusters} "
                  f"({summary.multi_copy_clusters} with more than one copy)")
    if summary.biggest:
        table = Table(title="Biggest clusters", show_lines=False)
        table.add_column("cluster", no_wrap=True)
        table.add_column("size", no_wrap=True, justify="right")
        table.add_column("sources")
        table.add_column("representative title")
        for line in summary.biggest:
            # Scraped titles are plain text, never rich markup.
            table.add_row(line.cluster_id, str(line.size), ", ".join(line.sources),
                          Text(line.title or ""))
        console.print(table)
    console.print(f"results: {where}")


def source_problems(crawl_figures: dict) -> list[str]:
    """One line per source that failed, had errors, or yielded no article page at all."""
    lines = []
    for name, f in sorted((crawl_figures.get("per_source") or {}).items()):
        errors = ", ".join(f"{kind} {n}" for kind, n in sorted((f.get("errors") or {}).items()))
        if f.get("failed"):
            lines.append(f"source {name}: FAILED, nothing fetched ({errors or 'no response'})")
        elif errors:
            lines.append(f"source {name}: errors: {errors}")
        if not f.get("failed") and f.get("zero_articles"):
            lines.append(f"source {name}: no article found")
    return lines
