"""The context model: a scikit-learn classifier over each line and its neighbours.

Input rows are lines, in page order; `page_ids` says where pages begin and end so that a
window never reaches across pages. Each line is described by its own columns, the columns of
the `window` lines before and after it (zeros and an "absent" flag past the page's edges),
and the page's mean of every column (how much of the page looks like body, menus, ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.utils.validation import check_is_fitted

from segmenter.labels import Label
from segmenter.trees import PackedTrees, predict_proba

BODY, COMMENTS, OTHER = Label.BODY.value, Label.COMMENTS.value, Label.OTHER.value


def windowed(X: np.ndarray, page_ids: np.ndarray, window: int,
             neighbour_columns: Sequence[int] | None = None, wide_windows: Sequence[int] = ()) -> np.ndarray:
    """Each row's columns, its neighbours' within the page (`neighbour_columns` only, when
    given), the means of those columns over each wide window of lines around it, their share
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
        blocks.extend(_wide(near, page_ids, wide_windows))
    blocks.append(_page_means(X, page_ids))
    return np.hstack(blocks)


def _wide(near: np.ndarray, page_ids: np.ndarray, wide_windows: Sequence[int]) -> list[np.ndarray]:
    n = len(near)
    starts_here = np.r_[True, page_ids[1:] != page_ids[:-1]]
    start = np.maximum.accumulate(np.where(starts_here, np.arange(n), 0))
    ends_here = np.r_[page_ids[1:] != page_ids[:-1], True]
    end = np.minimum.accumulate(np.where(ends_here, np.arange(n), n)[::-1])[::-1] + 1
    total = np.vstack([np.zeros((1, near.shape[1])), np.cumsum(near, axis=0, dtype=np.float64)])
    blocks = []
    index = np.arange(n)
    for width in wide_windows:
        low, high = np.maximum(index - width, start), np.minimum(index + width + 1, end)
        blocks.append(((total[high] - total[low]) / (high - low)[:, None]).astype(np.float32))
    page_total = total[end] - total[start]
    before = total[index] - total[start]
    blocks.append(np.divide(before, page_total, out=np.zeros_like(before), where=page_total > 0).astype(np.float32))
    return blocks


def _page_means(X: np.ndarray, page_ids: np.ndarray) -> np.ndarray:
    _, inverse, counts = np.unique(page_ids, return_inverse=True, return_counts=True)
    sums = np.zeros((len(counts), X.shape[1]), dtype=np.float64)
    np.add.at(sums, inverse, X)
    return (sums / counts[:, None])[inverse].astype(np.float32)


