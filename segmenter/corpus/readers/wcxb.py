"""WCXB's development split: pages of seven types with main text and snippets.

Forum ground truths keep the replies in the main content; LABELS.md makes them comments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import read_html
from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "wcxb"
LICENCE = "CC-BY-4.0"
SHIPPABLE = True


def read(root: Path) -> Iterator[SourcePage]:
    base = root / NAME / "dev"
    for truth_path in sorted((base / "ground-truth").glob("*.json")):
        html_path = base / "html" / f"{truth_path.stem}.html.gz"
        if not html_path.exists():
            continue
        entry = json.loads(truth_path.read_text(encoding="utf-8"))
        gt = entry.get("ground_truth") or {}
        page_type = (((entry.get("_internal") or {}).get("page_type") or {}).get("primary")) or "article"
        truth = GroundTruth(
            main_text=gt.get("main_content") or "",
            with_snippets=tuple(gt.get("with") or ()),
            without_snippets=tuple(gt.get("without") or ()),
            title=gt.get("title") or "",
            authors=tuple(filter(None, [gt.get("author")])),
            date=gt.get("publish_date") or "",
            replies_in_main_text=page_type == "forum",
        )
        yield SourcePage(NAME, truth_path.stem, entry.get("url", ""), truth,
                         html=read_html(html_path), page_type=page_type)
