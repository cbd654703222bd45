"""A small syndication corpus made in code: stories, edited copies and hard negatives."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import storage

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)

_TOPIC = ("council budget vote city transit housing rent mayor tax school water bridge "
          "election court judge ruling appeal energy grid wind solar price market bank rate "
          "inflation union strike port shipping harbour storm flood rescue hospital nurse "
          "vaccine clinic ministry police report inquiry museum festival league coach").split()
_GLUE = ("the a of to in on for with after before said says would could will has had "
         "was were is are that this new local national regional officials residents "
         "spokesperson statement plan week month year early late").split()


def story(seed: int, words: int = 400) -> str:
    """A deterministic pseudo-news story of about `words` words in 5-sentence paragraphs."""
    rng = random.Random(seed)
    vocab = rng.sample(_TOPIC, 12) + [f"{w}{seed}" for w in rng.sample(_TOPIC, 8)]
    sentences, count = [], 0
    while count < words:
        n = rng.randint(10, 20)
        sentence = " ".join(rng.choice(vocab if i % 2 else _GLUE) for i in range(n))
        sentences.append(sentence.capitalize() + ".")
        count += n
    return "\n".join(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5))


def replace_word(text: str, every: int = 80) -> str:
    words = text.split(" ")
    return " ".join("amended" if i % every == 40 else w for i, w in enumerate(words))


def drop_sentence(text: str) -> str:
    paras = text.split("\n")
    sentences = paras[1].split(". ")
    paras[1] = ". ".join(sentences[:2] + sentences[3:])
    return "\n".join(paras)


def add_sentence(text: str) -> str:
    paras = text.split("\n")
    paras.insert(2, "The agency did not immediately respond to a request for comment.")
    return "\n".join(paras)


def with_dateline(text: str, dateline: str = "LONDON (Wire) — ") -> str:
    return dateline + text


def with_byline(text: str, name: str = "Jane Doe") -> str:
    return f"By {name}\n{text}\nAssociated Press contributed to this report."


def quote_paragraph(host: str, quoted: str) -> str:
    """`host` with the longest paragraph of `quoted` pasted in: same topic, shared quote."""
    paras = host.split("\n")
    return "\n".join(paras[:2] + [max(quoted.split("\n"), key=len)] + paras[2:])


@dataclass(frozen=True)
class Item:
    source: str
    slug: str
    text: str
    published: datetime | None
    fetched_at: datetime
    title: str = "Headline"


def insert(store: storage.Store, item: Item) -> str:
    """Store one article the way crawl + extract would; returns its article id."""
    url = f"https://{item.source}.example/news/{item.slug}"
    with store.begin() as conn:
        storage.ensure_source(conn, item.source, f"https://{item.source}.example/", T0)
        body = storage.body_hash(f"{item.source}|{item.slug}|{item.text}".encode())
        page_id, _ = storage.record_fetch(conn, storage.PageFetch(
            source=item.source, url_key=storage.url_key(url), url=url, canonical_url=url,
            kind="article", status=200, content_type="text/html", etag=None,
            last_modified=None, body_hash=body, body_bytes=len(item.text), warc_file=None,
            warc_offset=None, warc_length=None, fetched_at=item.fetched_at))
        aid = storage.article_id(item.source, storage.canonical_url(url))
        storage.save_article(conn, storage.ArticleVersion(
            article_id=aid, page_id=page_id, body_hash=body, parser_version="t1", status="ok",
            source=item.source, url=url, canonical_url=storage.canonical_url(url),
            title=item.title, author=None, published=item.published, language="en",
            text=item.text, content_hash=storage.content_hash(item.text),
            fetched_at=item.fetched_at, extracted_at=item.fetched_at))
    return aid


def syndication_items() -> dict[str, list[Item]]:
    """Groups that must each form one cluster (keys 'a', 'b') and negatives that must not
    join anything (key 'neg'); hours after T0 give the fetch order."""
    a, b, c = story(1), story(2), story(3)
    at = lambda h: T0 + timedelta(hours=h)
    return {
        "a": [Item("wire", "a", a, at(0), at(1)),
              Item("daily", "a-copy", with_dateline(with_byline(a)), at(1), at(2), "New head"),
              Item("herald", "a-edit", replace_word(drop_sentence(a)), at(2), at(3)),
              Item("post", "a-more", add_sentence(with_dateline(a, "PARIS, May 3 (Reuters) - ")),
                   None, at(4))],
        "b": [Item("wire", "b", b, at(0), at(1)),
              Item("daily", "b-copy", with_byline(replace_word(b), "John Roe"), at(-2), at(2))],
        "neg": [Item("herald", "c-quotes-a", quote_paragraph(c, a), at(0), at(5)),
                Item("post", "a-summary", summary_of(a), at(0), at(6))],
    }


def summary_of(text: str) -> str:
    """A brief on the same topic in other words: the opening's words, in reverse order.
    (A brief that IS the opening, verbatim, is an excerpt of the story and joins it.)"""
    return " ".join(reversed(text.split("\n")[0].split()))[:300]


def teaser(text: str, paragraphs: int = 2) -> str:
    """The opening paragraphs and a pointer to the full story, as aggregators run them."""
    return "\n".join(text.split("\n")[:paragraphs] + ["Read the full story at The Wire."])
