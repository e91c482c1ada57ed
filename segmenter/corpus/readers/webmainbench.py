"""A sample of WebMainBench: rows with the page HTML and its hand-annotated main content."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "webmainbench-sample"
LICENCE = "Apache-2.0"
SHIPPABLE = True


def read(root: Path) -> Iterator[SourcePage]:
    seen: set[str] = set()
    for path in sorted((root / NAME / "data").glob("*.jsonl")):
        for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            key = str(row.get("track_id") or row.get("url"))
            content = row.get("groundtruth_content")
            if key in seen or not row.get("html") or not content or content == "None":
                continue
            seen.add(key)
            truth = GroundTruth(main_text=content)
            page_id = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
            yield SourcePage(NAME, page_id, row.get("url", ""), truth, html=row["html"])
