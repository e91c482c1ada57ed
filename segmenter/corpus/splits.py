"""Deterministic train / dev / test splits by site, so no site's template is on both sides."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

SPLITS = ("train", "dev", "test")
# Shares of sites per split, in per mille of the hash space.
DEV_PER_MILLE = 100
TEST_PER_MILLE = 150


def site(url: str, fallback: str) -> str:
    """A page's site: its host without "www.", or `fallback` when it has no URL."""
    host = urlsplit(url).hostname or "" if url else ""
    host = host.removeprefix("www.")
    return host or fallback


def split_of(site_name: str, own_split: str | None = None) -> str:
    """The split of a site: the collection's own where it has one, else by a stable hash."""
    if own_split in SPLITS:
        return own_split  # type: ignore[return-value]
    bucket = int(hashlib.sha256(site_name.encode("utf-8")).hexdigest()[:8], 16) % 1000
    if bucket < TEST_PER_MILLE:
        return "test"
    if bucket < TEST_PER_MILLE + DEV_PER_MILLE:
        return "dev"
    return "train"
