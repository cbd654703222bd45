"""Real article bodies for the dedupe corpus: the benchmark's and fundus-dev's ground truth.

The bodies are read from `../shared/data` beside the repository (or `NEWSMON_SHARED_DATA`);
nothing is copied into the repo. Each body becomes a `Story`: its paragraphs, its language
(from the script, the publisher's country or the URL's top-level domain) and whether it is
HELD OUT: a fixed hash of the document id puts about 40% of the documents aside, and no
default in dedupe/config.py may be tuned on them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["Story", "data_dir", "load_stories", "sentences", "split_cjk"]

_COUNTRY_LANG = {"de": "de", "at": "de", "ch": "de", "li": "de", "us": "en", "uk": "en",
                 "ca": "en", "ind": "en", "za": "en", "ls": "en", "tz": "en", "il": "de",
                 "fr": "fr", "be": "fr", "es": "es", "mx": "es", "it": "it", "no": "no",
                 "dk": "da", "se": "sv", "tr": "tr", "kr": "ko", "jp": "ja", "cn": "zh",
                 "tw": "en", "ua": "ru"}
_TLD_LANG = {"br": "pt", "it": "it", "ru": "ru", "kr": "ko"}
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"”’»)]*\s+(?=[\"“‘„«(]?[^\s\"“‘„«(a-z])")
_CJK_SENTENCE = re.compile(r"(?<=[。！？])(?![」』”）])")
HELD_OUT_SHARE = 0.4


@dataclass(frozen=True)
class Story:
    doc_id: str
    paragraphs: tuple[str, ...]
    lang: str
    held_out: bool

    @property
    def cjk(self) -> bool:
        return self.lang in ("zh", "ja")


def data_dir() -> Path:
    default = Path(__file__).resolve().parents[3] / "shared" / "data"
    return Path(os.environ.get("NEWSMON_SHARED_DATA", default))


def held_out(doc_id: str) -> bool:
    digest = int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16)
    return digest / 0xFFFFFFFF < HELD_OUT_SHARE


def _lang(text: str, guess: str) -> str:
    sample = text[:3000]
    kana, han = len(_KANA.findall(sample)), len(_HAN.findall(sample))
    if kana + han > 50:
        return "ja" if kana > 0.1 * (kana + han) else "zh"
    if len(_HANGUL.findall(sample)) > 50:
        return "ko"
    if len(_CYRILLIC.findall(sample)) > 200:
        return "ru"
    return guess


@lru_cache(maxsize=2)
def load_stories(root: str | None = None, min_words: int = 60) -> tuple[Story, ...]:
    """Every usable body (>= min_words words, or >= 150 characters of CJK), by doc id."""
    base = Path(root) if root else data_dir()
    raw: list[tuple[str, str, str]] = []
    bench = json.loads((base / "article-extraction-benchmark/ground-truth.json").read_text())
    for key, value in bench.items():
        tld = (urlsplit(value.get("url", "")).hostname or "").rsplit(".", 1)[-1]
        raw.append((f"aeb-{key[:12]}", value["articleBody"], _TLD_LANG.get(tld, "en")))
    fundus = json.loads((base / "fundus-dev/truth.json").read_text())["pages"]
    for key, value in fundus.items():
        raw.append((f"fundus-{key}", value["body"], _COUNTRY_LANG.get(value["country"], "en")))
    stories = []
    for doc_id, body, guess in sorted(raw):
        paragraphs = tuple(" ".join(p.split()) for p in body.splitlines() if p.strip())
        lang = _lang(body, guess)
        size = len(body) if lang in ("zh", "ja") else len(body.split()) * 5
        if paragraphs and size >= min_words * 5:
            stories.append(Story(doc_id, paragraphs, lang, held_out(doc_id)))
    return tuple(stories)


def sentences(paragraph: str, cjk: bool) -> list[str]:
    """The paragraph's sentences (a rough split that is good enough to edit copies by)."""
    parts = _CJK_SENTENCE.split(paragraph) if cjk else _SENTENCE.split(paragraph)
    return [p.strip() for p in parts if p and p.strip()]


def split_cjk(text: str) -> list[str]:
    """CJK text as clauses (split after commas and stops), for phrase-level edits."""
    return [p for p in re.split(r"(?<=[，、。！？])", text) if p]
