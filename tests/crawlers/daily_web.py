"""The tuned daily web: the generated sites the crawler's budget and discovery tests use."""

from __future__ import annotations

from sites_archive import Deep, Facets
from sites_forum import ForumNews
from sites_table import OldTable


def tuned_sites(seed: int = 1) -> list:
    """Forum with a short-token session trap, an old table-layout site, an endlessly faceted
    archive, deep pagination beside an endless calendar."""
    return [ForumNews(seed), OldTable(seed + 1), Facets(seed + 2), Deep(seed + 3)]
