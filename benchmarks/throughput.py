"""Throughput over a WARC file: segmenter beside trafilatura and resiliparse, on one core and on all.

Builds a gzip WARC file as Common Crawl writes them (one gzip member per record: a warcinfo record,
then a request and an HTTP 200 text/html response per page) from the HTML pages of the human-labelled
collections, all splits, taken from each collection in turn. On that file, in the same run and one run
at a time, it times `segmenter label --input-format warc --output-format jsonl --workers W` and the
peers' main-content extraction (benchmarks/throughput_peers.py, in the peers' own virtual environment:
comments off, main content only, as in benchmarks/peers.py) with W = 1 and W = all cores. Each run is
a fresh process tree, timed from start to exit (startup, model load and the writing of a gzip JSONL
output included), its memory sampled every 0.1 s as the sum of the resident sets of the process and
all its descendants. Every run must write exactly one line per response record.

The machine may be shared: each run waits until other processes leave it idle, and a run during which
they took more than 5% of its CPU anyway is made again (--attempts), the fastest kept; the share they
took is in the results.

    python benchmarks/throughput.py --corpora CORPORA_DIR

Writes benchmarks/throughput.json, docs/throughput.png, and prints a markdown table. The WARC file is
kept in --work (default /tmp/segmenter-throughput) and reused by later runs with the same --pages.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from fastwarc.warc import WarcRecord, WarcRecordType
from segmenter.corpus.readers import READERS
from segmenter.corpus.records import SourcePage

from compare import peers_python

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEGMENTER = "segmenter"
PEERS = ("trafilatura", "resiliparse")
TOOLS = (SEGMENTER, *PEERS)
# The task asks for at least 2,000 response records; 2,500 leaves room for pages a collection lacks.
DEFAULT_PAGES = 2500
# Often enough to catch a worker's peak between two batches, rarely enough to cost the run little.
POLL_SECONDS = 0.1
# Proportional set sizes every this many samples only: reading smaps_rollup costs about a millisecond
# a process, which every 0.1 s would take 5-10% of a core from the run being measured.
PSS_EVERY = 5
MEGABYTE = 1_000_000  # throughput and memory alike, in SI megabytes
KILOBYTE = 1024  # /proc reports kB meaning KiB
# Every page is stored as UTF-8 (the readers hand over decoded text) and its response says so.
CHARSET = "utf-8"
# Where a page has no URL of its own: a made-up one on a site per collection.
MADE_UP_HOST = "{collection}.example"
# segmenter's exit status when some records were not labelled (empty pages, say): a complete run still.
SEGMENTER_SOME_FAILED = 1
# A run during which other processes used more than this share of the machine's CPU is run again
# (the machine is shared; the system's own daemons take well under 5%).
NOISY_SHARE = 0.05
# Before each run, wait until other processes leave the machine this idle over a window of
# QUIET_WINDOW_SECONDS, for at most QUIET_WAIT_SECONDS (then run anyway, and say so).
QUIET_SHARE = 0.05
QUIET_WINDOW_SECONDS = 3.0
QUIET_WAIT_SECONDS = 900.0


class IncompleteOutput(Exception):
    """A run wrote a different number of lines than the WARC has response records."""


class RunFailed(Exception):
    """A run exited with an error."""


@dataclass(frozen=True)
class Warc:
    """The benchmark's WARC file and what is in it."""

    path: Path
    pages: int  # response records, one per page
    warc_bytes: int  # the gzip file's size
    html_bytes: int  # the pages' HTML, uncompressed
    collections: dict[str, int]


