"""Labelled pages → what the commands print: TSV rows, JSONL objects, or the kept text."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TextIO

from segmenter.extraction import extract, kept_text
from segmenter.labels import Label
from segmenter.lines import Line
from segmenter.segmenter import LabelledLine
from segmenter.sources import Status

# Scores are probabilities; more digits than this only make the output longer.
SCORE_DIGITS = 4
STDOUT = "-"


class OutputFormat(str, Enum):
    TSV = "tsv"                # LABEL<TAB>LINE per line
    JSONL = "jsonl"            # one object per record: its labelled lines
    TEXT = "text"              # the kept lines' text, pages apart by a blank line
    EXTRACTION = "extraction"  # one object per record: title, body, comments and labelled lines


@dataclass(frozen=True)
class PageResult:
    """One record's labelled lines, or its status and the reason it has none."""

    id: str
    lang: str
    lines: tuple[LabelledLine, ...]
    status: Status = Status.OK
    reason: str = ""
    url: str = ""
    source: tuple[Line, ...] = ()  # the lines as read, with their markup: where paragraphs are


@dataclass(frozen=True)
class Output:
    """How results are written: a format, and for TEXT the labels whose lines are kept."""

    format: OutputFormat = OutputFormat.TSV
    keep: frozenset[Label] = frozenset({Label.BODY})

    @property
    def names_languages(self) -> bool:
        """Whether the output says each page's language (so that it must be identified)."""
        return self.format in (OutputFormat.JSONL, OutputFormat.EXTRACTION)

    def render(self, result: PageResult) -> str:
        """The result as this output writes it: whole lines, or for TEXT the kept text ("" if none)."""
        if self.format is OutputFormat.TSV:
            return "".join(f"{line.label.value}\t{line.text}\n" for line in result.lines)
        if self.format is OutputFormat.TEXT:
            return kept_text(_source(result), result.lines, self.keep)
        item = _header(result)
        if self.format is OutputFormat.EXTRACTION:
            found = extract(_source(result), result.lines) if result.lines else None
            item.update(title=found.title if found else "", body=found.body if found else "",
                        comments=found.comments if found else "")
        item["lines"] = [{"text": line.text, "label": line.label.value, "score": round(line.score, SCORE_DIGITS)}
                         for line in result.lines]
        if result.status is not Status.OK:
            item["error"] = result.reason
        return json.dumps(item, ensure_ascii=False) + "\n"


def _header(result: PageResult) -> dict[str, object]:
    return {"id": result.id, "url": result.url, "status": result.status.value, "lang": result.lang}


def _source(result: PageResult) -> tuple[Line, ...]:
    """The page's lines as read; a result made without them reads as text input."""
    return result.source or tuple(Line(line.text) for line in result.lines)


class Writer:
    """Writes rendered results in order; kept text of successive pages is set apart by a blank line."""

    def __init__(self, out: TextIO, output: Output) -> None:
        self.out = out
        self.output = output
        self._written = False

    def write(self, rendered: str) -> None:
        if self.output.format is not OutputFormat.TEXT:
            self.out.write(rendered)
        elif rendered:
            self.out.write(("\n" if self._written else "") + rendered + "\n")
            self._written = True


@contextmanager
def open_output(path: str | Path = STDOUT) -> Iterator[TextIO]:
    """Standard output for "-", else the file, gzip-compressed when its name ends in .gz."""
    if str(path) == STDOUT:
        yield sys.stdout
        return
    path = Path(path)
    opened = gzip.open(path, "wt", encoding="utf-8") if path.suffix == ".gz" else path.open("w", encoding="utf-8")
    with opened as out:
        yield out
