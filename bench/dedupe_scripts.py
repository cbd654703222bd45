"""Character shingles for scripts without spaces: which size, measured on the real CJK texts.

For each character shingle size: the exact Jaccard of each Chinese/Japanese text of
../shared/data against copies with three one-phrase edits per paragraph (what a copy
desk does), against the other half of the same text (same topic and names, other
sentences: must stay far below the threshold) and against the other CJK texts; and the
issue's case, one phrase changed in a seven-clause paragraph, by characters and by
"words" (clauses: what such text splits into without spaces).

    .venv/bin/python bench/dedupe_scripts.py
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "dedupe"))

from dedupe import DedupeConfig, shingle_hashes, shingle_values  # noqa: E402
from dedupe.normalize import fold, unframe  # noqa: E402
from real_edits import _swap_cjk  # noqa: E402
from real_texts import load_stories  # noqa: E402

_SEVEN = ("习近平主席向首届论坛致贺信，在会场内外引发热烈反响，大家表示，贺信阐明了重要意义，"
          "为深入开展航天国际交流合作，不断增进各国人民福祉，促进经济社会发展。")


def jaccard(a: str, b: str, config: DedupeConfig) -> float:
    x, y = set(shingle_values(a, config).tolist()), set(shingle_values(b, config).tolist())
    return len(x & y) / max(1, len(x | y))


def main() -> None:
    stories = [s for s in load_stories() if s.cjk]
    print(f"{len(stories)} CJK texts; threshold {DedupeConfig().threshold}")
    edited_seven = _SEVEN.replace("引发热烈反响", "引起强烈反响")
    clauses = [{int(h) for h in shingle_hashes(fold(unframe(t).body, nospace=False), 3)}
               for t in (_SEVEN, edited_seven)]
    print(f"one phrase in seven clauses, word 3-shingles (clauses): "
          f"{len(clauses[0] & clauses[1]) / len(clauses[0] | clauses[1]):.2f}")
    for k in (2, 3, 4, 5, 6):
        config = DedupeConfig(char_shingle_size=k)
        edits, halves, others = [], [], []
        for s in stories:
            rng, text = random.Random(1), "\n".join(s.paragraphs)
            for _ in range(5):
                copy = "\n".join(_swap_cjk(_swap_cjk(_swap_cjk(p, rng), rng), rng)
                                 for p in s.paragraphs)
                edits.append(jaccard(text, copy, config))
            half = len(s.paragraphs) // 2
            halves.append(jaccard("\n".join(s.paragraphs[:half]), "\n".join(s.paragraphs[half:]),
                                  config))
        for a, b in itertools.combinations(stories, 2):
            others.append(jaccard("\n".join(a.paragraphs), "\n".join(b.paragraphs), config))
        edits.sort()
        print(f"char {k}-shingles: seven-clause case {jaccard(_SEVEN, edited_seven, config):.2f} | "
              f"edited copies min {edits[0]:.2f} median {edits[len(edits) // 2]:.2f} | "
              f"halves of one text max {max(halves):.3f} | other texts max {max(others):.3f}")


if __name__ == "__main__":
    main()
