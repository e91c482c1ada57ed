"""WARC and WET input: one record of output per page record, and broken files say where they break."""

from __future__ import annotations

from pathlib import Path

from warc_files import Response, write_warc, write_wet

from segmenter.inputs import InputFormat, read_pages, sniff
from segmenter.sources import Failure, InputKind, RawPage, Skipped, Status

ARTICLE = "<html><head><title>Harbour</title></head><body><p>The harbour reopened on Monday.</p></body></html>"
RESPONSES = [
    Response("https://a.example/1", ARTICLE.encode()),
    Response("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
    Response("https://b.example/2", "<p>Zürich, Straße</p>".encode("cp1252"), "text/html; charset=windows-1252"),
    Response("https://b.example/robots.txt", b"User-agent: *", "text/plain"),
]


def test_warc_responses_become_pages_with_charset_and_url(tmp_path: Path) -> None:
    items = list(read_pages([str(write_warc(tmp_path / "crawl.warc.gz", RESPONSES))]))
    pages = [item for item in items if not isinstance(item, Skipped)]
    assert [type(item) for item in pages] == [RawPage, Failure, RawPage, RawPage]
    assert [item.url for item in pages] == [response.url for response in RESPONSES]
    assert pages[0].kind is InputKind.HTML and pages[0].data == ARTICLE.encode()
    assert pages[1].status is Status.NOT_HTML and "image/png" in pages[1].reason
    assert pages[2].decode().charset == "cp1252" and "Zürich, Straße" in pages[2].decode().content
    assert pages[3].kind is InputKind.TEXT
    assert all(item.id.startswith("<urn:uuid:") for item in items)
    assert sorted(item.record_type for item in items if isinstance(item, Skipped)) == ["request"] * 4 + ["warcinfo"]


def test_uncompressed_warc_and_standard_input_read_the_same(tmp_path: Path, monkeypatch) -> None:
    import io
    import sys

    warc = write_warc(tmp_path / "crawl.warc", RESPONSES, gzipped=False)
    from_file = list(read_pages([str(warc)]))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(warc.read_bytes())))
    assert list(read_pages(["-"])) == from_file
    assert sniff(warc.read_bytes()[:100]) is InputFormat.WARC


def test_wet_conversions_are_text_pages(tmp_path: Path) -> None:
    wet = write_wet(tmp_path / "crawl.warc.wet.gz", [("https://a.example/1", "Harbour\nThe harbour reopened.")])
    pages = [item for item in read_pages([str(wet)]) if isinstance(item, RawPage)]
    assert len(pages) == 1 and pages[0].kind is InputKind.TEXT and pages[0].url == "https://a.example/1"
    assert pages[0].decode().content == "Harbour\nThe harbour reopened."


def test_a_truncated_gzip_warc_keeps_every_whole_record_and_says_where_it_breaks(tmp_path: Path) -> None:
    many = [Response(f"https://a.example/{i}", ARTICLE.encode()) for i in range(200)]
    warc = write_warc(tmp_path / "crawl.warc.gz", many)
    whole = [item for item in read_pages([str(warc)]) if isinstance(item, RawPage)]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc.read_bytes()[: warc.stat().st_size * 2 // 3])
    items = list(read_pages([str(cut)]))
    pages = [item for item in items if isinstance(item, RawPage)]
    assert pages == whole[: len(pages)] and len(pages) > 100
    assert isinstance(items[-1], Failure) and items[-1].status is Status.PARSE_ERROR
    assert "breaks off" in items[-1].reason and items[-1].id.startswith(str(cut))


def test_garbage_in_an_uncompressed_warc_ends_it_with_a_failure(tmp_path: Path) -> None:
    data = write_warc(tmp_path / "crawl.warc", RESPONSES, gzipped=False).read_bytes()
    starts = [index for index in range(len(data)) if data.startswith(b"WARC/1.1", index)]
    (tmp_path / "bad.warc").write_bytes(data[:starts[3]] + b"GARBAGE" + data[starts[3]:])
    items = list(read_pages([str(tmp_path / "bad.warc")]))
    assert isinstance(items[-1], Failure) and "corrupt" in items[-1].reason
    assert any(isinstance(item, RawPage) for item in items)
