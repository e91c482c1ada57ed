"""Each collection reader on a tiny hand-made collection in that collection's on-disk layout."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from segmenter.corpus.readers import (
    READERS,
    cleaneval,
    dragnet,
    fundus,
    goose3,
    l3s_gn1,
    magic_html,
    mozilla_readability,
    newspaper4k,
    scrapinghub_aeb,
    trafilatura_eval,
    turku,
    wcxb,
    webmainbench,
)
from segmenter.corpus.records import GroundTruth, LabelledPage, SourcePage
from segmenter.corpus.weak import weak_label
from segmenter.labels import Label
from segmenter.langid import LanguageIdentifier


# --- helpers -------------------------------------------------------------------------------


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    """Write text (encoded as `encoding`) or bytes, creating the folders on the way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def write_gz(path: Path, content: str, encoding: str = "utf-8") -> Path:
    return write(path, gzip.compress(content.encode(encoding)))


def write_json(path: Path, data: Any) -> Path:
    return write(path, json.dumps(data, ensure_ascii=False, indent=1))


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    return write(path, "\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n")


def html(body: str, title: str = "", head: str = "") -> str:
    """A small page: optional <title> and extra <head> markup around `body`."""
    title_tag = f"<title>{title}</title>" if title else ""
    return f"<!DOCTYPE html>\n<html><head>{head}{title_tag}</head>\n<body>\n{body}\n</body></html>\n"


def read_all(module: Any, root: Path) -> list[SourcePage]:
    return list(module.read(root))


def label_of(page: LabelledPage, text: str) -> Label | None:
    """The label of the one line whose text is exactly `text`."""
    found = [line.label for line in page.lines if line.text == text]
    assert len(found) == 1, f"{text!r} is on {len(found)} lines: {[l.text for l in page.lines]}"
    return found[0]


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


def test_registry_holds_all_thirteen_readers() -> None:
    assert len(READERS) == 13
    for name, module in READERS.items():
        assert module.NAME == name
        assert isinstance(module.LICENCE, str) and module.LICENCE
        assert isinstance(module.SHIPPABLE, bool)
        assert callable(module.read)


# --- L3S-GN1 -------------------------------------------------------------------------------

L3S_PARAGRAPH = "The city council met on Tuesday evening to debate next year's budget for schools and roads."
L3S_SUPPLEMENT = "Additional reporting by the regional desk staff writers in the capital."
L3S_RELATED = "Mayor announces a new plan for public parks and libraries across the city."
L3S_COMMENT = "I think the council should spend far more money on our schools this year."
L3S_PAGE = html(
    """<div id="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li></ul></div>
<h1><span class="x-nc-sel1">Council debates the city budget</span></h1>
<p><span class="x-nc-sel2">%s</span></p>
<p><span class="x-nc-sel3">%s</span></p>
<div class="box"><span class="x-nc-sel4">%s</span></div>
<div class="box"><span class="x-nc-sel5">%s</span></div>
<p><span class="x-nc-sel0">Copyright 2008 Example News. All rights reserved.</span></p>"""
    % (L3S_PARAGRAPH, L3S_SUPPLEMENT, L3S_RELATED, L3S_COMMENT),
    title="Council debates the city budget - Example News",
)
L3S_UUID = "907e52d9-4df4-46d0-86ff-911dacc1e94b"


def make_l3s(root: Path) -> None:
    folder = root / l3s_gn1.NAME / "L3S-GN1-20100130203947-00001"
    write(folder / "url-mapping.txt",
          f"<urn:uuid:{L3S_UUID}>\thttp://news.example.com/budget.html\n"
          "<urn:uuid:00000000-0000-0000-0000-000000000000>\thttp://other.example.com/\n")
    write(folder / "annotated" / f"{L3S_UUID}.html", L3S_PAGE)
    write(folder / "original" / f"{L3S_UUID}.html", L3S_PAGE)  # not read: only annotated/ is


def test_l3s_gn1_maps_span_classes_to_truth_fields(tmp_path: Path) -> None:
    make_l3s(tmp_path)
    [page] = read_all(l3s_gn1, tmp_path)
    assert page.collection == "l3s-gn1"
    assert page.id == L3S_UUID
    assert page.url == "http://news.example.com/budget.html"
    assert page.truth.main_text == "\n".join(["Council debates the city budget", L3S_PARAGRAPH, L3S_SUPPLEMENT])
    assert page.truth.title == "Council debates the city budget"
    assert page.truth.related_text == L3S_RELATED
    assert page.truth.comments_text == L3S_COMMENT
    assert page.html == L3S_PAGE
    assert page.page_type == "article" and page.own_split is None


