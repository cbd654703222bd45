"""`newsmon clusters` and `newsmon cluster ID`: look at what was grouped and why."""

from __future__ import annotations

import difflib
import json
from datetime import date, datetime, time, timezone

from rich.console import Console
from rich.table import Table
from rich.text import Text

import storage

from .settings import Settings
from .stages import open_settings_store


def show_clusters(console: Console, settings: Settings, since: date | None, min_size: int,
                  as_json: bool) -> None:
    store = open_settings_store(settings)
    try:
        with store.connect() as conn:
            start = datetime.combine(since, time.min, timezone.utc) if since else None
            rows = [_cluster_row(conn, info)
                    for info in storage.list_clusters(conn, start, min_size)]
    finally:
        store.close()
    if as_json:
        for row in rows:
            console.file.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} clusters")
    table.add_column("id", no_wrap=True)  # ids are copied into `newsmon cluster ID`
    table.add_column("size", no_wrap=True, justify="right")
    for column in ("sources", "first seen", "last seen", "representative title"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["cluster_id"], str(row["size"]), ", ".join(row["sources"]),
                      row["first_seen"][:16], row["last_seen"][:16], Text(row["title"] or ""))
    console.print(table)


def show_cluster(console: Console, settings: Settings, cluster_id: str, as_json: bool) -> None:
    store = open_settings_store(settings)
    try:
        with store.connect() as conn:
            detail = cluster_detail(conn, cluster_id)
    finally:
        store.close()
    if detail is None:
        raise storage.StoreError(f"no cluster {cluster_id!r} in {settings.store_url} "
                                 "(list them with `newsmon clusters`)")
    if as_json:
        console.file.write(json.dumps(detail, ensure_ascii=False, indent=2) + "\n")
        return
    _print_detail(console, detail)


def cluster_detail(conn, cluster_id: str) -> dict | None:
    """The cluster, its members and each member's changes against the representative."""
    info = storage.get_cluster(conn, cluster_id)
    if info is None:
        return None
    rep = storage.current_article(conn, info.representative_id)
    members = []
    for m in storage.cluster_members(conn, cluster_id):
        article = storage.current_article(conn, m.article_id)
        members.append({
            "id": m.article_id, "source": m.source, "url": m.url, "title": m.title,
            "published": storage.iso(m.published), "similarity": round(m.similarity, 3),
            "matched": m.matched_id, "is_representative": m.article_id == info.representative_id,
            "changes": changes(rep, article) if rep and article else None,
        })
    return {"cluster_id": info.cluster_id, "size": info.size,
            "first_seen": storage.iso(info.first_seen), "last_seen": storage.iso(info.last_seen),
            "representative": info.representative_id,
            "representative_reason": info.representative_reason, "members": members}


def changes(rep: storage.ArticleVersion, other: storage.ArticleVersion) -> dict:
    """Headline change and words added/removed relative to the representative."""
    before, after = rep.text.split(), other.text.split()
    added, removed = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after,
                                                      autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed.append(" ".join(before[i1:i2]))
        if op in ("insert", "replace"):
            added.append(" ".join(after[j1:j2]))
    return {"title_changed": (rep.title or "") != (other.title or ""),
            "words_added": added, "words_removed": removed}


def _cluster_row(conn, info: storage.ClusterInfo) -> dict:
    members = storage.cluster_members(conn, info.cluster_id)
    rep = next((m for m in members if m.article_id == info.representative_id), None)
    return {"cluster_id": info.cluster_id, "size": info.size,
            "sources": sorted({m.source for m in members}),
            "first_seen": storage.iso(info.first_seen), "last_seen": storage.iso(info.last_seen),
            "representative": info.representative_id, "title": rep.title if rep else None}


def _print_detail(console: Console, detail: dict) -> None:
    console.print(Text(f"cluster {detail['cluster_id']}: {detail['size']} copies, "
                       f"first seen {detail['first_seen']}, last seen {detail['last_seen']}"))
    console.print(Text(f"representative {detail['representative']}: "
                       f"{detail['representative_reason']}"))
    for m in detail["members"]:
        mark = "*" if m["is_representative"] else " "
        console.print(Text(f"{mark} {m['id']} [{m['source']}] sim {m['similarity']:.3f} "
                           f"{m['title'] or ''}\n    {m['url']}"))
        ch = m["changes"]
        if ch and not m["is_representative"]:
            if ch["title_changed"]:
                console.print(Text("    headline changed"))
            for words in ch["words_removed"][:5]:
                console.print(Text(f"    - {words[:160]}", style="red"))
            for words in ch["words_added"][:5]:
                console.print(Text(f"    + {words[:160]}", style="green"))
