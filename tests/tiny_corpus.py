"""A hand-made corpus of 80 news pages that trains a tiny Segmenter in seconds."""

from __future__ import annotations

from pathlib import Path

from segmenter.context_model import ContextModel
from segmenter.corpus.records import LabelledLine, LabelledPage, dumps
from segmenter.labels import Label
from segmenter.lines import html_lines
from segmenter.text_model import TextModelParams
from segmenter.train import TrainOptions, train, with_comments_stage

B, N, C, R, O = Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.RELATED, Label.OTHER
PAGE = """<title>{title}</title><nav><a>Home</a> <a>World</a></nav><nav><a>Sports</a></nav>
<article><h1>{title}</h1><p>{p1}</p><p>{p2}</p></article>
<div class="comments"><p>Please enter your comment!</p><p>Great piece, {who}.</p></div>
<aside class="related"><a>{other}</a></aside><footer><p>© 2024 Daily News</p></footer>"""
LABELS = [B, N, N, B, B, B, C, C, R, O]
# A page of a story the corpus never held, which trained tiny models label as LABELS.
UNSEEN_PAGE = PAGE.format(title="A new story about the harbour", p1="The harbour reopened on Monday.",
                          p2="Fishermen said the repairs took too long.", who="Ann", other="Yet another story")
PAGES = 80


def page_html(i: int) -> str:
    # The teaser shares no word with the article ("number"): were it to, fastText's out-of-fold
    # scores for it on 80 pages would be unsure where the final model's are sure, and the
    # context model, fitted on the former, would misread the latter.
    return PAGE.format(title=f"Story number {i} about the city", p1=f"The council met on day {i} and agreed.",
                       p2=f"Residents said the plan number {i} was late.", who=f"reader {i}",
                       other=f"Another story from the site, issue {i % 5}")


def corpus_page(i: int, split: str = "train") -> LabelledPage:
    lines = html_lines(page_html(i))
    assert len(lines) == len(LABELS), [line.text for line in lines]
    labelled = tuple(LabelledLine(l.text, label, False, l.dom) for l, label in zip(lines, LABELS))
    return LabelledPage(id=f"t/{i}", lang="en", source="fundus", lines=labelled,
                        url=f"https://site{i % 7}.example/{i}", split=split)


def write_corpus(corpus: Path) -> Path:
    """Train pages, and a few test pages from new sites."""
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "train.jsonl").write_text("\n".join(dumps(corpus_page(i)) for i in range(PAGES)) + "\n")
    test = [corpus_page(i, "test") for i in range(PAGES, PAGES + 5)]
    (corpus / "test.jsonl").write_text("\n".join(dumps(page) for page in test) + "\n")
    return corpus


def tiny_options(root: Path, site_memory: bool = False, comments_stage: str = "none",
                 text_input_from: Path | None = None) -> TrainOptions:
    options = TrainOptions(corpus=write_corpus(root / "corpus"), out=root / "model", folds=2,
                           text=TextModelParams(dim=8, epoch=10, lr=0.3, bucket=20_000, min_count=1,
                                                quantize=False, threads=1),
                           context=ContextModel(window=2, max_iter=100), site_memory=site_memory,
                           text_input_from=text_input_from,
                           draws=1)  # in seconds; tests of draws ask for more
    return with_comments_stage(options, comments_stage)


def train_tiny(root: Path, site_memory: bool = False, comments_stage: str = "none",
               text_input_from: Path | None = None) -> Path:
    train(tiny_options(root, site_memory, comments_stage, text_input_from))
    return root / "model"
