"""A fitted booster's trees as flat arrays, walked by compiled code: scikit-learn's probabilities,
faster on one core (docs/MODEL.md, Speed), and without scikit-learn.

scikit-learn predicts tree by tree, each a call from Python over all rows, and every step of a
row's path is a branch the processor cannot foresee. Here the trees of a booster sit in a few
arrays, nodes numbered so that a right child follows its left sibling, and a loop compiled by
numba walks a block of rows through one tree together: the next node is an index plus a
comparison, and the rows' paths overlap in the pipeline. Labelling reads only these arrays, so
it never imports scikit-learn (docs/MODEL.md, Speed: its memory) nor unpickles its objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numba import njit

if TYPE_CHECKING:
    from sklearn.ensemble import HistGradientBoostingClassifier

# Rows walked through a tree together: enough paths in flight to hide each step's wait for memory,
# few enough that their columns stay in the first-level cache. 8, 16 and 32 rows were within a
# tenth of each other on the shipped model (throw-away probe, docs/MODEL.md, Speed).
BLOCK_ROWS = 16


@dataclass(frozen=True, eq=False)
class PackedTrees:
    """Every tree of a fitted HistGradientBoostingClassifier, one after another, and its classes."""

    feature: np.ndarray  # int32 per node: the column a split reads; -1 at a leaf
    threshold: np.ndarray  # float64 per node: rows above it go right; a leaf's value
    left: np.ndarray  # int32 per node: the left child; the right child is the next node
    missing_right: np.ndarray  # uint8 per node: 1 where a missing value (NaN) goes right
    roots: np.ndarray  # int32 per tree
    columns: np.ndarray  # int32 per tree: the raw score (class) the tree adds to
    baseline: np.ndarray  # float64 per raw score: where the sums start
    classes: np.ndarray  # the booster's classes_, in its order

    @classmethod
    def of(cls, booster: HistGradientBoostingClassifier) -> PackedTrees:
        trees = [predictor.nodes for per_round in booster._predictors for predictor in per_round]
        nodes = np.concatenate(trees)
        if nodes["is_categorical"].any():
            raise ValueError("packed trees take numeric splits only; this booster splits on categories")
        sizes = np.array([len(tree) for tree in trees])
        roots = np.r_[0, np.cumsum(sizes)[:-1]]
        order, left = _siblings_together(nodes, sizes, roots)
        leaf = nodes["is_leaf"].astype(bool)[order]
        return cls(feature=np.where(leaf, -1, nodes["feature_idx"][order]).astype(np.int32),
                   threshold=np.where(leaf, nodes["value"][order], nodes["num_threshold"][order]),
                   left=left, missing_right=(~nodes["missing_go_to_left"].astype(bool)[order]).astype(np.uint8),
                   roots=roots.astype(np.int32),
                   columns=np.tile(np.arange(booster.n_trees_per_iteration_, dtype=np.int32),
                                   len(booster._predictors)),
                   baseline=np.asarray(booster._baseline_prediction, dtype=np.float64).ravel(),
                   classes=_plain(booster.classes_))

    @classmethod
    def averaged(cls, members: Sequence[PackedTrees]) -> PackedTrees:
        """One booster whose raw scores are the mean of the members' (boosters with the same
        classes): their trees one after another, each leaf and baseline divided by their number."""
        if not members:
            raise ValueError("averaging needs at least one booster")
        first = members[0]
        if len(members) == 1:
            return first
        for member in members[1:]:
            if list(member.classes) != list(first.classes) or len(member.baseline) != len(first.baseline):
                raise ValueError(f"boosters with classes {list(first.classes)} and {list(member.classes)} "
                                 "cannot be averaged")
        offsets = np.cumsum([0, *(len(member.feature) for member in members[:-1])])
        share = 1.0 / len(members)
        threshold = np.concatenate([np.where(member.feature < 0, member.threshold * share, member.threshold)
                                    for member in members])
        # a leaf's `left` is 0 and never followed: only splits' children move with their tree
        left = np.concatenate([np.where(member.feature < 0, 0, member.left + offset)
                               for member, offset in zip(members, offsets)])
        return cls(feature=np.concatenate([member.feature for member in members]), threshold=threshold,
                   left=left.astype(np.int32),
                   missing_right=np.concatenate([member.missing_right for member in members]),
                   roots=np.concatenate([member.roots + offset for member, offset in zip(members, offsets)]
                                        ).astype(np.int32),
                   columns=np.concatenate([member.columns for member in members]),
                   baseline=np.mean([member.baseline for member in members], axis=0), classes=first.classes)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The arrays by name (prefixed), to be saved with numpy; `from_arrays` reads them back."""
        return {f"{prefix}{field.name}": getattr(self, field.name) for field in fields(self)}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], prefix: str) -> PackedTrees:
        return cls(**{field.name: arrays[f"{prefix}{field.name}"] for field in fields(cls)})

    def load_walk(self) -> PackedTrees:
        """Load the compiled walk now (from numba's cache, or compile it) rather than at the first
        rows: a process that forks workers after loading the model then shares it with them."""
        self.raw(np.zeros((0, 1), dtype=np.float32))
        return self

    def raw(self, rows: np.ndarray) -> np.ndarray:
        """The booster's raw scores (before the link function), shape (len(rows), columns)."""
        # float32 rows are compared as they are (exactly, as scikit-learn's float64 copies would be)
        rows = np.ascontiguousarray(rows, dtype=np.float32 if rows.dtype == np.float32 else np.float64)
        steps = self._steps
        split_at = steps.split32 if rows.dtype == np.float32 else steps.split64
        # rows without a missing value skip the test for one (a tenth of the walk's time)
        return _walk(rows, steps.feature, self.threshold, split_at, steps.left, steps.missing_right,
                     self.roots, self.columns, self.baseline, bool(np.isnan(rows).any()))

    @cached_property
    def _steps(self) -> _Steps:
        return _Steps.of(self)

    def predict_proba(self, rows: np.ndarray) -> np.ndarray:
        """The booster's predict_proba: the logistic function of one raw score, or the softmax of
        one per class, as scikit-learn's log-loss computes them."""
        raw = self.raw(rows)
        if raw.shape[1] == 1:
            positive = 1.0 / (1.0 + np.exp(-raw[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        raw -= raw.max(axis=1, keepdims=True)
        np.exp(raw, out=raw)
        raw /= raw.sum(axis=1, keepdims=True)
        return raw

    def probability_of(self, label: object, rows: np.ndarray) -> np.ndarray:
        """The probability of one of the classes, for the rows."""
        return self.predict_proba(rows)[:, list(self.classes).index(label)]


@dataclass(frozen=True, eq=False)
class _Steps:
    """The trees as the walk reads them: node indices unsigned (numba tests every signed index
    for a negative value) and each leaf a step to itself (its column 0, its threshold +inf, which
    no value is above), so that a step needs no test for a leaf. The leaves' values stay in
    PackedTrees.threshold."""

    feature: np.ndarray  # uint32 per node: the column a split reads; 0 at a leaf
    left: np.ndarray  # uint32 per node: the left child; the leaf itself at a leaf
    missing_right: np.ndarray  # uint8 per node: 1 where a missing value goes right; 0 at a leaf
    split32: np.ndarray  # float32 per node: float32 rows above it go right (float32_below); +inf at a leaf
    split64: np.ndarray  # float64 per node: the same for float64 rows

    @classmethod
    def of(cls, trees: PackedTrees) -> _Steps:
        leaf = trees.feature < 0
        split64 = np.where(leaf, np.inf, trees.threshold)
        return cls(feature=np.where(leaf, 0, trees.feature).astype(np.uint32),
                   left=np.where(leaf, np.arange(len(leaf)), trees.left).astype(np.uint32),
                   missing_right=np.where(leaf, 0, trees.missing_right).astype(np.uint8),
                   split32=float32_below(split64), split64=split64)


def float32_below(thresholds: np.ndarray) -> np.ndarray:
    """Each threshold as the largest float32 not above it. A float32 value is above a threshold
    exactly when it is above that float32, and the walk compares in the rows' own type, so float32
    rows take the same paths with half the bytes per threshold."""
    low = thresholds.astype(np.float32)
    over = low.astype(np.float64) > thresholds
    low[over] = np.nextafter(low[over], np.float32(-np.inf))
    return low


def _plain(classes: np.ndarray) -> np.ndarray:
    """The classes as an array numpy saves without pickle (scikit-learn keeps strings as objects)."""
    return classes.astype(str) if classes.dtype == object else np.asarray(classes)


def _siblings_together(nodes: np.ndarray, sizes: np.ndarray, roots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A numbering of each tree's nodes where the children of its k-th split are nodes 2k + 1 and
    2k + 2 (the root stays first): which old node each new one is, and each new node's left child."""
    splits = np.flatnonzero(~nodes["is_leaf"].astype(bool))
    start = np.repeat(roots, sizes)[splits]  # each split's tree's first node
    k = np.arange(len(splits)) - np.searchsorted(splits, start)  # its rank among its tree's splits
    first_child = start + 1 + 2 * k
    new = np.arange(len(nodes))
    new[nodes["left"][splits] + start] = first_child
    new[nodes["right"][splits] + start] = first_child + 1
    order = np.empty(len(nodes), dtype=np.int64)
    order[new] = np.arange(len(nodes))
    left = np.zeros(len(nodes), dtype=np.int32)
    left[new[splits]] = first_child
    return order, left


@njit(cache=True, nogil=True)
def _walk(rows: np.ndarray, feature: np.ndarray, threshold: np.ndarray, split_at: np.ndarray,
          left: np.ndarray, missing_right: np.ndarray, roots: np.ndarray, columns: np.ndarray,
          baseline: np.ndarray, missing: bool) -> np.ndarray:  # pragma: no cover (compiled)
    n, width = rows.shape
    cells = rows.ravel()  # a value is read at one unsigned index, not at two signed ones
    out = np.empty((n, baseline.shape[0]))
    for i in range(n):
        out[i, :] = baseline
    at = np.empty(BLOCK_ROWS, dtype=np.uint32)
    row_start = np.empty(BLOCK_ROWS, dtype=np.uint64)
    for start in range(0, n, BLOCK_ROWS):
        block = min(BLOCK_ROWS, n - start)
        for r in range(block):
            row_start[r] = np.uint64((start + r) * width)
        for tree in range(roots.shape[0]):
            root = np.uint32(roots[tree])
            for r in range(block):
                at[r] = root
            walking = block
            while walking:
                walking = 0
                for r in range(block):
                    # Every row takes a step, a row at its leaf stepping to itself: no branch for
                    # the processor to guess per row (the walk took 30% less time than when
                    # finished rows were skipped: docs/MODEL.md, Speed).
                    node = at[r]
                    value = cells[row_start[r] + np.uint64(feature[node])]
                    if missing and np.isnan(value):  # the way this split learned for missing values
                        step = np.uint32(left[node] + missing_right[node])
                    else:
                        step = np.uint32(left[node] + (value > split_at[node]))
                    at[r] = step
                    walking += step != node
            column = columns[tree]
            for r in range(block):
                out[start + r, column] += threshold[at[r]]
    return out