class ContextModel(ClassifierMixin, BaseEstimator):
    """Gradient-boosted trees over windows of lines, in stages that multiply: P(body) from a
    body-or-not model, then P(label | not body) from a model of the other labels or, with
    `comments_stage`, P(comments | not body) from a comments-or-not model and P(label | neither)
    from a model of navigation, related and other.

    Each stage can learn from lines whose label is known only in part. `not_body` in `fit` marks
    boilerplate that the ground truth leaves out but no rule names, so that body is not learned
    as "whatever no rule matched". `not_comments` marks such lines where no comment section can
    hide (outside forums, no rule says comments); the comments stage learns from them that comments
    are not "whatever is not body and no rule names" (the only unnamed lines with a label past the
    first stage are forum replies, so a second stage that sees nothing else calls every unnamed
    teaser list a comment). The comments stage is off by default: on the hand-labelled pages it
    raised HTML macro-F1 but lowered text input's, and lost the comment form of the Bengali-site
    article in text mode (docs/MODEL.md, Tried and not kept).
    `class_weight_power` weights the last stage's labels by (largest count / label count) ** power:
    0 is unweighted, 1 is fully balanced. Unweighted scored best on the hand-labelled pages
    (weighting made comments swallow other lines; with the comments stage, 0.5 lowered text input).
    `neighbour_columns` (indices) are the columns neighbours contribute; None means all.
    `wide_windows` are half-widths, in lines, of the windows whose means describe the region a
    line sits in (an article's list items sit among long paragraphs, a menu's among short links).
    `max_features` is the share of columns each split may choose from: trees that cannot lean on
    one column (the text model's score, say) carry better to pages unlike the training pages.
    Every tree costs time on every line labelled (at most 5 × max_iter trees): fewer rounds at a
    higher rate label faster; 120 rounds at 0.2 (with lists glued, see train.py), and 100 rounds at
    0.25 with 31 leaves, scored lower on the hand-labelled pages' text input (docs/MODEL.md, Speed),
    so the defaults stay at 300 rounds at 0.1.
    """

    def __init__(self, window: int = 3, neighbour_columns: Sequence[int] | None = None,
                 wide_windows: Sequence[int] = (8, 24), max_iter: int = 300,
                 learning_rate: float = 0.1, max_leaf_nodes: int = 63, l2_regularization: float = 1.0,
                 max_features: float = 0.5, class_weight_power: float = 0.0, comments_stage: bool = False,
                 random_state: int = 0) -> None:
        self.window = window
        self.neighbour_columns = neighbour_columns
        self.wide_windows = wide_windows
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.l2_regularization = l2_regularization
        self.max_features = max_features
        self.class_weight_power = class_weight_power
        self.comments_stage = comments_stage
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: Sequence[str | None], page_ids: np.ndarray | None = None,
            not_body: Sequence[bool] | None = None, not_comments: Sequence[bool] | None = None) -> ContextModel:
        """Fit on every line of the pages. Lines whose label is None are context, not targets,
        unless `not_body` marks them (then they teach the body-or-not stage) or `not_comments`
        does as well (then they also teach the comments-or-not stage, if there is one)."""
        X = np.asarray(X, dtype=np.float32)
        labels = np.asarray(y, dtype=object)
        known = np.array([label is not None for label in labels])
        rest = _unknown(not_body, known)
        not_comment = _unknown(not_comments, known) & rest
        is_body = np.array([label == BODY for label in labels])
        is_comment = np.array([label == COMMENTS for label in labels]) & self.comments_stage
        if not is_body.any() or not (known & ~is_body).any() and not rest.any():
            raise ValueError("the context model needs labelled lines, body and not body, to fit on")
        self.n_features_in_ = X.shape[1]
        rows = windowed(X, _pages(page_ids, len(X)), self.window, self.neighbour_columns, self.wide_windows)
        stage_one = known | rest
        self.body_ = self._booster().fit(rows[stage_one], is_body[stage_one])
        stage_two = known & ~is_body | not_comment
        self.comments_ = self._booster().fit(rows[stage_two], is_comment[stage_two]) \
            if is_comment.any() and (stage_two & ~is_comment).any() else None
        other = known & ~is_body & ~is_comment
        kinds = labels[other].astype(str)
        self.kind_ = self._booster().fit(rows[other], kinds, sample_weight=self._weights(kinds)) \
            if len(set(kinds)) > 1 else _Constant(kinds[0] if len(kinds) else OTHER)
        self.classes_ = np.array([BODY, *([COMMENTS] if is_comment.any() else []), *self.kind_.classes_])
        self.packed_ = self._packed()
        return self

    def _packed(self) -> dict[str, PackedTrees]:
        """Each stage's trees packed for the compiled walk (segmenter.trees), by attribute name."""
        stages = {name: getattr(self, name) for name in ("body_", "comments_", "kind_")}
        return {name: PackedTrees.of(stage).load_walk() for name, stage in stages.items()
                if isinstance(stage, HistGradientBoostingClassifier)}

    def __getstate__(self) -> dict[str, object]:
        """The packed trees are left out: they are rebuilt from the boosters on loading, in milliseconds."""
        state = dict(super().__getstate__())
        state.pop("packed_", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        """Models pickled before `comments_stage` existed have neither it nor a comments stage."""
        super().__setstate__({"comments_stage": False, "comments_": None, **state})
        if hasattr(self, "body_"):
            self.packed_ = self._packed()

    def _booster(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate, max_leaf_nodes=self.max_leaf_nodes,
            l2_regularization=self.l2_regularization, max_features=self.max_features,
            random_state=self.random_state,
            early_stopping=True, validation_fraction=0.1, n_iter_no_change=20)

    def _weights(self, kinds: np.ndarray) -> np.ndarray:
        names, counts = np.unique(kinds, return_counts=True)
        weight = dict(zip(names, (counts.max() / counts) ** self.class_weight_power))
        return np.array([weight[kind] for kind in kinds])

    def predict_proba(self, X: np.ndarray, page_ids: np.ndarray | None = None) -> np.ndarray:
        """Probabilities per line, columns in `classes_` order."""
        if len(X) == 0:
            check_is_fitted(self, "body_")
            return np.zeros((0, len(self.classes_)))
        rows = self._rows(X, page_ids)
        return self._below_body(rows, self._body(rows))

    def _below_body(self, rows: np.ndarray, body: np.ndarray) -> np.ndarray:
        """The rows' probabilities in `classes_` order, given their P(body)."""
        rest = 1.0 - body
        if len(self.classes_) == 1 + len(self.kind_.classes_):  # no comments stage
            return np.hstack([body[:, None], rest[:, None] * self._proba("kind_", rows)])
        comments = self._comments(rows) * rest
        kinds = (rest - comments)[:, None] * self._proba("kind_", rows)
        return np.hstack([body[:, None], comments[:, None], kinds])

    def predict(self, X: np.ndarray, page_ids: np.ndarray | None = None) -> np.ndarray:
        return self.classes_[self.decide(X, page_ids).labels]

    def decide(self, X: np.ndarray, page_ids: np.ndarray | None = None) -> Decisions:
        """Each line's most probable label (index into `classes_`) and its probability, as
        `predict_proba` gives them. Where P(body) ≥ 0.5 body wins whatever the later stages say,
        so their trees run only on the other lines."""
        rows = self._rows(X, page_ids)
        labels, scores = np.zeros(len(rows), dtype=np.int64), self._body(rows)
        rest = np.flatnonzero(scores < 0.5)
        if len(rest):
            probs = self._below_body(rows[rest], scores[rest])
            best = probs.argmax(axis=1)
            labels[rest] = best
            scores[rest] = probs[np.arange(len(rest)), best]
        return Decisions(labels, scores)

    def _rows(self, X: np.ndarray, page_ids: np.ndarray | None) -> np.ndarray:
        check_is_fitted(self, "body_")
        X = np.asarray(X, dtype=np.float32)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"expected {self.n_features_in_} columns, got {X.shape[1]}")
        return windowed(X, _pages(page_ids, len(X)), self.window, self.neighbour_columns, self.wide_windows)

    def _body(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        return self._true_column("body_", rows)

    def _comments(self, rows: np.ndarray) -> np.ndarray:
        """P(comments | not body); every line is a comment when the training lines held no other label."""
        return np.ones(len(rows)) if self.comments_ is None else self._true_column("comments_", rows)

    def _true_column(self, stage: str, rows: np.ndarray) -> np.ndarray:
        return self._proba(stage, rows)[:, list(getattr(self, stage).classes_).index(True)]

    def _proba(self, stage: str, rows: np.ndarray) -> np.ndarray:
        """A stage's probabilities for the rows (the attribute `stage` names), from its packed trees."""
        model = getattr(self, stage)
        packed = self.packed_.get(stage)
        return model.predict_proba(rows) if packed is None else predict_proba(model, packed, rows)


def _unknown(marks: Sequence[bool] | None, known: np.ndarray) -> np.ndarray:
    """The marked lines among those without a label."""
    return np.zeros(len(known), dtype=bool) if marks is None else np.asarray(marks, dtype=bool) & ~known


@dataclass(frozen=True)
class Decisions:
    """Each line's label, as an index into the model's `classes_`, and that label's probability."""

    labels: np.ndarray
    scores: np.ndarray


class _Constant:
    """The second stage when the training lines hold one label besides body."""

    def __init__(self, label: str) -> None:
        self.classes_ = np.array([label])

    def predict_proba(self, rows: np.ndarray) -> np.ndarray:
        return np.ones((len(rows), 1))


def _pages(page_ids: np.ndarray | None, n: int) -> np.ndarray:
    if page_ids is None:
        return np.zeros(n, dtype=np.int64)
    page_ids = np.asarray(page_ids)
    if len(page_ids) != n:
        raise ValueError(f"{len(page_ids)} page ids for {n} lines")
    return page_ids
