"""What the CLI, the web pages and the JSON API show of clusters: one definition for all three."""

from __future__ import annotations

from dataclasses import dataclass

import storage
from dedupe import DedupeConfig, shingle_values

from .textdiff import DiffRow, changes, paragraph_diff, word_segments


@dataclass(frozen=True)
class LoadedCluster:
    """A cluster with the current version of each member (None when a member has no text)."""

    info: storage.ClusterInfo
    members: tuple[tuple[storage.Member, storage.ArticleVersion | None], ...]
    representative: storage.ArticleVersion | None
    requested_id: str  # the id asked for: an alias when the cluster absorbed it
    aliases: tuple[str, ...] = ()  # ids of clusters merged into this one


def load_cluster(conn, cluster_id: str) -> LoadedCluster | None:
    info = storage.get_cluster(conn, cluster_id)
    if info is None:
        return None
    members = tuple((m, storage.current_article(conn, m.article_id))
                    for m in storage.cluster_members(conn, cluster_id))
    rep = next((v for m, v in members if m.article_id == info.representative_id), None)
    return LoadedCluster(info, members, rep, cluster_id,
                         tuple(storage.aliases_of(conn, info.cluster_id)))


def overview_row(view: storage.ClusterOverview) -> dict:
    """One line of `newsmon clusters --json`, of the API's cluster list and of the page."""
    info = view.info
    return {"cluster_id": info.cluster_id, "cluster_size": info.size,
            "sources": list(view.sources), "first_seen": _shown(info.first_seen),
            "last_seen": _shown(info.last_seen), "representative": info.representative_id,
            "title": view.title, "first_published": _shown(view.first_published),
            "first_source": view.first_source}


def cluster_document(conn, cluster_id: str) -> dict | None:
    """`newsmon cluster ID --json` and `GET /api/clusters/ID`: the cluster's fields, then
    every member's export record with how it matched and what it changed."""
    loaded = load_cluster(conn, cluster_id)
    if loaded is None:
        return None
    detail = detail_of(loaded)
    records = {r["id"]: r for r in storage.cluster_records(conn, cluster_id)}
    members = [{**records[m["id"]], **{k: m[k] for k in (
        "similarity", "matched", "joined_as", "similarity_to_representative", "changes")}}
        for m in detail["members"] if m["id"] in records]
    rep = records.get(detail["representative"])
    view = storage.overviews(conn, [loaded.info])[0]
    return {**overview_row(view), "title": rep["title"] if rep else view.title,
            "representative_reason": detail["representative_reason"],
            "merged_from": detail["merged_from"], "aliases": detail["aliases"],
            "members": members}


def cluster_detail(conn, cluster_id: str) -> dict | None:
    """The cluster, its members and each member's changes against the representative."""
    loaded = load_cluster(conn, cluster_id)
    return detail_of(loaded) if loaded else None


def detail_of(loaded: LoadedCluster) -> dict:
    info, rep = loaded.info, loaded.representative
    rep_shingles = _shingles(rep.text) if rep else None
    members = []
    for m, article in loaded.members:
        is_rep = m.article_id == info.representative_id
        members.append({
            "id": m.article_id, "source": m.source, "url": m.url, "title": m.title,
            "published": _shown(m.published), "fetched_at": _shown(m.fetched_at),
            # `similarity` is what clustering measured against the member it matched;
            # `similarity_to_representative` is measured here, exactly, on the same shingles.
            "similarity": round(m.similarity, 3), "matched": m.matched_id,
            # how it joined: founder | same-text | copy | excerpt | full-story
            "joined_as": m.match_kind,
            "similarity_to_representative": (
                1.0 if is_rep else _jaccard(rep_shingles, _shingles(article.text))
            ) if rep and article else None,
            "is_representative": is_rep,
            "changes": changes(rep.title, rep.text, article.title, article.text)
            if rep and article else None,
        })
    merged = loaded.requested_id != info.cluster_id
    return {"cluster_id": info.cluster_id, "cluster_size": info.size,
            # an id that was merged into this cluster resolves here, and says so
            "merged_from": loaded.requested_id if merged else None,
            "aliases": list(loaded.aliases),
            "first_seen": _shown(info.first_seen), "last_seen": _shown(info.last_seen),
            "representative": info.representative_id,
            "representative_reason": info.representative_reason, "members": members}


@dataclass(frozen=True)
class MemberDiff:
    """A copy against the representative, ready for a side-by-side view."""

    article_id: str
    source: str
    title: tuple[tuple, tuple] | None  # (left segments, right segments) when it changed
    rows: tuple[DiffRow, ...]


def member_diffs(loaded: LoadedCluster) -> list[MemberDiff]:
    """Every copy against the representative."""
    rep = loaded.representative
    diffs = []
    for m, article in loaded.members:
        if rep is None or article is None or m.article_id == loaded.info.representative_id:
            continue
        diffs.append(_diff(rep, m, article))
    return diffs


def pair_diff(loaded: LoadedCluster, left_id: str, right_id: str) -> MemberDiff | None:
    """Any two copies of the cluster: `right_id` against `left_id`; None when either is not
    a member with text."""
    versions = {m.article_id: (m, v) for m, v in loaded.members if v is not None}
    if left_id not in versions or right_id not in versions:
        return None
    member, article = versions[right_id]
    return _diff(versions[left_id][1], member, article)


def _diff(base: storage.ArticleVersion, member: storage.Member,
          article: storage.ArticleVersion) -> MemberDiff:
    title = (word_segments(base.title or "", article.title or "")
             if (base.title or "") != (article.title or "") else None)
    return MemberDiff(member.article_id, member.source, title,
                      tuple(paragraph_diff(base.text, article.text)))


def _shown(value) -> str | None:
    return storage.iso_seconds(value)


def _shingles(text: str) -> set[int]:
    """The shingles clustering compares (words, or characters for scripts without spaces)."""
    return set(shingle_values(text, DedupeConfig()).tolist())


def _jaccard(a: set[int], b: set[int]) -> float:
    return round(len(a & b) / len(a | b), 3) if a or b else 1.0
