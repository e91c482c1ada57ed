"""segmenter.page_rules: a menu item is navigation however much its link carries; the content-list
and articles rules after it (tests/test_content_lists.py and tests/test_articles.py have their
cases); on text input only the headline rule (tests/test_headlines.py has its cases)."""

from __future__ import annotations

from segmenter.labels import Label
from segmenter.lines import Line, html_lines
from segmenter.page_rules import menu_item, relabelled, with_menu_items_navigation

B, N, R = Label.BODY, Label.NAVIGATION, Label.RELATED
TEASER = ("July 2009: The Web Startup Success Guide is out and selling! Everything I learned "
          "about starting a software business on my own, in one book.")
PARAGRAPH = "The guide walks through pricing, hiring the first freelancer and writing a plan."


def page(body: str) -> list[Line]:
    return html_lines(f"<html><head><title>A blog</title></head><body>{body}</body></html>")


def test_a_drop_down_menus_teaser_items_are_navigation() -> None:
    lines = page(f'<div class="slidemenu"><ul class="menu-main-menu"><li><a href="/books"><span>Books</span>'
                 f'<span>{TEASER}</span></a></li><li><a href="/about">About</a></li></ul></div><p>{PARAGRAPH}</p>')
    assert [line.text for line in lines][1:] == [f"Books{TEASER}", "About", PARAGRAPH]
    assert [menu_item(line) for line in lines] == [False, True, True, False]
    assert with_menu_items_navigation(lines, [N, B, B, B]) == [N, N, N, B]
    assert with_menu_items_navigation(lines, [N, R, N, B]) == [N, R, N, B]  # only body lines change


def test_list_items_outside_menus_or_with_text_beside_their_links_keep_their_labels() -> None:
    lines = page(f'<article><ul><li><a href="/a">{TEASER}</a></li></ul></article>'
                 f'<nav><ul><li><a href="/b">Books</a>: {PARAGRAPH}</li></ul></nav>'
                 f'<nav><p><a href="/c">{TEASER}</a></p></nav>')
    assert [menu_item(line) for line in lines] == [False, False, False, False]
    assert with_menu_items_navigation(lines, [N, B, B, B]) == [N, B, B, B]


def test_the_markups_rules_leave_text_input_as_it_is() -> None:
    lines = [Line("Home About Books"), Line(TEASER)]
    assert relabelled(lines, [B, B]) == [B, B]
    assert relabelled([], []) == []


def test_text_input_gets_the_headline_rule() -> None:
    lines = [Line("Floods displace thousands in Sylhet | Daily Mark"), Line("Home News Sport"),
             Line("Floods displace thousands in Sylhet"), Line(PARAGRAPH)]
    assert relabelled(lines, [N, N, N, B]) == [B, N, B, B]


def test_relabelled_applies_the_menu_rule_the_articles_rule_and_the_headline_rule() -> None:
    own = "<article><h1>Floods displace thousands in Sylhet</h1><p>More than 40,000 people left.</p></article>"
    next_story = "<article><h1>Dengue cases rise in Dhaka hospitals</h1><p>Hospitals ran out of beds.</p></article>"
    lines = html_lines("<html><head><title>Floods displace thousands in Sylhet | Daily Mark</title></head><body>"
                       f'<nav><ul><li><a href="/books">{TEASER}</a></li></ul></nav>{own}{next_story}</body></html>')
    assert relabelled(lines, [N, B, B, B, B, B]) == [B, N, B, B, R, R]  # the title opens with the headline


def test_relabelled_applies_the_content_list_rule() -> None:
    items = "".join(f'<li><a href="/{name}">{name}</a></li>' for name in ("ABAP", "ABC", "Ada"))
    lines = page(f"<div><p>{PARAGRAPH}</p><ul>{items}</ul></div>")
    assert relabelled(lines, [N, B, N, N, N]) == [N, B, B, B, B]
