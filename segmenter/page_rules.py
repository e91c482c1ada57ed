"""Rules over a labelled page that the context model reads too weakly to follow.

On HTML pages, four name cases where the markup is plain and the trees, which read a line's text
model scores beside its markup, are swayed by what the text reads like:
- a menu item is `navigation` however much its link carries: drop-down menus that hold whole
  teasers or descriptions ("Books — July 2009: The Web Startup Success Guide is out…") have lines
  longer than the training pages' menu items, and the trees follow the text model there;
- the items of a link list inside the element that holds the page's paragraphs are `body`
  (segmenter.content_lists): an index page's list reads like a menu line by line;
- body lines of the articles after the page's own are `related` (segmenter.articles);
- body lines of a thread's replies, after its opening post, are `comments` (segmenter.replies).
On every page, text or HTML, the headline that the title names and its date lines are body
(segmenter.headlines): a window of lines cannot see the title at the top of the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from segmenter.articles import with_other_articles_related
from segmenter.content_lists import with_content_lists_body
from segmenter.dom_rules import dom_label
from segmenter.headlines import with_headline_body
from segmenter.labels import Label
from segmenter.lines import Line, has_markup
from segmenter.replies import with_replies_comments

MENU_ITEM_TAG = "li"
# Link share from which a list item under a navigation rule is a menu item: among the training
# rows of HTML pages with a navigation rule, link share >= 0.9 and over 80 characters, 449 lines
# are labelled navigation and 6 body (docs/MODEL.md, Known failures).
MENU_ITEM_LINK_SHARE = 0.9


def menu_item(line: Line) -> bool:
    """Whether the line is an item of a menu: a list item, (nearly) all link text, under an
    element that a navigation rule names (segmenter.dom_rules)."""
    dom = line.dom
    return (dom is not None and dom.tag == MENU_ITEM_TAG and dom.link_share >= MENU_ITEM_LINK_SHARE
            and dom_label(dom, line.text) is Label.NAVIGATION)


def with_menu_items_navigation(lines: Sequence[Line], labels: Sequence[Label]) -> list[Label]:
    """The labels with every body line that is a menu item (`menu_item`) navigation."""
    return [Label.NAVIGATION if label is Label.BODY and menu_item(line) else label
            for line, label in zip(lines, labels)]


def relabelled(lines: Sequence[Line], labels: Sequence[Label]) -> list[Label]:
    """The page's labels after the rules above (the markup's rules only where there is markup)."""
    if has_markup(lines):
        labels = with_content_lists_body(lines, with_menu_items_navigation(lines, labels))
        labels = with_other_articles_related(lines, labels)
        labels = with_replies_comments(lines, labels)
    return with_headline_body(lines, labels)
