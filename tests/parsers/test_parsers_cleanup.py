from __future__ import annotations

import pytest

from crawlers.parsers import clean_text

BODY = ["The first real paragraph of the story, long enough to be prose.",
        "The second real paragraph, which continues the story."]


def test_drops_echoed_headline_and_standfirst():
    text = "\n".join(["Big Headline Here", "A standfirst under the headline.", *BODY])
    assert clean_text(text, ["Big headline here!"], ["A standfirst under the headline."]) == "\n".join(BODY)


def test_drops_a_kicker_above_an_echoed_headline():
    assert clean_text("\n".join(["Opinion", "Big Headline Here", *BODY]), ["Big headline here"]) == "\n".join(BODY)


def test_keeps_a_lead_paragraph_that_merely_matches_nothing():
    assert clean_text("\n".join(BODY), ["Other title"]) == "\n".join(BODY)


@pytest.mark.parametrize("line", [
    "See also: Bus fares to rise in June",
    "See also Harbour bridge to close for repairs",
    "Read more",
    "Read more: Alibaba poised to launch listing",
    "Read the full story on our partner site",
    "Related: Ten photos of the storm",
    "Share this article",
    "Share on Facebook Twitter WhatsApp Email",
    "Facebook Twitter LinkedIn Email",
    "Sign up for our newsletter",
    "Get the day's top headlines delivered to your inbox every morning.",
    "Advertisement",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "(Photo: Jane Roe/Getty Images)",
    "Photo by Jane Roe",
    "Lesen Sie auch: Neues Hallenbad öffnet",
    "Like this story? Share it with a friend!",
    "Copyright 2024 The Capital Ledger. All rights reserved.",
    "© 2019 Associated Press. All Rights Reserved.",
    "This copy is for your personal, non-commercial use only.",
    "Photo credit: Jane Roe",
    "(AP Photo/Jane Roe)",
    "<< Back to archive | Print this story | Email this story",
    "Compartir en Facebook · Compartir en X",
    "View this post on Instagram",
    "Related topics",
    "Have a tip? Amy Roe may be reached at aroe@example.com. Follow her on Twitter @AmyRoe.",
    "Write to Al Root at allen.root@example.com",
    "If you buy something through this post, the site may get a share of the sale.",
    "Pick Six Newsletter",
    "Lees ook: Nieuwe busbaan langs de ringweg",
    "SKIP ADVERTISEMENT",
    "A version of this article appears in print on April 16, 2024, Section A, Page 18.",
    "Submit a letter to the editor or write an op-ed.",
    "A post shared by The Band (@theband) on Apr 25, 2024 at 6:02pm PDT",
])
def test_boilerplate_lines_are_dropped_anywhere(line):
    assert clean_text("\n".join([BODY[0], line, BODY[1]])) == "\n".join(BODY)


@pytest.mark.parametrize("marker", ["About the author", "Leave a Reply", "Leave a comment", "Comments", "12 Comments",
                                    "Your email address will not be published. Required fields are marked *"])
def test_everything_after_a_comment_marker_is_cut(marker):
    text = "\n".join([*BODY, marker, "Great article, thanks for writing it and sharing it with us all!"])
    assert clean_text(text) == "\n".join(BODY)


@pytest.mark.parametrize("marker", ["Related articles", "Most read", "You may also like...", "Tags"])
def test_recommendation_box_ends_the_article_when_a_link_list_follows(marker):
    text = "\n".join([*BODY, marker, "Storm warning for the weekend", "Derby ends in a draw"])
    assert clean_text(text) == "\n".join(BODY)


def test_recommendation_box_mid_article_does_not_cut_the_story():
    prose = "This paragraph is long prose that clearly belongs to the article. " * 5
    text = "\n".join([BODY[0], "Most read", "Storm warning for the weekend", prose])
    assert clean_text(text).endswith(prose.strip())


def test_prose_that_starts_like_boilerplate_is_kept():
    long_line = ("Read more widely, the report says, and the picture changes: " + "the figures hold. " * 10).strip()
    assert clean_text("\n".join([BODY[0], long_line])) == "\n".join([BODY[0], long_line])


def test_leading_byline_matching_the_author_is_dropped():
    assert clean_text("\n".join(["By Jane Roe", *BODY]), author="Jane Roe") == "\n".join(BODY)


