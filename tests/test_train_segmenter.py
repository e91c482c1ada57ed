"""A tiny corpus trains a Segmenter in seconds; it saves, loads and labels both input kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segmenter.context_model import ContextModel
from segmenter.corpus.records import LabelledLine, LabelledPage, dumps
from segmenter.labels import Label
from segmenter.lines import html_lines
from segmenter.segmenter import Segmenter
from segmenter.text_model import TextModelParams
from segmenter.train import TrainOptions, train

B, N, C, R, O = Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.RELATED, Label.OTHER
PAGE = """<title>{title}</title><nav><a>Home</a> <a>World</a></nav><nav><a>Sports</a></nav>
<article><h1>{title}</h1><p>{p1}</p><p>{p2}</p></article>
<div class="comments"><p>Please enter your comment!</p><p>Great piece, {who}.</p></div>
<aside class="related"><a>{other}</a></aside><footer><p>© 2024 Daily News</p></footer>"""
LABELS = [B, N, N, B, B, B, C, C, R, O]


def corpus_page(i: int) -> LabelledPage:
    html = PAGE.format(title=f"Story number {i} about the city", p1=f"The council met on day {i} and agreed.",
                       p2=f"Residents said the plan number {i} was late.", who=f"reader {i}",
                       other=f"Another story {i} from the site")
    lines = html_lines(html)
    assert len(lines) == len(LABELS), [line.text for line in lines]
    labelled = tuple(LabelledLine(l.text, label, False, l.dom) for l, label in zip(lines, LABELS))
    return LabelledPage(id=f"t/{i}", lang="en", source="fundus", lines=labelled,
                        url=f"https://site{i % 7}.example/{i}", split="train")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("train")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "train.jsonl").write_text("\n".join(dumps(corpus_page(i)) for i in range(80)) + "\n")
    options = TrainOptions(corpus=corpus, out=root / "model", folds=2,
                           text=TextModelParams(dim=8, epoch=10, lr=0.3, bucket=20_000, min_count=1,
                                                quantize=False, threads=1),
                           context=ContextModel(window=2, max_iter=100))
    train(options)
    return root / "model"


def test_trained_model_labels_html_and_text(model_dir: Path) -> None:
    segmenter = Segmenter.load(model_dir)
    html = PAGE.format(title="A new story about the harbour", p1="The harbour reopened on Monday.",
                       p2="Fishermen said the repairs took too long.", who="Ann",
                       other="Yet another story from the site")
    assert [line.label for line in segmenter.label_html(html.encode())] == LABELS
    text_lines = [line.text for line in html_lines(html)]
    labelled = segmenter.label_lines(text_lines + ["", "  "])
    assert len(labelled) == len(text_lines)
    assert labelled[4].label is B and labelled[1].label is N
    assert all(0.0 <= line.score <= 1.0 for line in labelled)
    assert segmenter.label_lines([]) == []


def test_load_errors_say_what_to_do(model_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="segmenter train"):
        Segmenter.load(tmp_path)
    (tmp_path / "model.json").write_text(json.dumps({"format": 0}))
    with pytest.raises(ValueError, match="another version of segmenter"):
        Segmenter.load(tmp_path)
