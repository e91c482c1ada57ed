"""The shipped model on hand-written pages: exact labels, text input and HTML input."""

from __future__ import annotations

from pathlib import Path

import pytest

from segmenter.labels import Label
from segmenter.segmenter import Segmenter, default_model_path

PAGES = Path(__file__).parent / "fixtures" / "pages"

pytestmark = pytest.mark.skipif(not (default_model_path() / "model.json").exists(),
                                reason="no shipped model in data/model")


@pytest.fixture(scope="module")
def shipped() -> Segmenter:
    return Segmenter.load()


def gold(name: str) -> tuple[list[str], list[Label]]:
    rows = [row.split("\t", 1) for row in (PAGES / name).read_text(encoding="utf-8").splitlines()]
    return [text for _, text in rows], [Label.parse(label) for label, _ in rows]


@pytest.mark.parametrize("name", ["english_article_bengali_site.tsv", "german_page_english_menus.tsv"])
def test_text_page_labelled_exactly(shipped: Segmenter, name: str) -> None:
    lines, expected = gold(name)
    got = shipped.label_lines(lines)
    assert [(line.label.value, line.text) for line in got] == [(label.value, text)
                                                                for label, text in zip(expected, lines)]


def test_html_page_labelled_exactly(shipped: Segmenter) -> None:
    html = (Path(__file__).parents[1] / "data" / "examples" / "english_article_bengali_site.html").read_bytes()
    lines, expected = gold("english_article_bengali_site.html.tsv")
    got = shipped.label_html(html)
    assert [(line.label.value, line.text) for line in got] == [(label.value, text)
                                                                for label, text in zip(expected, lines)]
