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
from pathlib import Path

import numpy as np

from segmenter.context_trees import most_probable
from segmenter.evaluate import Scores, labelled_pages, page_views
from segmenter.labels import Label
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
    gold: dict[str, list[Label]] = {"text": [], "html": []}
    probs: dict[str, list[np.ndarray]] = {"text": [], "html": []}
    for page in labelled_pages(args.corpus, args.split):
        if not any(line.label for line in page.lines):
            continue
        for kind, lines in page_views(page).items():
            scored = [i for i, line in enumerate(page.lines) if line.label is not None]
            regions = kind == "html" and segmenter.uses_regions  # the HTML-input model may read REGION_COLUMNS
            inputs = model_inputs(segmenter.text_model, [lines], regions=regions)
            probs[kind].append(models[kind].predict_proba(inputs)[scored])
            gold[kind].extend(page.lines[i].label for i in scored)
    for kind, blocks in probs.items():
        if not blocks:
            continue
        P = np.vstack(blocks)
        labels = [Label(name) for name in models[kind].classes]
        cells = []
        for weight in WEIGHTS:  # as `segmenter evaluate --body-weight` labels, without running the trees again
            scores = Scores.of(zip(gold[kind], [labels[i] for i in most_probable(P, weight)]), len(blocks))
            cells.append(f"x{weight}: {scores.body_f1():.3f} / {scores.macro_f1():.3f}")
        print(f"{kind}: body F1 / macro-F1 with P(body) " + ", ".join(cells))


if __name__ == "__main__":
    main()
