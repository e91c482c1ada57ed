"""The `segmenter` command: argparse subcommands whose flags map one-to-one to parameters."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from segmenter.corpus.build import GOLD_PAGES
from segmenter.corpus.readers import READERS


def _corpus_build(args: argparse.Namespace) -> int:
    from segmenter.corpus.build import BuildOptions, build

    options = BuildOptions(
        corpora=args.corpora, out=args.out, collections=tuple(args.collections or READERS),
        workers=args.workers, mixed_share=args.mixed_share, limit=args.limit,
        progress=not args.quiet and sys.stderr.isatty(), hold_out=args.hold_out,
    )
    summary = build(options)
    pages = sum(row["pages"] for row in summary["rows"])
    print(f"wrote {pages} pages to {args.out}", file=sys.stderr)
    for failure in summary["failures"]:
        print(f"failed: {failure['id']}: {failure['reason']}", file=sys.stderr)
    return 0


def _corpus_card(args: argparse.Namespace) -> int:
    from segmenter.corpus.card import render_card

    stats = json.loads((args.corpus / "stats.json").read_text(encoding="utf-8"))
    text = render_card(stats, audits=args.audit or (), gold=args.gold, corpus=args.corpus)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="segmenter", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    corpus = commands.add_parser("corpus", help="build and describe the labelled-line corpus")
    corpus_commands = corpus.add_subparsers(dest="corpus_command", required=True)

    build = corpus_commands.add_parser("build", help="weak-label the collections into JSONL splits")
    build.add_argument("--corpora", type=Path, required=True, help="folder of unpacked collections")
    build.add_argument("--out", type=Path, required=True, help="folder to write the corpus to")
    build.add_argument("--collections", nargs="*", choices=list(READERS), help="default: all")
    build.add_argument("--workers", type=int, default=2, help="processes (default: 2)")
    build.add_argument("--mixed-share", type=float, default=0.15,
                       help="mixed-language pages added to train, as a share of it (default: 0.15)")
    build.add_argument("--limit", type=int, help="at most this many pages per collection")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("--hold-out", type=Path, default=GOLD_PAGES,
                       help="labelled pages (JSONL) whose sites go to the test split "
                            "(default: the hand-labelled pages in data/)")
    build.set_defaults(run=_corpus_build)

    card = corpus_commands.add_parser("card", help="write the data card from a built corpus")
    card.add_argument("--corpus", type=Path, required=True, help="a folder written by corpus build")
    card.add_argument("--audit", type=Path, nargs="*",
                      help="audited weak labels (JSONL), one file per audit round, oldest first")
    card.add_argument("--gold", type=Path, help="hand-labelled whole pages (JSONL)")
    card.add_argument("--out", type=Path, help="file to write (default: standard output)")
    card.set_defaults(run=_corpus_card)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (FileNotFoundError, ValueError) as error:
        print(f"segmenter: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
