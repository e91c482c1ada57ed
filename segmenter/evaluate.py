"""Score a Segmenter against labelled pages: per-label P/R/F1, macro-F1, confusion, per language,
and the pages that hold the most wrong lines.

Each page is scored as the input kinds it can be given as: an HTML page as HTML input (lines
with their DOM context) and as text input (the same lines without it); a text page as text only.
Only labelled lines are scored; unlabelled lines are still given to the model, as context.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from segmenter.corpus.build import read_corpus
from segmenter.corpus.records import LabelledPage, read_pages
from segmenter.labels import LABELS, Label
from segmenter.lines import Line
from segmenter.segmenter import (
    BATCH_PAGES,
    EMPTY_PAGE_BODY_WEIGHT,
    LabelledLine,
    Segmenter,
)
from segmenter.site_memory import SiteMemory
from segmenter.transitions import TRANSITION_WEIGHT

INPUT_KINDS = ("text", "html")
# Languages with fewer scored lines than this get no row of their own: their F1 would be noise.
MIN_LANGUAGE_LINES = 200
# Reliability bins of the score of the label given: ten equal bins, as expected calibration error
# is commonly reported.
CALIBRATION_BINS = 10
# Pages listed per input kind as holding the most wrong lines: line-pooled figures are led by long
# pages (one page of the corpus's dev split holds a third of its body lines), and the first ten
# say whether a figure moved on many pages or on a few.
PAGES_SHOWN = 10


@dataclass(frozen=True)
class Calibration:
    """How often the label given is right, against the score it came with."""

    scores: np.ndarray
    correct: np.ndarray

    def bins(self) -> list[dict[str, float]]:
        edges = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
        index = np.clip(np.digitize(self.scores, edges) - 1, 0, CALIBRATION_BINS - 1)
        return [{"low": float(edges[k]), "high": float(edges[k + 1]), "lines": int((index == k).sum()),
                 "mean_score": float(self.scores[index == k].mean()),
                 "accuracy": float(self.correct[index == k].mean())}
                for k in range(CALIBRATION_BINS) if (index == k).any()]

    def expected_error(self) -> float:
        """Mean |accuracy - score| over the bins, weighted by their lines (ECE)."""
        total = len(self.scores)
        return sum(b["lines"] * abs(b["accuracy"] - b["mean_score"]) for b in self.bins()) / total if total else 0.0


@dataclass(frozen=True)
class Scores:
    """Counts of (gold, predicted) label pairs over a set of lines, and the measures derived."""

    confusion: np.ndarray  # rows: gold label, columns: predicted label, both in LABELS order
    pages: int

    @classmethod
    def of(cls, pairs: Iterable[tuple[Label, Label]], pages: int) -> Scores:
        confusion = np.zeros((len(LABELS), len(LABELS)), dtype=np.int64)
        index = {label: i for i, label in enumerate(LABELS)}
        for gold, predicted in pairs:
            confusion[index[gold], index[predicted]] += 1
        return cls(confusion, pages)

    @property
    def lines(self) -> int:
        return int(self.confusion.sum())

    def per_label(self) -> dict[str, dict[str, float]]:
        rows = {}
        for i, label in enumerate(LABELS):
            hit, predicted, actual = self.confusion[i, i], self.confusion[:, i].sum(), self.confusion[i].sum()
            precision = hit / predicted if predicted else 0.0
            recall = hit / actual if actual else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            rows[label.value] = {"precision": float(precision), "recall": float(recall), "f1": float(f1),
                                 "support": int(actual)}
        return rows

    def macro_f1(self) -> float:
        """Mean F1 over the labels present in the gold lines."""
        rows = [row for row in self.per_label().values() if row["support"]]
        return float(np.mean([row["f1"] for row in rows])) if rows else 0.0

    def body_f1(self) -> float:
        return self.per_label()[Label.BODY.value]["f1"]

    def to_json(self) -> dict[str, Any]:
        return {"pages": self.pages, "lines": self.lines, "body_f1": self.body_f1(),
                "macro_f1": self.macro_f1(), "labels": self.per_label(),
                "confusion": {"labels": [label.value for label in LABELS], "matrix": self.confusion.tolist()}}


@dataclass(frozen=True)
class PageErrors:
    """One page's scored lines as one input kind: how many got a wrong label, how many body lines
    got another label, how many lines of another label were called body, and how many body lines
    were called body."""

    id: str
    lines: int
    wrong: int
    body_missed: int
    body_added: int
    body_kept: int

    @classmethod
    def of(cls, page_id: str, pairs: Sequence[tuple[Label, Label]]) -> PageErrors:
        return cls(page_id, len(pairs), sum(gold is not predicted for gold, predicted in pairs),
                   sum(gold is Label.BODY and predicted is not Label.BODY for gold, predicted in pairs),
                   sum(gold is not Label.BODY and predicted is Label.BODY for gold, predicted in pairs),
                   sum(gold is Label.BODY and predicted is Label.BODY for gold, predicted in pairs))

    @property
    def body_f1(self) -> float | None:
        """The page's own body F1 over its lines; None when it has no body line to find."""
        if not self.body_kept + self.body_missed:
            return None
        return 2 * self.body_kept / (2 * self.body_kept + self.body_missed + self.body_added)


