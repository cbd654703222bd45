"""Dedupe speed on this machine: signatures/s and LSH inserts+queries/s (one core).

Uses the 181 real article bodies in shared/data (ground truth), repeated to --docs.

    .venv/bin/python bench/dedupe_speed.py [--docs 5000]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from dedupe.clustering import ClusterIndex, Doc
from dedupe.config import DedupeConfig
from dedupe.signatures import signature_of

_DATA = Path(__file__).resolve().parents[2] / "shared/data/article-extraction-benchmark"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--data", type=Path, default=_DATA)
    args = parser.parse_args()
    bodies = [v["articleBody"] for v in json.loads((args.data / "ground-truth.json")
                                                   .read_text()).values()]
    # A per-copy suffix keeps every text distinct, so no hash short-cut hides the work.
    texts = [f"{bodies[i % len(bodies)]}\ncopy {i} of the wire story" for i in range(args.docs)]
    words = sum(len(t.split()) for t in texts) / len(texts)
    config = DedupeConfig()
    t0 = time.perf_counter()
    sigs = [signature_of(t, config) for t in texts]
    sig_s = time.perf_counter() - t0
    print(f"signatures: {len(texts) / sig_s:,.0f} docs/s ({words:.0f} words/doc on average)")
    index = ClusterIndex(config)
    t0 = time.perf_counter()
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for i, sig in enumerate(sigs):
        index.assign(Doc(f"{i:016x}", f"h{i}", sig, None, now + timedelta(seconds=i)))
    print(f"assign (LSH query + verify + insert): {len(sigs) / (time.perf_counter() - t0):,.0f}"
          " docs/s")


if __name__ == "__main__":
    main()
