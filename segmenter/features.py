"""Lines → a matrix of pure, language-agnostic measures, one row per line (FEATURE_NAMES).

Every feature is computed from the line, its place in the page and, for HTML input, its DOM
context; none depends on the language being English. Lines without a DOM (text input) get
zeros for the DOM features and `has_dom` = 0, so one model serves both input kinds.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np

from segmenter.dom_rules import dom_label, text_hint
from segmenter.labels import LABELS
from segmenter.lines import Line, parse_step

TERMINAL_PUNCTUATION = frozenset(".!?。！？…:;»\"'”’)")
BULLETS = frozenset("•·-–—»›|>*■▪►◦●○✓")
DOM_TAGS = ("title", "h1", "h2", "h3", "p", "li", "tr", "div", "pre", "blockquote", "dd", "dt")
LANDMARKS = ("nav", "header", "footer", "aside", "article", "main", "form", "figure")
# Scripts by the first word of their Unicode character names.
_SCRIPT_NAMES = ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "DEVANAGARI", "BENGALI", "THAI",
                 "HANGUL", "CJK", "HIRAGANA", "KATAKANA", "TAMIL", "GEORGIAN", "ARMENIAN", "ETHIOPIC")
# Characters read per line to find its script: the script shows in the first letters.
SCRIPT_SAMPLE = 64

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


def script_of(text: str) -> str:
    """The script of the first letters of `text` ("" when it has none)."""
    counts: Counter[str] = Counter()
    for ch in text[:SCRIPT_SAMPLE]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            first = name.split(" ", 1)[0]
            counts[first if first in _SCRIPT_NAMES else "OTHER"] += 1
    return counts.most_common(1)[0][0] if counts else ""


def page_script(lines: Sequence[Line]) -> str:
    """The script most of the page's characters are written in."""
    weights: Counter[str] = Counter()
    for line in lines:
        weights[script_of(line.text)] += len(line.text)
    weights.pop("", None)
    return weights.most_common(1)[0][0] if weights else ""


def line_features(lines: Sequence[Line]) -> np.ndarray:
    """The feature matrix of a page's lines, shape (len(lines), len(FEATURE_NAMES))."""
    matrix = np.zeros((len(lines), len(FEATURE_NAMES)), dtype=np.float32)
    if not lines:
        return matrix
    repeats = Counter(line.text.strip() for line in lines)
    main_script = page_script(lines)
    count = len(lines)
    for i, line in enumerate(lines):
        matrix[i] = _row(line, i, count, repeats[line.text.strip()], main_script)
    return matrix


def _row(line: Line, index: int, count: int, repeats: int, main_script: str) -> list[float]:
    text = line.text.strip()
    words = text.split()
    letters = [ch for ch in text if ch.isalpha()]
    n = max(len(text), 1)
    features = [
        math.log1p(len(text)), math.log1p(len(words)), len(text) / max(len(words), 1) / 10,
        float(bool(text) and text[-1] in TERMINAL_PUNCTUATION),
        sum(ch.isdigit() for ch in text) / n,
        sum(ch.isupper() for ch in letters) / max(len(letters), 1),
        sum(w[:1].isupper() for w in words) / max(len(words), 1),
        sum(unicodedata.category(ch).startswith("P") for ch in text) / n,
        float(bool(text) and text[0] in BULLETS),
        float(sum(text.count(sep) for sep in ("|", "»", "›", "·", "•"))),
        index / count, (count - 1 - index) / count, float(index == 0), math.log1p(repeats - 1),
        float(script_of(text) == main_script), sum(_is_cjk(ch) for ch in text) / n,
    ]
    return features + _dom_features(line) + _rule_features(line)


def _is_cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\ufaff"


def _dom_features(line: Line) -> list[float]:
    dom = line.dom
    if dom is None:
        return [0.0] * (3 + len(DOM_TAGS) + len(LANDMARKS))
    tags = {parse_step(step)[0] for step in dom.path}
    tag = "h3" if dom.tag in ("h4", "h5", "h6") else "tr" if dom.tag in ("td", "th") else dom.tag
    return (
        [1.0, dom.link_share, math.log1p(len(dom.path))]
        + [float(tag == name) for name in DOM_TAGS]
        + [float(landmark in tags) for landmark in LANDMARKS]
    )


def _rule_features(line: Line) -> list[float]:
    dom_only = dom_label(line.dom, line.text)
    combined = text_hint(line.text, line.dom) or dom_only  # as rule_label, without a second DOM pass
    return [float(combined is label) for label in LABELS] + [float(dom_only is label) for label in LABELS]
