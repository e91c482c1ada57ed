"""The corpus's data types: a collection page with its ground truth, and a labelled page."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segmenter.labels import Label
from segmenter.lines import DomContext, Line


@dataclass(frozen=True)
class GroundTruth:
    """What a collection says about one page; every field is optional.

    `main_text` and `comments_text` are whole texts to align lines against; the snippet lists
    are short extracts (trafilatura-eval, wcxb) that must, or must not, be in the main text.
    `noise_lines`, where a collection judges its own lines (turku-line-quality), goes with a
    text page and says which lines are noise: not body, of a kind it does not say.
    """

    main_text: str | None = None
    comments_text: str | None = None
    related_text: str | None = None
    boilerplate_text: str | None = None
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()
    comment_snippets: tuple[str, ...] = ()
    title: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    noise_lines: tuple[bool, ...] | None = None
    replies_in_main_text: bool = False  # forum ground truths that count replies as content


@dataclass(frozen=True)
class SourcePage:
    """A page of a collection, before weak labelling."""

    collection: str
    id: str
    url: str
    truth: GroundTruth
    html: str | None = None
    text_lines: tuple[str, ...] | None = None
    page_type: str = "article"
    own_split: str | None = None  # the collection's own train/dev/test assignment, if any


@dataclass(frozen=True)
class LabelledLine:
    """A corpus line: its text, its label (None when unlabelled) and where it came from."""

    text: str
    label: Label | None
    not_body: bool = False  # known not to be body when the label itself is unknown
    dom: DomContext | None = None

    @property
    def line(self) -> Line:
        return Line(self.text, self.dom)


@dataclass(frozen=True)
class LabelledPage:
    """A page of the labelled corpus, in the JSONL shape of LABELS.md plus provenance."""

    id: str
    lang: str
    source: str
    lines: tuple[LabelledLine, ...]
    url: str = ""
    split: str = ""
    page_type: str = "article"
    input_kind: str = "html"
    mixed_from: tuple[str, ...] = field(default=())

    def labels_by_text(self, texts: Sequence[str]) -> tuple[tuple[Label | None, ...], int]:
        """This page's label of each of `texts` (matched by text, in order: the texts may have been cut
        by another linearizer, or out of another version of the page), and how many of this page's
        labelled lines are not among them."""
        labels: list[Label | None] = [None] * len(texts)
        matched: set[int] = set()
        ours, theirs = [_squeeze(text) for text in texts], [_squeeze(line.text) for line in self.lines]
        # autojunk off: menus repeat lines ("Reply", "Share") that must still match one by one.
        for block in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_matching_blocks():
            for k in range(block.size):
                labels[block.a + k] = self.lines[block.b + k].label
                matched.add(block.b + k)
        missing = sum(1 for j, line in enumerate(self.lines) if line.label is not None and j not in matched)
        return tuple(labels), missing

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "lang": self.lang, "source": self.source, "url": self.url,
            "split": self.split, "page_type": self.page_type, "input_kind": self.input_kind,
            **({"mixed_from": list(self.mixed_from)} if self.mixed_from else {}),
            "lines": [_line_json(line) for line in self.lines],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LabelledPage:
        lines = tuple(_line_from_json(item) for item in data["lines"])
        return cls(
            id=data["id"], lang=data.get("lang", ""), source=data.get("source", ""), lines=lines,
            url=data.get("url", ""), split=data.get("split", ""),
            page_type=data.get("page_type", "article"), input_kind=data.get("input_kind", "html"),
            mixed_from=tuple(data.get("mixed_from", ())),
        )


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _line_json(line: LabelledLine) -> dict[str, Any]:
    item: dict[str, Any] = {"text": line.text, "label": line.label.value if line.label else None}
    if line.not_body:
        item["not_body"] = True
    if line.dom is not None:
        item["dom"] = {"tag": line.dom.tag, "path": list(line.dom.path),
                       "link_share": round(line.dom.link_share, 3)}
    return item


def _line_from_json(item: dict[str, Any]) -> LabelledLine:
    label = Label.parse(item["label"]) if item.get("label") else None
    dom = item.get("dom")
    context = DomContext(dom["tag"], tuple(dom["path"]), dom["link_share"]) if dom else None
    return LabelledLine(item["text"], label, bool(item.get("not_body")), context)


def dumps(page: LabelledPage) -> str:
    return json.dumps(page.to_json(), ensure_ascii=False)


def read_pages(path: Path) -> Iterator[LabelledPage]:
    """The labelled pages of a JSONL file (a corpus split, or pages labelled by hand as in
    docs/LABELS.md), blank lines skipped; a line that is not a labelled page is a ValueError naming
    the file and line."""
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield LabelledPage.from_json(json.loads(raw))
            except (ValueError, KeyError, TypeError, AttributeError) as error:  # not JSON, not a page, a bad label
                raise ValueError(f"{path}:{number} is not a labelled page as in docs/LABELS.md "
                                 f'({{"id", "lines": [{{"text", "label"}}, ...]}}): {type(error).__name__}: '
                                 f"{error}") from None


def read_gold(path: Path) -> list[LabelledPage]:
    """The pages of a file of hand-labelled pages (see read_pages), of which there must be one."""
    pages = list(read_pages(path))
    if not pages:
        raise ValueError(f"{path} holds no labelled page")
    return pages
