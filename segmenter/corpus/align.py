"""Which lines of a page belong to a ground-truth text.

Ground truths are whole texts whose spacing, entities and Unicode forms differ from the
page's, so lines and texts are compared as token sequences (`segmenter.tokens`). A line of
`SHINGLE` tokens or more matches when most of its token trigrams occur in the text; a shorter
line must be a whole line of the text (a subheading), or a run of it beside a matched line,
because short strings such as "Home" or "Share" occur inside long texts by chance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from segmenter.tokens import tokens

SHINGLE = 3
# Lines shorter than this many tokens are aligned as whole strings, not by shingles.
SHORT_LINE_TOKENS = 5
# Share of a long line's trigrams that must occur in the text: half survives the reflowed,
# partly edited paragraphs of real ground truths, and boilerplate rarely shares 3-word runs.
MIN_SHINGLE_COVERAGE = 0.5


@dataclass(frozen=True)
class Reference:
    """A ground-truth text prepared for matching lines against it."""

    shingles: frozenset[tuple[str, ...]]
    whole_lines: frozenset[tuple[str, ...]]
    joined: str  # all tokens, space-separated and space-padded, for short-run lookups

    @classmethod
    def of(cls, text: str) -> Reference:
        words = tokens(text)
        shingles = frozenset(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
        whole = frozenset(tuple(tokens(line)) for line in text.splitlines() if line.strip())
        return cls(shingles, whole, " " + " ".join(words) + " ")

    def __bool__(self) -> bool:
        return bool(self.joined.strip())

    def coverage(self, words: Sequence[str]) -> float:
        """Share of the line's trigrams found in the text (1.0 or 0.0 for short lines)."""
        if len(words) < SHINGLE:
            return 1.0 if self.contains_run(words) else 0.0
        grams = [tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
        return sum(gram in self.shingles for gram in grams) / len(grams)

    def contains_run(self, words: Sequence[str]) -> bool:
        return bool(words) and (" " + " ".join(words) + " ") in self.joined


def align(lines: Sequence[str], text: str | None) -> list[bool]:
    """For each line, whether it belongs to `text`."""
    if not text:
        return [False] * len(lines)
    reference = Reference.of(text)
    if not reference:
        return [False] * len(lines)
    words = [tokens(line) for line in lines]
    matched = [_long_match(reference, w) for w in words]
    return [
        matched[i] or _short_match(reference, words, matched, i) for i in range(len(lines))
    ]


def _long_match(reference: Reference, words: Sequence[str]) -> bool:
    return len(words) >= SHORT_LINE_TOKENS and reference.coverage(words) >= MIN_SHINGLE_COVERAGE


def _short_match(reference: Reference, words: list[list[str]], matched: list[bool], i: int) -> bool:
    line = words[i]
    if not line or len(line) >= SHORT_LINE_TOKENS:
        return False
    if tuple(line) in reference.whole_lines:
        return True
    beside_match = (i > 0 and matched[i - 1]) or (i + 1 < len(matched) and matched[i + 1])
    return beside_match and reference.contains_run(line)


def contains_snippet(line: str, snippets: Sequence[str]) -> bool:
    """Whether the line holds one of the snippets (or is wholly inside a long one)."""
    words = tokens(line)
    if not words:
        return False
    joined = " " + " ".join(words) + " "
    for snippet in snippets:
        snippet_words = tokens(snippet)
        if not snippet_words:
            continue
        run = " " + " ".join(snippet_words) + " "
        if run in joined or (len(words) >= SHINGLE and joined in run):
            return True
    return False
