"""Choose the dedupe defaults by measurement on the labelled demo syndication corpus.

Prints, per shingle size and threshold: pairwise and B-cubed precision/recall/F1 over the
whole corpus and per edit kind (each kind scored on the originals plus that kind's copies),
hard-negative merges (briefs and shared-quote stories clustered with the story they
resemble, plus the demo's heatwave pair), and excerpt recall; then the same at the default
with the anti-chaining anchor off, to measure what the anchor buys.

    .venv/bin/python bench/dedupe_quality.py [--variants 3] [--shingles 3 4 5 7]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script from anywhere

from dedupe import clustering  # noqa: E402
from dedupe.clustering import Batch, ClusterIndex  # noqa: E402
from dedupe.config import DEFAULT_CONTAINMENT, DEFAULT_THRESHOLD, DedupeConfig  # noqa: E402
from dedupe.signatures import sign_texts  # noqa: E402
from dedupe_syndication import KINDS, build  # noqa: E402

THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.5, 0.6)


def cluster(docs, config: DedupeConfig) -> list[str]:
    """Cluster id of each doc, docs assigned in corpus order."""
    signed = sign_texts([d.text for d in docs], config)
    hashes = np.array([hash(d.text) & ((1 << 63) - 1) for d in docs], dtype=np.uint64)
    index = ClusterIndex(config)
    placed = index.assign_batch(Batch.of([f"{i:06d}" for i in range(len(docs))], hashes, signed))
    return [index.resolve(a.cluster_id) for a in placed]


def pairwise(labels, found, keep) -> tuple[float, float, float]:
    same = lambda xs: {(a, b) for a, b in itertools.combinations(keep, 2) if xs[a] == xs[b]}
    truth, got = same(labels), same(found)
    tp = len(truth & got)
    return _prf(tp / len(got) if got else 1.0, tp / len(truth) if truth else 1.0)


def bcubed(labels, found, keep) -> tuple[float, float, float]:
    by_label, by_found = defaultdict(set), defaultdict(set)
    for i in keep:
        by_label[labels[i]].add(i)
        by_found[found[i]].add(i)
    p = np.mean([len(by_found[found[i]] & by_label[labels[i]]) / len(by_found[found[i]])
                 for i in keep])
    r = np.mean([len(by_found[found[i]] & by_label[labels[i]]) / len(by_label[labels[i]])
                 for i in keep])
    return _prf(float(p), float(r))


def _prf(p: float, r: float) -> tuple[float, float, float]:
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def negatives_merged(docs, found) -> int:
    """Hard negatives sharing a cluster with the story they resemble (or heatwave pair)."""
    origin = {d.story: found[i] for i, d in enumerate(docs) if d.kind == "original"}
    bad = sum(found[i] == origin[d.story] for i, d in enumerate(docs) if d.kind == "quote")
    return bad + int(origin["heatwave-hospitals"] == origin["heatwave-rail"])


def scores(docs, found) -> dict:
    labels = [d.label for d in docs]
    scored = [i for i, d in enumerate(docs) if d.kind != "roundup"]
    out = {"all": (pairwise(labels, found, scored), bcubed(labels, found, scored))}
    for kind in KINDS:
        keep = [i for i in scored if docs[i].kind in ("original", kind)]
        out[kind] = (pairwise(labels, found, keep), bcubed(labels, found, keep))
    out["negatives"] = negatives_merged(docs, found)
    return out


def report(docs, shingle: int, threshold: float, title: str = "") -> dict:
    config = DedupeConfig(threshold=threshold, shingle_size=shingle)
    result = scores(docs, cluster(docs, config))
    (pp, pr, pf), (bp, br, bf) = result["all"]
    kinds = " ".join(f"{k}={result[k][0][1]:.3f}" for k in KINDS)
    print(f"{title}k={shingle} t={threshold:.2f} | pairwise P/R/F1 {pp:.3f}/{pr:.3f}/{pf:.3f} "
          f"| B3 P/R/F1 {bp:.3f}/{br:.3f}/{bf:.3f} | neg merges {result['negatives']} "
          f"| recall by kind: {kinds}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--shingles", type=int, nargs="+", default=[3, 4, 5, 7])
    args = parser.parse_args()
    docs = build(args.variants)
    counts = {k: sum(d.kind == k for d in docs) for k in dict.fromkeys(d.kind for d in docs)}
    print(f"{len(docs)} documents: {counts}; containment {DEFAULT_CONTAINMENT}")
    for shingle in args.shingles:
        for threshold in THRESHOLDS:
            report(docs, shingle, threshold)
    default = DedupeConfig()
    print("\nat the defaults, per edit kind (pairwise P/R/F1 | B-cubed P/R/F1):")
    result = report(docs, default.shingle_size, DEFAULT_THRESHOLD)
    for kind in ("all",) + KINDS:
        (pp, pr, pf), (bp, br, bf) = result[kind]
        print(f"  {kind:8s} {pp:.3f} {pr:.3f} {pf:.3f} | {bp:.3f} {br:.3f} {bf:.3f}")
    print("\nanti-chaining anchor off (round-ups are the bridges):")
    saved = clustering.ANCHOR_RATIO
    clustering.ANCHOR_RATIO = 0.0
    try:
        for threshold in (0.3, DEFAULT_THRESHOLD):
            report(docs, default.shingle_size, threshold, "anchor=0 ")
    finally:
        clustering.ANCHOR_RATIO = saved


if __name__ == "__main__":
    main()
