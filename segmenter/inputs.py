"""Files and standard input → `Page`s: text dumps, HTML files, or JSONL with one page per line.

A page that cannot be read (a JSONL line that is not a page object, say) becomes a `Failure`
with the page's id and a reason, so that a batch reports it and goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from segmenter.sources import Page, html_page, text_page

STDIN = "-"
# Bytes read from the start of an input to decide its format.
SNIFF_BYTES = 4096
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<div", b"<p>", b"<p ", b"<meta", b"<title")


class InputFormat(str, Enum):
    AUTO = "auto"
    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"


@dataclass(frozen=True)
class Failure:
    """A page that could not be read or labelled, and why."""

    id: str
    reason: str


def sniff(data: bytes, name: str = "") -> InputFormat:
    """The format of an input from its name and first bytes."""
    if name.endswith((".jsonl", ".ndjson")):
        return InputFormat.JSONL
    if name.endswith((".html", ".htm", ".xhtml")):
        return InputFormat.HTML
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        first = head.split(b"\n", 1)[0]
        if b'"text"' in first or b'"html"' in first or b'"id"' in first:
            return InputFormat.JSONL
    if head.startswith(b"<") and any(marker in head for marker in _HTML_MARKERS):
        return InputFormat.HTML
    return InputFormat.TEXT


def read_pages(paths: Sequence[str], input_format: InputFormat = InputFormat.AUTO) -> Iterator[Page | Failure]:
    """The pages of each input in order; no paths (or "-") reads standard input."""
    for path in paths or [STDIN]:
        try:
            data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
        except OSError as error:
            yield Failure(path, f"cannot read it ({error.strerror or error})")
            continue
        fmt = sniff(data, "" if path == STDIN else path) if input_format is InputFormat.AUTO else input_format
        if fmt is InputFormat.JSONL:
            yield from jsonl_pages(data, path)
        elif fmt is InputFormat.HTML:
            yield html_page(data, id=path)
        else:
            yield text_page(data, id=path)


def jsonl_pages(data: bytes, name: str) -> Iterator[Page | Failure]:
    """Pages from JSONL: {"id": ..., "text": ...} or {"id": ..., "html": ...} per line."""
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        fallback = f"{name}:{number}"
        try:
            item = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Failure(fallback, f"line {number} is not JSON ({error})")
            continue
        if not isinstance(item, dict):
            yield Failure(fallback, f"line {number} is not a JSON object")
            continue
        page_id = str(item.get("id", fallback))
        url = str(item.get("url", ""))
        if isinstance(item.get("html"), str):
            yield html_page(item["html"], id=page_id, url=url)
        elif isinstance(item.get("text"), str):
            yield text_page(item["text"], id=page_id, url=url)
        else:
            yield Failure(page_id, f'line {number} has neither a "text" nor an "html" string')
