"""A syndication test web: wire stories republished by sites of different templates.

Which pages exist, and the label of each, is planned here (`plan`); how each site shows a
page is in `syndication_sites.py`. The story texts are REAL article bodies (real_texts.py),
re-edited here, never the demo's. Edit kinds of a story's copies (the label is the story):
- original: the wire text as first published; exact: the same text in another template;
- light: a word or two changed, one sentence cut, an editor's line added;
- padded: the copy on a portal (its template pads every page: gallery captions shown twice,
  "Image 2 of 6", "Photo: ..., AP", widgets and related lists between the paragraphs);
- abridged: the opening 40-60% of the paragraphs (papers cut wire copy from the bottom);
- writethru: a later version with a new two-sentence lead, a third of the rest's sentences
  cut and a new paragraph near the end;
- teaser: headline, the opening sentence or two and "Read the full story at ..." (a link to
  the original on another site); excerpt: the first two paragraphs and the same pointer;
- any kind may be published on day 2 (`day == 2`): a day-2 copy of a day-1 story.
Hard negatives, each story its own label: `event` pairs (two different stories of one event
carrying the same three quoted sentences and one dateline) and `topic` pairs (two different
stories sharing one background paragraph). `filler` pages are the sites' own stories.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field, replace

from real_edits import has_dateline
from real_texts import Story, load_stories, sentences

__all__ = ["SITE_KINDS", "Page", "plan", "pick_texts"]

SITE_KINDS = ("modern", "table", "portal", "stamps", "blog")
COPY_KINDS = ("exact", "light", "abridged", "writethru")
PLACES = ["DENVER", "OTTAWA", "LISBON", "NAIROBI", "SEOUL", "PHOENIX", "DUBLIN", "OSLO",
          "ATLANTA", "PRAGUE", "MANILA", "BOSTON"]
SPEAKERS = ["Dana Whitfield", "Marco Alvarez", "Priya Natarajan", "Olu Adeyemi",
            "Hannah Kowalski", "Yusuf Demir"]


@dataclass(frozen=True)
class Page:
    site: str  # a SITE_KINDS name
    path: str
    title: str
    paras: tuple[str, ...]
    kind: str  # original | exact | light | padded | abridged | writethru | teaser | excerpt
    label: str  # | event | topic | filler
    story: str
    day: int = 1
    dateline: str = ""  # shown by the templates that print datelines
    target: tuple[str, str] | None = None  # (site, path) a teaser points to
    serial: int = 0
    extra: dict = field(default_factory=dict, compare=False)


def _seed(*parts) -> int:
    return int(hashlib.sha256(repr(parts).encode()).hexdigest()[:12], 16)


def pick_texts(part: str) -> list[Story]:
    """The real texts of a web variant: 'held-out' (never used to tune dedupe), 'tuned'
    (the rest) or 'all'; each chosen before any result was looked at. CJK texts are left
    out: the edits below work on words."""
    held = part == "held-out"
    return [s for s in load_stories() if (part == "all" or s.held_out == held) and not s.cjk]


def _words(paras) -> int:
    return sum(len(p.split()) for p in paras)


def _title(story: Story, rng: random.Random) -> str:
    words = re.findall(r"[^\W\d_][\w'-]*", " ".join(story.paragraphs[:2]))
    start = rng.randint(0, max(0, min(20, len(words) - 8)))
    return " ".join(words[start:start + rng.randint(6, 9)]).capitalize()


def _slug(title: str, serial: int) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower().encode("ascii", "ignore").decode())[:7]
    return "-".join(words + [str(serial)])


def path_of(site: str, title: str, serial: int, day: int) -> str:
    """Each template names its stories its own way."""
    slug = _slug(title, serial)
    return {"modern": f"/news/2024/05/0{day}/{slug}/",
            "table": f"/news/story.php?id={40000 + serial}",
            "portal": f"/world/{slug}.html",
            "stamps": f"/ap/2024050{day}/{slug}",
            "blog": f"/2024/05/0{day}/{slug}/"}[site]


def light(paras: list[str], rng: random.Random) -> list[str]:
    out = list(paras)
    i = rng.randrange(len(out))
    sents = sentences(out[i], False)
    if len(sents) > 1:
        del sents[rng.randrange(len(sents))]
        out[i] = " ".join(sents)
    for _ in range(2):
        j = rng.randrange(len(out))
        words = out[j].split()
        if len(words) > 4:
            k = rng.randrange(len(words))
            words[k] = {"said": "says", "the": "this", "and": "as well as"}.get(words[k], words[k])
            out[j] = " ".join(words)
    return out + ["This story has been corrected to fix a name."]


def abridged(paras: list[str], rng: random.Random) -> list[str]:
    keep = max(2, round(len(paras) * rng.uniform(0.4, 0.6)))
    return list(paras[:keep])


def writethru(paras: list[str], rng: random.Random, fresh: list[str]) -> list[str]:
    lead = " ".join(fresh[:2])
    rest = []
    for p in paras[1:]:
        sents = sentences(p, False)
        kept = [s for s in sents if rng.random() > 1 / 3] or sents[:1]
        rest.append(" ".join(kept))
    at = max(1, len(rest) - 1)
    return [lead, *rest[:at], " ".join(fresh[2:5]), *rest[at:]]


def teaser(paras: list[str], rng: random.Random) -> list[str]:
    """The opening sentence or two. The rough splitter cuts a dateline's state ("LA CROSSE,
    Wis.") off as a sentence, and some real texts open with a byline or a kicker line
    ("Staff Reports") or headline-like lines: a teaser prints the story's first real
    sentence, so paragraphs of under six words are passed over and sentence pieces of under
    six words are joined to what follows."""
    text = next((p for p in paras if len(p.split()) >= 6), paras[0])
    sents, joined = sentences(text, False), []
    for s in sents:
        if joined and len(joined[-1].split()) < 6:
            joined[-1] = f"{joined[-1]} {s}"
        else:
            joined.append(s)
    return [" ".join(joined[:rng.randint(1, 2)])]


def _dateline(rng: random.Random, paras: list[str]) -> str:
    """The story's dateline for the templates that print one; none when the text has its own."""
    line = f"{rng.choice(PLACES)} (AP) \u2014 "
    return "" if has_dateline(paras[0]) else line


