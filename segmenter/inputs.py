"""Files and standard input → pages: text dumps, HTML files, JSONL pages, and WARC or WET files.

Inputs stream: JSONL and WARC files of any size are read one record at a time, gzip-compressed or
not, so memory does not grow with the file. Each record becomes a `RawPage`, a `Failure` (it holds
no readable page, and the reason) or, for WARC records that never hold a page (requests, metadata),
a `Skipped` that a batch counts but does not output.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import BinaryIO

from segmenter.limits import MAX_PAGE_BYTES, too_many_bytes
from segmenter.sources import GZIP_MAGIC, Failure, InputKind, RawPage, Record, Status, is_gzip, peekable

STDIN = "-"
# Bytes read from the start of an input to decide its format.
SNIFF_BYTES = 4096
# zlib's window-bits value that reads a gzip header (16 + the largest window).
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<div", b"<p>", b"<p ", b"<meta", b"<title")
_WARC_NAMES = (".warc", ".wet", ".arc")


class InputFormat(str, Enum):
    AUTO = "auto"
    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    WARC = "warc"  # WARC (HTML responses) and WET (text conversions) alike


def sniff(data: bytes, name: str = "") -> InputFormat:
    """The format of an input from its name (a .gz suffix aside) and its first (decompressed) bytes."""
    name = name.removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson")):
        return InputFormat.JSONL
    if name.endswith((".html", ".htm", ".xhtml")):
        return InputFormat.HTML
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith(_WARC_NAMES) or head.startswith(b"WARC/"):
        return InputFormat.WARC
    head = head.lower()
    if head.startswith(b"{"):
        first = head.split(b"\n", 1)[0]
        if b'"text"' in first or b'"html"' in first or b'"id"' in first:
            return InputFormat.JSONL
    if head.startswith(b"<") and any(marker in head for marker in _HTML_MARKERS):
        return InputFormat.HTML
    return InputFormat.TEXT


def read_pages(paths: Sequence[str], input_format: InputFormat = InputFormat.AUTO,
               max_page_bytes: int = MAX_PAGE_BYTES) -> Iterator[Record]:
    """The records of each input in order; no paths (or "-") reads standard input. A file that
    cannot be opened, or breaks off part way, becomes a `Failure` and the next file is read; a page
    over `max_page_bytes` (0: no limit) is a `too_large` failure, found without reading it all."""
    for path in paths or [STDIN]:
        try:
            raw = sys.stdin.buffer if path == STDIN else open(path, "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            yield Failure(path, Status.READ_ERROR, f"cannot read it ({error.strerror or error})")
            continue
        try:
            yield from _read(raw, path, input_format, max_page_bytes or None)
        finally:
            if path != STDIN:
                raw.close()


def _read(raw: BinaryIO, path: str, input_format: InputFormat, max_bytes: int | None) -> Iterator[Record]:
    raw = peekable(raw)
    head = _peek(raw)
    fmt = sniff(head, "" if path == STDIN else path) if input_format is InputFormat.AUTO else input_format
    if fmt is InputFormat.WARC:
        from segmenter.warc import warc_pages  # FastWARC: imported only for WARC input

        yield from warc_pages(raw, path, max_bytes)
        return
    stream: BinaryIO = gzip.GzipFile(fileobj=raw) if is_gzip(raw) else raw  # type: ignore[assignment]
    try:
        if fmt is InputFormat.JSONL:
            lines = stream if max_bytes is None else _bounded_lines(stream, max_bytes)
            yield from jsonl_pages(lines, path, max_bytes or 0)
        else:
            kind = InputKind.HTML if fmt is InputFormat.HTML else InputKind.TEXT
            data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
            too_large = max_bytes is not None and len(data) > max_bytes
            yield _too_large(path, max_bytes or 0) if too_large else RawPage(data, kind, id=path)
    except (OSError, EOFError, zlib.error) as error:
        yield Failure(path, Status.READ_ERROR, f"the file breaks off or is corrupt ({error})")


def _peek(raw: BinaryIO, size: int = SNIFF_BYTES) -> bytes:
    """The first bytes of a stream without consuming them, decompressed when gzip."""
    head = raw.peek(size)[:size]  # type: ignore[attr-defined]
    if not head.startswith(GZIP_MAGIC):
        return head
    try:
        return zlib.decompressobj(_GZIP_WBITS).decompress(head, size)
    except zlib.error:
        return b""


def _too_large(page_id: str, max_bytes: int) -> Failure:
    return Failure(page_id, Status.TOO_LARGE, too_many_bytes(max_bytes))


def _bounded_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The stream's lines; None for a line over `max_bytes`, whose rest is skipped unread into memory."""
    while line := stream.readline(max_bytes + 1):
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(max_bytes)) and not rest.endswith(b"\n"):
            pass
        yield None


def jsonl_pages(lines: Iterable[bytes | None], name: str, max_bytes: int = 0) -> Iterator[RawPage | Failure]:
    """Pages from JSONL: {"id": ..., "text": ...} or {"id": ..., "html": ...} per line, with an
    optional "url". A line that is not such an object (or, as None, is too long) becomes a `Failure`."""
    for number, raw in enumerate(lines, start=1):
        fallback = f"{name}:{number}"
        if raw is None:
            yield _too_large(fallback, max_bytes)
            continue
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Failure(fallback, Status.PARSE_ERROR, f"line {number} is not JSON ({error})")
            continue
        if not isinstance(item, dict):
            yield Failure(fallback, Status.PARSE_ERROR, f"line {number} is not a JSON object")
            continue
        page_id = str(item.get("id", fallback))
        url = str(item.get("url", ""))
        if isinstance(item.get("html"), str):
            yield RawPage(item["html"], InputKind.HTML, id=page_id, url=url)
        elif isinstance(item.get("text"), str):
            yield RawPage(item["text"], InputKind.TEXT, id=page_id, url=url)
        else:
            yield Failure(page_id, Status.PARSE_ERROR, f'line {number} has neither a "text" nor an "html" string',
                          url=url)
