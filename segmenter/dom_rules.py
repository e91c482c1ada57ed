"""Label hints from a line's DOM context and text: a small, readable rule table.

The corpus uses them as weak labels for lines outside the ground truth; the context model
reads them as features and learns when to trust them.

ARIA roles arrive as attribute words too (role="navigation", "banner", "contentinfo").
The table is read top to bottom for each ancestor of a line, nearest ancestor first; the first
ancestor that any rule matches decides. Attribute values are split into words at hyphens,
underscores and camelCase humps: "commentList" and "comment-list" both give "comment".
A rule word of four letters or more also matches as a word's start or end ("sharedaddy" is
"share…", "footermenu" is "…menu").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import regex

from segmenter.labels import Label
from segmenter.lines import STEP_CACHE_SIZE, DomContext, parse_step


@dataclass(frozen=True)
class Rule:
    label: Label
    tags: frozenset[str] = frozenset()  # element names
    words: frozenset[str] = frozenset()  # attribute words (id, class, role, itemprop)
    whole: frozenset[str] = frozenset()  # whole attribute values, for words too common alone


def _rule(label: Label, tags: str = "", words: str = "", whole: str = "") -> Rule:
    return Rule(label, frozenset(tags.split()), frozenset(words.split()), frozenset(whole.split()))


# "print" is left out: print-CSS utility classes ("print:hidden", "noprint") wrap whole pages.
# Words whose blocks the audits found mislabelled more than one time in five are left out, so
# their lines stay unlabelled: "search" (search results are content), "suggested",
# "recommendations", "paywall" (the paywalled article itself), "cookies", footer and legal
# class words (a footer holds menus, contact lines, partner lists and legal text alike).
# Order matters within one ancestor: a "comment-navigation" block is about comments, a
# "recent-comments" widget lists other posts, a "nav-trending" menu is a menu, share buttons in
# a "teaser-social" box are share buttons. Audited in docs/DATA.md.
RULES: tuple[Rule, ...] = (
    _rule(Label.RELATED,
          whole="recent-comments recentcomments widget_recent_comments most-commented most-shared "
                "mostshared most-read most-popular more-stories more-news more-articles also-read "
                "read-more-articles you-may-like latest-news latest-posts recent-posts "
                "widget_recent_entries"),
    _rule(Label.COMMENTS,
          words="comment comments commentlist commentform respond reply replies disqus "
                "discussion discussions reactions",
          whole="comment-respond comments-area"),
    _rule(Label.NAVIGATION, tags="nav",
          words="nav navbar navigation menu menus menubar dropdown breadcrumb breadcrumbs crumb crumbs "
                "pagination pager paging skiplink skiplinks masthead topbar toolbar sitemap "
                "tagcloud tags keywords topics searchform searchbox login signin",
          whole="tag-list tag-links tags-links post-tags entry-tags categories cat-links "
                "skip-link language-switcher lang-switcher widget_categories widget_tag_cloud "
                "widget_search site-header global-header banner site_map"),
    _rule(Label.OTHER,
          words="share sharing sharebar social socials addthis emailthis"),
    _rule(Label.RELATED,
          words="related relatedposts recommended recommend popular trending "
                "mostread teaser teasers outbrain taboola trc yarpp recirc recirculation"),
    _rule(Label.OTHER,
          words="cookie consent gdpr newsletter subscribe subscription signup advert "
                "advertisement adsbygoogle sponsor sponsored",
          whole="ad ad-slot ad-container ads"),
)
# A ranking word beside a listing word names a widget of other content: "recent-comments",
# "top_comments", "most-commented", "popular-posts" list other posts, not this page's comments.
RANKING_WORDS = frozenset({"recent", "top", "most", "popular", "latest", "best"})
# A related or trending word beside a search or tag word names a list of searches or tags:
# "seo-related-search", "popular-searches", "trending-tags", "related-topics" are navigation.
SUGGESTION_WORDS = frozenset({"related", "popular", "trending", "top"})
FINDING_WORDS = frozenset({"search", "searches", "tags", "topics", "keywords", "terms"})
LISTING_WORDS = frozenset({"comment", "comments", "commented", "replies", "posts", "entries", "topics",
                           "threads", "articles", "stories", "news"})
# Class values that file a post under a topic (blog engines' "category-…", "tag-…") or flag what an
# element holds (Squarespace's "has-comments", Kinja's "commented") tell what a post is about or
# holds, not what the element is: a post filed under "social media" is no share bar, and one that
# has comments is no comment (whole articles were weak-labelled comments for them). Only the
# navigation rule reads them: a "has-submenu" entry or a "category-menu" is a menu either way.
TOPIC_PREFIXES = ("category-", "tag-")
FLAG_WORDS = frozenset({"has", "commented"})
# A blog post's own element is content: blog engines mark it with the hAtom class "hentry", their
# post status ("status-publish") or, on Substack, "newsletter-post", and put its taxonomies beside
# them ("tag-navigation", "guide-tags-testing", "category-health-topics"), which no prefix list
# covers. The rules read none of its class words: they made whole posts menus, related lists, share
# bars or newsletter prompts.
POST_MARKERS = frozenset({"hentry", "status-publish", "status-published", "newsletter-post"})
# An attribute value holding a URL names a page, not an element (CleanEval wraps each page in
# `<text id="http://…/newsletter/…">`): its words would label the whole page.
URL_MARK = "://"
# Footer lines of at most this many words are menu entries or menu headings, not legal text.
MENU_HEADING_WORDS = 4
# Landmark tags whose meaning depends on where they stand: a <header> or <footer> of the
# page is chrome, the same tag inside an <article> holds its headline or byline.
PAGE_HEADER_TAGS = frozenset({"header"})
PAGE_FOOTER_TAGS = frozenset({"footer"})
CONTENT_TAGS = frozenset({"article", "main"})
# A footer line mostly made of links is a menu entry, whose label the footer does not tell.
MENU_LINK_SHARE = 0.6
# Words of outer ancestors that make a nearer "related" block part of a menu (mega-menus).
MENU_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "menus", "dropdown", "megamenu"})

# A breadcrumb's attribute values name it whatever else they say ("breadcrumb", "bread_crumb",
# "crumbtrail", "ipsBreadcrumb").
BREADCRUMB_MARK = "crumb"

_HUMPS = regex.compile(r"(?<=[a-z])(?=[A-Z])")
_SEPARATORS = regex.compile(r"[-_:.\s/]+")
# Searched over many lines joined by line breaks (_lines_matching): no part may match across one.
# Lower-case literals, searched in lower-cased text by `re`: 2.6 times as fast as `regex` with
# IGNORECASE over the corpus's 1,208,745 lines, finding the same lines (docs/MODEL.md, Speed).
_COPYRIGHT = re.compile(r"©|^[^\w\n]*(\(c\)|copyright\b)|all rights reserved|alle rechte vorbehalten"
                        r"|tous droits réservés|todos los derechos reservados|版权所有|جميع الحقوق", re.MULTILINE)
# Every alternative of _COPYRIGHT holds one of these literals: the pattern is searched only in the
# lines that hold one, found by `str.find`, which skips ahead where the pattern's search, with no
# literal to start from, tries each alternative at every character (docs/MODEL.md, Speed).
_COPYRIGHT_CUES = ("©", "(c)", "copyright", "all rights reserved", "alle rechte vorbehalten",
                   "tous droits réservés", "todos los derechos reservados", "版权所有", "جميع الحقوق")
# A site's contact details on a short line: an e-mail address, an international phone number,
# or a number behind a phone word. Bare digit runs are dates, counts and ranks far more often.
_CONTACT = regex.compile(
    r"[\w.+-]+@[\w-]+\.[a-z]{2,}|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,}"
    r"|\b(?:tel|phone|fax|telefon|téléphone|teléfono|telefone|电话|電話)\b\.?\s*:?\s*\+?\(?\d",
    regex.IGNORECASE)
CONTACT_MAX_WORDS = 8
LEGAL_MAX_WORDS = 40  # a "©" in a long paragraph is a quotation, not a legal line
FIGURE_TAGS = frozenset({"figure", "figcaption"})
# Inside <noscript>, a line that names JavaScript is the notice readers without scripts see ("Please
# enable JavaScript"), in any language: the name is not translated. Other <noscript> text is the
# page's own (forums serve their posts there: segmenter.lines).
SCRIPT_NOTICE_TAG = "noscript"
SCRIPT_NAME = "javascript"
_SKIP_TAGS_FOR_WORDS = frozenset({"html", "body"})  # their classes describe the whole page


def _words(value: str) -> list[str]:
    return [w for w in _SEPARATORS.split(_HUMPS.sub("-", value).lower()) if w]


@lru_cache(maxsize=STEP_CACHE_SIZE)
def _value_words(value: str) -> tuple[str, ...]:
    """`_words` of an attribute value, cached: sites reuse a few hundred class values."""
    return tuple(_words(value))


def _affixes(vocabulary: frozenset[str]) -> regex.Pattern[str]:
    """A pattern that finds a word starting or ending with one of the vocabulary's words of four
    letters or more (one search instead of a test per vocabulary word)."""
    long = "|".join(sorted(regex.escape(word) for word in vocabulary if len(word) >= 4)) or "(?!)"
    return regex.compile(rf"^(?:{long})|(?:{long})\Z")


_RULE_AFFIXES = tuple(_affixes(rule.words) for rule in RULES)


@lru_cache(maxsize=STEP_CACHE_SIZE)
def _rules_matched(word: str) -> frozenset[int]:
    """The positions in RULES of the rules whose words the attribute word matches. Cached by the word
    alone: sites reuse a few hundred class words on thousands of elements."""
    return frozenset(i for i, (rule, affixes) in enumerate(zip(RULES, _RULE_AFFIXES))
                     if word in rule.words or affixes.search(word))


@dataclass(frozen=True)
class LineShape:
    """Whether a line reads as a menu entry or heading, rather than running (legal) text."""

    linked: bool  # mostly link text
    short: bool  # a few words without digits: a menu heading, not an address or a price

    @classmethod
    def of(cls, text: str, dom: DomContext) -> LineShape:
        words = len(text.split())
        short = 0 < words <= MENU_HEADING_WORDS and not any(map(str.isdigit, text))
        return cls(dom.link_share >= MENU_LINK_SHARE, short)

    @property
    def menu_like(self) -> bool:
        return self.linked or self.short


def label_for_step(tag: str, values: Sequence[str], inside_content: bool, menu_like: bool) -> Label | None:
    """The label one ancestor gives its lines, or None when it says nothing; `menu_like`: whether
    the line reads as a menu entry or heading (LineShape)."""
    if tag in _SKIP_TAGS_FOR_WORDS:
        return None
    if tag in PAGE_HEADER_TAGS and not inside_content:
        return Label.NAVIGATION
    if tag in PAGE_FOOTER_TAGS and not inside_content:
        return None if menu_like else Label.OTHER
    return _words_label(tag, tuple(values))


@lru_cache(maxsize=STEP_CACHE_SIZE)
def _words_label(tag: str, values: tuple[str, ...]) -> Label | None:
    """The rule table's label for an element's name and attribute values, cached by them: elements
    at many places share them, and only a page's header and footer depend on where they stand."""
    values = _telling_values(values)
    whole = set(values)
    distinct = {w for v in values for w in _value_words(v)}
    if SUGGESTION_WORDS & distinct and FINDING_WORDS & distinct:
        return Label.NAVIGATION
    if RANKING_WORDS & distinct and LISTING_WORDS & distinct:
        return Label.RELATED
    matched = frozenset().union(*map(_rules_matched, distinct))
    naming = {w for v in values if _names_element(v) for w in _value_words(v)}
    matched_naming = matched if naming == distinct else frozenset().union(*map(_rules_matched, naming))
    for i, rule in enumerate(RULES):
        words_matched = i in (matched if rule.label is Label.NAVIGATION else matched_naming)
        if tag in rule.tags or whole & rule.whole or words_matched:
            return rule.label
    return None


