"""Near-duplicate clustering: normalize -> shingles -> MinHash -> LSH -> verified clusters.

Only `stage` touches storage; the rest is pure and imports datasketch, numpy and the stdlib.
"""

from .clustering import ANCHOR_RATIO, Assignment, Batch, ClusterIndex, Merge, cluster_id_for
from .config import DEFAULT_CONTAINMENT, DEFAULT_THRESHOLD, DedupeConfig
from .normalize import NORMALIZATION_VERSION, Normalized, normalize, normalize_text
from .records import RECORD_FIELDS, dedupe_records
from .representative import Copy, Representative, representative
from .shingles import shingle_hashes
from .templates import learn_templates, strip_templates
from .signatures import (
    Signed,
    containment,
    from_bytes,
    shingle_values,
    sign_texts,
    signature_of,
    similarity,
    to_bytes,
    to_lean,
)
from .shared_index import IndexUnavailable, open_index, redis_prefix
from .stage import DedupeSummary, cluster_new

__all__ = [
    "ANCHOR_RATIO", "DEFAULT_CONTAINMENT", "DEFAULT_THRESHOLD", "NORMALIZATION_VERSION",
    "RECORD_FIELDS", "Assignment", "Batch", "IndexUnavailable", "Merge", "open_index",
    "redis_prefix", "ClusterIndex", "Copy", "DedupeConfig", "DedupeSummary", "dedupe_records",
    "learn_templates", "strip_templates",
    "Normalized", "Representative", "Signed", "cluster_id_for", "cluster_new", "containment",
    "from_bytes", "normalize", "normalize_text", "representative", "shingle_hashes",
    "shingle_values", "sign_texts", "signature_of", "similarity", "to_bytes", "to_lean",
]
