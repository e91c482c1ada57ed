"""The `segmenter` command: argparse subcommands whose flags map one-to-one to parameters."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tqdm import tqdm

from segmenter.batch import Job, Tally, all_cores, count_sites, label_records
from segmenter.corpus.build import GOLD_PAGES
from segmenter.corpus.readers import READERS
from segmenter.inputs import STDIN, InputFormat, read_pages
from segmenter.labels import LABELS, Label
from segmenter.limits import (
    MAX_LINES,
    MAX_NESTING,
    MAX_PAGE_BYTES,
    TIME_BUDGET_SECONDS,
    Limits,
)
from segmenter.outputs import STDOUT, Output, OutputFormat, Writer, open_output
from segmenter.segmenter import EMPTY_PAGE_BODY_WEIGHT, Segmenter, checked_body_weight
from segmenter.sources import Skipped, Status
from segmenter.transitions import TRANSITION_WEIGHT, checked_transition_weight


def _checked(check: Callable[[float], float]) -> Callable[[str], float]:
    """An argparse type: the flag's number once `check` accepts it, else `check`'s message as the
    parser's error."""
    def parse(text: str) -> float:
        try:
            return check(float(text))
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def _load(args: argparse.Namespace) -> Segmenter:
    return Segmenter.load(args.model, args.body_weight, args.transition_weight, args.empty_page_body_weight)


def _label(args: argparse.Namespace) -> int:
    return _run(args, Output(OutputFormat(args.output_format)))


def _extract(args: argparse.Namespace) -> int:
    keep = frozenset(Label.parse(name) for name in args.keep.split(",") if name.strip())
    fmt = OutputFormat.EXTRACTION if args.output_format == "jsonl" else OutputFormat.TEXT
    return _run(args, Output(fmt, keep))


def _run(args: argparse.Namespace, output: Output) -> int:
    """Label every record of the inputs; 1 when some failed (each named on standard error), else 0."""
    workers = args.workers or all_cores()
    limits = Limits(args.max_page_bytes, args.max_lines, args.max_nesting, args.time_budget)
    fmt = InputFormat(args.input_format)
    site = None
    if args.site_memory:
        if not args.paths or STDIN in args.paths:
            raise ValueError("--site-memory reads the inputs twice (to count each host's lines first): "
                             "give files, not standard input")
        site = count_sites(read_pages(args.paths, fmt, limits.max_page_bytes), workers, limits)
    records = read_pages(args.paths, fmt, limits.max_page_bytes)
    job = Job(args.model, output, site, limits, args.body_weight, args.transition_weight,
              args.empty_page_body_weight)
    outcomes = label_records(records, job, workers)
    tally = Tally.empty()
    progress = tqdm(unit=" records", disable=args.quiet or not sys.stderr.isatty(), file=sys.stderr)
    with open_output(args.output) as out, progress:
        writer = Writer(out, output)
        for outcome in outcomes:
            tally.add(outcome)
            progress.update()
            if isinstance(outcome, Skipped):
                continue
            if outcome.status is not Status.OK:
                progress.write(f"segmenter: {outcome.id}: {outcome.status.value} ({outcome.reason})", file=sys.stderr)
                progress.set_postfix(failed=tally.failed, refresh=False)
            writer.write(outcome.text)
    if not args.quiet and (sum(tally.statuses.values()) > 1 or tally.skipped):
        print(f"segmenter: {tally.summary()}", file=sys.stderr)
    return 1 if tally.failed else 0


