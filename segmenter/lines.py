"""Page → lines: the text a plain-text dump of the page gives, one block per line.

HTML is walked once (Lexbor, through selectolax), cutting at block-level elements and `<br>`
the way Common Crawl's WET conversion does: the page title first, one line per paragraph,
heading, list item or table row, links and table cells kept on their block's line, `<pre>`
verbatim, whitespace collapsed. Each line keeps where it came from in the DOM. The page is
read as a crawler sees it, scripts off: `<noscript>` is walked, scripts, styles and hidden
elements are not, except hidden content that the page's own script would show on loading, and
all of a page that shows next to nothing without its hidden elements.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from segmenter.sources import InputKind, Page

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html "
    "legend li main menu nav ol p pre section select summary table tbody textarea tfoot th "
    "thead title tr ul".split()
)
# th is a cell, not a block, in WET; it is listed above only for thead-less tables' header rows.
CELL_TAGS = frozenset({"td", "th"})
# Inline elements set apart from the text before them by a space: a row's cells, and a select's
# options, each a choice of its own ("Select Category Advertorial Aikido", not "Select
# CategoryAdvertorialAikido" where the markup has no space between them).
SPACED_TAGS = CELL_TAGS | {"option"}
# <noscript> is walked: a crawler sees a page with scripts off, and forums (Discourse) serve their
# posts only there. A ruby's <rt> (furigana, pinyin) and <rp> (its fallback parentheses) are read
# above or beside the base text, not after it: kept inline they garble it ("子こどもへの虐待ぎゃくたい"
# for "子どもへの虐待"), so the line keeps the base text alone.
SKIP_TAGS = frozenset(
    "script style template head svg math iframe object embed canvas audio video "
    "source track map area datalist input img picture meta link base rt rp".split()
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The page's `<title>` is its first line, with this tag (the page's name: segmenter.extraction).
TITLE_TAG = "title"
# Ancestors kept per line, nearest first: landmarks (nav, footer, a comments div) sit within
# this many levels on all but pathological pages, and a 10,000-deep page must not cost
# 10,000 strings per line.
MAX_PATH_LENGTH = 48

# Entries of the caches keyed by path steps, class words and values, an element's tag and values, a
# line's path of tags (segmenter.dom_rules, segmenter.features): a page has a few hundred distinct ones,
# so 4,096 hold a page and its site's next; 65,536 held 130 MB more over two workers of a 2,500-page
# WARC and ran no faster (benchmarks/throughput.py).
STEP_CACHE_SIZE = 1 << 12
# A page showing fewer characters than this, its hidden elements left out, is read again with them,
# and taken so when they hold more than this many times as much: it is hidden whole until a script
# runs. Pages that hide a header or menus holding a few times their text (a news site's mega-menu
# beside a short article: 3.7 times) stay as shown; pages hidden whole show a few dozen characters.
FEW_SHOWN_CHARACTERS = 2_000
HIDDEN_WHOLE_RATIO = 10

_LINE_ENDS = re.compile(r"\r\n|\n|\r")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_STREAMED_ID = re.compile(r"S:[0-9a-z]+")
_ATTRIBUTE_WORDS = ("id", "class", "role", "itemprop")


ElementPath = tuple[str, ...]  # an element's steps from the root, as a DomContext.path begins


@dataclass(frozen=True)
class DomContext:
    """Where in the DOM a line came from.

    `path` runs from the root to the line's innermost element; each step is
    "tag:index word word…", index being the element's position among its parent's element
    children and the words its id, class, role and itemprop values, lower-cased.
    """

    tag: str
    path: tuple[str, ...]
    link_share: float

    @cached_property
    def tags(self) -> tuple[str, ...]:
        """The element names along `path`, root first: computed once, read by every DOM feature."""
        return tuple(parse_step(step)[0] for step in self.path)

    def innermost(self, names: Collection[str]) -> ElementPath | None:
        """The path of the innermost element around the line named one of `names`, if any (none
        where the path, cut at its root end at MAX_PATH_LENGTH, has lost it)."""
        tags = self.tags
        for depth in range(len(tags) - 1, -1, -1):
            if tags[depth] in names:
                return self.path[:depth + 1]
        return None

    def parent_of_innermost(self, names: Collection[str]) -> ElementPath | None:
        """The path of the element that holds the innermost element named one of `names` (the list
        of an item, the table of a row), if the path has that element (see `innermost`)."""
        element = self.innermost(names)
        return None if element is None else element[:-1]


@dataclass(frozen=True)
class Line:
    """One line of a page's text."""

    text: str
    dom: DomContext | None = None