@dataclass(frozen=True)
class Run:
    """One timed run of one tool with a number of workers on the whole WARC."""

    tool: str
    workers: int
    records: int  # output lines, one per response record
    pages: int  # records with status ok
    statuses: dict[str, int]
    seconds: float  # wall time, start to exit
    cpu_seconds: float  # user + system time of the whole process tree
    peak_mb: float  # peak of the summed resident sets (VmRSS) of the process and its descendants
    peak_pss_mb: float  # the same for proportional set sizes: pages shared between processes counted once
    processes: int  # most processes seen in the tree at once
    others_cpu_share: float  # share of the machine's CPU time used by other processes meanwhile
    sampling_cpu_share: float  # share of one core this script took to sample the tree's memory
    attempts: int = 1  # runs made of this configuration, the fastest kept

    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    def mb_per_second(self, size: int) -> float:
        return size / MEGABYTE / self.seconds


# -- the WARC file ---------------------------------------------------------------------------------

def html_pages(corpora: Path) -> Iterator[SourcePage]:
    """The collections' HTML pages, one from each collection in turn, until all are used up."""
    readers = [READERS[name].read(corpora) for name in sorted(READERS)]
    while readers:
        for reader in list(readers):
            page = next((page for page in reader if page.html), None)
            if page is None:
                readers.remove(reader)
            else:
                yield page


def page_url(page: SourcePage) -> str:
    if urlsplit(page.url).scheme in ("http", "https"):
        return page.url
    return f"https://{MADE_UP_HOST.format(collection=page.collection)}/{uuid.uuid5(uuid.NAMESPACE_URL, page.id)}"


def warc_record(kind: WarcRecordType, urn: str, url: str, content_type: str, content: bytes,
                concurrent_to: str = "") -> bytes:
    """One WARC record, gzip-compressed as a member of its own."""
    record = WarcRecord()
    record.init_headers(record_type=kind, record_urn=urn.encode())
    if url:
        record.headers["WARC-Target-URI"] = url
    if concurrent_to:
        record.headers["WARC-Concurrent-To"] = f"<urn:{concurrent_to}>"
    record.headers["Content-Type"] = content_type
    record.set_bytes_content(content)
    buffer = io.BytesIO()
    record.write(buffer)
    return gzip.compress(buffer.getvalue(), mtime=0)


def warcinfo_record(pages: int) -> bytes:
    fields = (f"software: segmenter benchmarks/throughput.py\r\nformat: WARC File Format 1.1\r\n"
              f"description: {pages} HTML pages of the human-labelled collections\r\n")
    return warc_record(WarcRecordType.warcinfo, f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'warcinfo')}", "",
                       "application/warc-fields", fields.encode())


def page_records(page: SourcePage) -> tuple[bytes, bytes, int]:
    """A page's request and response records, and the size of its HTML."""
    url, body = page_url(page), (page.html or "").encode(CHARSET)
    parts = urlsplit(url)
    request_urn = f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'request ' + page.collection + '/' + page.id)}"
    response_urn = f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'response ' + page.collection + '/' + page.id)}"
    request = (f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1\r\n"
               f"Host: {parts.netloc}\r\nUser-Agent: segmenter-throughput\r\nAccept: text/html\r\n\r\n")
    head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={CHARSET}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return (warc_record(WarcRecordType.request, request_urn, url, "application/http; msgtype=request",
                        request.encode(), concurrent_to=response_urn),
            warc_record(WarcRecordType.response, response_urn, url, "application/http; msgtype=response",
                        head.encode("latin-1") + body),
            len(body))


def build_warc(corpora: Path, pages: int, work: Path) -> Warc:
    """The WARC file of `pages` pages in `work`: made once, read back from its summary after."""
    path, summary = work / f"pages-{pages}.warc.gz", work / f"pages-{pages}.json"
    if path.exists() and summary.exists():
        return Warc(path=path, **{k: v for k, v in json.loads(summary.read_text()).items() if k != "path"})
    work.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    taken, html_bytes, collections = 0, 0, Counter[str]()
    with partial.open("wb") as out:
        out.write(warcinfo_record(pages))
        for page in html_pages(corpora):
            request, response, size = page_records(page)
            out.write(request + response)
            taken, html_bytes = taken + 1, html_bytes + size
            collections[page.collection] += 1
            if taken == pages:
                break
    if taken < pages:
        raise SystemExit(f"throughput: the collections in {corpora} hold only {taken} HTML pages, not {pages}")
    partial.rename(path)
    warc = Warc(path, taken, path.stat().st_size, html_bytes, dict(collections.most_common()))
    summary.write_text(json.dumps({**asdict(warc), "path": str(path)}, indent=1) + "\n")
    return warc