def test_l3s_gn1_without_related_or_comments_spans_gives_none(tmp_path: Path) -> None:
    folder = tmp_path / l3s_gn1.NAME / "L3S-GN1-x"
    write(folder / "url-mapping.txt", "")
    write(folder / "annotated" / "abc.html", html(f'<p><span class="x-nc-sel2">{L3S_PARAGRAPH}</span></p>'))
    [page] = read_all(l3s_gn1, tmp_path)
    assert (page.id, page.url) == ("abc", "")
    assert page.truth.main_text == L3S_PARAGRAPH
    assert page.truth.related_text is None and page.truth.comments_text is None
    assert page.truth.title == ""


def test_l3s_gn1_weak_labels(tmp_path: Path, identifier: LanguageIdentifier) -> None:
    make_l3s(tmp_path)
    [page] = read_all(l3s_gn1, tmp_path)
    labelled = weak_label(page, identifier)
    assert labelled.id == f"l3s-gn1/{L3S_UUID}"
    assert labelled.lang == "en"
    assert label_of(labelled, "Council debates the city budget") is Label.BODY
    assert label_of(labelled, L3S_PARAGRAPH) is Label.BODY
    assert label_of(labelled, L3S_SUPPLEMENT) is Label.BODY
    assert label_of(labelled, L3S_RELATED) is Label.RELATED
    assert label_of(labelled, L3S_COMMENT) is Label.COMMENTS
    assert label_of(labelled, "World news") is Label.NAVIGATION
    assert label_of(labelled, "Copyright 2008 Example News. All rights reserved.") is Label.OTHER


# --- Dragnet -------------------------------------------------------------------------------

DRAGNET_PARAGRAPH = "Researchers have found a new way to extract the main content from noisy web pages."
DRAGNET_COMMENT = "Great article, thanks for sharing these results with all of us."
DRAGNET_PAGE = html(
    """<nav><ul><li><a href="/">Home</a></li><li><a href="/archive">Blog archive</a></li></ul></nav>
<div class="post"><h2>Content extraction</h2><p>%s</p></div>
<div id="comments"><div class="c"><p>%s</p></div></div>"""
    % (DRAGNET_PARAGRAPH, DRAGNET_COMMENT),
    head='<link rel="canonical" href="http://blog.example.org/2012/extraction.html">',
)
DRAGNET_CORRECTED = (
    f"Content extraction\n\n{DRAGNET_PARAGRAPH}\n\n\n{dragnet.COMMENTS_MARKER}\n\n\n{DRAGNET_COMMENT}\n"
)


def make_dragnet(root: Path, pages: dict[str, tuple[str, str | None]], listed: list[str]) -> None:
    """`pages` maps an id to (html, corrected text or None for no Corrected file)."""
    base = root / dragnet.NAME
    write(base / "training.txt", "\n".join(listed) + "\n")
    for page_id, (page_html, corrected) in pages.items():
        write(base / "HTML" / f"{page_id}.html", page_html)
        if corrected is not None:
            write(base / "Corrected" / f"{page_id}.html.corrected.txt", corrected)


def test_dragnet_splits_comments_at_marker(tmp_path: Path) -> None:
    make_dragnet(tmp_path, {
        "R76": (DRAGNET_PAGE, DRAGNET_CORRECTED),
        "T5": (html("<p>Only an article here, and nobody commented on it.</p>"),
               "Only an article here, and nobody commented on it.\n"),
        "T6": (html("<p>No corrected file.</p>"), None),
        "X1": (html("<p>Not listed in training.txt.</p>"), "Not listed.\n"),
    }, listed=["R76", "T5", "T6", "missing"])
    pages = read_all(dragnet, tmp_path)
    assert [p.id for p in pages] == ["R76", "T5"]
    first, second = pages
    assert first.url == "http://blog.example.org/2012/extraction.html"
    assert first.truth.main_text == f"Content extraction\n\n{DRAGNET_PARAGRAPH}\n\n\n"
    assert first.truth.comments_text == DRAGNET_COMMENT
    assert first.html == DRAGNET_PAGE
    assert second.url == ""
    assert second.truth.main_text == "Only an article here, and nobody commented on it.\n"
    assert second.truth.comments_text is None


