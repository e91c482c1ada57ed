"""Site memory: each line's share of the other pages of its host, counted in a fixed-size sketch."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tiny_corpus import page_html

from segmenter.cli import main
from segmenter.lines import Line
from segmenter.segmenter import Segmenter
from segmenter.site_memory import SITE_COLUMNS, SiteMemory, host_of, line_keys


def page(*texts: str) -> list[Line]:
    return [Line(text) for text in texts]


def test_lines_alike_but_for_case_spacing_and_numbers_share_a_key() -> None:
    keys = line_keys("a.example", page("Home", " home ", "Comments (12)", "comments (3)", "Story"))
    assert keys[0] == keys[1] and keys[2] == keys[3] and len(set(keys.tolist())) == 3
    assert line_keys("b.example", page("Home"))[0] != keys[0]


def test_share_of_the_other_pages_of_the_host_with_the_line() -> None:
    memory = SiteMemory()
    pages = [page("Home", "Story one", "© 2024"), page("Home", "Story two", "© 2025"), page("Home", "Story three")]
    for lines in pages:
        memory.add("a.example", line_keys("a.example", lines))
    memory.add("a.example", line_keys("a.example", page("Home", "Home")))  # a line twice on a page counts once
    columns = memory.columns("a.example", line_keys("a.example", pages[0]))
    assert columns.shape == (3, len(SITE_COLUMNS))
    assert columns[:, 0].tolist() == [1.0, 0.0, pytest.approx(1 / 3)]
    assert np.allclose(columns[:, 1], np.log1p(3))


def test_a_host_with_one_page_or_none_knows_nothing() -> None:
    memory = SiteMemory()
    memory.add("a.example", line_keys("a.example", page("Home")))
    memory.add("", line_keys("", page("Home")))
    assert not memory.columns("a.example", line_keys("a.example", page("Home"))).any()
    assert not memory.columns("", line_keys("", page("Home"))).any()
    assert memory.pages[""] == 0


def test_host_of_urls() -> None:
    assert host_of("https://News.Example.com:8080/a?b") == "news.example.com"
    assert host_of("not a url") == "" and host_of("http://[bad") == ""


def test_a_site_model_labels_with_and_without_counts(tiny_site_model: Path) -> None:
    model = Segmenter.load(tiny_site_model)
    assert model.uses_site_memory
    lines = page("Home", "World", "A story about the harbour and the boats.")
    assert len(model.label(lines)) == 3  # no counts: zeros, as for a page alone


def test_cli_site_memory_reads_files_twice_and_needs_a_site_model(tiny_model: Path, tiny_site_model: Path,
                                                                  tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    pages = tmp_path / "crawl.jsonl"
    pages.write_text("".join(json.dumps({"id": str(i), "url": f"https://site.example/{i}", "html": page_html(i)}) + "\n"
                             for i in range(6)))
    assert main(["label", str(pages), "--site-memory", "--model", str(tiny_site_model)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 6 * 10
    assert main(["label", str(pages), "--site-memory", "--model", str(tiny_model)]) == 2
    assert "trained without site memory" in capsys.readouterr().err
    assert main(["label", "--site-memory", "--model", str(tiny_site_model)]) == 2
    assert "give files" in capsys.readouterr().err
