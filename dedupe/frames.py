"""The frame around a story: lines and prefixes that differ between copies of one story.

A syndicated copy differs from its source mostly in its frame: a wire dateline, bylines and
credits (with or without "By"), posting stamps ("Posted 3:10 PM, by Associated Press;
Updated ..."), gallery and photo lines ("Image 2 of 10", "Photo: ..., AP", captions ending
in "(AP Photo/...)"), ad and share markers, script text left by extraction, newsletter and
follow prompts, and for teasers a "Read the full story at ..." pointer. Each is short, so
left in it costs several shingles and pulls the Jaccard of true copies down. Every rule is
anchored to a WHOLE paragraph (or a paragraph's start, for datelines) and length-capped, so
a sentence of the story that happens to start with "By the end of ..." stays.
"""

from __future__ import annotations

import re

__all__ = ["DATELINE_PARAGRAPHS", "is_frame", "strip_dateline", "teaser_cut", "wires_in"]

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE_TAIL = r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"  # ", Calif." / ", D.C."
_DATE_TAIL = rf"(?:,?\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"  # ", May 3" / ", May 3, 2024"
_DASH = r"(?:[—–]|--?)"

# Paragraph-start datelines, cut from the paragraph (the text after them stays); `place`
# is kept: one wire story has one dateline, so two copies with different places are two
# stories (clustering's dateline guard).
_DATELINES = (
    # "LONDON (Wire) —", "WASHINGTON, D.C. (AP) --", "PARIS, May 3 (Reuters) -", "NEW YORK —"
    re.compile(rf"^(?P<place>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){{0,3}}){_PLACE_TAIL}"
               rf"{_DATE_TAIL}\s*(?:\((?P<agency>[^()\n]{{1,40}})\)\s*)?{_DASH}\s*"),
    # "Kyiv, Ukraine (Reuters) -": a mixed-case place only counts with the agency in brackets
    re.compile(rf"^(?P<place>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){{0,3}}){_PLACE_TAIL}{_DATE_TAIL}"
               rf"\s*\((?P<agency>[A-Z][^()\n]{{0,39}})\)\s*{_DASH}\s*"),
    # Xinhua "新华社北京4月24日电" and Kyodo "【東京共同】"
    re.compile(r"^(?P<agency>新华社)(?P<place>[^\d\s]{2,5}?)\d{1,2}月\d{1,2}日电\s*"),
    re.compile(r"^【(?P<place>[^】\s]{1,6}?)(?P<agency>共同|時事)】\s*"),
)
DATELINE_PARAGRAPHS = 3  # datelines open a story: a quoted "NEW YORK — ..." later stays

# "Wire" is the demo web's agency.
_WIRE_NAMES = ("Associated Press|AP|Reuters|AFP|Agence France-Presse|PA Media|PA|Bloomberg|dpa|"
               "ANSA|EFE|Kyodo|Xinhua|UPI|CNA|Wire")
_WIRE_WORDS = frozenset(_WIRE_NAMES.split("|"))  # one word each, or two ("PA Media")
# Frame text as tokens: punctuation that may touch a wire's name becomes a space.
_TOKEN_BREAKS = str.maketrans({c: " " for c in ",;:|()[]/.—–"})


def wires_in(text: str) -> list[str]:
    """Wire services named in a frame, in order ("By Jane Doe, Associated Press" ->
    ["Associated Press"]): tokens against a set, ~6x cheaper than an alternation regex."""
    tokens = text.translate(_TOKEN_BREAKS).split()
    found = []
    for first, second in zip(tokens, tokens[1:] + [""]):
        pair = f"{first} {second}"
        if pair in _WIRE_WORDS:
            found.append(pair)
        elif first in _WIRE_WORDS:
            found.append(first)
    return found
_NAME = r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){1,2}"  # "Jane Doe", "JANE M. DOE"
_OUTLET = rf"(?:{_WIRE_NAMES}|[A-Z][\w.'’&-]*(?:\s[A-Z][\w.'’&-]*){{0,3}})"
_STAMP_WORD = (r"posted|published|updated|last\s+updated|first\s+published|modified|"
               r"aktualisiert|veröffentlicht|publié|mis\s+à\s+jour|actualizado|publicado|"
               r"aggiornato|pubblicato|gepubliceerd|bijgewerkt")

