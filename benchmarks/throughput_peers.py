"""Run one peer extractor over every HTML response of a WARC file, on one process or a pool, for
benchmarks/throughput.py, which times the run and samples its memory from outside.

It runs in the peers' own virtual environment (benchmarks/peers-requirements.txt), so it imports only
the standard library, FastWARC and the peers, never segmenter; the extraction calls, and so the
tools' options (comments off, main content only), are benchmarks/peers.py's own. The parent reads
the records with FastWARC and sends each page's bytes and declared charset to the workers, which
decode them the same way for every tool and extract the main text:

    PEERS_VENV/bin/python benchmarks/throughput_peers.py --tool trafilatura --workers 2 \\
        --warc pages.warc.gz --out out.jsonl.gz
    PEERS_VENV/bin/python benchmarks/throughput_peers.py --versions     # installed versions, as JSON

Output: gzip JSONL, one row per response record in WARC order, {"id", "url", "status", "text"}, the
status "ok" or "error: <one-line reason>" (a failing page never stops the run), as `segmenter label`
writes one line with a "status" per record.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import IO

from peers import TOOLS, Extractor, one_line, quiet
from peers import versions as peer_versions

# The peers timed here; each is one of peers.py's extractors.
PEERS = ("trafilatura", "resiliparse")
DISTRIBUTIONS = {"trafilatura": "trafilatura", "resiliparse": "Resiliparse", "fastwarc": "FastWARC"}
# Pages sent to a worker at once: enough to make the cost of pickling a task small beside the
# extraction, few enough that each worker's share stays even to the end.
CHUNK_PAGES = 16
# Chunks queued per worker, as segmenter's batch.py does: no worker waits for the reader, and at
# most this many chunks per worker are held in memory (Pool.imap would read the whole WARC ahead).
CHUNKS_IN_FLIGHT_PER_WORKER = 2
# What a page is decoded with when its response declares no charset, or one Python does not know.
FALLBACK_CHARSET = "utf-8"


@dataclass(frozen=True)
class WarcPage:
    """One HTML response as the parent reads it: the bytes, never decoded there."""

    id: str
    url: str
    data: bytes
    charset: str | None


def warc_pages(path: Path) -> Iterator[WarcPage]:
    """The WARC's response records in order (requests and warcinfo hold no page)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True):
            yield WarcPage(record.record_id, record.headers.get("WARC-Target-URI", ""), record.reader.read(),
                           record.http_charset)


def decoded(page: WarcPage) -> str:
    """The page's text: its declared charset, else UTF-8; bytes neither can read become U+FFFD."""
    try:
        return page.data.decode(page.charset or FALLBACK_CHARSET, errors="replace")
    except LookupError:  # a charset name Python has no codec for
        return page.data.decode(FALLBACK_CHARSET, errors="replace")


def extract_chunk(tool: str, chunk: list[WarcPage]) -> list[dict[str, str]]:
    """The output rows of a chunk of pages."""
    extractor = TOOLS[tool]
    return [extract_row(extractor, page) for page in chunk]


def extract_row(extractor: Extractor, page: WarcPage) -> dict[str, str]:
    text, status = "", "ok"
    try:
        text = extractor(decoded(page), page.url, "")
    except Exception as error:  # a page the tool fails on is recorded, never stops the run
        status = f"error: {one_line(error)}"
    return {"id": page.id, "url": page.url, "status": status, "text": text or ""}


def chunks(pages: Iterator[WarcPage]) -> Iterator[list[WarcPage]]:
    chunk: list[WarcPage] = []
    for page in pages:
        chunk.append(page)
        if len(chunk) == CHUNK_PAGES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def rows(tool: str, warc: Path, workers: int) -> Iterator[dict[str, str]]:
    """Every response's row, in WARC order: here on one process, or on a pool of `workers`."""
    if workers <= 1:
        for chunk in chunks(warc_pages(warc)):
            yield from extract_chunk(tool, chunk)
        return
    with Pool(workers) as pool:
        pending: deque[AsyncResult[list[dict[str, str]]]] = deque()
        for chunk in chunks(warc_pages(warc)):
            pending.append(pool.apply_async(extract_chunk, (tool, chunk)))
            if len(pending) >= workers * CHUNKS_IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def run(tool: str, warc: Path, workers: int, out: Path) -> None:
    count = failed = 0
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        for row in rows(tool, warc, workers):
            write_row(handle, row)
            count += 1
            failed += row["status"] != "ok"
    print(f"throughput_peers.py {tool} --workers {workers}: {count} pages, {failed} failed", file=sys.stderr)


def write_row(handle: IO[str], row: dict[str, str]) -> None:
    handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def versions() -> dict[str, str | None]:
    return {"python": sys.version.split()[0], **peer_versions(DISTRIBUTIONS)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", choices=PEERS, help="the one peer to run")
    parser.add_argument("--warc", type=Path, help="a WARC file (gzip or not) of HTML responses")
    parser.add_argument("--workers", type=int, default=1, help="processes extracting (default: 1, this one)")
    parser.add_argument("--out", type=Path, help='gzip JSONL written: {"id", "url", "status", "text"} per page')
    parser.add_argument("--versions", action="store_true", help="print Python's and the tools' versions as JSON")
    args = parser.parse_args()
    if args.versions:
        print(json.dumps(versions()))
        return
    if not (args.tool and args.warc and args.out):
        parser.error("--tool, --warc and --out are required (or --versions)")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    quiet()  # also keeps the tools' warnings off stderr; forked workers inherit it
    multiprocessing.set_start_method("fork")  # workers import the tool themselves, on first use
    run(args.tool, args.warc, args.workers, args.out)


if __name__ == "__main__":
    main()
