"""What the store holds after a run: counts and the biggest clusters."""

from __future__ import annotations

from dataclasses import dataclass

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