def _telling_values(values: Sequence[str]) -> tuple[str, ...]:
    """The attribute values that may say what their element is: none of a blog post's own element
    (POST_MARKERS), and no URL (URL_MARK)."""
    if POST_MARKERS.intersection(values):
        return ()
    return tuple(value for value in values if URL_MARK not in value)


def _names_element(value: str) -> bool:
    """Whether a class value names what its element is, rather than filing or flagging a post
    (TOPIC_PREFIXES, FLAG_WORDS)."""
    return not value.startswith(TOPIC_PREFIXES) and not FLAG_WORDS.intersection(_value_words(value))


def dom_label(dom: DomContext | None, text: str = "") -> Label | None:
    """The label the nearest telling ancestor of a line gives it, if any."""
    if dom is None:
        return None
    menu_like = LineShape.of(text, dom).menu_like
    tags = dom.tags
    first_content = next((depth for depth, tag in enumerate(tags) if tag in CONTENT_TAGS), len(tags))
    for depth in range(len(tags) - 1, -1, -1):
        label = _step_label(dom.path[depth], depth > first_content, menu_like)
        if label is Label.RELATED and _inside_menu([parse_step(step) for step in dom.path[:depth]]):
            return Label.NAVIGATION
        if label is not None:
            return label
    return None


@lru_cache(maxsize=STEP_CACHE_SIZE)
def _step_label(step: str, inside_content: bool, menu_like: bool) -> Label | None:
    """`label_for_step` of a path step; cached, as a page's lines share their ancestors (a key of
    plain values: hashing a dataclass per ancestor and line cost more than the lookup saved)."""
    tag, values = parse_step(step)
    return label_for_step(tag, values, inside_content, menu_like)


