"""Text normalization before shingling: the same story must look the same on every site.

1. Paragraphs repeated within the page are collapsed to their first occurrence (a gallery
   shows each caption twice; widgets repeat), so a padded copy is not longer than it is.
2. The frame (frames.py: datelines, bylines, credits, stamps, gallery and ad lines, teaser
   pointers) is removed; what it said that matters later is kept beside the text: a wire
   credit, a teaser pointer, the dateline's place.
3. Quotations of some length are marked (QUOTE_OPEN ... QUOTE_CLOSE) and shingled apart
   (`segments`): independent stories of one event quote the same people, copies share the
   narrative too; clustering tells the two apart by what the agreeing shingles are. The
   lead (LEAD_MARK) starts at the first paragraph long enough to open a story.
4. Scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar): each
   character becomes a token, and a text mostly in them is shingled by characters
   (`Normalized.chars`), since its "words" would be whole clauses.
5. Case, punctuation and spacing are folded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .frames import DATELINE_PARAGRAPHS, is_frame, strip_dateline, teaser_cut

__all__ = ["BYTE_FOLD", "FOLD_DELETE", "LEAD_MARK", "NORMALIZATION_VERSION", "QUOTE_CLOSE",
           "QUOTE_OPEN",
           "Normalized", "Unframed", "normalize", "normalize_text", "prefold", "segments",
           "unframe"]

# Bump when a rule here or in frames.py changes: it is part of DedupeConfig.signature_key,
# so stored signatures made by older rules are not reused.
NORMALIZATION_VERSION = "4"

# Folding works on UTF-8 bytes with one bytes.translate (~10x faster than a regex over the
# text): ASCII letters lowered, other ASCII bytes spaced, bytes >= 0x80 (pieces of letters
# left by _NON_WORD) kept. Apostrophes are deleted, not spaced: "bank's" = "banks".
# Public because compiled.py applies the same table byte by byte.
BYTE_FOLD = bytes(c if c >= 128 or chr(c).isalnum() else 32 for c in range(256)).lower()
FOLD_DELETE = b"'`"
# Quotation markers: control bytes the fold turns into spaces; the signers read them raw.
QUOTE_OPEN, QUOTE_CLOSE = "\x01", "\x02"
# Where the lead (the story's opening, whose signature finds excerpts) starts: before the
# first paragraph of at least _LEAD_WORDS words (20 characters of CJK), so short lines
# before it that are no part of the story (a site's name or section, "Listen to this
# article", a short headline left in by extraction) do not hide an excerpt's opening.
# (Requiring a full sentence as well lost excerpts made of a standfirst only: bench.)
LEAD_MARK = "\x03"
_OUR_MARKS = (QUOTE_OPEN, QUOTE_CLOSE, LEAD_MARK)
_LEAD_SEARCH = 5  # paragraphs looked at for the lead's start
_LEAD_WORDS = 8
# Combining marks are part of their word (Devanagari, Thai, Arabic, Hebrew vowel signs),
# so only other non-word characters split words.
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
          "\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f"
          "\u1780-\u17ff\u200c\u200d")
_NON_WORD = re.compile(rf"[^\x00-\x7f\w{_MARKS}]+")
# Scripts without spaces between words; a letter and the marks that follow it are a token.
_NOSPACE = ("\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
            "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff")
_NOSPACE_TOKEN = re.compile(rf"[{_NOSPACE}][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc"
                            rf"\u0ec8-\u0ecd\u102b-\u103e\u1056-\u1059\u17b4-\u17d3]*")
_NOSPACE_CHAR = re.compile(rf"[{_NOSPACE}]")
_WORD_CHAR = re.compile(r"\w")
# A text is shingled by characters when at least this share of its letters are in them.
_CHARS_SHARE = 0.3
# Quotations: opening mark, at least _QUOTE_MIN characters, the matching closing mark (or
# the paragraph's end: a quote running on into the next paragraph is left open).
_QUOTE_MIN = 12
_QUOTES = re.compile(
    rf"“[^“”]{{{_QUOTE_MIN},}}?(?:”|$)|\"[^\"]{{{_QUOTE_MIN},}}?(?:\"|$)|„[^„“”]{{{_QUOTE_MIN},}}?"
    rf"(?:[“”]|$)|«[^«»]{{{_QUOTE_MIN},}}?(?:»|$)|»[^«»]{{{_QUOTE_MIN},}}?(?:«|$)|"
    rf"「[^「」]{{{_QUOTE_MIN},}}?(?:」|$)|『[^『』]{{{_QUOTE_MIN},}}?(?:』|$)|"
    rf"‘.{{{_QUOTE_MIN},}}?(?:’(?!\w)|$)")

# Typographic characters of otherwise ASCII text, mapped as NFKC + the folding below would
# map them (curly apostrophes vanish, quotes and dashes split words).
_TYPOGRAPHY = (("’", ""), ("‘", ""), ("“", " "), ("”", " "), ("—", " "), ("–", " "),
               ("…", " "), ("\xa0", " "), ("«", " "), ("»", " "), ("£", " "), ("€", " "),
               ("ʼ", ""), ("´", ""))


@dataclass(frozen=True)
class Normalized:
    """Story text as compared, plus what its frame said."""

    text: str
    teaser: bool = False
    credit: str | None = None
    place: str | None = None  # the dateline's place, casefolded
    chars: bool = False  # shingled by characters (a script without spaces)


@dataclass(frozen=True)
class Unframed:
    """The text with its frame removed but not yet folded (quotations marked)."""

    body: str
    teaser: bool = False
    credit: str | None = None
    place: str | None = None
    chars: bool = False
    nospace: bool = False  # holds letters of a script without spaces (prefold spaces them)


def normalize_text(text: str) -> str:
    """Story text as compared: frames removed, NFKC, casefolded, punctuation-free, one-spaced.

    >>> normalize_text("LONDON (Wire) — The Bank's rates rose.\\nBy Jane Doe")
    'the banks rates rose'
    """
    return normalize(text).text


def normalize(text: str) -> Normalized:
    """`normalize_text` plus the frame's signals.

    >>> normalize("Rates rose.\\nRead the full story at example.com").teaser
    True
    """
    u = unframe(text)
    return Normalized(fold(u.body, u.nospace), u.teaser, u.credit, u.place, u.chars)


def unframe(text: str) -> Unframed:
    """The frame-free body; split from `normalize` so that the compiled signer can fold
    the body's bytes itself, in the pass that shingles them (`prefold` + `BYTE_FOLD`)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)  # ~free on text that is NFKC already
    if "\x01" in text or "\x02" in text or "\x03" in text:  # the markers are ours alone
        for mark in _OUR_MARKS:
            text = text.replace(mark, " ")
    credits: list[str] = []
    place = None
    kept: list[str] = []
    seen: set[str] = set()  # paragraphs repeated within the page count once
    for p in text.splitlines():
        p = p.strip()
        if p[:1] == "|":  # a layout table's row as extraction prints it: "| cell | cell |"
            p = p.strip("| ")
        if not p or p in seen:
            continue
        seen.add(p)
        if is_frame(p, credits):
            continue
        # Datelines open a story (after any frame lines), with a capital letter or a CJK
        # agency's mark.
        if len(kept) < DATELINE_PARAGRAPHS and (p[0].isupper() or not p.isascii()):
            p, found = strip_dateline(p, credits)
            place = place or found
        if p:
            kept.append(p)
    cut = teaser_cut(kept)
    if cut is not None:
        kept = kept[:cut]
    text = " ".join(kept)
    body = _mark_quotes(kept) if _has_quote(text) else kept
    lead = _lead_paragraph(kept)
    if lead:
        body = body[:lead] + [LEAD_MARK] + body[lead:]
    joined = " ".join(body)
    nospace = not text.isascii() and bool(_NOSPACE_CHAR.search(text))
    return Unframed(joined, cut is not None, credits[0] if credits else None,
                    _place_key(place), nospace and _by_chars(joined), nospace)


