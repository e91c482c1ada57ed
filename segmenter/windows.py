"""The rows the context model reads: each line's columns beside its neighbours', within its page.

Input rows are lines, in page order; `page_ids` says where pages begin and end so that a
window never reaches across pages. Each line is described by its own columns, the columns of
the `window` lines before and after it (zeros and an "absent" flag past the page's edges),
the means over wider windows around it (or, directional, over the lines above it and the lines
below it apart), and the page's mean of every column (how much of the page looks like body,
menus, ...).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def windowed(X: np.ndarray, page_ids: np.ndarray, window: int,
             neighbour_columns: Sequence[int] | None = None, wide_windows: Sequence[int] = (),
             directional: bool = False) -> np.ndarray:
    """Each row's columns, its neighbours' within the page (`neighbour_columns` only, when
    given), the means of those columns over each wide window of lines around it (`directional`:
    over the window's lines above the row and, apart, below it, the row left out), their share
    of the page's total that comes before it (where the row sits in the page's mass of body-like
    text, say), and the page's column means. A page's rows must be contiguous."""
    n = X.shape[0]
    near = X if neighbour_columns is None else X[:, list(neighbour_columns)]
    d = near.shape[1]
    blocks = [X]
    for offset in [o for o in range(-window, window + 1) if o != 0]:
        shifted = np.zeros((n, d + 1), dtype=np.float32)
        source = np.arange(n) + offset
        inside = (source >= 0) & (source < n)
        inside[inside] &= page_ids[source[inside]] == page_ids[inside]
        shifted[inside, :d] = near[source[inside]]
        shifted[~inside, d] = 1.0  # past the page's edge
        blocks.append(shifted)
    if wide_windows:
        blocks.extend(_wide(near, page_ids, wide_windows, directional))
    blocks.append(_page_means(X, page_ids))
    return np.hstack(blocks)


def _wide(near: np.ndarray, page_ids: np.ndarray, wide_windows: Sequence[int], directional: bool) -> list[np.ndarray]:
    n = len(near)
    starts_here = page_starts(page_ids)
    start = np.maximum.accumulate(np.where(starts_here, np.arange(n), 0))
    ends_here = np.r_[starts_here[1:], True]
    end = np.minimum.accumulate(np.where(ends_here, np.arange(n), n)[::-1])[::-1] + 1
    total = np.vstack([np.zeros((1, near.shape[1])), np.cumsum(near, axis=0, dtype=np.float64)])
    blocks = []
    index = np.arange(n)
    for width in wide_windows:
        low, high = np.maximum(index - width, start), np.minimum(index + width + 1, end)
        if directional:  # a comment form above a line tells another story than one below it
            blocks.append(_mean(total[index] - total[low], index - low))
            blocks.append(_mean(total[high] - total[index + 1], high - index - 1))
        else:
            blocks.append(_mean(total[high] - total[low], high - low))
    page_total = total[end] - total[start]
    before = total[index] - total[start]
    blocks.append(np.divide(before, page_total, out=np.zeros_like(before), where=page_total > 0).astype(np.float32))
    return blocks


def _mean(sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sums of rows over counts of rows, as float32; zeros where no row was counted (a page's edge)."""
    return (sums / np.maximum(counts, 1)[:, None]).astype(np.float32)


def _page_means(X: np.ndarray, page_ids: np.ndarray) -> np.ndarray:
    """Each row's page's column means (pages contiguous: one sum per run of rows, in row order)."""
    if not len(X):
        return np.zeros((0, X.shape[1]), dtype=np.float32)
    starts = np.flatnonzero(page_starts(page_ids))
    counts = np.diff(np.r_[starts, len(X)])
    sums = np.add.reduceat(X.astype(np.float64), starts, axis=0)
    return np.repeat((sums / counts[:, None]).astype(np.float32), counts, axis=0)


def page_starts(page_ids: np.ndarray) -> np.ndarray:
    """Whether each row is its page's first (a page's rows are contiguous)."""
    return np.r_[True, page_ids[1:] != page_ids[:-1]]


def page_ids_for(page_ids: np.ndarray | None, n: int) -> np.ndarray:
    """The page of each of n lines: all on one page when none are given."""
    if page_ids is None:
        return np.zeros(n, dtype=np.int64)
    page_ids = np.asarray(page_ids)
    if len(page_ids) != n:
        raise ValueError(f"{len(page_ids)} page ids for {n} lines")
    return page_ids
