"""Labelled pages → what the commands print: TSV rows, JSONL page objects, or the kept text."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import TextIO

from segmenter.labels import Label
from segmenter.segmenter import LabelledLine

# Scores are probabilities; more digits than this only make the output longer.
SCORE_DIGITS = 4


@dataclass(frozen=True)
class PageResult:
    """One page's labelled lines, or the reason it has none."""

    id: str
    lang: str
    lines: tuple[LabelledLine, ...]
    error: str = ""


def write_tsv(result: PageResult, out: TextIO) -> None:
    """LABEL<TAB>LINE per line, in input order."""
    for line in result.lines:
        out.write(f"{line.label.value}\t{line.text}\n")


def write_jsonl(result: PageResult, out: TextIO) -> None:
    """One object per page: id, language and the labelled lines (or the error)."""
    item: dict[str, object] = {"id": result.id, "lang": result.lang,
                               "lines": [{"text": line.text, "label": line.label.value,
                                          "score": round(line.score, SCORE_DIGITS)} for line in result.lines]}
    if result.error:
        item["error"] = result.error
    out.write(json.dumps(item, ensure_ascii=False) + "\n")


def write_kept(result: PageResult, out: TextIO, keep: Collection[Label], separate: bool) -> None:
    """The text of the lines whose label is kept; `separate` puts a blank line before the page."""
    kept = [line.text for line in result.lines if line.label in keep]
    if separate and kept:
        out.write("\n")
    out.writelines(text + "\n" for text in kept)
