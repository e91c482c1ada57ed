"""Pages of a crawl → how often each line recurs on other pages of its host (site-level boilerplate).

A site's menus, footers and "most read" boxes repeat on its every page, its articles do not. Lines
are counted once per page in a count-min sketch keyed by host and line, so that memory stays fixed
however many pages are counted (it can only over-count, and rarely: see SKETCH_WIDTH).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

import numpy as np

from segmenter.lines import Line

# The columns the context model gets: the share of the host's other pages that have the line, and
# how many other pages there are (a share of 1 among 2 pages says less than among 200).
SITE_COLUMNS: tuple[str, ...] = ("site_share", "log_site_pages")
# 2**22 counters a row, 2 rows of uint16: 16 MB. A crawl file's few million (host, line) keys then
# fill a row's counters to about half, and both rows collide for the same key a few times in 100.
SKETCH_WIDTH_BITS = 22
SKETCH_ROWS = 2
_ROW_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F], dtype=np.uint64)[:SKETCH_ROWS]
_COUNT_MAX = np.iinfo(np.uint16).max
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def host_of(url: str) -> str:
    """The host of a URL, lower-cased, "" when there is none."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed URL (an invalid port, say) has no usable host
        return ""


def line_keys(host: str, lines: Sequence[Line]) -> np.ndarray:
    """A 64-bit key per line of a page of `host`: lines alike but for case, spacing or numbers
    (a date, a comment count: each run of digits reads as 0) share their key."""
    keys = [hashlib.blake2b(f"{host}\0{_DIGITS.sub('0', _SPACES.sub(' ', line.text.strip().lower()))}".encode(),
                            digest_size=8).digest() for line in lines]
    return np.frombuffer(b"".join(keys), dtype=np.uint64).copy()


class SiteMemory:
    """Counts, per host, its pages and the pages each line is on."""

    def __init__(self) -> None:
        self.pages: Counter[str] = Counter()
        self.sketch = np.zeros((SKETCH_ROWS, 1 << SKETCH_WIDTH_BITS), dtype=np.uint16)

    @classmethod
    def of(cls, pages: Iterable[tuple[str, Sequence[Line]]]) -> SiteMemory:
        """The counts of pages given as (URL, lines)."""
        memory = cls()
        for url, lines in pages:
            memory.add(*page_keys(url, lines))
        return memory

    def add(self, host: str, keys: np.ndarray) -> None:
        """Count one page of `host` with these line keys (each line once per page)."""
        if not host:
            return
        self.pages[host] += 1
        for row, slots in enumerate(_slots(np.unique(keys))):
            self.sketch[row, slots] = np.minimum(self.sketch[row, slots].astype(np.uint32) + 1, _COUNT_MAX)

    def columns(self, host: str, keys: np.ndarray) -> np.ndarray:
        """SITE_COLUMNS for the lines of a page of `host` that was counted, shape (len(keys), 2)."""
        others = self.pages[host] - 1 if host else 0
        if others <= 0 or not len(keys):
            return np.zeros((len(keys), len(SITE_COLUMNS)), dtype=np.float32)
        counts = np.min([self.sketch[row, slots] for row, slots in enumerate(_slots(keys))], axis=0)
        share = np.clip((counts.astype(np.float32) - 1) / others, 0, 1)
        return np.column_stack([share, np.full(len(keys), np.log1p(others), dtype=np.float32)])

    def page_columns(self, url: str, lines: Sequence[Line]) -> np.ndarray:
        """SITE_COLUMNS for the lines of the counted page at `url`."""
        return self.columns(*page_keys(url, lines))


def page_keys(url: str, lines: Sequence[Line]) -> tuple[str, np.ndarray]:
    """The host of the page at `url` and its lines' keys: what SiteMemory.add counts."""
    host = host_of(url)
    return host, line_keys(host, lines)


def _slots(keys: np.ndarray) -> list[np.ndarray]:
    """Each row's counter index of each key: multiplicative hashing, the top bits of key × odd constant."""
    shift = np.uint64(64 - SKETCH_WIDTH_BITS)
    return [((keys * multiplier) >> shift).astype(np.int64) for multiplier in _ROW_MULTIPLIERS]
