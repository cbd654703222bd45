"""Normalization v4: frames (stamps, credits, gallery, ads, script), repeated lines,
teaser pointers among widgets, dateline places, quotations and scripts without spaces."""

from __future__ import annotations

import pytest

from dedupe import (DedupeConfig, normalize, normalize_text, shingle_hashes, shingle_values,
                    sign_texts)
from dedupe.frames import wires_in
from dedupe.normalize import QUOTE_CLOSE, QUOTE_OPEN, fold, segments, unframe


@pytest.mark.parametrize("frame", [
    "Posted 3:10 PM, by Associated Press; Updated 4:02 PM",
    "Published May 3, 2025, 10:15 a.m. ET", "Updated 2 hours ago",
    "Last updated: 3 May 2025 10:15", "Aktualisiert am 03.05.2024, 15:47 Uhr",
    "Jane Doe and John Roe, Associated Press", "JANE DOE, JOHN ROE and MIKE LEE",
    "Jane Doe, John Roe | AFP", "Image 2 of 10", "Photo: Jane Doe, AP", "Foto: dpa",
    "Firefighters battle the blaze near the river on Tuesday. (AP Photo/Evan Vucci)",
    "The mayor speaks to reporters. Photograph: Jane Doe/Getty Images",
    "Advertisement", "Story continues below advertisement", "Share on Facebook",
    "Copy link", "5 min read",
    "window.dataLayer = window.dataLayer || []; dataLayer.push({'event': 'view'});",
    "You must enable JavaScript to view this content.",
])
def test_frame_lines_are_removed(frame):
    assert normalize_text(f"Rates rose.\n{frame}\nPrices fell.") == "rates rose prices fell"


@pytest.mark.parametrize("line", [
    "Jane Doe and John Roe met in Paris in 1999.",
    "Posted guards stood at the gate, the army said.",
    "Image is everything, the designer said of her collection.",
    "Updated rules will apply to every school, the ministry said.",
    "Share prices fell on the news of the merger this morning.",
])
def test_story_lines_that_look_like_frames_stay(line):
    assert normalize_text(line) == normalize_text(line + "\n") != ""
    assert len(normalize_text(line).split()) == len(line.split())


def test_lines_repeated_within_a_page_count_once():
    caption = "A rescue worker carries a child from the flooded street on Monday"
    once = f"{caption}\nThe river rose overnight.\nResidents left their homes."
    twice = f"{caption}\n{caption}\nThe river rose overnight.\n{caption}\nResidents left their homes."
    assert normalize_text(twice) == normalize_text(once)


def test_teaser_pointer_followed_by_widget_lines():
    text = "Rates rose again.\nRead the full story at example.com\nShare\nMost read"
    got = normalize(text)
    assert got.teaser and got.text == "rates rose again"
    # a long paragraph after a "read more" line: the line is the story's, not a pointer
    story = "Rates rose.\nRead more: the bank's report\n" + "The bank said more. " * 10
    assert not normalize(story).teaser


def test_the_lead_starts_at_the_first_paragraph_long_enough_to_open_a_story():
    # Short lines before it (a site's name, a short headline) are not the story's opening,
    # so an excerpt's lead signature meets the story's wherever the page started.
    story = "The river rose two metres overnight and flooded the old town, officials said."
    page = f"Valley Courier | Local news\nFloods hit the old town\n{story}"
    (pieces, lead), (_bare, bare_lead) = segments(unframe(page).body), segments(unframe(story).body)
    assert lead == 1 and pieces[lead][0].strip() == story and bare_lead == 0
    config = DedupeConfig()
    other = "Our journalism depends on your support, so please subscribe to the Courier today."
    signed = sign_texts([page, story, f"{other}\n{story}"], config)
    assert (signed.lead[0] == signed.lead[1]).all()
    assert not (signed.lead[2] == signed.lead[1]).all()  # a long line leads: it is the lead


