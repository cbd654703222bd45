"""Text normalization before shingling: the same story must look the same on every site.

Syndicated copies differ mostly in their frame, not their body: a wire dateline in front of
the first paragraph, a byline, a credit or copyright line at the end. Those frames are short,
so left in they cost several shingles each and pull the Jaccard of true copies down. They are
removed by a table of compiled patterns, then case, punctuation and spacing are folded.
"""

from __future__ import annotations

import re
import unicodedata

# Bump when a rule below changes: it is part of DedupeConfig.signature_key, so stored
# signatures made by older rules are not reused.
NORMALIZATION_VERSION = "1"

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE_TAIL = r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"  # ", Calif." / ", D.C."
_DATE_TAIL = rf"(?:,?\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"  # ", May 3" / ", May 3, 2024"
_DASH = r"(?:[—–]|--?)"

# Paragraph-start datelines, cut from the paragraph (the text after them stays).
_DATELINES = (
    # "LONDON (Wire) —", "WASHINGTON, D.C. (AP) --", "PARIS, May 3 (Reuters) -", "NEW YORK —":
    # an upper-case place is distinctive enough to need no agency in brackets.
    re.compile(rf"^[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){{0,3}}{_PLACE_TAIL}{_DATE_TAIL}"
               rf"\s*(?:\([^()\n]{{1,40}}\)\s*)?{_DASH}\s*"),
    # "Kyiv, Ukraine (Reuters) -": a mixed-case place only counts with the agency in brackets.
    re.compile(rf"^[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){{0,3}}{_PLACE_TAIL}{_DATE_TAIL}"
               rf"\s*\([A-Z][^()\n]{{0,39}}\)\s*{_DASH}\s*"),
)

# Whole paragraphs that are credits rather than story. Each is anchored and length-capped so
# a real sentence that happens to start with "By the end of ..." is kept.
_CREDIT_LINES = (
    # "By Jane Doe", "BY JANE DOE AND JOHN ROE, Associated Press", "By Jane Doe | May 3, 2024"
    re.compile(r"^(?i:by)\s+[A-Z][\w.'’-]*(?:[\s,|—–-]+(?:[A-Z][\w.'’-]*|\d{1,4},?|"
               r"(?i:and|of|the|for|in|staff|writer|reporter|correspondent|editor)|&))*"
               r"[\s.]*$"),
    # "Reporting by ...", "(Reporting by X; Editing by Y)", "Additional reporting by ..."
    re.compile(r"^\(?(?i:(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|"
               r"research)(?:\s+and\s+\w+)?\s+by)\b.{0,300}$"),
    re.compile(r"^(?i:editor[’']?s\s+note)\s*:.*$"),
    # "(c) 2024 ...", "© Reuters 2024": the symbol is distinctive; the word "Copyright"
    # only with a year or "all rights reserved", so a paragraph about copyright stays.
    re.compile(r"^(?:\([cC]\)|©).{0,200}$"),
    re.compile(r"^(?i:copyright\s*(?:©|\(c\))?\s*(?:\d{4}\b.{0,200}|"
               r".{0,200}\ball rights reserved\b.{0,100}))$"),
    # "Associated Press contributed to this report.", "Jane Doe in Rome contributed."
    re.compile(r"^(?i:.{0,150}\bcontributed(?:\s+(?:to\s+this\s+(?:report|story|article)|"
               r"reporting(?:\s+from\s+.{0,60})?))?[.\s]*)$"),
)

_CREDIT_MAX_CHARS = 500

_APOSTROPHES = re.compile(r"['’ʼ‘`´]")
# Everything but letters and digits (underscore included) becomes one space: this strips
# punctuation and collapses whitespace in one pass.
_NON_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str) -> str:
    """Story text as compared: frames removed, NFKC, casefolded, punctuation-free, one-spaced.

    >>> normalize_text("LONDON (Wire) — The Bank's rates rose.\\nBy Jane Doe")
    'the banks rates rose'
    """
    text = unicodedata.normalize("NFKC", text)
    paragraphs = (_strip_frame(p.strip()) for p in text.splitlines())
    body = " ".join(p for p in paragraphs if p)
    body = _APOSTROPHES.sub("", body.casefold())
    return _NON_WORD.sub(" ", body).strip()


def _strip_frame(paragraph: str) -> str:
    """The paragraph without a leading dateline, or '' when it is only a credit line."""
    # Credits are short; the cap also bounds the patterns' backtracking on long paragraphs.
    if len(paragraph) <= _CREDIT_MAX_CHARS and any(r.match(paragraph) for r in _CREDIT_LINES):
        return ""
    for rule in _DATELINES:
        paragraph = rule.sub("", paragraph, count=1)
    return paragraph
