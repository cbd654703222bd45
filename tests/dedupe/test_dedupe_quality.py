"""Quality floors on the labelled demo corpus that bench/dedupe_quality.py measures.

Two corpus draws; the floors are what holds on every draw measured (precision 1.0 and no
hard-negative merge always; recall varies with the draw, mostly through excerpts).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dedupe import DedupeConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from dedupe_quality import cluster, scores  # noqa: E402
from dedupe_syndication import build  # noqa: E402


@pytest.mark.parametrize("seed", [11, 5])
def test_defaults_never_merge_negatives_and_keep_recall(seed):
    docs = build(variants=3, seed=seed)
    result = scores(docs, cluster(docs, DedupeConfig()))
    (precision, _, f1), _ = result["all"]
    (_, excerpt_recall, _), _ = result["excerpt"]
    assert result["negatives"] == 0 and precision == 1.0, result
    assert f1 >= 0.95 and excerpt_recall >= 0.8, result
