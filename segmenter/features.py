"""Lines → a matrix of pure, language-agnostic measures, one row per line (FEATURE_NAMES).

Every feature is computed from the line, its place in the page and, for HTML input, its DOM
context; none depends on the language being English. Lines without a DOM (text input) get
zeros for the DOM features and `has_dom` = 0, so one model serves both input kinds.

The character measures are counted for a whole page at once: its text becomes one array of
code points, a table gives each code point's classes, and sums per line do the rest. Labelling
a page costs a few numpy calls instead of a Python loop over its characters.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import regex

from segmenter.dom_rules import dom_label, text_hints
from segmenter.labels import LABELS, Label
from segmenter.lines import STEP_CACHE_SIZE, DomContext, Line

TERMINAL_PUNCTUATION = frozenset(".!?。！？…:;»\"'”’)")
BULLETS = frozenset("•·-–—»›|>*■▪►◦●○✓")
SEPARATORS = frozenset("|»›·•")
DOM_TAGS = ("title", "h1", "h2", "h3", "p", "li", "tr", "div", "pre", "blockquote", "dd", "dt")
LANDMARKS = ("nav", "header", "footer", "aside", "article", "main", "form", "figure")
# Scripts by the first word of their Unicode character names; "OTHER" for the rest.
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "DEVANAGARI", "BENGALI", "THAI",
           "HANGUL", "CJK", "HIRAGANA", "KATAKANA", "TAMIL", "GEORGIAN", "ARMENIAN", "ETHIOPIC", "OTHER")
_PUNCTUATION = regex.compile(r"\p{P}")
_CJK = regex.compile("[\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Characters read per line to find its script: the script shows in the first letters.
SCRIPT_SAMPLE = 64
# Code points below this get their classes from a table built once; the rare ones above it
# (emoji, historic scripts) are classified as they come.
TABLE_SIZE = 0x10000

FEATURE_NAMES: tuple[str, ...] = (
    "log_chars", "log_words", "chars_per_word", "terminal_punctuation", "digit_share",
    "upper_share", "titlecase_share", "punctuation_share", "starts_with_bullet", "separator_count",
    "position", "position_from_end", "is_first", "log_repeats", "page_script_match", "cjk_share",
    "has_dom", "link_share", "log_depth",
    *(f"tag_{tag}" for tag in DOM_TAGS),
    *(f"inside_{landmark}" for landmark in LANDMARKS),
    *(f"rule_{label.value}" for label in LABELS),
    *(f"dom_rule_{label.value}" for label in LABELS),
)
# The features before "has_dom" are counted from characters and positions; the rest read the markup.
_CHARACTER_COLUMNS = FEATURE_NAMES.index("has_dom")
_RULE_COLUMNS = FEATURE_NAMES.index(f"rule_{LABELS[0].value}")

# Character classes, as bits of one table entry.
SPACE, DIGIT, UPPER, ALPHA, PUNCT, CJK, TERMINAL, BULLET, SEPARATOR = (1 << bit for bit in range(9))


def _classes(ch: str) -> tuple[int, int]:
    """A character's class bits and its script's number (1 + index in SCRIPTS; 0: not a letter)."""
    bits = (SPACE * ch.isspace() | DIGIT * ch.isdigit() | UPPER * ch.isupper() | ALPHA * ch.isalpha()
            | PUNCT * bool(_PUNCTUATION.match(ch)) | CJK * bool(_CJK.match(ch))
            | TERMINAL * (ch in TERMINAL_PUNCTUATION) | BULLET * (ch in BULLETS) | SEPARATOR * (ch in SEPARATORS))
    if not ch.isalpha():
        return bits, 0
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    return bits, 1 + (SCRIPTS.index(first) if first in SCRIPTS else SCRIPTS.index("OTHER"))


@lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray]:
    """Class bits and script numbers of every code point below TABLE_SIZE (built on first use)."""
    pairs = [_classes(chr(code)) for code in range(TABLE_SIZE)]
    return np.array([b for b, _ in pairs], dtype=np.uint16), np.array([s for _, s in pairs], dtype=np.uint8)


def _lookup(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    bit_table, script_table = _table()
    low = np.minimum(codes, TABLE_SIZE - 1)
    bits, scripts = bit_table[low], script_table[low]
    high = np.flatnonzero(codes >= TABLE_SIZE)
    if len(high):
        distinct, inverse = np.unique(codes[high], return_inverse=True)
        classes = np.array([_classes(chr(int(code))) for code in distinct])
        bits[high], scripts[high] = classes[inverse, 0], classes[inverse, 1]
    return bits, scripts


def script_of(text: str) -> str:
    """The script of the first letters of `text` ("" when it has none)."""
    return _line_scripts([text])[0]


def page_script(lines: Sequence[Line], scripts: Sequence[str] | None = None) -> str:
    """The script most of the page's characters are written in (`scripts`: each line's, if known)."""
    weights: Counter[str] = Counter()
    for line, script in zip(lines, scripts or _line_scripts([line.text.strip() for line in lines])):
        weights[script] += len(line.text)
    weights.pop("", None)
    return weights.most_common(1)[0][0] if weights else ""


class _Characters:
    """A page's stripped lines as one array of code points, with each one's line and classes."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.count = len(texts)
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.starts = np.cumsum(self.lengths) - self.lengths
        self.codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
        self.line = np.repeat(np.arange(self.count), self.lengths)
        self.bits, self.scripts = _lookup(self.codes)

    def per_line(self, *masks: np.ndarray) -> list[np.ndarray]:
        """How many characters of each line each mask holds (as floats), from one running count of
        them all: a page's eight counts in a few numpy calls, not a call each."""
        # A row per mask, each summed along its own contiguous memory, in int32 unless a page is too
        # long for it: numpy sums so many times faster than down columns or in int64 (docs/MODEL.md,
        # Speed, "Two more exact speed-ups").
        dtype = np.int32 if len(self.codes) < np.iinfo(np.int32).max else np.int64
        running = np.zeros((len(masks), len(self.codes) + 1), dtype=dtype)
        np.cumsum(np.vstack(masks), axis=1, dtype=dtype, out=running[:, 1:])
        counts = (running[:, self.starts + self.lengths] - running[:, self.starts]).astype(np.float64)
        return list(counts)

    def has(self, bit: int) -> np.ndarray:
        return (self.bits & bit) != 0

    def word_starts(self) -> np.ndarray:
        """Characters that begin a word (as `str.split` cuts words: at whitespace)."""
        before_space = np.ones(len(self.codes), dtype=bool)
        before_space[1:] = self.has(SPACE)[:-1]
        before_space[self.starts[self.lengths > 0]] = True
        return ~self.has(SPACE) & before_space

    def edge(self, bit: int, last: bool) -> np.ndarray:
        """Whether each line's first (or last) character has the class."""
        out = np.zeros(self.count, dtype=bool)
        filled = self.lengths > 0
        index = self.starts[filled] + (self.lengths[filled] - 1 if last else 0)
        out[filled] = (self.bits[index] & bit) != 0
        return out


