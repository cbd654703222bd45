"""What `newsmon clusters` and `newsmon cluster` print: tables, members and word diffs."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

import storage

from ..core.clusterviews import detail_of, load_cluster, member_diffs, overview_row
from ..core.errors import NotFound
from ..core.settings import Settings, open_settings_store
from ..core.textdiff import Segment, inline, side_text

# How much of a long diff the terminal shows per copy; --json has all of it.
_SHOWN_ROWS = 12


def show_clusters(console: Console, settings: Settings, flt: storage.ClusterFilter,
                  as_json: bool) -> None:
    store = open_settings_store(settings)
    try:
        with store.connect() as conn:
            rows = [overview_row(v) for v in storage.find_clusters(conn, flt)]
    finally:
        store.close()
    if as_json:
        for row in rows:
            console.file.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} clusters")
    table.add_column("id", no_wrap=True)  # ids are copied into `newsmon cluster ID`
    table.add_column("size", no_wrap=True, justify="right")
    table.add_column("sources", overflow="fold")
    table.add_column("first seen", no_wrap=True)
    table.add_column("last seen", no_wrap=True)
    table.add_column("representative title", ratio=1, min_width=20)
    for row in rows:
        # Scraped titles are plain text, never rich markup.
        table.add_row(row["cluster_id"], str(row["size"]), ", ".join(row["sources"]),
                      row["first_seen"][:16], row["last_seen"][:16], Text(row["title"] or ""))
    console.print(table)


def show_cluster(console: Console, settings: Settings, cluster_id: str, as_json: bool) -> None:
    store = open_settings_store(settings)
    try:
        with store.connect() as conn:
            loaded = load_cluster(conn, cluster_id)
    finally:
        store.close()
    if loaded is None:
        raise NotFound(f"no cluster {cluster_id!r} in {settings.store_url} "
                                 "(list them with `newsmon clusters`)")
    detail = detail_of(loaded)
    if as_json:
        console.file.write(json.dumps(detail, ensure_ascii=False, indent=2) + "\n")
        return
    _print_members(console, detail)
    for diff in member_diffs(loaded):
        _print_diff(console, diff)


def _print_members(console: Console, detail: dict) -> None:
    console.print(Text(f"cluster {detail['cluster_id']}: {detail['size']} copies, "
                       f"first seen {detail['first_seen']}, last seen {detail['last_seen']}"))
    console.print(Text(f"representative {detail['representative']}, chosen as "
                       f"{detail['representative_reason']}"))
    if detail["merged_from"]:
        console.print(Text(f"{detail['merged_from']} was merged into this cluster"))
    elif detail["aliases"]:
        console.print(Text(f"merged into it: {', '.join(detail['aliases'])}"))
    table = Table(show_lines=False)
    for column in ("", "id", "source", "published", "joined as", "sim. to rep.", "title / url"):
        table.add_column(column, no_wrap=column in ("id", "published"))
    for m in detail["members"]:
        sim = m["similarity_to_representative"]
        table.add_row("*" if m["is_representative"] else "", m["id"], m["source"],
                      (m["published"] or m["fetched_at"] or "")[:16], m["joined_as"] or "-",
                      "-" if sim is None else f"{sim:.3f}",
                      Text(f"{m['title'] or ''}\n{m['url']}"))
    console.print(table)


def _print_diff(console: Console, diff) -> None:
    """wdiff-style marks ([-cut-] {+added+}) so the diff reads without colour too."""
    console.print(Text(f"\n{diff.article_id} [{diff.source}] against the representative:",
                       style="bold"))
    if diff.title:
        console.print(Text("  headline: ").append_text(_inline(*diff.title)))
    changed = [row for row in diff.rows if row.kind != "same"]
    if not changed:
        console.print(Text("  same text"))
    for row in changed[:_SHOWN_ROWS]:
        if row.kind == "added":
            console.print(Text(f"  + paragraph added: {row.right[0].text}", style="green"))
        elif row.kind == "cut":
            console.print(Text(f"  - paragraph cut: {row.left[0].text}", style="red"))
        else:
            console.print(Text("  ~ ").append_text(_inline(row.left, row.right)))
    if len(changed) > _SHOWN_ROWS:
        console.print(Text(f"  ... {len(changed) - _SHOWN_ROWS} more changed paragraphs "
                           "(see --json)"))


def _inline(left: tuple[Segment, ...], right: tuple[Segment, ...]) -> Text:
    """One line merging both sides: kept words once, cut and added words marked."""
    text = Text()
    for kind, words in inline(side_text(left), side_text(right)):
        if kind == "same":
            text.append(words + " ")
        elif kind == "cut":
            text.append(f"[-{words}-] ", style="red")
        else:
            text.append(f"{{+{words}+}} ", style="green")
    return text
