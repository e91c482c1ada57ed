"""The page's own headline, and the date lines under it, are body (LABELS.md: headline, byline
and dateline count as body).

The context model often calls a headline `navigation`: a short line without end punctuation, near
the top among menus, the more so on Chinese and Japanese pages (on the hand-labelled ones, 5 of the
zh and ja pages' 25 body lines called otherwise were headlines or the title above them). The page's
title line names its headline: a WET record's first line and segmenter's `<title>` line are the
page's title, which holds the headline, often with the site's name around it. The training pages'
weak labels are made by the same reading (segmenter.corpus.weak), against the ground truth's title.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from segmenter.labels import Label
from segmenter.lines import TITLE_TAG, Line
from segmenter.tokens import tokens

# A headline holds at least this many tokens: a line of one or two ("News", "Home") sits in many
# titles by chance.
MIN_HEADLINE_TOKENS = 3
# ...and at least this share of the title's tokens: a title adds the site's name to its headline,
# rarely more. On the dev split of the corpus, 0.5 scored above 0.3 and 0.7 (docs/MODEL.md, "The
# page's own headline").
MIN_TITLE_SHARE = 0.5
# Date lines are looked for in this many lines under the headline (up to the first body line): on
# the dev split 3 scored as 5 and above looking as far as the first body line.
DATELINE_WINDOW = 3
# A date line is short: a byline and a date, not a sentence that mentions a year.
DATELINE_MAX_TOKENS = 20
DATE = regex.compile(r"\b(19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d\d\b")


def with_headline_body(lines: Sequence[Line], labels: Sequence[Label]) -> list[Label]:
    """The labels with the page's headline body (the first line after the title that the title
    holds whole), the title too when it opens with the headline, and the date lines right under
    the headline. A page whose first line is no title (HTML without `<title>`) keeps its labels."""
    out = list(labels)
    if len(lines) < 2 or (lines[0].dom is not None and lines[0].dom.tag != TITLE_TAG):
        return out
    title = tokens(lines[0].text)
    found = _headline(lines, title)
    if found is None:
        return out
    headline, words = found
    out[headline] = Label.BODY
    if title[:len(words)] == words:
        out[0] = Label.BODY
    for i in range(headline + 1, min(len(lines), headline + 1 + DATELINE_WINDOW)):
        if out[i] is Label.BODY:
            break
        if dateline(lines[i].text):
            out[i] = Label.BODY
    return out


def _headline(lines: Sequence[Line], title: list[str]) -> tuple[int, list[str]] | None:
    """The first line after the title whose tokens the title holds in a row, and its tokens."""
    if not title:
        return None
    spaced = f" {' '.join(title)} "
    for i in range(1, len(lines)):
        words = tokens(lines[i].text)
        if (len(words) >= MIN_HEADLINE_TOKENS and len(words) >= MIN_TITLE_SHARE * len(title)
                and f" {' '.join(words)} " in spaced):
            return i, words
    return None


def dateline(text: str) -> bool:
    """Whether a line reads as a byline or dateline: short, with a year, a date or a time."""
    return len(tokens(text)) <= DATELINE_MAX_TOKENS and bool(DATE.search(text))
