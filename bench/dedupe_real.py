"""Dedupe quality on syndication made from REAL article texts (tests/dedupe/real_corpus.py).

Clusters the whole corpus once per method, in arrival order, then scores it twice: on the
documents tuned on and on the HELD-OUT ones (real_texts.HELD_OUT_SHARE of the source
documents, never used to choose a default). Per part it prints pairwise P/R/F1, B-cubed F1
and adjusted Rand overall, per edit kind (originals + that kind) and per language, then
hard-negative merges, excerpt recall and the share of day-2 copies that joined their
story's day-1 cluster. Methods, same run:
- `datasketch`: plain `MinHashLSH(threshold=0.5)` over word 5-shingles, connected components;
- `newsmon`: `dedupe.dedupe_records` at the defaults (the stage's clustering code);
- `before`: with `--before DIR`, the dedupe package found in DIR (e.g. an export of the
  commit before issue 13: `git archive 673c840 dedupe | tar -x -C /tmp/before`), run in a
  subprocess.

    .venv/bin/python bench/dedupe_real.py [--before /tmp/before] [--threshold 0.4]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "dedupe"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedupe_metrics import adjusted_rand, bcubed, pairwise  # noqa: E402
from real_corpus import COPY_KINDS, build  # noqa: E402

_KIND_ROWS = COPY_KINDS[1:] + ("teaser", "event", "quote")  # round-ups: bridges only


def plain_datasketch(docs, threshold: float = 0.5, k: int = 5) -> list[str]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, doc in enumerate(docs):
        words = re.findall(r"\w+", doc.text.lower())
        grams = {" ".join(words[j:j + k]) for j in range(max(1, len(words) - k + 1))}
        sig = MinHash(num_perm=128)
        sig.update_batch([g.encode() for g in grams])
        for j in lsh.query(sig):
            parent[root(int(j))] = root(i)
        lsh.insert(str(i), sig)
    return [f"d{root(i)}" for i in range(len(docs))]


def newsmon(docs, threshold: float | None, char_shingles: int | None = None) -> list[str]:
    import dedupe

    changes = {"threshold": threshold, "char_shingle_size": char_shingles}
    config = dedupe.DedupeConfig(**{k: v for k, v in changes.items() if v is not None})
    if not hasattr(dedupe, "dedupe_records"):  # the code before issue 13
        return _old_path(docs, config)
    from dedupe.records import dedupe_with_merges

    records = [{"id": d.doc_id, "text": d.text, "source": d.source,
                "published": d.published.isoformat()} for d in docs]
    out, merges = dedupe_with_merges(records, config)
    print(f"newsmon: {len(merges)} cluster merges", file=sys.stderr)
    return [r["cluster_id"] for r in out]


def _old_path(docs, config) -> list[str]:
    import numpy as np
    from dedupe.clustering import Batch, ClusterIndex
    from dedupe.signatures import sign_texts

    signed = sign_texts([d.text for d in docs], config)
    hashes = np.array([hash(d.text) & ((1 << 63) - 1) for d in docs], dtype=np.uint64)
    batch = Batch([f"{i:06d}" for i in range(len(docs))], hashes, signed.values, signed.lead,
                  signed.teaser, signed.words)
    return [a.cluster_id for a in ClusterIndex(config).assign_batch(batch)]


def before(docs, src: str, threshold: float | None) -> list[str]:
    env = {**os.environ, "PYTHONPATH": src}
    args = [sys.executable, __file__, "--emit"] + (["--threshold", str(threshold)] if threshold else [])
    out = subprocess.run(args, env=env, cwd=src, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def score(docs, found, part: list[int]) -> dict:
    labels = [d.label for d in docs]
    bridges = _bridged(docs, found, part)
    part = [i for i in part if docs[i].kind != "roundup"]  # bridges are scored nowhere
    rows = {"all": part}
    for kind in _KIND_ROWS:
        scope = ("event",) if kind == "event" else ("original", kind)
        rows[kind] = [i for i in part if docs[i].kind in scope]
    for lang, _ in Counter(docs[i].lang for i in part).most_common():
        rows[f"lang={lang}"] = [i for i in part if docs[i].lang == lang]
    table = {name: (pairwise(labels, found, keep), bcubed(labels, found, keep)[2],
                    adjusted_rand(labels, found, keep), len(keep))
             for name, keep in rows.items() if keep}
    return {"table": table, "round-up bridges": bridges, **_checks(docs, found, part)}


def _bridged(docs, found, part) -> str:
    """Round-ups of stories X+Y after which copies of X and of Y share a cluster."""
    clusters_of = defaultdict(set)
    for i in part:
        clusters_of[docs[i].label].add(found[i])
    pairs = [docs[i].label.split(":", 1)[1].split("+") for i in part if docs[i].kind == "roundup"]
    return f"{sum(bool(clusters_of[a] & clusters_of[b]) for a, b in pairs)}/{len(pairs)}"


def _checks(docs, found, part) -> dict:
    """Hard-negative merges, excerpt recall, day-2 copies joining their day-1 cluster."""
    by_label = defaultdict(list)
    for i in part:
        by_label[docs[i].label].append(i)
    home = {}  # a label's day-1 cluster: where most of its day-1 copies are
    for label, members in by_label.items():
        day1 = Counter(found[i] for i in members if docs[i].day == 1)
        home[label] = day1.most_common(1)[0][0] if day1 else None
    clusters_of = defaultdict(set)
    for i in part:
        clusters_of[docs[i].label].add(found[i])
    events = {docs[i].label for i in part if docs[i].label.endswith(":event0")}
    merges = sum(bool(clusters_of[e] & clusters_of[e[:-1] + "1"]) for e in events)
    origin = {docs[i].story: found[i] for i in part if docs[i].kind == "original"}
    quoted = [i for i in part if docs[i].kind == "quote"]
    excerpts = [i for i in part if docs[i].kind in ("excerpt", "teaser")]
    day2 = [i for i in part if docs[i].day == 2 and home.get(docs[i].label)]
    return {"negative merges": f"{merges}/{len(events)}",
            "quote rides": sum(found[i] != home.get(docs[i].label) for i in quoted),
            "excerpt recall": _share([found[i] == origin.get(docs[i].story) for i in excerpts]),
            "day-2 joined": _share([found[i] == home[docs[i].label] for i in day2])}


def _share(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} = {sum(flags) / max(len(flags), 1):.3f}"


def report(title: str, results: dict[str, dict]) -> None:
    print(f"\n== {title} ==  (pairwise P R F1 | B3-F1 | ARI) per method")
    names = list(results)
    print(f"{'scope':14s} {'n':>5s}  " + "  ".join(f"{n:^34s}" for n in names))
    for row in next(iter(results.values()))["table"]:
        cells = []
        for name in names:
            (p, r, f), b3, ari, n = results[name]["table"][row]
            cells.append(f"{p:.3f} {r:.3f} {f:.3f} | {b3:.3f} | {ari:.3f}")
        print(f"{row:14s} {n:5d}  " + "  ".join(f"{c:^34s}" for c in cells))
    for check in ("negative merges", "round-up bridges", "quote rides", "excerpt recall",
                  "day-2 joined"):
        print(f"{check:16s} " + "   ".join(f"{n}: {results[n][check]}" for n in names))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="directory holding an older dedupe package")
    parser.add_argument("--threshold", type=float)
    parser.add_argument("--char-shingles", type=int, help="shingle size for CJK/Thai texts")
    parser.add_argument("--emit", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    docs = build()
    if args.emit:
        print(json.dumps(newsmon(docs, args.threshold)))
        return
    found = {"datasketch-0.5": plain_datasketch(docs)}
    if args.before:
        found["before"] = before(docs, args.before, args.threshold)
    found["newsmon"] = newsmon(docs, args.threshold, args.char_shingles)
    kinds = Counter(d.kind for d in docs)
    print(f"{len(docs)} documents from {len({d.story for d in docs})} real texts: {dict(kinds)}")
    for title, held in (("TUNED-ON part", False), ("HELD-OUT part", True)):
        part = [i for i, d in enumerate(docs) if d.held_out == held]
        report(f"{title}: {len(part)} documents", {n: score(docs, f, part) for n, f in found.items()})


if __name__ == "__main__":
    main()