def test_dateline_place_and_wire_credit():
    assert normalize("LONDON (AP) — Rates rose.").place == "london"
    assert normalize("By Jane Doe\nWASHINGTON, D.C. (Reuters) -- Rates rose.").place == "washington"
    assert normalize("Posted 3:10 PM\nLA CROSSE, Wis. (AP) — Rates rose.").place == "la crosse"
    assert normalize("新华社北京4月24日电 习近平主席致贺信").place == "北京"
    assert normalize("Rates rose in LONDON — and elsewhere.").place is None
    assert wires_in("Posted 3:10 PM, by Associated Press; Updated") == ["Associated Press"]
    assert wires_in("PA Media and AP, APPLE") == ["PA Media", "AP"]


def test_quotations_are_marked_and_shingled_apart():
    text = "The mayor spoke. “We will rebuild the whole city,” she said. Work begins."
    body = unframe(text).body
    assert body.count(QUOTE_OPEN) == body.count(QUOTE_CLOSE) == 1
    pieces, lead = segments(body)
    assert [q for _, q in pieces] == [False, True, False] and lead == 0
    assert "rebuild" in pieces[1][0]
    # folding does not see the markers; short quotes ("scare quotes") are not quotations
    assert normalize_text(text) == "the mayor spoke we will rebuild the whole city she said work begins"
    assert QUOTE_OPEN not in unframe("He called it “fine” and left.").body
    # a quotation running on to the paragraph's end stays open to there
    assert segments(unframe("He said: “We will not stop until the end of it").body)[0][-1][1]


def test_scripts_without_spaces_are_shingled_by_characters():
    # Seven clauses, one phrase changed: the case. As "words" (what text without
    # spaces splits into) a clause is one token; by characters most shingles survive.
    zh = ("习近平主席向首届论坛致贺信，在会场内外引发热烈反响，大家表示，贺信阐明了重要意义，"
          "为深入开展航天国际交流合作，不断增进各国人民福祉，促进经济社会发展。")
    ja = "カタールの外務省報道官は14日、これまでで最も合意に近づいていると語った。"
    assert normalize(zh).chars and normalize(ja).chars
    assert not normalize("Tokyo (東京) is the capital of Japan and its largest city.").chars
    edited = zh.replace("引发热烈反响", "引起强烈反响")
    config = DedupeConfig()
    a, b = set(shingle_values(zh, config).tolist()), set(shingle_values(edited, config).tolist())
    by_chars = len(a & b) / len(a | b)
    a, b = ({int(h) for h in shingle_hashes(fold(unframe(t).body, nospace=False), 3)}
            for t in (zh, edited))
    by_clauses = len(a & b) / len(a | b)
    assert by_chars >= 0.8 and by_clauses < 0.6, (by_chars, by_clauses)


def test_signature_key_names_the_normalization_and_char_shingles():
    base = DedupeConfig()
    assert DedupeConfig(char_shingle_size=3).signature_key != base.signature_key
    assert DedupeConfig(char_shingle_size=3).key != base.key
    with pytest.raises(ValueError, match="char_shingle_size"):
        DedupeConfig(char_shingle_size=0)


def test_a_layout_tables_cell_borders_are_no_text_and_its_pointer_still_counts():
    # The extractor prints a layout table's rows as "| cell |": a short excerpt on an old
    # table site then carried its pointer as "| Read the full story at ... |", which was
    # compared as story text (and was no teaser), so it fell below containment.
    from crawlers.parsers import parse_article
    lines = ["Former U.S. ambassador Marie Yovanovitch has a net worth of $17 million.",
             "The claim spread widely online after she testified before Congress in 2019."]
    rows = "".join(f"<tr><td>{ln}</td></tr>" for ln in lines)
    html = (f"<html><body><table><tr><td><b>GAZETTE</b></td></tr>{rows}<tr><td>Read the full "
            "story at <a href='http://courier.example/x'>The Courier</a></td></tr></table>"
            "</body></html>")
    text = parse_article(html, "http://gazette.example/news/story.php?id=40083").text
    assert "| Read the full story at The Courier |" in text.splitlines()  # the parser's print
    assert normalize(text).teaser
    assert normalize_text(text) == normalize_text("GAZETTE\n" + "\n".join(lines))
