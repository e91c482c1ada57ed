"""Helpers shared by the collection readers: reading page files and finding a page's URL."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from segmenter.sources import decode

_CANONICAL = re.compile(
    r"""<link[^>]+rel=["']?canonical["']?[^>]*href=["']([^"']+)|"""
    r"""<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)""",
    re.IGNORECASE,
)


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def read_html(path: Path, charset: str | None = None) -> str:
    """A page file decoded as `segmenter.sources.decode` does (header, then meta, then detection)."""
    return decode(read_bytes(path), charset)[0]


def canonical_url(html: str) -> str:
    """The URL a page declares for itself (canonical link or og:url), or ""."""
    match = _CANONICAL.search(html[:200_000])
    return next((group for group in match.groups() if group), "") if match else ""
