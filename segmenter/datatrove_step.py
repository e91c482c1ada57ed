"""segmenter as datatrove pipeline steps: keep the body (or other labels) of crawled pages at scale.

`SegmenterExtractor` replaces each document's text (HTML from datatrove's `WarcReader`, or plain
text, one block per line, from `WetReader`) with the text of its lines whose label is kept, and drops
the documents left with none. `WetReader` reads Common Crawl WET files with FastWARC: datatrove's
`WarcReader` sniffs each conversion record's payload and drops those that do not look like text to
libmagic, which loses real WET pages.

Executors pickle the pipeline and send it to their workers, so a step holds the model's path and
each worker process loads the model once, the first time it runs the step. Needs the optional
extra: `pip install 'segmenter[datatrove]'`. See docs/DATATROVE.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar, get_args

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.io import DataFileLike, DataFolderLike
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.readers.base import BaseDiskReader
    from datatrove.utils.batching import batched
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ModuleNotFoundError as error:
    if (error.name or "").partition(".")[0] != "datatrove":
        raise  # datatrove is there but broken: its own message says more than ours would
    raise ModuleNotFoundError(
        "segmenter.datatrove_step needs datatrove, which is not installed: pip install 'segmenter[datatrove]'",
        name=error.name,
    ) from error

from segmenter.inputs import SNIFF_BYTES, sniff
from segmenter.inputs import InputFormat as _SourceFormat  # this module's InputFormat is its parameter's type
from segmenter.labels import Label
from segmenter.limits import LimitExceeded, Limits
from segmenter.lines import Line
from segmenter.outputs import SCORE_DIGITS
from segmenter.segmenter import EMPTY_PAGE_BODY_WEIGHT, checked_body_weight
from segmenter.sources import Failure, InputKind, RawPage, Skipped, Status
from segmenter.transitions import TRANSITION_WEIGHT, checked_transition_weight

if TYPE_CHECKING:  # scikit-learn and fastText load with these: in the worker, not on import
    from segmenter.langid import LanguageIdentifier
    from segmenter.segmenter import LabelledLine, Segmenter

InputFormat = Literal["auto", "html", "text"]
# Where the step's results go in `Document.metadata`; one key, so that other steps' keys
# (datatrove's LanguageFilter writes "language") are never overwritten.
METADATA_KEY = "segmenter"
# Documents per call to the models: enough to amortise each call (the CLI's batches are
# segmenter.segmenter.BATCH_PAGES pages, smaller for its workers' memory).
DEFAULT_BATCH_SIZE = 64

T = TypeVar("T")


def sniff_format(text: str) -> Literal["html", "text"]:
    """"html" when the document starts with markup (a WARC response), else "text" (a WET record)."""
    head = text[:SNIFF_BYTES].encode("utf-8", errors="replace")
    return "html" if sniff(head) is _SourceFormat.HTML else "text"


@dataclass(frozen=True)
class _Models:
    """What a worker process needs to segment documents, loaded once per process."""

    segmenter: Segmenter
    languages: LanguageIdentifier


@lru_cache(maxsize=2)
def _models(model_path: str | None, body_weight: float, transition_weight: float,
            empty_page_body_weight: float) -> _Models:
    # Cached per process: executors run many tasks, each a fresh copy of the step, in one process.
    from segmenter.langid import LanguageIdentifier
    from segmenter.segmenter import Segmenter

    return _Models(Segmenter.load(Path(model_path) if model_path else None, body_weight, transition_weight,
                                  empty_page_body_weight), LanguageIdentifier())


@dataclass(frozen=True)
class _Segmented:
    """A document's kept text and what the step says about it in metadata."""

    text: str
    metadata: dict[str, object]
    lines: int


@dataclass(frozen=True)
class _Failed:
    """Why a document could not be segmented: the error's type (a stat's name) and message."""

    reason: str
    message: str


def _attempt(function: Callable[..., T], *args: object) -> T | _Failed:
    """`function(*args)`, or the error it raised as a `_Failed`: one bad document (text a model
    cannot encode, say) must not end a task of thousands. Callers count and log every failure."""
    try:
        return function(*args)
    except LimitExceeded as error:  # too_large, timeout, parse_error: segmenter's own statuses
        return _Failed(error.status.value, error.reason)
    except Exception as error:  # noqa: BLE001 - recorded per document by SegmenterExtractor._forward
        return _Failed(type(error).__name__, str(error))


