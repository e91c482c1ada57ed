"""magic-html's benchmark: article and forum pages in many languages with their main text.

On forum pages the ground truth includes the replies, which LABELS.md calls comments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import read_html
from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "magic-html-bench"
LICENCE = "Apache-2.0"
SHIPPABLE = True


def read(root: Path) -> Iterator[SourcePage]:
    for kind in ("article", "forum"):
        base = root / NAME / "benchmark" / "data" / kind
        entries = json.loads((base / "base.json").read_text(encoding="utf-8"))
        for key, entry in entries.items():
            path = base / "htmls" / f"{key}.html"
            if not path.exists():
                continue
            truth = GroundTruth(main_text=entry.get("content") or "", replies_in_main_text=kind == "forum")
            yield SourcePage(NAME, key[:16], entry.get("url", ""), truth, html=read_html(path),
                             page_type=kind)
