"""The demo's news stories: fictional prose kept as text files under ``data/``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path

DEMO_DATE = date(2025, 7, 18)
"""The demo web's 'today': every article is dated in the days before it."""

DATA_DIR = Path(__file__).parent / "data"

_SENTENCE_END = re.compile(r'(?<=[.!?])(?:["\u201d])?\s+(?=["\u201c]?[A-Z0-9£])')


@dataclass(frozen=True)
class Story:
    """One story as written, before any site republishes or edits it."""

    id: str
    headline: str
    summary: str
    section: str
    tags: tuple[str, ...]
    author: str
    days_ago: int
    at: time
    paragraphs: tuple[str, ...]

    def published(self, demo_date: date) -> datetime:
        """When the story first appeared, relative to ``demo_date`` (UTC)."""
        day = demo_date - timedelta(days=self.days_ago)
        return datetime.combine(day, self.at, tzinfo=timezone.utc)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph of the demo prose into sentences (good enough for our own text)."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.start() + len(match.group(0).rstrip())
        parts.append(paragraph[start:end].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def parse_story(story_id: str, text: str) -> Story:
    """Parse one story file: ``key: value`` header lines, a blank line, then paragraphs."""
    head, _, body = text.strip().partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    days, clock = fields["published"].split()
    hours, minutes = (int(x) for x in clock.split(":"))
    paragraphs = tuple(" ".join(p.split()) for p in body.split("\n\n") if p.strip())
    return Story(
        id=story_id,
        headline=fields["headline"],
        summary=fields["summary"],
        section=fields["section"],
        tags=tuple(t.strip() for t in fields.get("tags", "").split(",") if t.strip()),
        author=fields["author"],
        days_ago=int(days),
        at=time(hours, minutes),
        paragraphs=paragraphs,
    )


@lru_cache(maxsize=1)
def load_stories() -> dict[str, Story]:
    """All stories, keyed by id (the data file's stem), in id order."""
    files = sorted(DATA_DIR.glob("*.txt"))
    return {f.stem: parse_story(f.stem, f.read_text(encoding="utf-8")) for f in files}
