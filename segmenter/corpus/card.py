"""The data card (docs/DATA.md), rendered from a built corpus's statistics and the checks on it."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from segmenter.corpus.readers import READERS
from segmenter.corpus.records import LabelledPage, read_gold, read_pages
from segmenter.labels import LABELS, Label

NOT_LANGUAGES = frozenset({"und", "zxx"})
_LABEL_NAMES = [label.value for label in LABELS]
_HEADER = """# Data card: the labelled-line corpus

Every line of every page carries one of the five labels of LABELS.md, or none: a line that neither
aligns with its collection's ground truth nor meets a DOM rule stays unlabelled (`null`) and is left
out of training and scoring. `not_body` marks unlabelled lines that the ground truth says are not main
content (lines outside a complete main text, trafilatura/wcxb "without" snippets, turku noise).

Reproduce (collections unpacked with `../shared/corpora/unpack.sh /tmp/corpora`):

    segmenter corpus build --corpora /tmp/corpora --out /tmp/corpus
    segmenter corpus card --corpus /tmp/corpus \\
        --audit tests/fixtures/weak_label_audit_round*.jsonl \\
        --gold data/gold_pages.jsonl --out docs/DATA.md

Every figure below comes from those two commands.
"""


_NOTES = """## How to read these figures

- Weak labels are precise where they speak and silent elsewhere: on the hand-labelled pages about half of
  the lines are unlabelled, above all related teaser lists and legal/ad lines whose markup names nothing.
  Training and scoring leave unlabelled lines out; `not_body` lines can still teach body against the rest.
- Conventions where LABELS.md leaves room, applied by the labellers and the auditors: header and footer
  menu items are navigation even when they link to legal pages; standalone legal and copyright text and
  the site's contact details are other; login links are navigation; share and follow buttons are other;
  on a thread the opening post with its author line is body and every reply is comments.
- Each audit round but the last led to rule changes (`git log segmenter/dom_rules.py`); after round 7
  every rule source that the pooled audits found wrong more than one time in five was dropped, so its
  lines are unlabelled rather than mislabelled. The last round audits the rules as they were then.
- Since the last round, class values that file or flag a post rather than name its element
  (`category-…`, `tag-…`, `has-comments`, Kinja's `commented`) are read by the navigation rule only,
  and a blog post's own element (`hentry`, `status-publish`, Substack's `newsletter-post`) by no rule:
  where the ground truth kept a whole article, the comments rule had made it comments (Squarespace
  blogs, Kinja sites), and other rules had made posts menus, related lists, share bars or newsletter
  prompts by their tags. Against a build before the changes (labels compared line by line by a
  throw-away script), 1,936 lines of 132 pages changed label,
  505 of them from comments to body. Attribute values that hold a URL are read by no rule either
  (CleanEval wraps each page in `<text id="http://…">`, whose words labelled whole pages): 1,335 more
  lines of 17 pages, 158 of them from comments to body.
- Collections are labelled by their own lights first: magic-html-bench counts the comments under a Weibo
  post as content, Dragnet's comments include replies' author lines on some pages, goose3's truth is often
  one sentence. The readers map each onto LABELS.md (`segmenter/corpus/readers/`), not perfectly.
- Page languages are py3langid's guesses: the rare codes (an, bcl, ext, pcm and the like) are mostly
  short or mixed pages misidentified, so the count of languages is an upper bound; about thirty are real.
- Only collections whose licence allows it train the shipped model (column "trains shipped model");
  research-only, AGPL and unlicensed collections are used for evaluation and development only.
"""


def render_card(stats: dict[str, Any], *, audits: Sequence[Path] = (), gold: Path | None = None,
                corpus: Path | None = None) -> str:
    """The data card's Markdown; `audits` are the audit rounds, oldest first."""
    parts = [_HEADER, _collections(stats), _splits(stats), _languages(stats)]
    for number, audit in enumerate(audits, start=1):
        parts.append(_audit(audit, number, last=number == len(audits)))
    if len(audits) >= 2:
        parts.append(_pooled(audits[-2:], len(audits) - 1))
    if gold is not None and gold.exists() and corpus is not None:
        parts.append(_gold(gold, corpus))
    parts.append(_NOTES)
    if stats.get("failures"):
        parts.append("## Pages that failed\n\n" + "\n".join(
            f"- `{f['id']}`: {f['reason']}" for f in stats["failures"]) + "\n")
    return "\n".join(parts)