def _quoted(sentence: str, speaker: str) -> str:
    return f"\u201c{sentence.rstrip('.')},\u201d said {speaker}."


class _Planner:
    def __init__(self, texts: list[Story], seed: int) -> None:
        self.rng = random.Random(seed)
        pool = sorted(texts, key=lambda s: _seed(seed, s.doc_id))
        self.wire = [s for s in pool if len(s.paragraphs) >= 5 and 250 <= _words(s.paragraphs) <= 1500]
        rest = [s for s in pool if s not in self.wire]
        # Sentences for write-thru leads and for the negatives' shared quotes come from texts
        # published nowhere else, so no other page shares them by accident.
        self.leads, self.shared, self.rest = rest[-8:], rest[-12:-8], rest[:-12]
        self.pages: list[Page] = []
        self.serial = 0
        self.turn = 0

    def add(self, site, story, label, kind, paras, day=1, dateline="", target=None, title=None):
        self.serial += 1
        title = title or _title(story, random.Random(_seed(story.doc_id)))
        page = Page(site, path_of(site, title, self.serial, day), title, tuple(paras), kind,
                    label, story.doc_id, day, dateline, target, self.serial)
        self.pages.append(page)
        return page

    def copy_kind(self, site: str) -> str:
        if site == "portal":
            return "padded"
        self.turn += 1
        return COPY_KINDS[self.turn % len(COPY_KINDS)]

    def edit(self, kind: str, paras: list[str], rng: random.Random) -> list[str]:
        if kind == "light":
            return light(paras, rng)
        if kind == "abridged":
            return abridged(paras, rng)
        if kind == "writethru":
            fresh = [s for p in rng.choice(self.leads).paragraphs for s in sentences(p, False)]
            return writethru(paras, rng, fresh[rng.randrange(max(1, len(fresh) - 5)):])
        return list(paras)

    def wire_story(self, i: int, story: Story, day: int, day2_copy: bool) -> None:
        rng = random.Random(_seed("wire", story.doc_id))
        sites = list(SITE_KINDS)
        rng.shuffle(sites)
        label, paras = f"wire:{story.doc_id}", list(story.paragraphs)
        line = _dateline(rng, paras)
        origin = self.add(sites[0], story, label, "original", paras, day, line)
        for site in sites[1:3]:
            kind = self.copy_kind(site)
            self.add(site, story, label, kind, self.edit(kind, paras, rng), day, line)
        if i % 3 < 2:  # a teaser or an excerpt on a fourth site, pointing at the original
            kind = "teaser" if i % 3 == 0 else "excerpt"
            short = teaser(paras, rng) if kind == "teaser" else paras[:2]
            self.add(sites[3], story, label, kind, short, day, target=(origin.site, origin.path))
        if day2_copy:
            kind = self.copy_kind(sites[4])
            self.add(sites[4], story, label, kind, self.edit(kind, paras, rng), 2, line)

    def negative_pair(self, kind: str, n: int, a: Story, b: Story, shared_from: Story) -> None:
        rng = random.Random(_seed(kind, a.doc_id, b.doc_id))
        shared = [s for p in shared_from.paragraphs for s in sentences(p, False)
                  if 8 <= len(s.split()) <= 30]
        line = _dateline(rng, list(a.paragraphs))
        if kind == "event":
            quotes = [_quoted(s, rng.choice(SPEAKERS)) for s in shared[:3]]
        else:
            quotes = [" ".join(shared[:4])]
        for story in (a, b):
            paras = list(story.paragraphs)
            line = "" if has_dateline(paras[0]) else line
            for j, q in enumerate(quotes):
                paras.insert(min(len(paras), 1 + 2 * j), q)
            sites = rng.sample(SITE_KINDS, 2)
            label = f"{kind}{n}:{story.doc_id}"  # a pair shares the prefix
            self.add(sites[0], story, label, "original", paras, 1, line if kind == "event" else "")
            self.add(sites[1], story, label, kind, light(paras, rng), 1,
                     line if kind == "event" else "")

    def fillers(self, per_site: int) -> None:
        chunks = []
        for story in self.rest:
            for k in range(0, len(story.paragraphs), 6):
                part = story.paragraphs[k:k + 6]
                if _words(part) >= 120:
                    chunks.append((story, part))
        for site in SITE_KINDS:
            have = sum(p.site == site for p in self.pages if p.day == 1)
            for day, want in ((1, per_site - have), (2, 2)):
                for _ in range(max(0, want)):
                    if not chunks:
                        return
                    story, part = chunks.pop()
                    self.add(site, story, f"filler:{story.doc_id}:{len(chunks)}", "filler", part, day)


def plan(texts: list[Story], seed: int = 1, stories: int = 18, day2_stories: int = 4,
         pairs: int = 2, per_site: int = 24) -> list[Page]:
    """Every page of the web with its label; deterministic for (texts, seed)."""
    p = _Planner(texts, seed)
    wire = p.wire[:stories + day2_stories]
    for i, story in enumerate(wire[:stories]):
        p.wire_story(i, story, 1, day2_copy=i % 2 == 0)
    for i, story in enumerate(wire[stories:]):
        p.wire_story(i, story, 2, day2_copy=False)
    neg = iter(p.wire[stories + day2_stories:] + p.rest)
    used = []
    for n in range(pairs):
        for k, kind in enumerate(("event", "topic")):
            a, b = next(neg), next(neg)
            used += [a, b]
            p.negative_pair(kind, n, a, b, p.shared[(2 * n + k) % len(p.shared)])
    p.rest = [s for s in p.rest if s not in used]
    p.fillers(per_site)
    return [replace(page) for page in p.pages]