def _train(args: argparse.Namespace) -> int:
    from segmenter.train import TrainOptions, dev_check, train, with_comments_stage

    options = TrainOptions(corpus=args.corpus, out=args.out, folds=args.folds,
                           shippable_only=not args.all_collections, glue_lists=args.glue_lists,
                           max_context_lines=args.max_context_lines, site_memory=args.site_memory,
                           regions=args.regions, markup_signs=args.markup_signs, menu_copies=args.menu_copies,
                           seed=args.seed, draws=args.draws, text_draws=args.text_draws,
                           combine_draws=args.combine_draws, text_input_from=args.text_input_from)
    options = with_comments_stage(options, args.comments_stage)
    model = train(options, progress=not args.quiet and sys.stderr.isatty())
    print(f"wrote the model to {args.out}", file=sys.stderr)
    for line in dev_check(model, args.corpus) if args.dev_check else []:
        print(f"segmenter train: {line}", file=sys.stderr)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from segmenter.evaluate import evaluate, labelled_pages, render_table, summary

    if args.plots:
        from segmenter.plots import require_matplotlib

        try:
            require_matplotlib()  # before the minutes of evaluating, not after them
        except ImportError as error:
            print(f"segmenter: {error}", file=sys.stderr)
            return 2
    report = evaluate(_load(args), labelled_pages(args.corpus, args.split))
    if not report.overall:
        raise ValueError(f"no labelled lines to score in {args.corpus}")
    sys.stdout.write(render_table(report))
    for line in summary(report):
        print(line, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(report.to_json(), indent=1) + "\n", encoding="utf-8")
    if args.plots:
        from segmenter.plots import write_plots

        written = write_plots(report, args.plots)
        print(f"wrote {len(written)} plots to {args.plots}: " + ", ".join(path.name for path in written),
              file=sys.stderr)
    return 0


def _view(args: argparse.Namespace) -> int:
    """Write the HTML report of a page (or of the first --max-pages pages of a JSONL or WARC file)."""
    from segmenter.corpus.records import read_gold
    from segmenter.view import default_report_path, render_report, view_pages

    if args.page == STDIN and not args.output:
        raise ValueError("give -o: a report of standard input has no file to be written beside")
    gold = read_gold(args.gold) if args.gold else None
    records = read_pages([args.page], InputFormat(args.input_format))
    viewed = view_pages(records, _load(args), gold, args.max_pages)
    out = args.output or default_report_path(args.page)
    source = "standard input" if args.page == STDIN else Path(args.page).name
    out.write_text(render_report(viewed.pages, source, viewed.notes), encoding="utf-8")
    for note in viewed.notes:
        print(f"segmenter: {note}", file=sys.stderr)
    disagreements = sum(page.disagreements for page in viewed.pages)
    print(f"wrote {out}: {len(viewed.pages)} pages, {sum(len(page.lines) for page in viewed.pages)} lines"
          + (f", {disagreements} disagreements with {args.gold}" if gold else ""), file=sys.stderr)
    return 1 if viewed.failed else 0


def _add_view_command(commands: argparse._SubParsersAction) -> None:
    from segmenter.view import MAX_PAGES

    view = commands.add_parser(
        "view", help="write an HTML report that shows each line of a page coloured by its label",
        description="Write one self-contained HTML file (no network, no external files) showing the page's "
                    "lines in order, each coloured by its label with its score, a legend that counts and "
                    "filters the labels and, with --gold, the lines where the hand labels differ. A JSONL or "
                    "WARC file of many pages gives one section per page, up to --max-pages. The URL hash sets "
                    "the filters: report.html#hide=navigation,other&only=disagreements.")
    view.add_argument("page", metavar="PAGE", help="the page to show: an HTML or text file, or a JSONL or WARC "
                      "file of pages; '-' reads standard input (then give -o)")
    view.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                      help="the report to write (default: PAGE.segmenter.html beside PAGE)")
    view.add_argument("--gold", type=Path, default=None, metavar="FILE",
                      help="hand labels to compare with: JSONL of labelled pages as in docs/LABELS.md "
                           "({\"id\", \"lines\": [{\"text\", \"label\"}, ...]}); a file of one page goes with "
                           "the first page, otherwise pages match by id or URL, lines by their text")
    view.add_argument("--input-format", choices=[f.value for f in InputFormat], default="auto",
                      help="as for 'segmenter label' (default: auto, by name and content)")
    view.add_argument("--max-pages", type=int, default=MAX_PAGES, metavar="N",
                      help=f"show at most this many pages of a many-page input (default: {MAX_PAGES})")
    _add_model_flag(view)
    view.set_defaults(run=_view)


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
    _add_label_commands(commands)
    _add_model_commands(commands)
    _add_view_command(commands)
    return parser


