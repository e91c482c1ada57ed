"""segmenter.datatrove_step: SegmenterExtractor and WetReader in datatrove pipelines, run by
datatrove's local executor and on a local Ray cluster, over WARC and WET files made here."""

from __future__ import annotations

import gzip
import json
import pickle
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

pytest.importorskip("datatrove", reason="the datatrove extra is not installed")
pytest.importorskip("fastwarc", reason="the datatrove extra is not installed")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.base import PipelineStep  # noqa: E402

import segmenter.datatrove_step as step_module  # noqa: E402
from segmenter.datatrove_step import SegmenterExtractor, WetReader, sniff_format  # noqa: E402
from segmenter.labels import Label  # noqa: E402
from segmenter.lines import html_lines  # noqa: E402
from segmenter.segmenter import EMPTY_PAGE_BODY_WEIGHT, LabelledLine  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "examples" / "english_article_bengali_site.html"
ARTICLE_SENTENCE = "More than 40,000 people have left their homes in Sylhet"
BENGALI_HEADLINES = ("সিলেটে বন্যায় পানিবন্দি লাখো মানুষ", "বিশ্বকাপ বাছাইয়ে জয় দিয়ে শুরু বাংলাদেশের")
SECOND_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Library reopens after two-year restoration</title></head><body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>Library reopens after two-year restoration</h1>
<p>The town's central library reopened on Saturday after a two-year restoration that repaired its roof, replaced
the heating and added a children's reading room on the ground floor.</p>
<p>Hundreds of residents queued before the doors opened at nine, and the librarians said more than 600 books were
borrowed in the first three hours.</p></article></main>
<footer><p>&copy; 2026 Riverside Gazette. All rights reserved.</p></footer></body></html>"""
# Markup and no text: the reader passes it, the extractor drops it for having no kept text.
NO_TEXT_PAGE = b"<html><head><script>var tracking = 1;</script></head><body><script>render()</script></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
# A WET page libmagic calls a shell script: datatrove's WarcReader drops it, WetReader must not.
SHEBANG_PAGE = ("#!/bin/sh explained: what the first line of a script does\n"
                "The first line of a shell script names the program that runs it.\n"
                "Without it, the script runs in whatever shell started it, which may not be the one you wrote for.")


# --- WARC and WET files, written by hand: a record is text headers, a blank line, a block ----------

def warc_record(warc_type: str, block: bytes, **headers: str) -> bytes:
    """One record; header names are given with "_" for "-" (WARC_Target_URI=...)."""
    lines = ["WARC/1.0", f"WARC-Type: {warc_type}", f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>",
             "WARC-Date: 2026-11-22T05:28:00Z",
             *(f"{name.replace('_', '-')}: {value}" for name, value in headers.items()),
             f"Content-Length: {len(block)}"]
    return "\r\n".join(lines).encode() + b"\r\n\r\n" + block + b"\r\n\r\n"


def http_response(uri: str, body: bytes, mime: str) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {mime}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    return warc_record("response", head + body, WARC_Target_URI=uri, Content_Type="application/http; msgtype=response",
                       WARC_Identified_Payload_Type=mime.split(";")[0])


def conversion(uri: str, text: str) -> bytes:
    return warc_record("conversion", text.encode(), WARC_Target_URI=uri, Content_Type="text/plain")


def example_as_wet_text() -> str:
    """The example page as Common Crawl's WET conversion gives it: title first, one block per line."""
    return "\n".join(line.text for line in html_lines(EXAMPLE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def warc_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two WARC files (one gzipped, record by record as crawlers write them), one per task."""
    folder = tmp_path_factory.mktemp("warc")
    info = warc_record("warcinfo", b"software: segmenter tests\r\n", Content_Type="application/warc-fields")
    (folder / "a.warc").write_bytes(
        info + http_response("https://example.com.bd/english/floods", EXAMPLE.read_bytes(), "text/html; charset=utf-8")
        + http_response("https://example.com.bd/logo.png", PNG, "image/png")
        + http_response("https://example.com.bd/app", NO_TEXT_PAGE, "text/html"))
    records = [info, warc_record("request", b"GET /library HTTP/1.1\r\nHost: example.org\r\n\r\n",
                                 WARC_Target_URI="https://example.org/library"),
               http_response("https://example.org/library", SECOND_PAGE, "text/html; charset=utf-8")]
    (folder / "b.warc.gz").write_bytes(b"".join(gzip.compress(record) for record in records))
    return folder


@pytest.fixture(scope="module")
def wet_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wet")
    records = [warc_record("warcinfo", b"software: segmenter tests\r\n", Content_Type="application/warc-fields"),
               conversion("https://example.com.bd/english/floods", example_as_wet_text()),
               conversion("https://example.org/shebang", SHEBANG_PAGE),
               conversion("https://example.org/empty", "")]
    (folder / "CC-TEST-00000.warc.wet.gz").write_bytes(b"".join(gzip.compress(record) for record in records))
    return folder


# --- running pipelines and reading what they wrote ---------------------------------------------

def warc_pipeline(warc: Path, output: Path) -> list[PipelineStep]:
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    return [WarcReader(str(warc)), SegmenterExtractor(batch_size=2, line_labels=True), JsonlWriter(str(output))]


def written(output: Path) -> dict[str, tuple[str, dict[str, object]]]:
    """Each written document's text and segmenter metadata, by id."""
    documents = {}
    for path in sorted(output.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for row in map(json.loads, handle):
                documents[row["id"]] = (row["text"], row["metadata"]["segmenter"])
    return documents


def step_stats(logging_dir: Path, name: str) -> dict[str, int]:
    """The counters of one step in the executor's merged stats.json."""
    steps = json.loads((logging_dir / "stats.json").read_text())
    stats = next(step["stats"] for step in steps if step["name"].endswith(name))
    return {key: value["total"] if isinstance(value, dict) else value for key, value in stats.items()}


def completed_ranks(logging_dir: Path) -> list[str]:
    return sorted(path.name for path in (logging_dir / "completions").iterdir())


def need_warc_reader() -> None:
    for module in ("warcio", "cchardet", "magic", "orjson"):  # datatrove[io]: WarcReader and JsonlWriter
        pytest.importorskip(module, reason="datatrove's WarcReader and JsonlWriter need datatrove[io]")


@pytest.fixture(scope="module")
def local_run(warc_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The WARC pipeline run by the local executor: two tasks in two processes, so the step is
    pickled to its workers and each loads the model itself."""
    need_warc_reader()
    root = tmp_path_factory.mktemp("local")
    LocalPipelineExecutor(warc_pipeline(warc_folder, root / "out"), tasks=2, workers=2,
                          logging_dir=str(root / "logs")).run()
    return root


# --- the tests ---------------------------------------------------------------------------------

def test_warc_pipeline_keeps_the_english_article_and_drops_the_rest(local_run: Path) -> None:
    assert completed_ranks(local_run / "logs") == ["00000", "00001"]
    documents = written(local_run / "out")
    assert len(documents) == 2  # the PNG never reaches the step; the script-only page has no text
    texts = {metadata["title"]: text for text, metadata in documents.values()}
    article = texts["Floods displace thousands in Sylhet as rivers keep rising | Daily Mark News"]
    assert ARTICLE_SENTENCE in article
    assert not any("\u0980" <= char <= "\u09ff" for char in article), "Bengali lines kept in the body"
    assert "The town's central library reopened on Saturday" in texts["Library reopens after two-year restoration"]
    for text, metadata in documents.values():
        assert metadata["lang"] == "en"
        assert len(metadata["lines"]) == len(metadata["labels"]) == len(metadata["scores"])
    _, metadata = next(item for item in documents.values() if ARTICLE_SENTENCE in item[0])
    labels = dict(zip(metadata["lines"], metadata["labels"]))
    assert all(labels[headline] == "related" for headline in labels if headline.startswith(BENGALI_HEADLINES))
    assert any(line.startswith(BENGALI_HEADLINES) for line in labels)
    stats = step_stats(local_run / "logs", SegmenterExtractor.name)
    assert (stats["total"], stats["forwarded"], stats["dropped_no_kept_text"]) == (3, 2, 1)
    assert "dropped_error" not in stats


def test_ray_executor_writes_what_the_local_one_does(warc_folder: Path, local_run: Path, tmp_path: Path) -> None:
    ray = pytest.importorskip("ray", reason="ray is not installed")
    from datatrove.executor.ray import RayPipelineExecutor

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        # cpus_per_task and mem_per_cpu_gb are reservations, not limits: half a CPU and 1 GB per task
        # let both tasks run at once on a small CI machine; the step itself uses one thread.
        RayPipelineExecutor(warc_pipeline(warc_folder, tmp_path / "out"), tasks=2, cpus_per_task=0.5,
                            mem_per_cpu_gb=1, logging_dir=str(tmp_path / "logs"), time=120).run()
    finally:
        ray.shutdown()
    # Ray's executor returns normally even when tasks failed: the completion markers say whether they ran.
    assert completed_ranks(tmp_path / "logs") == ["00000", "00001"]
    ray_documents = written(tmp_path / "out")
    assert len(ray_documents) == 2 and ray_documents == written(local_run / "out")


def test_wet_reader_yields_every_conversion_record(wet_folder: Path) -> None:
    documents = list(WetReader(str(wet_folder), glob_pattern="*.warc.wet.gz")())
    # The empty record has no text, and datatrove's readers skip such documents.
    assert [document.metadata["url"] for document in documents] == [
        "https://example.com.bd/english/floods", "https://example.org/shebang"]
    assert all(document.id.startswith("<urn:uuid:") for document in documents)
    assert documents[0].text.splitlines()[0].startswith("Floods displace thousands in Sylhet")
    assert documents[1].text == SHEBANG_PAGE
    assert len(list(WetReader(str(wet_folder), limit=1)())) == 1


def test_datatrove_warc_reader_drops_a_wet_page_that_wet_reader_keeps(wet_folder: Path) -> None:
    need_warc_reader()
    from datatrove.pipeline.readers import WarcReader

    urls = [document.metadata["url"] for document in WarcReader(str(wet_folder))()]
    assert "https://example.org/shebang" not in urls  # libmagic: text/x-shellscript
    assert "https://example.com.bd/english/floods" in urls


def test_wet_pipeline_keeps_the_article_lines(wet_folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("orjson", reason="datatrove's JsonlWriter needs orjson")
    from datatrove.pipeline.writers import JsonlWriter

    pipeline = [WetReader(str(wet_folder)), SegmenterExtractor(input_format="text"), JsonlWriter(str(tmp_path / "out"))]
    LocalPipelineExecutor(pipeline, tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()
    assert completed_ranks(tmp_path / "logs") == ["00000"]
    documents = {metadata["title"]: (text, metadata) for text, metadata in written(tmp_path / "out").values()}
    article, metadata = documents["Floods displace thousands in Sylhet as rivers keep rising | Daily Mark News"]
    assert ARTICLE_SENTENCE in article
    assert not any(headline in article for headline in BENGALI_HEADLINES)
    assert set(metadata) == {"lang", "title"} and metadata["lang"] == "en"  # per-line labels only when asked


class PoisonSegmenter:
    """A stand-in model that fails on any page with a "poison" line, as a real one fails on text it
    cannot encode, and labels every other line body."""

    def label_pages(self, pages: list[list]) -> list[list[LabelledLine]]:
        return [self.label(lines) for lines in pages]

    def label(self, lines: list) -> list[LabelledLine]:
        if any(line.text == "poison" for line in lines):
            raise UnicodeEncodeError("utf-8", "poison", 0, 1, "cannot encode")
        return [LabelledLine(line.text, Label.BODY, 1.0) for line in lines]


def test_a_bad_document_is_dropped_and_counted_and_its_batch_still_labelled(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from segmenter.langid import LanguageIdentifier

    models = step_module._Models(PoisonSegmenter(), LanguageIdentifier())  # type: ignore[arg-type]
    monkeypatch.setattr(step_module, "_models", lambda model_path, body_weight, transition_weight, empty_page_body_weight: models)
    documents = [Document("The council met on Monday and agreed the plan.", "good"),
                 Document("Title\npoison", "poisoned"), Document(None, "unreadable"),  # type: ignore[arg-type]
                 Document("Another page with a sentence of its own.", "good too")]
    step = SegmenterExtractor(batch_size=4)
    assert [document.id for document in step(iter(documents))] == ["good", "good too"]
    counts = {name: stat.total for name, stat in step.stats.stats.items()}
    assert counts["dropped_error"] == 2 and counts["error_UnicodeEncodeError"] == 1
    assert counts["error_TypeError"] == 1 and counts["batches_relabelled"] == 1 and counts["forwarded"] == 2


def test_the_step_pickles_without_its_model_and_checks_its_parameters() -> None:
    step = SegmenterExtractor(keep=("Body", "comments"))
    list(step(iter([Document("The council met on Monday and agreed the plan.", "x")])))  # loads the model
    assert step.keep == ("body", "comments")
    assert len(pickle.dumps(step)) < 10_000  # the path travels to the workers, never the model
    with pytest.raises(ValueError, match="unknown label 'main'"):
        SegmenterExtractor(keep=("main",))
    with pytest.raises(TypeError, match="not one string"):
        SegmenterExtractor(keep="body")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="input_format"):
        SegmenterExtractor(input_format="wet")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="batch_size"):
        SegmenterExtractor(batch_size=0)
    with pytest.raises(ValueError, match="positive number"):
        SegmenterExtractor(body_weight=0.0)
    with pytest.raises(ValueError, match="transition weight"):
        SegmenterExtractor(transition_weight=-1.0)
    with pytest.raises(ValueError, match="positive number"):
        SegmenterExtractor(empty_page_body_weight=0.0)


def test_the_weights_reach_the_workers_model() -> None:
    document = "The council met on Monday and agreed the plan."
    models = step_module._models(None, 0.5, 0.2, 3.0)
    assert models.segmenter.body_weight == 0.5 and models.segmenter.transitions.weight == 0.2
    assert models.segmenter.empty_page_body_weight == 3.0
    assert SegmenterExtractor().empty_page_body_weight == EMPTY_PAGE_BODY_WEIGHT
    kept = list(SegmenterExtractor(body_weight=1e-9)(iter([Document(document, "x")])))
    assert kept == []  # no line is body at a billionth of its probability: the document has no kept text


def test_auto_tells_html_from_wet_text() -> None:
    assert sniff_format(EXAMPLE.read_text(encoding="utf-8")) == "html"
    assert sniff_format("\ufeff  <div>hello</div>") == "html"
    assert sniff_format(example_as_wet_text()) == "text"
    assert sniff_format("<3 my cat\nShe sleeps all day.") == "text"


def test_importing_needs_no_model_and_names_the_extra_without_datatrove() -> None:
    cheap = ("import sys, segmenter.datatrove_step; "
             "print(sorted(m for m in ('sklearn', 'fasttext') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", cheap], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"
    absent = "import sys; sys.modules['datatrove'] = None; import segmenter.datatrove_step"
    result = subprocess.run([sys.executable, "-c", absent], capture_output=True, text=True)
    assert result.returncode != 0
    assert "ModuleNotFoundError" in result.stderr and "pip install 'segmenter[datatrove]'" in result.stderr