def _line_scripts(texts: Sequence[str]) -> list[str]:
    """Each line's script: the most frequent among its first SCRIPT_SAMPLE characters' letters,
    the first one seen winning a tie ("" for a line without letters)."""
    return _scripts(_Characters(texts))


def _scripts(chars: _Characters) -> list[str]:
    width = len(SCRIPTS) + 1
    position = np.arange(len(chars.codes)) - chars.starts[chars.line]
    letter = (position < SCRIPT_SAMPLE) & (chars.scripts > 0)
    key = chars.line[letter] * width + chars.scripts[letter]
    counts = np.bincount(key, minlength=chars.count * width).reshape(chars.count, width)
    first = np.full(chars.count * width, np.iinfo(np.int64).max)
    np.minimum.at(first, key, position[letter])
    first = first.reshape(chars.count, width)
    # Most letters first, then earliest: a lexicographic maximum of (count, -first position).
    best = np.lexsort((first, -counts), axis=1)[:, 0] if chars.count else np.zeros(0, dtype=np.int64)
    has_letters = counts.sum(axis=1) > 0
    return [SCRIPTS[s - 1] if ok else "" for s, ok in zip(best.tolist(), has_letters.tolist())]


def line_features(lines: Sequence[Line]) -> np.ndarray:
    """The feature matrix of a page's lines, shape (len(lines), len(FEATURE_NAMES))."""
    matrix = np.zeros((len(lines), len(FEATURE_NAMES)), dtype=np.float32)
    if not lines:
        return matrix
    texts = [line.text.strip() for line in lines]
    chars = _Characters(texts)
    scripts = _scripts(chars)
    main_script = page_script(lines, scripts)
    matrix[:, :_CHARACTER_COLUMNS] = _character_columns(chars, texts, scripts, main_script)
    hints = text_hints(texts, [line.dom for line in lines])
    with_dom = [i for i, line in enumerate(lines) if line.dom is not None]
    if with_dom:  # the page's markup columns become an array at once: a conversion per line cost more
        matrix[with_dom, _CHARACTER_COLUMNS:] = [_markup_columns(line.dom, text, hint) for line, text, hint
                                                 in zip(lines, texts, hints) if line.dom is not None]
    for i, (line, hint) in enumerate(zip(lines, hints)):
        if line.dom is None and hint is not None:  # a text line's markup columns are zeros but the text rule's
            matrix[i, _RULE_COLUMNS + LABELS.index(hint)] = 1.0
    return matrix


