"""The window's index saved beside the store, so a daily run does not rebuild it.

One `.npz` file per cluster config key holds the index arrays plus a fingerprint of the
memberships table (count and latest join) as it was when the file was written. A run uses
the file only when the fingerprint still matches and the file covers the run's window;
anything else (first run, a run killed between its commit and the save, another config, a
wider window) rebuilds from the store, which stays the source of truth. The file is written
to a temporary name and renamed, so a reader never sees half of one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from .clustering import Batch, ClusterIndex
from .config import DedupeConfig

__all__ = ["IndexState", "index_path", "load_index", "save_index"]

_FORMAT = "3"  # 2: distinct shingles, quoted bits and places per row; 3: relays


@dataclass(frozen=True)
class IndexState:
    """What the saved index covers: memberships fingerprint, window start, cluster ages."""

    watermark: tuple[int, str]  # (memberships count, latest joined_at ISO or "")
    since: datetime
    last_seen: dict[str, float]  # cluster id -> last_seen as a POSIX timestamp


def index_path(data_dir: Path, config: DedupeConfig) -> Path:
    return data_dir / "dedupe" / f"index-{config.key}.npz"


def save_index(path: Path, index: ClusterIndex, state: IndexState) -> None:
    """Write the index and its state atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    rows = index.rows
    clusters = sorted(state.last_seen)
    with open(tmp, "wb") as out:
        # Merged clusters are saved under the surviving id: the file holds no aliases.
        cluster_of = [index.cluster(r) for r in range(len(rows))]
        np.savez(out, format=np.array(_FORMAT), key=np.array(index.config.key),
                 ids=np.array(rows.ids, dtype="U32"), hashes=rows.hashes, values=rows.values,
                 lead=rows.lead, teaser=rows.teaser, words=rows.words, shingles=rows.shingles,
                 quoted=rows.quoted, place=rows.place,
                 cluster_of=np.array(cluster_of, dtype="U33"), founder=index.founder,
                 relay=index.relay,
                 watermark=np.array([str(state.watermark[0]), state.watermark[1]]),
                 since=np.array(state.since.timestamp()),
                 clusters=np.array(clusters, dtype="U33"),
                 last_seen=np.array([state.last_seen[c] for c in clusters], dtype=np.float64))
    os.replace(tmp, path)


def load_index(path: Path, config: DedupeConfig, watermark: tuple[int, str],
               since: datetime) -> tuple[ClusterIndex, IndexState] | None:
    """The saved index pruned to clusters seen since `since`, or None when it is missing,
    stale (the store moved on without it) or narrower than the window asked for."""
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    with data:
        if (str(data["format"]) != _FORMAT or str(data["key"]) != config.key
                or tuple(data["watermark"]) != (str(watermark[0]), watermark[1])
                or float(data["since"]) > since.timestamp()):
            return None
        seen = dict(zip(data["clusters"].tolist(), data["last_seen"].tolist()))
        cluster_of = data["cluster_of"]
        keep_cluster = {c for c, t in seen.items() if t >= since.timestamp()}
        keep = np.flatnonzero(np.isin(cluster_of, list(keep_cluster)))
        rows = Batch(data["ids"][keep].tolist(), data["hashes"][keep], data["values"][keep],
                     data["lead"][keep], data["teaser"][keep], data["words"][keep],
                     data["shingles"][keep], data["quoted"][keep], data["place"][keep])
        index = ClusterIndex(config, rows, cluster_of[keep].tolist(), data["founder"][keep],
                             data["relay"][keep])
    state = IndexState(watermark, since, {c: seen[c] for c in keep_cluster})
    return index, state
