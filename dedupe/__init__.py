"""Near-duplicate clustering: normalize -> shingles -> MinHash -> LSH -> verified clusters.

Only `stage` touches storage; the rest is pure and imports datasketch, numpy and the stdlib.
"""

from .clustering import (
    ANCHOR_RATIO,
    Assignment,
    ClusterIndex,
    Doc,
    Representative,
    assign_all,
    cluster_id_for,
    representative,
)
from .config import DEFAULT_THRESHOLD, DedupeConfig
from .normalize import NORMALIZATION_VERSION, normalize_text
from .shingles import shingle_hashes
from .signatures import from_bytes, signature_of, similarity, to_bytes, to_lean
from .stage import DedupeSummary, cluster_new

__all__ = [
    "ANCHOR_RATIO", "DEFAULT_THRESHOLD", "NORMALIZATION_VERSION", "Assignment", "ClusterIndex",
    "DedupeConfig", "DedupeSummary", "Doc", "Representative", "assign_all", "cluster_id_for",
    "cluster_new", "from_bytes", "normalize_text", "representative", "shingle_hashes",
    "signature_of", "similarity", "to_bytes", "to_lean",
]
