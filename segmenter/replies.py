"""Forum and Q&A threads: the opening post, then the replies, in sibling elements of one kind.

LABELS.md counts a thread's opening post as body and the replies after it as comments. Forums
put each post in an element of the same kind as its neighbours (Tieba's `div.l_post`, Discourse's
`div.crawler-post`, Stack Exchange's `div.answer`), and a long reply reads like an article's
paragraphs, so the context model, which reads a window of lines, calls it body; the posts'
machinery (reply links, post times, "Floor 3") it does call comments. Among sibling elements of
one kind (tag and attribute words), most of which hold a comments line, the first is the opening
post, and the body lines of each later one that holds a comments line are a reply's: comments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from segmenter.labels import Label, relabelled_at
from segmenter.lines import STEP_CACHE_SIZE, Line, parse_step

# Layout blocks side by side (columns, rows, page sections) can hold an article and its comment
# section in one of them; a thread's posts are many, and most carry a reply link or a post time.
MIN_POSTS_WITH_MACHINERY = 3

# The rule reads only these lines: the other labels neither make a post nor change.
_TOLD = frozenset({Label.BODY, Label.COMMENTS})
Kind = tuple[str, tuple[str, ...]]  # an element's tag and its attribute words without digits
Siblings = list[list[int]]  # the line positions under each child of one kind of one parent, in page order


def reply_lines(lines: Sequence[Line], labels: Sequence[Label]) -> list[int]:
    """The positions of the body lines in replies (see the module's text)."""
    if labels.count(Label.COMMENTS) < MIN_POSTS_WITH_MACHINERY or Label.BODY not in labels:
        return []
    found: list[int] = []
    for posts in _sibling_groups(lines, [label in _TOLD for label in labels]):
        machinery = [any(labels[i] is Label.COMMENTS for i in post) for post in posts]
        if sum(machinery) < MIN_POSTS_WITH_MACHINERY or 2 * sum(machinery) < len(posts):
            continue
        found += [i for post, replied in zip(posts[1:], machinery[1:]) if replied
                  for i in post if labels[i] is Label.BODY]
    return sorted(set(found))


def _sibling_groups(lines: Sequence[Line], wanted: Sequence[bool]) -> list[Siblings]:
    """For each parent element and kind of child element, the wanted lines under each such child.
    An element is known by its parent's number and its own path step (which holds its position)."""
    numbers: dict[tuple[int, str], int] = {}
    groups: dict[tuple[int, Kind], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, line in enumerate(lines):
        if line.dom is None or not wanted[i]:
            continue
        parent = -1
        for step in line.dom.path:
            kind = _kind(step)
            if kind is not None:
                groups[(parent, kind)][step].append(i)
            parent = numbers.setdefault((parent, step), len(numbers))
    return [list(children.values()) for children in groups.values()]


@lru_cache(maxsize=STEP_CACHE_SIZE)
def _kind(step: str) -> Kind | None:
    """A path step's tag and attribute words, those with digits left out (posts carry their ids
    among them: "post_content_145688898555", "post-123"); None for an element with no other words."""
    tag, values = parse_step(step)
    words = tuple(value for value in values if not any(map(str.isdigit, value)))
    return (tag, words) if words else None


def with_replies_comments(lines: Sequence[Line], labels: Sequence[Label]) -> list[Label]:
    """The labels with the body lines of replies (`reply_lines`) comments."""
    return relabelled_at(labels, reply_lines(lines, labels), Label.COMMENTS)
