"""Small WARC and WET files written with FastWARC, as Common Crawl writes them (a gzip member a record)."""

from __future__ import annotations

import gzip
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Response:
    """An HTTP response to store: its URL, content type header and body."""

    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"


def record_bytes(kind: str, payload: bytes, url: str = "", content_type: str = "") -> bytes:
    """One WARC record of the given type (fastwarc's WarcRecordType name), serialised."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    record = WarcRecord()
    record.init_headers(getattr(WarcRecordType, kind))
    if url:
        record.headers["WARC-Target-URI"] = url
    if content_type:
        record.headers["Content-Type"] = content_type
    record.set_bytes_content(payload)
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def http_response(response: Response) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: " + response.content_type.encode() + b"\r\n\r\n" + response.body


def write_warc(path: Path, responses: Sequence[Response], gzipped: bool = True) -> Path:
    """A WARC file: warcinfo, then a request and a response record per page."""
    records = [record_bytes("warcinfo", b"software: segmenter tests\r\n", content_type="application/warc-fields")]
    for response in responses:
        records.append(record_bytes("request", b"GET / HTTP/1.1\r\n\r\n", response.url,
                                    "application/http; msgtype=request"))
        records.append(record_bytes("response", http_response(response), response.url,
                                    "application/http; msgtype=response"))
    path.write_bytes(b"".join(gzip.compress(record) if gzipped else record for record in records))
    return path


def write_wet(path: Path, pages: Sequence[tuple[str, str]]) -> Path:
    """A WET file: a conversion record (the page's text, title first) per (url, text)."""
    records = [record_bytes("warcinfo", b"software: segmenter tests\r\n", content_type="application/warc-fields")]
    records += [record_bytes("conversion", text.encode("utf-8"), url, "text/plain") for url, text in pages]
    path.write_bytes(b"".join(gzip.compress(record) for record in records))
    return path
