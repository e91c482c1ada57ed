"""The page's own headline, and the date lines under it, are body (LABELS.md: headline, byline
and dateline count as body).

The context model often calls a headline `navigation`: a short line without end punctuation, near
the top among menus, the more so on Chinese and Japanese pages (of the 25 body lines it missed on
the hand-labelled ones, text input, this rule finds 7: docs/MODEL.md, "The page's own headline"). The page's
title line names its headline: a WET record's first line and segmenter's `<title>` line are the
page's title, which holds the headline, often with the site's name around it. The training pages'
weak labels are made by the same reading (segmenter.corpus.weak), against the ground truth's title.
On HTML input a breadcrumb's item is not the headline: a breadcrumb often ends with the headline,
above the headline itself (LABELS.md: breadcrumbs are navigation). A heading is, even inside a
breadcrumb: some sites put the page's `<h1>` there.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from segmenter.dom_rules import in_breadcrumb
from segmenter.labels import Label
from segmenter.lines import HEADING_TAGS, Line, starts_with_title
from segmenter.tokens import normalise, tokens

# A headline holds at least this many tokens: a line of one or two ("News", "Home") sits in many
# titles by chance.
MIN_HEADLINE_TOKENS = 3
# ...and at least this share of the title's tokens: a title adds the site's name to its headline,
# rarely more. On the dev split of the corpus, 0.5 scored above 0.3 and 0.7 (docs/MODEL.md, "The
# page's own headline").
MIN_TITLE_SHARE = 0.5
# Date lines are looked for in this many lines under the headline, whatever their labels (a
# standfirst may come first): on the dev split 3 scored within 0.0001 of 5 and above looking as far
# as the first body line (docs/MODEL.md, "The page's own headline", "Breadcrumbs and dates").
DATELINE_WINDOW = 3
# A date line is short: a byline and a date, not a sentence that mentions a year.
DATELINE_MAX_TOKENS = 20
# A year stands apart from other digits and Latin letters ("RTX2080" is a product), not from the
# characters around it in scripts without spaces: "2025年1月13日" is a date.
DATE = regex.compile(r"(?<![\p{Nd}\p{Latin}])(19|20)\d\d(?![\p{Nd}\p{Latin}])"
                     r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d\d\b")


@dataclass(frozen=True)
class Headline:
    """The page's headline: the line's position, and whether the title opens with it."""

    line: int
    opens_title: bool


def find_headline(lines: Sequence[Line]) -> Headline | None:
    """The first line after the title that the title holds whole and that is no breadcrumb's item,
    if the page has a title (its first line, unless an HTML page's first line is no `<title>`) and
    such a line."""
    if len(lines) < 2 or not starts_with_title(lines):
        return None
    title = tokens(lines[0].text)
    found = _headline(lines, title)
    if found is None:
        return None
    line, words = found
    return Headline(line, title[:len(words)] == words)


def with_headline_body(lines: Sequence[Line], labels: Sequence[Label]) -> list[Label]:
    """The labels with the page's headline body (`find_headline`), the title too when it opens
    with the headline, and the date lines in the DATELINE_WINDOW lines under the headline."""
    out = list(labels)
    headline = find_headline(lines)
    if headline is None:
        return out
    out[headline.line] = Label.BODY
    if headline.opens_title:
        out[0] = Label.BODY
    for i in range(headline.line + 1, min(len(lines), headline.line + 1 + DATELINE_WINDOW)):
        if dateline(lines[i].text):
            out[i] = Label.BODY
    return out


def _headline(lines: Sequence[Line], title: list[str]) -> tuple[int, list[str]] | None:
    """The first line after the title whose tokens the title holds in a row, and its tokens."""
    if not title:
        return None
    spaced = f" {' '.join(title)} "
    least = max(MIN_HEADLINE_TOKENS, MIN_TITLE_SHARE * len(title))
    letters = frozenset(normalise(lines[0].text))
    for i in range(1, len(lines)):
        if not _may_be_in(lines[i].text, letters, least):
            continue
        words = tokens(lines[i].text)
        if len(words) >= least and f" {' '.join(words)} " in spaced and not _crumb(lines[i]):
            return i, words
    return None


def _crumb(line: Line) -> bool:
    """Whether the line is a breadcrumb's item, not a heading that stands in a breadcrumb."""
    return line.dom is not None and line.dom.tag not in HEADING_TAGS and in_breadcrumb(line.dom)


def _may_be_in(text: str, letters: frozenset[str], least: float) -> bool:
    """False when `text` cannot hold `least` of the title's tokens: it is shorter than that, or it
    has a letter or digit that the title's normalised text lacks. Tokenising every line cost a
    fifth of labelling a text page; this reads the raw text, and leaves to `tokens` the texts it
    would read otherwise (entities, characters that NFKC changes)."""
    if "&" in text or not unicodedata.is_normalized("NFKC", text):
        return True
    folded = text.casefold()
    return len(folded) >= least and not any(ch.isalnum() for ch in set(folded) - letters)


def dateline(text: str) -> bool:
    """Whether a line reads as a byline or dateline: short, with a year, a date or a time."""
    return len(tokens(text)) <= DATELINE_MAX_TOKENS and bool(DATE.search(text))
