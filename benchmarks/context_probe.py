"""Context-model settings for text input compared on the same rows, scored with the same text model.

fastText trains on two threads, so every `segmenter train` draws new fold text models, and their
scores move the context model more than most changes to it do (docs/MODEL.md, "Training data and
licences": 0.758 to 0.790 body F1 on the hand-labelled pages from the text model's draw alone). Here
the fold text models are trained once and kept in WORK, the context rows they score are made once
per version of the feature code, and each setting's context model for text input is fitted on those
rows and applied with one text model (the shipped one unless --text-model says otherwise): what
differs between two settings' figures is the setting, not a draw.

    python benchmarks/context_probe.py --corpus CORPUS_DIR --work DIR \\
        --setting base='{}' --setting fewer='{"max_iter": 100, "learning_rate": 0.3}'

Each setting is a name and the ContextModel parameters it changes (JSON). Each fit takes about 11
minutes on 2 cores; the fold models about 2 minutes, once. Scores are of text input (the lines
without markup) on the hand-labelled pages and the corpus's test and dev splits; they go to
WORK/results.json as well.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from segmenter import dom_rules, features
from segmenter.corpus.build import GOLD_PAGES
from segmenter.corpus.records import LabelledPage
from segmenter.evaluate import evaluate, labelled_pages
from segmenter.segmenter import Segmenter, default_model_path
from segmenter.text_model import TextModel
from segmenter.train import (
    ContextRows,
    TrainOptions,
    context_rows,
    fold_text_models,
    training_pages,
    with_comments_stage,
)

if TYPE_CHECKING:
    from segmenter.context_model import ContextModel

# Where each setting is scored: the hand-labelled pages, and the corpus's held-out splits.
SETS = (("hand-labelled", "gold", "test"), ("test split", "corpus", "test"), ("dev split", "corpus", "dev"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a folder written by 'segmenter corpus build'")
    parser.add_argument("--work", type=Path, required=True, help="fold models, rows and results are kept here")
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=JSON",
                        help="a named set of ContextModel parameters (default: base='{}')")
    parser.add_argument("--text-model", type=Path, default=default_model_path() / "text.ftz",
                        help="the text model that labelling reads (default: the shipped one)")
    args = parser.parse_args()
    settings = dict(_setting(text) for text in args.setting or ["base={}"])
    # the text half of the shipped model: one context model, no comments stage (docs/MODEL.md)
    options = with_comments_stage(TrainOptions(corpus=args.corpus, out=args.work), "none")
    for name, result in probe(options, args.work, settings, TextModel.load(args.text_model)).items():
        print(f"{name} (fitted in {result['fit_seconds']} s): " + "; ".join(
            f"{label} {result[label]['body_f1']:.3f} / {result[label]['macro_f1']:.3f}" for label, _, _ in SETS))


def probe(options: TrainOptions, work: Path, settings: dict[str, dict[str, object]],
          text_model: TextModel) -> dict[str, dict[str, object]]:
    """Each setting's context model for text input, fitted on the rows of the fold models in
    `work` (trained there first if missing) and scored with `text_model`; the results are added to
    work/results.json and returned."""
    work.mkdir(parents=True, exist_ok=True)
    rows = _rows(options, work)
    results_file = work / "results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    for name, params in settings.items():
        started = time.perf_counter()
        segmenter = Segmenter(text_model, rows.fit(_context_model(options, params)))
        seconds = round(time.perf_counter() - started)
        scores = {label: _scores(segmenter, labelled_pages(options.corpus if where == "corpus" else GOLD_PAGES, split))
                  for label, where, split in SETS}
        results[name] = {"params": params, "rows": _rows_key(), "fit_seconds": seconds, **scores}
        results_file.write_text(json.dumps(results, indent=1) + "\n")
    return {name: results[name] for name in settings}


def _setting(text: str) -> tuple[str, dict[str, object]]:
    name, _, params = text.partition("=")
    try:
        parsed = json.loads(params or "{}")
    except json.JSONDecodeError as error:
        raise SystemExit(f"--setting {text!r}: the parameters are not JSON ({error})") from None
    if not name or not isinstance(parsed, dict):
        raise SystemExit(f"--setting {text!r}: give NAME={{...}}, a name and a JSON object of parameters")
    return name, parsed


def _context_model(options: TrainOptions, params: dict[str, object]) -> ContextModel:
    """A fresh copy of the options' context model for text input with the parameters changed."""
    from sklearn.base import clone

    return clone(options.context).set_params(**params)


def _rows_key() -> str:
    """What the rows depend on besides the fold models: the feature code and its columns' names."""
    sources = "".join(Path(module.__file__).read_text() for module in (features, dom_rules))
    return hashlib.sha256((sources + repr(features.FEATURE_NAMES)).encode()).hexdigest()[:12]


def _rows(options: TrainOptions, work: Path) -> ContextRows:
    """The out-of-fold rows, from the fold models and rows in `work` when they are there."""
    path = work / f"rows-{_rows_key()}.npz"
    if path.exists():
        with np.load(path) as saved:
            labels = np.array([label or None for label in saved["labels"].tolist()], dtype=object)
            return ContextRows(saved["X"], labels, saved["page_ids"], saved["not_body"], saved["not_comments"])
    pages, folds = training_pages(options)
    models = _fold_models(pages, folds, options, work)
    print(f"context rows of {len(pages)} pages ...", file=sys.stderr, flush=True)
    rows = context_rows(pages, folds, models, None, options, progress=True)
    np.savez(path, X=rows.X, labels=np.array([label or "" for label in rows.labels]), page_ids=rows.page_ids,
             not_body=rows.not_body, not_comments=rows.not_comments)
    return rows


def _fold_models(pages: list[LabelledPage], folds: list[int], options: TrainOptions, work: Path
                 ) -> dict[int, TextModel]:
    paths = {fold: work / f"fold{fold}.ftz" for fold in range(options.folds)}
    if all(path.exists() for path in paths.values()):
        return {fold: TextModel.load(path) for fold, path in paths.items()}
    models = fold_text_models(pages, folds, options, progress=True)
    for fold, model in models.items():
        model.save(paths[fold])
    return models


def _scores(segmenter: Segmenter, pages: Iterable[LabelledPage]) -> dict[str, object]:
    """Body F1, macro-F1 and each label's F1 of the pages' text input (their lines without markup)."""
    scores = evaluate(segmenter, (replace(page, input_kind="text") for page in pages)).overall["text"]
    return {"body_f1": scores.body_f1(), "macro_f1": scores.macro_f1(),
            "f1": {label: row["f1"] for label, row in scores.per_label().items()}}


if __name__ == "__main__":
    main()