def _inside_menu(steps: Sequence[tuple[str, Sequence[str]]]) -> bool:
    """Whether an outer ancestor is a menu: a related list in a mega-menu is navigation, one in a
    post tagged "navigation" is not (`_telling_values`)."""
    return any(tag == "nav" or any(MENU_WORDS.intersection(_value_words(value)) for value in _telling_values(values))
               for tag, values in steps if tag not in _SKIP_TAGS_FOR_WORDS)


def in_breadcrumb(dom: DomContext | None) -> bool:
    """Whether an element of the line is a breadcrumb (LABELS.md: navigation)."""
    return dom is not None and any(BREADCRUMB_MARK in value for step in dom.path
                                   for value in _telling_values(parse_step(step)[1]))


def rule_label(text: str, dom: DomContext | None) -> Label | None:
    """The rules' label for a line: its text's where that is telling, else its DOM context's."""
    return text_hint(text, dom) or dom_label(dom, text)


def text_hint(text: str, dom: DomContext | None) -> Label | None:
    """The text rules' label, outside figures: a credit under a photo in the article
    ("© Rolf Zoellner/imago") is the article's, not a legal line; and inside <noscript>, a notice
    about JavaScript is `other`."""
    return text_hints([text], [dom])[0]


def text_hints(texts: Sequence[str], doms: Sequence[DomContext | None]) -> list[Label | None]:
    """`text_hint` of each line (its text and DOM context), the lines of a page at once."""
    return [None if dom is not None and not FIGURE_TAGS.isdisjoint(dom.tags)
            else label or (Label.OTHER if _script_notice(text, dom) else None)
            for label, text, dom in zip(text_labels(texts), texts, doms)]


