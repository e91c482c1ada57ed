"""fundus's parser tests: news pages in 20+ languages with the parsed title, authors and body.

`<cc>/<Publisher>.json` holds one entry per parser version, in the order of that publisher's
HTML files sorted by date.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from segmenter.corpus.readers._files import canonical_url, read_html
from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "fundus"
LICENCE = "MIT"
SHIPPABLE = True


def read(root: Path) -> Iterator[SourcePage]:
    base = root / NAME / "tests" / "resources" / "parser" / "test_data"
    for truth_path in sorted(base.glob("*/*.json")):
        publisher = truth_path.stem
        entries = list(json.loads(truth_path.read_text(encoding="utf-8")).values())
        pages = sorted(truth_path.parent.glob(f"{publisher}_*.html.gz"))
        for html_path, entry in zip(pages, entries):
            html = read_html(html_path)
            truth = GroundTruth(
                main_text=_body_text(entry.get("body") or {}),
                title=entry.get("title") or "",
                authors=tuple(entry.get("authors") or ()),
            )
            page_id = f"{truth_path.parent.name}/{html_path.name.removesuffix('.html.gz')}"
            url = canonical_url(html) or f"https://{publisher.lower()}.{truth_path.parent.name}/"
            yield SourcePage(NAME, page_id, url, truth, html=html)


def _body_text(body: dict[str, Any]) -> str:
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts.extend(section.get("headline") or [])
        parts.extend(section.get("paragraphs") or [])
    return "\n".join(parts)
