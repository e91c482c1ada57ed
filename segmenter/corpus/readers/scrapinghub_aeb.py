"""Zyte's article-extraction benchmark: English news pages with their article body."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import read_html
from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "scrapinghub-aeb"
LICENCE = "MIT"
SHIPPABLE = True


def read(root: Path) -> Iterator[SourcePage]:
    base = root / NAME
    entries = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in entries.items():
        path = base / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        truth = GroundTruth(main_text=entry.get("articleBody") or "")
        yield SourcePage(NAME, key[:16], entry.get("url", ""), truth, html=read_html(path))
