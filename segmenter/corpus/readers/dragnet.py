"""Dragnet (Peters & Lecocq 2013): the article text, then a marker line, then the comments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import canonical_url, read_html
from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "dragnet"
LICENCE = "AGPL-3.0 (data)"
SHIPPABLE = False  # AGPL terms would follow the shipped model; kept for evaluation
COMMENTS_MARKER = "!@#$%^&*()  COMMENTS"


def read(root: Path) -> Iterator[SourcePage]:
    base = root / NAME
    for page_id in (base / "training.txt").read_text().split():
        html_path = base / "HTML" / f"{page_id}.html"
        truth_path = base / "Corrected" / f"{page_id}.html.corrected.txt"
        if not html_path.exists() or not truth_path.exists():
            continue
        corrected = truth_path.read_bytes().decode("utf-8", errors="replace")
        main, _, comments = corrected.partition(COMMENTS_MARKER)
        html = read_html(html_path)
        truth = GroundTruth(main_text=main, comments_text=comments.strip() or None)
        yield SourcePage(NAME, page_id, canonical_url(html), truth, html=html)
