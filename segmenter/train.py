"""Train a Segmenter from a built corpus: text model, out-of-fold scores, context model.

Every HTML page is learned twice: with its DOM context (HTML input) and without (text input,
the lines a WET record gives), so one model serves both. The context model learns from text-model
scores that were predicted by a text model that never saw that page (K folds by site), as it will
meet them on new pages.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from segmenter.context_trees import ContextTrees
from segmenter.corpus.build import read_corpus
from segmenter.corpus.readers import READERS
from segmenter.corpus.records import LabelledLine, LabelledPage
from segmenter.corpus.splits import site
from segmenter.dom_rules import rule_label
from segmenter.evaluate import Report, evaluate, summary
from segmenter.labels import Label
from segmenter.menu_copies import menu_copies
from segmenter.regions import REGION_COLUMNS
from segmenter.segmenter import (
    INPUT_COLUMNS,
    NEIGHBOUR_COLUMNS,
    Segmenter,
    model_inputs,
)
from segmenter.site_memory import SiteMemory
from segmenter.text_model import TextModel, TextModelParams
from segmenter.transitions import Transitions

if TYPE_CHECKING:  # scikit-learn loads when a context model is made, not with this module: the
    # command line reads TrainOptions' defaults for every command, labelling among them.
    from segmenter.context_model import ContextModel

VIEWS = 3  # HTML, text as our linearizer cuts it, text with lists on one line
SHIPPABLE = frozenset(name for name, reader in READERS.items() if reader.SHIPPABLE)


@dataclass(frozen=True)
class TrainOptions:
    corpus: Path
    out: Path
    folds: int = 3
    shippable_only: bool = True  # train only on collections whose licence allows shipping
    # Also learn each HTML page as text with each list on one line (as some dumps give it). Off:
    # it lowered text-input scores on the hand-labelled pages, whose lines are cut WET-like.
    glue_lists: bool = False
    max_context_lines: int = 400_000  # target lines (labelled or not body) the context model learns from
    text: TextModelParams = field(default_factory=TextModelParams)
    context: ContextModel = field(default_factory=lambda: _context_model(comments_stage=False))
    # A context model of its own for HTML input (None: `context` labels both kinds), fitted on the
    # same lines, with a comments stage: on HTML input it tells comments from teaser lists that no
    # markup rule names, on text input it lost the comment form of the Bengali-site article
    # (docs/MODEL.md). See Segmenter.
    html_context: ContextModel | None = field(default_factory=lambda: _context_model(comments_stage=True))
    # Learn from how often each line recurs on the other training pages of its host (SITE_COLUMNS).
    site_memory: bool = False
    # The context model for HTML input also reads the regions each line sits in (REGION_COLUMNS):
    # it raised the benchmark's body F1 (docs/MODEL.md, "Regions").
    regions: bool = True
    # The context model for HTML input may only lower P(body) as a line's links, markup rules and
    # boilerplate landmarks rise, and only raise P(comments) with its comment rules (MARKUP_SIGNS).
    # With menu copies and draws it raised every score of the shipped model (docs/MODEL.md, "Draws").
    markup_signs: bool = True
    # The share of HTML pages that the HTML-input context model also learns from as a copy whose
    # menu lines read like body (segmenter.menu_copies): on the same training rows 0.3 raised body F1
    # on the test split, the hand-labelled pages and the benchmark (docs/MODEL.md, "Menu copies").
    menu_copies: float = 0.3
    seed: int = 0
    # Fit the HTML-input context model on this many draws of out-of-fold rows (fold text models
    # and context pages of their own seeds) and average them (ContextTrees.averaged): one draw's
    # scores moved with fastText's draws as much as any change gained; three averaged scored above
    # each of three single draws on the benchmark's test pages (docs/MODEL.md, "Draws").
    draws: int = 3
    # Fit the text-input context model on this many of the same draws and average them too: three
    # averaged scored above each of three single draws in hand-labelled body F1 and test-split
    # macro-F1 (docs/MODEL.md, "Draws for text input"). One by default: each draw adds a fit of about
    # ten minutes, and labelling text walks K times the trees (issue 3's speed target).
    text_draws: int = 1
    # How the draws make one model (COMBINE_DRAWS): "average" fits one per draw and averages them
    # (K times the trees to walk); "stack" fits one on all draws' rows, which labels HTML 1.4 times
    # as fast and scored a little lower on the hand-labelled pages and the benchmark (docs/MODEL.md,
    # "Draws").
    combine_draws: str = "average"
    # Keep this model's text model and text-input context model and fit only `html_context`:
    # fastText's draws differ between runs (docs/MODEL.md), and an HTML half can be added to a
    # model without redrawing the text half it was chosen for.
    text_input_from: Path | None = None

    @property
    def context_models(self) -> tuple[ContextModel, ...]:
        return (self.context,) if self.html_context is None else (self.context, self.html_context)

    @property
    def with_regions(self) -> bool:
        """Whether training computes REGION_COLUMNS: only a context model for HTML input reads them."""
        return self.regions and self.html_context is not None


# How TrainOptions.combine_draws makes one HTML-input context model of its draws.
COMBINE_DRAWS = ("average", "stack")


# Which input kinds get a context model with a comments stage (ContextModel.comments_stage):
# none, HTML input alone (a context model of its own), or both kinds (one context model).
COMMENTS_STAGES = ("none", "html", "all")
DEFAULT_COMMENTS_STAGE = "html"  # what TrainOptions' defaults give (comments_stage)


# Which way a line's own markup may move the HTML-input context model's stages (ContextModel's
# body_signs and comments_signs, with TrainOptions.markup_signs): what the markup says of a line
# holds whatever its text and neighbours look like (docs/MODEL.md, "Markup signs").
BODY_LOWERING = ("link_share", *(f"rule_{label.value}" for label in Label if label is not Label.BODY),
                 *(f"dom_rule_{label.value}" for label in Label if label is not Label.BODY),
                 "inside_nav", "inside_footer", "inside_aside", "inside_form")
BODY_RAISING = ("rule_body", "dom_rule_body")
COMMENTS_RAISING = ("rule_comments", "dom_rule_comments")
MARKUP_SIGNS: dict[str, tuple[tuple[int, int], ...]] = {
    "body_signs": (*((INPUT_COLUMNS.index(name), -1) for name in BODY_LOWERING),
                   *((INPUT_COLUMNS.index(name), 1) for name in BODY_RAISING)),
    "comments_signs": tuple((INPUT_COLUMNS.index(name), 1) for name in COMMENTS_RAISING),
}


def _context_model(comments_stage: bool) -> ContextModel:
    from segmenter.context_model import ContextModel

    return ContextModel(neighbour_columns=NEIGHBOUR_COLUMNS, comments_stage=comments_stage)


def with_comments_stage(options: TrainOptions, stage: str) -> TrainOptions:
    """The options with a comments stage for the input kinds that `stage` (COMMENTS_STAGES) names."""
    from sklearn.base import clone

    if stage not in COMMENTS_STAGES:
        raise ValueError(f"comments stage {stage!r} is not one of {', '.join(COMMENTS_STAGES)}")
    context = clone(options.context).set_params(comments_stage=stage == "all")
    html = clone(context).set_params(comments_stage=True) if stage == "html" else None
    return replace(options, context=context, html_context=html)


def comments_stage(options: TrainOptions) -> str:
    """Which input kinds the options give a comments stage (the inverse of with_comments_stage)."""
    if options.html_context is not None and options.html_context.comments_stage:
        return "html"
    return "all" if options.context.comments_stage else "none"


def allowed(page: LabelledPage, shippable_only: bool) -> bool:
    if not shippable_only:
        return True
    sources = [page.source] if not page.mixed_from else [m.split("/", 1)[0] for m in page.mixed_from]
    return all(source in SHIPPABLE for source in sources)


def views(page: LabelledPage, glue: bool = False) -> Iterator[list[LabelledLine]]:
    """The page as HTML input (with DOM) and, for HTML pages, as text input (without): as our
    WET-like linearizer cuts it and, with `glue`, as dumps that keep a list on one line give it."""
    yield list(page.lines)
    if page.input_kind == "html":
        yield [replace(line, dom=None) for line in page.lines]
        glued = glue_lists(page.lines) if glue else page.lines
        if len(glued) < len(page.lines):
            yield glued


def glue_lists(lines: Sequence[LabelledLine]) -> list[LabelledLine]:
    """Runs of items of one list with one label joined into one line, without DOM context."""
    out: list[LabelledLine] = []
    key_before = None
    for line in lines:
        key = _list_key(line)
        if key is not None and key == key_before and out[-1].label == line.label \
                and out[-1].not_body == line.not_body:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {line.text.strip()}")
        else:
            out.append(replace(line, dom=None))
        key_before = key
    return out


def _list_key(line: LabelledLine) -> tuple[str, ...] | None:
    """The path of the list a line is an item of, or None when it is not a list item."""
    if line.dom is None:
        return None
    steps = list(line.dom.tags)
    if "li" not in steps:
        return None
    return line.dom.path[:len(steps) - 1 - steps[::-1].index("li")]


def known_not_comments(page: LabelledPage) -> list[bool]:
    """Unlabelled lines known not to be body that cannot be comments either: outside forums
    (whose replies sit in unnamed post blocks) no rule says comments of them, and on the other
    pages a comment section is named as one (on the hand-labelled pages 3 of 1,484 unnamed lines
    that are not body are comments). Mixed pages are left out: their chrome's page type is unknown."""
    if page.page_type == "forum" or page.mixed_from:
        return [False] * len(page.lines)
    return [line.label is None and line.not_body and rule_label(line.text, line.dom) is not Label.COMMENTS
            for line in page.lines]


