"""Turku line-quality annotations: Common Crawl text, each line keep (body) or noise.

Noise lines are known not to be body, but not which other label they carry, so they stay
unlabelled and flagged `not_body`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.records import GroundTruth, SourcePage
from segmenter.labels import Label

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
                truth = GroundTruth(line_labels=tuple(Label.BODY if str(l) == KEEP else None for _, l in kept))
                page_id = f"{language_dir.name}-{split}-{number}"
                yield SourcePage(NAME, page_id, "", truth, text_lines=tuple(t for t, _ in kept),
                                 own_split=split)