class SegmenterExtractor(PipelineStep):
    """Keeps the lines of each document whose label is in `keep`, in the page's paragraphs.

    Args:
        model_path: a model directory written by `segmenter train`; None for the shipped model. It must
            exist on every worker: the step holds the path, and each worker process loads it.
        keep: the labels whose lines make the new text (body, navigation, comments, related, other).
        input_format: "html" (datatrove's WarcReader), "text" (one block per line, first line the title:
            WetReader), or "auto" to decide per document by whether it starts with markup.
        batch_size: documents labelled per call to the models: much faster per document than one call
            each. The step's time stats are then per batch.
        line_labels: also keep every line's text, label and score in
            `metadata["segmenter"]` ("lines", "labels", "scores": parallel lists), to audit what was cut.
        body_weight: each line's P(body) is multiplied by it before its label is chosen: below 1 fewer
            lines are body (precision), above 1 more (recall); see `segmenter.Segmenter`.
        transition_weight: each page's labels are read as one sequence, the model's odds of one label
            following another weighted by it; 0 gives each line its most probable label (see
            `segmenter.transitions`).
        empty_page_body_weight: an HTML page where no line but the title is body is labelled again
            with each line's P(body) multiplied by it as well; 1 leaves such pages without body (see
            `segmenter.Segmenter`).

    Every forwarded document gets `metadata["segmenter"] = {"lang": ..., "title": ...}`: the language of
    its kept text (ISO 639-1, "und" if unsure) and the page's title. A document with no kept text is
    dropped (stat "dropped_no_kept_text"); one that cannot be read or labelled is dropped and counted
    ("dropped_error" and "error_<ExceptionType>") and logged, and the task goes on.
    """

    name = "✂ Segmenter"
    type = "🛢 - EXTRAC"

    def __init__(
        self,
        model_path: str | Path | None = None,
        keep: Sequence[str] = ("body",),
        input_format: InputFormat = "auto",
        batch_size: int = DEFAULT_BATCH_SIZE,
        line_labels: bool = False,
        body_weight: float = 1.0,
        transition_weight: float = TRANSITION_WEIGHT,
        empty_page_body_weight: float = EMPTY_PAGE_BODY_WEIGHT,
    ) -> None:
        super().__init__()
        if isinstance(keep, str):
            raise TypeError(f"keep is a sequence of label names, not one string: write keep=({keep!r},)")
        if not keep:
            raise ValueError("keep names no label: every document would be dropped")
        if input_format not in get_args(InputFormat):
            raise ValueError(f"unknown input_format {input_format!r}; expected one of {get_args(InputFormat)}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        # Checked here, on the machine that builds the pipeline, not in a worker hours later.
        self.keep: tuple[str, ...] = tuple(Label.parse(name).value for name in keep)
        # A str, not a Path: the executor writes the pipeline's parameters to executor.json.
        self.model_path = str(model_path) if model_path is not None else None
        self.input_format = input_format
        self.batch_size = batch_size
        self.line_labels = line_labels
        self.body_weight = checked_body_weight(body_weight)
        self.transition_weight = checked_transition_weight(transition_weight)
        self.empty_page_body_weight = checked_body_weight(empty_page_body_weight)
        self._warned: set[str] = set()  # failure reasons already logged at warning level

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        models = _models(self.model_path, self.body_weight, self.transition_weight, self.empty_page_body_weight)
        for batch in batched(data, self.batch_size):
            self.stat_update("batches")
            with self.track_time("batch" if self.batch_size > 1 else None):
                outcomes = self._segment(models, batch)
            yield from self._forward(batch, outcomes)

    def _segment(self, models: _Models, batch: list[Document]) -> list[_Segmented | _Failed]:
        """Each document's outcome, in order: all the pages that parse labelled in one call."""
        parsed = [_attempt(self._lines, document) for document in batch]
        ready = [lines for lines in parsed if not isinstance(lines, _Failed)]
        labelled = iter(self._label(models.segmenter, ready))
        outcomes: list[_Segmented | _Failed] = []
        for lines in parsed:
            if isinstance(lines, _Failed):
                outcomes.append(lines)
                continue
            labels = next(labelled)
            outcomes.append(labels if isinstance(labels, _Failed)
                            else _attempt(self._result, models.languages, lines, labels))
        return outcomes

    def _lines(self, document: Document) -> list[Line]:
        """The document's lines, within segmenter's default limits (segmenter.limits): a page past
        them raises LimitExceeded, whose status names the failure's stat."""
        from segmenter.batch import read_lines  # imports the models' modules: in the worker

        kind = self.input_format if self.input_format != "auto" else sniff_format(document.text)
        record = RawPage(document.text, InputKind.HTML if kind == "html" else InputKind.TEXT,
                         id=document.id, url=document.metadata.get("url") or "")
        read = read_lines(record, Limits())
        if isinstance(read, Failure):
            if read.status is Status.EMPTY:
                return []  # no text: dropped as having none to keep, not as an error
            raise LimitExceeded(read.status, read.reason)
        assert not isinstance(read, Skipped), "a RawPage is never skipped"
        return read[1]

    def _label(self, segmenter: Segmenter, pages: list[list[Line]]) -> list[list[LabelledLine] | _Failed]:
        """The labels of each page, or why a page could not be labelled."""
        try:
            return list(segmenter.label_pages(pages))
        except Exception as error:  # noqa: BLE001 - not swallowed: each page is retried alone below
            # One bad page fails the whole call: label the pages one by one to keep the others.
            self.stat_update("batches_relabelled")
            logger.debug(f"labelling a batch of {len(pages)} pages failed ({error!r}); labelling them one by one")
            return [_attempt(segmenter.label, lines) for lines in pages]

    def _result(self, languages: LanguageIdentifier, lines: list[Line],
                labelled: list[LabelledLine]) -> _Segmented:
        from segmenter.extraction import extract, kept_text  # imports the models' modules

        text = kept_text(lines, labelled, frozenset(Label(name) for name in self.keep))
        # The language of what the document now says; the title only of extract, whose body and
        # comments cost little next to the labelling.
        metadata: dict[str, object] = {"lang": languages.page_language(text.splitlines()) if text else "",
                                       "title": extract(lines, labelled).title}
        if self.line_labels:
            metadata |= {"lines": [line.text for line in labelled],
                         "labels": [line.label.value for line in labelled],
                         "scores": [round(line.score, SCORE_DIGITS) for line in labelled]}
        return _Segmented(text, metadata, len(lines))

    def _forward(self, batch: list[Document], outcomes: list[_Segmented | _Failed]) -> Iterator[Document]:
        for document, outcome in zip(batch, outcomes, strict=True):
            self.stat_update(StatHints.total)
            if isinstance(outcome, _Failed):
                self._record_failure(document, outcome)
            elif not outcome.text:
                self.stat_update(StatHints.dropped, "dropped_no_kept_text")
            else:
                document.text = outcome.text
                document.metadata[METADATA_KEY] = outcome.metadata
                self.stat_update("lines", value=outcome.lines)
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(document)
                yield document

    def _record_failure(self, document: Document, failure: _Failed) -> None:
        self.stat_update(StatHints.dropped, "dropped_error", f"error_{failure.reason}")
        message = f"segmenter dropped document {document.id!r}: {failure.reason}: {failure.message}"
        if failure.reason in self._warned:
            logger.debug(message)
            return
        self._warned.add(failure.reason)
        logger.warning(f"{message} (further {failure.reason} failures are logged at debug level)")


class WetReader(BaseDiskReader):
    """Reads WET files (Common Crawl's plain-text conversions) with FastWARC: one Document per
    `conversion` record, whatever its payload looks like, with its text (first line the page's title),
    id (WARC-Record-ID) and metadata url (WARC-Target-URI). A record that cannot be read, or a file
    that breaks off, is counted ("records_failed") and logged, never silently lost.

    Args:
        data_folder: a str, tuple or DataFolder object representing a path/filesystem
        paths_file: optionally a file with one path per line (without the `data_folder` prefix) to read.
        compression: None (the default): gzip is detected and decompressed by segmenter.warc, which
            also reports a file that breaks off (stat "records_failed"); "infer", "gzip" or "zstd"
            decompress through fsspec first.
        limit, skip, file_progress, doc_progress, adapter, text_key, id_key, default_metadata,
        recursive, glob_pattern, shuffle_files: as datatrove's WarcReader.
    """

    name = "🕸 Wet (FastWARC)"
    _requires_dependencies = ["fastwarc"]

    def __init__(
        self,
        data_folder: DataFolderLike,
        paths_file: DataFileLike | None = None,
        compression: Literal["infer", "gzip", "zstd"] | None = None,
        limit: int = -1,
        skip: int = 0,
        file_progress: bool = False,
        doc_progress: bool = False,
        adapter: Callable | None = None,
        text_key: str = "text",
        id_key: str = "id",
        default_metadata: dict | None = None,
        recursive: bool = True,
        glob_pattern: str | None = None,
        shuffle_files: bool = False,
    ) -> None:
        self.compression = compression
        super().__init__(data_folder, paths_file, limit, skip, file_progress, doc_progress, adapter, text_key,
                         id_key, default_metadata, recursive, glob_pattern, shuffle_files)

    def read_file(self, filepath: str) -> DocumentsPipeline:
        from segmenter.warc import warc_pages  # FastWARC, with segmenter's checks for truncated files

        with self.data_folder.open(filepath, "rb", compression=self.compression) as stream:
            for index, record in enumerate(warc_pages(stream, filepath)):
                if isinstance(record, Failure):
                    self.stat_update("records_failed", f"records_{record.status.value}")
                    logger.warning(f"WetReader: {record.id}: {record.status.value} ({record.reason})")
                    continue
                if isinstance(record, Skipped) or record.kind is not InputKind.TEXT:
                    continue
                with self.track_time():
                    document = self.get_document_from_dict(wet_record(record), filepath, index)
                if document:
                    yield document


def wet_record(record: RawPage) -> dict[str, str]:
    """A WET conversion record as the dict datatrove's readers turn into a Document.

    Common Crawl writes WET payloads in UTF-8; a stray invalid byte becomes U+FFFD rather than
    costing the page."""
    return {"text": record.decode().content, "id": record.id, "url": record.url}
