"""The Alembic migrations build exactly the tables `storage/schema.py` declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import storage
from storage.schema import metadata


def _differences(store: storage.Store) -> list:
    with store.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_migrations_produce_the_declared_schema(store_url, tmp_path):
    store = storage.open_store(store_url, tmp_path / "files")  # migrated to head on open
    try:
        diff = _differences(store)
    finally:
        store.close()
    assert diff == [], f"migrations and storage/schema.py disagree: {diff}"


def test_the_comparison_sees_a_missing_column(sqlite_url, tmp_path):
    """Guards the test above: a column the migrations never made is a difference."""
    store = storage.open_store(sqlite_url, tmp_path / "files")
    try:
        with store.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE runs DROP COLUMN error")
        diff = _differences(store)
    finally:
        store.close()
    assert any(d[0] == "add_column" and d[3].name == "error" for d in diff), diff
