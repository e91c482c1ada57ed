"""What site memory adds: labelled pages whose host has other pages in the corpus, scored with and without.

The corpus splits by site, so a host's pages are all in one split. For the pages of the chosen
splits whose host has at least one other page there (mixed-language pages aside), the site memory
counts each host's lines over those pages, as `segmenter label --site-memory` counts a crawl's; then
each model scores the pages with the counts (when it was trained with them) and without.

    python benchmarks/site_memory.py --corpus CORPUS_DIR --model MODEL_TRAINED_WITH_SITE_MEMORY

Prints a markdown table and writes benchmarks/site_memory.json.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from segmenter.corpus.build import read_corpus
from segmenter.corpus.records import LabelledPage
from segmenter.evaluate import Report, evaluate
from segmenter.segmenter import Segmenter
from segmenter.site_memory import SiteMemory, host_of

HERE = Path(__file__).resolve().parent


def shared_host_pages(corpus: Path, splits: Sequence[str]) -> list[LabelledPage]:
    """The pages of the splits whose host has another page among them."""
    pages = [page for page in read_corpus(corpus, list(splits)) if not page.mixed_from and host_of(page.url)]
    hosts = Counter(host_of(page.url) for page in pages)
    return [page for page in pages if hosts[host_of(page.url)] > 1]


def row(name: str, report: Report) -> dict[str, float | int | str]:
    out: dict[str, float | int | str] = {"run": name}
    for kind, scores in report.overall.items():
        out[f"{kind}_body_f1"] = round(scores.body_f1(), 3)
        out[f"{kind}_macro_f1"] = round(scores.macro_f1(), 3)
        out[f"{kind}_lines"] = scores.lines
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="a folder written by 'segmenter corpus build'")
    parser.add_argument("--model", type=Path, required=True, help="a model trained with --site-memory")
    parser.add_argument("--baseline", type=Path, default=None, help="a model without (default: the shipped one)")
    parser.add_argument("--splits", nargs="+", default=["test", "dev"])
    parser.add_argument("--results", type=Path, default=HERE / "site_memory.json")
    args = parser.parse_args(argv)
    pages = shared_host_pages(args.corpus, args.splits)
    memory = SiteMemory.of((page.url, [line.line for line in page.lines]) for page in pages)
    baseline, model = Segmenter.load(args.baseline), Segmenter.load(args.model)
    rows = [row(f"baseline ({args.baseline or 'the shipped model'})", evaluate(baseline, pages)),
            row("site model, no site memory", evaluate(model, pages)),
            row("site model, site memory", evaluate(model, pages, memory))]
    summary = {"splits": args.splits, "pages": len(pages), "hosts": len({host_of(p.url) for p in pages}), "rows": rows}
    args.results.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"{len(pages)} pages on {summary['hosts']} hosts ({', '.join(args.splits)})\n")
    print("| run | text body F1 | text macro-F1 | HTML body F1 | HTML macro-F1 |\n|---|---|---|---|---|")
    for item in rows:
        print(f"| {item['run']} | {item.get('text_body_f1')} | {item.get('text_macro_f1')} | "
              f"{item.get('html_body_f1')} | {item.get('html_macro_f1')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
