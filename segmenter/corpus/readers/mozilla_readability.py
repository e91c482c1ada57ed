"""Mozilla Readability's test pages: the source page and the article Readability expects.

About 32 pages are synthetic lorem-ipsum fixtures, which teach nothing about real sites.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import canonical_url, read_html
from segmenter.corpus.records import GroundTruth, SourcePage
from segmenter.lines import html_lines

NAME = "mozilla-readability"
LICENCE = "Apache-2.0"
SHIPPABLE = True


def read(root: Path) -> Iterator[SourcePage]:
    for folder in sorted((root / NAME / "test" / "test-pages").iterdir()):
        source, expected = folder / "source.html", folder / "expected.html"
        if not source.exists() or not expected.exists():
            continue
        main_text = "\n".join(line.text for line in html_lines(read_html(expected), include_title=False))
        if "lorem ipsum" in main_text.lower():
            continue
        metadata_path = folder / "expected-metadata.json"
        metadata = json.loads(metadata_path.read_text(encoding="utf-8")) if metadata_path.exists() else {}
        html = read_html(source)
        truth = GroundTruth(main_text=main_text, title=metadata.get("title") or "",
                            authors=tuple(filter(None, [metadata.get("byline")])))
        url = canonical_url(html) or f"https://{folder.name}.readability.test/"
        yield SourcePage(NAME, folder.name, url, truth, html=html)
