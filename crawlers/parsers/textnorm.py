"""Characters that must not survive extraction, and the page's own Unicode normal form.

Titles and text end up in terminals (`newsmon parse`, logs) and exports: an ESC sequence in a
headline would drive the reader's terminal, so escape sequences and every other control
character go. Extractors compose characters (NFC) while some CMSs store them decomposed (NFD),
often only in some paragraphs (text pasted from another editor): each word is given back as the
page itself spells it, so the text matches the page character for character.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["strip_controls", "like_page"]

# CSI (ESC [ or the one-byte C1 CSI), OSC (ESC ] ... BEL/ST) and two-character ESC sequences.
_ESCAPES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                      r"|\x1b[@-_]?")
# C0 and C1 controls and DEL, except the tab and newline that structure text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\r]")
# Combining diacritical marks (the blocks NFC composes with Latin, Greek and Cyrillic letters).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_COMBINING = re.compile(f"[{_MARKS}]")
_WORD_WITH_MARKS = re.compile(rf"[\w{_MARKS}]+")  # linear: every character is read once
_WORD = re.compile(r"\w+")
_MIN_MARKS = 10


def strip_controls(text: str | None, keep_newlines: bool = True) -> str | None:
    """Text without terminal escape sequences or control characters (None stays None)."""
    if text is None:
        return None
    if not _ANY_CONTROL.search(text):  # the usual case: one cheap scan
        return text if keep_newlines else " ".join(text.split())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:  # the sequences' introducers: rarely there
        text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    return text if keep_newlines else " ".join(text.split())


def like_page(text: str, page_text: str) -> str:
    """`text` with every word the page writes decomposed (e.g. "u" + combining diaeresis) spelt so."""
    if not _COMBINING.search(page_text):  # the usual case: one cheap scan
        return text
    if len(_COMBINING.findall(page_text)) < _MIN_MARKS:
        return text  # a stray decomposed letter or two is noise, not the way the page writes
    words = Counter(_WORD_WITH_MARKS.findall(page_text))
    spelt: dict[str, str] = {}
    for word, seen in words.items():
        composed = unicodedata.normalize("NFC", word) if _COMBINING.search(word) else word
        # A word the page writes both ways keeps the spelling it uses more often.
        if composed != word and seen >= words.get(composed, 0) and seen >= _spelt_count(spelt, composed, words):
            spelt[composed] = word
    if not spelt:
        return text
    return _WORD.sub(lambda m: spelt.get(m.group(), m.group()), text)


def _spelt_count(spelt: dict[str, str], composed: str, words: Counter) -> int:
    # Two decomposed spellings of one word: the more frequent wins.
    return words[spelt[composed]] if composed in spelt else 0