@dataclass(frozen=True)
class Report:
    """Scores per input kind, overall and per language, each page's errors, and the weights of body,
    of the steps between labels (None: the model has no transitions, each line got its most probable
    label) and of body on pages left without it, that they were labelled with (see Segmenter)."""

    overall: dict[str, Scores]
    by_language: dict[str, dict[str, Scores]] = field(default_factory=dict)
    calibration: dict[str, Calibration] = field(default_factory=dict)
    body_weight: float = 1.0
    pages: dict[str, list[PageErrors]] = field(default_factory=dict)
    transition_weight: float | None = None
    empty_page_body_weight: float = EMPTY_PAGE_BODY_WEIGHT

    def to_json(self) -> dict[str, Any]:
        return {"body_weight": self.body_weight, "transition_weight": self.transition_weight,
                "empty_page_body_weight": self.empty_page_body_weight,
                "overall": {kind: s.to_json() for kind, s in self.overall.items()},
                "calibration": {kind: {"ece": c.expected_error(), "bins": c.bins()}
                                for kind, c in self.calibration.items()},
                "by_language": {lang: {kind: s.to_json() for kind, s in kinds.items()}
                                for lang, kinds in self.by_language.items()},
                "page_mean_body_f1": {kind: self.page_mean_body_f1(kind) for kind in self.pages},
                "pages": {kind: [asdict(page) for page in pages] for kind, pages in self.pages.items()}}

    def page_mean_body_f1(self, kind: str) -> float | None:
        """The mean of the input kind's pages' own body F1, over the pages with body lines: each
        page counts once, however long (None: no such page)."""
        scores = self.page_body_f1s(kind)
        return float(np.mean(scores)) if scores else None

    def page_body_f1s(self, kind: str) -> list[float]:
        """Each of the input kind's pages' own body F1, for the pages with body lines."""
        return [f1 for page in self.pages.get(kind, []) if (f1 := page.body_f1) is not None]

    def wrong_lines(self, kind: str) -> int:
        """The input kind's wrong lines over all its pages."""
        return sum(page.wrong for page in self.pages.get(kind, []))

    def most_wrong(self, kind: str) -> list[PageErrors]:
        """The PAGES_SHOWN pages of the input kind with the most wrong lines, most first."""
        ranked = sorted(self.pages.get(kind, []), key=lambda page: -page.wrong)
        return [page for page in ranked[:PAGES_SHOWN] if page.wrong]


def page_views(page: LabelledPage) -> dict[str, list[Line]]:
    """The page's lines as each input kind it can be given as."""
    lines = [labelled.line for labelled in page.lines]
    views = {"text": [Line(line.text) for line in lines]}
    if page.input_kind == "html" and any(line.dom is not None for line in lines):
        views["html"] = lines
    return views


def _labelled_views(segmenter: Segmenter, pages: Iterable[LabelledPage], site: SiteMemory | None = None
                    ) -> Iterator[tuple[LabelledPage, str, list[LabelledLine]]]:
    """Each labelled page's views with the model's labels, labelled a batch of pages at a time."""
    items = (page for page in pages if any(line.label for line in page.lines))
    while batch := [(page, kind, lines) for page in islice(items, BATCH_PAGES)
                    for kind, lines in page_views(page).items()]:
        columns = None if site is None else [site.page_columns(page.url, lines) for page, _, lines in batch]
        labelled = segmenter.label_pages([lines for _, _, lines in batch], columns)
        yield from ((page, kind, predicted) for (page, kind, _), predicted in zip(batch, labelled))


def evaluate(segmenter: Segmenter, pages: Iterable[LabelledPage], site: SiteMemory | None = None) -> Report:
    """Scores of the model's labels on the pages; `site` holds the counts of the pages' hosts' lines
    for a model trained with site memory (see segmenter.site_memory)."""
    pairs: dict[tuple[str, str], list[tuple[Label, Label]]] = defaultdict(list)
    pages_seen: dict[tuple[str, str], int] = defaultdict(int)
    scores: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    page_errors: dict[str, list[PageErrors]] = defaultdict(list)
    for page, kind, predicted in _labelled_views(segmenter, pages, site):
        gold = [line.label for line in page.lines]
        scored = [(g, p.label) for g, p in zip(gold, predicted) if g is not None]
        page_errors[kind].append(PageErrors.of(page.id, scored))
        scores[kind].extend((p.score, g is p.label) for g, p in zip(gold, predicted) if g is not None)
        for key in ((kind, ""), (kind, page.lang)):
            pairs[key].extend(scored)
            pages_seen[key] += 1
    overall = {kind: Scores.of(pairs[(kind, "")], pages_seen[(kind, "")])
               for kind in INPUT_KINDS if (kind, "") in pairs}
    by_language: dict[str, dict[str, Scores]] = defaultdict(dict)
    for (kind, lang), scored in sorted(pairs.items()):
        if lang and len(scored) >= MIN_LANGUAGE_LINES:
            by_language[lang][kind] = Scores.of(scored, pages_seen[(kind, lang)])
    calibration = {kind: Calibration(np.array([s for s, _ in pairs_]), np.array([c for _, c in pairs_]))
                   for kind, pairs_ in scores.items()}
    transition_weight = None if segmenter.transitions is None else segmenter.transitions.weight
    return Report(overall, dict(by_language), calibration, segmenter.body_weight, dict(page_errors), transition_weight,
                  segmenter.empty_page_body_weight)


