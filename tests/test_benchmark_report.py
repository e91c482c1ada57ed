"""The benchmark's summary and tables (benchmarks/report.py), on hand-made page scores."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from compare import Output, usable  # noqa: E402
from report import PageScore, markdown_tables, summarise, write_report  # noqa: E402

from segmenter.text_scores import SnippetCounts  # noqa: E402


def scores() -> list[PageScore]:
    rows = []
    for tool, f1, seconds in (("segmenter", 0.9, 0.01), ("trafilatura", 0.7, 0.02)):
        for i in range(8):
            rows.append(PageScore(tool, f"wcxb/{i}", "wcxb", "en" if i < 4 else "de", "forum", f1, f1, f1, None,
                              0.5 if tool == "segmenter" else None, seconds))
        rows.append(PageScore(tool, "t/1", "trafilatura-eval", "de", "article", None, None, None,
                          SnippetCounts(found=3, missed=1) if tool == "segmenter" else SnippetCounts(found=1, missed=3),
                          None, seconds, "" if tool == "segmenter" else "ValueError: broken"))
    return rows


def test_summary_scores_collections_languages_page_types_and_speed() -> None:
    results = summarise(scores(), ["segmenter", "trafilatura"])
    assert results["pages"] == 9
    assert results["collections"]["trafilatura-eval"]["segmenter"]["f1"] == pytest.approx(2 * 0.75 / 1.75)
    assert results["collections"]["wcxb"]["trafilatura"] == {"pages": 8, "measure": "tokens", "precision": 0.7,
                                                             "recall": 0.7, "f1": 0.7}
    assert results["mean_over_collections"]["segmenter"] == pytest.approx((0.9 + 2 * 0.75 / 1.75) / 2)
    assert results["non_english"] == {"segmenter": 0.9, "trafilatura": 0.7}
    assert results["languages"] == {}  # 4 pages each: too few for a row of their own
    assert results["page_types"]["forum"] == {"pages": 8, "segmenter": 0.9, "trafilatura": 0.7}
    assert results["comments"] == {"pages": 8, "f1": 0.5, "collections": ["wcxb"]}
    assert results["speed"]["segmenter"]["pages_per_second"] == pytest.approx(100.0)
    assert results["speed"]["trafilatura"]["errors"] == 1


def test_tables_mark_the_best_tool_and_the_speed_ratio() -> None:
    tables = markdown_tables(summarise(scores(), ["segmenter", "trafilatura"]))
    assert "| wcxb (8 pages, tokens) | **0.900** | 0.700 |" in tables
    assert "| segmenter's speed ÷ tool's | 1.00 | 2.00 |" in tables


def test_the_report_needs_its_result_markers(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARK.md"
    report.write_text("# Benchmark\n\nprose only\n")
    with pytest.raises(ValueError, match="markers"):
        write_report(summarise(scores(), ["segmenter"]), report, tmp_path / "plot.png")


def test_a_peer_that_failed_on_every_page_stops_the_run() -> None:
    failed = [Output("a", "", "", 0.0, "ModuleNotFoundError: No module named 'trafilatura'"),
              Output("b", "", "", 0.0, "ModuleNotFoundError: No module named 'trafilatura'")]
    with pytest.raises(SystemExit, match="trafilatura failed on every page .ModuleNotFoundError"):
        usable("trafilatura", failed)
    some = [failed[0], Output("b", "text", "", 0.1)]
    assert usable("trafilatura", some) == some
    assert usable("trafilatura", []) == []
