"""Hostile input: every document gets exactly one answer, labelled or refused with a reason, and
nothing crashes a batch (issue 6)."""

from __future__ import annotations

import gzip
import json
import random
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny_corpus import page_html

from segmenter.batch import Job, Labeller, Rendered, label_records
from segmenter.cli import main
from segmenter.inputs import read_pages
from segmenter.limits import Limits
from segmenter.lines import text_lines
from segmenter.outputs import Output, OutputFormat
from segmenter.sources import Failure, InputKind, RawPage, Status

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "examples" / "english_article_bengali_site.html"
JSONL = Output(OutputFormat.JSONL)
GOOD = page_html(1).encode()

HOSTILE: dict[str, tuple[RawPage, set[Status]]] = {
    "empty": (RawPage(b"", InputKind.HTML), {Status.EMPTY}),
    "whitespace only": (RawPage(b" \n\t\r\n ", InputKind.TEXT), {Status.EMPTY}),
    "images only": (RawPage(b"<html><body><img src=a.png><img src=b.png></body></html>", InputKind.HTML),
                    {Status.EMPTY}),
    "binary served as html": (RawPage(random.Random(0).randbytes(20_000), InputKind.HTML), {Status.OK, Status.EMPTY}),
    "NUL bytes": (RawPage(b"<p>a\x00b</p>\x00<p>\x00</p>", InputKind.HTML), {Status.OK}),
    "invalid UTF-8": (RawPage(b"<meta charset=utf-8><p>caf\xe9 \xff\xfe ok</p>", InputKind.HTML), {Status.OK}),
    "wrong charset": (RawPage("<p>Zürich Straße</p>".encode("cp1252"), InputKind.HTML, charset="utf-8"), {Status.OK}),
    "unknown charset": (RawPage(b"<p>hello there</p>", InputKind.HTML, charset="x-no-such-codec"), {Status.OK}),
    "lone surrogates": (RawPage("line one \ud800\nline \udfff two", InputKind.TEXT), {Status.OK}),
    "5 MB line": (RawPage(b"word " * 1_000_000, InputKind.TEXT), {Status.OK}),
    "30,000-deep nesting": (RawPage(b"<div>" * 30_000 + b"deep" + b"</div>" * 30_000, InputKind.HTML),
                            {Status.TOO_LARGE}),
    "unclosed tags": (RawPage(b"<p>" * 30_000 + b"<li>" * 30_000, InputKind.HTML), {Status.OK, Status.EMPTY}),
    "truncated markup": (RawPage(GOOD[: len(GOOD) // 2], InputKind.HTML), {Status.OK}),
    "bad record": (Failure("x", Status.NOT_HTML, "content type image/png, not a page"), {Status.NOT_HTML}),
}


@lru_cache(maxsize=8)
def labeller(model: Path, limits: Limits) -> Labeller:
    return Labeller(Job(model, JSONL, limits=limits))  # loaded once: the property tests call it hundreds of times


def answer(tiny_model: Path, record: RawPage | Failure, limits: Limits = Limits()) -> Rendered:
    outcomes = labeller(tiny_model, limits)([record])
    assert len(outcomes) == 1 and isinstance(outcomes[0], Rendered)
    json.loads(outcomes[0].text)  # always a valid object...
    outcomes[0].text.encode("utf-8")  # ...in valid UTF-8
    return outcomes[0]


@pytest.mark.parametrize("case", list(HOSTILE))
def test_each_hostile_document_gets_one_answer(tiny_model: Path, case: str) -> None:
    record, expected = HOSTILE[case]
    outcome = answer(tiny_model, record)
    assert outcome.status in expected, outcome.reason
    assert (outcome.status is Status.OK) == (not outcome.reason)


def test_a_long_line_is_output_whole(tiny_model: Path) -> None:
    outcome = answer(tiny_model, HOSTILE["5 MB line"][0])
    assert len(json.loads(outcome.text)["lines"][0]["text"]) == len("word " * 1_000_000)


def test_limits_refuse_with_too_large_or_timeout(tiny_model: Path) -> None:
    big = RawPage(GOOD * 2000, InputKind.HTML)
    assert answer(tiny_model, big, Limits(max_page_bytes=10_000)).status is Status.TOO_LARGE
    assert answer(tiny_model, big, Limits(max_lines=100)).status is Status.TOO_LARGE
    timed_out = answer(tiny_model, big, Limits(time_budget=0.001))
    assert timed_out.status is Status.TIMEOUT and "took over" in timed_out.reason
    assert answer(tiny_model, big, Limits()).status is Status.OK


def test_files_over_the_size_limit_are_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_bytes(b"<p>x</p>" * 1000)
    (tmp_path / "pages.jsonl").write_text(json.dumps({"id": "a", "text": "x" * 5000}) + "\n"
                                          + json.dumps({"id": "b", "text": "short"}) + "\n")
    big, long_line, short = read_pages([str(tmp_path / "big.html"), str(tmp_path / "pages.jsonl")],
                                       max_page_bytes=1000)
    assert big.status is Status.TOO_LARGE and long_line.status is Status.TOO_LARGE
    assert long_line.id.endswith("pages.jsonl:1") and short.id == "b"


def test_a_batch_of_1000_mixed_documents_answers_each(tiny_model: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    rows = []
    for i in range(1000):
        kind = i % 5
        if kind == 0:
            rows.append(b"not json at all")
        elif kind == 1:
            rows.append(json.dumps({"id": f"e{i}", "html": ""}).encode())
        elif kind == 2:
            rows.append(json.dumps({"id": f"s{i}", "text": "a \ud800 b"}).encode())
        else:
            rows.append(json.dumps({"id": f"g{i}", "html": page_html(i)}).encode())
    path = tmp_path / "mixed.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(rows) + b"\n"))
    out = tmp_path / "out.jsonl"
    assert main(["label", str(path), "--output-format", "jsonl", "-o", str(out), "--workers", "1",
                 "--model", str(tiny_model)]) == 1
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(results) == 1000
    assert [r["status"] for r in results[:5]] == ["parse_error", "empty", "ok", "ok", "ok"]
    assert "1,000 records: 600 ok, 200 parse_error, 200 empty" in capsys.readouterr().err


def test_good_records_are_unchanged_by_broken_ones_around_them(tiny_model: Path) -> None:
    good = [RawPage(page_html(i).encode(), InputKind.HTML, id=f"g{i}") for i in range(6)]
    alone = [outcome.text for outcome in label_records(good, Job(tiny_model, JSONL))]
    mixed = [good[0], HOSTILE["30,000-deep nesting"][0], good[1], HOSTILE["binary served as html"][0], *good[2:],
             Failure("f", Status.PARSE_ERROR, "broken")]
    outcomes = list(label_records(mixed, Job(tiny_model, JSONL)))
    assert [o.text for o in outcomes if o.id.startswith("g")] == alone


def test_same_input_same_output(tiny_model: Path) -> None:
    pages = [RawPage(page_html(i).encode(), InputKind.HTML, id=str(i)) for i in range(5)]
    first = [o.text for o in label_records(pages, Job(tiny_model, JSONL))]
    assert [o.text for o in label_records(pages, Job(tiny_model, JSONL))] == first


@pytest.mark.parametrize("damage", ["missing meta", "meta not JSON", "other version", "truncated context",
                                    "truncated text model"])
def test_a_damaged_model_gives_one_clear_message(tiny_model: Path, tmp_path: Path, damage: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    if damage == "missing meta":
        (model / "model.json").unlink()
    elif damage == "meta not JSON":
        (model / "model.json").write_text("{")
    elif damage == "other version":
        meta = json.loads((model / "model.json").read_text())
        (model / "model.json").write_text(json.dumps({**meta, "format": 0}))
    else:
        name = "context.npz" if damage == "truncated context" else "text.ftz"
        (model / name).write_bytes((model / name).read_bytes()[:100])
    (tmp_path / "page.txt").write_text("Hello there\n")
    code = main(["label", str(tmp_path / "page.txt"), "--model", str(model)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and str(model) in err
    assert "segmenter train" in err


# Property tests: any bytes, any text, any mutation of a real page: one answer, one label per line.
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(data=st.binary(max_size=3000), html=st.booleans())
def test_any_bytes_get_one_answer(tiny_model: Path, data: bytes, html: bool) -> None:
    outcome = answer(tiny_model, RawPage(data, InputKind.HTML if html else InputKind.TEXT))
    assert outcome.status in (Status.OK, Status.EMPTY)


@PROPERTY
@given(text=st.text(max_size=2000))
def test_any_text_gets_a_label_per_non_blank_line(tiny_model: Path, text: str) -> None:
    outcome = answer(tiny_model, RawPage(text, InputKind.TEXT))
    labelled = json.loads(outcome.text)["lines"]
    assert len(labelled) == len(text_lines(text))
    assert (outcome.status is Status.EMPTY) == (not labelled)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 50))
def test_mutated_real_pages_get_one_answer(tiny_model: Path, seed: int, edits: int) -> None:
    rng = random.Random(seed)
    page = bytearray(EXAMPLE.read_bytes())
    for _ in range(edits):
        at = rng.randrange(len(page))
        action = rng.randrange(3)
        if action == 0:
            page[at] = rng.randrange(256)
        elif action == 1:
            del page[at: at + rng.randrange(1, 500)]
        else:
            page[at:at] = rng.randbytes(rng.randrange(1, 50))
    outcome = answer(tiny_model, RawPage(bytes(page), InputKind.HTML))
    assert outcome.status in (Status.OK, Status.EMPTY)