# Frame lines are short: these are only tried on paragraphs of at most _SHORT_CHARS.
_SHORT_LINES = (
    # "By Jane Doe", "BY JANE DOE AND JOHN ROE, Associated Press", "By Jane Doe | May 3, 2024"
    r"(?i:by)\s+[A-Z][\w.'’-]*+(?:[\s,|—–-]+(?:[A-Z][\w.'’-]*+|\d{1,4},?|"
    r"(?i:and|of|the|for|in|staff|writer|reporter|correspondent|editor)|&))*[\s.]*",
    # Credits without "By": "Jane Doe and John Roe, Associated Press", "JANE DOE, JOHN ROE
    # and MIKE LEE", "Jane Doe, John Roe | AFP", "Amelia Hart, Wire"
    rf"{_NAME}(?:\s*(?:,|&|\||(?i:and))\s*{_NAME})+(?:\s*[,|—–-]\s*{_OUTLET})?[.\s]*",
    rf"{_NAME},\s*(?:{_WIRE_NAMES})[.\s]*",
    # "Wire staff", "Staff and agencies"
    r"(?i:(?:[\w.'’-]++\s+){0,3}(?:staff|staff\s+and\s+agencies|wire\s+services?))[.\s]*",
    # Posting stamps: "Posted 3:10 PM, by Associated Press; Updated 4:02 PM", "Updated 2
    # hours ago", "Published May 3, 2025", "Aktualisiert am 03.05.2024, 15:47 Uhr"
    rf"(?i:(?:{_STAMP_WORD})\b(?=[^\n]{{0,160}}(?:\d|\bago\b))[^\n]{{0,160}})",
    r"(?i:posted\s+by\s+[^\n]{1,80})",
    r"(?i:\d{1,3}\s*(?:min(?:ute)?s?\.?)\s*(?:read|lesezeit|de\s+lecture|di\s+lettura))",
    r"(?i:(?:lesezeit|reading\s+time)\s*:?\s*\d{1,3}\s*(?:min(?:uten|utes?)?\.?))",
    # Gallery and photo lines: "Image 2 of 10", "Photo: Jane Doe, AP", "Foto: dpa"
    r"(?i:(?:image|photo|picture|slide|foto|bild|immagine|imagen)\s*\d{1,3}\s*"
    r"(?:of|/|von|de|di|sur|av|van)\s*\d{1,3})",
    r"(?i:(?:photos?|images?|pictures?|photograph|credits?|fotos?|bild(?:er)?|quelle)"
    r"(?:\s+by)?\s*:\s*[^\n]{0,100})",
    # Ad and share furniture
    r"(?i:advertisement|advertising|anzeige|publicité|sponsored(?:\s+content)?|"
    r"(?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?|"
    r"continue\s+reading\s+below|scroll\s+to\s+continue(?:\s+with\s+content)?)[.\s]*",
    r"(?i:(?:share|post|tweet)\s+(?:this\s+)?(?:on|via|to)\s+[\w.+ ]{1,20}|copy\s+link|"
    r"share\s+(?:this|the)\s+(?:article|story)\b.{0,60})",
)
_SHORT_CHARS = 200
# Frames that may run longer (up to _FRAME_MAX_CHARS); each opens with its telling words.
_LONG_LINES = (
    # "Reporting by ...", "(Reporting by X; Editing by Y)", "Additional reporting by ..."
    r"\(?(?i:(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|"
    r"research)(?:\s+and\s+\w+)?\s+by)\b.{0,300}",
    r"(?i:editor[’']?s\s+note)\s*:.*",
    # "(c) 2024 ...", "© Reuters 2024"; "Copyright" only with a year or "all rights reserved"
    r"(?:\([cC]\)|©).{0,200}",
    r"(?i:copyright\s*(?:©|\(c\))?\s*(?:\d{4}\b.{0,200}|.{0,200}\ball rights reserved\b.{0,100}))",
    # "Jane Doe is a reporter for the Post."
    r"[A-Z][\w.'’-]*+(?:\s[A-Z][\w.'’-]*+){0,3}\s+is\s+(?:a|an|the)\s+(?i:(?:\w++\s+){0,3}"
    r"(?:reporter|correspondent|editor|writer|columnist))\b.{0,120}",
    # Newsletter and social prompts
    r"(?i:(?:sign\s+up|subscribe)\b.{0,160}\b(?:newsletter|briefing|email|updates)\b.{0,80})",
    r"(?i:(?:follow|like)\s+(?:us|\w+(?:\s\w+){0,3})\s+on\s+(?:twitter|x|facebook|instagram|"
    r"linkedin|threads|bluesky)\b.{0,80})",
)
_SHORT = re.compile("^(?:" + "|".join(f"(?:{p})" for p in _SHORT_LINES + _LONG_LINES) + ")$")
_LONG = re.compile("^(?:" + "|".join(f"(?:{p})" for p in _LONG_LINES) + ")$")
# Frame lines whose telling part is at their END (a caption's photo credit, a prompt to
# enable JavaScript): a leading wildcard backtracks, so each is only tried on paragraphs
# holding its trigger word (a plain substring test, far cheaper than any regex).
_CAPTION = re.compile(
    r"^[^\n]{0,400}\((?:AP|AFP|Reuters|EPA|Getty|dpa|PA)\b[^()\n]{0,12}(?:Photo|Images?|/)"
    r"[^()\n]{0,60}\)\.?$")
