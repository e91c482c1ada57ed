"""Where labelling time goes: the text model and features, then each stage of the context model.

Labels the first test-split pages as text pages, BATCH_PAGES at a time as `segmenter label`
does, in this process with one thread, and times each step apart: the text model's scores with
the line features (`model_inputs`), the windows, the body stage, and the later stages on the
lines where body does not win, from the packed trees (segmenter.trees).

    python benchmarks/stages.py --corpus CORPUS_DIR [--pages 160] [--model MODEL_DIR]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from segmenter.context_trees import body_wins
from segmenter.corpus.build import read_corpus
from segmenter.lines import Line
from segmenter.segmenter import BATCH_PAGES, Segmenter, model_inputs


def seconds(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return round(time.perf_counter() - start, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a folder written by 'segmenter corpus build'")
    parser.add_argument("--pages", type=int, default=160)
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped one)")
    args = parser.parse_args()
    pages = []
    for page in read_corpus(args.corpus, ["test"]):
        pages.append([Line(line.text) for line in page.lines])
        if len(pages) >= args.pages:
            break
    segmenter = Segmenter.load(args.model)
    model = segmenter.context_model
    batches = [pages[start:start + BATCH_PAGES] for start in range(0, len(pages), BATCH_PAGES)]
    ids = [np.repeat(np.arange(len(batch)), [len(lines) for lines in batch]) for batch in batches]
    with threadpool_limits(limits=1):
        inputs = [model_inputs(segmenter.text_model, batch) for batch in batches]
        rows = [model.rows(X, page_ids) for X, page_ids in zip(inputs, ids)]
        later = [r[model._body(r) < body_wins(1.0)] for r in rows]
        report = {"pages": len(pages), "lines": int(sum(len(r) for r in rows)),
                  "lines_past_body_stage": int(sum(len(r) for r in later)),
                  "model_inputs": seconds(lambda: [model_inputs(segmenter.text_model, b) for b in batches]),
                  "windows": seconds(lambda: [model.rows(X, i) for X, i in zip(inputs, ids)])}
        report["body_stage"] = seconds(lambda: [model._body(r) for r in rows])
        report["later_stages"] = seconds(lambda: [model._below_body(r, np.zeros(len(r))) for r in later if len(r)])
        report["decide"] = seconds(lambda: [model.decide(X, i) for X, i in zip(inputs, ids)])
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
