"""Characters that must not survive extraction, and the page's own Unicode normal form.

Titles and text end up in terminals (`newsmon parse`, logs) and exports: an ESC sequence in a
headline would drive the reader's terminal, so escape sequences and every other control
character go. Extractors compose characters (NFC) while some CMSs store them decomposed (NFD);
the text is given back in the form the page itself uses.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["strip_controls", "like_page"]

# CSI (ESC [ or the one-byte C1 CSI), OSC (ESC ] ... BEL/ST) and two-character ESC sequences.
_ESCAPES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                      r"|\x1b[@-_]?")
# C0 and C1 controls and DEL, except the tab and newline that structure text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\r]")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def strip_controls(text: str | None, keep_newlines: bool = True) -> str | None:
    """Text without terminal escape sequences or control characters (None stays None)."""
    if text is None:
        return None
    if not _ANY_CONTROL.search(text):  # the usual case: one cheap scan
        return text if keep_newlines else " ".join(text.split())
    text = _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    return text if keep_newlines else " ".join(text.split())


def like_page(text: str, page_text: str) -> str:
    """`text` in the normal form the page writes: decomposed (NFD) only when the page is."""
    sample = page_text[:200_000]
    marks = len(_COMBINING.findall(sample))
    if marks < 20:
        return text
    composed = sum(1 for ch in sample if "\u00c0" <= ch <= "\u024f")
    return unicodedata.normalize("NFD", text) if marks > composed else text