def _has_quote(text: str) -> bool:
    # Substring tests: C-speed scans, ~20x faster than a character-class regex search.
    return ('"' in text or "“" in text or "„" in text or "«" in text or "»" in text
            or "「" in text or "『" in text or "‘" in text)


def _mark_quotes(paragraphs: list[str]) -> list[str]:
    """The paragraphs, quotations wrapped in QUOTE_OPEN ... QUOTE_CLOSE (a quotation left
    open runs to its paragraph's end, as quotes continued in the next one are)."""
    return [_QUOTES.sub(_marked, p) if _has_quote(p) else p for p in paragraphs]


def _lead_paragraph(paragraphs: list[str]) -> int:
    """Index of the first paragraph long enough to open a story (0 when none of the first
    few is)."""
    for i, p in enumerate(paragraphs[:_LEAD_SEARCH]):
        if (len(p) >= 20 if not p.isascii() and _NOSPACE_CHAR.search(p)
                else p.count(" ") >= _LEAD_WORDS - 1):  # a C count, not a split
            return i
    return 0


def _marked(match: re.Match) -> str:
    return f"{QUOTE_OPEN}{match.group(0)}{QUOTE_CLOSE}"


def segments(body: str) -> tuple[list[tuple[str, bool]], int]:
    """The body as (text, inside a quotation) pieces, split at the quotation markers and
    at the lead mark, and the index of the piece the lead starts with: the signers
    shingle each piece apart, so no shingle spans a quotation's edge or the lead's start."""
    if LEAD_MARK in body:
        head, _, tail = body.partition(LEAD_MARK)
        before = _pieces(head)
        return before + _pieces(tail), len(before)
    return _pieces(body), 0