@dataclass
class _LineBuilder:
    """Collects inline text until a block boundary closes the line."""

    lines: list[Line] = field(default_factory=list)
    left_hidden: bool = False  # whether the walk left out a hidden element
    _parts: list[tuple[str, bool]] = field(default_factory=list)
    _path: tuple[str, ...] = ()
    _tag: str = ""

    def add(self, text: str, path: tuple[str, ...], block: str, in_link: bool) -> None:
        if not self._parts:
            self._path, self._tag = path, block
        self._parts.append((text, in_link))

    def flush(self) -> None:
        if not self._parts:
            return
        # whitespace runs collapsed to one space, ends stripped: what re's r"\s+" and strip() give
        # (the same characters on every code point), five times faster
        text = " ".join("".join(part for part, _ in self._parts).split())
        if text:
            linked = sum(len(part.strip()) for part, in_link in self._parts if in_link)
            share = min(1.0, linked / len(text))
            self.lines.append(Line(text, DomContext(self._tag, self._path[-MAX_PATH_LENGTH:], share)))
        self._parts = []

    def add_verbatim(self, text: str, path: tuple[str, ...]) -> None:
        self.flush()
        for raw in text.splitlines():
            if raw.strip():
                self.lines.append(Line(raw.rstrip(), DomContext("pre", path[-MAX_PATH_LENGTH:], 0.0)))


@lru_cache(maxsize=STEP_CACHE_SIZE)
def parse_step(step: str) -> tuple[str, tuple[str, ...]]:
    """A `DomContext.path` step's element name and attribute words. Cached: a page's lines
    share their ancestors, so each step is parsed once, not once per line below it."""
    head, *words = step.split(" ")
    return head.split(":", 1)[0], tuple(words)


def _is_hidden(attributes: dict[str, str | None]) -> bool:
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = attributes.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _not_walked(tag: str) -> bool:
    """Text and comment nodes (Lexbor names them "-text", "-comment") and SKIP_TAGS."""
    return tag.startswith("-") or tag in SKIP_TAGS


def _shown_by_script(node: object, tag: str, attributes: dict[str, str | None], blank_mains: dict[int, bool]) -> bool:
    """Hidden content that the page's own script shows on loading: React's streamed Suspense
    content (`<div hidden id="S:1">`, moved into place by a script), and the children of a main
    landmark that shows nothing until a script has run (anti-flicker snippets, content-lock
    apps hide every one). A hidden child of a main landmark that shows others stays hidden:
    templates, raw sources and drafts sit there. `blank_mains` holds, per main landmark (Lexbor's
    node id), whether it shows nothing: its children are tested once, not once per hidden child."""
    if tag == "div" and "hidden" in attributes and _STREAMED_ID.fullmatch(attributes.get("id") or ""):
        return True
    parent = node.parent  # type: ignore[attr-defined]
    if parent is None or not (parent.tag == "main" or parent.attributes.get("role") == "main"):
        return False
    if parent.mem_id not in blank_mains:
        blank_mains[parent.mem_id] = all(_not_walked(child.tag) or _is_hidden(child.attributes)
                                         for child in parent.iter())
    return blank_mains[parent.mem_id]


def _describe(tag: str, index: int, attributes: dict[str, str | None]) -> str:
    words = [tag + ":" + str(index)]
    for name in _ATTRIBUTE_WORDS:
        value = attributes.get(name)
        if value:
            words.extend(value.lower().split())
    return " ".join(words)


def html_lines(html: str, *, include_title: bool = True) -> list[Line]:
    """The lines of an HTML page, in document order, the `<title>` first when asked."""
    from selectolax.lexbor import LexborHTMLParser  # the parser loads at the edge

    tree = LexborHTMLParser(html)
    shown = _page_lines(tree, include_title, show_hidden=False)
    if not shown.left_hidden or _characters(shown.lines) >= FEW_SHOWN_CHARACTERS:
        return shown.lines
    # A page that shows next to nothing may be hidden whole until a script runs (anti-flicker
    # snippets hide <body>): then its hidden elements are its text.
    everything = _page_lines(tree, include_title, show_hidden=True).lines
    return everything if _characters(everything) > HIDDEN_WHOLE_RATIO * _characters(shown.lines) else shown.lines


