"""CleanEval (2007): pages with hand-cleaned text, blocks marked <p>, <h> and <l>.

The final set is CleanEval's own test set. Each input file starts with a `<text id=URL
encoding=…>` wrapper, whose encoding the page is decoded with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import read_bytes
from segmenter.corpus.records import GroundTruth, SourcePage
from segmenter.sources import decode

NAME = "cleaneval"
LICENCE = "none stated"
SHIPPABLE = False
SETS = {"cleaneval-dev": None, "cleaneval-final": "test"}
_WRAPPER = re.compile(rb'<text id="([^"]*)"[^>]*>')
_WRAPPER_ENCODING = re.compile(rb'encoding="([^"]*)"')
_BLOCK_MARK = re.compile(r"^\s*<(p|h|l)>", re.MULTILINE)


def read(root: Path) -> Iterator[SourcePage]:
    for name, split in SETS.items():
        base = root / NAME / name
        for truth_path in sorted((base / "GoldStandard").glob("*.txt")):
            html_path = base / "input" / f"{truth_path.stem}.html"
            if not html_path.exists():
                continue
            data = read_bytes(html_path)
            wrapper = _WRAPPER.match(data.lstrip())
            url = wrapper.group(1).decode("latin-1") if wrapper else ""
            encoding = _WRAPPER_ENCODING.search(wrapper.group(0)) if wrapper else None
            charset = encoding.group(1).decode("latin-1") if encoding else None
            html = decode(data, charset)[0]
            gold = truth_path.read_bytes().decode("utf-8", errors="replace")
            truth = GroundTruth(main_text=gold_text(gold))
            yield SourcePage(NAME, f"{name}/{truth_path.stem}", url, truth, html=html, own_split=split)


def gold_text(gold: str) -> str:
    """The gold standard as one block per line, its URL line and markers removed."""
    body = gold.split("\n", 1)[1] if gold.startswith("URL:") else gold
    blocks = _BLOCK_MARK.split(body)
    texts = [" ".join(part.split()) for i, part in enumerate(blocks) if i == 0 or i % 2 == 0]
    return "\n".join(text for text in texts if text)
