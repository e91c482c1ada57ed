"""How a page's labels follow one another, and each page's labels read as one sequence.

The context model labels each line from its own columns and a window of its neighbours', one line at
a time, so where its probabilities are close a run of lines can come out flipping between two labels
(a teaser list read related, navigation, related) or a lone line can leave its run. On the training
pages a label is followed by itself 82-97% of the time (`Transitions.counted`). Each page's labels
are taken together instead: the sequence with the highest sum of the lines' log-probabilities plus
`weight` times the log-probabilities of its steps from label to label (Viterbi, a first-order chain).
The page's first line, its title, takes no step: it is no block of the page (`chained`). Weight 0
gives each line's most probable label, as before; docs/MODEL.md, "Labels as a sequence", has the
figures by which the default was chosen.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
from numba import njit

from segmenter.labels import LABELS, Label

# On the corpus's dev split every weight from 0.05 to 0.2 scored within 0.0012 of the best body F1
# and macro-F1 of both input kinds, and 0.1 had the best body F1 of both (docs/MODEL.md, "Labels as
# a sequence", with the test split and the hand-labelled pages, read after).
TRANSITION_WEIGHT = 0.1
# Add-one counts: a step never seen on the training pages stays possible.
PSEUDO_COUNT = 1.0


@dataclass(frozen=True, eq=False)
class Transitions:
    """log P(next line's label | this line's label), rows and columns in LABELS order, and the
    weight of the steps against the lines' own log-probabilities (0: each line's most probable label)."""

    log_probs: np.ndarray
    weight: float = TRANSITION_WEIGHT

    def __post_init__(self) -> None:
        shape = (len(LABELS), len(LABELS))
        if self.log_probs.shape != shape or not np.isfinite(self.log_probs).all():
            raise ValueError(f"transition log-probabilities must be a finite {shape} array, "
                             f"not {self.log_probs.shape}")
        checked_transition_weight(self.weight)

    @classmethod
    def counted(cls, pages: Iterable[Sequence[Label | None]], weight: float = TRANSITION_WEIGHT) -> Transitions:
        """Counted on pages' label sequences, from their second line (the first stands apart:
        `chained`); a line without a label breaks its page's steps."""
        counts = np.full((len(LABELS), len(LABELS)), PSEUDO_COUNT)
        index = {label: i for i, label in enumerate(LABELS)}
        for labels in pages:
            for this, after in pairwise(labels[1:]):
                if this is not None and after is not None:
                    counts[index[this], index[after]] += 1
        return cls(np.log(counts / counts.sum(axis=1, keepdims=True)), weight)

    def sure_body(self, body_weight: float = 1.0) -> float:
        """The P(body) from which a line is body in every page's best sequence, whatever its
        neighbours and however its other labels share the rest: its two steps can gain at most twice
        the spread of the log-probabilities, weighted, against what body's P leads by. Lines below it
        need every label's probability; the others need only P(body)."""
        lead = math.exp(2 * self.weight * float(self.log_probs.max() - self.log_probs.min()))
        return lead / (lead + body_weight)

    def decode(self, probs: np.ndarray, page_ids: np.ndarray, classes: Sequence[str],
               body_weight: float = 1.0) -> np.ndarray:
        """Each line's label (a column of `probs`, whose columns are `classes`) in its page's most
        probable sequence; a page is a run of equal `page_ids`, and its first line (the title)
        stands apart (`chained`). P(body) is multiplied by `body_weight` first (see
        segmenter.Segmenter)."""
        order = [LABELS.index(Label(name)) for name in classes]
        steps = self.weight * self.log_probs[np.ix_(order, order)]
        weighted = probs.astype(np.float64)
        weighted[:, list(classes).index(Label.BODY.value)] *= body_weight
        return _viterbi(np.log(np.maximum(weighted, np.finfo(np.float64).tiny)), steps, chained(page_ids))

    def load_decoder(self) -> Transitions:
        """Load the compiled decoding now (from numba's cache, or compile it) rather than at the first
        page: a process that forks workers after loading the model then shares it with them, as it
        does the trees' walk (PackedTrees.load_walk)."""
        _viterbi(np.zeros((0, len(LABELS))), self.log_probs, np.zeros(0, dtype=np.bool_))
        return self

    def save(self, path: Path) -> None:
        probs = np.exp(self.log_probs)
        path.write_text(json.dumps({"labels": [label.value for label in LABELS],
                                    "after": {label.value: dict(zip((a.value for a in LABELS), row.round(6).tolist()))
                                              for label, row in zip(LABELS, probs)}}, indent=1))

    @classmethod
    def load(cls, path: Path, weight: float = TRANSITION_WEIGHT) -> Transitions:
        data = json.loads(path.read_text())
        if data.get("labels") != [label.value for label in LABELS]:
            raise ValueError(f"{path} holds transitions between other labels: {data.get('labels')}")
        probs = np.array([[data["after"][this.value][after.value] for after in LABELS] for this in LABELS])
        return cls(np.log(probs / probs.sum(axis=1, keepdims=True)), weight)


def checked_transition_weight(weight: float) -> float:
    """The weight of the steps between labels, or a ValueError: 0 or more."""
    if not math.isfinite(weight) or weight < 0:
        raise ValueError(f"the transition weight must be 0 (each line's most probable label) or more, not {weight}")
    return weight


def chained(page_ids: np.ndarray) -> np.ndarray:
    """Whether each line is one step on from the line before: on the same page, and not right after
    the page's first line, which stands apart. WET records and segmenter.lines put the page's title
    first, and the title is not one of the page's blocks: what follows it is whatever the page
    starts with."""
    page_ids = np.asarray(page_ids)
    same = np.zeros(len(page_ids), dtype=np.bool_)
    same[1:] = page_ids[1:] == page_ids[:-1]
    return same & np.concatenate([[False], same[:-1]])


@njit(cache=True)
def _viterbi(emissions: np.ndarray, steps: np.ndarray, chain: np.ndarray) -> np.ndarray:  # pragma: no cover
    """The best labels of each run of chained lines (`chained`)."""
    n, k = emissions.shape
    best = np.empty(k)
    back = np.zeros((n, k), dtype=np.int64)
    path = np.zeros(n, dtype=np.int64)
    start = 0
    for i in range(n + 1):
        if i == n or not chain[i]:
            if i > 0:  # the run start..i-1 ends: follow its best labels back
                path[i - 1] = np.argmax(best)
                for j in range(i - 1, start, -1):
                    path[j - 1] = back[j, path[j]]
            if i == n:
                break
            best[:] = emissions[i]
            start = i
            continue
        new = np.empty(k)
        for to in range(k):
            top, arg = best[0] + steps[0, to], 0
            for came in range(1, k):
                if best[came] + steps[came, to] > top:
                    top, arg = best[came] + steps[came, to], came
            new[to] = top + emissions[i, to]
            back[i, to] = arg
        best[:] = new
    return path
