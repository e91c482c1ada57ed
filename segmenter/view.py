"""Labelled lines → one self-contained HTML report that shows the segmentation of pages.

Each line is shown in order, coloured by its label, with its score; a legend counts each label's
lines and filters them; given a labelled page (the JSONL of docs/LABELS.md), the lines where the
model and the hand label disagree are outlined and counted. The report needs no network: its CSS
and its little JavaScript are inline, and every text from the page is escaped (pages are hostile).

Filtering costs nothing per line: hiding a label toggles one class on the container (CSS does the
rest), one delegated handler serves all the checkboxes, and the URL hash (`#hide=navigation,other`,
`&only=disagreements`) sets the filters, so a filtered view can be linked to.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from segmenter.batch import read_lines
from segmenter.corpus.records import LabelledPage
from segmenter.extraction import extract
from segmenter.labels import LABELS, Label
from segmenter.langid import LanguageIdentifier, body_language
from segmenter.limits import Limits
from segmenter.lines import Line
from segmenter.segmenter import LabelledLine, Segmenter
from segmenter.sources import Failure, RawPage, Record

# Characters of one line the report shows: a 5 MB line (hostile pages have them) would make the
# report as large and the browser slow; the first few thousand characters tell what the line is.
MAX_SHOWN_CHARS = 5_000
# Below this score the label given is right less than half the time on the hand-labelled pages
# (docs/MODEL.md, calibration): such scores are marked as doubtful.
LOW_SCORE = 0.6
# Pages one report shows: its DOM grows with its lines, and a hundred pages of a few hundred lines
# each still open in a second; a crawl file of thousands is better viewed a slice at a time.
MAX_PAGES = 100
# Where the report goes by default: beside the input, named after it.
REPORT_SUFFIX = ".segmenter.html"

# Each label's stripe and tint (the Okabe-Ito palette: told apart with the common colour-vision
# deficiencies), and a tint of it light enough for black text on top.
LABEL_COLOURS: dict[Label, tuple[str, str]] = {
    Label.BODY: ("#009e73", "#dcf2ea"),
    Label.NAVIGATION: ("#0072b2", "#dce9f5"),
    Label.COMMENTS: ("#cc79a7", "#f7e4ef"),
    Label.RELATED: ("#e69f00", "#fcefd4"),
    Label.OTHER: ("#7f7f7f", "#ececec"),
}


@dataclass(frozen=True)
class PageView:
    """One page as the report shows it: its labelled lines and, when a labelled page was given,
    the hand label of each line (None where the line has none or is not in the labelled page)."""

    id: str
    lines: tuple[LabelledLine, ...]
    gold: tuple[Label | None, ...] | None = None
    title: str = ""
    language: str = ""
    url: str = ""
    gold_missing: int = 0  # hand-labelled lines of the labelled page that are not on this page

    def __post_init__(self) -> None:
        if self.gold is not None and len(self.gold) != len(self.lines):
            raise ValueError(f"{len(self.gold)} gold labels for the {len(self.lines)} lines of {self.id}")

    def golds(self) -> Iterator[Label | None]:
        return iter(self.gold) if self.gold is not None else iter([None] * len(self.lines))

    @property
    def gold_lines(self) -> int:
        return sum(gold is not None for gold in self.golds())

    @property
    def disagreements(self) -> int:
        return sum(gold is not None and gold is not line.label for line, gold in zip(self.lines, self.golds()))


def render_report(pages: Sequence[PageView], source: str = "", notes: Sequence[str] = ()) -> str:
    """The HTML report of the pages: one section per page under a legend that counts and filters
    the labels; `notes` (pages that failed, pages left out) are listed under the heading."""
    counts = Counter(line.label for page in pages for line in page.lines)
    disagreeing = Counter(line.label for page in pages for line, gold in zip(page.lines, page.golds())
                          if gold is not None and gold is not line.label)
    has_gold = any(page.gold is not None for page in pages)
    heading = f"segmenter: {source}" if source else "segmenter"
    parts = [f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f"<title>{_escape(heading)}</title>\n<style>{_css()}</style>\n</head>\n<body>\n"
             f'<header class="top">\n<h1>{_escape(heading)}</h1>\n',
             _summary(pages, counts, has_gold), *(f'<p class="note">{_escape(note)}</p>\n' for note in notes),
             _controls(counts, disagreeing, has_gold), "</header>\n", '<main id="report">\n',
             *(_section(page, number) for number, page in enumerate(pages, start=1)),
             f"</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"]
    return "".join(parts)


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _summary(pages: Sequence[PageView], counts: Counter[Label], has_gold: bool) -> str:
    lines = sum(counts.values())
    text = f"{len(pages)} page{'' if len(pages) == 1 else 's'}, {lines} lines"
    if has_gold:
        gold_lines = sum(page.gold_lines for page in pages)
        disagreements = sum(page.disagreements for page in pages)
        text += (f'; <span id="disagreements">{disagreements}</span> disagreement'
                 f"{'' if disagreements == 1 else 's'} with the hand labels of {gold_lines} lines")
    return f'<p class="meta">{text}; <span id="shown">{lines}</span> shown</p>\n'


def _controls(counts: Counter[Label], disagreeing: Counter[Label], has_gold: bool) -> str:
    """The legend: a checkbox per label with its line count (and its disagreements, for the
    shown-lines count the script keeps without walking the lines)."""
    keys = [f'<label class="key lb-{label.value}"><input type="checkbox" checked data-label="{label.value}" '
            f'data-count="{counts[label]}" data-diff="{disagreeing[label]}"> {label.value} '
            f'<span class="count">{counts[label]}</span></label>' for label in LABELS]
    if has_gold:
        keys.append('<label class="key only"><input type="checkbox" id="only-diff"> only disagreements</label>')
    return '<form id="controls" aria-label="labels">' + "".join(keys) + "</form>\n"


def _section(page: PageView, number: int) -> str:
    meta = [f"{len(page.lines)} lines"]
    if page.language:
        meta.append(f"language: {page.language}")
    if page.gold is not None:
        meta.append(f"{page.disagreements} of {page.gold_lines} hand-labelled lines disagree")
    if page.gold_missing:
        meta.append(f"{page.gold_missing} hand-labelled lines are not on the page")
    where = page.url or page.id
    rows = "".join(_line(line, gold) for line, gold in zip(page.lines, page.golds()))
    return (f'<section class="page" id="page-{number}">\n<h2 dir="auto">{_escape(page.title or page.id)}</h2>\n'
            f'<p class="meta" dir="auto">{_escape(where)} · {_escape(", ".join(meta))}</p>\n'
            f'<ol class="lines">\n{rows}</ol>\n</section>\n')


def _line(line: LabelledLine, gold: Label | None) -> str:
    """One line: its score, its text (dir=auto: right to left when its first strong letter is, as
    in Arabic or Hebrew) and, where the hand label differs, a badge naming it."""
    classes = f"line lb-{line.label.value}"
    badge = ""
    if gold is not None and gold is not line.label:
        classes += " diff"
        badge = f'<span class="gold" data-gold="{gold.value}">gold: {gold.value}</span>'
    if line.score < LOW_SCORE:
        classes += " low"
    text = line.text
    if len(text) > MAX_SHOWN_CHARS:
        text = f"{text[:MAX_SHOWN_CHARS]} … ({len(line.text) - MAX_SHOWN_CHARS:,} more characters)"
    return (f'<li class="{classes}"><span class="score">{line.score:.2f}</span>'
            f'<span class="text" dir="auto">{_escape(text)}</span>{badge}</li>\n')


def _css() -> str:
    colours = "".join(f".lb-{label.value}{{--c:{stripe};--bg:{tint}}}\n"
                      for label, (stripe, tint) in LABEL_COLOURS.items())
    hiding = ",".join(f".hide-{label.value} .lb-{label.value}" for label in LABELS)
    return f"{_CSS}{colours}{hiding}{{display:none}}\n"


_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans",sans-serif;color:#1d1d1d;
 background:#fafafa}
header.top{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #ccc;padding:.6rem 1rem}
h1{font-size:1.15rem;margin:0 0 .2rem;overflow-wrap:anywhere}
h2{font-size:1rem;margin:1.2rem 0 .1rem}
.meta,.note{color:#555;font-size:.85rem;margin:.15rem 0;overflow-wrap:anywhere}
.note{color:#8a4b00}
#controls{display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0 0}
.key{display:inline-flex;align-items:center;gap:.3rem;padding:.1rem .6rem;border:2px solid var(--c,#999);
 border-radius:1rem;background:var(--bg,#fff);cursor:pointer;user-select:none;font-size:.9rem}
.count{font-weight:600;font-variant-numeric:tabular-nums}
main{padding:0 1rem 2rem}
ol.lines{list-style:none;margin:0;padding:0}
.line{display:grid;grid-template-columns:2.6rem minmax(0,1fr) auto;gap:.6rem;align-items:baseline;
 margin:2px 0;padding:.15rem .5rem;border-left:6px solid var(--c);background:var(--bg)}
.score{font:12px/1 ui-monospace,"DejaVu Sans Mono",monospace;color:#444;text-align:right}
.low .score{color:#b00020;font-weight:700}
.text{display:block;white-space:pre-wrap;overflow-wrap:anywhere}
.diff{outline:2px solid #d62728;outline-offset:-2px}
.gold{font-size:.75rem;font-weight:700;padding:0 .45rem;border-radius:.6rem;color:#fff;background:#d62728;
 white-space:nowrap}
.only-diff .line:not(.diff){display:none}
"""