@pytest.mark.parametrize("line", [
    "Share prices fell after the post-earnings call, the story goes.",
    "Published in 1998, the book sold two million copies.",
    "Regulators said the new cookie consent rules would take effect in May.",
    "Discussion",
    "More than 200 people attended the meeting.",
    "Related reforms were passed in 2019 after a long debate in parliament over the budget.",
    "The newsletter was first printed in 1952 by the parish.",
    "She said she can be reached at home most evenings, but nobody called.",
    "[CNET]",
    "The council updated its forecast: 3 million visitors are expected next summer at the harbour.",
])
def test_prose_lookalikes_are_kept(line):
    text = "\n".join([BODY[0], line, BODY[1]])
    assert clean_text(text) == text


@pytest.mark.parametrize("lines, author", [
    (["By Helen Marsh and Peter Quayle", "Tuesday, February 13, 2024, 6:30 PM EST"], "Helen Marsh, Peter Quayle"),
    (["Written by Gareth Lloyd · Friday 15 March 2024"], "Gareth Lloyd"),
    (["Updated 12 March 2024, 14:05 CET"], None),
])
def test_leading_byline_and_dateline_lines_are_dropped(lines, author):
    assert clean_text("\n".join([*lines, *BODY]), author=author) == "\n".join(BODY)


def test_a_lead_paragraph_that_starts_with_a_date_is_kept():
    lead = "March 12, 2024 was the day the council finally voted on the harbour plan after years of delay."
    assert clean_text("\n".join([lead, *BODY])) == "\n".join([lead, *BODY])


def test_copyright_prose_is_kept():
    line = "The court ruled that the copyright of the photograph belonged to the agency, not to the newspaper."
    assert clean_text("\n".join([BODY[0], line])) == "\n".join([BODY[0], line])


@pytest.mark.parametrize("line", [
    "Lesedauer: 4 Minuten", "Tempo de leitura: 2 minutos", "5 min read",
    "Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.",
    "Passer la publicité", "Related post: Pickled sprouts, the easy way",
    "- Advertisement 1Story continues below", "20 Nisan 2026•Güncelleme: 20 Nisan 2026", "分享让更多人看到",
    "[button link=\"http://example.test/submit\"]Submit your story[/button]",
    "Get Motor Cycle Monthly delivered through your letterbox every month",
])
def test_reading_time_paywall_notice_and_ad_labels_are_dropped(line):
    assert clean_text("\n".join([BODY[0], line, BODY[1]])) == "\n".join(BODY[:2])


@pytest.mark.parametrize("tail, kept", [
    (["(Reporting by Greg Roumeliotis; Editing by Tom Brown)"], 0),
    (["Peoples reported from Iowa. AP writer Will Weissert contributed to this report."], 0),
    (["Mit Agenturmaterial."], 0), (["(Quelle: APA/sda/dpa)"], 0), (["Filed under: Harbour | Council"], 0),
    (["Fehler gefunden? Jetzt melden."], 0),
    (["Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns bitte mit einer Spende."], 0),
    (["Jane Roe, John Doe"], 0), (["jane.roe@example.test", "twitter.com/janeroe"], 0),
    (["Reach the reporters on Twitter at @janeroe and @johndoe."], 0),
    # Only from the end: a line that is no credit stops the trimming.
    (["Reporting by Maya Gebeilly in Beirut", "Our Standards: The Trust Principles.", "SOURCE: News agencies"], 2),
])
def test_credits_after_the_last_paragraph_are_dropped(tail, kept):
    got = clean_text("\n".join([*BODY, *tail]), author="Jane Roe, John Doe")
    assert got == "\n".join([*BODY, *tail[:kept]])


def test_a_paragraph_that_opens_like_a_credit_is_kept():
    line = "Reporting by the BBC found that the council had hidden the true cost of the harbour for years."
    text = "\n".join([BODY[0], line, BODY[1]])
    assert clean_text(text) == text


@pytest.mark.parametrize("marker", ["Kommentar abgeben", "Laisser un commentaire", "Ähnliche Artikel"])
def test_comment_and_related_sections_end_the_text_in_other_languages(marker):
    rest = ["Du musst dich einloggen, um einen Kommentar abzugeben.", "Short link title"]
    assert clean_text("\n".join([*BODY, marker, *rest])) == "\n".join(BODY)
