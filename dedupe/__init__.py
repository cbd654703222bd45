"""Near-duplicate clustering: normalize -> shingles -> MinHash -> LSH -> verified clusters.

Only `stage` touches storage; the rest is pure and imports datasketch, numpy and the stdlib.
Exports load lazily (PEP 562): `import dedupe.normalize` loads neither the stage nor storage.

>>> from dedupe import DedupeConfig, DedupeStageConfig, dedupe_stage
"""

from importlib import import_module

# Submodules named like the function they export: bound here, or importing the submodule
# would leave the package attribute pointing at the module. Both are pure stdlib.
from .normalize import normalize as normalize  # re-exported
from .representative import representative as representative  # re-exported

_EXPORTS = {
    **dict.fromkeys(("ANCHOR_RATIO", "Assignment", "Batch", "ClusterIndex", "Merge",
                     "cluster_id_for"), ".clustering"),
    **dict.fromkeys(("DEFAULT_CONTAINMENT", "DEFAULT_THRESHOLD", "DedupeConfig"), ".config"),
    **dict.fromkeys(("NORMALIZATION_VERSION", "Normalized", "normalize_text"), ".normalize"),
    **dict.fromkeys(("Copy", "Representative"), ".representative"),
    **dict.fromkeys(("RECORD_FIELDS", "dedupe_records"), ".records"),
    "shingle_hashes": ".shingles",
    **dict.fromkeys(("learn_templates", "strip_templates"), ".templates"),
    **dict.fromkeys(("Signed", "containment", "from_bytes", "shingle_values", "sign_texts",
                     "signature_of", "similarity", "to_bytes", "to_lean"), ".signatures"),
    **dict.fromkeys(("IndexUnavailable", "open_index", "redis_prefix"), ".shared_index"),
    **dict.fromkeys(("DedupeStageConfig", "DedupeSummary", "cluster_new", "dedupe_stage"),
                    ".stage"),
}

__all__ = sorted([*_EXPORTS, "normalize", "representative"])


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'dedupe' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)
