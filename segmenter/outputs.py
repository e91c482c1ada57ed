"""Labelled pages → what the commands print: TSV rows, JSONL page objects, or the kept text."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import TextIO

from segmenter.extraction import extract, kept_text
from segmenter.labels import Label
from segmenter.lines import Line
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
    source: tuple[Line, ...] = ()  # the lines as read, with their markup: where paragraphs are


def _line_objects(result: PageResult) -> list[dict[str, object]]:
    return [{"text": line.text, "label": line.label.value, "score": round(line.score, SCORE_DIGITS)}
            for line in result.lines]


def _source(result: PageResult) -> tuple[Line, ...]:
    """The page's lines as read; a result made without them reads as text input."""
    return result.source or tuple(Line(line.text) for line in result.lines)


def write_tsv(result: PageResult, out: TextIO) -> None:
    """LABEL<TAB>LINE per line, in input order."""
    for line in result.lines:
        out.write(f"{line.label.value}\t{line.text}\n")


def write_jsonl(result: PageResult, out: TextIO) -> None:
    """One object per page: id, language and the labelled lines (or the error)."""
    item: dict[str, object] = {"id": result.id, "lang": result.lang, "lines": _line_objects(result)}
    if result.error:
        item["error"] = result.error
    out.write(json.dumps(item, ensure_ascii=False) + "\n")


def write_kept(result: PageResult, out: TextIO, keep: Collection[Label], separate: bool) -> bool:
    """The text of the lines whose label is kept, in the page's paragraphs (segmenter.extraction);
    `separate` puts a blank line before the page. True when there was text to write."""
    kept = kept_text(_source(result), result.lines, keep)
    if separate and kept:
        out.write("\n")
    if kept:
        out.write(kept + "\n")
    return bool(kept)


def write_extraction(result: PageResult, out: TextIO) -> None:
    """One object per page: id, title, language, body and comments text, and the labelled lines."""
    item: dict[str, object] = {"id": result.id, "title": "", "lang": result.lang, "body": "", "comments": ""}
    if result.lines:
        extraction = extract(_source(result), result.lines)
        item.update(title=extraction.title, body=extraction.body, comments=extraction.comments)
    item["lines"] = _line_objects(result)
    if result.error:
        item["error"] = result.error
    out.write(json.dumps(item, ensure_ascii=False) + "\n")
