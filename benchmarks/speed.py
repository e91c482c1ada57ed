"""How fast `segmenter label` labels text pages on one core, and its peak memory.

Writes the test split's pages as text pages ({"id", "text"} JSONL, the lines a WET record
gives), then runs the real command on them pinned to one CPU with one thread, the model
loaded once. Startup (imports, model load) is measured on an empty input and reported apart.

    python benchmarks/speed.py --corpus CORPUS_DIR [--pages 2000] [--model MODEL_DIR] [--json OUT]
    python benchmarks/speed.py --corpus CORPUS_DIR --pages 300 --write-pages pages.jsonl   # to profile
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from segmenter.corpus.build import read_corpus

# One core: every library that could start threads is told to use one.
SINGLE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def write_pages(corpus: Path, split: str, limit: int, out: Path) -> tuple[int, int]:
    pages = lines = 0
    with out.open("w", encoding="utf-8") as handle:
        for page in read_corpus(corpus, [split]):
            text = "\n".join(line.text for line in page.lines)
            handle.write(json.dumps({"id": page.id, "text": text}, ensure_ascii=False) + "\n")
            pages += 1
            lines += len(page.lines)
            if pages >= limit:
                break
    return pages, lines


def timed_run(pages_file: Path, model: Path | None) -> tuple[float, int]:
    """Wall seconds and peak resident kilobytes of one `segmenter label` run on one CPU."""
    command = [sys.executable, "-m", "segmenter", "label", "--input-format", "jsonl",
               "--output-format", "jsonl", str(pages_file)]
    if model:
        command += ["--model", str(model)]
    pin = (lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if hasattr(os, "sched_setaffinity") else None
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **SINGLE_THREAD}, preexec_fn=pin, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"segmenter label failed ({result.returncode}): {result.stderr.strip()[:500]}")
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a folder written by 'segmenter corpus build'")
    parser.add_argument("--split", default="test")
    parser.add_argument("--pages", type=int, default=2000, help="pages to label (default: 2000)")
    parser.add_argument("--model", type=Path, help="default: the shipped model")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--write-pages", type=Path, help="only write the pages (JSONL) here, and stop")
    args = parser.parse_args()
    if args.write_pages:
        write_pages(args.corpus, args.split, args.pages, args.write_pages)
        return
    with tempfile.TemporaryDirectory() as tmp:
        pages_file, empty = Path(tmp) / "pages.jsonl", Path(tmp) / "empty.jsonl"
        pages, lines = write_pages(args.corpus, args.split, args.pages, pages_file)
        empty.write_text("")
        startup, _ = timed_run(empty, args.model)
        total, peak_kb = timed_run(pages_file, args.model)
    labelling = total - startup
    figures = {"pages": pages, "lines": lines, "seconds_total": round(total, 2),
               "seconds_startup": round(startup, 2), "pages_per_second": round(pages / labelling, 1),
               "pages_per_second_with_startup": round(pages / total, 1),
               "lines_per_second": round(lines / labelling), "peak_memory_mb": round(peak_kb / 1024)}
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
