"""Context-model training rows → copies of pages whose menu lines read like body, labels kept.

A drop-down menu can hold whole teasers or descriptions in its links: long lines that the text
model reads as body and that the markup names a menu. Training pages hold few of them (docs/MODEL.md,
Known failures), so the trees follow the text model there. In a copy of a page, each menu line
takes the text columns (the text model's probabilities and the text's shape) of one of the page's
own body lines and keeps its label, markup and neighbours: the copy shows the trees the markup
deciding. The region columns stay the page's own. Only the HTML-input context model learns from
the copies, with `segmenter train --menu-copies SHARE` (docs/MODEL.md, "Menu copies").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from segmenter.labels import Label
from segmenter.segmenter import INPUT_COLUMNS
from segmenter.windows import page_starts

TEXT_COLUMNS: tuple[int, ...] = tuple(INPUT_COLUMNS.index(name) for name in (
    *(f"text_{label.value}" for label in Label), "log_chars", "log_words", "chars_per_word",
    "terminal_punctuation", "digit_share", "upper_share", "titlecase_share", "punctuation_share",
    "starts_with_bullet", "separator_count", "cjk_share"))
# A menu line: named navigation by the DOM rules, and at least half its text is link text.
MENU_LINK_SHARE = 0.5
# A page is copied only if it has at least this many menu lines and body lines to lend them text.
MIN_LINES = 3
_MENU_RULE = INPUT_COLUMNS.index("dom_rule_navigation")
_LINK_SHARE = INPUT_COLUMNS.index("link_share")
_HAS_DOM = INPUT_COLUMNS.index("has_dom")


@dataclass(frozen=True)
class MenuCopies:
    """The copied pages' rows, the row each was copied from (its label and marks hold for the copy),
    and each copy's page id (new ids, after the training rows')."""

    rows: np.ndarray
    source: np.ndarray
    page_ids: np.ndarray


def menu_copies(X: np.ndarray, labels: np.ndarray, page_ids: np.ndarray, share: float, seed: int) -> MenuCopies:
    """Copies of a `share` of the pages with markup (drawn with `seed`) whose labelled menu lines
    take the text columns of their page's body lines. A page's rows must be contiguous."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"the share of pages to copy is between 0 and 1, not {share}")
    rng = np.random.default_rng(seed)
    starts = np.flatnonzero(page_starts(page_ids)) if len(X) else np.zeros(0, dtype=np.int64)
    ends = np.r_[starts[1:], len(X)]
    rows, source, ids = [], [], []
    next_id = int(page_ids.max()) + 1 if len(X) else 0
    for start, end in zip(starts, ends):
        if X[start, _HAS_DOM] != 1 or rng.random() >= share:
            continue
        page = X[start:end]
        menu = np.flatnonzero((page[:, _MENU_RULE] == 1) & (page[:, _LINK_SHARE] >= MENU_LINK_SHARE)
                              & (labels[start:end] == Label.NAVIGATION.value))
        body = np.flatnonzero(labels[start:end] == Label.BODY.value)
        if len(menu) < MIN_LINES or len(body) < MIN_LINES:
            continue
        copy = page.copy()
        copy[np.ix_(menu, TEXT_COLUMNS)] = page[np.ix_(rng.choice(body, len(menu)), TEXT_COLUMNS)]
        rows.append(copy)
        source.append(np.arange(start, end))
        ids.append(np.full(end - start, next_id))
        next_id += 1
    if not rows:
        return MenuCopies(np.zeros((0, X.shape[1]), dtype=X.dtype), np.zeros(0, dtype=np.int64),
                          np.zeros(0, dtype=page_ids.dtype))
    return MenuCopies(np.vstack(rows), np.concatenate(source), np.concatenate(ids))
