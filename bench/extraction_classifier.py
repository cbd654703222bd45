"""Would a small learned line classifier beat the rules? Leave-publishers-out, on both dev sets.

    python bench/extraction_classifier.py

A logistic regression (numpy, CPU) over features of each line newsmon prints and its DOM block
(length, link share, tag, depth below the story's column, position, punctuation, case) learns
"this line is not in the truth". It is trained on the publishers of one half and scored on the
other half's publishers (both ways): body F1 of newsmon's text with the lines it rejects
removed, at several thresholds, beside the rules alone (threshold 1.0 drops nothing). Nothing
learnt is shipped unless it wins on the held-out halves of both sets.
"""
from __future__ import annotations

import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from crawlers.parsers import decode_html, parse_article, parse_html  # noqa: E402
from crawlers.parsers.blocks import BlockIndex  # noqa: E402
from devsets import load_devsets  # noqa: E402
from devsets_score import score_page  # noqa: E402
from extraction import load_scorer  # noqa: E402

_AGG = load_scorer(REPO.parent / "shared").aggregate
_WORD = re.compile(r"\w+")
_TAGS = ("p", "li", "h", "div", "td")


def in_truth(line: str, truth: str) -> bool:
    tokens = _WORD.findall(line)
    if len(tokens) <= 6:
        return not tokens or f" {' '.join(tokens)} " in truth
    shingles = [" ".join(tokens[i:i + 4]) for i in range(len(tokens) - 3)]
    return sum(f" {s} " in truth for s in shingles) >= 0.5 * len(shingles)


def line_features(html: str, lines: list[str]) -> np.ndarray:
    blocks = BlockIndex(parse_html(html))
    found = [blocks.find(ln.lstrip("-•* ").strip()) for ln in lines]
    votes: Counter[int] = Counter()
    parents = {}
    for ln, b in zip(lines, found):
        if b is not None and b.element.getparent() is not None:
            votes[id(b.element.getparent())] += len(ln)
            parents[id(b.element.getparent())] = b.element.getparent()
    column = parents[votes.most_common(1)[0][0]] if votes else None
    stops = {id(column), *(id(a) for a in column.iterancestors())} if column is not None else set()
    total = sum(len(ln) for ln in lines) or 1
    rows = []
    for i, (ln, b) in enumerate(zip(lines, found)):
        tag, depth = "other", 0
        if b is not None:
            tag = "h" if b.element.tag[:1] == "h" and b.element.tag[1:].isdigit() else b.element.tag
            node = b.element.getparent()
            while node is not None and id(node) not in stops:
                depth, node = depth + 1, node.getparent()
        words = ln.split()
        rows.append([math.log1p(len(ln)), math.log1p(len(words)), b.link_ratio if b is not None else 0.0,
                     float(b is None), i / max(1, len(lines) - 1), float(i == 0), float(i == len(lines) - 1),
                     min(depth, 5) / 5, float(bool(re.search(r"[.!?。」”\"')]$", ln))),
                     sum(c.isdigit() for c in ln) / max(1, len(ln)), sum(c.isupper() for c in ln) / max(1, len(ln)),
                     float(ln.startswith(("- ", "• "))), len(ln) / total,
                     sum(1 for w in words if w[:1].isupper()) / max(1, len(words)),
                     *(float(tag == t) for t in _TAGS)])
    return np.array(rows, dtype=float).reshape(len(rows), 19)


def train(x: np.ndarray, y: np.ndarray, steps: int = 3000, rate: float = 0.5, l2: float = 1e-2):
    weight = np.exp(x[:, 0])  # long lines cost more tokens: weigh them so
    weight /= weight.mean()
    mu, sd = x.mean(0), x.std(0) + 1e-6
    xs = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    w = np.zeros(xs.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xs @ w))
        w -= rate * (xs.T @ ((p - y) * weight) / len(y) + l2 * w)
    return mu, sd, w


def rejects(model, x: np.ndarray) -> np.ndarray:
    mu, sd, w = model
    return 1 / (1 + np.exp(-np.hstack([(x - mu) / sd, np.ones((len(x), 1))]) @ w))


def main() -> int:
    pages = load_devsets(REPO.parent / "shared", decode_html)
    rows = {}
    for p in pages:
        lines = parse_article(p.html, p.url or None).text.splitlines()
        truth = " " + " ".join(_WORD.findall(p.body)) + " "
        rows[p.id] = (p, lines, line_features(p.html, lines), np.array([0.0 if in_truth(ln, truth) else 1.0
                                                                        for ln in lines]))
    print(f"{'trained on':<11}{'scored on':<16}" + "".join(f"{'t=' + str(t):>9}" for t in (0.5, 0.7, 0.9, 1.0)))
    for train_half, test_half in (("A", "B"), ("B", "A")):
        fit = [r for r in rows.values() if r[0].half == train_half and len(r[1])]
        model = train(np.vstack([r[2] for r in fit]), np.concatenate([r[3] for r in fit]))
        for name in ("benchmark", "fundus"):
            test = [r for r in rows.values() if r[0].half == test_half and r[0].set == name]
            cells = []
            for t in (0.5, 0.7, 0.9, 1.0):
                counts = []
                for p, lines, x, _ in test:
                    keep = [ln for ln, q in zip(lines, rejects(model, x) if len(lines) else []) if q < t]
                    if sum(map(len, keep)) < 0.5 * sum(map(len, lines)):
                        keep = lines  # never let it eat the story
                    counts.append(score_page(p, "\n".join(keep), None, None, None, False).counts)
                cells.append(f"{_AGG(counts, [False] * len(counts))['f1']:>9.4f}")
            print(f"{train_half:<11}{name + ' ' + test_half:<16}" + "".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