def test_dragnet_url_from_canonical_link_with_href_first(tmp_path: Path) -> None:
    page_html = html("<p>An article.</p>",
                     head="<link href='http://blog.example.org/post.html' rel='canonical'/>")
    make_dragnet(tmp_path, {"R1": (page_html, "An article.\n")}, listed=["R1"])
    [page] = read_all(dragnet, tmp_path)
    assert page.url == "http://blog.example.org/post.html"


def test_dragnet_weak_labels(tmp_path: Path, identifier: LanguageIdentifier) -> None:
    make_dragnet(tmp_path, {"R76": (DRAGNET_PAGE, DRAGNET_CORRECTED)}, listed=["R76"])
    [page] = read_all(dragnet, tmp_path)
    labelled = weak_label(page, identifier)
    assert labelled.id == "dragnet/R76"
    assert labelled.url == "http://blog.example.org/2012/extraction.html"
    assert label_of(labelled, "Content extraction") is Label.BODY
    assert label_of(labelled, DRAGNET_PARAGRAPH) is Label.BODY
    assert label_of(labelled, DRAGNET_COMMENT) is Label.COMMENTS
    assert label_of(labelled, "Home") is Label.NAVIGATION
    assert label_of(labelled, "Blog archive") is Label.NAVIGATION


# --- trafilatura-eval ----------------------------------------------------------------------


def test_trafilatura_eval_reads_snippets_and_metadata(tmp_path: Path) -> None:
    tests = tmp_path / trafilatura_eval.NAME / "tests"
    write(tests / "eval" / "die-partei.net.luebeck.html", html("<p>Die GEMA dreht völlig am Zeiger!</p>"))
    write(tests / "cache" / "blog.example.com.html", html("<p>Cached page.</p>"))
    write_json(tests / "evaldata.json", {
        "https://die-partei.net/luebeck/2012/05/31/club-kultur/": {
            "file": "die-partei.net.luebeck.html",
            "with": ["Die GEMA dreht völlig am Zeiger!", "http://www.openpetition.de"],
            "without": ["31. Mai", "Impressum"],
            "comments": ["Gut gemacht"],
            "author": "Anna Beispiel; Bernd Muster ;",
            "title": "Das Ministerium für Club-Kultur informiert",
            "date": "2012-05-31",
        },
        "https://blog.example.com/post": {
            "file": "blog.example.com.html", "with": ["Cached page."], "without": None,
            "author": ["Carla Liste", " "], "title": None, "date": None,
        },
        "https://missing.example.com/": {"file": "missing.html", "with": ["x"], "without": []},
    })
    pages = read_all(trafilatura_eval, tmp_path)
    assert [(p.id, p.url) for p in pages] == [
        ("die-partei.net.luebeck", "https://die-partei.net/luebeck/2012/05/31/club-kultur/"),
        ("blog.example.com", "https://blog.example.com/post"),
    ]
    first, second = pages
    assert first.truth == GroundTruth(
        with_snippets=("Die GEMA dreht völlig am Zeiger!", "http://www.openpetition.de"),
        without_snippets=("31. Mai", "Impressum"),
        comment_snippets=("Gut gemacht",),
        title="Das Ministerium für Club-Kultur informiert",
        authors=("Anna Beispiel", "Bernd Muster"),
        date="2012-05-31",
    )
    assert "Die GEMA dreht völlig am Zeiger!" in first.html
    assert second.truth == GroundTruth(with_snippets=("Cached page.",), authors=("Carla Liste",))
    assert second.truth.main_text is None  # snippets only: the rest of the page stays unlabelled


# --- Turku line quality --------------------------------------------------------------------


