"""The corpus's data types: JSON round trip and matching a labelled page's lines to other lines by text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segmenter.corpus.build import read_corpus
from segmenter.corpus.records import LabelledLine, LabelledPage, read_gold, read_pages
from segmenter.labels import Label
from segmenter.lines import DomContext

B, N, C, O = Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.OTHER


def page(rows: list[tuple[str, Label | None]]) -> LabelledPage:
    return LabelledPage("g", "en", "hand", tuple(LabelledLine(text, label) for text, label in rows))


def test_labels_match_by_text_across_inserted_and_missing_lines() -> None:
    gold = page([("Title", B), ("Home", N), ("Old  line", O), ("A paragraph.", B), ("Reply", None), ("Reply", C)])
    labels, missing = gold.labels_by_text(["Title", "New line", "Home", "A paragraph.", "Reply", "Reply"])
    assert labels == (B, None, N, B, None, C)
    assert missing == 1  # "Old line": labelled, not among the texts


def test_labels_match_across_whitespace() -> None:
    labels, missing = page([("A  long\tparagraph.", B)]).labels_by_text([" A long paragraph. "])
    assert (labels, missing) == ((B,), 0)


def test_json_round_trip_keeps_labels_marks_and_dom() -> None:
    lines = (LabelledLine("Home", N, dom=DomContext("a", ("html", "body", "nav"), 1.0)),
             LabelledLine("Ad", None, not_body=True), LabelledLine("Text.", B))
    original = LabelledPage("c/1", "de", "wcxb", lines, url="https://x.example/", split="test",
                            mixed_from=("c/0",))
    assert LabelledPage.from_json(original.to_json()) == original


def test_a_line_that_is_not_a_labelled_page_is_named_by_file_and_number(tmp_path: Path) -> None:
    path = tmp_path / "test.jsonl"
    path.write_text(json.dumps(page([("Home", N)]).to_json()) + "\n\n" + '{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"test.jsonl:3 is not a labelled page"):
        list(read_pages(path))
    with pytest.raises(ValueError, match=r"test.jsonl:3 is not a labelled page"):
        list(read_corpus(tmp_path, ["test"]))  # a corpus split reads the same way
    path.write_text(json.dumps(page([("Home", N)]).to_json()) + '\n{"id": "y", "lines": [{"text": "a", '
                    '"label": "main"}]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"test.jsonl:2 .*unknown label 'main'"):
        list(read_pages(path))


def test_hand_labelled_pages_must_hold_a_page(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n" + json.dumps(page([("Home", N)]).to_json()) + "\n", encoding="utf-8")
    assert [p.lines for p in read_gold(path)] == [page([("Home", N)]).lines]
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(ValueError, match="holds no labelled page"):
        read_gold(path)
