"""trafilatura's evaluation set: per page, snippets that must and must not be in the text.

Snippets decide only the lines they touch, so the rest of each page stays unlabelled.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import read_html
from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "trafilatura-eval"
LICENCE = "Apache-2.0"
SHIPPABLE = True


def read(root: Path) -> Iterator[SourcePage]:
    tests = root / NAME / "tests"
    entries = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    for url, entry in entries.items():
        path = next((tests / d / entry["file"] for d in ("eval", "cache")
                     if (tests / d / entry["file"]).exists()), None)
        if path is None:
            continue
        author = entry.get("author") or ""
        author_names = author if isinstance(author, list) else author.split(";")
        truth = GroundTruth(
            with_snippets=tuple(entry.get("with") or ()),
            without_snippets=tuple(entry.get("without") or ()),
            comment_snippets=tuple(entry.get("comments") or ()),
            title=entry.get("title") or "",
            authors=tuple(a.strip() for a in author_names if a.strip()),
            date=entry.get("date") or "",
        )
        yield SourcePage(NAME, entry["file"].removesuffix(".html"), url, truth, html=read_html(path))
