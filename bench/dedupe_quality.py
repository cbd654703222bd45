"""Pick the dedupe threshold: pairwise precision/recall of clustering on syndicated variants.

Stories are the hand-checked bodies of the 181 real pages in
shared/data/article-extraction-benchmark (ground-truth.json). Each story of 150+ words gets
syndicated copies with realistic edits (wire dateline, byline, credit line, a sentence
added or removed, words replaced, last paragraph cut), 2-4 edits each. Hard negatives: a
different story into which one paragraph of the first is pasted (a shared quote), and a
short brief of the story's first paragraph; a round-up holding this story and the next.
Prints, per threshold, recall of true copy pairs and precision of clustered pairs (pairs
with a round-up left out), with and without the anti-chaining anchor.

    .venv/bin/python bench/dedupe_quality.py [--data ../shared/data/article-extraction-benchmark]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from dedupe import clustering
from dedupe.clustering import ClusterIndex, Doc, assign_all
from dedupe.config import DedupeConfig
from dedupe.normalize import normalize_text
from dedupe.shingles import shingle_hashes
from dedupe.signatures import signature_of

_DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/article-extraction-benchmark"
_CITIES = ["LONDON", "WASHINGTON", "NEW YORK", "PARIS, May 3", "BRUSSELS", "TOKYO"]
_AGENCIES = ["(Wire)", "(AP)", "(Reuters)", "(AFP)", ""]
_FILLER = ("The company did not immediately respond to a request for comment. "
           "Officials said more details would be released later this week. "
           "Shares were little changed in early trading on Tuesday.").split(". ")


def _edit(text: str, rng: random.Random) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    for op in rng.sample(list(_EDITS), rng.randint(3, 6)):
        paras = _EDITS[op](paras, rng)
    return "\n".join(paras)


def _words(paras, rng):
    out = []
    for p in paras:
        w = p.split()
        for i in rng.sample(range(len(w)), max(0, len(w) // rng.choice([20, 30, 60]))):
            w[i] = rng.choice(["said", "says", "reported", "noted", "officials"])
        out.append(" ".join(w))
    return out


def _remove(paras, rng):
    for _ in range(rng.randint(1, 3)):
        paras = _remove_one(paras, rng)
    return paras


def _remove_one(paras, rng):
    i = rng.randrange(len(paras))
    sents = paras[i].split(". ")
    if len(sents) > 1:
        sents.pop(rng.randrange(len(sents)))
        return paras[:i] + [". ".join(sents)] + paras[i + 1:]
    return paras if len(paras) < 3 else paras[:i] + paras[i + 1:]


_EDITS = {
    "dateline": lambda p, r: [f"{r.choice(_CITIES)} {r.choice(_AGENCIES)} — {p[0]}"] + p[1:],
    "byline": lambda p, r: [f"By {r.choice(['Jane Doe', 'JOHN ROE', 'Ann Lee and Bo Kim'])}"] + p,
    "credit": lambda p, r: p + [r.choice(["Associated Press contributed to this report.",
                                          "(Reporting by Jane Doe; Editing by Tom Roe)",
                                          "© 2024 Wire Services. All rights reserved."])],
    "add": lambda p, r: p[:1] + [" ".join(s + "." for s in r.sample(_FILLER, r.randint(1, 3)))]
    + p[1:],
    "remove": _remove,
    "words": _words,
    "cut": lambda p, r: p[:-r.randint(1, 3)] if len(p) > 6 else p,
    "reorder": lambda p, r: p[:1] + list(reversed(p[1:3])) + p[3:] if len(p) > 3 else p,
}


def build_corpus(data: Path, seed: int = 7):
    """(texts, labels, copy_pairs, quote_pairs): copies share a label; a copy pair is
    (story, edited copy); a quote pair is (story, another story quoting one paragraph)."""
    rng = random.Random(seed)
    bodies = [v["articleBody"] for _, v in sorted(json.loads((data / "ground-truth.json")
                                                             .read_text()).items())]
    stories = [b for b in bodies if len(b.split()) >= 150]
    texts, labels, copy_pairs, quote_pairs = [], [], [], []
    for i, story in enumerate(stories):
        quote_pairs.append((len(texts), len(texts) + 4))
        copy_pairs += [(len(texts), len(texts) + k) for k in (1, 2, 3)]
        for text in [story] + [_edit(story, rng) for _ in range(3)]:
            texts.append(text)
            labels.append(f"s{i}")
        # Another story quoting this one's longest paragraph: a copy of THAT story.
        nxt = (i + 1) % len(stories)
        other = stories[nxt].split("\n")
        quote = max(story.split("\n"), key=len)
        texts.append("\n".join(other[:2] + [quote] + other[2:]))
        labels.append(f"s{nxt}")
        texts.append(story.split("\n")[0])
        labels.append(f"b{i}")
        # A round-up carrying this story and (most of) the next one, fetched before the
        # next one: the bridge that chaining would use to merge two unrelated stories.
        texts.append(story + "\n" + "\n".join(other[:-1]))
        labels.append(f"r{i}")
    return texts, labels, copy_pairs, quote_pairs


def _pair_scores(labels, clusters):
    """Pairwise precision and recall; round-ups are left out of the pairs (where one goes
    is a matter of taste), so precision counts merges of two different stories."""
    keep = [i for i, label in enumerate(labels) if not label.startswith("r")]
    same = lambda xs: {(a, b) for a, b in itertools.combinations(keep, 2) if xs[a] == xs[b]}
    truth, found = same(labels), same(clusters)
    tp = len(truth & found)
    return tp / max(1, len(found)), tp / max(1, len(truth))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=_DEFAULT_DATA)
    args = parser.parse_args()
    texts, labels, copy_pairs, quote_pairs = build_corpus(args.data)
    print(f"{len(texts)} documents, {len(set(labels))} true groups")
    base = DedupeConfig()
    t0 = time.perf_counter()
    sigs = [signature_of(t, base) for t in texts]
    print(f"signatures: {len(texts) / (time.perf_counter() - t0):.0f} docs/s")
    _jaccard_report(texts, copy_pairs, quote_pairs)
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    docs = [Doc(f"{i:016x}", f"h{i}", s, None, now + timedelta(seconds=i))
            for i, s in enumerate(sigs)]
    for anchor in (clustering.ANCHOR_RATIO, 0.0):
        clustering.ANCHOR_RATIO = anchor
        for threshold in (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8):
            index = ClusterIndex(DedupeConfig(threshold=threshold))
            out = {a.article_id: a.cluster_id for a in assign_all(index, docs)}
            precision, recall = _pair_scores(labels, [out[d.article_id] for d in docs])
            print(f"anchor={anchor:.2f} threshold={threshold:.2f} "
                  f"precision={precision:.3f} recall={recall:.3f}")


def _jaccard_report(texts, copy_pairs, quote_pairs) -> None:
    """True Jaccard of 5-shingles, copy vs original, raw (casefold only) and normalized."""
    def shingles(t, norm):
        text = normalize_text(t) if norm else " ".join(t.casefold().split())
        return set(shingle_hashes(text, 5).tolist())

    def jaccards(pairs, norm):
        sets = [(shingles(texts[a], norm), shingles(texts[b], norm)) for a, b in pairs]
        return [len(x & y) / len(x | y) for x, y in sets]

    for norm in (False, True):
        copy, neg = jaccards(copy_pairs, norm), jaccards(quote_pairs, norm)
        q = np.percentile(copy, [5, 50, 95])
        print(f"normalized={norm}: copies J p5/median/p95 = {q[0]:.2f}/{q[1]:.2f}/{q[2]:.2f}; "
              f"shared-quote negatives max J = {max(neg):.2f} "
              f"(median {statistics.median(neg):.2f})")


if __name__ == "__main__":
    main()