def _pieces(body: str) -> list[tuple[str, bool]]:
    if QUOTE_OPEN not in body:
        return [(body, False)] if body.strip() else []
    chunks = body.split(QUOTE_OPEN)
    out = [(chunks[0], False)] if chunks[0].strip() else []
    for chunk in chunks[1:]:  # each: "quotation CLOSE narrative" (_mark_quotes pairs them)
        quote, _, rest = chunk.partition(QUOTE_CLOSE)
        out += [(quote, True)] if quote.strip() else []
        out += [(rest, False)] if rest.strip() else []
    return out


def _place_key(place: str | None) -> str | None:
    if not place:
        return None
    return " ".join(re.sub(r"[^\w\s]", " ", place.casefold()).split())[:64] or None


def _by_chars(body: str) -> bool:
    """Most of the body's letters are in scripts without spaces (it holds some)."""
    return len(_NOSPACE_CHAR.findall(body)) >= _CHARS_SHARE * len(_WORD_CHAR.findall(body))


def fold(body: str, nospace: bool | None = None) -> str:
    """Casefold, drop apostrophes, turn every run of non-letters/digits into one space."""
    folded = prefold(body, nospace).encode("utf-8").translate(BYTE_FOLD, FOLD_DELETE)
    return b" ".join(folded.split()).decode("utf-8")


def prefold(body: str, nospace: bool | None = None) -> str:
    """The part of folding that needs characters, not bytes: only non-ASCII text has one.

    nospace: whether the body holds letters of scripts without spaces (`Unframed.nospace`;
    None: look). Quotation markers survive it (they are ASCII control bytes)."""
    if body.isascii():
        return body
    body = body.casefold()
    for old, new in _TYPOGRAPHY:
        body = body.replace(old, new)
    # What remains non-ASCII is letters, digits and marks, which the byte table keeps.
    body = _NON_WORD.sub(" ", body)
    if _NOSPACE_CHAR.search(body) if nospace is None else nospace:
        body = _NOSPACE_TOKEN.sub(_spaced, body)
    return body


def _spaced(match: re.Match) -> str:
    return f" {match.group(0)} "
