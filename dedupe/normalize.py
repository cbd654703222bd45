"""Text normalization before shingling: the same story must look the same on every site.

Syndicated copies differ mostly in their frame, not their body: a wire dateline in front of
the first paragraph, a byline, a credit, contributor or copyright line, an editor's note,
a newsletter or "follow us" line at the end, and for teasers a "Read the full story at ..."
pointer. Those frames are short, so left in they cost several shingles each and pull the
Jaccard of true copies down. They are removed by compiled patterns, then case, punctuation
and spacing are folded. What the frame said that matters later (a wire credit, a teaser
pointer) is kept beside the text in `Normalized`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["BYTE_FOLD", "FOLD_DELETE", "NORMALIZATION_VERSION", "Normalized", "normalize",
           "normalize_text", "prefold", "unframe"]

# Bump when a rule below changes: it is part of DedupeConfig.signature_key, so stored
# signatures made by older rules are not reused.
NORMALIZATION_VERSION = "2"

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE_TAIL = r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"  # ", Calif." / ", D.C."
_DATE_TAIL = rf"(?:,?\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"  # ", May 3" / ", May 3, 2024"
_DASH = r"(?:[—–]|--?)"
_AGENCY = r"\((?P<agency>[^()\n]{1,40})\)"

# Paragraph-start datelines, cut from the paragraph (the text after them stays).
_DATELINES = (
    # "LONDON (Wire) —", "WASHINGTON, D.C. (AP) --", "PARIS, May 3 (Reuters) -", "NEW YORK —":
    # an upper-case place is distinctive enough to need no agency in brackets.
    re.compile(rf"^[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){{0,3}}{_PLACE_TAIL}{_DATE_TAIL}"
               rf"\s*(?:{_AGENCY}\s*)?{_DASH}\s*"),
    # "Kyiv, Ukraine (Reuters) -": a mixed-case place only counts with the agency in brackets.
    re.compile(rf"^[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){{0,3}}{_PLACE_TAIL}{_DATE_TAIL}"
               rf"\s*\((?P<agency>[A-Z][^()\n]{{0,39}})\)\s*{_DASH}\s*"),
)
# Datelines open a story: only its first paragraphs (after a byline or a note) are looked at,
# so a quoted "NEW YORK — ..." deep in the text is left alone.
_DATELINE_PARAGRAPHS = 3

# Wire services whose name in a frame marks a copy as wire-credited (dateline agency,
# byline or credit line). "Wire" is the demo web's agency.
_WIRE_NAMES = ("Associated Press|AP|Reuters|AFP|Agence France-Presse|PA Media|PA|Bloomberg|dpa|"
               "ANSA|EFE|Kyodo|Xinhua|UPI|CNA|Wire")
_WIRES = re.compile(rf"\b({_WIRE_NAMES})\b")

# Whole paragraphs that are credits or page furniture rather than story. Each is anchored
# and length-capped so a real sentence that happens to start with "By the end of ..." stays.
_CREDIT_LINES = (
    # "By Jane Doe", "BY JANE DOE AND JOHN ROE, Associated Press", "By Jane Doe | May 3, 2024"
    r"(?i:by)\s+[A-Z][\w.'’-]*(?:[\s,|—–-]+(?:[A-Z][\w.'’-]*|\d{1,4},?|"
    r"(?i:and|of|the|for|in|staff|writer|reporter|correspondent|editor)|&))*[\s.]*",
    # "Reporting by ...", "(Reporting by X; Editing by Y)", "Additional reporting by ..."
    r"\(?(?i:(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|"
    r"research)(?:\s+and\s+\w+)?\s+by)\b.{0,300}",
    r"(?i:editor[’']?s\s+note)\s*:.*",
    # "(c) 2024 ...", "© Reuters 2024": the symbol is distinctive; the word "Copyright"
    # only with a year or "all rights reserved", so a paragraph about copyright stays.
    r"(?:\([cC]\)|©).{0,200}",
    r"(?i:copyright\s*(?:©|\(c\))?\s*(?:\d{4}\b.{0,200}|.{0,200}\ball rights reserved\b.{0,100}))",
    # "Amelia Hart, Wire", "Jane Doe, Associated Press": a name, then a wire.
    rf"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){{0,3}},\s*(?:{_WIRE_NAMES})[.\s]*",
    # Contributor and credit stubs: "Wire staff", "Jane Doe is a reporter for the Post."
    r"(?i:(?:[\w.'’-]+\s+){0,3}(?:staff|staff\s+and\s+agencies|wire\s+services?))[.\s]*",
    r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}\s+is\s+(?:a|an|the)\s+(?i:(?:\w+\s+){0,3}"
    r"(?:reporter|correspondent|editor|writer|columnist))\b.{0,120}",
    # Trailing furniture: newsletter and social prompts.
    r"(?i:(?:sign\s+up|subscribe)\b.{0,160}\b(?:newsletter|briefing|email|updates)\b.{0,80})",
    r"(?i:(?:follow|like)\s+(?:us|\w+(?:\s\w+){0,3})\s+on\s+(?:twitter|x|facebook|instagram|"
    r"linkedin|threads|bluesky)\b.{0,80})",
    r"(?i:share\s+(?:this|the)\s+(?:article|story)\b.{0,60})",
)
# "Associated Press contributed to this report.", "Jane Doe in Rome contributed.": its
# leading wildcard backtracks, so it is only tried on paragraphs that contain the word.
_CREDIT = re.compile("^(?:" + "|".join(f"(?:{p})" for p in _CREDIT_LINES) + ")$")
_CONTRIBUTED = re.compile(r"^(?i:.{0,150}\bcontributed(?:\s+(?:to\s+this\s+(?:report|story|"
                          r"article)|reporting(?:\s+from\s+.{0,60})?))?[.\s]*)$")
_CREDIT_MAX_CHARS = 500

# A teaser's pointer to the whole story: "Read the full story at example.com",
# "Continue reading on The Post", "Read more: https://...". Only a short LAST paragraph
# counts; the pointer itself is frame, and marks the text as an excerpt.
_TEASER = re.compile(
    r"^(?i:(?:read|continue\s+reading|see|view|get)\b(?:\s+(?:the|this|our))?"
    r"(?:\s+(?:full|whole|complete|entire|original|rest\s+of\s+the|more))?"
    r"(?:\s+(?:story|article|report|piece|coverage))?\s*(?:at|on|here|in|via|:|»|›|→)"
    r"(?:\s.{0,200}|$))$")
_TEASER_MAX_CHARS = 240

# Folding works on UTF-8 bytes with one bytes.translate (~10x faster than a regex over the
# text): ASCII letters lowered, other ASCII bytes spaced, bytes >= 0x80 (pieces of letters
# left by _NON_ASCII_NON_WORD) kept. Apostrophes are deleted, not spaced: "bank's" = "banks".
# Public because compiled.py applies the same table byte by byte.
BYTE_FOLD = bytes(c if c >= 128 or chr(c).isalnum() else 32 for c in range(256)).lower()
FOLD_DELETE = b"'`"
_NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w]+")

# Typographic characters of otherwise ASCII text, mapped as NFKC + the folding below would
# map them (curly apostrophes vanish, quotes and dashes split words), so that such text
# still takes the fast path.
_TYPOGRAPHY = (("’", ""), ("‘", ""), ("“", " "), ("”", " "), ("—", " "), ("–", " "),
               ("…", " "), ("\xa0", " "), ("«", " "), ("»", " "), ("£", " "), ("€", " "),
               ("ʼ", ""), ("´", ""))


@dataclass(frozen=True)
class Normalized:
    """Story text as compared, plus what its frame said: a teaser pointer, a wire credit."""

    text: str
    teaser: bool = False
    credit: str | None = None


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
    body, teaser, credit = unframe(text)
    return Normalized(_fold(body), teaser, credit)


def unframe(text: str) -> tuple[str, bool, str | None]:
    """(body, teaser, credit): the text with its frame removed but not yet folded.

    Split from `normalize` so that the compiled signer (compiled.py) can fold the body's
    bytes itself, in the same pass that shingles them, with `prefold` + `BYTE_FOLD`.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)  # ~free on text that is NFKC already
    paragraphs = [p.strip() for p in text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    teaser = bool(paragraphs) and len(paragraphs[-1]) <= _TEASER_MAX_CHARS and bool(
        _TEASER.match(paragraphs[-1]))
    if teaser:
        paragraphs.pop()
    credits: list[str] = []
    kept = [_strip_frame(p, i < _DATELINE_PARAGRAPHS, credits) for i, p in enumerate(paragraphs)]
    body = " ".join(p for p in kept if p)
    return body, teaser, credits[0] if credits else None


def _fold(body: str) -> str:
    """Casefold, drop apostrophes, turn every run of non-letters/digits into one space."""
    folded = prefold(body).encode("utf-8").translate(BYTE_FOLD, FOLD_DELETE)
    return b" ".join(folded.split()).decode("utf-8")


def prefold(body: str) -> str:
    """The part of folding that needs characters, not bytes: only non-ASCII text has one."""
    if body.isascii():
        return body
    body = body.casefold()
    for old, new in _TYPOGRAPHY:
        body = body.replace(old, new)
    # Rare in news text, so one scan with few substitutions; what remains non-ASCII is
    # letters and digits, which the byte table keeps as they are.
    return _NON_ASCII_NON_WORD.sub(" ", body)


def _strip_frame(paragraph: str, opening: bool, credits: list[str]) -> str:
    """The paragraph without a leading dateline, or '' when it is only a credit line.

    Wire names seen in removed frames are appended to `credits`.
    """
    # Credits are short; the cap also bounds the patterns' backtracking on long paragraphs.
    if len(paragraph) <= _CREDIT_MAX_CHARS and (_CREDIT.match(paragraph) or (
            "ontribut" in paragraph and _CONTRIBUTED.match(paragraph))):
        credits += _WIRES.findall(paragraph)
        return ""
    if not opening:
        return paragraph
    for rule in _DATELINES:
        match = rule.match(paragraph)
        if match:
            credits += _WIRES.findall(match.group("agency") or "")
            paragraph = paragraph[match.end():]
    return paragraph
