"""Labelled lines → the texts a reader wants: the page's title, its body and its comments.

Lines of the kept labels are joined into paragraphs as the page sets them: each block (paragraph,
heading, quote) is a paragraph of its own, separated by a blank line, while the items of one list
and the rows of one table stay on consecutive lines. Text input has no markup to say where
paragraphs are, and each of its lines is a block: its kept lines are joined one per line.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from segmenter.headlines import find_headline
from segmenter.labels import Label
from segmenter.lines import TITLE_TAG, Line, starts_with_title
from segmenter.segmenter import LabelledLine

# Blocks whose siblings read as one paragraph: a list's items, a table's rows, a definition list.
_GROUPED = frozenset({"li", "tr", "dt", "dd"})


@dataclass(frozen=True)
class Extraction:
    """What a page says, by label: its title, body text and comments text."""

    title: str
    body: str
    comments: str


def extract(lines: Sequence[Line], labelled: Sequence[LabelledLine]) -> Extraction:
    """The page's title (its `<title>`, or for text input its first line, as in a WET record),
    and the text of its body and of its comments. A `<title>` is the page's name, never its text;
    the first line of text input stays in the text when its label is kept, as other dumps than
    WET may start with the article itself, unless it opens with a headline kept below it
    (`kept_text`)."""
    if len(lines) != len(labelled):
        raise ValueError(f"{len(labelled)} labels for {len(lines)} lines")
    title = lines[0].text.strip() if starts_with_title(lines) else ""
    return Extraction(title, kept_text(lines, labelled, {Label.BODY}),
                      kept_text(lines, labelled, {Label.COMMENTS}))


def kept_text(lines: Sequence[Line], labelled: Sequence[LabelledLine], keep: Collection[Label]) -> str:
    """The text of the lines whose label is kept, in paragraphs (see the module's docstring). Text
    input's first line is left out when it opens with the page's headline and the headline is kept:
    a WET record's title ("Headline | Site") would say the headline twice."""
    parts: list[str] = []
    group_before: tuple[str, ...] | None = None
    for index, (line, label) in enumerate(zip(lines, labelled)):
        if (label.label not in keep or (line.dom is not None and line.dom.tag == TITLE_TAG)
                or (index == 0 and _repeats_a_kept_headline(lines, labelled, keep))):
            group_before = None
            continue
        group = _group(line)
        if parts:
            parts.append("\n" if line.dom is None or (group is not None and group == group_before) else "\n\n")
        parts.append(line.text.strip())
        group_before = group
    return "".join(parts)


def _repeats_a_kept_headline(lines: Sequence[Line], labelled: Sequence[LabelledLine],
                              keep: Collection[Label]) -> bool:
    headline = find_headline(lines)
    return headline is not None and headline.opens_title and labelled[headline.line].label in keep


def _group(line: Line) -> tuple[str, ...] | None:
    """The path of the list or table whose item or row the line is, or None for other blocks."""
    return None if line.dom is None else line.dom.parent_of_innermost(_GROUPED)
