"""Dedupe for texts you already have: records in, the same records with their clusters out.

    >>> out = dedupe_records([
    ...     {"id": "a", "text": "Rates rose again today, the bank said.", "published": "2025-05-03T08:00Z"},
    ...     {"id": "b", "text": "LONDON (AP) — Rates rose again today, the bank said."},
    ...     {"id": "c", "text": "The river flooded the old town overnight."}])
    >>> [(r["id"], r["cluster_id"], r["cluster_size"], r["duplicate_of"]) for r in out]
    [('a', 'ca', 2, None), ('b', 'ca', 2, 'a'), ('c', 'cc', 1, None)]

The clustering is the dedupe stage's own (templates.py, sign_texts, ClusterIndex,
representative), in memory, with no store: records are placed in the order given (as the
stage places articles in the order fetched), template lines are learned from the records
of each `source`, and each cluster's representative is chosen as the stage chooses it
(excerpts never, then the earliest `published`, then the earliest in the input).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

import numpy as np

from .clustering import Batch, ClusterIndex, Merge
from .config import DedupeConfig
from .representative import Copy, representative
from .signatures import sign_texts
from .templates import learn_templates, strip_templates

__all__ = ["RECORD_FIELDS", "dedupe_records", "dedupe_with_merges"]

# What is added to each record (the export record's names for the same facts).
RECORD_FIELDS = ("cluster_id", "cluster_size", "is_representative", "duplicate_of")
_CHUNK = 5000  # texts signed at once: bounds the memory of one signing call
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def dedupe_records(records: Iterable[dict], config: DedupeConfig | None = None) -> list[dict]:
    """Each record (a dict with `id` and `text`, optional `source`, `published`, `url`) as
    a new dict with RECORD_FIELDS added; a record whose text is empty gets them as None.

    Raises ValueError naming the record when `id` is missing or repeated, `text` is not a
    string or `published` is not an ISO 8601 time.
    """
    return dedupe_with_merges(records, config)[0]


def dedupe_with_merges(records: Iterable[dict], config: DedupeConfig | None = None
                       ) -> tuple[list[dict], list[Merge]]:
    """`dedupe_records`, and the cluster merges made on the way (absorbed ids appear in no
    record: they were resolved to their survivors)."""
    config = config or DedupeConfig()
    records = [dict(r) for r in records]
    _check(records)
    texts = _without_templates(records)
    keep = [i for i, t in enumerate(texts) if t.strip()]
    batch, signed = Batch.empty(config.num_perm), []
    for start in range(0, len(keep), _CHUNK):  # signed in chunks, placed as one batch
        rows = keep[start:start + _CHUNK]
        part = sign_texts([texts[i] for i in rows], config)
        batch = batch.concat(Batch.of(
            [str(records[i]["id"]) for i in rows],
            np.array([_text_code(texts[i]) for i in rows], dtype=np.uint64), part))
        signed += list(zip(part.teaser.tolist(), part.credits, part.shingles.tolist()))
    index = ClusterIndex(config)
    placed = [(i, a, *facts) for i, a, facts in zip(keep, index.assign_batch(batch), signed)]
    return _annotated(records, placed, index), list(index.merges)


def _check(records: list[dict]) -> None:
    seen: set[str] = set()
    for n, r in enumerate(records, 1):
        if r.get("id") in (None, ""):
            raise ValueError(f"record {n}: no 'id'")
        key = str(r["id"])
        if key in seen:
            raise ValueError(f"record {n}: id {key!r} repeats an earlier record's")
        seen.add(key)
        if not isinstance(r.get("text"), str):
            raise ValueError(f"record {n} ({key}): 'text' must be a string")
        r["_published"] = _published(r.get("published"), n, key)


def _published(value, n: int, key: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        when = value if isinstance(value, datetime) else datetime.fromisoformat(
            str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"record {n} ({key}): 'published' {value!r} is not ISO 8601") from exc
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _without_templates(records: list[dict]) -> list[str]:
    """Texts with the template lines of their source removed (learned per source)."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        if r.get("source"):
            by_source[str(r["source"])].append(i)
    texts = [r["text"] for r in records]
    for rows in by_source.values():
        templates = learn_templates(texts[i] for i in rows)
        for i in rows:
            texts[i] = strip_templates(texts[i], templates)
    return texts


def _text_code(text: str) -> int:
    """The same-text code: the store's content hash rule (NFKC, casefold, spacing)."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return int(hashlib.sha256(folded.encode()).hexdigest()[:16], 16)


def _annotated(records: list[dict], placed: list, index: ClusterIndex) -> list[dict]:
    members: dict[str, list[Copy]] = defaultdict(list)
    cluster_of: dict[int, str] = {}
    for i, a, teaser, credit, shingles in placed:
        cluster = index.resolve(a.cluster_id)
        cluster_of[i] = cluster
        r = records[i]
        # Input order stands in for the fetch time the stage would use.
        url = str(r.get("url") or "")
        members[cluster].append(Copy(str(r["id"]), r["_published"], _EPOCH + timedelta(seconds=i),
                                     teaser, credit, url, url, str(r.get("source") or ""),
                                     shingles))
    chosen = {c: representative(c, copies).article_id for c, copies in members.items()}
    out = []
    for i, r in enumerate(records):
        r.pop("_published")
        cluster = cluster_of.get(i)
        rep = chosen.get(cluster)
        is_rep = None if cluster is None else rep == str(r["id"])
        out.append({**r, "cluster_id": cluster,
                    "cluster_size": len(members[cluster]) if cluster else None,
                    "is_representative": is_rep,
                    "duplicate_of": None if cluster is None or is_rep else rep})
    return out