def test_turku_maps_keep_labels_and_own_split(tmp_path: Path, identifier: LanguageIdentifier) -> None:
    base = tmp_path / turku.NAME / "text-quality-annotations"
    write(base / "README.md", "not a language folder")
    write_json(base / "en" / "train.json", [
        {"text": [" Aluminium redefined!", "   ", "Our system is modular and made of anodised profiles.",
                  "Click here to subscribe"],
         "labels": ["1", "0", "1", "0"]},
        {"text": ["Second document line."], "labels": [0]},
    ])
    write_json(base / "en" / "test.json", [{"text": ["A test line."], "labels": [1]}])
    write_json(base / "de" / "dev.json", [{"text": ["Ein Satz auf Deutsch."], "labels": ["1"]}])
    pages = read_all(turku, tmp_path)
    assert [(p.id, p.own_split) for p in pages] == [
        ("de-dev-0", "dev"), ("en-train-0", "train"), ("en-train-1", "train"), ("en-test-0", "test"),
    ]
    doc = pages[1]
    assert doc.collection == "turku-line-quality"
    assert doc.url == "" and doc.html is None
    assert doc.text_lines == (" Aluminium redefined!", "Our system is modular and made of anodised profiles.",
                              "Click here to subscribe")
    assert doc.truth.noise_lines == (False, False, True)
    assert pages[2].truth.noise_lines == (True,)  # integer 0 is noise too
    assert pages[3].truth.noise_lines == (False,)  # integer 1 is keep

    labelled = weak_label(doc, identifier)
    assert labelled.input_kind == "text"
    assert [(l.label, l.not_body) for l in labelled.lines] == [
        (None, False), (None, False), (None, True),
    ]


# --- fundus --------------------------------------------------------------------------------


def fundus_entry(title: str, paragraph: str) -> dict[str, Any]:
    return {
        "title": title,
        "authors": ["Maria Muster"],
        "body": {"summary": [f"Summary of {title}."],
                 "sections": [{"headline": [], "paragraphs": [paragraph]},
                              {"headline": ["A subheading"], "paragraphs": ["Closing words."]}]},
    }


def test_fundus_pairs_entries_with_html_files_sorted_by_date(tmp_path: Path) -> None:
    base = tmp_path / fundus.NAME / "tests" / "resources" / "parser" / "test_data"
    write_json(base / "de" / "BR.json", {"V1": fundus_entry("Older", "Old paragraph."),
                                         "V1_1": fundus_entry("Newer", "New paragraph.")})
    # Written newest first: the reader must sort them by name, i.e. by date.
    write_gz(base / "de" / "BR_2024_08_27.html.gz", html("<p>New paragraph.</p>"))
    write_gz(base / "de" / "BR_2024_04_22.html.gz",
             html("<p>Old paragraph.</p>",
                  head='<meta property="og:url" content="https://www.br.de/nachrichten/old">'))
    write(base / "de" / "meta.info", "{}")
    pages = read_all(fundus, tmp_path)
    assert [(p.id, p.url) for p in pages] == [
        ("de/BR_2024_04_22", "https://www.br.de/nachrichten/old"),
        ("de/BR_2024_08_27", "https://br.de/"),
    ]
    old, new = pages
    assert old.truth.title == "Older"
    assert old.truth.authors == ("Maria Muster",)
    assert old.truth.main_text == "Summary of Older.\nOld paragraph.\nA subheading\nClosing words."
    assert "Old paragraph." in old.html
    assert new.truth.title == "Newer"
    assert new.truth.main_text == "Summary of Newer.\nNew paragraph.\nA subheading\nClosing words."


# --- magic-html benchmark ------------------------------------------------------------------

FORUM_POST = "How do I replace the chain on my old bicycle without special tools?"
FORUM_REPLY_1 = "You can push the pin out with a small nail and a hammer, carefully."
FORUM_REPLY_2 = "Buy a cheap chain tool instead, it costs less than five euros online."
FORUM_PAGE = html(
    """<nav><a href="/">Forum index</a></nav>
<div class="thread">
<div class="post" id="post-1"><div class="author">cyclist42</div><p>%s</p></div>
<div class="post" id="post-2"><div class="author">mechanic</div><p>%s</p></div>
<div class="post" id="post-3"><div class="author">thrifty</div><p>%s</p></div>
</div>"""
    % (FORUM_POST, FORUM_REPLY_1, FORUM_REPLY_2),
)
ARTICLE_KEY = "a" * 64
FORUM_KEY = "b5bb37137a346f6d341184bf16defecdaa7c0d0011da3f66ae729bca830e98a5"


def make_magic_html(root: Path) -> None:
    data = root / magic_html.NAME / "benchmark" / "data"
    write_json(data / "article" / "base.json", {
        ARTICLE_KEY: {"url": "https://news.example.com/a", "content": "Article text."},
        "c" * 64: {"url": "https://news.example.com/missing", "content": "No html file."},
    })
    write(data / "article" / "htmls" / f"{ARTICLE_KEY}.html", html("<p>Article text.</p>"))
    write_json(data / "forum" / "base.json", {
        FORUM_KEY: {"url": "https://forum.example.com/t/1",
                    "content": "\n".join([FORUM_POST, FORUM_REPLY_1, FORUM_REPLY_2])},
    })
    write(data / "forum" / "htmls" / f"{FORUM_KEY}.html", FORUM_PAGE)


