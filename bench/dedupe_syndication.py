"""A labelled syndication corpus made from the demo web's stories (newsmon/demo/data/*.txt).

Each story yields copies of five edit kinds, several of each with different random edits:
- exact: the story with only a wire frame (dateline, byline, credit line) added;
- light: frame plus one or two words swapped;
- medium: frame, a sentence cut, a sentence added, ~1.5% of words swapped;
- heavy: two paragraphs cut or moved, a new paragraph, ~2.5% of words swapped (each swap
  breaks k shingles: ~12% of 5-shingles), the last paragraph cut;
- excerpt: the first one to three paragraphs plus "Read the full story at ...";
- brief: the story's first paragraph cut to 300 characters, without a pointer (verbatim,
  so an excerpt of the story: issue 13 counts it as a copy; it was a negative before).
Hard negatives, labelled apart from the story they resemble:
- quote: ANOTHER story carrying this story's longest paragraph as a quote (it belongs to
  the other story's group, so merging it with this one is a false merge);
- the demo's own pair of heatwave stories (same topic, one shared quoted sentence).
Round-ups (two stories end to end) are bridges for chaining and are left out of scoring.
The files are read as text: nothing of `newsmon` is imported.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

__all__ = ["KINDS", "Doc", "build"]

DATA = Path(__file__).resolve().parents[1] / "newsmon/demo/data"
KINDS = ("exact", "light", "medium", "heavy", "excerpt", "brief")
_SITES = ["Daily Planet", "Metro Herald", "River Times", "Coast Gazette"]
_DATELINES = ["LONDON (Wire) — ", "MANCHESTER (AP) — ", "BRISTOL, May 3 (Reuters) - ", ""]
_BYLINES = ["By Amelia Hart, Wire", "By JANE DOE AND JOHN ROE", "Wire staff", ""]
_CREDITS = ["Associated Press contributed to this report.",
            "(Reporting by Jane Doe; Editing by Tom Roe)", "© 2025 Wire Services", ""]
_FILLER = ["The council did not immediately respond to a request for comment.",
           "Officials said more details would be released later this week.",
           "A spokesperson declined to say when a decision would be made."]
_SWAPS = ["said", "says", "added", "officials", "residents", "the", "new", "local"]


@dataclass(frozen=True)
class Doc:
    text: str
    label: str  # the story it is a copy of; copies share a label
    kind: str  # original | one of KINDS | brief | quote | roundup
    story: str  # the story it was made from


def stories(data: Path = DATA) -> dict[str, list[str]]:
    """Story id -> paragraphs, from the demo's text files (header, blank line, body)."""
    out = {}
    for path in sorted(data.glob("*.txt")):
        body = path.read_text(encoding="utf-8").strip().partition("\n\n")[2]
        out[path.stem] = [p.strip() for p in body.split("\n\n") if p.strip()]
    return out


def build(variants: int = 3, seed: int = 11, data: Path = DATA) -> list[Doc]:
    """The corpus, in a deterministic shuffled order (teasers sometimes come first)."""
    rng = random.Random(seed)
    texts = stories(data)
    names = sorted(texts)
    docs: list[Doc] = []
    for i, name in enumerate(names):
        paras = texts[name]
        docs.append(Doc("\n".join(paras), name, "original", name))
        for kind in KINDS[:-1]:
            docs += [Doc(_EDIT[kind](paras, rng), name, kind, name) for _ in range(variants)]
        docs.append(Doc(paras[0][:300], name, "brief", name))
        other = texts[names[(i + 1) % len(names)]]
        quoted = max(paras, key=len)
        docs.append(Doc("\n".join(other[:2] + [quoted] + other[2:]), names[(i + 1) % len(names)],
                        "quote", name))
        docs.append(Doc("\n".join(paras + other), f"roundup:{name}", "roundup", name))
    rng.shuffle(docs)
    return docs


def _frame(paras: list[str], rng: random.Random) -> list[str]:
    out = list(paras)
    out[0] = rng.choice(_DATELINES) + out[0]
    head, tail = rng.choice(_BYLINES), rng.choice(_CREDITS)
    return ([head] if head else []) + out + ([tail] if tail else [])


def _swap(paras: list[str], rng: random.Random, share: float, at_least: int = 0) -> list[str]:
    words = [p.split(" ") for p in paras]
    spots = [(i, j) for i, w in enumerate(words) for j in range(len(w))]
    for i, j in rng.sample(spots, max(at_least, int(len(spots) * share))):
        words[i][j] = rng.choice(_SWAPS)
    return [" ".join(w) for w in words]


def _cut_sentence(paras: list[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(paras))
    sentences = paras[i].split(". ")
    if len(sentences) > 1:
        sentences.pop(rng.randrange(len(sentences)))
    return paras[:i] + [". ".join(sentences)] + paras[i + 1:]


def _medium(paras, rng):
    out = _cut_sentence(_swap(paras, rng, 0.015), rng)
    i = rng.randrange(1, len(out))
    out[i] = out[i] + " " + rng.choice(_FILLER)
    return "\n".join(_frame(out, rng))


def _heavy(paras, rng):
    out = _swap(paras, rng, 0.025)
    for _ in range(2):
        i = rng.randrange(1, len(out))
        moved = out.pop(i)
        if rng.random() < 0.5:
            out.insert(rng.randrange(1, len(out)), moved)
    out.insert(rng.randrange(1, len(out)), " ".join(rng.sample(_FILLER, 2)))
    out = out[:-1] if len(out) > 6 else out
    return "\n".join(_frame(out, rng))


def _excerpt(paras, rng):
    n = rng.randint(1, 3)
    pointer = rng.choice(["Read the full story at {}.", "Continue reading on {}",
                          "Read more at {}"]).format(rng.choice(_SITES))
    return "\n".join(paras[:n] + [pointer])


_EDIT = {
    "exact": lambda p, r: "\n".join(_frame(p, r)),
    "light": lambda p, r: "\n".join(_frame(_swap(p, r, 0.0, at_least=r.randint(1, 2)), r)),
    "medium": _medium,
    "heavy": _heavy,
    "excerpt": _excerpt,
}