def _script_notice(text: str, dom: DomContext | None) -> bool:
    # the markup first: a text line has none, and case-folding every line cost more than the test
    return dom is not None and SCRIPT_NOTICE_TAG in dom.tags and SCRIPT_NAME in text.casefold()


def text_label(text: str) -> Label | None:
    """A label that the line's text alone gives with high precision: legal and contact lines."""
    return text_labels([text])[0]


def text_labels(texts: Sequence[str]) -> list[Label | None]:
    """`text_label` of each text."""
    words = [len(text.split()) for text in texts]
    labels: list[Label | None] = [None] * len(texts)
    short = [i for i, count in enumerate(words) if count <= LEGAL_MAX_WORDS]
    for found in _lines_matching(_COPYRIGHT, _COPYRIGHT_CUES, [texts[i] for i in short]):
        labels[short[found]] = Label.OTHER
    for i, text in enumerate(texts):
        # Every contact pattern holds an "@" or a digit: checking for them first skips the costly search.
        if (labels[i] is None and words[i] <= CONTACT_MAX_WORDS and ("@" in text or any(map(str.isdigit, text)))
                and _CONTACT.search(text)):
            labels[i] = Label.OTHER
    return labels


def _lines_matching(pattern: re.Pattern[str], cues: Sequence[str], texts: Sequence[str]) -> set[int]:
    """Which of the texts, lower-cased, the pattern finds something in, where every match of the
    pattern holds one of the `cues`. The texts are lower-cased and joined by line breaks once, the
    cues found in the joined text, and the pattern searched in the lines that hold one (a search per
    text cost more in calls than in searching). A line break inside a text becomes a space, which
    the patterns read alike."""
    lowered = [text.replace("\n", " ").lower() for text in texts]  # lower() may change a text's length
    joined = "\n".join(lowered)
    starts = list(accumulate((len(text) + 1 for text in lowered), initial=0))
    candidates = set()
    for cue in cues:
        found = joined.find(cue)
        while found >= 0:
            line = bisect_right(starts, found) - 1
            candidates.add(line)
            found = joined.find(cue, starts[line + 1])  # the next line: this one is a candidate already
    return {line for line in candidates if pattern.search(lowered[line])}
