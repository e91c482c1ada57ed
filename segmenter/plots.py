"""An evaluation `Report` → PNG plots: confusion matrices, per-label scores, body F1 per language.

Drawn with matplotlib's Agg canvas on `Figure` objects, never pyplot: no window, no global state, the
same files on a server as on a laptop. matplotlib is optional (`pip install 'segmenter[plots]'`) and
imported only here, when plots are asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from segmenter.evaluate import INPUT_KINDS, MIN_LANGUAGE_LINES, Report, Scores
from segmenter.labels import LABELS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CONFUSION_FILE = "confusion.png"
LABEL_SCORES_FILE = "label_scores.png"
LANGUAGE_FILE = "language_body_f1.png"
# Dots per inch: sharp in a Markdown preview on a high-density screen, still tens of kilobytes.
DPI = 120
# A cell's share above which its text is drawn white: the colour map is dark from there on.
DARK_CELL_SHARE = 0.55
# One colour per measure and per input kind (Okabe-Ito: told apart with colour-vision deficiencies).
MEASURE_COLOURS = {"precision": "#56b4e9", "recall": "#e69f00", "f1": "#009e73"}
KIND_COLOURS = {"text": "#0072b2", "html": "#d55e00"}


def require_matplotlib() -> None:
    """Raise ImportError, saying how to install it, when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as error:
        raise ImportError("plots need matplotlib: pip install 'segmenter[plots]'") from error


def write_plots(report: Report, out: Path) -> list[Path]:
    """Write the report's plots into `out` (created if need be) and return their paths; the language
    plot only when some language has enough lines to get a row (evaluate.MIN_LANGUAGE_LINES)."""
    require_matplotlib()
    if not report.overall:
        raise ValueError("the report scores no lines: nothing to plot")
    out.mkdir(parents=True, exist_ok=True)
    figures = {CONFUSION_FILE: confusion_figure(report), LABEL_SCORES_FILE: label_scores_figure(report)}
    if report.by_language:
        figures[LANGUAGE_FILE] = language_figure(report)
    written = []
    for name, figure in figures.items():
        figure.savefig(out / name, dpi=DPI)
        written.append(out / name)
    return written


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _kinds(report: Report) -> list[str]:
    return [kind for kind in INPUT_KINDS if kind in report.overall]


def row_shares(confusion: np.ndarray) -> np.ndarray:
    """Each cell as a share of its gold row (a row without gold lines stays zero)."""
    totals = confusion.sum(axis=1, keepdims=True)
    return np.divide(confusion, totals, out=np.zeros(confusion.shape, dtype=float), where=totals > 0)


def confusion_figure(report: Report) -> Figure:
    """Per input kind, the confusion matrix normalised by gold row, each cell with its count."""
    kinds = _kinds(report)
    figure = _figure(5.2 * len(kinds), 4.8)
    axes = figure.subplots(1, len(kinds), squeeze=False)[0]
    image = None
    for ax, kind in zip(axes, kinds):
        image = _confusion(ax, report.overall[kind], kind)
    figure.colorbar(image, ax=list(axes), shrink=0.8, label="share of the gold label's lines")
    figure.suptitle("Confusion: rows gold, columns predicted (share of the row, and lines)")
    return figure


def _confusion(ax: Axes, scores: Scores, kind: str) -> object:
    shares = row_shares(scores.confusion)
    image = ax.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    names = [label.value for label in LABELS]
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"{kind} input: {scores.pages} pages, {scores.lines} lines")
    for (row, column), share in np.ndenumerate(shares):
        colour = "white" if share > DARK_CELL_SHARE else "black"
        ax.text(column, row, f"{share:.2f}\n{scores.confusion[row, column]}", ha="center", va="center",
                fontsize=8, color=colour)
    return image


def label_scores_figure(report: Report) -> Figure:
    """Per input kind, precision, recall and F1 of each label, its gold lines under its name."""
    kinds = _kinds(report)
    figure = _figure(5.6 * len(kinds), 4.2)
    axes = figure.subplots(1, len(kinds), squeeze=False, sharey=True)[0]
    for ax, kind in zip(axes, kinds):
        _label_scores(ax, report.overall[kind], kind)
    axes[0].set_ylabel("score")
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3, fontsize=8)
    figure.suptitle("Per-label precision, recall and F1 (lines of each gold label under its name)")
    return figure


def _label_scores(ax: Axes, scores: Scores, kind: str) -> None:
    rows = scores.per_label()
    positions = np.arange(len(rows))
    width = 0.8 / len(MEASURE_COLOURS)
    for k, (measure, colour) in enumerate(MEASURE_COLOURS.items()):
        values = [row[measure] for row in rows.values()]
        bars = ax.bar(positions + (k - 1) * width, values, width, label=measure, color=colour)
        if measure == "f1":
            ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
    ax.set_xticks(positions, [f"{name}\n{row['support']}" for name, row in rows.items()], fontsize=8)
    ax.set_ylim(0, 1.08)
    ax.set_title(f"{kind} input: macro-F1 {scores.macro_f1():.3f}")
    ax.grid(axis="y", alpha=0.3)


def language_figure(report: Report) -> Figure:
    """Body F1 per language and input kind, languages by their scored lines, most first."""
    kinds = _kinds(report)
    languages = sorted(report.by_language, key=lambda lang: -max(s.lines for s in report.by_language[lang].values()))
    figure = _figure(max(5.0, 0.9 * len(languages) + 1.5), 3.8)
    ax = figure.subplots()
    positions = np.arange(len(languages))
    width = 0.8 / len(kinds)
    for k, kind in enumerate(kinds):
        # A language scored as one kind only (text pages have no HTML view) gets no bar, not a zero.
        present = [i for i, lang in enumerate(languages) if kind in report.by_language[lang]]
        values = [report.by_language[languages[i]][kind].body_f1() for i in present]
        bars = ax.bar(positions[present] + (k - (len(kinds) - 1) / 2) * width, values, width,
                      label=f"{kind} input", color=KIND_COLOURS.get(kind))
        ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
    lines = [max(s.lines for s in report.by_language[lang].values()) for lang in languages]
    ax.set_xticks(positions, [f"{lang}\n{n}" for lang, n in zip(languages, lines)], fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("body F1")
    ax.grid(axis="y", alpha=0.3)
    figure.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=len(kinds), fontsize=8)
    ax.set_title(f"Body F1 per language (scored lines under each; languages with {MIN_LANGUAGE_LINES}+ lines)")
    return figure
