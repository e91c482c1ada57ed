"""newspaper4k's test pages: articles in eight languages with their expected text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import canonical_url, read_html
from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "newspaper4k-tests"
LICENCE = "MIT"
SHIPPABLE = True


def read(root: Path) -> Iterator[SourcePage]:
    base = root / NAME / "tests" / "data"
    for truth_path in sorted((base / "txt").glob("*.txt")):
        html_path = base / "html" / f"{truth_path.stem}.html"
        if not html_path.exists():
            continue
        html = read_html(html_path)
        truth = GroundTruth(main_text=truth_path.read_text(encoding="utf-8", errors="replace"))
        url = canonical_url(html) or f"https://{truth_path.stem}.newspaper4k.test/"
        yield SourcePage(NAME, truth_path.stem, url, truth, html=html)
