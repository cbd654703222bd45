"""A light language guess for pages that do not declare one (no model, no dependency)."""
from __future__ import annotations

import re

__all__ = ["detect_language"]

# Very frequent short function words; a language wins when clearly ahead of the others.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for it was on with as are by this be from at have".split()),
    "de": frozenset("der die und das ist nicht mit den von sich auf ein eine dem des zu auch für wird".split()),
    "fr": frozenset("le la les et des est une pour dans que qui du au sur pas par avec ce sont".split()),
    "es": frozenset("el la los las y que del en por con una para es se su al lo como más".split()),
    "it": frozenset("il di che la per del della una sono non con gli alla anche nel le è più".split()),
    "pt": frozenset("o a os que de do da em para com uma não no na por se mais as dos".split()),
    "nl": frozenset("de het een van en is dat op te zijn niet met voor die er aan ook".split()),
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS = (("ja", re.compile(r"[\u3040-\u30ff]")), ("ko", re.compile(r"[\uac00-\ud7af]")),
            ("zh", re.compile(r"[\u4e00-\u9fff]")), ("el", re.compile(r"[\u0370-\u03ff]")),
            ("ar", re.compile(r"[\u0600-\u06ff]")), ("he", re.compile(r"[\u0590-\u05ff]")))


def detect_language(text: str, sample: int = 4000) -> str | None:
    """ISO 639-1 guess for a text, or None when unsure."""
    head = text[:sample]
    if not head.strip():
        return None
    cyrillic = len(_CYRILLIC.findall(head))
    if cyrillic > len(head) * 0.3:
        # Letters Ukrainian has and Russian lacks; other Cyrillic languages read as Russian (a known limit).
        return "uk" if len(_UKRAINIAN.findall(head)) > cyrillic * 0.02 else "ru"
    for code, rx in _SCRIPTS:
        if len(rx.findall(head)) > len(head) * 0.15:
            return code
    words = [w.lower() for w in _WORD.findall(head)]
    if len(words) < 20:
        return None
    scores = sorted(((sum(w in sw for w in words), code) for code, sw in _STOPWORDS.items()), reverse=True)
    (best, code), (second, _) = scores[0], scores[1]
    # Require stopword density typical of running text and a clear margin.
    return code if best >= len(words) * 0.12 and best >= second * 1.5 else None
