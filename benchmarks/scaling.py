"""Cost against page size: `segmenter label` on one HTML page of 10 KB, 100 KB, 1 MB and 10 MB, and on
a 50 MB page, with the limits off (to show the cost) and with the defaults (which refuse the two largest).

Each page repeats the paragraphs, lists and links of the example page (data/examples) up to its size.
Each run is its own process (one thread), the model loaded before the clock starts: seconds to read,
parse and label the page, seconds per MB, and the process's peak memory (the model's ~150 MB included).

    python benchmarks/scaling.py            # prints a markdown table, writes benchmarks/scaling.json
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "data" / "examples" / "english_article_bengali_site.html"
SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
HUGE = 50_000_000
MB = 1_000_000


@dataclass(frozen=True)
class Run:
    page_bytes: int
    limits: str
    status: str
    seconds: float
    seconds_per_mb: float
    peak_mb: float
    lines: int


def page_of(size: int) -> bytes:
    """The example page's body repeated to `size` bytes, inside one document."""
    html = EXAMPLE.read_text(encoding="utf-8")
    start, end = html.index("<body"), html.rindex("</body>")
    body = html[html.index(">", start) + 1:end]
    head = html[:html.index(">", start) + 1]
    copies = max(1, (size - len(head)) // len(body.encode("utf-8")))
    return (head + body * copies + "</body></html>").encode("utf-8")


def run(path: Path, limits_off: bool) -> Run:
    """Label one page with a loaded model: the seconds of reading, parsing, features and models (the
    model's loading aside), and the peak memory of this process (a fresh interpreter per run)."""
    from threadpoolctl import threadpool_limits

    from segmenter.batch import Job, Labeller, Rendered
    from segmenter.inputs import read_pages
    from segmenter.limits import Limits
    from segmenter.outputs import Output
    from segmenter.sources import InputKind, RawPage

    limits = Limits(0, 0, 0, 0) if limits_off else Limits()
    labeller = Labeller(Job(None, Output(), limits=limits))
    labeller([RawPage(EXAMPLE.read_bytes(), InputKind.HTML)])  # warm up: lazy imports, first calls
    with threadpool_limits(1):
        start = time.perf_counter()
        outcomes = [labeller([record])[0] for record in read_pages([str(path)], max_page_bytes=limits.max_page_bytes)]
        seconds = time.perf_counter() - start
    outcome = outcomes[0]
    assert len(outcomes) == 1 and isinstance(outcome, Rendered)
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    size = path.stat().st_size
    status = outcome.status.value + (f" ({outcome.reason})" if outcome.reason else "")
    return Run(size, "off" if limits_off else "default", status, round(seconds, 2),
               round(seconds / (size / MB), 2), peak, outcome.text.count("\n"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/segmenter-scaling"))
    parser.add_argument("--results", type=Path, default=HERE / "scaling.json")
    parser.add_argument("--one", nargs=2, metavar=("PAGE", "LIMITS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:  # a single run, in its own interpreter so that its children's peak is its own
        print(json.dumps(asdict(run(Path(args.one[0]), args.one[1] == "off"))))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    runs = []
    for size, limits in [*((size, "off") for size in SIZES), (SIZES[-1], "default"), (HUGE, "default"),
                         (HUGE, "off")]:
        path = args.work / f"page-{size}.html"
        if not path.exists():
            path.write_bytes(page_of(size))
        done = subprocess.run([sys.executable, __file__, "--one", str(path), limits], capture_output=True,
                              text=True, check=True)
        runs.append(json.loads(done.stdout))
        print(runs[-1], file=sys.stderr)
    args.results.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
    print("| page | limits | status | lines | seconds | seconds per MB | peak memory (MB) |\n|---|---|---|---|---|---|---|")
    for item in runs:
        print(f"| {item['page_bytes'] / MB:g} MB | {item['limits']} | {item['status']} | {item['lines']:,} | "
              f"{item['seconds']} | {item['seconds_per_mb']} | {item['peak_mb']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
