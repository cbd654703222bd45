"""MinHash signatures, keyed by (content hash, dedupe config key) so text is hashed once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, select

from .schema import signatures

_CHUNK = 500  # keep IN lists small for SQLite


@dataclass(frozen=True)
class SignatureRecord:
    """Everything dedupe derives from one normalized text (raw bytes, dedupe decodes them)."""

    hashvalues: bytes
    lead: bytes
    teaser: bool
    words: int
    credit: str | None
    # Migration 0005 (None in rows stored before it): distinct shingles, packed bits of
    # which values came from quotations, the dateline's place.
    shingles: int | None = None
    quoted: bytes | None = None
    place: str | None = None


def load_signature_records(conn: Connection, content_hashes: Iterable[str],
                           config_key: str) -> dict[str, SignatureRecord]:
    """Complete stored records; rows written before the lead signature existed are left
    out, so the caller computes them again."""
    return _rows(conn, content_hashes, config_key, True)


def _rows(conn, content_hashes, config_key, complete: bool) -> dict[str, SignatureRecord]:
    wanted = sorted(set(content_hashes))
    found: dict[str, SignatureRecord] = {}
    c = signatures.c
    for start in range(0, len(wanted), _CHUNK):
        query = select(c.content_hash, c.hashvalues, c.lead_hashvalues, c.teaser, c.words,
                       c.credit, c.shingles, c.quoted, c.place).where(and_(
                           c.config_key == config_key,
                           c.content_hash.in_(wanted[start:start + _CHUNK])))
        if complete:
            query = query.where(c.lead_hashvalues.is_not(None))
        for r in conn.execute(query):
            found[r.content_hash] = SignatureRecord(
                bytes(r.hashvalues), bytes(r.lead_hashvalues or b""), bool(r.teaser),
                int(r.words or 0), r.credit, r.shingles,
                None if r.quoted is None else bytes(r.quoted), r.place)
    return found


def save_signature_records(conn: Connection, records: dict[str, SignatureRecord],
                           config_key: str, num_perm: int, now: datetime) -> int:
    """Store records not stored yet, and complete stored rows that lack the lead signature;
    returns how many rows were added or completed."""
    present = _rows(conn, records, config_key, False)
    missing = sorted(set(records) - set(present))
    if missing:
        # Workers sign outside the assignment lock, so two may store one content hash at
        # once: the second insert is skipped, not an error (both rows would be equal).
        conn.execute(_insert_ignoring_present(conn), [
            _values(h, records[h], config_key, num_perm, now) for h in missing])
    incomplete = [h for h, r in present.items() if not r.lead and records[h].lead]
    c = signatures.c
    for h in incomplete:
        r = records[h]
        conn.execute(signatures.update().where(and_(c.content_hash == h,
                                                    c.config_key == config_key)).values(
            hashvalues=r.hashvalues, lead_hashvalues=r.lead, teaser=r.teaser, words=r.words,
            credit=r.credit, shingles=r.shingles, quoted=r.quoted, place=r.place))
    return len(missing) + len(incomplete)


def _insert_ignoring_present(conn: Connection):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert(signatures).on_conflict_do_nothing(
        index_elements=[signatures.c.content_hash, signatures.c.config_key])


def _values(h: str, r: SignatureRecord, config_key: str, num_perm: int, now: datetime) -> dict:
    return {"content_hash": h, "config_key": config_key, "num_perm": num_perm,
            "hashvalues": r.hashvalues, "lead_hashvalues": r.lead or None,
            "teaser": r.teaser, "words": r.words, "credit": r.credit, "created_at": now,
            "shingles": r.shingles, "quoted": r.quoted, "place": r.place}
