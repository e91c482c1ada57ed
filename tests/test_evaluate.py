"""Scores from hand-made label pairs, and page views by input kind."""

from __future__ import annotations

import pytest

from segmenter.corpus.records import LabelledLine, LabelledPage
from segmenter.evaluate import Scores, page_views
from segmenter.labels import Label
from segmenter.lines import DomContext

B, N, C, R, O = Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.RELATED, Label.OTHER


def test_per_label_scores_and_macro_over_present_labels() -> None:
    scores = Scores.of([(B, B), (B, B), (B, N), (N, N), (N, B), (C, C)], pages=1)
    rows = scores.per_label()
    assert rows["body"] == {"precision": 2 / 3, "recall": 2 / 3, "f1": pytest.approx(2 / 3), "support": 3}
    assert rows["navigation"]["precision"] == 0.5 and rows["navigation"]["recall"] == 0.5
    assert rows["comments"]["f1"] == 1.0 and rows["related"]["support"] == 0
    assert scores.macro_f1() == pytest.approx((2 / 3 + 0.5 + 1.0) / 3)  # related, other absent
    assert scores.lines == 6 and scores.confusion[0].tolist() == [2, 1, 0, 0, 0]


def test_html_pages_are_scored_as_both_kinds_text_pages_as_text() -> None:
    dom = DomContext("p", ("body:0", "p:0"), 0.0)
    lines = (LabelledLine("Hello.", B, False, dom), LabelledLine("Home", N, False, dom))
    html = LabelledPage(id="a", lang="en", source="x", lines=lines)
    views = page_views(html)
    assert set(views) == {"text", "html"}
    assert all(line.dom is None for line in views["text"]) and views["html"][0].dom == dom
    text = LabelledPage(id="b", lang="en", source="x", lines=lines, input_kind="text")
    assert set(page_views(text)) == {"text"}


def test_calibration_bins_and_expected_error() -> None:
    import numpy as np

    from segmenter.evaluate import Calibration

    calibration = Calibration(np.array([0.95, 0.95, 0.55, 0.55]), np.array([True, True, True, False]))
    bins = calibration.bins()
    assert [(b["lines"], b["accuracy"]) for b in bins] == [(2, 0.5), (2, 1.0)]
    assert calibration.expected_error() == pytest.approx((2 * 0.05 + 2 * 0.05) / 4)


def test_page_errors_count_wrong_missed_and_added_body_lines() -> None:
    from segmenter.evaluate import PageErrors

    errors = PageErrors.of("p", [(B, B), (B, N), (B, C), (N, B), (N, N), (R, O)])
    assert errors == PageErrors("p", lines=6, wrong=4, body_missed=2, body_added=1, body_kept=1)
    assert errors.body_f1 == pytest.approx(2 * 1 / (2 * 1 + 2 + 1))
    assert PageErrors.of("q", [(N, B), (R, R)]).body_f1 is None  # no body line to find: not scored


def test_the_mean_page_body_f1_counts_each_page_once() -> None:
    from segmenter.evaluate import PageErrors, Report, summary

    long = PageErrors("long", lines=1000, wrong=0, body_missed=0, body_added=0, body_kept=1000)
    short = PageErrors("short", lines=4, wrong=4, body_missed=2, body_added=2, body_kept=0)
    bodiless = PageErrors("menu", lines=3, wrong=0, body_missed=0, body_added=0, body_kept=0)
    report = Report(overall={"text": Scores.of([(B, B)] * 1000 + [(B, N)] * 2 + [(N, B)] * 2, pages=3)},
                    pages={"text": [long, short, bodiless]})
    assert report.page_mean_body_f1("text") == 0.5 and report.page_mean_body_f1("html") is None
    assert report.to_json()["page_mean_body_f1"] == {"text": 0.5}
    assert summary(report)[0].endswith("; body F1 per page 0.500 (mean over 2 pages with body)")


def test_the_pages_with_most_wrong_lines_are_listed_most_first() -> None:
    from segmenter.evaluate import PAGES_SHOWN, PageErrors, Report, render_table

    pages = [PageErrors(f"p{n}", lines=50, wrong=n, body_missed=n, body_added=0, body_kept=0)
             for n in range(PAGES_SHOWN + 5)]
    report = Report(overall={"text": Scores.of([(B, N)], pages=len(pages))}, pages={"text": pages})
    shown = report.most_wrong("text")
    assert [page.id for page in shown] == [f"p{n}" for n in range(PAGES_SHOWN + 4, 4, -1)]
    table = render_table(report)
    wrong = sum(range(PAGES_SHOWN + 5))
    share = sum(range(5, PAGES_SHOWN + 5)) / wrong
    assert f"these {PAGES_SHOWN} hold {share:.0%} of its {wrong} wrong lines" in table
    assert f"| p{PAGES_SHOWN + 4} | 50 | {PAGES_SHOWN + 4} | {PAGES_SHOWN + 4} | 0 |" in table
    assert report.to_json()["pages"]["text"][1] == {"id": "p1", "lines": 50, "wrong": 1, "body_missed": 1,
                                                    "body_added": 0, "body_kept": 0}


def test_pages_without_wrong_lines_are_not_listed() -> None:
    from segmenter.evaluate import PageErrors, Report, render_table

    report = Report(overall={"text": Scores.of([(B, B)], pages=1)},
                    pages={"text": [PageErrors("p", lines=1, wrong=0, body_missed=0, body_added=0,
                                                        body_kept=1)]})
    assert report.most_wrong("text") == [] and "most wrong lines" not in render_table(report)