def _add_model_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, default=None,
                        help="a model folder written by 'segmenter train' (default: the shipped model)")
    parser.add_argument("--body-weight", type=_checked(checked_body_weight), default=1.0, metavar="W",
                        help="multiply each line's probability of body by W before its label is chosen: below 1 "
                             "fewer lines are body (precision), above 1 more (recall) (default: 1, the model's "
                             "own labels; docs/MODEL.md, Favouring precision or recall)")
    parser.add_argument("--transition-weight", type=_checked(checked_transition_weight), default=TRANSITION_WEIGHT,
                        metavar="W",
                        help="read each page's labels as one sequence, the model's odds of one label following "
                             "another weighted by W against each line's own probabilities: 0 gives each line "
                             f"its most probable label (default: {TRANSITION_WEIGHT:g}; docs/MODEL.md, Labels as "
                             "a sequence)")
    parser.add_argument("--empty-page-body-weight", type=_checked(checked_body_weight), default=EMPTY_PAGE_BODY_WEIGHT,
                        metavar="W",
                        help="label an HTML page where no line but the title is body again, each line's "
                             "probability of body multiplied by W as well: its most body-like lines become its "
                             f"body; 1 leaves such pages without body (default: {EMPTY_PAGE_BODY_WEIGHT:g}; "
                             "docs/MODEL.md, Pages without body)")


def _add_input_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files to read; none or '-' reads standard input")
    parser.add_argument("--input-format", choices=[f.value for f in InputFormat], default="auto",
                        help="text: one block per line; html; jsonl: {\"id\", \"text\"|\"html\"} per line; "
                             "warc: WARC (HTML responses) or WET (text conversions); any of them may be gzipped "
                             "(default: auto, by name and content)")
    parser.add_argument("-o", "--output", default=STDOUT,
                        help="file to write, gzip-compressed when it ends in .gz (default: standard output)")
    parser.add_argument("--workers", type=int, default=0,
                        help="processes labelling in parallel, each with its own copy of the model; output "
                             "keeps the input order (default: 0, all cores)")
    parser.add_argument("--site-memory", action="store_true",
                        help="first count how often each line recurs on the other pages of its host in the "
                             "inputs (menus and footers do, articles do not), then label with those counts; "
                             "reads the inputs twice, so files only; needs a model trained with --site-memory")
    parser.add_argument("--max-page-bytes", type=int, default=MAX_PAGE_BYTES,
                        help=f"refuse larger pages as too_large, unread (default: {MAX_PAGE_BYTES:,}; 0: no limit)")
    parser.add_argument("--max-lines", type=int, default=MAX_LINES,
                        help=f"refuse pages of more lines as too_large (default: {MAX_LINES:,}; 0: no limit)")
    parser.add_argument("--max-nesting", type=int, default=MAX_NESTING,
                        help=f"refuse HTML nested deeper, before parsing it, as too_large "
                             f"(default: {MAX_NESTING:,}; 0: no limit)")
    parser.add_argument("--time-budget", type=float, default=TIME_BUDGET_SECONDS,
                        help=f"seconds to read a page and cut it into lines before it is a timeout "
                             f"(default: {TIME_BUDGET_SECONDS:g}; 0: none)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar (there is none unless standard "
                        "error is a terminal) and no summary of the records' statuses")
    _add_model_flag(parser)


def _add_label_commands(commands: argparse._SubParsersAction) -> None:
    label = commands.add_parser("label", help="label every line of pages")
    _add_input_flags(label)
    label.add_argument("--output-format", choices=["tsv", "jsonl"], default="tsv",
                       help="tsv: LABEL<TAB>LINE per line; jsonl: one object per page (default: tsv)")
    label.set_defaults(run=_label)

    extract = commands.add_parser("extract", help="print the text of the lines with the kept labels")
    _add_input_flags(extract)
    extract.add_argument("--keep", default=Label.BODY.value,
                         help="labels to keep, comma-separated, of: " + ",".join(l.value for l in LABELS)
                              + " (default: body)")
    extract.add_argument("--output-format", choices=["text", "jsonl"], default="text",
                         help="text: the kept lines' text, a blank line between paragraphs of HTML pages and "
                              "between pages; jsonl: one object per page with its title, language, body, "
                              "comments and labelled lines (default: text)")
    extract.set_defaults(run=_extract)


