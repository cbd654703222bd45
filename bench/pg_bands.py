"""Option (b) of issue 17, measured by bench/redis_index.py: the band table in PostgreSQL.

One row per (part, band, bucket, article) in `band_index`, a btree on (band, bucket), so a
PostgreSQL deployment would need no Redis. Banding as the in-memory index (a band of
2 rows is exactly one bigint: v0 << 32 | v1; longer bands would need a hash); lookups are
one query per batch (a join with unnest), adds one COPY, removals one DELETE per batch,
a rebuild one COPY into an empty table and one CREATE INDEX.
Kept in bench/ as the measured alternative: the product uses dedupe/redis_bands.py.
"""

from __future__ import annotations

import io

import numpy as np

from dedupe.clustering import lsh_bands

_TABLE = """
CREATE TABLE IF NOT EXISTS band_index (
    band smallint NOT NULL,    -- full bands 0..31, lead bands 100..107
    bucket bigint NOT NULL,    -- the band's two uint32 values as one integer
    article bigint NOT NULL    -- the article id (16 hex digits) as an integer
)"""
_INDEX = "CREATE INDEX IF NOT EXISTS band_index_bucket ON band_index (band, bucket)"


class PgBands:
    def __init__(self, conn, config) -> None:
        self.conn, self.config = conn, config
        full, lead = lsh_bands(config)
        assert full[1] == lead[1] == 2, "this prototype packs two-value bands only"
        self.parts = ((0, full[0]), (100, lead[0]))
        with conn.cursor() as cur:
            cur.execute(_TABLE)
            cur.execute(_INDEX)
        conn.commit()

    def _rows(self, values, lead):
        out = []
        for (offset, bands), sig in zip(self.parts, (values, lead)):
            sig = np.ascontiguousarray(sig[:, :bands * 2]).astype(np.uint64)
            bucket = (sig[:, 0::2] << np.uint64(32)) | sig[:, 1::2]
            band = np.broadcast_to(np.arange(bands) + offset, bucket.shape)
            out.append((band.ravel(), bucket.view(np.int64).ravel()))
        return out

    def insert(self, ids, values, lead) -> None:
        members = np.array([int(i, 16) for i in ids], dtype=np.uint64).view(np.int64)
        buf = io.StringIO()
        for band, bucket in self._rows(values, lead):
            per = bucket.size // max(len(ids), 1)
            article = np.repeat(members, per)
            np.savetxt(buf, np.column_stack((band, bucket, article)), fmt="%d", delimiter="\t")
        buf.seek(0)
        with self.conn.cursor() as cur:
            with cur.copy("COPY band_index (band, bucket, article) FROM STDIN") as copy:
                copy.write(buf.read())
        self.conn.commit()

    def candidates(self, values, lead) -> set[str]:
        pairs = self._rows(values, lead)
        band = np.concatenate([b for b, _ in pairs]).astype(np.int16)
        bucket = np.concatenate([k for _, k in pairs])
        with self.conn.cursor() as cur:
            cur.execute("SELECT DISTINCT article FROM band_index JOIN unnest(%s::smallint[], "
                        "%s::bigint[]) AS q(band, bucket) USING (band, bucket)",
                        (band.tolist(), bucket.tolist()))
            found = np.array([r[0] for r in cur.fetchall()], dtype=np.int64)
        self.conn.commit()
        return {f"{int(a):016x}" for a in found.view(np.uint64)}

    def remove(self, ids, values, lead) -> None:
        members = np.array([int(i, 16) for i in ids], dtype=np.uint64).view(np.int64)
        pairs = self._rows(values, lead)
        band = np.concatenate([b for b, _ in pairs]).astype(np.int16)
        bucket = np.concatenate([k for _, k in pairs])
        article = np.concatenate([np.repeat(members, k.size // len(ids)) for _, k in pairs])
        with self.conn.cursor() as cur:
            cur.execute("DELETE FROM band_index b USING unnest(%s::smallint[], %s::bigint[], "
                        "%s::bigint[]) AS q(band, bucket, article) WHERE b.band = q.band AND "
                        "b.bucket = q.bucket AND b.article = q.article",
                        (band.tolist(), bucket.tolist(), article.tolist()))
        self.conn.commit()

    def rebuild(self, ids, values, lead) -> None:
        """Empty table, rows copied in, then the index built once (faster than kept)."""
        with self.conn.cursor() as cur:
            cur.execute("DROP INDEX IF EXISTS band_index_bucket")
            cur.execute("TRUNCATE band_index")
        self.conn.commit()
        self.insert(ids, values, lead)
        with self.conn.cursor() as cur:
            cur.execute(_INDEX)
        self.conn.commit()

    def clear(self) -> None:
        with self.conn.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS band_index")
        self.conn.commit()

    def size_bytes(self) -> int:
        with self.conn.cursor() as cur:
            cur.execute("SELECT pg_total_relation_size('band_index')")
            return int(cur.fetchone()[0])