def _page_lines(tree: object, include_title: bool, show_hidden: bool) -> _LineBuilder:
    builder = _LineBuilder()
    title = tree.css_first(TITLE_TAG) if include_title else None  # type: ignore[attr-defined]
    if title is not None:
        builder.add(title.text(deep=True), (f"{TITLE_TAG}:0",), TITLE_TAG, False)
        builder.flush()
    if tree.body is not None:  # type: ignore[attr-defined]
        _walk(tree.body, builder, show_hidden)  # type: ignore[attr-defined]
    builder.flush()
    return builder


def _characters(lines: list[Line]) -> int:
    return sum(len(line.text) for line in lines)


# A node to visit: the node, its tag and attributes (None for text), its path, its block's tag,
# whether it is inside a link, and whether the entry closes its block rather than opening it.
_Entry = tuple[object, str, dict[str, str | None] | None, tuple[str, ...], str, bool, bool]


def _walk(root: object, builder: _LineBuilder, show_hidden: bool = False) -> None:
    # An explicit stack, not recursion: pages nest thousands of levels deep.
    stack: list[_Entry] = [(root, root.tag or "-unknown", root.attributes,  # type: ignore[attr-defined]
                            ("body:0",), "body", False, False)]
    blank_mains: dict[int, bool] = {}  # see _shown_by_script
    while stack:
        node, tag, attributes, path, block, in_link, closing = stack.pop()
        if closing:
            builder.flush()
            continue
        if tag == "-text":
            builder.add(node.text_content or "", path, block, in_link)  # type: ignore[attr-defined]
            continue
        if attributes is None:  # comments and SKIP_TAGS (_not_walked)
            continue
        if not show_hidden and _is_hidden(attributes) and not _shown_by_script(node, tag, attributes, blank_mains):
            builder.left_hidden = True
            continue
        if tag == "br":
            builder.flush()
            continue
        if tag == "pre":
            builder.add_verbatim(node.text(deep=True), path)  # type: ignore[attr-defined]
            continue
        is_block = tag in BLOCK_TAGS and tag not in CELL_TAGS
        if is_block:
            builder.flush()
            stack.append((node, tag, attributes, path, block, in_link, True))
            block = tag
        elif tag in SPACED_TAGS:
            builder.add(" ", path, block, in_link)
        _push_children(stack, node, path, block, in_link or tag == "a")


def _push_children(stack: list[_Entry], node: object, path: tuple[str, ...], block: str, in_link: bool) -> None:
    """The node's children onto the stack, the first on top, each with its tag read once and, for
    an element the walk enters, its attributes read once (selectolax builds a dict at each read)."""
    entries = []
    index = 0
    for child in node.iter(include_text=True):  # type: ignore[attr-defined]
        tag = child.tag or "-unknown"
        attributes = None
        child_path = path
        if tag[0] != "-":
            if tag not in SKIP_TAGS:  # `not _not_walked(tag)`, inlined: a call per child cost 8% of html_lines
                attributes = child.attributes
                # Capped as we go, not only where a line keeps it: a path per level of a page nested
                # 100,000 deep would otherwise hold 100,000²/2 steps.
                child_path = (*path[-(MAX_PATH_LENGTH - 1):], _describe(tag, index, attributes))
            index += 1  # skipped elements count too: the index is the element's place among its siblings
        entries.append((child, tag, attributes, child_path, block, in_link, False))
    stack.extend(reversed(entries))


def has_markup(lines: Sequence[Line]) -> bool:
    """Whether the page's lines carry their DOM context (HTML input): a page's lines all do or none."""
    return bool(lines) and lines[0].dom is not None


def starts_with_title(lines: Sequence[Line]) -> bool:
    """Whether the page's first line is its title: an HTML page's `<title>` line, or a text page's
    first line (a WET record's title; other dumps may start with the text itself)."""
    return bool(lines) and (lines[0].dom is None or lines[0].dom.tag == TITLE_TAG)


def text_lines(text: str) -> list[Line]:
    """The lines of a plain-text page: split at line ends (\\n, \\r\\n or \\r, not the form feeds and
    Unicode separators that str.splitlines also cuts at: a WET line may hold them), blank lines dropped."""
    return [Line(line) for line in _LINE_ENDS.split(text) if line.strip()]


def page_lines(page: Page) -> list[Line]:
    """The lines of a page, by its kind."""
    if page.kind is InputKind.HTML:
        return html_lines(page.content)
    return text_lines(page.content)