def test_magic_html_article_and_forum(tmp_path: Path) -> None:
    make_magic_html(tmp_path)
    article, forum = read_all(magic_html, tmp_path)
    assert (article.id, article.url, article.page_type) == ("a" * 16, "https://news.example.com/a", "article")
    assert article.truth == GroundTruth(main_text="Article text.", replies_in_main_text=False)
    assert (forum.id, forum.url, forum.page_type) == ("b5bb37137a346f6d", "https://forum.example.com/t/1", "forum")
    assert forum.truth.main_text == f"{FORUM_POST}\n{FORUM_REPLY_1}\n{FORUM_REPLY_2}"
    assert forum.truth.replies_in_main_text is True
    assert forum.html == FORUM_PAGE


def test_magic_html_forum_weak_labels_make_replies_comments(tmp_path: Path, identifier: LanguageIdentifier) -> None:
    make_magic_html(tmp_path)
    forum = read_all(magic_html, tmp_path)[1]
    labelled = weak_label(forum, identifier)
    assert labelled.page_type == "forum"
    assert label_of(labelled, FORUM_POST) is Label.BODY
    assert label_of(labelled, FORUM_REPLY_1) is Label.COMMENTS
    assert label_of(labelled, FORUM_REPLY_2) is Label.COMMENTS
    assert label_of(labelled, "mechanic") is Label.COMMENTS  # a reply's author line
    assert label_of(labelled, "Forum index") is Label.NAVIGATION


# --- Mozilla Readability -------------------------------------------------------------------


def test_mozilla_readability_reads_expected_and_skips_lorem_ipsum(tmp_path: Path) -> None:
    pages_dir = tmp_path / mozilla_readability.NAME / "test" / "test-pages"
    write(pages_dir / "001" / "source.html",
          html("<div class='nav'><a href='/'>Home</a></div><article><p>Real first paragraph.</p>"
               "<p>Real second paragraph.</p></article>", title="Source title"))
    write(pages_dir / "001" / "expected.html",
          "<div id=\"readability-page-1\" class=\"page\"><p>Real first paragraph.</p>\n"
          "<p>Real   second\n paragraph.</p></div>")
    write_json(pages_dir / "001" / "expected-metadata.json",
               {"title": "A real article", "byline": "By Jane Doe", "excerpt": "Real first"})
    write(pages_dir / "002-canonical" / "source.html",
          html("<p>Another page.</p>", head='<link rel="canonical" href="https://example.net/another">'))
    write(pages_dir / "002-canonical" / "expected.html", "<div><p>Another page.</p></div>")
    write(pages_dir / "003-lorem" / "source.html", html("<p>Lorem ipsum dolor sit amet.</p>"))
    write(pages_dir / "003-lorem" / "expected.html", "<div><p>Lorem Ipsum dolor sit amet.</p></div>")
    write(pages_dir / "004-no-expected" / "source.html", html("<p>Only a source.</p>"))
    pages = read_all(mozilla_readability, tmp_path)
    assert [(p.id, p.url) for p in pages] == [
        ("001", "https://001.readability.test/"),
        ("002-canonical", "https://example.net/another"),
    ]
    first, second = pages
    assert first.truth == GroundTruth(main_text="Real first paragraph.\nReal second paragraph.",
                                      title="A real article", authors=("By Jane Doe",))
    assert "Source title" in first.html
    assert second.truth == GroundTruth(main_text="Another page.")


# --- Zyte / scrapinghub article-extraction benchmark ---------------------------------------

JAPANESE_TEXT = "東京で新しい図書館が開館しました。"