def _table(header: list[str], rows: Iterable[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _collections(stats: dict[str, Any]) -> str:
    totals: dict[str, Counter[str]] = {}
    pages: Counter[str] = Counter()
    for row in stats["rows"]:
        totals.setdefault(row["source"], Counter()).update(row["labels"])
        pages[row["source"]] += row["pages"]
    rows = []
    for source in sorted(totals):
        counts = totals[source]
        lines = sum(counts.values())
        unlabelled = counts["unlabelled"] + counts["not_body"]
        reader = READERS.get(source)
        licence = reader.LICENCE if reader else "as its sources"
        ships = ("yes" if reader.SHIPPABLE else "no") if reader else "if both sources do"
        rows.append([source, licence, ships, pages[source], lines,
                     *[counts[name] for name in _LABEL_NAMES],
                     f"{unlabelled / lines:.1%}" if lines else "-", counts["not_body"]])
    header = ["collection", "licence", "trains shipped model", "pages", "lines", *_LABEL_NAMES,
              "unlabelled share", "of which not_body"]
    return "## Collections\n\n" + _table(header, rows) + (
        "\n`mixed` pages are built from two real training pages (see Mixed-language pages).\n")


def _splits(stats: dict[str, Any]) -> str:
    rows = []
    for row in stats["rows"]:
        labels = row["labels"]
        rows.append([row["source"], row["split"], row["pages"], sum(labels.values()),
                     *[labels.get(name, 0) for name in _LABEL_NAMES],
                     labels.get("unlabelled", 0) + labels.get("not_body", 0)])
    header = ["collection", "split", "pages", "lines", *_LABEL_NAMES, "unlabelled"]
    return ("## Splits\n\nSplits are by site (host, else page id), hashed: 75% train, 10% dev, 15% test; "
            "a collection's own split wins (turku-line-quality's files, CleanEval's final set = test).\n\n"
            + _table(header, rows))


def _languages(stats: dict[str, Any]) -> str:
    per: dict[str, Counter[str]] = {}
    mixed = real = 0
    for row in stats["by_language"]:
        per.setdefault(row["lang"], Counter())[f"{row['split']}"] += row["pages"]
        if row["split"] == "train":
            mixed += row["pages"] if row["kind"] == "mixed" else 0
            real += row["pages"] if row["kind"] == "real" else 0
    named = sorted((lang for lang in per if lang not in NOT_LANGUAGES), key=lambda l: -sum(per[l].values()))
    rows = [[lang, per[lang]["train"], per[lang]["dev"], per[lang]["test"]] for lang in named]
    share = mixed / (mixed + real) if mixed + real else 0.0
    return (f"## Languages\n\nPage language by py3langid over the page's body lines (all lines when it has "
            f"none). **{len(named)} languages** are present (\"und\" and \"zxx\" not counted).\n\n"
            f"## Mixed-language pages\n\n{mixed} of {mixed + real} training pages (**{share:.1%}**) are "
            "mixed-language: one page's body inside another page's navigation, comments, related and other "
            "lines, the two pages in different languages (`segmenter/corpus/augment.py`).\n\n"
            "## Pages per language and split\n\n" + _table(["language", "train", "dev", "test"], rows))


def _audit_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _precision_table(rows: list[dict[str, Any]]) -> str:
    table = []
    for name in _LABEL_NAMES:
        mine = [r for r in rows if r["weak"] == name]
        right = sum(r["checked"] == name for r in mine)
        table.append([name, len(mine), right, f"{right / len(mine):.3f}" if mine else "-"])
    return _table(["weak label", "lines", "confirmed", "precision"], table)


def _pooled(paths: Sequence[Path], first: int) -> str:
    rows = [row for path in paths for row in _audit_rows(path)]
    return (f"## Audit rounds {first} and {first + 1} pooled\n\nOne round's 80 lines per label measure a "
            f"precision of 0.9 to within about ±0.035 (one standard error), so the last two rounds are "
            f"pooled here ({len(rows)} lines). Between them only one rule was added (lists of related "
            f"searches and trending tags are navigation), which moves a few related lines to navigation; "
            f"round {first}'s lines are counted as that round labelled them.\n\n" + _precision_table(rows))


def _audit(path: Path, number: int, last: bool) -> str:
    rows = _audit_rows(path)
    languages = sorted({r["lang"] for r in rows} - NOT_LANGUAGES)
    status = "the rules as they are now" if last else "the rules before the fixes it led to"
    return (f"## Audit of the weak labels, round {number} ({status})\n\n{len(rows)} weak-labelled lines "
            f"drawn at random from the train "
            f"and dev splits (80 per label, half of them non-English where the label has enough), in "
            f"{len(languages)} languages ({', '.join(languages)}), each checked by hand against LABELS.md: "
            f"`{path.as_posix()}`.\n\n" + _precision_table(rows))


def _aligned(gold: LabelledPage, weak: LabelledPage) -> list[tuple[Label | None, Label | None]]:
    """(hand label, weak label) of each hand-labelled line, matched by text: the corpus may have been
    built with a linearizer that cuts the page into other lines than the hand-labelled copy's."""
    labels, _ = weak.labels_by_text([line.text for line in gold.lines])
    return [(line.label, label) for line, label in zip(gold.lines, labels)]


def _gold(path: Path, corpus: Path) -> str:
    gold = read_gold(path)
    wanted = {page.id for page in gold}
    weak = {page.id: page for page in read_pages(corpus / "test.jsonl") if page.id in wanted}
    pairs = [pair for page in gold if page.id in weak for pair in _aligned(page, weak[page.id])]
    rows = []
    for name in _LABEL_NAMES:
        predicted = [p for p in pairs if p[1] is not None and p[1].value == name]
        actual = [p for p in pairs if p[0] is not None and p[0].value == name]
        hit = sum(g is not None and g.value == name for g, _ in predicted)
        precision = f"{hit / len(predicted):.3f}" if predicted else "-"
        recall = f"{hit / len(actual):.3f}" if actual else "-"
        rows.append([name, len(actual), len(predicted), precision, recall])
    unlabelled = sum(w is None for _, w in pairs)
    languages = Counter(page.lang for page in gold)
    return (f"## Weak labels against the hand-labelled pages\n\n{len(gold)} whole pages from the test split "
            f"({sum(len(p.lines) for p in gold)} lines, {len(languages)} languages: "
            f"{', '.join(f'{k} {v}' for k, v in languages.most_common())}), every line labelled by hand and "
            f"checked by a second reader: `{path.as_posix()}`. Recall counts unlabelled weak lines as misses; "
            f"{unlabelled / len(pairs):.1%} of these lines are unlabelled by the weak labels.\n\n"
            + _table(["label", "gold lines", "weak lines", "weak precision", "weak recall"], rows))
