"""What `newsmon clusters` and `newsmon cluster` print: tables, members and word diffs."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

import storage

from ..core.clusterviews import cluster_document, detail_of, load_cluster, member_diffs, overview_row
from ..core.errors import NotFound
from ..core.names import require_source
from ..core.settings import Settings, open_settings_store
from ..core.textdiff import Segment, inline, side_text
from .output import safe_text, shown

# How much of a long diff the terminal shows per copy; --json has all of it.
_SHOWN_ROWS = 12


def show_clusters(console: Console, settings: Settings, flt: storage.ClusterFilter,
                  as_json: bool) -> None:
    store = open_settings_store(settings, create=False)
    try:
        with store.connect() as conn:
            require_source(conn, flt.source)
            rows = [overview_row(v) for v in storage.find_clusters(conn, flt)]
    finally:
        store.close()
    if as_json:
        for row in rows:
            console.file.write(json.dumps(row, ensure_ascii=False) + "\n")
        console.file.flush()  # a failed write is reported here, not lost at exit
        return
    console.print(clusters_table(rows, wide=console.width >= 110))


def clusters_table(rows: list[dict], wide: bool) -> Table:
    """Ids never wrap (they are copied into `newsmon cluster ID`); at 80 columns the days
    drop their times and `last seen` goes, so the title keeps room to wrap."""
    table = Table(title=f"{len(rows)} clusters", pad_edge=False, box=None, padding=(0, 1),
                  header_style="bold")
    table.add_column("id", no_wrap=True, min_width=16)
    table.add_column("size", no_wrap=True, justify="right")
    table.add_column("first seen", no_wrap=True)
    if wide:
        table.add_column("last seen", no_wrap=True)
    table.add_column("sources", ratio=1, min_width=12, overflow="fold")
    table.add_column("representative title", ratio=2, min_width=20)
    when = 16 if wide else 10
    for row in rows:
        # Scraped titles are plain text, never rich markup.
        days = [(row["first_seen"] or "")[:when].replace("T", " ")]
        if wide:
            days.append((row["last_seen"] or "")[:when].replace("T", " "))
        table.add_row(row["cluster_id"], str(row["cluster_size"]), *days,
                      safe_text(", ".join(row["sources"])), safe_text(row["title"] or ""))
    return table


def show_cluster(console: Console, settings: Settings, cluster_id: str, as_json: bool) -> None:
    store = open_settings_store(settings, create=False)
    try:
        with store.connect() as conn:
            loaded = load_cluster(conn, cluster_id)
            document = cluster_document(conn, cluster_id) if as_json and loaded else None
    finally:
        store.close()
    if loaded is None:
        raise NotFound(f"no cluster {cluster_id!r} in {settings.store_url} "
                                 "(list them with `newsmon clusters`)")
    if as_json:
        console.file.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    _print_members(console, detail_of(loaded))
    for diff in member_diffs(loaded):
        _print_diff(console, diff)


def _print_members(console: Console, detail: dict) -> None:
    """One block per member: its id, source, time, how it joined; its title and full URL
    on lines of their own, so nothing a user copies is ever cut."""
    console.print(safe_text(f"cluster {detail['cluster_id']}: {detail['cluster_size']} copies, "
                       f"first seen {_when(detail['first_seen'])}, "
                       f"last seen {_when(detail['last_seen'])}"))
    console.print(safe_text(f"representative {detail['representative']}, chosen as "
                       f"{detail['representative_reason']}"))
    if detail["merged_from"]:
        console.print(safe_text(f"{detail['merged_from']} was merged into this cluster"))
    elif detail["aliases"]:
        console.print(safe_text(f"merged into it: {', '.join(detail['aliases'])}"))
    for m in detail["members"]:
        sim = m["similarity_to_representative"]
        mark = "*" if m["is_representative"] else " "
        console.print(safe_text(f"\n{mark} {m['id']}  {m['source']}  "
                           f"{_when(m['published'] or m['fetched_at'])}  "
                           f"joined as {m['joined_as'] or '-'}  similarity to rep. "
                           f"{'-' if sim is None else f'{sim:.3f}'}"))
        console.print(safe_text(f"  {m['title'] or '(no headline)'}"))
        console.print(safe_text(f"  {m['url']}"), overflow="ignore", crop=False, soft_wrap=True)


def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


def _print_diff(console: Console, diff) -> None:
    """wdiff-style marks ([-cut-] {+added+}) so the diff reads without colour too."""
    console.print(safe_text(f"\n{diff.article_id} [{diff.source}] against the representative:",
                       style="bold"))
    if diff.title:
        console.print(safe_text("  headline: ").append_text(_inline(*diff.title)))
    changed = [row for row in diff.rows if row.kind != "same"]
    if not changed:
        console.print(safe_text("  same text"))
    for row in changed[:_SHOWN_ROWS]:
        if row.kind == "added":
            console.print(safe_text(f"  + paragraph added: {row.right[0].text}", style="green"))
        elif row.kind == "cut":
            console.print(safe_text(f"  - paragraph cut: {row.left[0].text}", style="red"))
        else:
            console.print(safe_text("  ~ ").append_text(_inline(row.left, row.right)))
    if len(changed) > _SHOWN_ROWS:
        console.print(safe_text(f"  ... {len(changed) - _SHOWN_ROWS} more changed paragraphs "
                           "(see --json)"))


def _inline(left: tuple[Segment, ...], right: tuple[Segment, ...]) -> Text:
    """One line merging both sides: kept words once, cut and added words marked."""
    text = safe_text()
    for kind, words in inline(side_text(left), side_text(right)):
        if kind == "same":
            text.append(shown(words) + " ")
        elif kind == "cut":
            text.append(f"[-{shown(words)}-] ", style="red")
        else:
            text.append(f"{{+{shown(words)}+}} ", style="green")
    return text
