"""A labelled syndication corpus built from REAL article texts (real_texts.py).

Each real body is a story published on a few of 12 sites, in copies of the edit kinds of
real_edits.py (labels: copies of one story share a label). Hard negatives:
- event: two DIFFERENT stories of one event (the two halves of one article, each with its
  own dateline) that quote the same sentences, half of them repeating one background
  paragraph as well; each has its own label and a copy;
- quote: a copy of story X that also quotes a paragraph of story Y (it belongs to X);
- roundup: stories X and Y end to end on one page (a bridge: it is scored nowhere, but the
  copies of X and of Y must not end in one cluster through it).
Every page of a site with a template carries that site's template lines (newsletter,
app, "most read" lines...), as real extraction leaves them. About a third of the copies
arrive on day 2. Stories of held-out documents (real_texts.HELD_OUT_SHARE) are marked.

    docs = build()  # deterministic: the same seed gives the same corpus
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import real_edits as edits
from real_texts import Story, load_stories, sentences

__all__ = ["COPY_KINDS", "NEGATIVE_KINDS", "Doc", "SITES", "build"]

T0 = datetime(2026, 11, 20, 6, 0, tzinfo=timezone.utc)
COPY_KINDS = ("original", "stamps", "padded", "abridged", "writethru", "light", "excerpt")
NEGATIVE_KINDS = ("event", "quote", "roundup")
SITES = ("valley-courier", "metro-herald", "daily-planet", "river-times", "coast-gazette",
         "north-star", "city-wire", "the-ledger", "evening-post", "harbour-news",
         "plains-daily", "summit-journal")
_TEMPLATED = SITES[:8]


@dataclass(frozen=True)
class Doc:
    doc_id: str
    text: str
    label: str  # copies of one story share it
    kind: str  # one of COPY_KINDS or NEGATIVE_KINDS ("teaser" is an excerpt with a pointer)
    story: str  # the real document it was made from
    lang: str
    held_out: bool
    source: str
    day: int
    published: datetime


def _seed(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


def templates(site: str) -> tuple[list[str], list[str]]:
    """The lines a site's template leaves around every article (none for some sites)."""
    if site not in _TEMPLATED:
        return [], []
    rng = random.Random(_seed("template", site))
    name = site.replace("-", " ").title()
    top = [f"{name} | Local news you can trust", f"Today's top stories from {name}",
           "Listen to this article", f"Tap here to add {name} to your home screen",
           f"{rng.randint(2, 9)} min read"]
    bottom = [f"Our journalism depends on your support. Subscribe to {name} today.",
              f"Get the {name} app for breaking news alerts on your phone.",
              "Most read this week", f"More from {name}",
              f"Have a news tip? Email the {name} newsroom at tips@{site}.com",
              "Comments are closed for this article.",
              f"{name} welcomes readers' letters on this and other topics."]
    return rng.sample(top, rng.randint(1, 3)), rng.sample(bottom, rng.randint(2, 4))


def build(seed: int = 13, root: str | None = None) -> list[Doc]:
    """The corpus in arrival order: day 1 first, each day shuffled."""
    stories = load_stories(root)
    others = [s.paragraphs[0] for s in stories]
    docs: list[Doc] = []
    hosts: list[Story] = []
    for story in stories:
        rng = random.Random(_seed(seed, story.doc_id))
        if (len(story.paragraphs) >= 8 and not story.cjk and rng.random() < 0.25
                and _halves_differ(story)):
            docs += _event_pair(story, rng)
        else:
            # CJK bodies are few: three rounds of copies each, so their figures mean something
            for _ in range(3 if story.cjk else 1):
                docs += _copies(story, rng, others, len(docs))
            hosts += [story] if not story.cjk else []
    docs += _quote_negatives(hosts, random.Random(_seed(seed, "quotes")))
    docs += _roundups(hosts, random.Random(_seed(seed, "roundups")))
    order = random.Random(_seed(seed, "order"))
    days = [[d for d in docs if d.day == day] for day in (1, 2)]
    for day in days:
        order.shuffle(day)
    return days[0] + days[1]


def _page(story: Story, label: str, kind: str, paras: list[str], site: str, rng,
          day: int, n: int) -> Doc:
    top, bottom = templates(site)
    if (top or bottom) and rng.random() < 0.9:
        paras = top + paras + bottom
    published = T0 + timedelta(days=day - 1, minutes=rng.randint(0, 600))
    return Doc(f"{story.doc_id}:{kind}:{n}", "\n".join(paras), label, kind, story.doc_id,
               story.lang, story.held_out, site, day, published)


