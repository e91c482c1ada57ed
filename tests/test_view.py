"""The page viewer of issue 7: the HTML report from hand-made lines, the gold alignment, the CLI,
and, where Chromium is installed, what a browser shows of a mixed-language page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from tiny_corpus import LABELS as HTML_LABELS
from tiny_corpus import page_html

from segmenter.cli import main
from segmenter.corpus.records import LabelledLine as GoldLine
from segmenter.corpus.records import LabelledPage
from segmenter.labels import LABELS, Label
from segmenter.inputs import read_pages
from segmenter.limits import Limits
from segmenter.segmenter import LabelledLine, Segmenter, default_model_path
from segmenter.view import MAX_SHOWN_CHARS, PageView, default_report_path, pick_gold, render_report, view_pages

B, N, C, R, O = Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.RELATED, Label.OTHER
ARABIC = "فيضانات في سيلهيت تشرد الآلاف من السكان"
HEBREW = "שיטפונות בסילהט"
LINES = (LabelledLine("Floods displace thousands", B, 0.97), LabelledLine("Home", N, 0.91),
         LabelledLine("World", N, 0.42), LabelledLine("Please enter your comment!", C, 0.88),
         LabelledLine(ARABIC, R, 0.75), LabelledLine("© 2026 Daily Mark News", O, 0.99))


def parse(report: str) -> HTMLParser:
    return HTMLParser(report)


def line_classes(tree: HTMLParser) -> list[str]:
    return [node.attributes["class"] for node in tree.css("li.line")]


def legend(tree: HTMLParser) -> dict[str, int]:
    return {node.css_first("input").attributes["data-label"]: int(node.css_first(".count").text())
            for node in tree.css("label.key") if node.css_first("input[data-label]")}


def test_each_line_gets_its_label_class_score_and_low_score_mark() -> None:
    tree = parse(render_report([PageView("p", LINES)]))
    assert line_classes(tree) == ["line lb-body", "line lb-navigation", "line lb-navigation low", "line lb-comments",
                                  "line lb-related", "line lb-other"]
    assert [node.text() for node in tree.css("li.line .score")] == ["0.97", "0.91", "0.42", "0.88", "0.75", "0.99"]
    assert [node.text() for node in tree.css("li.line .text")] == [line.text for line in LINES]


def test_legend_counts_each_label_and_the_shown_lines() -> None:
    tree = parse(render_report([PageView("a", LINES), PageView("b", LINES[:2])]))
    assert legend(tree) == {"body": 2, "navigation": 3, "comments": 1, "related": 1, "other": 1}
    assert list(legend(tree)) == [label.value for label in LABELS]
    assert tree.css_first("#shown").text() == "8"
    assert [node.attributes["id"] for node in tree.css("section.page")] == ["page-1", "page-2"]
    assert not tree.css("#only-diff") and not tree.css("#disagreements")  # no gold, no gold controls


def test_filtering_is_a_class_per_label_on_the_container() -> None:
    report = render_report([PageView("p", LINES)])
    for label in LABELS:
        assert f".hide-{label.value} .lb-{label.value}" in report
    assert report.count("addEventListener(\"change\"") == 1  # one delegated handler, none per line
    assert "onclick" not in report and "onchange" not in report


def test_page_text_is_escaped_everywhere() -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = PageView('id"><script>1</script>', (LabelledLine(hostile, B, 0.5),), title=hostile,
                    url='https://x.example/"><b>', language="<i>")
    report = render_report([page], source="<b>file</b>", notes=[f"failed: {hostile}"])
    tree = parse(report)
    assert report.count("<script>") == 1  # the report's own script only
    assert "<img" not in report and "<b>" not in report and "<i>" not in report
    assert tree.css_first("li.line .text").text() == hostile
    assert tree.css_first("h2").text() == hostile
    assert hostile in tree.css_first("p.note").text()


def test_right_to_left_lines_get_dir_auto() -> None:
    tree = parse(render_report([PageView("p", (*LINES, LabelledLine(HEBREW, B, 0.9)))]))
    texts = {node.text(): node.attributes.get("dir") for node in tree.css("li.line .text")}
    assert texts[ARABIC] == "auto" and texts[HEBREW] == "auto"
    # dir=auto sits on the text alone: the score and the badge (Latin letters) must not decide it.
    assert all("dir" not in node.attributes for node in tree.css("li.line"))


def test_disagreements_with_gold_are_outlined_badged_and_counted() -> None:
    gold = (B, N, B, C, None, N)  # "World" is body by hand, the © line navigation; the Arabic line unlabelled
    tree = parse(render_report([PageView("p", LINES, gold)]))
    lines = tree.css("li.line")
    assert [i for i, node in enumerate(lines) if "diff" in node.attributes["class"].split()] == [2, 5]
    assert [node.text() for node in tree.css("li.line .gold")] == ["gold: body", "gold: navigation"]
    assert tree.css_first("#disagreements").text() == "2"
    assert "2 of 5 hand-labelled lines disagree" in tree.css_first("section.page p.meta").text()
    boxes = {node.attributes["data-label"]: node.attributes["data-diff"] for node in tree.css("input[data-label]")}
    assert boxes == {"body": "0", "navigation": "1", "comments": "0", "related": "0", "other": "1"}
    assert tree.css_first("#only-diff") is not None


def test_gold_must_have_a_label_per_line() -> None:
    with pytest.raises(ValueError, match="2 gold labels for the 6 lines"):
        PageView("p", LINES, (B, N))


def test_long_lines_are_cut_for_display() -> None:
    line = LabelledLine("x" * (MAX_SHOWN_CHARS + 10), B, 0.9)
    text = parse(render_report([PageView("p", (line,))])).css_first(".text").text()
    assert text.startswith("x" * MAX_SHOWN_CHARS) and text.endswith("(10 more characters)")


def gold_page(rows: list[tuple[str, Label | None]], page_id: str = "g", url: str = "") -> LabelledPage:
    return LabelledPage(page_id, "en", "hand", tuple(GoldLine(text, label) for text, label in rows), url=url)


def test_pick_gold_by_single_page_then_id_then_url() -> None:
    one = [gold_page([], "x")]
    many = [gold_page([], "a", "https://a.example/"), gold_page([], "b", "https://b.example/")]
    assert pick_gold(one, "anything", "", first=True) is one[0]
    assert pick_gold(one, "anything", "", first=False) is None
    assert pick_gold(many, "b", "", first=True) is many[1]
    assert pick_gold(many, "page.html", "https://a.example/", first=False) is many[0]
    assert pick_gold(many, "c", "", first=False) is None


def test_view_command_writes_the_report_beside_the_page(tiny_model: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(page_html(3), encoding="utf-8")
    assert main(["view", str(page), "--model", str(tiny_model)]) == 0
    report = default_report_path(str(page))
    assert report == tmp_path / "page.html.segmenter.html"
    tree = parse(report.read_text(encoding="utf-8"))
    assert len(tree.css("li.line")) == len(HTML_LABELS)
    assert tree.css_first("h2").text() == "Story number 3 about the city"  # the page's <title>
    assert "language: en" in tree.css_first("section.page p.meta").text()
    assert "wrote" in capsys.readouterr().err


def test_view_command_compares_with_gold_and_shows_many_pages(tiny_model: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from segmenter.lines import html_lines

    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps({"id": f"p{i}", "html": page_html(i)}) + "\n" for i in range(3))
                     + "not json\n", encoding="utf-8")
    texts = [line.text for line in html_lines(page_html(1))]
    wrong = [N if label is B else label for label in HTML_LABELS]  # every body line labelled navigation by hand
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(gold_page(list(zip(texts, wrong)), "p1").to_json()) + "\n"
                    + json.dumps(gold_page([], "unrelated").to_json()) + "\n", encoding="utf-8")
    out = tmp_path / "report.html"
    code = main(["view", str(pages), "-o", str(out), "--gold", str(gold), "--max-pages", "2",
                 "--model", str(tiny_model)])
    err = capsys.readouterr().err
    tree = parse(out.read_text(encoding="utf-8"))
    assert code == 1  # the line that is not JSON failed; it is named in the report and on standard error
    assert len(tree.css("section.page")) == 2
    assert any("parse_error" in note.text() for note in tree.css("p.note")) and "parse_error" in err
    assert any("1 more pages not shown" in note.text() for note in tree.css("p.note"))
    sections = tree.css("section.page")
    assert not sections[0].css("li.diff")  # p0 has no labelled page
    shown = [(node.attributes["class"].split(), node.css_first(".gold")) for node in sections[1].css("li.line")]
    assert len(shown) == len(wrong)
    for (classes, badge), hand in zip(shown, wrong):  # whatever the tiny model says, each difference is marked
        assert ("diff" in classes) is (f"lb-{hand.value}" not in classes)
        assert (badge.text() if badge else None) == (f"gold: {hand.value}" if "diff" in classes else None)
    differing = sum("diff" in classes for classes, _ in shown)
    assert differing >= HTML_LABELS.count(B) - 1  # the tiny model calls most body lines body
    assert tree.css_first("#disagreements").text() == str(differing)


def test_pages_past_the_limits_are_notes_not_sections(tiny_model: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(page_html(1), encoding="utf-8")
    viewed = view_pages(read_pages([str(page)]), Segmenter.load(tiny_model), limits=Limits(max_lines=3))
    assert viewed.pages == () and viewed.failed == 1
    assert viewed.notes == (f"{page}: too_large ({len(HTML_LABELS)} lines, over 3 (the limit: --max-lines))",)


def test_view_of_standard_input_needs_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["view", "-"]) == 2
    assert "give -o" in capsys.readouterr().err


# --- Chromium: what a browser shows -------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "examples" / "english_article_bengali_site.html"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pages" / "english_article_bengali_site.html.tsv"
CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(name)), None)
# Flags that keep Chromium off the network and out of the user's profile.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
# A cold start of headless Chromium in a container takes a few seconds; a hang must not stall the suite.
CHROMIUM_TIMEOUT_SECONDS = 120
# Run after the report's own script: records what the browser computed (direction, display) and
# what one click on a checkbox does, as attributes that --dump-dom prints.
PROBE = """<script>
var report = document.getElementById("report");
document.querySelectorAll("li.line").forEach(function (li) {
  li.setAttribute("data-display", getComputedStyle(li).display);
  var text = li.querySelector(".text");
  text.setAttribute("data-direction", getComputedStyle(text).direction);
});
document.body.setAttribute("data-from-hash", report.className);
document.body.setAttribute("data-shown-from-hash", document.getElementById("shown").textContent);
document.querySelector('input[data-label="comments"]').click();
document.body.setAttribute("data-after-click", report.className);
document.body.setAttribute("data-hash-after-click", location.hash);
document.body.setAttribute("data-comment-display", getComputedStyle(document.querySelector("li.lb-comments")).display);
</script>
"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_SECONDS, check=True)


