"""Lines → a matrix of pure, language-agnostic measures, one row per line (FEATURE_NAMES).

Every feature is computed from the line, its place in the page and, for HTML input, its DOM
context; none depends on the language being English. Lines without a DOM (text input) get
zeros for the DOM features and `has_dom` = 0, so one model serves both input kinds.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache
from collections import Counter
from collections.abc import Sequence

import numpy as np
import regex

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
_PUNCTUATION = regex.compile(r"\p{P}")
_CJK = regex.compile("[\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff]")
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


@lru_cache(maxsize=1 << 16)
def _char_script(ch: str) -> str:
    """A letter's script ("" for a non-letter); cached, as pages repeat few distinct characters."""
    if not ch.isalpha():
        return ""
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    return first if first in _SCRIPT_NAMES else "OTHER"


def script_of(text: str) -> str:
    """The script of the first letters of `text` ("" when it has none)."""
    counts = Counter(map(_char_script, text[:SCRIPT_SAMPLE]))
    counts.pop("", None)
    return counts.most_common(1)[0][0] if counts else ""


def page_script(lines: Sequence[Line], scripts: Sequence[str] | None = None) -> str:
    """The script most of the page's characters are written in (`scripts`: each line's, if known)."""
    weights: Counter[str] = Counter()
    for line, script in zip(lines, scripts or [script_of(line.text) for line in lines]):
        weights[script] += len(line.text)
    weights.pop("", None)
    return weights.most_common(1)[0][0] if weights else ""


def line_features(lines: Sequence[Line]) -> np.ndarray:
    """The feature matrix of a page's lines, shape (len(lines), len(FEATURE_NAMES))."""
    matrix = np.zeros((len(lines), len(FEATURE_NAMES)), dtype=np.float32)
    if not lines:
        return matrix
    texts = [line.text.strip() for line in lines]
    repeats = Counter(texts)
    scripts = [script_of(text) for text in texts]
    main_script = page_script(lines, scripts)
    count = len(lines)
    for i, (line, text) in enumerate(zip(lines, texts)):
        matrix[i] = _row(line, text, i, count, repeats[text], scripts[i] == main_script)
    return matrix


def _row(line: Line, text: str, index: int, count: int, repeats: int, main_script: bool) -> list[float]:
    words = text.split()
    n = max(len(text), 1)
    features = [
        math.log1p(len(text)), math.log1p(len(words)), len(text) / max(len(words), 1) / 10,
        float(bool(text) and text[-1] in TERMINAL_PUNCTUATION),
        sum(map(str.isdigit, text)) / n,
        sum(map(str.isupper, text)) / max(sum(map(str.isalpha, text)), 1),
        sum(w[:1].isupper() for w in words) / max(len(words), 1),
        len(_PUNCTUATION.findall(text)) / n,
        float(bool(text) and text[0] in BULLETS),
        float(sum(text.count(sep) for sep in ("|", "»", "›", "·", "•"))),
        index / count, (count - 1 - index) / count, float(index == 0), math.log1p(repeats - 1),
        float(main_script), len(_CJK.findall(text)) / n,
    ]
    return features + _dom_features(line) + _rule_features(line)


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
