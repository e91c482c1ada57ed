"""Lists of links inside the element that holds the page's paragraphs: part of its body.

An index page ("List of programming languages"), a listing or an article's list of reports holds
its content in list items that are each a link of a few words: line by line what a menu looks
like, so the context model calls them navigation. A menu sits apart from the text, though: in a
landmark of its own, under an element that a markup rule names, or in a list with a class of its
own (share bars, tag lists, sort tabs). The element that directly holds most of the page's body
characters is the text's own (where the text is spread over sections or columns, the deepest
element that holds nearly all of it); the items of a plain list in it (no id, class or role), at least
MIN_LIST_ITEMS of them, each mostly link text, with no boilerplate landmark between the list and
that element and named by no markup rule (segmenter.dom_rules), are `body` (LABELS.md: lists are
main content). Lines the model calls related or other keep their labels: an in-article "read more"
list is related, and there the model reads the teasers' words (docs/MODEL.md, "Link lists in the
text"). Where the body's element is itself a plain list (a novel's table of contents, an index
whose items are the page), every item of it is body, whatever the model called it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from segmenter.dom_rules import dom_label
from segmenter.labels import Label, relabelled_at
from segmenter.lines import TITLE_TAG, DomContext, ElementPath, Line, parse_step

LIST_ITEM_TAG = "li"
_LIST_ITEM = frozenset({LIST_ITEM_TAG})
# The elements whose children are list items: a body element of one of these is a list of its own.
LIST_TAGS = frozenset({"ul", "ol"})
# An item of a link list: half its characters or more are link text ("ABAP", "Action! (1983)").
MIN_LINK_SHARE = 0.5
# The body's element must hold at least this share of the body's characters: where the body is
# spread over many elements (a page of cards), none of them is the text's own.
MIN_BODY_SHARE = 0.5
# Where no element holds that share (the text in sections or columns), the deepest element that
# holds this share of the body's characters is the text's: nearly all of it, so that a stray body
# line in a sidebar or footer does not lift it to the page's outer wrapper.
SPREAD_BODY_SHARE = 0.8
# ...and it must lie this many steps below <body>: <body> and its outer wrappers hold the page's
# menus too.
MIN_SPREAD_DEPTH = 3
# A list that is content has items to count: one or two linked items under the text are its topic
# tags (a hand-labelled Rediff page's "IPL 2024", navigation by LABELS.md).
MIN_LIST_ITEMS = 3
# Elements that set a list apart from the text around it even inside the body's element.
APART_TAGS = frozenset({"nav", "header", "footer", "aside", "form"})


def body_element(lines: Sequence[Line], labels: Sequence[Label]) -> ElementPath | None:
    """The element that directly holds the most body characters (the title aside), if it holds at
    least MIN_BODY_SHARE of them; else, where the body is spread over sections (a category page's
    columns, an article's sections), the deepest element that holds SPREAD_BODY_SHARE of them."""
    chars: Counter[ElementPath] = Counter()
    for line, label in zip(lines, labels):
        if label is Label.BODY and line.dom is not None and line.dom.tag != TITLE_TAG:
            chars[_block_parent(line.dom)] += len(line.text)
    if not chars:
        return None
    element, held = chars.most_common(1)[0]
    if element and held >= MIN_BODY_SHARE * chars.total():
        return element
    return _holding_most(chars)


def _holding_most(chars: Counter[ElementPath]) -> ElementPath | None:
    """The deepest element holding SPREAD_BODY_SHARE of `chars` (characters by the element that
    directly holds them), if it lies at least MIN_SPREAD_DEPTH steps down."""
    held: Counter[ElementPath] = Counter()
    for path, count in chars.items():
        for depth in range(1, len(path) + 1):
            held[path[:depth]] += count
    enough = SPREAD_BODY_SHARE * chars.total()
    deepest = max((path for path, count in held.items() if count >= enough), key=len, default=None)
    return deepest if deepest is not None and len(deepest) >= MIN_SPREAD_DEPTH else None


def _block_parent(dom: DomContext) -> ElementPath:
    """The element that holds the line's block: the line's path runs on into inline elements
    (`<p><strong>…` ends at the `strong`), so the parent of its innermost element may be the
    paragraph itself."""
    parent = dom.parent_of_innermost((dom.tag,))
    return dom.path[:-1] if parent is None else parent


def content_list_items(lines: Sequence[Line], labels: Sequence[Label]) -> list[int]:
    """The positions of the navigation lines that are items of a link list in the body's element,
    and of every item of a list that is the body's element (see the module's text)."""
    element = body_element(lines, labels)
    if element is None:
        return []
    depth = len(element)
    element_is_list = parse_step(element[-1])[0] in LIST_TAGS
    lists: dict[ElementPath, list[int]] = defaultdict(list)
    for i, (line, label) in enumerate(zip(lines, labels)):
        dom = line.dom
        if (label is not Label.BODY and dom is not None and dom.tag == LIST_ITEM_TAG
                and dom.link_share >= MIN_LINK_SHARE and dom.path[:depth] == element
                and APART_TAGS.isdisjoint(dom.tags[depth:]) and dom_label(dom, line.text) is None):
            list_path = _list_of(dom)
            if label is Label.NAVIGATION or (list_path == element and element_is_list):
                lists[list_path].append(i)
    return sorted(i for list_path, items in lists.items()
                  if len(items) >= MIN_LIST_ITEMS and _plain(list_path) for i in items)


def _list_of(dom: DomContext) -> ElementPath:
    """The list that holds a list item's line: its innermost item's parent (the line's path runs on
    into the item's links and inline elements); none where the path, cut at its root end, has lost
    the item."""
    parent = dom.parent_of_innermost(_LIST_ITEM)
    return () if parent is None else parent


def _plain(list_path: ElementPath) -> bool:
    """Whether the list is one as an author writes it into the text: no id, class or role (a site's
    share bar, tag list or sort tabs come with theirs)."""
    return bool(list_path) and not parse_step(list_path[-1])[1]


def with_content_lists_body(lines: Sequence[Line], labels: Sequence[Label]) -> list[Label]:
    """The labels with the items of link lists in the body's element (`content_list_items`) body."""
    return relabelled_at(labels, content_list_items(lines, labels), Label.BODY)