def _with_markup(marks: Sequence[bool], lines: Sequence[LabelledLine]) -> list[bool]:
    """The marks on a view's lines that keep their markup. Only markup shows that a line is
    unnamed; taught to the text view as well, the many marked lines made the model call three in
    five comments something else on the hand-labelled pages' text input (docs/MODEL.md)."""
    if len(lines) != len(marks):  # lists glued: lines merged, no markup
        return [False] * len(lines)
    return [mark and line.dom is not None for mark, line in zip(marks, lines)]


def fold_of(page: LabelledPage, folds: int) -> int:
    key = site(page.url, page.id).encode("utf-8")
    return int(hashlib.sha256(key).hexdigest()[:8], 16) % folds


def training_pages(options: TrainOptions) -> tuple[list[LabelledPage], list[int]]:
    """The pages the options train on, and each one's fold (by site)."""
    pages = [p for p in read_corpus(options.corpus, ["train"]) if allowed(p, options.shippable_only)]
    if not pages:
        raise ValueError(f"no training pages in {options.corpus} (shippable_only={options.shippable_only})")
    return pages, [fold_of(page, options.folds) for page in pages]


def train(options: TrainOptions, progress: bool = False) -> Segmenter:
    base = _text_input_model(options)
    _check_draws(options)
    pages, folds = training_pages(options)
    memory = SiteMemory.of((page.url, [line.line for line in page.lines]) for page in pages) \
        if options.site_memory else None
    # The draws each context model averages: none for a text half kept from another model, none
    # for an HTML half the options leave out.
    text_draws = options.text_draws if base is None else 0
    html_draws = options.draws if options.html_context is not None else 0
    text_fits: list[ContextTrees] = []
    html_parts = _HtmlDraws(options, memory is not None, progress)
    # Each draw's rows are dropped once fitted, so that averaging holds one draw's at a time.
    for draw in range(max(text_draws, html_draws)):
        rows = _draw_rows(pages, folds, memory, drawn(options, draw), progress)
        if draw < text_draws:
            text_fits.append(_text_input(rows, options, memory is not None, progress))
        if draw < html_draws:
            html_parts.add(rows, draw)
        del rows
    text_input = base.context_model if base is not None else ContextTrees.averaged(text_fits)
    html = None if options.html_context is None else html_parts.model()
    transitions = Transitions.counted([line.label for line in page.lines] for page in pages)
    if base is None:
        _stage(f"final text model on {len(pages)} pages", progress)
        segmenter = Segmenter(_text_model(pages, options.text, options.glue_lists), text_input, html,
                              transitions=transitions)
    else:
        segmenter = Segmenter(base.text_model, text_input, html, transitions=transitions)
    segmenter.save(options.out)
    return segmenter


