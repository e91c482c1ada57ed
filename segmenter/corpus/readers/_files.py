"""Helpers shared by the collection readers: reading page files and finding a page's URL."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from segmenter.sources import decode

_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
# The page's own URL sits in <head>; reading further only finds links to other pages.
HEAD_BYTES = 200_000


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def read_html(path: Path, charset: str | None = None) -> str:
    """A page file decoded as `segmenter.sources.decode` does (header, then meta, then detection)."""
    return decode(read_bytes(path), charset)[0]


def canonical_url(html: str) -> str:
    """The URL a page declares for itself (canonical link, else og:url), or ""."""
    found = {"link": "", "meta": ""}
    for tag, attributes in _TAG.findall(html[:HEAD_BYTES]):
        values = {k.lower(): v.strip("\"'") for k, v in _ATTRIBUTE.findall(attributes)}
        tag = tag.lower()
        if tag == "link" and values.get("rel", "").lower() == "canonical" and not found["link"]:
            found["link"] = values.get("href", "")
        elif tag == "meta" and values.get("property", "").lower() == "og:url" and not found["meta"]:
            found["meta"] = values.get("content", "")
    return found["link"] or found["meta"]