# -- measuring a process tree ----------------------------------------------------------------------

def _children_files_work() -> bool:
    """Whether the kernel lists a task's children in /proc (CONFIG_PROC_CHILDREN); some do not."""
    return any(Path("/proc/self/task").glob("*/children"))


def _children(pid: int, parents: dict[int, int] | None) -> list[int]:
    if parents is not None:
        return [child for child, parent in parents.items() if parent == pid]
    found: list[int] = []
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in listing.read_text().split()]
    return found


def _parents() -> dict[int, int]:
    """Every process's parent, from /proc/PID/stat (the field after the command's closing bracket)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # a process that ended while being read
            continue
    return parents


def tree(pid: int, by_children_files: bool) -> list[int]:
    """The process and all its descendants."""
    parents = None if by_children_files else _parents()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            todo += _children(current, parents)
        except OSError:  # it ended meanwhile, and its children with it or reparented
            continue
    return found


def proc_kb(pid: int, file: str, field: str) -> int:
    """A memory figure of /proc/PID/FILE in kB; 0 for a process that has ended (or a zombie, without it)."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:  # ended meanwhile
        return 0
    return 0


def resident_kb(pid: int) -> int:
    return proc_kb(pid, "status", "VmRSS:")


def proportional_kb(pid: int) -> int:
    return proc_kb(pid, "smaps_rollup", "Pss:")