def dev_check(model: Segmenter, corpus: Path) -> list[str]:
    """What a trained model scores on the corpus's dev split (its sites held out of training), beside
    the shipped model's scores there. Every training draws a new final text model, whose scores can
    sit far from those of the fold models its context models learned from (docs/MODEL.md, "Settings
    compared on fixed rows": one retrain fell from 0.648 to 0.489 text body F1 here): this is how
    such a draw shows before the model is used. Empty when the corpus has no dev split."""
    path = corpus / "dev.jsonl"
    if not path.exists():
        return []
    pages = list(read_corpus(corpus, ["dev"]))
    lines = _scored(evaluate(model, pages), f"on the dev split of {corpus} (sites held out of training), this model")
    try:
        shipped = Segmenter.load()
    except ValueError as error:  # the shipped model reads other features than this version's
        return [*lines, f"the shipped model was not compared: {error}"]
    return [*lines, *_scored(evaluate(shipped, pages), "the shipped model")]


def _scored(report: Report, who: str) -> list[str]:
    """The report's summary and, per input kind, the page with the most wrong lines: the dev
    split's figures can rest on one long page (docs/MODEL.md, "Where the errors sit")."""
    lines = [f"{who}: {line}" for line in summary(report)]
    for kind in report.overall:
        for page in report.most_wrong(kind)[:1]:
            lines.append(f"{who}: {kind}: {page.wrong} of its {report.wrong_lines(kind)} wrong lines are on one page, "
                         f"{page.id}")
    return lines


