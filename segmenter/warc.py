"""WARC and WET files → raw pages, through FastWARC (the only module that imports it).

A WARC file holds a crawl's HTTP responses (HTML pages, and images or PDFs that are not pages);
a WET file holds Common Crawl's plain-text conversions of them, one `conversion` record a page.
Requests, metadata and warcinfo records never hold a page: they come out as `Skipped`.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from segmenter.limits import too_many_bytes
from segmenter.sources import Failure, InputKind, RawPage, Record, Skipped, Status, is_gzip, peekable

# Content types read as pages; a response without a Content-Type is read as HTML, as browsers do.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
TEXT_TYPES = frozenset({"text/plain"})
# WET conversions are UTF-8 (Common Crawl converts every page to it).
WET_CHARSET = "utf-8"


def warc_pages(stream: BinaryIO, name: str, max_bytes: int | None = None) -> Iterator[Record]:
    """The records of a WARC or WET stream (gzip or not) in order. A record that cannot be read,
    or is over `max_bytes` (left unread; None: no limit), is a `Failure`; a stream that breaks off or turns to
    garbage ends with one naming where."""
    from fastwarc.warc import ArchiveIterator

    source = _Stream(stream)
    position = 0
    try:
        for record in ArchiveIterator(source, parse_http=False, stream_detect=False):
            position = record.stream_pos
            yield _record_page(record, name, max_bytes)
    except OSError as error:
        yield Failure(f"{name}@{position}", Status.PARSE_ERROR,
                      f"the WARC stream is corrupt after offset {position} ({error})")
        return
    if source.broken:
        yield Failure(f"{name}@{position}", Status.PARSE_ERROR,
                      f"the file breaks off after offset {position} ({source.broken})")


class _Stream(io.RawIOBase):
    """The bytes of a file or pipe as FastWARC reads them: gunzipped when gzip, with a position.

    FastWARC needs `tell` (a pipe has none: it would panic); and its own gzip reader stops at a
    truncated member as if the file were complete, losing the record in it unreported. Python's
    gzip reader raises there instead: the stream then ends quietly and says so in `broken`, since
    raising at once would lose the records already read into FastWARC's buffer.
    """

    def __init__(self, raw: BinaryIO) -> None:
        raw = peekable(raw)
        self._source: BinaryIO = gzip.GzipFile(fileobj=raw) if is_gzip(raw) else raw  # type: ignore[assignment]
        self._position = 0
        self.broken = ""

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if (offset, whence) not in ((0, io.SEEK_CUR), (self._position, io.SEEK_SET)):
            raise io.UnsupportedOperation("a WARC stream is read forwards only")
        return self._position

    def readinto(self, buffer: Any) -> int:
        if self.broken:
            return 0
        try:  # read1: one step at a time, so that an error loses none of the bytes before it
            data = self._source.read1(len(buffer))
        except (EOFError, OSError, zlib.error) as error:  # reported by warc_pages after the last record
            self.broken = str(error) or type(error).__name__
            return 0
        buffer[:len(data)] = data
        self._position += len(data)
        return len(data)


def _record_page(record: Any, name: str, max_bytes: int | None) -> Record:
    from fastwarc.warc import WarcRecordType

    kind = record.record_type
    record_id = record.record_id or f"{name}@{record.stream_pos}"
    url = record.headers.get("WARC-Target-URI", "")
    if record.headers.get("Content-Length") is None:
        return Failure(record_id, Status.PARSE_ERROR, "the record's header breaks off (no Content-Length)", url=url)
    content_type, charset = record.headers.get("Content-Type", ""), None
    if kind == WarcRecordType.response:
        try:
            record.parse_http(auto_decode="all")
        except (OSError, ValueError) as error:
            return Failure(record_id, Status.PARSE_ERROR, f"bad HTTP headers ({error})", url=url)
        content_type, charset = record.http_content_type or "", record.http_charset
    expected = record.content_length
    if max_bytes is not None and expected > max_bytes and kind in (WarcRecordType.response, WarcRecordType.resource, WarcRecordType.conversion):
        return Failure(record_id, Status.TOO_LARGE, too_many_bytes(max_bytes), url=url)
    data = record.reader.read()
    if len(data) < expected:
        return Failure(record_id, Status.PARSE_ERROR,
                       f"the record breaks off ({len(data)} of {expected} bytes)", url=url)
    if kind == WarcRecordType.conversion:
        return RawPage(data, InputKind.TEXT, id=record_id, url=url, charset=WET_CHARSET)
    if kind in (WarcRecordType.response, WarcRecordType.resource):
        return _typed_page(data, content_type, charset, record_id, url)
    return Skipped(record_id, str(kind))


def _typed_page(data: bytes, content_type: str, charset: str | None, record_id: str, url: str) -> RawPage | Failure:
    media = content_type.split(";", 1)[0].strip().lower()
    if not media or media in HTML_TYPES:
        return RawPage(data, InputKind.HTML, id=record_id, url=url, charset=charset)
    if media in TEXT_TYPES:
        return RawPage(data, InputKind.TEXT, id=record_id, url=url, charset=charset)
    return Failure(record_id, Status.NOT_HTML, f"content type {media}, not a page", url=url)
