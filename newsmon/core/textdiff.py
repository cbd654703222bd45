"""Word-level diffs of one copy of a story against another, paragraph by paragraph (pure).

Article text holds one paragraph a line, so paragraphs are aligned first and words are
compared only inside paragraphs that were edited: a moved or cut paragraph reads as one
change, not as hundreds of scattered words.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

# Below this word similarity two aligned paragraphs are different paragraphs (one cut, one
# added), not one edited paragraph; a word diff between them would be noise.
_SAME_PARAGRAPH = 0.5


@dataclass(frozen=True)
class Segment:
    """A run of words, `changed` when the other side does not have them."""

    text: str
    changed: bool


@dataclass(frozen=True)
class DiffRow:
    """One aligned paragraph pair; `left` is the representative's, `right` the copy's."""

    kind: str  # same | changed | added | cut
    left: tuple[Segment, ...]
    right: tuple[Segment, ...]


def paragraphs(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def word_segments(before: str, after: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Both sides of one paragraph (or headline) split into kept and changed runs of words."""
    a, b = before.split(), after.split()
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if i2 > i1:
            left.append(Segment(" ".join(a[i1:i2]), op != "equal"))
        if j2 > j1:
            right.append(Segment(" ".join(b[j1:j2]), op != "equal"))
    return tuple(left), tuple(right)


def inline(before: str, after: str) -> list[tuple[str, str]]:
    """One sequence merging both sides: (same|cut|added, words), in reading order."""
    a, b = before.split(), after.split()
    merged = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            merged.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            merged.append(("cut", " ".join(a[i1:i2])))
        if j2 > j1:
            merged.append(("added", " ".join(b[j1:j2])))
    return merged


def side_text(segments: tuple[Segment, ...]) -> str:
    return " ".join(s.text for s in segments)


def paragraph_diff(before: str, after: str) -> list[DiffRow]:
    """Rows for a side-by-side view of `after` against `before`."""
    a, b = paragraphs(before), paragraphs(after)
    rows: list[DiffRow] = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            rows += [DiffRow("same", (Segment(p, False),), (Segment(p, False),)) for p in a[i1:i2]]
            continue
        rows += _pair_up(a[i1:i2], b[j1:j2])
    return rows


def _pair_up(cut: list[str], added: list[str]) -> list[DiffRow]:
    """Edited paragraphs side by side; leftovers (or unrelated pairs) as cut and added."""
    rows: list[DiffRow] = []
    for index in range(max(len(cut), len(added))):
        left = cut[index] if index < len(cut) else None
        right = added[index] if index < len(added) else None
        if left is not None and right is not None and _similar(left, right):
            rows.append(DiffRow("changed", *word_segments(left, right)))
            continue
        if left is not None:
            rows.append(DiffRow("cut", (Segment(left, True),), ()))
        if right is not None:
            rows.append(DiffRow("added", (), (Segment(right, True),)))
    return rows


def changes(rep_title: str | None, rep_text: str, title: str | None, text: str) -> dict:
    """What a copy changed against the representative, as JSON-ready lists.

    `words_added`/`words_removed` are runs of words over the whole text; the paragraph
    lists name whole paragraphs only one side has.
    """
    before, after = rep_text.split(), text.split()
    added, removed = [], []
    for op, i1, i2, j1, j2 in _opcodes(before, after):
        if op in ("delete", "replace"):
            removed.append(" ".join(before[i1:i2]))
        if op in ("insert", "replace"):
            added.append(" ".join(after[j1:j2]))
    rows = paragraph_diff(rep_text, text)
    return {"title_changed": (rep_title or "") != (title or ""),
            "title_before": rep_title, "title_after": title,
            "words_added": added, "words_removed": removed,
            "paragraphs_added": [r.right[0].text for r in rows if r.kind == "added"],
            "paragraphs_cut": [r.left[0].text for r in rows if r.kind == "cut"],
            "paragraphs_edited": sum(r.kind == "changed" for r in rows)}


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a.split(), b.split(),
                                   autojunk=False).ratio() >= _SAME_PARAGRAPH


def _opcodes(a: list[str], b: list[str]):
    # autojunk would treat common words ("the") as junk in long texts and misalign them.
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