@pytest.fixture(scope="module")
def mixed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the example page (an English article on a Bengali site) with an Arabic
    headline added to its latest-news list, compared with its hand labels, by the shipped model."""
    if not (default_model_path() / "model.json").exists():
        pytest.skip("no shipped model in data/model")
    root = tmp_path_factory.mktemp("mixed")
    page = root / "mixed.html"
    latest = '<li><a href="/national/5">'
    html = EXAMPLE.read_text(encoding="utf-8")
    assert latest in html
    page.write_text(html.replace(latest, f'<li><a href="/ar/1">{ARABIC}</a></li>\n      {latest}'), encoding="utf-8")
    rows = [row.split("\t", 1) for row in FIXTURE.read_text(encoding="utf-8").splitlines()]
    gold = root / "gold.jsonl"
    gold.write_text(json.dumps(gold_page([(text, Label.parse(label)) for label, text in rows]).to_json(),
                               ensure_ascii=False) + "\n", encoding="utf-8")
    report = root / "report.html"
    assert main(["view", str(page), "-o", str(report), "--gold", str(gold)]) == 0
    return report


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_chromium_shows_labels_filters_and_right_to_left(mixed_report: Path, tmp_path: Path) -> None:
    probe = tmp_path / "probe.html"
    probe.write_text(mixed_report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                     encoding="utf-8")
    dom = parse(chromium(tmp_path, "--dump-dom", probe.as_uri() + "#hide=navigation,other").stdout)
    body = dom.css_first("body").attributes
    lines = {node.css_first(".text").text(): node for node in dom.css("li.line")}

    def classes(text: str) -> set[str]:
        return set(lines[text].attributes["class"].split())

    rows = [row.split("\t", 1) for row in FIXTURE.read_text(encoding="utf-8").splitlines()]
    english_body = [text for label, text in rows if label == "body" and text.isascii() and len(text) > 100]
    bengali_related = [text for label, text in rows if label == "related"]
    assert len(english_body) == 5 and len(bengali_related) == 7
    assert all("lb-body" in classes(text) for text in english_body)
    assert all("lb-related" in classes(text) for text in bengali_related)
    # The legend counts what the page holds, label by label.
    counts = legend(dom)
    assert counts == {label.value: len(dom.css(f"li.lb-{label.value}")) for label in LABELS}
    assert sum(counts.values()) == len(rows) + 1 and counts["body"] == 8
    # Gold: the example is labelled exactly (tests/test_shipped_model.py); the Arabic line has no hand label.
    assert dom.css_first("#disagreements").text() == "0" and not dom.css("li.diff")
    # The hash hid navigation and other: classes on the container, and the browser hides those lines.
    assert set(body["data-from-hash"].split()) == {"hide-navigation", "hide-other"}
    assert {node.attributes["data-display"] for node in dom.css("li.lb-navigation, li.lb-other")} == {"none"}
    assert {node.attributes["data-display"] for node in dom.css("li.lb-body, li.lb-related")} == {"grid"}
    assert body["data-shown-from-hash"] == str(counts["body"] + counts["comments"] + counts["related"])
    # One click on the comments box: the delegated handler hides them and writes the filter into the hash.
    assert set(body["data-after-click"].split()) == {"hide-navigation", "hide-comments", "hide-other"}
    assert body["data-comment-display"] == "none"
    assert body["data-hash-after-click"] == "#hide=navigation,comments,other"
    # Right to left: the Arabic line is dir=auto and the browser lays it out right to left.
    arabic = lines[ARABIC].css_first(".text")
    assert arabic.attributes["dir"] == "auto" and arabic.attributes["data-direction"] == "rtl"
    assert lines[english_body[0]].css_first(".text").attributes["data-direction"] == "ltr"


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_chromium_screenshot_of_the_report(mixed_report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "view.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", mixed_report.as_uri())
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and shot.stat().st_size > 10_000
