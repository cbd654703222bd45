"""Quality floors on syndication made from real article texts (bench/dedupe_real.py).

The floors are below what the defaults score (bench figures in dedupe/config.py), on the
part tuned on AND on the held-out part, so a change that loses a failure class fails here.
Skipped when ../shared/data (the real texts) is not beside the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from real_texts import data_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

pytestmark = [pytest.mark.slow,  # ~6 s: 1,800 documents clustered once for both parts
              pytest.mark.skipif(not (data_dir() / "fundus-dev" / "truth.json").exists(),
                                 reason="the real texts of ../shared/data are not here")]


@pytest.fixture(scope="module")
def scored():
    from dedupe_real import build, newsmon, score

    docs = build()
    found = newsmon(docs, None)
    return {held: score(docs, found, [i for i, d in enumerate(docs) if d.held_out == held])
            for held in (False, True)}


@pytest.mark.parametrize("held_out", [False, True])
def test_real_syndication_floors(scored, held_out):
    result = scored[held_out]
    (precision, recall, f1), _, ari, _ = result["table"]["all"]
    assert precision >= 0.99 and f1 >= 0.96 and ari >= 0.96, result["table"]["all"]
    for kind in ("stamps", "padded", "abridged", "light", "excerpt", "teaser"):
        assert result["table"][kind][0][1] >= 0.95, (kind, result["table"][kind])
    assert result["table"]["writethru"][0][1] >= 0.8
    assert result["round-up bridges"].startswith("0/")
    merged, pairs = map(int, result["negative merges"].split("/"))
    assert merged <= 0.1 * pairs  # same-event stories: the ambiguous few (see config.py)
    assert result["quote rides"] == 0
    shares = [float(result[k].rsplit("=", 1)[1]) for k in ("excerpt recall", "day-2 joined")]
    assert shares[0] >= 0.95 and shares[1] >= 0.93, shares
