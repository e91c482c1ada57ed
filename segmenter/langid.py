"""Offline language identification of texts: py3langid's model (it ships in its wheel), its byte
automaton walked by compiled code.

py3langid counts a text's features by walking an automaton over its UTF-8 bytes in a Python
loop, a tenth of `segmenter label`'s time on text pages (docs/MODEL.md, Speed). `Automaton` walks
the same tables compiled, then scores as py3langid's `classify` does, with the same numpy
expressions on the features in the same order: the same language and probability
(tests/test_langid.py compares them on texts in many scripts).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import Any

import numpy as np
from numba import njit

# Enough text to decide a page's language; more only costs time.
MAX_CHARACTERS = 4000
# Below this many letters the identifier guesses; call the language unknown instead.
MIN_LETTERS = 8
UNKNOWN = "und"


class LanguageIdentifier:
    """Names the language of a text with an ISO 639-1 code, or "und"."""

    def __init__(self, languages: Sequence[str] | None = None) -> None:
        self.languages = tuple(languages) if languages else None

    @cached_property
    def _model(self) -> Automaton:
        from py3langid.langid import MODEL_FILE
        from py3langid.langid import LanguageIdentifier as Identifier

        model = Identifier.from_model_file(MODEL_FILE, norm_probs=True)
        if self.languages:
            model.set_languages(list(self.languages))
        return Automaton.of(model)

    def load(self) -> LanguageIdentifier:
        """Load the model and its compiled walk now rather than at the first text (before forking
        workers, who then share them)."""
        self._model.classify("")
        return self

    def identify(self, text: str) -> tuple[str, float]:
        """The language of `text` and the identifier's probability for it."""
        sample = text[:MAX_CHARACTERS]
        if len(list(islice(filter(str.isalpha, sample), MIN_LETTERS))) < MIN_LETTERS:  # stop counting at enough
            return UNKNOWN, 0.0
        return self._model.classify(sample)

    def page_language(self, lines: Sequence[str]) -> str:
        """The language of a page, from its lines (longest first, up to MAX_CHARACTERS)."""
        sample, size = [], 0
        for line in sorted(lines, key=len, reverse=True):
            sample.append(line)
            size += len(line)
            if size >= MAX_CHARACTERS:
                break
        return self.identify("\n".join(sample))[0]


def body_language(identifier: LanguageIdentifier, lines: Sequence[tuple[str, bool]]) -> str:
    """The language of a labelled page: of its body lines when it has any, else of all its lines.
    An English article on a Bengali news site is English, however many Bengali menus surround it."""
    body = [text for text, is_body in lines if is_body]
    return identifier.page_language(body or [text for text, _ in lines])


@dataclass(frozen=True, eq=False)
class Automaton:
    """py3langid's model as arrays: the byte automaton (each state's row of next states, and the
    feature it emits, -1 for none) and the naive Bayes tables (per feature and language, per language)."""

    next_state: np.ndarray
    row_start: np.ndarray
    feature: np.ndarray
    per_feature: np.ndarray
    per_language: np.ndarray
    languages: tuple[str, ...]
    aliases: tuple[tuple[int, int], ...]  # (first, repeat) positions of a language listed twice

    @classmethod
    def of(cls, model: Any) -> Automaton:
        """From a py3langid LanguageIdentifier made with norm_probs=True (the tables it is made of)."""
        return cls(next_state=np.asarray(model.tk_nextmove), row_start=np.asarray(model.tk_row, dtype=np.int64) << 8,
                   feature=np.asarray(model.tk_output, dtype=np.int32),
                   # float32 once, not the text's rows of py3langid's float16 table at every text:
                   # numpy multiplies them as float32 either way, so the scores are the same to the
                   # bit, in 0.27 s instead of 0.60 for 1,000 pages (docs/MODEL.md, Speed); 28 MB more
                   per_feature=np.asarray(model.nb_ptc, dtype=np.float32),
                   per_language=model.nb_pc, languages=tuple(model.nb_classes),
                   aliases=_aliases(model.nb_classes))

    def classify(self, text: str) -> tuple[str, float]:
        """The most probable language and its probability, as py3langid's `classify` gives them."""
        data = np.frombuffer(_encode(text), dtype=np.uint8)
        features, counts = _walk(data, self.next_state, self.row_start, self.feature, len(self.per_feature))
        if len(features):
            scores = np.log1p(counts.astype(np.float32)) @ self.per_feature[features] + self.per_language
        else:
            scores = np.zeros(len(self.languages), dtype=np.float32)  # no features: all languages alike
        scores *= 1.0 / math.sqrt(len(data) or 1)  # py3langid's temperature: calibrated across lengths
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for first, same in self.aliases:  # a language listed twice scores once
            scores[first] += scores[same]
            scores[same] = 0.0
        best = int(scores.argmax())
        return self.languages[best], float(scores[best])


def _encode(text: str) -> bytes:
    """The bytes py3langid reads: an all-capitals text lower-cased, NFC, UTF-8."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _aliases(languages: Sequence[str]) -> tuple[tuple[int, int], ...]:
    first: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    for i, language in enumerate(languages):
        if language in first:
            pairs.append((first[language], i))
        else:
            first[language] = i
    return tuple(pairs)


@njit(cache=True, nogil=True)
def _walk(data: np.ndarray, next_state: np.ndarray, row_start: np.ndarray, feature: np.ndarray,
          n_features: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover (compiled)
    """The features the automaton emits over the bytes, in the order first seen, and their counts."""
    counts = np.zeros(n_features, dtype=np.int64)
    seen = np.empty(len(data), dtype=np.int64)
    distinct = 0
    state = 0
    for byte in data:
        state = next_state[row_start[state] + byte]
        emitted = feature[state]
        if emitted >= 0:
            if counts[emitted] == 0:
                seen[distinct] = emitted
                distinct += 1
            counts[emitted] += 1
    order = seen[:distinct].copy()
    return order, counts[order]
