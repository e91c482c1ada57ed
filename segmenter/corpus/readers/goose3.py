"""goose3's test pages: the expected cleaned text is often only the article's first sentence,
so it decides the lines it covers and leaves the rest unlabelled."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import read_html
from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "goose3-tests"
LICENCE = "Apache-2.0"
SHIPPABLE = True


def read(root: Path) -> Iterator[SourcePage]:
    base = root / NAME / "tests" / "data" / "content"
    for truth_path in sorted(base.glob("test_*.json")):
        html_path = truth_path.with_suffix(".html")
        if not html_path.exists():
            continue
        entry = json.loads(truth_path.read_text(encoding="utf-8"))
        expected = entry.get("expected") or {}
        cleaned = expected.get("cleaned_text") or ""
        truth = GroundTruth(
            with_snippets=tuple(p for p in cleaned.split("\n") if p.strip()),
            title=expected.get("title") or "",
            authors=tuple(expected.get("authors") or ()),
        )
        yield SourcePage(NAME, truth_path.stem.removeprefix("test_"), entry.get("url", ""), truth,
                         html=read_html(html_path))