def _add_model_commands(commands: argparse._SubParsersAction) -> None:
    from segmenter.train import (
        COMBINE_DRAWS,
        COMMENTS_STAGES,
        DEFAULT_COMMENTS_STAGE,
        TrainOptions,
    )

    train = commands.add_parser("train", help="train the text and context models from a built corpus")
    train.add_argument("--corpus", type=Path, required=True, help="a folder written by 'corpus build'")
    train.add_argument("--out", type=Path, required=True, help="folder to write the model to")
    train.add_argument("--folds", type=int, default=TrainOptions.folds,
                       help=f"folds (by site) for out-of-fold text scores (default: {TrainOptions.folds})")
    train.add_argument("--all-collections", action="store_true",
                       help="also train on collections whose licence does not allow shipping the model")
    train.add_argument("--max-context-lines", type=int, default=TrainOptions.max_context_lines,
                       help=f"labelled lines the context model learns from "
                            f"(default: {TrainOptions.max_context_lines})")
    train.add_argument("--glue-lists", action="store_true",
                       help="also learn HTML pages as text with each list on one line")
    train.add_argument("--site-memory", action="store_true",
                       help="also learn from how often each line recurs on other pages of its host "
                            "(a model trained so labels crawls with 'label --site-memory')")
    train.add_argument("--regions", action=argparse.BooleanOptionalAction, default=TrainOptions.regions,
                       help="the context model for HTML input also reads the region of the page each line "
                            "sits in: the text model's mean scores over the elements around it (default: on)")
    train.add_argument("--markup-signs", action=argparse.BooleanOptionalAction, default=TrainOptions.markup_signs,
                       help="the context model for HTML input may only lower P(body) as a line's link share, "
                            "markup rules and boilerplate landmarks rise, and only raise P(comments) with its "
                            "comment rules (default: on; docs/MODEL.md, Markup signs)")
    train.add_argument("--menu-copies", type=float, default=TrainOptions.menu_copies, metavar="SHARE",
                       help="the share of HTML pages the context model for HTML input also learns from as a copy "
                            "whose menu lines read like body, labels kept (default: %(default)s; docs/MODEL.md, "
                            "Menu copies)")
    train.add_argument("--draws", type=int, default=TrainOptions.draws, metavar="K",
                       help="fit the context model for HTML input on K draws of out-of-fold rows, each with "
                            "fold text models and pages of its own seed, and average them (default: %(default)s; "
                            "docs/MODEL.md, Draws)")
    train.add_argument("--text-draws", type=int, default=TrainOptions.text_draws, metavar="K",
                       help="fit the context model for text input on K of the same draws and average them: "
                            "steadier text-input scores, K times its trees to walk when labelling text "
                            "(default: %(default)s; docs/MODEL.md, Draws for text input)")
    train.add_argument("--combine-draws", choices=COMBINE_DRAWS, default=TrainOptions.combine_draws,
                       help="'average' fits the context model for HTML input on each draw and averages them "
                            "(a tree walk per draw when labelling); 'stack' fits one on all draws' rows "
                            "(default: %(default)s; docs/MODEL.md, Draws)")
    train.add_argument("--comments-stage", choices=COMMENTS_STAGES, default=DEFAULT_COMMENTS_STAGE,
                       help="which input kinds learn comments in a stage of their own, also from unnamed "
                            "lines outside forums: 'html' fits a context model of its own for HTML input "
                            "(default: %(default)s; see docs/MODEL.md)")
    train.add_argument("--text-input-from", type=Path, metavar="MODEL_DIR",
                       help="keep this model's text model and text-input context model and fit only the "
                            "context model for HTML input (with --comments-stage html; docs/MODEL.md)")
    train.add_argument("--dev-check", action=argparse.BooleanOptionalAction, default=True,
                       help="after training, score the model and the shipped one on the corpus's dev split, "
                            "so that a final text model drawn apart from its fold models shows (default: on; "
                            "docs/MODEL.md)")
    train.add_argument("--seed", type=int, default=TrainOptions.seed)
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.set_defaults(run=_train)

    evaluate = commands.add_parser("evaluate", help="score a model against labelled pages")
    _add_model_flag(evaluate)
    evaluate.add_argument("--corpus", type=Path, required=True,
                          help="a folder written by 'corpus build', or a JSONL file of labelled pages")
    evaluate.add_argument("--split", default="test", choices=["train", "dev", "test"],
                          help="the corpus folder's split to score (default: test)")
    evaluate.add_argument("--json", type=Path, help="also write the scores to this JSON file")
    evaluate.add_argument("--plots", type=Path, metavar="DIR",
                          help="also draw PNG plots into DIR: confusion matrices, per-label P/R/F1, body F1 per "
                               "language (needs matplotlib: pip install 'segmenter[plots]')")
    evaluate.set_defaults(run=_evaluate)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (FileNotFoundError, ValueError) as error:
        print(f"segmenter: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
