"""Pages that hold more than one article: the one the page is about, then others after it.

News sites append the next stories below the one asked for (endless scroll, "read next"), each in
an `<article>` of its own under a headline of the same rank as the page's own. The context model
reads a window of lines, and their paragraphs read like body, so it calls them body. The page's
`<title>` names its own article: that article's headline is in the title. Body lines of another
article after it, neither inside it nor around it, under a headline of the same rank, are
`related` (LABELS.md: other content of the site). Articles nested in the page's own are its parts
(a listicle's items), and articles under lesser headings are sections of one page (a recipe's
ingredients and steps), so both keep their labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from segmenter.labels import Label, relabelled_at
from segmenter.lines import TITLE_TAG, ElementPath, Line
from segmenter.tokens import tokens

ARTICLE_TAG = "article"
_ARTICLE = frozenset({ARTICLE_TAG})
HEADLINE_TAGS = frozenset({"h1", "h2", "h3"})
# A headline of one or two words ("News", "Sport") sits in many titles by chance.
MIN_HEADLINE_WORDS = 3


def other_articles(lines: Sequence[Line], labels: Sequence[Label]) -> list[int]:
    """The positions of the body lines that belong to articles after the page's own (see the module's
    text); none when the page has no title, fewer than two articles with body, or no single article
    whose headline is in the title."""
    title = _words(lines[0]) if lines and _tag(lines[0]) == TITLE_TAG else ""
    if not title.strip() or not any(line.dom is not None and ARTICLE_TAG in line.dom.tags for line in lines):
        return []
    owners = [_article(line) for line in lines]
    with_body = list(dict.fromkeys(owner for owner, label in zip(owners, labels)
                                   if owner is not None and label is Label.BODY))
    if len(with_body) < 2:
        return []
    headlines = _headlines(lines, owners)
    own = {article: in_title[0] for article in with_body
           if (in_title := [_tag(line) for line in headlines.get(article, []) if _in_title(line, title)])}
    if len(own) != 1:
        return []
    ((page_article, rank),) = own.items()
    start = owners.index(page_article)
    others = {article for article in with_body if not _nested(article, page_article)
              and rank in {_tag(line) for line in headlines.get(article, [])}}
    return [i for i in range(start + 1, len(lines))
            if labels[i] is Label.BODY and owners[i] in others]


def with_other_articles_related(lines: Sequence[Line], labels: Sequence[Label]) -> list[Label]:
    """The labels with the body lines of the articles after the page's own (`other_articles`) related."""
    return relabelled_at(labels, other_articles(lines, labels), Label.RELATED)


def _tag(line: Line) -> str:
    return line.dom.tag if line.dom is not None else ""


def _words(line: Line) -> str:
    """The line's tokens, space-separated and padded, so that one is found in another only whole."""
    return f" {' '.join(tokens(line.text))} "


def _article(line: Line) -> ElementPath | None:
    """The innermost `<article>` around the line (its path), if any."""
    return None if line.dom is None else line.dom.innermost(_ARTICLE)


def _headlines(lines: Sequence[Line], owners: Sequence[ElementPath | None]) -> dict[ElementPath, list[Line]]:
    """Each article's own headline lines (those in articles nested in it are theirs)."""
    headlines: dict[ElementPath, list[Line]] = {}
    for line, owner in zip(lines, owners):
        if owner is not None and _tag(line) in HEADLINE_TAGS:
            headlines.setdefault(owner, []).append(line)
    return headlines


def _in_title(line: Line, title: str) -> bool:
    words = _words(line)
    return len(words.split()) >= MIN_HEADLINE_WORDS and words in title


def _nested(article: ElementPath, other: ElementPath) -> bool:
    """Whether one of the two articles holds the other."""
    shorter = min(len(article), len(other))
    return article[:shorter] == other[:shorter]
