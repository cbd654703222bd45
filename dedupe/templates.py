"""Lines of a site's template: learned from the site's own pages, removed before shingling.

Extraction leaves some of a site's furniture in the text ("Our journalism depends on your
support", "Most read this week", an app prompt, the site's tagline). No generic rule knows
those lines, but the site gives them away: they recur on a large share of its pages while
the pages are otherwise different stories. Left in, they make two copies of a story on two
sites less alike (each carries its own site's lines) and two short stories on one site
more alike.

A line is a template line of a source when it (compared casefolded, spacing collapsed,
digits as 0) is on at least MIN_SHARE of the source's sampled pages and on MIN_PAGES of
them, the sample holds at least MIN_SAMPLE pages, and the pages that hold it are not
copies of each other (most of their lines differ): versions of one story repeat their
lines too, but they are one story, and a site rarely has a fifth of its pages about it.
Learning needs the source's other texts: the stage passes the latest pages of each source
(storage), `dedupe_records` the records of each source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations

__all__ = ["MIN_PAGES", "MIN_SAMPLE", "MIN_SHARE", "learn_templates", "line_key",
           "strip_templates"]

MIN_SAMPLE = 20
MIN_PAGES = 5
MIN_SHARE = 0.2
# Pages holding a line are copies of one story when they share this share of their lines.
_COPIES = 0.5
_PAIRS_CHECKED = 12  # pages per line compared pairwise (66 pairs)
# Digits as 0 (a translate table: ~10x cheaper than a regex over every line).
_DIGITS = str.maketrans("0123456789", "0000000000")


def line_key(line: str) -> str:
    """A line as template lines are compared: "Updated 3 hours ago" == "updated 5 hours ago"."""
    return " ".join(line.casefold().translate(_DIGITS).split())


def learn_templates(texts: Iterable[str]) -> frozenset[str]:
    """The keys of the template lines of one source, from a sample of its page texts."""
    pages = [{line_key(x) for x in text.splitlines() if x.strip()} for text in texts]
    if len(pages) < MIN_SAMPLE:
        return frozenset()
    counts = Counter(key for page in pages for key in page)
    need = max(MIN_PAGES, MIN_SHARE * len(pages))
    return frozenset(key for key, n in counts.items()
                     if n >= need and not _copies([p for p in pages if key in p]))


def _copies(holders: list[set[str]]) -> bool:
    """True when the pages holding a line mostly share their other lines as well."""
    sample = holders[:_PAIRS_CHECKED]
    overlaps = sorted(len(a & b) / len(a | b) for a, b in combinations(sample, 2))
    return bool(overlaps) and overlaps[len(overlaps) // 2] >= _COPIES


def strip_templates(text: str, templates: frozenset[str]) -> str:
    """The text without its source's template lines (unchanged when there are none)."""
    if not templates:
        return text
    return "\n".join(x for x in text.splitlines() if line_key(x) not in templates)