def _character_columns(chars: _Characters, texts: Sequence[str], scripts: Sequence[str],
                       main_script: str) -> np.ndarray:
    word_starts = chars.word_starts()
    words, digits, upper, letters, titlecase, punctuation, separators, cjk = chars.per_line(
        word_starts, chars.has(DIGIT), chars.has(UPPER), chars.has(ALPHA), word_starts & chars.has(UPPER),
        chars.has(PUNCT), chars.has(SEPARATOR), chars.has(CJK))
    n = np.maximum(chars.lengths, 1)
    some_words = np.maximum(words, 1)
    repeats = Counter(texts)
    index = np.arange(chars.count)
    return np.column_stack([
        np.log1p(chars.lengths), np.log1p(words), chars.lengths / some_words / 10,
        chars.edge(TERMINAL, last=True),
        digits / n,
        upper / np.maximum(letters, 1),
        titlecase / some_words,
        punctuation / n,
        chars.edge(BULLET, last=False),
        separators,
        index / chars.count, (chars.count - 1 - index) / chars.count, index == 0,
        np.log1p([repeats[text] - 1 for text in texts]),
        [script == main_script for script in scripts],
        cjk / n,
    ])


def _markup_columns(dom: DomContext, text: str, hint: Label | None) -> tuple[float, ...]:
    """DOM features, then the rules' labels: text rule (`hint`) or else DOM rule, and DOM rule alone."""
    dom_only = dom_label(dom, text)
    return (1.0, dom.link_share, math.log1p(len(dom.path)), *_tag_columns(dom.tag, dom.tags),
            *_ONE_HOT[hint or dom_only], *_ONE_HOT[dom_only])


_ONE_HOT: dict[Label | None, tuple[float, ...]] = {
    label: tuple(float(label is name) for name in LABELS) for label in (None, *LABELS)}


@lru_cache(maxsize=STEP_CACHE_SIZE)
def _tag_columns(tag: str, tags: tuple[str, ...]) -> tuple[float, ...]:
    """The line's tag and its landmark ancestors, one-hot; cached: a page's lines share a few
    hundred such paths of tags (a path of steps, with each one's position, is the line's alone)."""
    tag = "h3" if tag in ("h4", "h5", "h6") else "tr" if tag in ("td", "th") else tag
    return tuple(float(tag == name) for name in DOM_TAGS) + tuple(float(landmark in tags) for landmark in LANDMARKS)
