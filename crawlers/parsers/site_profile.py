"""Boilerplate learned from the site itself: lines that recur on many pages of one source.

A story's sentences appear on one page; a template's chrome ("Email this story", "Printer-
friendly version", a masthead slogan, "Related stories:") appears on most pages of the source,
whatever the layout and language. Given the extracted lines of several pages of one source, a
line (by its normalised key) printed on at least `min_share` of them, and on at least
`min_pages`, is chrome for that source. Pure: no I/O; the caller decides which pages to learn from.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .blocks import line_key

__all__ = ["SiteProfile", "learn_profile", "MIN_PAGES", "MIN_SHARE"]

MIN_PAGES = 3  # fewer pages cannot tell a template from a coincidence
MIN_SHARE = 0.4  # share of the source's pages that must print a line for it to be chrome
# Lines this long are prose: two stories never share them unless one is a copy of the other,
# and copies are the dedupe stage's business, not extraction's.
_MAX_CHROME_CHARS = 200
# Chrome is a small part of a page: when "recurring" lines would take most of its text, the
# pages share their story (copies, one text served under many URLs), and the text is kept.
_MAX_STRIPPED_SHARE = 0.5


@dataclass(frozen=True)
class SiteProfile:
    """The recurring lines of one source (their keys), and how many pages taught them."""
    chrome: frozenset[str]
    pages: int

    def is_chrome(self, line: str) -> bool:
        return len(line) <= _MAX_CHROME_CHARS and line_key(line) in self.chrome

    def strip(self, text: str) -> str:
        """The text without the source's recurring lines (unchanged when those would be most
        of it)."""
        if not self.chrome:
            return text
        kept = "\n".join(ln for ln in text.splitlines() if not self.is_chrome(ln))
        if len(kept.strip()) < (1 - _MAX_STRIPPED_SHARE) * len(text.strip()):
            return text
        return kept


def learn_profile(pages: Iterable[Iterable[str]], min_pages: int = MIN_PAGES,
                  min_share: float = MIN_SHARE) -> SiteProfile:
    """A profile from the extracted lines of several pages of one source (each an iterable of lines)."""
    seen: Counter[str] = Counter()
    count = 0
    for lines in pages:
        count += 1
        seen.update({line_key(ln) for ln in lines if 0 < len(ln.strip()) <= _MAX_CHROME_CHARS} - {""})
    if count < min_pages:
        return SiteProfile(frozenset(), count)
    need = max(min_pages, min_share * count)
    return SiteProfile(frozenset(k for k, n in seen.items() if n >= need), count)
