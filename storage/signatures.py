"""MinHash signatures, keyed by (content hash, dedupe config key) so text is hashed once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, and_, select

from .schema import signatures


def load_signatures(conn: Connection, content_hashes: Iterable[str],
                    config_key: str) -> dict[str, bytes]:
    """Stored hash values (raw bytes) for the given content hashes."""
    wanted = list(set(content_hashes))
    found: dict[str, bytes] = {}
    for start in range(0, len(wanted), 500):  # keep IN lists small for SQLite
        chunk = wanted[start:start + 500]
        rows = conn.execute(select(signatures.c.content_hash, signatures.c.hashvalues).where(
            and_(signatures.c.config_key == config_key, signatures.c.content_hash.in_(chunk))))
        found.update({r.content_hash: bytes(r.hashvalues) for r in rows})
    return found


def save_signatures(conn: Connection, rows: dict[str, bytes], config_key: str,
                    num_perm: int, now: datetime) -> int:
    """Store signatures not stored yet; returns how many were added."""
    missing = set(rows) - set(load_signatures(conn, rows, config_key))
    if missing:
        conn.execute(signatures.insert(), [
            {"content_hash": h, "config_key": config_key, "num_perm": num_perm,
             "hashvalues": rows[h], "created_at": now} for h in sorted(missing)])
    return len(missing)
