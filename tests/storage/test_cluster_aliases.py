"""Merged clusters: members move, the absorbed id stays as a one-hop alias, nothing is lost."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

import storage
from storage.schema import cluster_aliases, memberships

T0 = datetime(2026, 11, 20, tzinfo=timezone.utc)


@pytest.fixture
def store(sqlite_url):
    s = storage.open_store(sqlite_url)
    yield s
    s.close()


def _cluster(conn, name: str, members: int, day: int) -> None:
    """A cluster written the way the dedupe stage writes one: founder, then copies."""
    at = T0 + timedelta(days=day)
    for n in range(members):
        placed = storage.NewMembership(f"{name}-{n}", name, 1.0,
                                       None if n == 0 else f"{name}-0",
                                       "founder" if n == 0 else "copy")
        storage.save_memberships(conn, [placed], "k", at + timedelta(hours=n))


def test_merge_moves_members_and_keeps_the_id_as_an_alias(store):
    with store.begin() as conn:
        _cluster(conn, "ca", 2, 0)
        _cluster(conn, "cb", 3, 2)
        storage.merge_clusters(conn, "cb", "ca", "bridge", T0 + timedelta(days=3), "k")
    with store.connect() as conn:
        info = storage.get_cluster(conn, "cb")
        assert (info.cluster_id, info.size) == ("ca", 5)
        assert info.first_seen == T0 and info.last_seen == T0 + timedelta(days=2, hours=2)
        assert {m.cluster_id for m in conn.execute(sa.select(memberships))} == {"ca"}
        assert storage.count_clusters(conn) == 1
        assert [(m.absorbed, m.survivor, m.article_id) for m in storage.cluster_merges(conn)] == [
            ("cb", "ca", "bridge")]


def test_chains_stay_one_hop_and_repeats_are_no_ops(store):
    with store.begin() as conn:
        for name, day in (("ca", 0), ("cb", 1), ("cc", 2)):
            _cluster(conn, name, 1, day)
        storage.merge_clusters(conn, "cc", "cb", None, T0 + timedelta(days=3), "k")
        storage.merge_clusters(conn, "cb", "ca", None, T0 + timedelta(days=4), "k")
        storage.merge_clusters(conn, "cc", "ca", None, T0 + timedelta(days=5), "k")  # done already
    with store.connect() as conn:
        targets = dict(conn.execute(sa.select(cluster_aliases.c.alias_id,
                                              cluster_aliases.c.cluster_id)).all())
        assert targets == {"cb": "ca", "cc": "ca"}
        assert [storage.resolve_cluster(conn, c) for c in ("ca", "cb", "cc", "cd")] == [
            "ca", "ca", "ca", None]
        assert storage.aliases_of(conn, "ca") == ["cb", "cc"]
        assert len(storage.cluster_merges(conn, T0 + timedelta(days=3, hours=12))) == 1


def test_merging_into_an_unknown_cluster_is_refused(store):
    with store.begin() as conn:
        _cluster(conn, "ca", 1, 0)
        with pytest.raises(ValueError, match="unknown cluster"):
            storage.merge_clusters(conn, "ca", "cz", None, T0, "k")


def test_migration_0005_adds_the_alias_table_and_signature_columns(store):
    inspector = sa.inspect(store.engine)
    assert "cluster_aliases" in inspector.get_table_names()
    columns = {c["name"] for c in inspector.get_columns("signatures")}
    assert {"shingles", "quoted", "place"} <= columns


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_0005_downgrades_and_upgrades_again(backend, sqlite_url):
    from alembic import command
    from alembic.config import Config

    from storage.engine import _MIGRATIONS
    from tests.conftest import pg_database

    def run(url: str) -> None:
        s = storage.open_store(url)
        try:
            cfg = Config()
            cfg.set_main_option("script_location", str(_MIGRATIONS))
            for target in ("0004", "head"):
                with s.engine.begin() as conn:
                    cfg.attributes["connection"] = conn
                    (command.downgrade if target == "0004" else command.upgrade)(cfg, target)
                names = set(sa.inspect(s.engine).get_table_names())
                assert ("cluster_aliases" in names) == (target == "head")
        finally:
            s.close()

    if backend == "sqlite":
        run(sqlite_url)
    else:
        with pg_database() as url:
            run(url)
