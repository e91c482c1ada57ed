"""The fitted context model as labelling runs it: each stage's packed trees and the window settings.

`segmenter.context_model.ContextModel` (scikit-learn) fits the stages and hands over a
`ContextTrees`. It is saved as plain arrays (numpy's .npz, read without pickle), so loading a
model runs no code from the file and needs neither scikit-learn nor the version that trained it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from segmenter.transitions import Transitions
from segmenter.trees import PackedTrees
from segmenter.windows import page_ids_for, windowed

STAGES = ("body", "comments", "kind")


@dataclass(frozen=True)
class Decisions:
    """Each line's label, as an index into the model's `classes`, and that label's probability."""

    labels: np.ndarray
    scores: np.ndarray


@dataclass(frozen=True, eq=False)
class ContextTrees:
    """Stages that multiply: P(body) from `body`; past body, P(comments | not body) from `comments`
    when the model has a comments stage, and P(label | the rest) from `kind` (see ContextModel)."""

    window: int
    neighbour_columns: tuple[int, ...] | None
    wide_windows: tuple[int, ...]
    directional_windows: bool  # each wide window's means above and below the line apart (windows.windowed)
    n_features_in: int
    classes: np.ndarray  # labels (str), the order of predict_proba's columns
    body: PackedTrees  # classes False, True
    comments: PackedTrees | None  # None: every line past body is a comment (no other was learned)
    kind: PackedTrees | None  # None: one label only past the earlier stages

    @property
    def comments_stage(self) -> bool:
        """Whether comments come from a stage of their own (then `classes` holds body, comments and
        `kind`'s labels), not from `kind`."""
        return len(self.classes) == 2 + (1 if self.kind is None else len(self.kind.classes))

    def predict_proba(self, X: np.ndarray, page_ids: np.ndarray | None = None) -> np.ndarray:
        """Probabilities per line, columns in `classes` order."""
        rows = self.rows(X, page_ids)
        return self._below_body(rows, self._body(rows))

    def decide(self, X: np.ndarray, page_ids: np.ndarray | None = None,
               body_weight: float = 1.0, transitions: Transitions | None = None) -> Decisions:
        """Each line's most probable label (index into `classes`) and its probability, as
        `predict_proba` gives them, or with `transitions` each page's most probable sequence of
        labels (segmenter.transitions). With `body_weight`, P(body) is multiplied by it before the
        labels are compared (below 1 fewer lines are body, above 1 more); the score stays the
        label's own probability. Where body wins outright the later stages' trees do not run."""
        page_ids = page_ids_for(page_ids, len(X))
        rows = self.rows(X, page_ids)
        if transitions is not None and transitions.weight > 0:
            return self._decoded(rows, page_ids, body_weight, transitions)
        labels, scores = np.zeros(len(rows), dtype=np.int64), self._body(rows)
        rest = np.flatnonzero(scores < body_wins(body_weight))
        if len(rest):
            probs = self._below_body(rows[rest], scores[rest])
            best = most_probable(probs, body_weight)
            labels[rest] = best
            scores[rest] = probs[np.arange(len(rest)), best]
        return Decisions(labels, scores)

    def _decoded(self, rows: np.ndarray, page_ids: np.ndarray, body_weight: float,
                 transitions: Transitions) -> Decisions:
        """`decide` with transitions. A line past `sure_body` is body in every sequence, so the
        later stages' trees run only on the others; its other labels share the rest evenly."""
        body = self._body(rows)
        probs = np.empty((len(rows), len(self.classes)))
        probs[:, 0] = body
        probs[:, 1:] = ((1.0 - body) / (len(self.classes) - 1))[:, None]
        rest = np.flatnonzero(body < transitions.sure_body(body_weight))
        if len(rest):
            probs[rest] = self._below_body(rows[rest], body[rest])
        labels = transitions.decode(probs, page_ids, self.classes.tolist(), body_weight)
        return Decisions(labels, probs[np.arange(len(rows)), labels])

    def rows(self, X: np.ndarray, page_ids: np.ndarray | None) -> np.ndarray:
        """What the trees read: each line's columns and its neighbours' (segmenter.windows)."""
        X = np.asarray(X, dtype=np.float32)
        if X.ndim != 2 or X.shape[1] != self.n_features_in:
            raise ValueError(f"expected {self.n_features_in} columns, got shape {X.shape}")
        return windowed(X, page_ids_for(page_ids, len(X)), self.window, self.neighbour_columns, self.wide_windows,
                        self.directional_windows)

    def _body(self, rows: np.ndarray) -> np.ndarray:
        return self.body.probability_of(True, rows) if len(rows) else np.zeros(0)

    def _below_body(self, rows: np.ndarray, body: np.ndarray) -> np.ndarray:
        """The rows' probabilities in `classes` order, given their P(body)."""
        rest = 1.0 - body
        kinds = np.ones((len(rows), 1)) if self.kind is None else self.kind.predict_proba(rows)
        if not self.comments_stage:
            return np.hstack([body[:, None], rest[:, None] * kinds])
        comments = rest * (np.ones(len(rows)) if self.comments is None else self.comments.probability_of(True, rows))
        return np.hstack([body[:, None], comments[:, None], (rest - comments)[:, None] * kinds])

    @classmethod
    def averaged(cls, members: Sequence[ContextTrees]) -> ContextTrees:
        """One model whose stages' raw scores are the mean of the members' (PackedTrees.averaged):
        models fitted alike on different draws of the training rows, which read the same columns."""
        if not members:
            raise ValueError("averaging needs at least one context model")
        first = members[0]
        for member in members[1:]:
            if _shape(member) != _shape(first):
                raise ValueError("context models that read different columns or give different labels "
                                 "cannot be averaged")
        stages = {}
        for name in STAGES:
            stage = [getattr(member, name) for member in members]
            stages[name] = None if stage[0] is None else PackedTrees.averaged(stage)
        return replace(first, **stages)

    def load_walk(self) -> ContextTrees:
        """Load the compiled walk now (see PackedTrees.load_walk)."""
        self.body.load_walk()
        return self

    def save(self, path: Path) -> None:
        arrays = {"window": np.array(self.window), "wide_windows": np.array(self.wide_windows, dtype=np.int64),
                  "directional_windows": np.array(self.directional_windows),
                  "n_features_in": np.array(self.n_features_in), "classes": self.classes.astype(str)}
        if self.neighbour_columns is not None:
            arrays["neighbour_columns"] = np.array(self.neighbour_columns, dtype=np.int64)
        for name in STAGES:
            stage = getattr(self, name)
            if stage is not None:
                arrays.update(stage.arrays(f"{name}."))
        with path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)

    @classmethod
    def load(cls, path: Path) -> ContextTrees:
        with np.load(path, allow_pickle=False) as arrays:
            return cls.from_arrays(arrays).load_walk()

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> ContextTrees:
        stages = {name: PackedTrees.from_arrays(arrays, f"{name}.") if f"{name}.feature" in arrays else None
                  for name in STAGES}
        if stages["body"] is None:
            raise KeyError("body.feature")
        neighbours = arrays["neighbour_columns"].tolist() if "neighbour_columns" in arrays else None
        return cls(window=int(arrays["window"]), neighbour_columns=None if neighbours is None else tuple(neighbours),
                   wide_windows=tuple(arrays["wide_windows"].tolist()),
                   # files saved before directional windows existed have centred ones
                   directional_windows=bool(arrays["directional_windows"]) if "directional_windows" in arrays else False,
                   n_features_in=int(arrays["n_features_in"]),
                   classes=arrays["classes"], **stages)


def body_wins(body_weight: float) -> float:
    """The P(body) from which body is the most probable label, weighted, whatever the later stages
    say: they share the rest, 1 - P(body), so none can pass body_weight * P(body) from there (0.5
    unweighted)."""
    return 1.0 / (1.0 + body_weight)


def most_probable(probs: np.ndarray, body_weight: float = 1.0) -> np.ndarray:
    """Each row's most probable label (a column of `predict_proba`, where body is the first) with
    P(body) multiplied by `body_weight`."""
    weighted = probs.copy()
    weighted[:, 0] *= body_weight
    return weighted.argmax(axis=1)


def _shape(model: ContextTrees) -> tuple[object, ...]:
    """What context models must share to be averaged: the columns their trees read, their labels
    and which stages they have."""
    return (model.window, model.neighbour_columns, model.wide_windows, model.directional_windows, model.n_features_in,
            model.classes.tolist(), *(getattr(model, name) is None for name in STAGES))