class TreeMemory(threading.Thread):
    """Samples the summed resident memory of a process tree until the process ends."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.by_children_files = _children_files_work()
        self.peak_kb = 0
        self.peak_pss_kb = 0
        self.processes = 0

    def run(self) -> None:
        samples = 0
        while self.process.poll() is None:
            pids = tree(self.process.pid, self.by_children_files)
            self.peak_kb = max(self.peak_kb, sum(map(resident_kb, pids)))
            if samples % PSS_EVERY == 0:
                self.peak_pss_kb = max(self.peak_pss_kb, sum(map(proportional_kb, pids)))
            self.processes = max(self.processes, len(pids))
            samples += 1
            time.sleep(POLL_SECONDS)


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (/proc/stat, all but idle and iowait)."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(who: int) -> float:
    """User + system seconds of this process (RUSAGE_SELF) or of its ended, waited-for descendants."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Timing:
    """What one run of a command cost, before its output is read."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    peak_pss_mb: float
    processes: int
    others_cpu_share: float
    sampling_cpu_share: float  # of one core, taken by this process's sampling of the tree's memory


def wait_for_quiet() -> None:
    """Wait until the machine is idle but for this process, for at most QUIET_WAIT_SECONDS."""
    cores, began = len(os.sched_getaffinity(0)), time.monotonic()
    while time.monotonic() - began < QUIET_WAIT_SECONDS:
        busy = machine_busy_seconds()
        time.sleep(QUIET_WINDOW_SECONDS)
        if (machine_busy_seconds() - busy) / (QUIET_WINDOW_SECONDS * cores) < QUIET_SHARE:
            return
    print(f"throughput: the machine was still busy after {QUIET_WAIT_SECONDS:.0f} s; running anyway",
          file=sys.stderr, flush=True)


def timed(command: Sequence[str], log: Path, ok_codes: frozenset[int]) -> Timing:
    """Wall time, CPU time and peak memory of one run of the command, and what others took meanwhile."""
    cores = len(os.sched_getaffinity(0))
    busy, cpu, own = machine_busy_seconds(), cpu_seconds(resource.RUSAGE_CHILDREN), cpu_seconds(resource.RUSAGE_SELF)
    with log.open("wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        memory = TreeMemory(process)
        memory.start()
        code = process.wait()
        seconds = time.perf_counter() - start
    memory.join()
    if code not in ok_codes:
        tail = log.read_text(errors="replace").strip()[-2000:]
        raise RunFailed(f"exit status {code} from {' '.join(command)}\n{tail}")
    used, sampling = cpu_seconds(resource.RUSAGE_CHILDREN) - cpu, cpu_seconds(resource.RUSAGE_SELF) - own
    others = max(0.0, (machine_busy_seconds() - busy - used - sampling) / (seconds * cores))
    return Timing(seconds, used, memory.peak_kb * KILOBYTE / MEGABYTE, memory.peak_pss_kb * KILOBYTE / MEGABYTE,
                  memory.processes, others, sampling / seconds)


def output_statuses(path: Path) -> Counter[str]:
    """The "status" of every line of a gzip JSONL output."""
    statuses: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            status = str(json.loads(line)["status"])
            statuses["error" if status.startswith("error") else status] += 1
    return statuses


def checked_statuses(out: Path, warc: Warc, command: Sequence[str]) -> Counter[str]:
    statuses = output_statuses(out)
    lines = sum(statuses.values())
    if lines != warc.pages:
        raise IncompleteOutput(f"{lines} output lines for {warc.pages} response records in {warc.path}: "
                               f"{'lost' if lines < warc.pages else 'extra'} {abs(lines - warc.pages)} "
                               f"(statuses {dict(statuses)}); command: {' '.join(command)}")
    return statuses


# -- the tools -------------------------------------------------------------------------------------

def segmenter_command(warc: Path, out: Path, workers: int, model: Path | None) -> list[str]:
    script = Path(sys.executable).parent / "segmenter"
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "segmenter"]
    command = [*launcher, "label", str(warc), "--input-format", "warc", "--output-format", "jsonl", "--quiet",
               "-o", str(out), "--workers", str(workers)]
    return command + (["--model", str(model)] if model else [])


def peer_command(python: Path, tool: str, warc: Path, out: Path, workers: int) -> list[str]:
    return [str(python), str(HERE / "throughput_peers.py"), "--tool", tool, "--workers", str(workers),
            "--warc", str(warc), "--out", str(out)]


def run_tool(tool: str, workers: int, warc: Warc, work: Path, model: Path | None, python: Path | None) -> Run:
    out = work / f"{tool}-{workers}.jsonl.gz"
    if tool == SEGMENTER:
        command, ok_codes = segmenter_command(warc.path, out, workers, model), frozenset({0, SEGMENTER_SOME_FAILED})
    else:
        assert python is not None, "the peers' python is found before any peer runs"
        command, ok_codes = peer_command(python, tool, warc.path, out, workers), frozenset({0})
    wait_for_quiet()
    print(f"throughput: {tool} --workers {workers} ...", file=sys.stderr, flush=True)
    timing = timed(command, work / f"{tool}-{workers}.stderr", ok_codes)
    statuses = checked_statuses(out, warc, command)
    run = Run(tool, workers, sum(statuses.values()), statuses.get("ok", 0), dict(statuses.most_common()),
              timing.seconds, timing.cpu_seconds, timing.peak_mb, timing.peak_pss_mb, timing.processes,
              timing.others_cpu_share, timing.sampling_cpu_share)
    print(f"throughput: {tool} --workers {workers}: {run.pages} ok pages in {run.seconds:.1f} s, "
          f"{run.pages_per_second():.1f} pages/s, peak {run.peak_mb:.0f} MB (PSS {run.peak_pss_mb:.0f} MB), "
          f"{run.processes} processes, other processes {run.others_cpu_share:.0%} of the CPU, "
          f"sampling {run.sampling_cpu_share:.1%} of a core"
          + (" (noisy)" if run.others_cpu_share > NOISY_SHARE else ""), file=sys.stderr, flush=True)
    return run


def measured(tool: str, workers: int, warc: Warc, work: Path, model: Path | None, python: Path | None,
             attempts: int) -> Run:
    """A configuration's run, made again while other processes took CPU from it; the fastest kept."""
    runs = [run_tool(tool, workers, warc, work, model, python)]
    while runs[-1].others_cpu_share > NOISY_SHARE and len(runs) < attempts:
        runs.append(run_tool(tool, workers, warc, work, model, python))
    return replace(min(runs, key=lambda run: run.seconds), attempts=len(runs))


