"""The context model: a scikit-learn classifier over each line and its neighbours.

Input rows are lines, in page order; `page_ids` says where pages begin and end so that a
window never reaches across pages. Each line is described by its own columns, the columns of
the `window` lines before and after it (zeros and an "absent" flag past the page's edges),
and the page's mean of every column (how much of the page looks like body, menus, ...).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.utils.validation import check_is_fitted


def windowed(X: np.ndarray, page_ids: np.ndarray, window: int) -> np.ndarray:
    """Each row's columns, its neighbours' within the page, and the page's column means."""
    n, d = X.shape
    blocks = [X]
    for offset in [o for o in range(-window, window + 1) if o != 0]:
        shifted = np.zeros((n, d + 1), dtype=np.float32)
        source = np.arange(n) + offset
        inside = (source >= 0) & (source < n)
        inside[inside] &= page_ids[source[inside]] == page_ids[inside]
        shifted[inside, :d] = X[source[inside]]
        shifted[~inside, d] = 1.0  # past the page's edge
        blocks.append(shifted)
    blocks.append(_page_means(X, page_ids))
    return np.hstack(blocks)


def _page_means(X: np.ndarray, page_ids: np.ndarray) -> np.ndarray:
    _, inverse, counts = np.unique(page_ids, return_inverse=True, return_counts=True)
    sums = np.zeros((len(counts), X.shape[1]), dtype=np.float64)
    np.add.at(sums, inverse, X)
    return (sums / counts[:, None])[inverse].astype(np.float32)


class ContextModel(ClassifierMixin, BaseEstimator):
    """Gradient-boosted trees over windows of lines; labels are learned with balanced class
    weights so that rare labels (comments, related, other) are not drowned by navigation."""

    def __init__(self, window: int = 3, max_iter: int = 300, learning_rate: float = 0.1,
                 max_leaf_nodes: int = 63, l2_regularization: float = 1.0,
                 class_weight: str | None = "balanced", random_state: int = 0) -> None:
        self.window = window
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.l2_regularization = l2_regularization
        self.class_weight = class_weight
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: Sequence[str | None], page_ids: np.ndarray | None = None) -> ContextModel:
        """Fit on every line of the pages; lines whose label is None are context, not targets."""
        X = np.asarray(X, dtype=np.float32)
        pages = _pages(page_ids, len(X))
        labels = np.asarray(y, dtype=object)
        target = np.array([label is not None for label in labels])
        if not target.any():
            raise ValueError("no labelled lines to fit the context model on")
        self.n_features_in_ = X.shape[1]
        self.booster_ = HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes, l2_regularization=self.l2_regularization,
            class_weight=self.class_weight, random_state=self.random_state,
            early_stopping=True, validation_fraction=0.1, n_iter_no_change=20,
        ).fit(windowed(X, pages, self.window)[target], labels[target].astype(str))
        self.classes_ = self.booster_.classes_
        return self

    def predict_proba(self, X: np.ndarray, page_ids: np.ndarray | None = None) -> np.ndarray:
        """Probabilities per line, columns in `classes_` order."""
        check_is_fitted(self, "booster_")
        X = np.asarray(X, dtype=np.float32)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"expected {self.n_features_in_} columns, got {X.shape[1]}")
        if len(X) == 0:
            return np.zeros((0, len(self.classes_)))
        return self.booster_.predict_proba(windowed(X, _pages(page_ids, len(X)), self.window))

    def predict(self, X: np.ndarray, page_ids: np.ndarray | None = None) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X, page_ids), axis=1)]


def _pages(page_ids: np.ndarray | None, n: int) -> np.ndarray:
    if page_ids is None:
        return np.zeros(n, dtype=np.int64)
    page_ids = np.asarray(page_ids)
    if len(page_ids) != n:
        raise ValueError(f"{len(page_ids)} page ids for {n} lines")
    return page_ids
