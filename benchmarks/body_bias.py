"""How body F1 and macro-F1 move with the weight of body (`--body-weight`): P(body) multiplied by
each weight before the most probable label is taken, on a corpus split or on the hand-labelled pages.

The weak-labelled splits score only lines with a label, and the lines the ground truth leaves out
(menus and boxes around the article, which the model learns are not body) are among the unscored
ones: body is more common among scored lines than among all lines, so those splits reward a bias
toward body that the hand-labelled pages, every line of which is scored, do not (docs/MODEL.md).

    python benchmarks/body_bias.py --corpus CORPUS_DIR --split dev
    python benchmarks/body_bias.py --corpus data/gold_pages.jsonl
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from segmenter.context_trees import most_probable
from segmenter.evaluate import Scores, labelled_pages, page_views
from segmenter.labels import Label
from segmenter.lines import Line
from segmenter.page_rules import relabelled
from segmenter.segmenter import Segmenter, model_inputs

WEIGHTS = (0.5, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus folder or a JSONL file of labelled pages")
    parser.add_argument("--split", default="test")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped one)")
    args = parser.parse_args()
    segmenter = Segmenter.load(args.model)
    # a model with a context model per input kind labels HTML with its own, whose classes may differ
    models = {"text": segmenter.context_model, "html": segmenter.html_context_model or segmenter.context_model}
    pages: dict[str, list[ScoredPage]] = {"text": [], "html": []}
    for page in labelled_pages(args.corpus, args.split):
        if not any(line.label for line in page.lines):
            continue
        for kind, lines in page_views(page).items():
            regions = kind == "html" and segmenter.uses_regions  # the HTML-input model may read REGION_COLUMNS
            inputs = model_inputs(segmenter.text_model, [lines], regions=regions)
            pages[kind].append(ScoredPage(lines, [line.label for line in page.lines], models[kind].predict_proba(inputs)))
    for kind, scored in pages.items():
        if not scored:
            continue
        labels = [Label(name) for name in models[kind].classes]
        cells = []
        for weight in WEIGHTS:  # as `segmenter evaluate --body-weight` labels, without running the trees again
            pairs = [pair for page in scored for pair in page.pairs(labels, weight)]
            scores = Scores.of(pairs, len(scored))
            cells.append(f"x{weight}: {scores.body_f1():.3f} / {scores.macro_f1():.3f}")
        print(f"{kind}: body F1 / macro-F1 with P(body) " + ", ".join(cells))


@dataclass(frozen=True)
class ScoredPage:
    """A page's lines, their labels (None: not scored) and the context model's probabilities."""

    lines: list[Line]
    gold: list[Label | None]
    probabilities: np.ndarray

    def pairs(self, labels: list[Label], weight: float) -> list[tuple[Label, Label]]:
        """(label, predicted) for the scored lines, labelled with the weight as `Segmenter.label_pages`
        labels: the most probable label, then segmenter.page_rules."""
        predicted = relabelled(self.lines, [labels[i] for i in most_probable(self.probabilities, weight)])
        return [(gold, label) for gold, label in zip(self.gold, predicted) if gold is not None]


if __name__ == "__main__":
    main()