# One delegated handler on the form; the hash holds the filters so that a filtered view is a link.
_SCRIPT = """
(function () {
  "use strict";
  var report = document.getElementById("report");
  var controls = document.getElementById("controls");
  var boxes = Array.prototype.slice.call(controls.querySelectorAll("input[data-label]"));
  var only = document.getElementById("only-diff");
  var shown = document.getElementById("shown");
  function apply() {
    var total = 0;
    boxes.forEach(function (box) {
      report.classList.toggle("hide-" + box.dataset.label, !box.checked);
      if (box.checked) { total += Number(only && only.checked ? box.dataset.diff : box.dataset.count); }
    });
    if (only) { report.classList.toggle("only-diff", only.checked); }
    shown.textContent = String(total);
  }
  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    var hidden = (params.get("hide") || "").split(",");
    boxes.forEach(function (box) { box.checked = hidden.indexOf(box.dataset.label) < 0; });
    if (only) { only.checked = params.get("only") === "disagreements"; }
    apply();
  }
  function toHash() {
    var hidden = boxes.filter(function (box) { return !box.checked; })
      .map(function (box) { return box.dataset.label; });
    var parts = [];
    if (hidden.length) { parts.push("hide=" + hidden.join(",")); }
    if (only && only.checked) { parts.push("only=disagreements"); }
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }
  controls.addEventListener("change", function () { apply(); toHash(); });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""


def pick_gold(gold: Sequence[LabelledPage], page_id: str, url: str, first: bool) -> LabelledPage | None:
    """The labelled page for a page: a file of one labelled page goes with the first page read;
    otherwise the one with the page's id, or else its URL."""
    if len(gold) == 1 and first:
        return gold[0]
    by_id = next((page for page in gold if page.id == page_id), None)
    return by_id or next((page for page in gold if url and page.url == url), None)


