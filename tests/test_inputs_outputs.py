"""Reading pages from files (format by name and content) and writing the three outputs."""

from __future__ import annotations

import io
import json
from pathlib import Path

from segmenter.inputs import InputFormat, jsonl_pages, read_pages, sniff
from segmenter.labels import Label
from segmenter.outputs import Output, OutputFormat, PageResult, Writer
from segmenter.segmenter import LabelledLine
from segmenter.sources import Failure, InputKind, RawPage, Status


def test_sniff_by_name_then_content() -> None:
    assert sniff(b"anything", "pages.jsonl") is InputFormat.JSONL
    assert sniff(b"plain", "page.html") is InputFormat.HTML
    assert sniff(b'{"id": "a", "text": "x"}\n') is InputFormat.JSONL
    assert sniff(b"\xef\xbb\xbf  <!DOCTYPE html><html>") is InputFormat.HTML
    assert sniff(b"<p>Hello</p>") is InputFormat.HTML
    assert sniff(b"Home\n<3 this site\n") is InputFormat.TEXT
    assert sniff(b"{braces in a text line}") is InputFormat.TEXT


def test_jsonl_pages_keep_order_and_record_failures() -> None:
    data = b'{"id": "a", "text": "x"}\n\n[1, 2]\n{"html": "<p>y</p>", "url": "u"}\n{"id": 7}\n'
    pages = list(jsonl_pages(data.splitlines(), "in.jsonl"))
    assert pages[0] == RawPage("x", InputKind.TEXT, id="a")
    assert pages[1] == Failure("in.jsonl:3", Status.PARSE_ERROR, "line 3 is not a JSON object")
    assert pages[2] == RawPage("<p>y</p>", InputKind.HTML, id="in.jsonl:4", url="u")
    assert isinstance(pages[3], Failure) and pages[3].id == "7"


def test_read_pages_reports_unreadable_files_and_reads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Zürich ist schön, die Straßen sind grün.\n".encode("cp1252"))
    pages = list(read_pages([str(tmp_path / "missing.txt"), str(tmp_path / "a.txt")]))
    assert isinstance(pages[0], Failure) and pages[0].status is Status.READ_ERROR and "cannot read" in pages[0].reason
    assert pages[1].kind is InputKind.TEXT and pages[1].decode().content == "Zürich ist schön, die Straßen sind grün.\n"


RESULT = PageResult("p1", "en", (LabelledLine("Home", Label.NAVIGATION, 0.91234),
                                 LabelledLine("The story.", Label.BODY, 0.8)))


def test_tsv_jsonl_and_kept_text() -> None:
    assert Output(OutputFormat.TSV).render(RESULT) == "navigation\tHome\nbody\tThe story.\n"
    assert json.loads(Output(OutputFormat.JSONL).render(RESULT)) == {
        "id": "p1", "url": "", "status": "ok", "lang": "en", "lines": [
            {"text": "Home", "label": "navigation", "score": 0.9123},
            {"text": "The story.", "label": "body", "score": 0.8}]}
    out = io.StringIO()
    writer = Writer(out, Output(OutputFormat.TEXT, frozenset({Label.BODY})))
    for result in (RESULT, PageResult("p2", "", ()), RESULT):
        writer.write(writer.output.render(result))
    assert out.getvalue() == "The story.\n\nThe story.\n"


def test_a_failed_record_renders_its_status_and_reason() -> None:
    failed = PageResult("r1", "", (), Status.NOT_HTML, "content type image/png, not a page", url="http://a/")
    assert json.loads(Output(OutputFormat.JSONL).render(failed)) == {
        "id": "r1", "url": "http://a/", "status": "not_html", "lang": "", "lines": [],
        "error": "content type image/png, not a page"}
    assert Output(OutputFormat.TSV).render(failed) == ""