def drawn(options: TrainOptions, draw: int) -> TrainOptions:
    """The options of one draw: its own seeds for the fold text models and for the pages the
    context rows come from (draw 0 keeps the options' own)."""
    return replace(options, seed=options.seed + draw, text=replace(options.text, seed=options.text.seed + draw))


def _check_draws(options: TrainOptions) -> None:
    for name in ("draws", "text_draws"):
        if getattr(options, name) < 1:
            raise ValueError(f"{name} must be at least 1, got {getattr(options, name)}")
    if options.combine_draws not in COMBINE_DRAWS:
        raise ValueError(f"draws are combined by one of {', '.join(COMBINE_DRAWS)}, not {options.combine_draws!r}")


@dataclass(frozen=True, eq=False)
class ContextRows:
    """What the context models learn from: one row of model inputs per line, a page's lines together."""

    X: np.ndarray  # model_inputs of each line
    labels: np.ndarray  # object: each line's label value, None where it has none
    page_ids: np.ndarray  # the page (one view of it) each line belongs to
    not_body: np.ndarray  # bool: unlabelled lines known not to be body
    not_comments: np.ndarray  # bool: lines known not to be comments

    def __len__(self) -> int:
        return len(self.X)

    def fit(self, model: ContextModel, columns: int | None = None) -> ContextTrees:
        """The model fitted on these rows (on their first `columns` columns, if given)."""
        X = self.X if columns is None else self.X[:, :columns]
        return model.fit(X, self.labels, page_ids=self.page_ids, not_body=self.not_body,
                         not_comments=self.not_comments).trees_

    @classmethod
    def joined(cls, parts: Sequence[ContextRows]) -> ContextRows:
        """The parts' rows one after another, page ids as they are."""
        return cls(*(np.concatenate([getattr(part, column.name) for part in parts]) for column in fields(cls)))

    @classmethod
    def stacked(cls, parts: Sequence[ContextRows]) -> ContextRows:
        """The parts' rows one after another, each part's pages numbered apart from the others'."""
        offsets = np.cumsum([0, *(int(part.page_ids.max()) + 1 if len(part) else 0 for part in parts[:-1])])
        return cls.joined([replace(part, page_ids=part.page_ids + offset) for part, offset in zip(parts, offsets)])

    def with_menu_copies(self, share: float, seed: int) -> ContextRows:
        """These rows and, for `share` of the pages, copies whose menu lines read like body
        (segmenter.menu_copies)."""
        if not share:
            return self
        copies = menu_copies(self.X, self.labels, self.page_ids, share, seed)
        copied = ContextRows(copies.rows, self.labels[copies.source], copies.page_ids,
                             self.not_body[copies.source], self.not_comments[copies.source])
        return ContextRows.joined([self, copied])