@dataclass(frozen=True)
class Viewed:
    """What a report shows of its input: the pages labelled, and notes on those it could not show."""

    pages: tuple[PageView, ...]
    notes: tuple[str, ...]
    failed: int


def view_pages(records: Iterable[Record], segmenter: Segmenter, gold: Sequence[LabelledPage] | None = None,
               max_pages: int = MAX_PAGES, limits: Limits = Limits()) -> Viewed:
    """The first `max_pages` readable pages of the records, labelled, with their hand labels; a record
    that is no page, or past the limits, is a note (a WARC request or metadata record: nothing)."""
    if max_pages < 1:
        raise ValueError(f"--max-pages must be 1 or more, not {max_pages}")
    read: list[tuple[RawPage, list[Line]]] = []
    notes: list[str] = []
    failed = more = 0
    for record in records:
        if isinstance(record, RawPage) and len(read) >= max_pages:
            more += 1
            continue
        outcome = read_lines(record, limits)  # the limits of 'segmenter label': a view of a crawl meets its pages
        if isinstance(outcome, Failure):
            failed += 1
            notes.append(f"{outcome.id}: {outcome.status.value} ({outcome.reason})")
        elif isinstance(outcome, tuple):
            read.append(outcome)
    if more:
        notes.append(f"{more} more pages not shown (the limit: --max-pages {max_pages})")
    labelled = segmenter.label_pages([lines for _, lines in read])
    identifier = LanguageIdentifier()
    pages = tuple(_page_view(raw, lines, labels, gold, index == 0, identifier)
                  for index, ((raw, lines), labels) in enumerate(zip(read, labelled)))
    if gold is not None and not any(page.gold is not None for page in pages) and pages:
        notes.append("no page matches a labelled page by id or URL: no disagreements to show")
    return Viewed(pages, tuple(notes), failed)


def _page_view(raw: RawPage, lines: list[Line], labels: list[LabelledLine], gold: Sequence[LabelledPage] | None,
               first: bool, identifier: LanguageIdentifier) -> PageView:
    texts = [line.text for line in lines]
    labelled = pick_gold(gold, raw.id, raw.url, first) if gold else None
    golds, missing = labelled.labels_by_text(texts) if labelled is not None else (None, 0)
    lang = body_language(identifier, [(line.text, line.label is Label.BODY) for line in labels])
    return PageView(raw.id, tuple(labels), golds, extract(lines, labels).title, lang, raw.url, missing)


def default_report_path(page: str) -> Path:
    """Beside the input, named after it: page.html → page.html.segmenter.html."""
    return Path(page + REPORT_SUFFIX)
