"""Records → rendered results, in input order, on one core or on many.

A batch of records is decoded, cut into lines, labelled in one call to each model and rendered by
the same worker, so that only bytes travel to a worker and only text travels back. Every record
yields exactly one result, a `Skipped` aside: a record that cannot be labelled gets its status
and reason, and the batch goes on.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from itertools import chain, islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from segmenter.labels import Label
from segmenter.langid import LanguageIdentifier, body_language
from segmenter.limits import LimitExceeded, Limits, nesting_depth, time_budget, too_many_bytes
from segmenter.lines import Line, page_lines
from segmenter.outputs import Output, PageResult
from segmenter.segmenter import BATCH_PAGES, EMPTY_PAGE_BODY_WEIGHT, LabelledLine, Segmenter, check_model
from segmenter.site_memory import SiteMemory, page_keys
from segmenter.sources import Failure, InputKind, RawPage, Record, Skipped, Status
from segmenter.transitions import TRANSITION_WEIGHT

R = TypeVar("R")

# Batches queued per worker: enough that no worker waits for the reader, few enough that memory
# stays flat (at most this many batches of BATCH_PAGES pages per worker are held at once).
BATCHES_IN_FLIGHT_PER_WORKER = 2


def all_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Job:
    """What each worker needs: where the model is (never the model: it would be pickled), the output,
    with --site-memory the line counts of the input's hosts (counted by `count_sites`), and the
    weights of body and of the steps between labels (see Segmenter)."""

    model: Path | None
    output: Output
    site: SiteMemory | None = None
    limits: Limits = Limits()
    body_weight: float = 1.0
    transition_weight: float = TRANSITION_WEIGHT
    empty_page_body_weight: float = EMPTY_PAGE_BODY_WEIGHT


@dataclass(frozen=True)
class Rendered:
    """One record's result as the output writes it."""

    id: str
    status: Status
    reason: str
    text: str


class Labeller:
    """Labels and renders batches of records with one loaded model."""

    def __init__(self, job: Job) -> None:
        self.segmenter = Segmenter.load(job.model, job.body_weight, job.transition_weight,
                                        job.empty_page_body_weight)
        if job.site is not None and not self.segmenter.uses_site_memory:
            raise ValueError("this model was trained without site memory: train one with "
                             "'segmenter train --site-memory', or label without --site-memory")
        self.output = job.output
        self.site = job.site
        self.limits = job.limits
        self.identifier = LanguageIdentifier().load() if self.output.names_languages else LanguageIdentifier()

    def __call__(self, batch: Sequence[Record]) -> list[Rendered | Skipped]:
        read = [read_lines(record, self.limits) for record in batch]
        pages = [item for item in read if isinstance(item, tuple)]
        labelled = iter(self._label(pages))
        return [item if isinstance(item, Skipped) else self._render(item, labelled) for item in read]

    def _site_columns(self, raw: RawPage, lines: list[Line]) -> np.ndarray | None:
        if self.site is None:
            return None
        return self.site.page_columns(raw.url, lines)

    def _label(self, pages: list[tuple[RawPage, list[Line]]]) -> list[list[LabelledLine] | Failure]:
        site = [self._site_columns(raw, lines) for raw, lines in pages] if self.site is not None else None
        try:
            return self.segmenter.label_pages([lines for _, lines in pages], site)
        except Exception:  # noqa: BLE001 -- find the page that broke the batch: label each alone
            return [self._label_one(raw, lines) for raw, lines in pages]

    def _label_one(self, raw: RawPage, lines: list[Line]) -> list[LabelledLine] | Failure:
        try:
            columns = self._site_columns(raw, lines)
            return self.segmenter.label_pages([lines], None if columns is None else [columns])[0]
        except Exception as error:  # noqa: BLE001 -- recorded as the page's status, never lost
            return Failure(raw.id, Status.PARSE_ERROR, f"labelling failed ({type(error).__name__}: {error})")

    def _render(self, item: tuple[RawPage, list[Line]] | Failure,
                labelled: Iterator[list[LabelledLine] | Failure]) -> Rendered:
        if isinstance(item, Failure):
            return self._failed(item)
        raw, lines = item
        labels = next(labelled)
        if isinstance(labels, Failure):
            return self._failed(Failure(raw.id, labels.status, labels.reason, raw.url))
        lang = body_language(self.identifier, [(line.text, line.label is Label.BODY) for line in labels]) \
            if self.output.names_languages else ""
        result = PageResult(raw.id, lang, tuple(labels), url=raw.url, source=tuple(lines))
        return Rendered(raw.id, Status.OK, "", self.output.render(result))

    def _failed(self, failure: Failure) -> Rendered:
        result = PageResult(failure.id, "", (), failure.status, failure.reason, failure.url)
        return Rendered(failure.id, failure.status, failure.reason, self.output.render(result))


def read_lines(record: Record, limits: Limits) -> tuple[RawPage, list[Line]] | Failure | Skipped:
    """A record's lines, within the limits, or why it has none."""
    if isinstance(record, (Failure, Skipped)):
        return record
    try:
        with time_budget(limits.time_budget, "reading the page"):
            lines = _page_lines(record, limits)
    except LimitExceeded as error:
        return Failure(record.id, error.status, error.reason, record.url)
    except Exception as error:  # noqa: BLE001 -- a page that breaks the parser is recorded, not fatal
        return Failure(record.id, Status.PARSE_ERROR, f"{type(error).__name__}: {error}", record.url)
    if not lines:
        return Failure(record.id, Status.EMPTY, "no text", record.url)
    return record, lines


