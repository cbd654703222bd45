"""Terminal output shared by the commands: the store summary and a stage's figures."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ..core.summary import StoreSummary


# C0 and C1 controls and DEL, but tab and newline: scraped text (older stores, source names,
# URLs) must never drive the reader's terminal with an escape sequence.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """`text` with every control character written out as \\xNN."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def safe_text(text: str = "", **style) -> Text:
    """A rich Text of scraped text: never markup, never raw control characters."""
    return Text(shown(text), **style)


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
            table.add_row(line.cluster_id, str(line.size), shown(", ".join(line.sources)),
                          safe_text(line.title or ""))
        console.print(table)
    console.print(f"results: {where}")


def print_figures(console: Console, stage: str, figures: dict) -> None:
    shown = ", ".join(f"{k} {v}" for k, v in figures.items()
                      if isinstance(v, (int, float)) and k != "run_id")
    console.print(f"{stage}: {shown}", markup=False)
