from __future__ import annotations

import pytest

from crawlers.parsers import clean_text

BODY = ["The first real paragraph of the story, long enough to be prose.",
        "The second real paragraph, which continues the story."]


def test_drops_echoed_headline_and_standfirst():
    text = "\n".join(["Big Headline Here", "A standfirst under the headline.", *BODY])
    assert clean_text(text, ["Big headline here!"], ["A standfirst under the headline."]) == "\n".join(BODY)


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
])
def test_boilerplate_lines_are_dropped_anywhere(line):
    assert clean_text("\n".join([BODY[0], line, BODY[1]])) == "\n".join(BODY)


@pytest.mark.parametrize("marker", ["Leave a Reply", "Leave a comment", "Comments", "12 Comments",
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
])
def test_prose_lookalikes_are_kept(line):
    text = "\n".join([BODY[0], line, BODY[1]])
    assert clean_text(text) == text
