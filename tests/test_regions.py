"""The regions around lines: mean text scores and shares of the elements a few steps above each line."""

from __future__ import annotations

import numpy as np
import pytest

from segmenter.labels import Label
from segmenter.lines import DomContext, Line, html_lines
from segmenter.regions import REGION_COLUMNS, REGION_LEVELS, region_columns

PAGE = ("<html><body><div id=a><p>one two</p><p>three</p><ul><li>x</li><li>y</li></ul></div>"
        "<div id=b><p>side</p></div></body></html>")


def column(name: str, values: np.ndarray) -> list[float]:
    return [round(float(v), 4) for v in values[:, REGION_COLUMNS.index(name)]]


def scores(body: list[float]) -> np.ndarray:
    """Text scores with the given P(body) and the rest on navigation, columns in Label order."""
    out = np.zeros((len(body), len(Label)), dtype=np.float32)
    out[:, list(Label).index(Label.BODY)] = body
    out[:, list(Label).index(Label.NAVIGATION)] = 1 - np.array(body)
    return out


def test_each_level_averages_every_line_inside_the_element_by_characters() -> None:
    lines = html_lines(PAGE)
    assert [line.text for line in lines] == ["one two", "three", "x", "y", "side"]  # 7 + 5 + 1 + 1 + 4 characters
    columns = region_columns(lines, scores([1.0, 1.0, 0.0, 0.0, 0.0]))
    # one level up: the paragraphs' div (both paragraphs and the list), the list, the side div
    assert column("up1_share", columns) == [round(14 / 18, 4)] * 2 + [round(2 / 18, 4)] * 2 + [round(4 / 18, 4)]
    assert column("up1_text_body", columns) == [round(12 / 14, 4)] * 2 + [0.0, 0.0, 0.0]
    assert column("up1_text_navigation", columns) == [round(2 / 14, 4)] * 2 + [1.0, 1.0, 1.0]
    # two levels up: the list items reach the div a, the others the body (the whole page)
    assert column("up2_text_body", columns) == [round(12 / 18, 4)] * 2 + [round(12 / 14, 4)] * 2 + [round(12 / 18, 4)]
    assert column("up5_share", columns) == [1.0] * 5


def test_an_element_is_its_run_of_lines_not_a_path_seen_again_later() -> None:
    def line(text: str, *path: str) -> Line:
        return Line(text, DomContext("p", path, 0.0))

    lines = [line("aa", "body:0", "div:0", "p:0"), line("bb", "body:0", "div:1", "p:0"),
             line("cc", "body:0", "div:0", "p:1")]  # a path like the first again, after another element
    columns = region_columns(lines, scores([1.0, 0.0, 1.0]))
    assert column("up1_text_body", columns) == [1.0, 0.0, 1.0] and column("up1_share", columns) == [round(1 / 3, 4)] * 3


def test_lines_without_markup_have_zeros() -> None:
    assert not region_columns([Line("plain"), Line("text")], scores([1.0, 0.0])).any()
    assert region_columns([], scores([])).shape == (0, len(REGION_COLUMNS))


@pytest.mark.parametrize("depth", [1, 60])
def test_shallow_and_deep_pages_stay_within_the_page(depth: int) -> None:
    html = "<div>" * depth + "<p>deep</p><p>text</p>" + "</div>" * depth + "<p>after</p>"
    lines = html_lines(html)
    columns = region_columns(lines, scores([1.0] * len(lines)))
    assert columns.shape == (len(lines), len(REGION_COLUMNS)) and np.isfinite(columns).all()
    shares = columns[:, [REGION_COLUMNS.index(f"up{level}_share") for level in REGION_LEVELS]]
    assert ((shares > 0) & (shares <= 1)).all()