# -- results ---------------------------------------------------------------------------------------

def speedups(runs: Sequence[Run], cores: int) -> dict[str, dict[str, float]]:
    """Per tool: how many times faster all cores are than one worker, and what each extra worker adds
    as a share of one worker's speed (0.85: the second worker adds 85%)."""
    found: dict[str, dict[str, float]] = {}
    for tool in dict.fromkeys(run.tool for run in runs):
        one = next((run for run in runs if run.tool == tool and run.workers == 1), None)
        many = next((run for run in runs if run.tool == tool and run.workers == cores), None)
        if one and many and cores > 1:
            times = many.pages_per_second() / one.pages_per_second()
            found[tool] = {"workers": cores, "times": round(times, 3),
                           "added_per_extra_worker": round((times - 1) / (cores - 1), 3)}
    return found


def run_json(run: Run, warc: Warc) -> dict[str, object]:
    return {**asdict(run), "seconds": round(run.seconds, 2), "cpu_seconds": round(run.cpu_seconds, 2),
            "peak_mb": round(run.peak_mb, 1), "peak_pss_mb": round(run.peak_pss_mb, 1), "others_cpu_share": round(run.others_cpu_share, 3),
            "sampling_cpu_share": round(run.sampling_cpu_share, 4),
            "pages_per_second": round(run.pages_per_second(), 2),
            "html_mb_per_second": round(run.mb_per_second(warc.html_bytes), 3),
            "warc_mb_per_second": round(run.mb_per_second(warc.warc_bytes), 3)}


def machine(python: Path | None) -> dict[str, object]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores": len(os.sched_getaffinity(0)), "cpu": cpu, "system": platform.platform(),
            "python": platform.python_version(), "peers_python": peer_versions(python).get("python") if python else None}


def peer_versions(python: Path) -> dict[str, str | None]:
    listed = subprocess.run([str(python), str(HERE / "throughput_peers.py"), "--versions"], check=True,
                            capture_output=True, text=True)
    return json.loads(listed.stdout)


