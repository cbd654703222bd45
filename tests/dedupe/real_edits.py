"""How syndicated copies of a real article differ: one function per edit kind.

Every function takes the story's paragraphs and a seeded `random.Random` and returns the
copy's paragraphs. What each imitates (issue 13's classes, seen on real portals):
- frame: wire dateline, byline and credit lines;
- stamps: posting stamps and credits ("Posted 3:10 PM, by Associated Press; Updated ...",
  "Jane Doe and John Roe, Associated Press", "Image 2 of 10", "Photo: ..., AP");
- padded: a portal page's photo gallery (each caption shown twice), widgets, script text;
- abridged: the opening part of the story only (papers cut wire copy from the bottom);
- writethru: a later version of the wire story with a new lead that keeps ~half of it;
- light: a few words swapped, a sentence cut, a paragraph moved;
- excerpt: the first paragraphs, with or without a "Read more" pointer.
"""

from __future__ import annotations

import random
import re

from real_texts import sentences, split_cjk

NAMES = ["Jane Doe", "John Roe", "Maria Garcia", "Ahmed Khan", "Li Wei", "Sarah Miller",
         "Tom Becker", "Anna Rossi", "David Cohen", "Emma Wilson", "Kenji Sato", "Paul Martin"]
WIRES = ["Associated Press", "AP", "Reuters", "AFP"]
PLACES = ["LONDON", "WASHINGTON", "NEW YORK", "PARIS", "BERLIN", "KYIV", "MOSCOW", "TOKYO",
          "JERUSALEM", "CHICAGO", "MADRID", "ROME"]
_FILLER = ["The agency did not immediately respond to a request for comment.",
           "Officials said more details would be released later this week.",
           "It was not immediately clear how many people were affected."]
_POINTERS = ["Read the full story at {}.", "Continue reading on {}", "Read more at {}",
             "Read more: https://www.{}.com/news"]
_WIDGETS = ["Advertisement", "Story continues below advertisement", "Share on Facebook",
            "Share on X", "Copy link", "Recommended for you", "Most popular",
            "window.dataLayer = window.dataLayer || []; dataLayer.push({'event': 'article_view'});",
            "googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });",
            "You must enable JavaScript to view this content."]


def _words(paras: list[str]) -> int:
    return sum(len(p.split()) for p in paras)


def _size(paras: list[str], cjk: bool) -> int:
    return sum(len(p) for p in paras) // 5 if cjk else _words(paras)


def has_dateline(paragraph: str) -> bool:
    """The paragraph opens with a wire dateline ("VIENNA —", "LA CROSSE, Wis. (AP) —")."""
    return bool(re.match(r"^[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}(?:,[^()—–]{1,30})?"
                         r"\s*(?:\([^()]{1,30}\)\s*)?(?:—|–|--?)\s", paragraph))


def dateline(rng: random.Random) -> str:
    """A story's dateline: one wire story has one; each copy keeps it or drops it."""
    place, wire = rng.choice(PLACES), rng.choice(["AP", "Reuters", "AFP"])
    return rng.choice([f"{place} ({wire}) — ", f"{place} — ", f"{place}, May 3 ({wire}) - "])


def frame(paras: list[str], rng: random.Random, cjk: bool = False, line: str = "") -> list[str]:
    """Bylines and credits around the story, and its dateline `line` (when it has one) in
    front of the first paragraph in about 60% of the copies."""
    out = list(paras)
    if cjk:
        if rng.random() < 0.5:
            out[0] = rng.choice(["新华社北京1月14日电 ", "【東京共同】", "（共同）"]) + out[0]
        return out
    if line and rng.random() < 0.6:
        out[0] = line + out[0]
    a, b = rng.sample(NAMES, 2)
    head = rng.choice([f"By {a}", f"By {a.upper()} and {b.upper()}", f"By {a}, {rng.choice(WIRES)}", ""])
    tail = rng.choice([f"{rng.choice(WIRES)} contributed to this report.",
                       f"(Reporting by {a}; Editing by {b})", f"© 2025 {rng.choice(WIRES)}", ""])
    return ([head] if head else []) + out + ([tail] if tail else [])


def stamps(paras: list[str], rng: random.Random, cjk: bool = False) -> list[str]:
    """Posting stamps, credits without "By", gallery and photo lines around the story."""
    a, b, c = rng.sample(NAMES, 3)
    wire = rng.choice(WIRES)
    hour, minute = rng.randint(1, 12), rng.randint(0, 59)
    top = rng.sample([
        f"Posted {hour}:{minute:02d} PM, by {wire}; Updated {hour + 1 if hour < 12 else 1}:{minute:02d} PM",
        f"Published {rng.choice(['May', 'June', 'Jan.'])} {rng.randint(1, 28)}, 2025, {hour}:{minute:02d} a.m. ET",
        f"Updated {rng.randint(2, 11)} hours ago",
        f"{a} and {b}, {wire}",
        f"{a.upper()}, {b.upper()} and {c.upper()}",
        f"{a}, {b} | {wire}",
        f"Last updated: {rng.randint(1, 28)} May 2025 {hour}:{minute:02d}",
    ], 2)
    n = rng.randint(5, 12)
    gallery = [f"Image {rng.randint(1, n)} of {n}", f"Photo: {c}, {rng.choice(['AP', 'Reuters', 'Getty Images'])}",
               f"(AP Photo/{a})"]
    out = top + list(paras)
    out.insert(min(len(out), 2 + rng.randint(0, 2)), rng.choice(gallery))
    out.insert(min(len(out), 4 + rng.randint(0, 3)), rng.choice(gallery))
    return out


