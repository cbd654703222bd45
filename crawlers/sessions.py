"""Session ids learned from the site itself, whatever their name or length.

A URL part (a query parameter, or a path segment holding a token) is a session id when its
value changes while the rest of the URL and the page stay the same. Two fetches that differ
only in one part and show the same text make it a candidate; the URL without that part is then
fetched once, and only if it shows the same text too is the part learned: stripped from every
URL of the source from then on, and in later runs. The probe is what keeps `?page=9` and
`?page=10` (both empty past the end) from being taken for a session: without `page` the
listing shows its first page, which is not empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .traps import strip_session

# A run of letters and digits holding a digit, 6+ long: what a token in a path looks like
# (a word like "world-news" is not one; "20240501" or "(S(lit3py55t21z))" hold one).
_TOKEN = re.compile(r"(?=[A-Za-z]*\d)[A-Za-z0-9]{6,}")
MAX_OBSERVED = 50_000  # URL groups remembered per source


@dataclass(frozen=True)
class Slot:
    """A part of a source's URLs: `query:<name>` or `path:<position>:<shape>`."""

    rule: str

    @property
    def kind(self) -> str:
        return self.rule.split(":", 1)[0]


@dataclass(frozen=True)
class Probe:
    """The URL without the candidate part, and the text it must show to confirm it."""

    slot: Slot
    url: str
    fingerprint: str
    evidence: str


def slots(url: str) -> list[tuple[Slot, str, str]]:
    """(slot, its value, the rest of the URL) for every part that could hold a session."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    head = f"{parts.scheme}://{parts.netloc}"
    out = []
    for i, (key, value) in enumerate(query):
        others = sorted(query[:i] + query[i + 1:])
        out.append((Slot(f"query:{key.lower()}"), value,
                    f"{head}{parts.path}?{urlencode(others)}"))
    segments = parts.path.split("/")
    for i, segment in enumerate(segments):
        shape = _TOKEN.sub("*", segment)
        if shape != segment:
            rest = "/".join(segments[:i] + ["\0"] + segments[i + 1:])
            out.append((Slot(f"path:{i}:{shape}"), segment, f"{head}{rest}?{parts.query}"))
    return out


def without(url: str, slot: Slot) -> str:
    """`url` with the slot's part removed (unchanged when it has no such part)."""
    parts = urlsplit(url)
    if slot.kind == "query":
        name = slot.rule.split(":", 1)[1]
        query = parse_qsl(parts.query, keep_blank_values=True)
        kept = [(k, v) for k, v in query if k.lower() != name]
        if len(kept) == len(query):
            return url
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), ""))
    _, pos, shape = slot.rule.split(":", 2)
    segments = parts.path.split("/")
    i = int(pos)
    if i >= len(segments) or _TOKEN.sub("*", segments[i]) != shape:
        return url
    path = "/".join(segments[:i] + segments[i + 1:]) or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


@dataclass
class SessionRules:
    """The parts stripped from a source's URLs: well-known session names plus learned ones."""

    learned: list[Slot] = field(default_factory=list)

    def apply(self, url: str) -> str:
        url = strip_session(url)
        for slot in self.learned:
            url = without(url, slot)
        return url

    def add(self, slot: Slot) -> None:
        if slot not in self.learned:
            self.learned.append(slot)


@dataclass
class SessionLearner:
    """Watches a source's pages; proposes probes; learns the parts the probes confirm."""

    rules: SessionRules
    max_probes: int = 8
    observed: dict[tuple[Slot, str], tuple[str, str, str]] = field(default_factory=dict)
    rejected: set[Slot] = field(default_factory=set)
    probing: set[Slot] = field(default_factory=set)
    probes: int = 0

    def observe(self, url: str, fingerprint: str) -> Probe | None:
        """A fetched page; a Probe when one of its parts looks like a session id."""
        for slot, value, rest in slots(url):
            if slot in self.rejected or slot in self.probing or slot in self.rules.learned:
                continue
            seen = self.observed.get((slot, rest))
            if seen is None:
                if len(self.observed) < MAX_OBSERVED:
                    self.observed[(slot, rest)] = (value, fingerprint, url)
                continue
            if seen[0] != value and seen[1] == fingerprint and self.probes < self.max_probes:
                self.probes += 1
                self.probing.add(slot)
                return Probe(slot, without(url, slot), fingerprint, f"{seen[2]} = {url}")
        return None

    def settle(self, probe: Probe, fingerprint: str | None) -> bool:
        """The probe's answer (None: it failed); True when the part is learned."""
        self.probing.discard(probe.slot)
        if fingerprint is not None and fingerprint == probe.fingerprint:
            self.rules.add(probe.slot)
            return True
        self.rejected.add(probe.slot)
        return False
