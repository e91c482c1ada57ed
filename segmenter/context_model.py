"""The context model: scikit-learn classifiers over each line and its neighbours (segmenter.windows),
fitted in stages and handed to labelling as packed trees (segmenter.context_trees).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.utils.validation import check_is_fitted

from segmenter.context_trees import ContextTrees, Decisions
from segmenter.labels import Label
from segmenter.trees import PackedTrees
from segmenter.windows import page_ids_for, windowed

BODY, COMMENTS, OTHER = Label.BODY.value, Label.COMMENTS.value, Label.OTHER.value


class ContextModel(ClassifierMixin, BaseEstimator):
    """Gradient-boosted trees over windows of lines, in stages that multiply: P(body) from a
    body-or-not model, then P(label | not body) from a model of the other labels or, with
    `comments_stage`, P(comments | not body) from a comments-or-not model and P(label | neither) by
    a model of navigation, related and other.

    Each stage can learn from lines whose label is known only in part. `not_body` in `fit` marks
    boilerplate that the ground truth leaves out but no rule names, so that body is not learned
    as "whatever no rule matched". `not_comments` marks such lines where no comment section can
    hide (outside forums, no rule says comments); the comments stage learns from them that comments
    are not "whatever is not body and no rule names" (the only unnamed lines with a label past the
    first stage are forum replies, so a second stage that sees nothing else calls every unnamed
    teaser list a comment). `segmenter train` gives HTML input a context model with the comments
    stage and text input one without: on text input it lowered macro-F1 on the hand-labelled pages
    and lost the comment form of the Bengali-site article (docs/MODEL.md, "One context model per
    input kind").
    `class_weight_power` weights the last stage's labels by (largest count / label count) ** power:
    0 is unweighted, 1 is fully balanced. Unweighted scored best on the hand-labelled pages
    (weighting made comments swallow other lines; with the comments stage, 0.5 lowered text input).
    `neighbour_columns` (indices) are the columns neighbours contribute; None means all.
    `wide_windows` are half-widths, in lines, of the windows whose means describe the region a
    line sits in (an article's list items sit among long paragraphs, a menu's among short links);
    with `directional_windows` each is taken apart above and below the line, so that the trees can
    tell a comment form above a line from one below it.
    `max_features` is the share of columns each split may choose from: trees that cannot lean on
    one column (the text model's score, say) carry better to pages unlike the training pages.
    `body_signs` and `comments_signs` are (column, sign) pairs of a line's own columns: as the
    column rises, the stage's probability (body; comments past body) may only rise (+1) or only
    fall (-1), whatever the other columns say. Trees otherwise learn any turn a few training sites
    show, such as a menu's long link lines being body where the text model calls them so.
    Every tree costs time on every line labelled (at most 5 × max_iter trees): fewer rounds at a
    higher rate label faster; 120 rounds at 0.2 (with lists glued, see train.py), and 100 rounds at
    0.25 with 31 leaves, scored lower on the hand-labelled pages' text input (docs/MODEL.md, Speed),
    so the defaults stay at 300 rounds at 0.1.
    """

    def __init__(self, window: int = 3, neighbour_columns: Sequence[int] | None = None,
                 wide_windows: Sequence[int] = (8, 24), directional_windows: bool = False, max_iter: int = 300,
                 learning_rate: float = 0.1, max_leaf_nodes: int = 63, l2_regularization: float = 1.0,
                 max_features: float = 0.5, class_weight_power: float = 0.0, comments_stage: bool = False,
                 body_signs: Sequence[tuple[int, int]] = (), comments_signs: Sequence[tuple[int, int]] = (),
                 random_state: int = 0) -> None:
        self.window = window
        self.neighbour_columns = neighbour_columns
        self.wide_windows = wide_windows
        self.directional_windows = directional_windows
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.l2_regularization = l2_regularization
        self.max_features = max_features
        self.class_weight_power = class_weight_power
        self.comments_stage = comments_stage
        self.body_signs = body_signs
        self.comments_signs = comments_signs
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
        rows = windowed(X, page_ids_for(page_ids, len(X)), self.window, self.neighbour_columns, self.wide_windows,
                        self.directional_windows)
        stage_one = known | rest
        self.body_ = self._booster(self._monotonic(self.body_signs, rows.shape[1])).fit(
            rows[stage_one], is_body[stage_one])
        stage_two = known & ~is_body | not_comment
        self.comments_ = self._booster(self._monotonic(self.comments_signs, rows.shape[1])).fit(
            rows[stage_two], is_comment[stage_two]) \
            if is_comment.any() and (stage_two & ~is_comment).any() else None
        other = known & ~is_body & ~is_comment
        kinds = labels[other].astype(str)
        self.kind_ = self._booster().fit(rows[other], kinds, sample_weight=self._weights(kinds)) \
            if len(set(kinds)) > 1 else _Constant(kinds[0] if len(kinds) else OTHER)
        self.classes_ = np.array([BODY, *([COMMENTS] if is_comment.any() else []), *self.kind_.classes_])
        self.trees_ = self._trees()
        return self

    def _trees(self) -> ContextTrees:
        """The fitted stages as labelling runs them."""
        def packed(stage: object) -> PackedTrees | None:
            return PackedTrees.of(stage) if isinstance(stage, HistGradientBoostingClassifier) else None

        neighbours = None if self.neighbour_columns is None else tuple(int(c) for c in self.neighbour_columns)
        return ContextTrees(window=self.window, neighbour_columns=neighbours,
                            wide_windows=tuple(int(w) for w in self.wide_windows),
                            directional_windows=bool(self.directional_windows), n_features_in=self.n_features_in_,
                            classes=self.classes_.astype(str),
                            body=PackedTrees.of(self.body_), comments=packed(self.comments_),
                            kind=packed(self.kind_)).load_walk()

    def __getstate__(self) -> dict[str, object]:
        """The packed trees are left out: they are rebuilt from the boosters on loading, in milliseconds."""
        state = dict(super().__getstate__())
        state.pop("trees_", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        """Models pickled before `comments_stage` existed have neither it nor a comments stage, and
        those pickled before the signs had none, nor directional windows."""
        super().__setstate__({"comments_stage": False, "comments_": None, "body_signs": (), "comments_signs": (),
                              "directional_windows": False, **state})
        if hasattr(self, "body_"):
            self.trees_ = self._trees()

    def _booster(self, monotonic: np.ndarray | None = None) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate, max_leaf_nodes=self.max_leaf_nodes,
            l2_regularization=self.l2_regularization, max_features=self.max_features,
            monotonic_cst=monotonic, random_state=self.random_state,
            early_stopping=True, validation_fraction=0.1, n_iter_no_change=20)

    def _monotonic(self, signs: Sequence[tuple[int, int]], width: int) -> np.ndarray | None:
        """scikit-learn's monotonic_cst over the windowed rows (a line's own columns come first)."""
        if not signs:
            return None
        constraints = np.zeros(width, dtype=np.int8)
        for column, sign in signs:
            if not 0 <= column < self.n_features_in_ or sign not in (-1, 1):
                raise ValueError(f"a sign is (column, +1 or -1) over the {self.n_features_in_} input columns; "
                                 f"got ({column}, {sign})")
            constraints[column] = sign
        return constraints

    def _weights(self, kinds: np.ndarray) -> np.ndarray:
        names, counts = np.unique(kinds, return_counts=True)
        weight = dict(zip(names, (counts.max() / counts) ** self.class_weight_power))
        return np.array([weight[kind] for kind in kinds])

    def predict_proba(self, X: np.ndarray, page_ids: np.ndarray | None = None) -> np.ndarray:
        """Probabilities per line, columns in `classes_` order."""
        check_is_fitted(self, "trees_")
        return self.trees_.predict_proba(X, page_ids)

    def predict(self, X: np.ndarray, page_ids: np.ndarray | None = None) -> np.ndarray:
        return self.classes_[self.decide(X, page_ids).labels]

    def decide(self, X: np.ndarray, page_ids: np.ndarray | None = None) -> Decisions:
        """Each line's most probable label (index into `classes_`) and its probability."""
        check_is_fitted(self, "trees_")
        return self.trees_.decide(X, page_ids)


def _unknown(marks: Sequence[bool] | None, known: np.ndarray) -> np.ndarray:
    """The marked lines among those without a label."""
    return np.zeros(len(known), dtype=bool) if marks is None else np.asarray(marks, dtype=bool) & ~known


class _Constant:
    """The second stage when the training lines hold one label besides body (ContextTrees.kind is None)."""

    def __init__(self, label: str) -> None:
        self.classes_ = np.array([label])
