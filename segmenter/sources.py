"""Raw page sources → `Page`: bytes decoded by declared charset, then detection.

Readers yield a `RawPage` (the bytes as found, with what the record says of them) or a `Failure`
(a record that holds no readable page, and why); decoding waits for the worker that labels the page,
so that a reader stays as fast as the file can be read.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from enum import Enum
from typing import BinaryIO

# A meta charset declaration must sit in the first 1024 bytes (HTML standard, "prescan");
# real pages often put it later, behind long comments and scripts, so look a little further.
META_PRESCAN_BYTES = 4096

# Detection reads this much of a page: enough to decide, and it is slow on megabytes.
DETECTION_SAMPLE_BYTES = 200_000
# How much more "chaos" (charset-normalizer's mess score) windows-1252 may show than the best guess.
WESTERN_CHAOS_TOLERANCE = 0.1

GZIP_MAGIC = b"\x1f\x8b"
_SURROGATES = re.compile("[\ud800-\udfff]")

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers treat as another encoding (WHATWG Encoding standard).
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
            "us-ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "x-sjis": "shift_jis",
            "unicode": "utf-16", "utf8": "utf-8"}


class Status(str, Enum):
    """What became of an input record: labelled, or why not. Every record gets exactly one."""

    OK = "ok"
    EMPTY = "empty"              # no text at all: an empty body, only markup, only whitespace
    NOT_HTML = "not_html"        # a record whose content type is not a page (an image, a PDF)
    DECODE_ERROR = "decode_error"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    PARSE_ERROR = "parse_error"  # a record, JSON line or page that cannot be parsed
    READ_ERROR = "read_error"    # a file that cannot be opened or read


@dataclass(frozen=True)
class Failure:
    """A record that could not be read or labelled: its id, what went wrong and a short reason."""

    id: str
    status: Status
    reason: str
    url: str = ""


@dataclass(frozen=True)
class Skipped:
    """A WARC record that never holds a page (a request, metadata, warcinfo): counted, not output."""

    id: str
    record_type: str


class InputKind(str, Enum):
    """How a page's content is given: as HTML markup or as plain text lines."""

    HTML = "html"
    TEXT = "text"


@dataclass(frozen=True)
class Page:
    """One web page as it enters the pipeline."""

    content: str
    kind: InputKind
    id: str = ""
    url: str = ""
    charset: str = ""  # the charset the bytes were decoded with, "" for str input


@dataclass(frozen=True)
class RawPage:
    """A page as a reader found it, before decoding: bytes (or text already decoded, as in JSONL)."""

    data: bytes | str
    kind: InputKind
    id: str = ""
    url: str = ""
    charset: str | None = None  # what the HTTP header or the record declares, if anything

    def decode(self) -> Page:
        """The `Page`: bytes decoded by the declared charset, then BOM or meta, then detection."""
        make = html_page if self.kind is InputKind.HTML else text_page
        return make(self.data, id=self.id, url=self.url, charset=self.charset)


Record = RawPage | Failure | Skipped


def _normalise_charset(name: str) -> str | None:
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a byte-order mark or a `<meta>` tag declares, if it names a known codec."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    match = _META_CHARSET.search(data[:META_PRESCAN_BYTES])
    return _normalise_charset(match.group(1).decode("ascii", "replace")) if match else None


def _detect_charset(data: bytes) -> str:
    if data.isascii():
        return "utf-8"
    from charset_normalizer import from_bytes  # imported here: slow to import, rarely needed

    results = from_bytes(data[:DETECTION_SAMPLE_BYTES])
    best = results.best()
    if best is None:
        return "cp1252"
    # Detectors confuse the Latin code pages with one another on Western text; browsers
    # fall back to windows-1252 there, so prefer it whenever it reads about as cleanly.
    western = next((match for match in results if match.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + WESTERN_CHAOS_TOLERANCE:
        return "cp1252"
    return _normalise_charset(best.encoding) or "cp1252"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def decode(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """Decode page bytes: the given charset (an HTTP header's), else BOM or meta, else detection.

    Bytes that are valid UTF-8 beyond ASCII are read as UTF-8 whatever the meta tag says:
    legacy-encoded text is almost never valid UTF-8 by chance, while pages re-saved as UTF-8
    with their old `<meta charset=gb2312>` are common in crawls and archives.
    Returns the text and the codec used. Undecodable bytes become U+FFFD, never an error.
    """
    codec = _normalise_charset(charset) if charset else None
    if codec is None:
        declared = declared_charset(data)
        utf8 = declared not in ("utf-16-le", "utf-16-be") and _is_utf8(data)
        codec = "utf-8" if utf8 else declared or _detect_charset(data)
    text = data.decode(codec, errors="replace")
    return text.removeprefix("\ufeff"), codec


def peekable(stream: BinaryIO) -> BinaryIO:
    """The stream, buffered when it cannot peek (an in-memory or fsspec file), so that its head can
    be read without consuming it."""
    return stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]


def is_gzip(stream: BinaryIO) -> bool:
    """Whether a peekable stream starts with gzip's magic bytes."""
    return stream.peek(len(GZIP_MAGIC))[:len(GZIP_MAGIC)] == GZIP_MAGIC  # type: ignore[attr-defined]


def valid_unicode(text: str) -> str:
    """The text with lone surrogates (which JSON's "\\ud800" escapes let in, and UTF-8 cannot
    encode) replaced by U+FFFD, so that every output is valid UTF-8."""
    return _SURROGATES.sub("\ufffd", text)


def html_page(data: bytes | str, *, id: str = "", url: str = "", charset: str | None = None) -> Page:
    """A `Page` of HTML from bytes (decoded as `decode` says) or from already-decoded text."""
    if isinstance(data, str):
        return Page(content=valid_unicode(data), kind=InputKind.HTML, id=id, url=url)
    text, codec = decode(data, charset)
    return Page(content=text, kind=InputKind.HTML, id=id, url=url, charset=codec)


def text_page(data: bytes | str, *, id: str = "", url: str = "", charset: str | None = None) -> Page:
    """A `Page` of plain-text lines (a WET record, a text dump)."""
    if isinstance(data, str):
        return Page(content=valid_unicode(data), kind=InputKind.TEXT, id=id, url=url)
    text, codec = decode(data, charset)
    return Page(content=text, kind=InputKind.TEXT, id=id, url=url, charset=codec)