def versions(python: Path | None, tools: Sequence[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {SEGMENTER: metadata.version("segmenter"), "fastwarc": metadata.version("fastwarc")}
    if python:
        peers = peer_versions(python)
        found.update({tool: peers.get(tool) for tool in tools if tool in PEERS})
        found["peers_fastwarc"] = peers.get("fastwarc")
    return found


def markdown_table(runs: Sequence[Run], warc: Warc, cores: int) -> str:
    added = {tool: figures["added_per_extra_worker"] for tool, figures in speedups(runs, cores).items()}
    rows = ["| Tool | Workers | Pages ok | Seconds | Pages/s | HTML MB/s | WARC MB/s (gzip) | Peak RSS (MB) "
            "| Peak PSS (MB) | Each extra worker adds |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for run in runs:
        gain = f"{added[run.tool]:.0%}" if run.workers > 1 and run.tool in added else ""
        rows.append(f"| {run.tool} | {run.workers} | {run.pages:,} | {run.seconds:.1f} | "
                    f"{run.pages_per_second():.1f} | {run.mb_per_second(warc.html_bytes):.2f} | "
                    f"{run.mb_per_second(warc.warc_bytes):.2f} | {run.peak_mb:.0f} | {run.peak_pss_mb:.0f} | {gain} |")
    return "\n".join(rows)


def plot(runs: Sequence[Run], cores: int, warc: Warc, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tools = list(dict.fromkeys(run.tool for run in runs))
    counts = sorted({run.workers for run in runs})
    width = 0.8 / len(counts)
    figure, axes = plt.subplots(figsize=(7, 4))
    for index, workers in enumerate(counts):
        speeds = [next((run.pages_per_second() for run in runs if run.tool == tool and run.workers == workers), 0.0)
                  for tool in tools]
        positions = [position + (index - (len(counts) - 1) / 2) * width for position in range(len(tools))]
        bars = axes.bar(positions, speeds, width, label=f"{workers} worker{'s' if workers > 1 else ''}")
        axes.bar_label(bars, fmt="%.0f", padding=2, fontsize=8)
    axes.set_xticks(range(len(tools)), tools)
    axes.set_ylabel("HTML pages per second")
    axes.set_title(f"Throughput on a WARC of {warc.pages:,} pages ({cores} cores)")
    axes.legend()
    axes.margins(y=0.15)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, required=True, help="the unpacked collections")
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES, help=f"pages in the WARC (default: {DEFAULT_PAGES})")
    parser.add_argument("--work", type=Path, default=Path("/tmp/segmenter-throughput"),
                        help="where the WARC and the outputs go; the WARC is reused")
    parser.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS), help="default: all three")
    parser.add_argument("--peers-venv", type=Path, default=HERE / ".peers-venv",
                        help="the peers' virtual environment, made from peers-requirements.txt if missing")
    parser.add_argument("--model", type=Path, default=None, help="segmenter model (default: the shipped one)")
    parser.add_argument("--attempts", type=int, default=3,
                        help="runs of a configuration at most: one is made again while other processes take "
                             f"more than {NOISY_SHARE:.0%}% of the CPU; the fastest is reported (default: 3)")
    parser.add_argument("--results", type=Path, default=HERE / "throughput.json", help="the figures, as JSON")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "throughput.png", help="the bar chart")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.attempts < 1:
        parser.error("--pages and --attempts must be at least 1")
    cores = len(os.sched_getaffinity(0))
    warc = build_warc(args.corpora, args.pages, args.work)
    print(f"throughput: {warc.path}: {warc.pages:,} pages, {warc.warc_bytes / MEGABYTE:.1f} MB gzip, "
          f"{warc.html_bytes / MEGABYTE:.1f} MB of HTML", file=sys.stderr)
    python = peers_python(args.peers_venv) if any(tool in PEERS for tool in args.tools) else None
    worker_counts = sorted({1, cores})
    runs = [measured(tool, workers, warc, args.work, args.model, python, args.attempts)
            for tool in args.tools for workers in worker_counts]
    results = {
        "command": "python benchmarks/throughput.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(python), "versions": versions(python, args.tools),
        "warc": {"pages": warc.pages, "records": 2 * warc.pages + 1, "warc_mb": round(warc.warc_bytes / MEGABYTE, 2),
                 "html_mb": round(warc.html_bytes / MEGABYTE, 2), "collections": warc.collections},
        "units": {"mb": "10^6 bytes", "pages": "response records labelled or extracted with status ok",
                  "html_mb_per_second": "uncompressed HTML bytes", "warc_mb_per_second": "the gzip WARC file's bytes",
                  "peak_mb": "summed VmRSS of the process and its descendants, sampled every 0.1 s",
                  "peak_pss_mb": "the same with Pss (smaps_rollup), sampled every 0.5 s: shared memory counted once",
                  "others_cpu_share": "share of the machine's CPU time other processes used during the run",
                  "seconds": "wall time from process start to exit, startup included"},
        "runs": [run_json(run, warc) for run in runs], "speedup": speedups(runs, cores),
    }
    args.results.write_text(json.dumps(results, indent=1) + "\n")
    plot(runs, cores, warc, args.plot)
    print(markdown_table(runs, warc, cores))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (IncompleteOutput, RunFailed) as error:
        sys.exit(f"throughput: {error}")
