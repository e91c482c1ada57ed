"""Turku line-quality annotations: Common Crawl text, each line keep or noise.

"Keep" means clean running text, which covers readers' comments as well as the article, so kept
lines stay unlabelled (audit round 4 found 7 of 19 sampled kept lines to be comments). Noise
lines are known not to be body, but not which other label they carry: unlabelled, `not_body`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "turku-line-quality"
LICENCE = "none stated"
SHIPPABLE = False
SPLITS = ("train", "dev", "test")
KEEP = "1"  # labels are "1" (keep) and "0" (noise), as strings


def read(root: Path) -> Iterator[SourcePage]:
    base = root / NAME / "text-quality-annotations"
    for language_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        for split in SPLITS:
            path = language_dir / f"{split}.json"
            if not path.exists():
                continue
            for number, document in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                kept = [(t, l) for t, l in zip(document["text"], document["labels"]) if t.strip()]
                truth = GroundTruth(noise_lines=tuple(str(l) != KEEP for _, l in kept))
                page_id = f"{language_dir.name}-{split}-{number}"
                yield SourcePage(NAME, page_id, "", truth, text_lines=tuple(t for t, _ in kept),
                                 own_split=split)
