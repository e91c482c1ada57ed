"""Lines with markup → the region of the page each sits in, as the text model reads it.

A sidebar's teasers and an article's last paragraphs can look alike line by line and sit next to
each other in the page's text, so the windows of neighbouring lines (segmenter.windows) mix them.
The elements around a line keep them apart: for the element REGION_LEVELS steps above the line's
own, the text model's mean probabilities over every line inside that element (weighted by
characters, so that one long paragraph outweighs a row of links) and that element's share of the
page's characters. An element's lines follow one another in the page's text, so each is a run of
lines, found from how many path steps each line shares with the one before.

Only the context model for HTML input reads these columns; text input has no elements.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from numba import njit

from segmenter.labels import Label
from segmenter.lines import Line

# Steps up from a line's own element: its parent (a list, a comment, a teaser card), the box
# around that, and further out the column or section the box sits in.
REGION_LEVELS: tuple[int, ...] = (1, 2, 3, 5)
# The labels whose mean probability describes a region; other's is one minus their sum.
REGION_LABELS: tuple[Label, ...] = (Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.RELATED)
REGION_COLUMNS: tuple[str, ...] = tuple(
    name for level in REGION_LEVELS
    for name in (*(f"up{level}_text_{label.value}" for label in REGION_LABELS), f"up{level}_share"))
_SCORED = [list(Label).index(label) for label in REGION_LABELS]


def region_columns(lines: Sequence[Line], text_scores: np.ndarray) -> np.ndarray:
    """REGION_COLUMNS for the lines of one page, given the text model's probabilities (columns
    in Label order); zeros where the page's lines carry no markup."""
    columns = np.zeros((len(lines), len(REGION_COLUMNS)), dtype=np.float32)
    if not lines or all(line.dom is None for line in lines):
        return columns
    paths = [() if line.dom is None else line.dom.path for line in lines]
    shared = np.array([0, *(_shared_steps(before, after) for before, after in pairwise(paths))],
                      dtype=np.int64)
    depths = np.array([len(path) for path in paths], dtype=np.int64)
    starts, ends = _element_runs(shared, depths, np.array(REGION_LEVELS, dtype=np.int64))
    chars = np.array([max(len(line.text), 1) for line in lines], dtype=np.float64)
    char_sums = np.concatenate([[0.0], np.cumsum(chars)])
    score_sums = np.vstack([np.zeros((1, len(_SCORED))),
                            np.cumsum(text_scores[:, _SCORED].astype(np.float64) * chars[:, None], axis=0)])
    width = len(REGION_LABELS) + 1
    for level in range(len(REGION_LEVELS)):
        start, end = starts[:, level], ends[:, level]
        region_chars = char_sums[end] - char_sums[start]
        columns[:, level * width:level * width + len(REGION_LABELS)] = \
            (score_sums[end] - score_sums[start]) / region_chars[:, None]
        columns[:, level * width + len(REGION_LABELS)] = region_chars / char_sums[-1]
    return columns


def _shared_steps(before: tuple[str, ...], after: tuple[str, ...]) -> int:
    """How many path steps, from the root, two lines have in common."""
    steps = 0
    for mine, theirs in zip(before, after):
        if mine != theirs:
            break
        steps += 1
    return steps


@njit(cache=True, nogil=True)
def _element_runs(shared: np.ndarray, depths: np.ndarray, levels: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover (compiled)
    """For each line and level, the first line of the element that many steps above the line's
    own and the line after its last (the whole page where the path is shorter)."""
    n, deepest = len(depths), depths.max() + 1
    starts = np.empty((n, len(levels)), dtype=np.int64)
    ends = np.empty((n, len(levels)), dtype=np.int64)
    begun = np.zeros(deepest + 1, dtype=np.int64)  # where the open element with that many steps began
    for i in range(n):
        for steps in range(shared[i] + 1, deepest + 1):  # elements the line does not share with the last
            begun[steps] = i
        for level in range(len(levels)):
            starts[i, level] = begun[max(depths[i] - levels[level], 0)]
    closes = np.full(deepest + 1, n, dtype=np.int64)
    for i in range(n - 1, -1, -1):
        if i + 1 < n:
            for steps in range(shared[i + 1] + 1, deepest + 1):
                closes[steps] = i + 1
        for level in range(len(levels)):
            ends[i, level] = closes[max(depths[i] - levels[level], 0)]
    return starts, ends