def padded(paras: list[str], rng: random.Random, others: list[str], cjk: bool = False
           ) -> list[str]:
    """A portal copy: gallery captions (each twice), widgets, script text, related links."""
    target = _size(paras, cjk) * rng.uniform(0.5, 0.9)  # extra words on top of the story
    n = rng.randint(6, 14)
    gallery: list[str] = []
    pool = [s for p in paras for s in sentences(p, cjk)]
    while _size(gallery, cjk) < target * 0.6 and len(gallery) < 3 * n:
        k = len(gallery) // 3 + 1
        caption = rng.choice(pool)
        caption = caption[:60] if cjk else " ".join(caption.split()[:rng.randint(8, 18)])
        gallery += [f"Image {k} of {n}", f"{caption} (AP Photo/{rng.choice(NAMES)})",
                    f"Photo: {rng.choice(NAMES)}, {rng.choice(['AP', 'Reuters'])}"]
    widgets = rng.sample(_WIDGETS, 4)
    related = ["Related stories"] + [
        (o[:40] if cjk else " ".join(o.split()[:12])) for o in rng.sample(others, 3)]
    body = list(paras)
    cut = rng.randint(1, max(1, len(body) // 2))
    # A gallery is shown as thumbnails, then again in its lightbox: every line twice.
    return (gallery + body[:cut] + widgets[:2] + body[cut:] + gallery + related + widgets[2:])


def abridged(paras: list[str], rng: random.Random, cjk: bool = False, line: str = "") -> list[str]:
    """The opening 30-65% of the story (by words), sometimes missing one middle paragraph."""
    share = rng.uniform(0.3, 0.65)
    total, kept, out = _size(paras, cjk), 0, []
    for p in paras:
        if out and kept >= share * total:
            break
        out.append(p)
        kept += _size([p], cjk)
    if len(out) >= 5 and rng.random() < 0.4:
        out.pop(rng.randrange(2, len(out) - 1))
    return frame(out, rng, cjk, line)


def writethru(paras: list[str], update: list[str], rng: random.Random, cjk: bool = False,
              line: str = "") -> list[str]:
    """A later version: `update` (new paragraphs) leads, the old lead is gone, and about
    half of the rest is kept in its order."""
    kept = []
    for p in paras[1:]:
        parts = [s for s in sentences(p, cjk) if rng.random() < 0.6]
        if parts:
            kept.append(("" if cjk else " ").join(parts))
    out = list(update) + kept
    if not cjk and rng.random() < 0.5:
        out.insert(rng.randrange(1, len(out) + 1), rng.choice(_FILLER))
    return frame(out, rng, cjk, line)


def light(paras: list[str], rng: random.Random, cjk: bool = False, line: str = "") -> list[str]:
    """A sub-editor's pass: a few words (CJK: phrases) changed, a sentence cut, a paragraph
    moved."""
    out = [_swap_cjk(p, rng) if cjk else _swap(p, rng) for p in paras]
    i = rng.randrange(len(out))
    parts = sentences(out[i], cjk)
    if len(parts) > 1:
        parts.pop(rng.randrange(len(parts)))
        out[i] = ("" if cjk else " ").join(parts)
    if len(out) > 4 and rng.random() < 0.5:
        out.insert(rng.randrange(1, len(out)), out.pop(rng.randrange(2, len(out))))
    if not cjk and rng.random() < 0.5:
        out.insert(rng.randrange(1, len(out) + 1), rng.choice(_FILLER))
    return frame(out, rng, cjk, line)


def _swap(paragraph: str, rng: random.Random) -> str:
    words = paragraph.split(" ")
    for _ in range(max(1 if rng.random() < 0.3 else 0, int(len(words) * rng.uniform(0, 0.02)))):
        words[rng.randrange(len(words))] = rng.choice(["said", "says", "new", "the", "local"])
    return " ".join(words)


def _swap_cjk(paragraph: str, rng: random.Random) -> str:
    """One phrase edit in about every other paragraph: 2-4 characters of one clause."""
    clauses = split_cjk(paragraph)
    if len(clauses) < 2 or rng.random() < 0.5:
        return paragraph
    i = rng.randrange(len(clauses))
    clause = clauses[i]
    if len(clause) > 6:
        at = rng.randrange(0, len(clause) - 4)
        clauses[i] = clause[:at] + "有关方面" + clause[at + rng.randint(2, 4):]
    return "".join(clauses)


def excerpt(paras: list[str], rng: random.Random, site: str, cjk: bool = False
            ) -> tuple[list[str], bool]:
    """The first paragraphs (at least ~30 words), and whether a pointer was added."""
    out = []
    for p in paras:
        out.append(p)
        if _size(out, cjk) >= 30 and (len(out) >= 2 or rng.random() < 0.5):
            break
    pointer = rng.random() < 0.6
    if pointer:
        out.append(rng.choice(_POINTERS).format(site.replace("-", "")))
    return out, pointer


def is_quote(sentence: str) -> bool:
    """A sentence that quotes someone at some length."""
    return bool(re.search(r"[\"“„«「]([^\"“”„«»「」]{20,})[\"”“»」]", sentence))


def quoted(sentence: str, rng: random.Random, cjk: bool) -> str:
    """The sentence as a quotation with an attribution."""
    if cjk:
        return f"「{sentence.rstrip('。')}」と{rng.choice(['関係者', '担当者'])}は語った。"
    who = rng.choice(["the spokesperson said", "an official told reporters", "she said",
                      "the minister said"])
    return f"“{sentence.rstrip('.')},” {who}."