def _draw_rows(pages: Sequence[LabelledPage], folds: Sequence[int], memory: SiteMemory | None,
               options: TrainOptions, progress: bool) -> ContextRows:
    """One draw's context rows: fold text models of the draw's seed, and the rows they score out of
    fold for the pages the draw's seed picks."""
    rows = context_rows(pages, folds, fold_text_models(pages, folds, options, progress), memory, options, progress)
    _stage(f"context rows: {sum(label is not None for label in rows.labels)} labelled lines, "
           f"{int(rows.not_body.sum())} known not to be body, {int(rows.not_comments.sum())} of them not comments",
           progress)
    return rows


def fold_text_models(pages: Sequence[LabelledPage], folds: Sequence[int], options: TrainOptions,
                     progress: bool = False) -> dict[int, TextModel]:
    """A text model per fold, trained on the pages of the other folds."""
    from tqdm import tqdm

    return {fold: _text_model([p for p, f in zip(pages, folds) if f != fold], options.text, options.glue_lists)
            for fold in tqdm(range(options.folds), desc="text models (folds)", disable=not progress)}


def _text_input(rows: ContextRows, options: TrainOptions, site_memory: bool, progress: bool) -> ContextTrees:
    """The context model for text input, fitted on one draw's rows without REGION_COLUMNS (they
    come last, for the HTML-input model alone: Segmenter.uses_regions)."""
    _stage("context model for text input", progress)
    width = rows.X.shape[1] - (len(REGION_COLUMNS) if options.with_regions else 0)
    return rows.fit(_unfitted(options.context, site_memory), width)


@dataclass
class _HtmlDraws:
    """The context model for HTML input as its draws come (TrainOptions.combine_draws): each draw's
    rows with menu copies, fitted at once when the draws are averaged, kept when they are stacked."""

    options: TrainOptions
    site_memory: bool
    progress: bool
    fitted: list[ContextTrees] = field(default_factory=list)
    kept: list[ContextRows] = field(default_factory=list)

    def add(self, rows: ContextRows, draw: int) -> None:
        copied = rows.with_menu_copies(self.options.menu_copies, self.options.seed + draw)
        if self.options.combine_draws == "stack":
            self.kept.append(copied)
            return
        _stage(f"context model for HTML input, draw {draw + 1} of {self.options.draws}", self.progress)
        self.fitted.append(copied.fit(self._unfitted()))

    def model(self) -> ContextTrees:
        """The draws' models averaged, or one fitted on all draws' rows stacked."""
        if self.options.combine_draws == "average":
            return ContextTrees.averaged(self.fitted)
        _stage(f"context model for HTML input on {self.options.draws} draws' rows stacked", self.progress)
        return ContextRows.stacked(self.kept).fit(self._unfitted())

    def _unfitted(self) -> ContextModel:
        template = self.options.html_context
        assert template is not None
        return _unfitted(template, self.site_memory, self.options.markup_signs)


