"""Boxes set into the story's column (fact boxes, related lists, bios) leave the text; the story stays."""
from __future__ import annotations

from crawlers.parsers import parse_article, parse_html
from crawlers.parsers.blocks import BlockIndex
from crawlers.parsers.widgets import drop_box_lines, is_box

PROSE = [f"Paragraph {i} of the story carries enough words to be real prose about the harbour plan, "
         f"with a detail only it has: figure {i * 17}." for i in range(8)]
BOX = ["Facts about the harbour", "The harbour was built in 1887 and rebuilt twice since then.",
       "It handles four million tonnes of cargo a year."]


def _drop(column: str, text_lines: list[str]) -> list[str]:
    tree = parse_html(f"<html><body><main><article>{column}</article></main></body></html>")
    return drop_box_lines("\n".join(text_lines), BlockIndex(tree)).splitlines()


def _box(attrs: str) -> str:
    return f"<div {attrs}><h3>{BOX[0]}</h3><ul><li>{BOX[1]}</li><li>{BOX[2]}</li></ul></div>"


def _column(box: str, wrapper: str = "div class='text'") -> str:
    paras = [f"<p>{p}</p>" for p in PROSE]
    return f"<{wrapper}>{''.join(paras[:4])}{box}{''.join(paras[4:])}</{wrapper.split()[0]}>"


def test_a_box_the_markup_names_leaves_the_text():
    for attrs in ("role='complementary'", "class='fact-box border'", "class='Infobox'", "id='respond'",
                  "class='related_box'", "class='author-bio'"):
        lines = PROSE[:4] + BOX[:1] + [f"- {b}" for b in BOX[1:]] + PROSE[4:]
        assert _drop(_column(_box(attrs)), lines) == PROSE, attrs


def test_an_unnamed_block_in_the_column_stays():
    lines = PROSE[:4] + BOX[:1] + [f"- {b}" for b in BOX[1:]] + PROSE[4:]
    assert _drop(_column(_box("class='list'")), lines) == lines


def test_a_column_inside_a_box_named_wrapper_is_the_story():
    # The story's own column sits in a "share"/"sidebar"-named layout wrapper: nothing leaves.
    column = _column("", wrapper="div class='share-wrapper'")
    assert _drop(f"<div class='sidebar-layout'>{column}</div>", PROSE) == PROSE


def test_layout_and_tag_names_are_not_boxes():
    for attrs in ("class='site-main has-sidebar'", "class='post tag-social-media category-related'",
                  "class='no-comments'"):
        assert not is_box(parse_html(f"<div {attrs}><p>x</p></div>").find(".//div")), attrs
    assert is_box(parse_html("<aside><p>x</p></aside>").find(".//aside"))


def test_too_much_in_boxes_means_the_column_was_misjudged():
    # Half the text in boxes: more likely a wrong column than half a page of widgets.
    boxes = "".join(f"<div class='related'><p>{p}</p></div>" for p in PROSE[4:])
    column = "<div class='text'>" + "".join(f"<p>{p}</p>" for p in PROSE[:4]) + boxes + "</div>"
    assert _drop(column, PROSE) == PROSE


def test_a_label_and_a_link_to_another_story_is_a_teaser():
    from crawlers.parsers.widgets import drop_teaser_lines
    teaser = "FUNDA OLUNYE UDABA LAPHA | Kuboshwe abahlanu besolwa"
    account = "Account: @harbour_photos"
    column = (f"<p>{PROSE[0]}</p><p><strong>FUNDA OLUNYE UDABA LAPHA |</strong> "
              "<a href='https://www.example.co.za/1/kuboshwe/'>Kuboshwe abahlanu besolwa</a></p>"
              f"<p>Account: <a href='https://instagram.com/harbour_photos'>@harbour_photos</a></p><p>{PROSE[1]}</p>")
    tree = parse_html(f"<html><body><article>{column}</article></body></html>")
    text = "\n".join([PROSE[0], teaser, account, PROSE[1]])
    got = drop_teaser_lines(text, BlockIndex(tree), "https://example.co.za/2/story/").splitlines()
    assert got == [PROSE[0], account, PROSE[1]]


def test_a_hover_card_inside_a_sentence_leaves_and_the_sentence_stays():
    from crawlers.parsers.widgets import prune_inline_cards
    card = ("<span class='people'><a href='/p/omar'>Ilhan Omar</a><span class='block'><span><img src='o.jpg'>"
            "<a href='/p/omar'>Ilhan Omar</a><a href='/a/1'>Progressives oppose funding bill over surveillance</a> "
            "<a href='/a/2'>Omar asks court for compassion</a><a href='/p/omar'>MORE</a></span></span></span>")
    prose = ("<p>Three links in prose: the <a href='/a'>council</a>, the <a href='/b'>harbour board</a> and the "
             "<a href='/c'>mayor</a> all agreed on the plan after a long meeting that lasted into the night.</p>")
    tree = parse_html(f"<html><body><p>A man threatened Rep. {card} (D-Minn.), prosecutors said on Monday.</p>"
                      f"{prose}</body></html>")
    assert prune_inline_cards(tree) == 1
    paras = [" ".join(p.text_content().split()) for p in tree.iter("p")]
    assert paras[0] == "A man threatened Rep. Ilhan Omar (D-Minn.), prosecutors said on Monday."
    assert paras[1].startswith("Three links in prose: the council, the harbour board and the mayor")


def test_visually_hidden_hints_leave_the_sentence():
    from crawlers.parsers.widgets import prune_inline_cards
    tree = parse_html("<html><body><p>Quantumscape promised its <a href='https://x.test/'>investors"
                      "<span class='go-vh'>(opens in a new window)</span></a>, among them Volkswagen, a revolution."
                      "<span class='sr-only'>Share on LinkedIn</span></p>"
                      "<p>Stays: <span class='hidden-xs'>wide screens only</span> and <span class='author'>Jane</span>."
                      "</p></body></html>")
    assert prune_inline_cards(tree) == 2
    paras = [" ".join(p.text_content().split()) for p in tree.iter("p")]
    assert paras == ["Quantumscape promised its investors, among them Volkswagen, a revolution.",
                     "Stays: wide screens only and Jane."]


def test_gallery_captions_that_outweigh_a_teaser_leave_it():
    # A portal's teaser page: one sentence of story beside a six-picture gallery whose
    # captions are most of the text; they are no story, whatever their share.
    slides = "".join(f"<div class='slide'><img src='/g/{k}.jpg'><p class='caption'>A resident "
                     f"looks on during a meeting about the harbour plan on Monday, picture {k}.</p>"
                     "</div>" for k in range(6))
    lede = "Neighbours said there was a sickening smell coming from the house for weeks."
    page = (f"<html><body><div class='content'><h1>Smell</h1><div class='gallery'>{slides}</div>"
            f"<div class='story-body'><p>{lede}</p></div></div></body></html>")
    text = parse_article(page, "https://portal.example/world/smell-from-the-house.html").text
    assert text.splitlines() == [lede]
