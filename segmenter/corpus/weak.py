"""A collection page and its ground truth → a labelled page, following LABELS.md.

Lines that align with the ground truth take its label; the others take the label of the DOM
rules (`segmenter/dom_rules.py`) where the ground truth is complete, and stay unlabelled where no rule
speaks. Then LABELS.md's own reading is restored where ground truths differ from it: the
headline, byline and dateline are body, and forum replies after the opening post are comments.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from segmenter.corpus.align import align, contains_snippet
from segmenter.corpus.records import GroundTruth, LabelledLine, LabelledPage, SourcePage
from segmenter.dom_rules import rule_label
from segmenter.headlines import DATE, DATELINE_MAX_TOKENS
from segmenter.labels import Label
from segmenter.langid import LanguageIdentifier
from segmenter.lines import Line, html_lines, parse_step
from segmenter.tokens import tokens

# How far above the first body line a headline is looked for, in lines.
HEADLINE_WINDOW = 12
# Token overlap (both ways) for a line to count as the ground truth's title.
TITLE_OVERLAP = 0.8
_NUMBERS = regex.compile(r"\d+")
_ALTERNATING = frozenset({"odd", "even", "alt", "first", "last", ""})
_BYLINE_WORDS = frozenset({"byline", "author", "date", "time", "dateline", "published", "meta",
                           "posted", "updated", "timestamp"})


def weak_label(page: SourcePage, identifier: LanguageIdentifier) -> LabelledPage:
    """The weak-labelled lines of a collection page."""
    if page.text_lines is not None:
        lines = [Line(text) for text in page.text_lines]
    else:
        lines = html_lines(page.html or "")
    labels, not_body = _labels(lines, page.truth)
    _recover_headline(lines, labels, page.truth)
    if page.truth.replies_in_main_text:
        _split_thread(lines, labels)
    body = [line.text for line, label in zip(lines, labels) if label is Label.BODY]
    language = identifier.page_language(body or [line.text for line in lines])
    labelled = tuple(
        LabelledLine(line.text, label, flag and label is None, line.dom)
        for line, label, flag in zip(lines, labels, not_body)
    )
    return LabelledPage(
        id=f"{page.collection}/{page.id}", lang=language, source=page.collection, lines=labelled,
        url=page.url, page_type=page.page_type,
        input_kind="text" if page.text_lines is not None else "html",
    )


def _labels(lines: Sequence[Line], truth: GroundTruth) -> tuple[list[Label | None], list[bool]]:
    texts = [line.text for line in lines]
    if truth.noise_lines is not None:
        return [None] * len(lines), list(truth.noise_lines)
    body = _matches(texts, truth.main_text, truth.with_snippets)
    comments = _matches(texts, truth.comments_text, truth.comment_snippets)
    # Many ground truths keep reviews, comments or replies in their main text: where the
    # markup says comments, LABELS.md does too. Not on threads, whose opening post often sits
    # in a "comment" element as well; `_split_thread` tells its replies apart.
    markup_decides = not truth.replies_in_main_text
    related = _matches(texts, truth.related_text, ())
    boilerplate = _matches(texts, truth.boilerplate_text, truth.without_snippets)
    complete = truth.main_text is not None
    labels: list[Label | None] = []
    for i, line in enumerate(lines):
        rule = rule_label(line.text, line.dom)
        markup_comment = rule is Label.COMMENTS and (comments[i] or body[i] and markup_decides)
        if markup_comment or (comments[i] and not body[i]):
            labels.append(Label.COMMENTS)
        elif related[i] and not body[i]:
            labels.append(Label.RELATED)
        elif body[i] and not boilerplate[i]:
            labels.append(Label.BODY)
        elif complete or boilerplate[i]:
            labels.append(rule if rule is not Label.BODY else None)
        else:
            labels.append(None)
    not_body = [complete and not body[i] or boilerplate[i] for i in range(len(lines))]
    return labels, not_body


def _matches(texts: Sequence[str], text: str | None, snippets: Sequence[str]) -> list[bool]:
    aligned = align(texts, text)
    if not snippets:
        return aligned
    return [a or contains_snippet(t, snippets) for a, t in zip(aligned, texts)]


def _recover_headline(lines: Sequence[Line], labels: list[Label | None], truth: GroundTruth) -> None:
    """Headline, byline and dateline count as body (LABELS.md), whatever the ground truth says."""
    first = next((i for i, label in enumerate(labels) if label is Label.BODY), None)
    if first is None:
        return
    title = tokens(truth.title)
    headline = None
    for i in range(first - 1, max(-1, first - 1 - HEADLINE_WINDOW), -1):
        if labels[i] in (Label.COMMENTS, Label.RELATED):
            break
        heading = lines[i].dom is not None and lines[i].dom.tag in ("h1", "h2")
        if (labels[i] is None or heading) and _is_headline(lines[i], title):
            headline = i
            labels[i] = Label.BODY
            break
    if headline is None:
        headline = first if _is_headline(lines[first], title) else None
    if headline is None:
        return
    for i in range(headline + 1, first):
        if labels[i] is None and _is_byline(lines[i], truth):
            labels[i] = Label.BODY
    _label_title_line(lines, labels, tokens(lines[headline].text))


def _is_headline(line: Line, title: Sequence[str]) -> bool:
    if line.dom is not None and line.dom.tag == "h1":
        return True
    words = tokens(line.text)
    if not title or not words:
        return False
    shared = len(set(words) & set(title))
    return shared >= TITLE_OVERLAP * len(set(words)) and shared >= TITLE_OVERLAP * len(set(title))


def _is_byline(line: Line, truth: GroundTruth) -> bool:
    words = tokens(line.text)
    # bylines and datelines are short: a long line between headline and body is a standfirst the
    # ground truth left out, which is not what this step recovers
    if not words or len(words) > DATELINE_MAX_TOKENS:
        return False
    joined = " " + " ".join(words) + " "
    if any(" " + " ".join(tokens(author)) + " " in joined for author in truth.authors if author):
        return True
    if DATE.search(line.text):
        return True
    step_words = {w for step in (line.dom.path if line.dom else ()) for w in regex.split(r"[-_\s:]", step)}
    return bool(step_words & _BYLINE_WORDS)


def _label_title_line(lines: Sequence[Line], labels: list[Label | None], headline: Sequence[str]) -> None:
    """The `<title>` line is body when it opens with the headline ("Headline | Site")."""
    if not lines or lines[0].dom is None or lines[0].dom.tag != "title" or not headline:
        return
    if tokens(lines[0].text)[: len(headline)] == list(headline):
        labels[0] = Label.BODY


def _split_thread(lines: Sequence[Line], labels: list[Label | None]) -> None:
    """On a forum thread the first post is body and the replies after it are comments.

    Posts are the first run of alike siblings (same tag and classes, ids and positions aside)
    found going down from the root along the body lines; a reply is every line inside a post
    after the first, its author and date lines included.
    """
    body = [lines[i].dom.path for i, label in enumerate(labels)  # type: ignore[union-attr]
            if label is Label.BODY and lines[i].dom is not None]
    found = _find_posts(body)
    if found is None:
        return
    prefix, posts = found
    depth = len(prefix)
    for i, line in enumerate(lines):
        path = line.dom.path if line.dom else ()
        if len(path) > depth and path[:depth] == prefix and path[depth] in posts[1:]:
            if labels[i] in (Label.BODY, None):
                labels[i] = Label.COMMENTS


def _find_posts(paths: list[tuple[str, ...]]) -> tuple[tuple[str, ...], list[str]] | None:
    """The ancestor path of the posts and the posts' own steps, in page order."""
    depth = _common_prefix_length(paths)
    while len(paths) >= 2:
        steps = [path[depth] for path in paths if len(path) > depth]
        posts = _alike_siblings(list(dict.fromkeys(steps)))
        if posts is not None:
            return paths[0][:depth], posts
        if not steps:
            return None
        # No posts at this level: follow the child that holds most of the body (the first in page
        # order of a tie: a set's order would change with the process's string hashing).
        busiest = max(dict.fromkeys(steps), key=steps.count)
        paths = [path for path in paths if len(path) > depth and path[depth] == busiest]
        depth = _common_prefix_length(paths)
    return None


def _common_prefix_length(paths: Sequence[Sequence[str]]) -> int:
    depth = 0
    for steps in zip(*paths):
        if any(step != steps[0] for step in steps):
            break
        depth += 1
    return depth


def _alike_siblings(steps: list[str]) -> list[str] | None:
    """The largest group of two or more siblings of the same shape, if any."""
    shapes: dict[str, list[str]] = {}
    for step in steps:
        shapes.setdefault(_shape(step), []).append(step)
    posts = max(shapes.values(), key=len, default=[])
    return posts if len(posts) >= 2 else None


def _shape(step: str) -> str:
    """A post's element without what differs between posts: position, ids, odd/even."""
    tag, words = parse_step(step)
    kept = sorted({_NUMBERS.sub("", w) for w in words} - _ALTERNATING)
    return " ".join([tag, *kept])
