"""The corpus's data types: JSON round trip and matching a labelled page's lines to other lines by text."""

from __future__ import annotations

from segmenter.corpus.records import LabelledLine, LabelledPage
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