def test_scrapinghub_aeb_reads_gzipped_shift_jis_page(tmp_path: Path) -> None:
    base = tmp_path / scrapinghub_aeb.NAME
    key = "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856"
    write_json(base / "ground-truth.json", {
        key: {"url": "https://www.example.jp/news/1", "articleBody": JAPANESE_TEXT},
        "f" * 64: {"url": "https://www.example.jp/news/2", "articleBody": "no html"},
    })
    page_html = html(f"<h1>ニュース</h1><p>{JAPANESE_TEXT}</p>",
                     head='<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
    write_gz(base / "html" / f"{key}.html.gz", page_html, encoding="shift_jis")
    [page] = read_all(scrapinghub_aeb, tmp_path)
    assert page.id == "042bb7b5fedab6ea"
    assert page.url == "https://www.example.jp/news/1"
    assert page.truth == GroundTruth(main_text=JAPANESE_TEXT)
    assert page.html == page_html  # decoded with the meta tag's Shift_JIS, not mangled


# --- CleanEval -----------------------------------------------------------------------------

CLEANEVAL_GOLD = """URL: http://londonmark.blogspot.com/

  
 <h>                                londonmark
   <h>             searching for intelligent life

  <p>  Sieve-like, or approximating a colander
   I keep forgetting to mention it.
   <l> first item
<l>second   item
"""


def cleaneval_input(url: str, body: str, encoding: str = "iso-8859-1") -> str:
    return f'<text id="{url}" title="a title" encoding="{encoding}">\n<html><body>{body}</body></html>\n</text>\n'


def test_cleaneval_gold_text_and_own_split(tmp_path: Path) -> None:
    base = tmp_path / cleaneval.NAME
    write(base / "cleaneval-dev" / "GoldStandard" / "7.txt", CLEANEVAL_GOLD)
    write(base / "cleaneval-dev" / "input" / "7.html",
          cleaneval_input("http://londonmark.blogspot.com/", "<h1>londonmark</h1><p>Sieve-like</p>", "unset"))
    write(base / "cleaneval-dev" / "GoldStandard" / "8.txt", "URL: http://x/\n<p>no input file")
    write(base / "cleaneval-final" / "GoldStandard" / "103.txt", "<p>No URL line here.\n<h>Heading")
    write(base / "cleaneval-final" / "input" / "103.html",
          cleaneval_input("http://final.example.org/page", "<p>No URL line here.</p>"))
    pages = read_all(cleaneval, tmp_path)
    assert [(p.id, p.url, p.own_split) for p in pages] == [
        ("cleaneval-dev/7", "http://londonmark.blogspot.com/", None),
        ("cleaneval-final/103", "http://final.example.org/page", "test"),
    ]
    dev, final = pages
    assert dev.truth.main_text == "\n".join([
        "londonmark",
        "searching for intelligent life",
        "Sieve-like, or approximating a colander I keep forgetting to mention it.",
        "first item",
        "second item",
    ])
    assert "<p>Sieve-like</p>" in dev.html
    assert final.truth.main_text == "No URL line here.\nHeading"


def test_cleaneval_gold_text_keeps_text_before_first_marker() -> None:
    assert cleaneval.gold_text("Loose text\n<p>  A   block ") == "Loose text\nA block"


def test_cleaneval_decodes_with_wrapper_encoding(tmp_path: Path) -> None:
    base = tmp_path / cleaneval.NAME / "cleaneval-dev"
    write(base / "GoldStandard" / "1.txt", "<p>Привет, мир")
    # The wrapper (from the HTTP header) says windows-1251; the page's own meta tag is wrong.
    page = ('<text id="http://ru.example.org/" encoding="windows-1251">\n'
            '<html><head><meta charset="iso-8859-1"></head><body><p>Привет, мир</p></body></html>\n</text>\n')
    write(base / "input" / "1.html", page, encoding="windows-1251")
    [source] = read_all(cleaneval, tmp_path)
    assert "<p>Привет, мир</p>" in source.html


# --- WCXB ----------------------------------------------------------------------------------

WCXB_PARAGRAPH = "Protein continues to dominate the wellness conversation, and for good reason."
WCXB_SECOND = "Functional ingredients are trending as people look for ways to boost their energy."
WCXB_PAGE = html(
    """<header><nav><ul><li><a href="/">Home</a></li><li><a href="/login">Login</a></li></ul></nav></header>
<main><article><h1>Top Nutrition Trends for Fall</h1><p>%s</p><p>%s</p></article></main>
<footer><p>Copyright 2025 Scratch Culinary</p></footer>"""
    % (WCXB_PARAGRAPH, WCXB_SECOND),
    title="Top Nutrition Trends for Fall | Scratch",
)


def make_wcxb(root: Path) -> None:
    base = root / wcxb.NAME / "dev"
    write_json(base / "ground-truth" / "0001.json", {
        "schema_version": "2.0",
        "url": "https://scratchculinary.com/2025/09/04/trends/",
        "file_id": "0001",
        "_internal": {"page_type": {"primary": "article", "confidence": "verified"}},
        "ground_truth": {
            "title": "Top Nutrition Trends for Fall",
            "author": "Andrew King",
            "publish_date": "2025-09-04",
            "main_content": f"Top Nutrition Trends for Fall\n\n{WCXB_PARAGRAPH}\n\n{WCXB_SECOND}",
            "with": [WCXB_PARAGRAPH],
            "without": ["Home", "Login"],
        },
    })
    write_gz(base / "html" / "0001.html.gz", WCXB_PAGE)
    write_json(base / "ground-truth" / "0002.json", {
        "url": "https://forum.example.com/t/2",
        "_internal": {"page_type": {"primary": "forum"}},
        "ground_truth": {"main_content": "Question.\nAnswer.", "author": None},
    })
    write_gz(base / "html" / "0002.html.gz", html("<p>Question.</p><p>Answer.</p>"))
    write_json(base / "ground-truth" / "0003.json", {"url": "https://no-type.example.com/",
                                                     "ground_truth": {"main_content": "Text."}})
    write_gz(base / "html" / "0003.html.gz", html("<p>Text.</p>"))
    write_json(base / "ground-truth" / "0004.json", {"url": "https://missing.example.com/"})


def test_wcxb_truth_and_page_type(tmp_path: Path) -> None:
    make_wcxb(tmp_path)
    pages = read_all(wcxb, tmp_path)
    assert [(p.id, p.url, p.page_type) for p in pages] == [
        ("0001", "https://scratchculinary.com/2025/09/04/trends/", "article"),
        ("0002", "https://forum.example.com/t/2", "forum"),
        ("0003", "https://no-type.example.com/", "article"),
    ]
    article, forum, untyped = pages
    assert article.truth == GroundTruth(
        main_text=f"Top Nutrition Trends for Fall\n\n{WCXB_PARAGRAPH}\n\n{WCXB_SECOND}",
        with_snippets=(WCXB_PARAGRAPH,),
        without_snippets=("Home", "Login"),
        title="Top Nutrition Trends for Fall",
        authors=("Andrew King",),
        date="2025-09-04",
        replies_in_main_text=False,
    )
    assert article.html == WCXB_PAGE
    assert forum.truth == GroundTruth(main_text="Question.\nAnswer.", replies_in_main_text=True)
    assert untyped.truth == GroundTruth(main_text="Text.")


def test_wcxb_weak_labels(tmp_path: Path, identifier: LanguageIdentifier) -> None:
    make_wcxb(tmp_path)
    article = read_all(wcxb, tmp_path)[0]
    labelled = weak_label(article, identifier)
    assert labelled.id == "wcxb/0001"
    assert labelled.lang == "en"
    assert label_of(labelled, "Top Nutrition Trends for Fall") is Label.BODY
    assert label_of(labelled, WCXB_PARAGRAPH) is Label.BODY
    assert label_of(labelled, WCXB_SECOND) is Label.BODY
    assert label_of(labelled, "Home") is Label.NAVIGATION
    assert label_of(labelled, "Login") is Label.NAVIGATION
    assert label_of(labelled, "Copyright 2025 Scratch Culinary") is Label.OTHER


# --- newspaper4k ---------------------------------------------------------------------------

FRENCH_TEXT = "Le café était fermé à Noël – une première depuis l’ouverture en 1923 ! « Naïf », dit-il."


def test_newspaper4k_decodes_windows_1252_meta_charset(tmp_path: Path) -> None:
    base = tmp_path / newspaper4k.NAME / "tests" / "data"
    page_html = html(f"<p>{FRENCH_TEXT}</p>", head='<meta charset="windows-1252">')
    write(base / "html" / "french_article.html", page_html, encoding="windows-1252")
    write(base / "txt" / "french_article.txt", FRENCH_TEXT + "\n")
    write(base / "html" / "cnn_article.html",
          html("<p>CNN text.</p>", head='<link rel="canonical" href="https://edition.cnn.com/story">'))
    write(base / "txt" / "cnn_article.txt", "CNN text.")
    write(base / "txt" / "no_html.txt", "orphan")
    pages = read_all(newspaper4k, tmp_path)
    assert [(p.id, p.url) for p in pages] == [
        ("cnn_article", "https://edition.cnn.com/story"),
        ("french_article", "https://french_article.newspaper4k.test/"),
    ]
    cnn, french = pages
    assert cnn.truth == GroundTruth(main_text="CNN text.")
    assert french.truth == GroundTruth(main_text=FRENCH_TEXT + "\n")
    assert french.html == page_html
    assert f"<p>{FRENCH_TEXT}</p>" in french.html


# --- goose3 --------------------------------------------------------------------------------


def test_goose3_cleaned_text_becomes_with_snippets(tmp_path: Path) -> None:
    base = tmp_path / goose3.NAME / "tests" / "data" / "content"
    write_json(base / "test_allnewlyrics1.json", {
        "url": "http://allnewlyrics.com/only-one-lyrics.html",
        "expected": {
            "cleaned_text": "PJ Morton – Only One Lyrics\n\nI’m pretty sure I don’t need anything else\n\n",
            "title": "“Only One” Lyrics : PJ Morton",
            "authors": ["PJ Morton"],
            "tags": ["PJ Morton"],
        },
    })
    write(base / "test_allnewlyrics1.html", html("<h1>PJ Morton – Only One Lyrics</h1>"))
    write_json(base / "test_aolNews.json", {"url": "http://aol.example.com/", "expected": {}})
    write(base / "test_aolNews.html", html("<p>AOL</p>"))
    write_json(base / "test_nohtml.json", {"url": "http://x/", "expected": {"cleaned_text": "x"}})
    write_json(base / "other.json", {"url": "http://not-a-test/"})
    write(base / "other.html", html("<p>other</p>"))
    pages = read_all(goose3, tmp_path)
    assert [(p.id, p.url) for p in pages] == [
        ("allnewlyrics1", "http://allnewlyrics.com/only-one-lyrics.html"),
        ("aolNews", "http://aol.example.com/"),
    ]
    lyrics, aol = pages
    assert lyrics.truth == GroundTruth(
        with_snippets=("PJ Morton – Only One Lyrics", "I’m pretty sure I don’t need anything else"),
        title="“Only One” Lyrics : PJ Morton",
        authors=("PJ Morton",),
    )
    assert lyrics.truth.main_text is None
    assert "<h1>PJ Morton – Only One Lyrics</h1>" in lyrics.html
    assert aol.truth == GroundTruth()


# --- WebMainBench --------------------------------------------------------------------------


def short_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def test_webmainbench_dedups_by_track_id(tmp_path: Path) -> None:
    data = tmp_path / webmainbench.NAME / "data"
    first_id = "33e291cd-5b26-48b1-977f-3c63b45e6d13"
    second_id = "7cdb7231-9337-4104-a562-9b8f285add7d"
    write_jsonl(data / "a_sample.jsonl", [
        {"track_id": first_id, "url": "https://www.creativia.ch/en/logo", "html": "<p>Logo</p>",
         "groundtruth_content": "## THE PALM INSTITUTE LOGO"},
        {"track_id": "no-content", "url": "https://x.example/", "html": "<p>x</p>",
         "groundtruth_content": "None"},
        {"track_id": "no-html", "url": "https://y.example/", "html": "", "groundtruth_content": "y"},
    ])
    write_jsonl(data / "b_sample.jsonl", [
        {"track_id": first_id, "url": "https://www.creativia.ch/en/logo", "html": "<p>Logo again</p>",
         "groundtruth_content": "A duplicate row"},
        {"track_id": second_id, "url": "https://www.w3school.com.cn/python/numpy.asp",
         "html": "<h1>NumPy 简介</h1>", "groundtruth_content": "# NumPy 简介"},
        {"id": "sample-001", "url": "https://python-tutorial.example.com/functions",
         "html": "<h1>Python</h1>", "groundtruth_llm_webkit_md": "# Python"},
    ])
    write(data / "README.txt", "not jsonl")
    pages = read_all(webmainbench, tmp_path)
    assert [(p.id, p.url) for p in pages] == [
        (short_hash(first_id), "https://www.creativia.ch/en/logo"),
        (short_hash(second_id), "https://www.w3school.com.cn/python/numpy.asp"),
    ]
    first, second = pages
    assert first.truth == GroundTruth(main_text="## THE PALM INSTITUTE LOGO")
    assert first.html == "<p>Logo</p>"
    assert second.truth == GroundTruth(main_text="# NumPy 简介")
    assert second.html == "<h1>NumPy 简介</h1>"
