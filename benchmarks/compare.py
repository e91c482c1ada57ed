"""segmenter beside trafilatura, readability-lxml, resiliparse, jusText, boilerpy3 and goose3.

On the test pages (split by site, as in training) of nine human-labelled collections, every tool
extracts the main text of the same HTML pages in the same run, one process at a time, and one
scorer (segmenter.text_scores) judges them all: bag-of-tokens precision/recall/F1 against the
ground truth's main text, and on trafilatura-eval (which has snippets, not whole texts) the share
of must-have snippets found and of must-not snippets kept out. Peers run in their own virtual
environment (benchmarks/peers-requirements.txt, made on first use) through benchmarks/peers.py.

    python benchmarks/compare.py --corpora CORPORA_DIR            # the whole benchmark
    python benchmarks/compare.py --corpora CORPORA_DIR --limit 20 --tools trafilatura   # a quick look

Writes benchmarks/results.json, the tables in docs/BENCHMARK.md (between its result markers)
and docs/benchmark.png.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import venv
from importlib import metadata
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from segmenter.corpus.build import GOLD_PAGES, held_out_sites
from segmenter.corpus.readers import READERS
from segmenter.corpus.records import SourcePage
from segmenter.corpus.splits import site, split_of
from segmenter.extraction import extract, kept_text
from segmenter.labels import Label
from segmenter.langid import UNKNOWN, LanguageIdentifier
from segmenter.lines import Line, html_lines
from segmenter.segmenter import BATCH_PAGES, EMPTY_PAGE_BODY_WEIGHT, LabelledLine, Segmenter
from segmenter.text_scores import SnippetCounts, TokenScore
from segmenter.tokens import tokens
from segmenter.transitions import TRANSITION_WEIGHT

from report import SEGMENTER, PageScore, markdown_tables, summarise, write_report

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COLLECTIONS = ("dragnet", "cleaneval", "scrapinghub-aeb", "l3s-gn1", "wcxb", "fundus", "magic-html-bench",
               "mozilla-readability", "trafilatura-eval")
PEERS = ("trafilatura", "readability", "resiliparse", "justext", "boilerpy3", "goose3")
# Ground truths shorter than this many characters say too little to score a page against.
MIN_TRUTH_CHARACTERS = 50


@dataclass(frozen=True)
class BenchPage:
    """A test page, its ground truth, and what the benchmark knows of it."""

    id: str
    collection: str
    url: str
    lang: str
    page_type: str
    html: str
    main_text: str  # "" where the collection gives snippets only
    comments_text: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]
    replies_in_main_text: bool


def split_pages(corpora: Path, collections: Sequence[str], limit: int | None, split: str = "test") -> Iterator[BenchPage]:
    """The pages of each collection in one split by site: the test split, which training never saw,
    or the dev split, to tune on."""
    held_out = held_out_sites(GOLD_PAGES)
    identifier = LanguageIdentifier()
    for name in collections:
        taken = 0
        for page in READERS[name].read(corpora):
            site_name = site(page.url, page.id)
            page_split = "test" if site_name in held_out else split_of(site_name, page.own_split)
            if page_split != split or not page.html or not _scorable(page):
                continue
            truth = page.truth.main_text or " ".join(page.truth.with_snippets)
            yield BenchPage(f"{name}/{page.id}", name, page.url, identifier.identify(truth)[0], page.page_type,
                            page.html, page.truth.main_text or "", page.truth.comments_text or "",
                            page.truth.with_snippets, page.truth.without_snippets, page.truth.replies_in_main_text)
            taken += 1
            if limit is not None and taken >= limit:
                break


def _scorable(page: SourcePage) -> bool:
    return len((page.truth.main_text or "").strip()) >= MIN_TRUTH_CHARACTERS or bool(page.truth.with_snippets)


@dataclass(frozen=True)
class Output:
    """One tool's text for one page."""

    id: str
    text: str
    comments: str
    seconds: float
    error: str = ""


def run_segmenter(pages: Sequence[BenchPage], model: Path | None, body_weight: float = 1.0,
                  transition_weight: float = TRANSITION_WEIGHT,
                  empty_page_body_weight: float = EMPTY_PAGE_BODY_WEIGHT) -> list[Output]:
    """segmenter as `segmenter extract` runs it: pages parsed and labelled a batch at a time, on one
    thread like every peer. A batch's time is shared among its pages by their size."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # the trees' OpenMP threads: the peers each run on one thread
    segmenter = Segmenter.load(model, body_weight, transition_weight, empty_page_body_weight)
    segmenter.label_html("<p>warm-up</p>")
    outputs: list[Output] = []
    for start in range(0, len(pages), BATCH_PAGES):
        batch = pages[start:start + BATCH_PAGES]
        began = time.perf_counter()
        lines = [html_lines(page.html) for page in batch]
        labelled = segmenter.label_pages(lines)
        texts = [_texts(page, page_lines, labels) for page, page_lines, labels in zip(batch, lines, labelled)]
        seconds = time.perf_counter() - began
        size = sum(len(page.html) for page in batch) or 1
        for page, (body, comments) in zip(batch, texts):
            outputs.append(Output(page.id, body, comments, seconds * len(page.html) / size))
    return outputs


def _texts(page: BenchPage, lines: Sequence[Line], labels: Sequence[LabelledLine]) -> tuple[str, str]:
    """The page's body text and comments text; where the ground truth counts forum replies as
    content, the body text holds the comments too."""
    extraction = extract(lines, labels)
    if page.replies_in_main_text:
        return kept_text(lines, labels, {Label.BODY, Label.COMMENTS}), extraction.comments
    return extraction.body, extraction.comments


def run_peer(tool: str, pages_file: Path, out: Path, python: Path) -> list[Output]:
    subprocess.run([str(python), str(HERE / "peers.py"), "--tool", tool, "--pages", str(pages_file),
                    "--out", str(out)], check=True)
    with out.open(encoding="utf-8") as handle:
        return usable(tool, [Output(row["id"], row["text"], "", row["seconds"], row["error"])
                             for row in map(json.loads, handle)])


def usable(tool: str, outputs: list[Output]) -> list[Output]:
    """The tool's outputs, or SystemExit when it failed on every page: a tool that did not run (not
    installed in the peers' environment, say) would otherwise enter the report with 0 everywhere."""
    if outputs and all(output.error for output in outputs):
        raise SystemExit(f"compare: {tool} failed on every page ({outputs[0].error}); no report written. "
                         "Is it installed in the peers' environment (--peers-venv)?")
    return outputs


