"""Cluster merges: a cluster absorbed into another keeps its id as an alias of the survivor.

Cluster ids are public (exports, links, the web pages), so a merge never deletes one: the
absorbed cluster's members move to the survivor, its row goes, and `cluster_aliases` maps
its id to the survivor. Every read that takes a cluster id resolves it first
(`resolve_cluster`); aliases are kept one hop long, so that is one lookup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, case, func, select

from .schema import cluster_aliases, clusters, memberships
from .timeutil import as_utc

__all__ = ["ClusterMerge", "aliases_of", "cluster_merges", "merge_clusters", "resolve_cluster"]


@dataclass(frozen=True)
class ClusterMerge:
    """Cluster `absorbed` became part of `survivor` at `merged_at`, bridged by `article_id`."""

    absorbed: str
    survivor: str
    article_id: str | None
    merged_at: datetime


def resolve_cluster(conn: Connection, cluster_id: str) -> str | None:
    """The cluster an id stands for now: itself, the survivor it was merged into, or None
    for an id this store never had."""
    if conn.execute(select(clusters.c.cluster_id).where(
            clusters.c.cluster_id == cluster_id)).first():
        return cluster_id
    return conn.execute(select(cluster_aliases.c.cluster_id).where(
        cluster_aliases.c.alias_id == cluster_id)).scalar()


def merge_clusters(conn: Connection, absorbed: str, survivor: str, article_id: str | None,
                   merged_at: datetime, config_key: str) -> None:
    """Move `absorbed`'s members into `survivor`, keep `absorbed` as an alias of it (and
    re-point the aliases that named `absorbed`), and update the survivor's size and times.
    A no-op when both ids already resolve to one cluster."""
    absorbed_now, survivor_now = resolve_cluster(conn, absorbed), resolve_cluster(conn, survivor)
    if survivor_now is None:
        raise ValueError(f"cannot merge into unknown cluster {survivor!r}")
    if absorbed_now is None or absorbed_now == survivor_now:
        return
    old = conn.execute(select(clusters).where(clusters.c.cluster_id == absorbed_now)).one()
    conn.execute(memberships.update().where(memberships.c.cluster_id == absorbed_now)
                 .values(cluster_id=survivor_now))
    conn.execute(cluster_aliases.update().where(cluster_aliases.c.cluster_id == absorbed_now)
                 .values(cluster_id=survivor_now))
    conn.execute(cluster_aliases.insert().values(
        alias_id=absorbed_now, cluster_id=survivor_now, article_id=article_id,
        merged_at=merged_at, config_key=config_key))
    conn.execute(clusters.delete().where(clusters.c.cluster_id == absorbed_now))
    size = conn.execute(select(func.count()).select_from(memberships).where(
        memberships.c.cluster_id == survivor_now)).scalar_one()
    c = clusters.c
    conn.execute(clusters.update().where(c.cluster_id == survivor_now).values(
        size=size,
        first_seen=case((c.first_seen > old.first_seen, old.first_seen), else_=c.first_seen),
        last_seen=case((c.last_seen < old.last_seen, old.last_seen), else_=c.last_seen)))


def cluster_merges(conn: Connection, start: datetime | None = None,
                   end: datetime | None = None) -> list[ClusterMerge]:
    """Merges made in [start, end] (all when None), oldest first: for the run report."""
    query = select(cluster_aliases)
    if start is not None:
        query = query.where(cluster_aliases.c.merged_at >= start)
    if end is not None:
        query = query.where(cluster_aliases.c.merged_at <= end)
    rows = conn.execute(query.order_by(cluster_aliases.c.merged_at, cluster_aliases.c.alias_id))
    return [ClusterMerge(r.alias_id, r.cluster_id, r.article_id, as_utc(r.merged_at))
            for r in rows]


def aliases_of(conn: Connection, cluster_id: str) -> list[str]:
    """The ids merged into a cluster (they all resolve to it), sorted."""
    return list(conn.execute(select(cluster_aliases.c.alias_id).where(
        cluster_aliases.c.cluster_id == cluster_id).order_by(cluster_aliases.c.alias_id))
        .scalars())
