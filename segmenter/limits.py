"""What one document may cost: its size, its lines, its nesting and its time (a line's length is
bounded where the models read it: segmenter.MAX_LINE_CHARS, text_model.MAX_CHARACTERS).

A crawl holds pages no reader should spend a minute on: 50 MB dumps, 100,000-level nesting, a 5 MB
line. Past these limits a page is refused with `too_large` (or `timeout`), in constant time where
that can be known before reading it, and the batch goes on.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from segmenter.sources import Status

# Common Crawl cuts a WARC payload at 1 MiB; the largest page of the shared collections is 2.9 MB.
# Ten megabytes keeps every real page and refuses dumps.
MAX_PAGE_BYTES = 10_000_000
# Lines a page may have: the longest page of the labelled corpus has 10,751, the next 2,642. Cost is
# linear in lines (see benchmarks/scaling.py), so the limit bounds a page's labelling to seconds.
MAX_LINES = 50_000
# Lexbor's parse time grows faster than the square of the nesting depth (LexborHTMLParser on
# "<div>" * N: 0.4 s at N = 20,000, 3 s at 40,000, 30 s at 100,000): deeper pages are refused before parsing.
MAX_NESTING = 20_000
# Seconds to read and cut one page into lines (decoding, parsing, walking): a 10 MB page takes a few.
TIME_BUDGET_SECONDS = 60.0

# Elements a parser closes by itself or that have no content: they do not deepen the tree.
_FLAT_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr p li dt dd tr td th option "
    "optgroup thead tbody tfoot colgroup rp rt".split()
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


@dataclass(frozen=True)
class Limits:
    """The limits a batch applies to each document; 0 turns one off."""

    max_page_bytes: int = MAX_PAGE_BYTES
    max_lines: int = MAX_LINES
    max_nesting: int = MAX_NESTING
    time_budget: float = TIME_BUDGET_SECONDS


class LimitExceeded(Exception):
    """A document past one of the limits: its status (too_large, timeout) and why."""

    def __init__(self, status: Status, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def too_many_bytes(max_bytes: int) -> str:
    """The reason given for a page over --max-page-bytes, wherever it is found (file, JSONL line, record)."""
    return f"over {max_bytes:,} bytes (the limit: --max-page-bytes)"


def nesting_depth(html: str, stop_at: int) -> int:
    """How deep the page's elements nest, as its tags say (closing tags may be missing: an upper
    bound for well-formed pages); counting stops at `stop_at`."""
    if html.count("<") < stop_at:
        return 0  # cannot nest that deep with fewer tags
    depth = deepest = 0
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _FLAT_TAGS:
            continue
        depth = max(depth - 1, 0) if match.group(1) else depth + 1
        deepest = max(deepest, depth)
        if deepest >= stop_at:
            break
    return deepest


@contextmanager
def time_budget(seconds: float, what: str) -> Iterator[None]:
    """Raise LimitExceeded(timeout) in the block once `seconds` have passed. Needs the main thread
    (a signal timer): elsewhere, and with 0 seconds, there is no budget. Code inside a C call (the
    HTML parser) is interrupted only when it returns, which MAX_NESTING keeps short."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise LimitExceeded(Status.TIMEOUT, f"{what} took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