def labelled_pages(path: Path, split: str = "test") -> Iterable[LabelledPage]:
    """Pages from a corpus folder's split, or from a JSONL file of labelled pages."""
    if path.is_dir():
        return read_corpus(path, [split])
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: give a corpus folder or a JSONL file of labelled pages")
    return read_pages(path)


def render_table(report: Report) -> str:
    """The report as Markdown tables: per kind and label, the confusion matrices, then languages."""
    out = ["| input | label | precision | recall | F1 | lines |", "|---|---|---|---|---|---|"]
    for kind, scores in report.overall.items():
        for name, row in scores.per_label().items():
            out.append(f"| {kind} | {name} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} "
                       f"| {row['support']} |")
        out.append(f"| {kind} | **macro-F1** | | | **{scores.macro_f1():.3f}** | {scores.lines} |")
    for kind, scores in report.overall.items():
        out += ["", f"Confusion ({kind} input; rows gold, columns predicted):", "",
                "| gold \\ predicted | " + " | ".join(label.value for label in LABELS) + " |",
                "|---" * (len(LABELS) + 1) + "|"]
        out += [f"| {label.value} | " + " | ".join(str(n) for n in scores.confusion[i]) + " |"
                for i, label in enumerate(LABELS)]
    for kind, calibration in report.calibration.items():
        out += ["", f"Calibration ({kind} input): expected calibration error {calibration.expected_error():.3f}", "",
                "| score of the label given | lines | mean score | accuracy |", "|---|---|---|---|"]
        out += [f"| {b['low']:.1f}–{b['high']:.1f} | {b['lines']} | {b['mean_score']:.3f} | {b['accuracy']:.3f} |"
                for b in calibration.bins()]
    if report.by_language:
        kinds = [kind for kind in INPUT_KINDS if kind in report.overall]
        header = " | ".join(f"{kind} body F1 | {kind} macro-F1" for kind in kinds)
        out += ["", f"| language | pages | lines | {header} |", "|---|---|---" + "|---|---" * len(kinds) + "|"]
        for lang, by_kind in sorted(report.by_language.items(), key=lambda item: -_lines(item[1])):
            first = next(iter(by_kind.values()))
            cells = " | ".join(_cells(by_kind.get(kind)) for kind in kinds)
            out.append(f"| {lang} | {first.pages} | {first.lines} | {cells} |")
    for kind in report.overall:
        out += _most_wrong_table(report, kind)
    return "\n".join(out) + "\n"


def _most_wrong_table(report: Report, kind: str) -> list[str]:
    shown = report.most_wrong(kind)
    if not shown:
        return []
    wrong = report.wrong_lines(kind)
    share = sum(page.wrong for page in shown) / wrong
    heading = (f"Pages with the most wrong lines ({kind} input): these {len(shown)} hold {share:.0%} of its "
               f"{wrong} wrong lines")
    out = ["", heading, "", "| page | lines | wrong | body missed | called body |", "|---|---|---|---|---|"]
    return out + [f"| {page.id} | {page.lines} | {page.wrong} | {page.body_missed} | {page.body_added} |"
                  for page in shown]


def _lines(by_kind: dict[str, Scores]) -> int:
    return max(scores.lines for scores in by_kind.values())


def _cells(scores: Scores | None) -> str:
    return f"{scores.body_f1():.3f} | {scores.macro_f1():.3f}" if scores else "- | -"


def summary(report: Report) -> Sequence[str]:
    """One line per input kind: the two figures people quote (and the weights, if not the defaults)."""
    weight = f", body weight {report.body_weight:g}" if report.body_weight != 1.0 else ""
    if report.transition_weight is not None and report.transition_weight != TRANSITION_WEIGHT:
        weight += f", transition weight {report.transition_weight:g}"
    if report.empty_page_body_weight != EMPTY_PAGE_BODY_WEIGHT:
        weight += f", empty-page body weight {report.empty_page_body_weight:g}"
    return [f"{kind}: body F1 {s.body_f1():.3f}, macro-F1 {s.macro_f1():.3f} ({s.pages} pages, {s.lines} lines"
            f"{weight}){_per_page(report, kind)}" for kind, s in report.overall.items()]


def _per_page(report: Report, kind: str) -> str:
    scores = report.page_body_f1s(kind)
    return f"; body F1 per page {np.mean(scores):.3f} (mean over {len(scores)} pages with body)" if scores else ""