def _page_lines(record: RawPage, limits: Limits) -> list[Line]:
    if limits.max_page_bytes and len(record.data) > limits.max_page_bytes:
        raise LimitExceeded(Status.TOO_LARGE, too_many_bytes(limits.max_page_bytes))
    page = record.decode()
    if page.kind is InputKind.HTML and limits.max_nesting:
        depth = nesting_depth(page.content, limits.max_nesting)
        if depth >= limits.max_nesting:
            raise LimitExceeded(Status.TOO_LARGE, f"elements nest over {limits.max_nesting:,} deep "
                                                  "(the limit: --max-nesting)")
    lines = page_lines(page)
    if limits.max_lines and len(lines) > limits.max_lines:
        raise LimitExceeded(Status.TOO_LARGE, f"{len(lines):,} lines, over {limits.max_lines:,} "
                                              "(the limit: --max-lines)")
    return lines


def label_records(records: Iterable[Record], job: Job, workers: int = 1) -> Iterator[Rendered | Skipped]:
    """One result per record, in input order; `workers` processes when there is more than a batch."""
    check_model(job.model)  # here, with a clear message, not in a worker that would only die
    for results in _map(partial(Labeller, job), records, workers):
        yield from results


def count_sites(records: Iterable[Record], workers: int = 1, limits: Limits = Limits()) -> SiteMemory:
    """The first pass of --site-memory: each host's pages and the pages each of its lines is on."""
    memory = SiteMemory()
    for results in _map(partial(_KeyReader, limits), records, workers):
        for host, keys in results:
            memory.add(host, keys)
    return memory


@dataclass(frozen=True)
class _KeyReader:
    """A batch's pages → (host, line keys) for the site memory."""

    limits: Limits

    def __call__(self, batch: Sequence[Record]) -> list[tuple[str, np.ndarray]]:
        pages = [item for item in (read_lines(record, self.limits) for record in batch) if isinstance(item, tuple)]
        return [page_keys(raw.url, lines) for raw, lines in pages]


def _map(make: Callable[[], Callable[[Sequence[Record]], R]], records: Iterable[Record],
         workers: int) -> Iterator[R]:
    """The function `make()` gives (made once per process: it may load a model) applied to each
    batch of records, results in input order, on `workers` processes."""
    batches = _batches(records)
    head = list(islice(batches, 2))  # a single batch is done here: starting workers costs more
    if workers <= 1 or len(head) < 2:
        apply = make()
        for batch in chain(head, batches):
            yield apply(batch)
            release_freed_memory()
        return
    with _pool(make, workers) as pool:
        pending: deque[Future[R]] = deque()
        for batch in chain(head, batches):
            pending.append(pool.submit(_work, batch))
            if len(pending) >= workers * BATCHES_IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@contextmanager
def _pool(make: Callable[[], Callable[[Sequence[Record]], Any]], workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes that each hold `make()`'s function. On Linux they are forked from this
    process once it has made the function (loaded the model): the model's arrays and the libraries'
    pages are then shared, not copied per worker, which halves the memory of two workers. This process
    has run no OpenMP region by then (it labels nothing itself when there are workers), so no thread
    lock is inherited held. Elsewhere fork is unsafe or absent: each worker spawns and makes its own."""
    global _apply
    if sys.platform != "linux":
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                                 initargs=(make,)) as pool:
            yield pool
        return
    _apply = make()
    gc.freeze()  # the model's objects out of the collector's sight: its passes would copy their pages
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _batches(records: Iterable[Record]) -> Iterator[list[Record]]:
    items = iter(records)
    while batch := list(islice(items, BATCH_PAGES)):
        yield batch


# A worker process's batch function (a Labeller: the model loaded once), made before the fork or by
# _start_worker: module state, one per process.
_apply: Callable[[Sequence[Record]], Any] | None = None


def _start_worker(make: Callable[[], Callable[[Sequence[Record]], Any]]) -> None:
    global _apply
    _apply = make()


def _work(batch: list[Record]) -> Any:
    assert _apply is not None, "the pool's initializer makes it"
    try:
        return _apply(batch)
    finally:
        release_freed_memory()


def release_freed_memory() -> bool:
    """Hand the heap's free pages back to the system (glibc's malloc_trim); whether any were.

    A batch's parse trees and arrays are freed when it is done, but glibc keeps the pages for the
    next allocation, scattered among the live ones, so each worker's private memory would settle at
    that of its largest batch so far: with two workers, about 50 MB more in all (docs/BENCHMARK.md,
    "Throughput over a WARC file"). Elsewhere (musl, macOS, Windows) there is nothing to call."""
    trim = _malloc_trim()
    return trim is not None and bool(trim(0))


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except AttributeError:  # a C library other than glibc
        return None


@dataclass
class Tally:
    """Counts of what became of a batch's records."""

    statuses: Counter[Status]
    skipped: Counter[str]

    @classmethod
    def empty(cls) -> Tally:
        return cls(Counter(), Counter())

    def add(self, outcome: Rendered | Skipped) -> None:
        if isinstance(outcome, Skipped):
            self.skipped[outcome.record_type] += 1
        else:
            self.statuses[outcome.status] += 1

    @property
    def failed(self) -> int:
        return sum(count for status, count in self.statuses.items() if status is not Status.OK)

    def summary(self) -> str:
        """E.g. "2,000 records: 1,990 ok, 10 not_html; 4,001 without a page skipped (request 2,000, …)"."""
        total = sum(self.statuses.values())
        parts = ", ".join(f"{count:,} {status.value}" for status, count in self.statuses.most_common())
        text = f"{total:,} records: {parts or 'none'}"
        if self.skipped:
            kinds = ", ".join(f"{kind} {count:,}" for kind, count in self.skipped.most_common())
            text += f"; {sum(self.skipped.values()):,} without a page skipped ({kinds})"
        return text
