"""Per-page scores on the dev sets: body shingle counts, metadata hits and failure classes.

Body counts follow shared/tools/extraction_score.py (\\w+ tokens, 4-shingles, normalised
TP/FP/FN); on Chinese/Japanese pages a second count uses one token per character.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from devsets import DevPage, is_cjk, norm_title, person_authors

__all__ = ["PageScore", "score_page", "FAILURE_CLASSES"]

_WORD = re.compile(r"\w+")
_CHAR = re.compile(r"\w")
FAILURE_CLASSES = (
    "empty", "truncated", "tail-appended", "inline-widgets", "head-junk", "standfirst-dropped",
    "title-wrong", "author-missed", "author-extra", "day-wrong",
)


@dataclass
class PageScore:
    page: DevPage
    counts: tuple[float, float, float]  # benchmark metric: \w+ tokens
    char_counts: tuple[float, float, float]  # characters on CJK pages, else the same as counts
    title_ok: bool | None = None
    authors_ok: bool | None = None  # every person author found; None: truth has no person
    day_ok: bool | None = None
    classes: set[str] = field(default_factory=set)


def score_page(page: DevPage, text: str, title: str | None, author: str | None,
               published: str | None, with_meta: bool) -> PageScore:
    cjk = is_cjk(page.body)
    counts = _counts(page.body, text, _WORD)
    score = PageScore(page, counts, _counts(page.body, text, _CHAR) if cjk else counts)
    score.classes |= _body_classes(page, text, _CHAR if cjk else _WORD, score.char_counts)
    if page.set == "fundus" and with_meta:
        score.title_ok = norm_title(title) == norm_title(page.title)
        people = person_authors(page)
        score.authors_ok = all(_found(p, author) for p in people) if people else None
        score.day_ok = _same_day(published, page.published) if page.published else None
        extra = [n for n in _split_names(author) if not any(_match(n, t) for t in page.authors or ())]
        score.classes |= {c for c, bad in (("title-wrong", not score.title_ok), ("author-missed", score.authors_ok is False),
                                           ("author-extra", bool(extra)), ("day-wrong", score.day_ok is False)) if bad}
    return score


def _tokens(text: str, rx: re.Pattern[str]) -> list[str]:
    return rx.findall(text or "")


def _shingles(tokens: list[str], n: int = 4) -> Counter:
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _counts(truth: str, pred: str, rx: re.Pattern[str]) -> tuple[float, float, float]:
    t, p = _shingles(_tokens(truth, rx)), _shingles(_tokens(pred, rx))
    tp, fp, fn = sum((t & p).values()), sum((p - t).values()), sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _body_classes(page: DevPage, text: str, rx: re.Pattern[str], counts: tuple[float, float, float]) -> set[str]:
    truth_tokens = _tokens(page.body, rx)
    if not _tokens(text, rx):
        return {"empty"}
    out = set()
    tp, fp, fn = counts
    if tp + fn and tp / (tp + fn) < 0.7:
        out.add("truncated")
    joined = " " + " ".join(truth_tokens) + " "
    truth_sh = set(_shingles(truth_tokens))
    flags = [(_in_truth(_tokens(ln, rx), joined, truth_sh), len(_tokens(ln, rx))) for ln in text.splitlines()]
    flags = [f for f in flags if f[1]]
    hits = [i for i, (ok, _) in enumerate(flags) if ok]
    if not hits:
        return out
    head = sum(n for ok, n in flags[:hits[0]])
    tail = sum(n for ok, n in flags[hits[-1] + 1:])
    inner = [n for ok, n in flags[hits[0]:hits[-1] + 1] if not ok]
    if head >= 5:
        out.add("head-junk")
    if tail >= max(40, 0.15 * len(truth_tokens)):
        out.add("tail-appended")
    if len(inner) >= 2 or sum(inner) >= 20:
        out.add("inline-widgets")
    if page.summary and _coverage(_tokens(page.summary, rx), _tokens(text, rx)) < 0.5:
        out.add("standfirst-dropped")
    return out


def _in_truth(tokens: list[str], joined: str, truth_sh: set) -> bool:
    if len(tokens) <= 6:
        return f" {' '.join(tokens)} " in joined
    sh = _shingles(tokens)
    return sum(1 for s in sh if s in truth_sh) >= 0.5 * len(sh)


def _coverage(part: list[str], whole: list[str]) -> float:
    p, w = _shingles(part), set(_shingles(whole))
    return sum(1 for s in p if s in w) / len(p) if p else 1.0


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", (text or "").casefold())


def _split_names(author: str | None) -> list[str]:
    return [n for n in re.split(r"\s*[,;]\s*", author or "") if n.strip()]


def _found(person: str, author: str | None) -> bool:
    return bool(_squash(person)) and _squash(person) in _squash(author or "")


def _match(name: str, truth_name: str) -> bool:
    a, b = _squash(name), _squash(truth_name)
    return bool(a and b) and (a in b or b in a)


def _same_day(got: str | None, want: str) -> bool:
    if not got:
        return False
    try:
        w = datetime.fromisoformat(want)
        g = datetime.fromisoformat(got)
    except ValueError:
        return got[:10] == want[:10]
    if g.tzinfo is not None and w.tzinfo is not None and len(got) > 10:
        if g.astimezone(w.tzinfo).date() == w.date():
            return True
    return got[:10] == want[:10]
