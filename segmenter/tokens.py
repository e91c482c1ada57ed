"""Words of any script, for comparing texts: the same tokens for alignment and scoring.

Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan) give one
token per character, so that "the same text" means the same thing in every language.
"""

from __future__ import annotations

import html
import unicodedata

import regex

_CHARACTER_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"
# \w in `regex` keeps combining marks with their letters (Bengali, Devanagari vowel signs).
_TOKEN = regex.compile(rf"[{_CHARACTER_SCRIPTS}]|(?:(?![{_CHARACTER_SCRIPTS}])\w)+", regex.V1)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def normalise(text: str) -> str:
    """Entity-unescaped, NFKC-normalised, case-folded text without invisible characters."""
    return unicodedata.normalize("NFKC", html.unescape(text)).translate(_INVISIBLE).casefold()


def tokens(text: str) -> list[str]:
    """The normalised word tokens of `text`; punctuation and spacing are dropped."""
    return _TOKEN.findall(normalise(text))