def _text_input_model(options: TrainOptions) -> Segmenter | None:
    """The model whose text half `options.text_input_from` keeps, checked against the options."""
    if options.text_input_from is None:
        return None
    if options.html_context is None:
        raise ValueError("keeping a model's text half leaves only an HTML-input context model to fit: "
                         "train with a comments stage for HTML input (--comments-stage html)")
    if options.text_input_from.resolve() == options.out.resolve():
        raise ValueError(f"{options.out} would be overwritten while its text half is read: write to another folder")
    base = Segmenter.load(options.text_input_from)
    if base.uses_site_memory != options.site_memory:
        raise ValueError(f"the model in {options.text_input_from} was trained "
                         f"{'with' if base.uses_site_memory else 'without'} site memory; train the HTML half so too")
    return base


def _unfitted(template: ContextModel, site_memory: bool, markup_signs: bool = False) -> ContextModel:
    """A fresh context model with the template's parameters, the site-memory column among a
    neighbour's columns when the model learns from it (menus come in runs), and MARKUP_SIGNS
    when asked."""
    from segmenter.context_model import ContextModel

    params = template.get_params()
    if markup_signs:
        params.update(MARKUP_SIGNS)
    if site_memory and params["neighbour_columns"] is not None:
        params["neighbour_columns"] = (*params["neighbour_columns"], len(INPUT_COLUMNS))
    return ContextModel(**params)


def _stage(message: str, progress: bool) -> None:
    if progress:
        print(f"segmenter train: {message}", file=sys.stderr, flush=True)


def _text_model(pages: Sequence[LabelledPage], params: TextModelParams, glue: bool) -> TextModel:
    texts, labels = [], []
    for page in pages:
        seen = {line.text for line in page.lines}
        glued = [line for line in glue_lists(page.lines) if line.text not in seen] if glue else []
        for line in [*page.lines, *glued]:
            if line.label is not None:
                texts.append(line.text)
                labels.append(line.label)
    return TextModel.train(texts, labels, params)


def context_rows(pages: Sequence[LabelledPage], folds: Sequence[int], oof: dict[int, TextModel],
                 memory: SiteMemory | None, options: TrainOptions, progress: bool = False) -> ContextRows:
    """The context models' rows of the pages (up to `options.max_context_lines` target lines, pages
    in an order drawn from `options.seed`), each scored by the text model of its fold (`oof`)."""
    from tqdm import tqdm

    rng = np.random.default_rng(options.seed)
    order = rng.permutation(len(pages))
    blocks, labels, ids, not_body, not_comments = [], [], [], [], []
    total = 0
    # Only a comments stage learns from the marks; without one, finding them is wasted work.
    marks_used = any(model.comments_stage for model in options.context_models)
    bar = tqdm(total=options.max_context_lines, desc="context rows (target lines)", disable=not progress)
    for number, index in enumerate(order):
        page = pages[index]
        if not any(line.label for line in page.lines):
            continue
        page_not_comments = known_not_comments(page) if marks_used else [False] * len(page.lines)
        for view, lines in enumerate(views(page, options.glue_lists)):
            targets = [line.label.value if line.label else None for line in lines]
            rest = [line.label is None and line.not_body for line in lines]
            view_lines = [line.line for line in lines]
            site = None if memory is None else [memory.page_columns(page.url, view_lines)]
            blocks.append(model_inputs(oof[folds[index]], [view_lines], site, options.with_regions))
            labels.extend(targets)
            not_body.extend(rest)
            not_comments.extend(_with_markup(page_not_comments, lines))
            ids.extend([VIEWS * number + view] * len(lines))
            added = sum(label is not None for label in targets) + sum(rest)
            total += added
            bar.update(added)
        if total >= options.max_context_lines:
            break
    bar.close()
    return ContextRows(np.vstack(blocks), np.array(labels, dtype=object), np.array(ids),
                       np.array(not_body, dtype=bool), np.array(not_comments, dtype=bool))
