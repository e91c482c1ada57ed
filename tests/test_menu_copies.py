"""Copies of pages whose menu lines take their body lines' text columns, labels kept."""

import numpy as np
import pytest

from segmenter.menu_copies import MIN_LINES, TEXT_COLUMNS, menu_copies
from segmenter.segmenter import INPUT_COLUMNS

NAV, BODY = "navigation", "body"


def page(labels: list[str | None], menu: list[bool], has_dom: bool = True) -> np.ndarray:
    """Rows of one page: text columns set to 1 on body lines (0 elsewhere), markup per line."""
    X = np.zeros((len(labels), len(INPUT_COLUMNS)), dtype=np.float32)
    for i, (label, in_menu) in enumerate(zip(labels, menu)):
        X[i, list(TEXT_COLUMNS)] = 1.0 if label == BODY else 0.0
        X[i, INPUT_COLUMNS.index("dom_rule_navigation")] = float(in_menu)
        X[i, INPUT_COLUMNS.index("link_share")] = 1.0 if in_menu else 0.1
        X[i, INPUT_COLUMNS.index("has_dom")] = float(has_dom)
        X[i, INPUT_COLUMNS.index("position")] = i / len(labels)
    return X


LABELS = [NAV, NAV, NAV, None, BODY, BODY, BODY, "other"]
MENU = [True, True, True, True, False, False, False, False]


def test_a_copy_gives_the_menu_lines_body_text_and_keeps_the_rest() -> None:
    X = page(LABELS, MENU)
    labels, ids = np.array(LABELS, dtype=object), np.zeros(len(LABELS), dtype=np.int64)
    copies = menu_copies(X, labels, ids, share=1.0, seed=0)
    assert copies.source.tolist() == list(range(len(LABELS)))
    assert copies.page_ids.tolist() == [1] * len(LABELS)
    changed = (copies.rows != X).any(axis=1)
    assert changed.tolist() == [True, True, True, False, False, False, False, False]  # the unlabelled menu line stays
    assert (copies.rows[:3][:, list(TEXT_COLUMNS)] == 1.0).all()
    others = [c for c in range(len(INPUT_COLUMNS)) if c not in TEXT_COLUMNS]
    assert (copies.rows[:, others] == X[:, others]).all()  # markup, position: the page's own


@pytest.mark.parametrize(("labels", "has_dom"), [
    (LABELS, False),  # text view: no markup to decide
    ([NAV, NAV, NAV, None, BODY, BODY, None, "other"], True),  # too few body lines to lend text
    ([NAV, NAV, None, None, BODY, BODY, BODY, "other"], True),  # too few menu lines
])
def test_pages_without_markup_or_lines_enough_are_not_copied(labels: list[str | None], has_dom: bool) -> None:
    X = page(labels, MENU, has_dom)
    copies = menu_copies(X, np.array(labels, dtype=object), np.zeros(len(labels), dtype=np.int64), 1.0, 0)
    assert copies.rows.shape == (0, len(INPUT_COLUMNS)) and len(copies.source) == len(copies.page_ids) == 0
    assert MIN_LINES == 3


def test_a_share_of_pages_is_copied_with_new_ids_after_the_old() -> None:
    X = np.vstack([page(LABELS, MENU)] * 40)
    ids = np.repeat(np.arange(0, 80, 2), len(LABELS))
    labels = np.array(LABELS * 40, dtype=object)
    copies = menu_copies(X, labels, ids, share=0.5, seed=1)
    copied = len(np.unique(copies.page_ids))
    assert 10 < copied < 30 and copies.page_ids.min() == 79
    assert (labels[copies.source] == np.array(LABELS * copied, dtype=object)).all()
    again = menu_copies(X, labels, ids, share=0.5, seed=1)
    assert (again.rows == copies.rows).all()
    assert len(menu_copies(X, labels, ids, share=0.0, seed=1).source) == 0
    with pytest.raises(ValueError, match="between 0 and 1"):
        menu_copies(X, labels, ids, share=1.5, seed=1)
    assert len(menu_copies(X[:0], labels[:0], ids[:0], share=1.0, seed=1).source) == 0