def peer_versions(python: Path) -> dict[str, str]:
    listed = subprocess.run([str(python), str(HERE / "peers.py"), "--list"], check=True, capture_output=True, text=True)
    return json.loads(listed.stdout)


def peers_python(venv_dir: Path) -> Path:
    """The peers' interpreter, their environment made and filled on first use."""
    python = venv_dir / "bin" / "python"
    if not python.exists():
        print(f"compare: installing the peers into {venv_dir}", file=sys.stderr)
        venv.create(venv_dir, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(HERE / "peers-requirements.txt")],
                       check=True)
    return python


def score(tool: str, page: BenchPage, output: Output) -> PageScore:
    token = TokenScore.of(output.text, page.main_text) if page.main_text.strip() else None
    snippets = SnippetCounts.of(output.text, page.with_snippets, page.without_snippets) \
        if page.with_snippets else None
    comments = TokenScore.of(output.comments, page.comments_text).f1 \
        if tool == SEGMENTER and tokens(page.comments_text) else None
    return PageScore(tool, page.id, page.collection, page.lang, page.page_type,
                     token and token.precision, token and token.recall, token and token.f1,
                     snippets, comments, output.seconds, output.error)


def _write_pages(pages: Sequence[BenchPage], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for page in pages:
            row = {"id": page.id, "url": page.url, "lang": "" if page.lang == UNKNOWN else page.lang,
                   "html": page.html}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, required=True, help="the unpacked collections")
    parser.add_argument("--model", type=Path, default=None, help="segmenter model (default: the shipped one)")
    parser.add_argument("--body-weight", type=float, default=1.0,
                        help="segmenter's weight of body, as 'segmenter extract --body-weight' (default: 1)")
    parser.add_argument("--transition-weight", type=float, default=TRANSITION_WEIGHT,
                        help="segmenter's weight of the steps between labels, as 'segmenter extract "
                             f"--transition-weight' (default: {TRANSITION_WEIGHT:g})")
    parser.add_argument("--empty-page-body-weight", type=float, default=EMPTY_PAGE_BODY_WEIGHT,
                        help="segmenter's weight of body on pages it leaves without body, as 'segmenter extract "
                             f"--empty-page-body-weight' (default: {EMPTY_PAGE_BODY_WEIGHT:g}; 1: none)")
    parser.add_argument("--tools", default=",".join(PEERS), help="peers to run, comma-separated")
    parser.add_argument("--collections", default=",".join(COLLECTIONS))
    parser.add_argument("--split", default="test", choices=["test", "dev"],
                        help="the pages to run on: test (reported) or dev (to tune on)")
    parser.add_argument("--limit", type=int, default=None, help="test pages per collection, for a quick run")
    parser.add_argument("--work", type=Path, default=Path("/tmp/segmenter-benchmark"),
                        help="where pages and raw outputs go")
    parser.add_argument("--peers-venv", type=Path, default=HERE / ".peers-venv")
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "BENCHMARK.md")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "benchmark.png")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    pages = list(split_pages(args.corpora, args.collections.split(","), args.limit, args.split))
    pages_file = args.work / "pages.jsonl"
    _write_pages(pages, pages_file)
    print(f"compare: {len(pages)} {args.split} pages", file=sys.stderr)
    outputs = {SEGMENTER: run_segmenter(pages, args.model, args.body_weight, args.transition_weight,
                                        args.empty_page_body_weight)}
    python = peers_python(args.peers_venv) if args.tools else None
    for tool in filter(None, args.tools.split(",")):
        outputs[tool] = run_peer(tool, pages_file, args.work / f"{tool}.jsonl", python)
    scores = [score(tool, page, out) for tool, outs in outputs.items() for page, out in zip(pages, outs)]
    results = summarise(scores, list(outputs))
    results["versions"] = {SEGMENTER: metadata.version("segmenter"), **(peer_versions(python) if python else {})}
    results["command"] = "python benchmarks/compare.py " + " ".join(argv if argv is not None else sys.argv[1:])
    args.results.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    with (args.work / "page_scores.jsonl").open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(asdict(item), ensure_ascii=False) + "\n" for item in scores)
    write_report(results, args.report, args.plot)
    print(markdown_tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
