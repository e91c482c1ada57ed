"""Evaluation plots of issue 7: PNG files from a hand-built Report, and `evaluate --plots`."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from tiny_corpus import write_corpus  # noqa: E402

from segmenter.cli import main  # noqa: E402
from segmenter.evaluate import Report, Scores  # noqa: E402
from segmenter.labels import Label  # noqa: E402
from segmenter.plots import (CONFUSION_FILE, LABEL_SCORES_FILE, LANGUAGE_FILE, confusion_figure,  # noqa: E402
                             language_figure, row_shares, write_plots)

B, N, C, R, O = Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.RELATED, Label.OTHER
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def scores(pairs: list[tuple[Label, Label]], pages: int = 1) -> Scores:
    return Scores.of(pairs, pages)


TEXT = scores([(B, B)] * 8 + [(B, N)] * 2 + [(N, N)] * 5 + [(C, C)] * 3 + [(R, N)] * 2 + [(O, O)], pages=3)
HTML = scores([(B, B)] * 10 + [(N, N)] * 5 + [(C, R)] * 3 + [(R, R)] * 2 + [(O, O)], pages=3)
REPORT = Report(overall={"text": TEXT, "html": HTML},
                by_language={"en": {"text": TEXT, "html": HTML}, "ar": {"text": scores([(B, B), (N, B)])}})


def is_png(path: Path) -> bool:
    return path.read_bytes().startswith(PNG_SIGNATURE) and path.stat().st_size > 5_000


def test_write_plots_writes_three_pngs(tmp_path: Path) -> None:
    written = write_plots(REPORT, tmp_path / "plots")
    assert [path.name for path in written] == [CONFUSION_FILE, LABEL_SCORES_FILE, LANGUAGE_FILE]
    assert all(is_png(path) for path in written)


def test_no_language_rows_no_language_plot(tmp_path: Path) -> None:
    written = write_plots(Report(overall={"text": TEXT}), tmp_path)
    assert [path.name for path in written] == [CONFUSION_FILE, LABEL_SCORES_FILE]


def test_an_empty_report_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nothing to plot"):
        write_plots(Report(overall={}), tmp_path)


def test_confusion_is_normalised_by_gold_row_with_counts() -> None:
    shares = row_shares(TEXT.confusion)
    assert np.allclose(shares[0], [0.8, 0.2, 0, 0, 0]) and np.allclose(shares[3], [0, 1, 0, 0, 0])
    assert np.allclose(row_shares(np.zeros((2, 2), dtype=np.int64)), 0)  # no gold lines: zeros, no NaN
    figure = confusion_figure(REPORT)
    first = figure.axes[0]
    assert first.get_title() == "text input: 3 pages, 21 lines"
    assert [text.get_text() for text in first.texts[:2]] == ["0.80\n8", "0.20\n2"]
    assert np.allclose(first.images[0].get_array(), shares)


def test_language_plot_leaves_out_kinds_a_language_was_not_scored_as() -> None:
    ax = language_figure(REPORT).axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["en\n21", "ar\n2"]
    heights = [[bar.get_height() for bar in container] for container in ax.containers]
    assert np.allclose(heights[0], [TEXT.body_f1(), 2 / 3]) and heights[1] == [1.0]  # text: en, ar; html: en


def test_evaluate_plots_flag(tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    code = main(["evaluate", "--model", str(tiny_model), "--corpus", str(corpus), "--plots", str(tmp_path / "p")])
    assert code == 0
    assert "wrote 2 plots" in capsys.readouterr().err  # the tiny corpus has no language of 200 lines
    assert all(is_png(tmp_path / "p" / name) for name in (CONFUSION_FILE, LABEL_SCORES_FILE))


def test_evaluate_plots_without_matplotlib_fails_before_evaluating(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    code = main(["evaluate", "--corpus", str(tmp_path / "absent"), "--plots", str(tmp_path / "p")])
    assert code == 2 and "pip install 'segmenter[plots]'" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()
