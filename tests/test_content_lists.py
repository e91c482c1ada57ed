"""segmenter.content_lists: link lists inside the element that holds the page's text are body."""

from __future__ import annotations

from segmenter.content_lists import (
    body_element,
    content_list_items,
    with_content_lists_body,
)
from segmenter.labels import Label
from segmenter.lines import DomContext, Line, html_lines

B, N, R = Label.BODY, Label.NAVIGATION, Label.RELATED
INTRO = "<p>This is an index to notable programming languages, in current or historical use.</p>"
ITEMS = "<li><a href='/abap'>ABAP</a></li><li><a href='/abc'>ABC</a></li><li><a href='/ada'>Ada</a></li>"
OUTRO = "<p>Dialects of BASIC and esoteric programming languages have lists of their own.</p>"


def page(body: str) -> list[Line]:
    return html_lines(f"<html><head><title>List of programming languages</title></head><body>{body}</body></html>")


def labels_of(lines: list[Line], list_label: Label = N) -> list[Label]:
    """The title and paragraphs body, every list item `list_label`, as the context model might say."""
    return [B if line.dom is None or line.dom.tag != "li" else list_label for line in lines]


def test_a_plain_link_list_among_the_paragraphs_is_body() -> None:
    lines = page(f'<div class="content">{INTRO}<ul>{ITEMS}</ul>{OUTRO}</div>')
    assert [line.text for line in lines][2:5] == ["ABAP", "ABC", "Ada"]
    assert content_list_items(lines, labels_of(lines)) == [2, 3, 4]
    assert with_content_lists_body(lines, labels_of(lines)) == [B] * 6


def test_the_body_element_is_the_parent_of_most_body_characters() -> None:
    lines = page(f'<div class="sidebar"><p>About me</p></div><div class="content">{INTRO}{OUTRO}</div>')
    element = body_element(lines, [N, N, B, B])
    assert element is not None and element[-1].startswith("div:1 content")
    # spread over elements of which none holds half, the body has no element of its own
    spread = page(f"<div><p>{'a' * 40}</p></div><div><p>{'b' * 30}</p></div><div><p>{'c' * 30}</p></div>")
    assert body_element(spread, [B, B, B, B]) is None


def test_a_paragraph_that_opens_with_inline_markup_counts_toward_its_parent() -> None:
    # the first paragraph's path ends at its <strong>: its block is still the <p> in the content div
    lines = page(f'<div class="content"><p><strong>{"Bold opening words " * 5}</strong>and the rest.</p>'
                 f'{INTRO}</div><div class="other"><p>{"x" * 80}</p></div>')
    element = body_element(lines, [B, B, B, B])
    assert element is not None and element[-1].startswith("div:0 content")


def test_a_body_spread_over_sections_has_the_element_that_holds_nearly_all_of_it() -> None:
    # a category page: no column holds half the body, the element around the columns holds it all
    columns = "".join(f'<div class="group"><h3>{letter}</h3><p>{letter * 30}</p><ul>{ITEMS}</ul></div>'
                      for letter in "ABC")
    lines = page(f'<div class="page"><div class="content"><div class="columns">{columns}</div></div></div>'
                 '<div class="footer-links"><ul><li><a href="/a">About</a></li><li><a href="/b">Blog</a></li>'
                 '<li><a href="/c">Careers</a></li></ul></div>')
    labels = labels_of(lines)
    element = body_element(lines, labels)
    assert element is not None and element[-1].startswith("div:0 columns")
    assert [lines[i].text for i in content_list_items(lines, labels)] == ["ABAP", "ABC", "Ada"] * 3
    # near <body>, the element holding it all holds the page's menus too: no element then
    shallow = page(f"<div><p>{'a' * 40}</p></div><div><p>{'b' * 30}</p></div><div><p>{'c' * 30}</p></div>")
    assert body_element(shallow, [B, B, B, B]) is None


def test_lists_the_site_sets_apart_keep_their_labels() -> None:
    for wrapped in (f'<ul class="share-tools">{ITEMS}</ul>',  # a list with a class of its own
                    f"<nav><ul>{ITEMS}</ul></nav>",  # a landmark between the text and the list
                    f'<div class="menu"><ul>{ITEMS}</ul></div>'):  # a markup rule names it
        lines = page(f"<div>{INTRO}{wrapped}{OUTRO}</div>")
        assert content_list_items(lines, labels_of(lines)) == [], wrapped


def test_a_list_of_two_links_is_a_topic_tag_not_content() -> None:
    lines = page(f"<div>{INTRO}<ul><li><a href='/t/ipl'>IPL 2024</a></li><li><a href='/t/csk'>CSK</a></li></ul></div>")
    assert content_list_items(lines, labels_of(lines)) == []


def test_only_navigation_lines_change() -> None:
    lines = page(f"<div>{INTRO}<ul>{ITEMS}</ul>{OUTRO}</div>")
    assert content_list_items(lines, labels_of(lines, R)) == []  # a "read more" list stays related
    unlinked = page(f"<div>{INTRO}<ul><li>ABAP</li><li>ABC</li><li>Ada</li></ul>{OUTRO}</div>")
    assert content_list_items(unlinked, labels_of(unlinked)) == []  # items that are no links


def test_the_items_of_a_list_that_is_the_body_element_are_body_whatever_the_model_said() -> None:
    # a novel's table of contents: the list holds most of the body, and the model calls some of its
    # chapters related, some other
    chapters = "".join(f"<li><a href='/c/{i}'>Chapter {i}: {'the long road home' if i % 2 else 'a duel'}</a></li>"
                       for i in range(1, 9))
    lines = page(f"<div><h1>The Sword</h1><ul>{chapters}</ul></div><div><p>About this site</p></div>")
    labels = [B, B, B, R, B, Label.OTHER, B, R, B, B, N]
    assert content_list_items(lines, labels) == [3, 5, 7]
    # items whose parent is the body's element but no list (an <li> straight in a <td>) keep theirs
    loose = page(f"<table><tr><td><p>{'Paragraph text. ' * 20}</p>"
                 "<li><a href='/a'>Headline one</a></li><li><a href='/b'>Headline two</a></li>"
                 "<li><a href='/c'>Headline three</a></li></td></tr></table>")
    assert content_list_items(loose, [B, B, R, R, R]) == []


def test_text_input_has_no_elements() -> None:
    lines = [Line("List of programming languages"), Line("ABAP"), Line("ABC"), Line("Ada")]
    assert content_list_items(lines, [B, N, N, N]) == []


def test_an_item_whose_path_lost_the_list_is_left_alone() -> None:
    # a path is cut at its root end (lines.MAX_PATH_LENGTH): past it no list is known
    body = Line("An index of notable programming languages, in current or historical use.",
                DomContext("p", ("div:0", "p:0"), 0.0))
    items = [Line(name, DomContext("li", ("div:0", f"a:{i}"), 1.0)) for i, name in enumerate(("ABAP", "ABC", "Ada"))]
    assert content_list_items([body, *items], [B, N, N, N]) == []