_SLASH_CREDIT = re.compile(
    r"^[^\n]{0,300}(?:/|\|)\s*(?:AP|AFP|Reuters|Getty\s+Images|EPA|dpa|Shutterstock)\s*\.?$")
_CREDIT_ENDINGS = ("AP", "AFP", "Reuters", "Images", "EPA", "dpa", "Shutterstock", "AP.",
                   "AFP.", "Reuters.", "Images.", "EPA.", "dpa.", "Shutterstock.")
_JAVASCRIPT = re.compile(r"^(?i:.{0,60}\b(?:enable|activate|turn\s+on)\s+javascript\b.{0,160})$")
_CONTRIBUTED = re.compile(r"^(?i:.{0,150}\bcontributed(?:\s+(?:to\s+this\s+(?:report|story|"
                          r"article)|reporting(?:\s+from\s+.{0,60})?))?[.\s]*)$")


# Script text left by extraction: code punctuation together with a code word.
_SCRIPT = re.compile(r"\bfunction\s*\(|\b(?:window|document)\.\w|\bvar\s+\w+\s*=|=>|\.push\(")
_FRAME_MAX_CHARS = 500

# A teaser's pointer to the whole story: "Read the full story at example.com", "Continue
# reading on The Post", "Read more: https://...".
_TEASER = re.compile(
    r"^(?i:(?:read|continue\s+reading|see|view|get)\b(?:\s+(?:the|this|our))?"
    r"(?:\s+(?:full|whole|complete|entire|original|rest\s+of\s+the|more))?"
    r"(?:\s+(?:story|article|report|piece|coverage))?\s*(?:at|on|here|in|via|:|»|›|→)"
    r"(?:\s.{0,200}|$))$")
_TEASER_MAX_CHARS = 240
# Page furniture after a pointer (widgets the template learner has not seen yet): short.
_AFTER_POINTER_CHARS = 80
_POINTER_WINDOW = 4


def is_frame(paragraph: str, credits: list[str]) -> bool:
    """True when the whole paragraph is frame; wire names it credits go to `credits`."""
    size = len(paragraph)
    # Rules whose telling part is at the END of the line (a caption's photo credit, a
    # credit after a slash, "contributed to this report", a prompt to enable JavaScript)
    # start with a wildcard that backtracks: each is only tried on lines that end the
    # right way or hold its trigger word (string tests, far cheaper than any regex).
    if size <= _FRAME_MAX_CHARS and (
            (_SHORT if size <= _SHORT_CHARS else _LONG).match(paragraph)
            or paragraph.endswith((")", ").")) and _CAPTION.match(paragraph)
            or paragraph.endswith(_CREDIT_ENDINGS) and _SLASH_CREDIT.match(paragraph)
            or size <= 250 and ("ontribut" in paragraph and _CONTRIBUTED.match(paragraph)
                                or ("avascript" in paragraph or "avaScript" in paragraph)
                                and _JAVASCRIPT.match(paragraph))):
        credits += wires_in(paragraph)
        return True
    # Script text: code punctuation first (cheap), then a code word.
    return ";" in paragraph and _code_like(paragraph) and bool(_SCRIPT.search(paragraph))


def _code_like(paragraph: str) -> bool:
    punctuation = sum(paragraph.count(c) for c in ";{}()=")
    return punctuation >= 4 and punctuation >= 0.03 * len(paragraph)


def strip_dateline(paragraph: str, credits: list[str]) -> tuple[str, str | None]:
    """(the paragraph without its leading dateline, the dateline's place or None)."""
    place = None
    # Latin datelines open with a capital letter, the CJK ones with non-ASCII.
    rules = _DATELINES[:2] if paragraph.isascii() else _DATELINES
    for rule in rules:
        match = rule.match(paragraph)
        if match:
            credits += wires_in(match.group("agency") or "")
            place = place or match.group("place")
            paragraph = paragraph[match.end():]
    return paragraph, place


def teaser_cut(paragraphs: list[str]) -> int | None:
    """Index of a "read the full story" pointer near the end, or None.

    The pointer counts when it is the last paragraph, or only short lines (widgets) follow
    it; the pointer and what follows are frame."""
    last = len(paragraphs) - 1
    for i in range(last, max(-1, last - _POINTER_WINDOW), -1):
        p = paragraphs[i]
        if len(p) <= _TEASER_MAX_CHARS and _TEASER.match(p):
            return i
        if len(p) > _AFTER_POINTER_CHARS:
            return None
    return None
