"""Extracted text against ground truth: bag-of-tokens precision/recall/F1 and snippet checks.

One scorer for every extractor, so that tools are compared on the same terms: tokens come from
`segmenter.tokens` (each Han, kana or Thai character a token, words elsewhere), compared as
multisets, so that line breaks, punctuation and order do not count. Snippets are checked the way
trafilatura's evaluation checks them: a snippet that must be in the main text is found or missed,
one that must not be is leaked or kept out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from segmenter.tokens import tokens


@dataclass(frozen=True)
class TokenScore:
    """How much of the extracted text is in the ground truth (precision) and how much of the
    ground truth was extracted (recall), counted in tokens."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, extracted: str, truth: str) -> TokenScore:
        """The score of an extraction. Extracting nothing scores 0: it keeps no text, right or wrong."""
        got, want = Counter(tokens(extracted)), Counter(tokens(truth))
        if not want:
            raise ValueError("a token score needs a ground truth with at least one token")
        common = sum((got & want).values())
        precision = common / sum(got.values()) if got else 0.0
        recall = common / sum(want.values())
        f1 = 2 * precision * recall / (precision + recall) if common else 0.0
        return cls(precision, recall, f1)


@dataclass(frozen=True)
class SnippetCounts:
    """Snippets that belong in the text (found or missed) and snippets that do not (leaked or kept out)."""

    found: int = 0
    missed: int = 0
    leaked: int = 0
    kept_out: int = 0

    @classmethod
    def of(cls, extracted: str, inside: Iterable[str], outside: Iterable[str]) -> SnippetCounts:
        text = _joined(extracted)
        hits_in = [snippet in text for snippet in map(_joined, inside) if snippet.strip()]
        hits_out = [snippet in text for snippet in map(_joined, outside) if snippet.strip()]
        return cls(sum(hits_in), len(hits_in) - sum(hits_in), sum(hits_out), len(hits_out) - sum(hits_out))

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(self.found + other.found, self.missed + other.missed,
                             self.leaked + other.leaked, self.kept_out + other.kept_out)

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.leaked) if self.found + self.leaked else 0.0

    @property
    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found + self.missed else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _joined(text: str) -> str:
    """The text's tokens between single spaces and around the ends, so that a snippet matches
    whole tokens whatever the spacing and punctuation of either side."""
    return f" {' '.join(tokens(text))} "