def _copies(story: Story, rng: random.Random, others: list[str], serial: int) -> list[Doc]:
    paras, cjk = list(story.paragraphs), story.cjk
    update: list[str] = []
    if len(paras) >= 6:  # the last paragraphs are news that only a write-thru has
        keep = max(1, len(paras) // 5)
        paras, update = paras[:-keep], paras[-keep:]
    sites = rng.sample(SITES, len(SITES))
    # A text that opens with its own dateline keeps it; others get one in 70% of stories.
    line = edits.dateline(rng) if rng.random() < 0.7 and not edits.has_dateline(paras[0]) else ""
    made = [("original", edits.frame(paras, rng, cjk, line)),
            ("stamps", edits.stamps(paras, rng, cjk)),
            ("padded", edits.padded(paras, rng, others, cjk)),
            ("abridged", edits.abridged(paras, rng, cjk, line)),
            ("light", edits.light(paras, rng, cjk, line))]
    if update:
        made.append(("writethru", edits.writethru(paras, update, rng, cjk, line)))
    teaser, pointer = edits.excerpt(paras, rng, sites[len(made)], cjk)
    made.append(("teaser" if pointer else "excerpt", teaser))
    out = []
    for n, ((kind, copy), site) in enumerate(zip(made, sites)):
        day = 1 if n == 0 or rng.random() < 0.65 else 2
        out.append(_page(story, story.doc_id, kind, copy, site, rng, day, serial + n))
    return out


def _halves_differ(story: Story) -> bool:
    """The article's halves are two different texts (not a list that repeats itself)."""
    half = len(story.paragraphs) // 2

    def grams(paras):
        words = re.findall(r"\w+", " ".join(paras).lower())
        return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}

    a, b = grams(story.paragraphs[:half]), grams(story.paragraphs[half:])
    return len(a & b) <= 0.1 * len(a | b)


def _event_pair(story: Story, rng: random.Random) -> list[Doc]:
    """Two stories of one event (the article's halves, each with its own dateline) that
    quote the same 2-6 sentences, and in half the pairs repeat one background paragraph."""
    paras, cjk = list(story.paragraphs), story.cjk
    half = len(paras) // 2
    pool = [s for p in paras for s in sentences(p, cjk) if len(s) > (25 if cjk else 60)]
    shared = [s for s in pool if edits.is_quote(s)]
    if len(shared) < 2:
        shared = [edits.quoted(s, rng, cjk) for s in rng.sample(pool, min(4, len(pool)))]
    shared = shared[:rng.randint(2, 6)]
    if rng.random() < 0.5:
        shared.append(max(paras[1:half], key=len))  # background, told alike in both
    places = rng.sample(edits.PLACES, 2)
    sites = rng.sample(SITES, 4)
    out = []
    for side, part in enumerate((paras[:half], paras[half:])):
        body = list(part)
        for quote in shared:
            if not any(quote in p for p in body):
                body.insert(rng.randrange(1, len(body) + 1), quote)
        if not cjk and rng.random() < 0.7 and not edits.has_dateline(body[0]):
            body[0] = f"{places[side]} (AP) — {body[0]}"
        label = f"{story.doc_id}:event{side}"
        out.append(_page(story, label, "event", body, sites[2 * side], rng, 1, 2 * side))
        copy = edits.light(body, rng, cjk)
        out.append(_page(story, label, "event", copy, sites[2 * side + 1], rng,
                         rng.choice((1, 2)), 2 * side + 1))
    return out


def _quote_negatives(hosts: list[Story], rng: random.Random) -> list[Doc]:
    """Copies of story X carrying story Y's longest paragraph as a quote (label X)."""
    out = []
    for n in range(len(hosts) // 5):
        host, quoted = rng.sample(hosts, 2)
        paras = list(host.paragraphs)
        paras.insert(min(2, len(paras)), f"“{max(quoted.paragraphs, key=len)}”")
        out.append(_page(host, host.doc_id, "quote", edits.frame(paras, rng), rng.choice(SITES),
                         rng, 2, 100 + n))  # no dateline: the host's copies may carry one
    return out


def _roundups(hosts: list[Story], rng: random.Random) -> list[Doc]:
    """Two stories end to end on one page, each pair once; labelled apart from both."""
    out = []
    for n in range(len(hosts) // 10):
        first, second = rng.sample(hosts, 2)
        paras = list(first.paragraphs) + list(second.paragraphs)
        out.append(Doc(f"{first.doc_id}+{second.doc_id}:roundup:{n}", "\n".join(paras),
                       f"roundup:{first.doc_id}+{second.doc_id}", "roundup", first.doc_id,
                       first.lang, first.held_out or second.held_out, rng.choice(SITES),
                       rng.choice((1, 2)), T0 + timedelta(hours=rng.randint(0, 30))))
    return out
