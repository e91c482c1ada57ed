"""The benchmark's page scores → summary figures, Markdown tables and a plot (see compare.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from statistics import mean
from typing import Any

from segmenter.text_scores import SnippetCounts

SEGMENTER = "segmenter"
SNIPPET_COLLECTIONS = frozenset({"trafilatura-eval"})  # ground truth as snippets, not whole texts
# Languages and page types with fewer token-scored pages than this get no row: their mean is noise.
MIN_GROUP_PAGES = 8
BEGIN, END = "<!-- results: begin -->", "<!-- results: end -->"


@dataclass(frozen=True)
class PageScore:
    """One tool on one page: token scores where the page has a main text, snippet counts where it
    has snippets, and the comments' token F1 where it has comments and the tool gives them."""

    tool: str
    id: str
    collection: str
    lang: str
    page_type: str
    precision: float | None
    recall: float | None
    f1: float | None
    snippets: SnippetCounts | None
    comments_f1: float | None
    seconds: float
    error: str = ""


def summarise(scores: Sequence[PageScore], tools: Sequence[str]) -> dict[str, Any]:
    by_tool: dict[str, list[PageScore]] = defaultdict(list)
    for item in scores:
        by_tool[item.tool].append(item)
    collections = sorted({item.collection for item in scores})
    per_collection = {name: {tool: _collection(name, [s for s in by_tool[tool] if s.collection == name])
                             for tool in tools} for name in collections}
    token_pages = {tool: [s for s in by_tool[tool] if s.f1 is not None] for tool in tools}
    return {
        "pages": len(by_tool[tools[0]]),
        "tools": list(tools),
        "collections": per_collection,
        "mean_over_collections": {tool: mean(per_collection[c][tool]["f1"] for c in collections) for tool in tools},
        "languages": _groups(token_pages, lambda s: s.lang),
        "non_english": {tool: _mean_f1([s for s in token_pages[tool] if s.lang != "en"]) for tool in tools},
        "page_types": _groups({t: [s for s in token_pages[t] if s.collection == "wcxb"] for t in tools},
                              lambda s: s.page_type),
        "comments": _comments(by_tool[SEGMENTER]),
        "speed": {tool: _speed(by_tool[tool]) for tool in tools},
    }


def _collection(name: str, items: Sequence[PageScore]) -> dict[str, float]:
    if name in SNIPPET_COLLECTIONS:
        pooled = reduce(lambda a, b: a + b, [s.snippets for s in items if s.snippets])
        return {"pages": len(items), "measure": "snippets", "precision": pooled.precision,
                "recall": pooled.recall, "f1": pooled.f1}
    scored = [s for s in items if s.f1 is not None]
    return {"pages": len(scored), "measure": "tokens", "precision": mean(s.precision for s in scored),
            "recall": mean(s.recall for s in scored), "f1": mean(s.f1 for s in scored)}


def _groups(token_pages: dict[str, list[PageScore]], key: Callable[[PageScore], str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    reference = next(iter(token_pages.values()))
    names = sorted({key(s) for s in reference}, key=lambda n: -sum(key(s) == n for s in reference))
    for name in names:
        pages = sum(key(s) == name for s in reference)
        if pages >= MIN_GROUP_PAGES:
            out[name] = {"pages": pages, **{tool: _mean_f1([s for s in items if key(s) == name])
                                            for tool, items in token_pages.items()}}
    return out


def _mean_f1(items: Sequence[PageScore]) -> float:
    return mean(s.f1 for s in items) if items else 0.0


def _comments(items: Sequence[PageScore]) -> dict[str, Any]:
    scored = [s for s in items if s.comments_f1 is not None]
    return {"pages": len(scored), "f1": mean(s.comments_f1 for s in scored) if scored else None,
            "collections": sorted({s.collection for s in scored})}


def _speed(items: Sequence[PageScore]) -> dict[str, float]:
    seconds = sum(s.seconds for s in items)
    return {"seconds": seconds, "pages_per_second": len(items) / seconds if seconds else 0.0,
            "errors": sum(bool(s.error) for s in items)}


def markdown_tables(results: dict[str, Any]) -> str:
    tools = results["tools"]
    head = "| | " + " | ".join(tools) + " |\n|---|" + "---|" * len(tools) + "\n"
    best = lambda row: max(row.values())  # noqa: E731
    rows = []
    for name, row in results["collections"].items():
        f1 = {tool: row[tool]["f1"] for tool in tools}
        rows.append(f"| {name} ({row[tools[0]]['pages']} pages, {row[tools[0]]['measure']}) | "
                    + " | ".join(_cell(f1[t], best(f1)) for t in tools) + " |")
    mean_row = results["mean_over_collections"]
    rows.append("| **mean over collections** | " + " | ".join(_cell(mean_row[t], best(mean_row)) for t in tools) + " |")
    non_en = results["non_english"]
    rows.append("| non-English pages (token-scored) | " + " | ".join(_cell(non_en[t], best(non_en)) for t in tools) + " |")
    parts = ["### Body F1 by collection\n", head + "\n".join(rows)]
    for title, key in (("Body F1 by language (token-scored pages)", "languages"),
                       ("Body F1 by page type (wcxb)", "page_types")):
        group_rows = [f"| {name} ({row['pages']}) | "
                      + " | ".join(_cell(row[t], max(row[x] for x in tools)) for t in tools) + " |"
                      for name, row in results[key].items()]
        parts += [f"\n### {title}\n", head + "\n".join(group_rows)]
    speed = results["speed"]
    ours = speed[SEGMENTER]["pages_per_second"]
    parts += ["\n### Speed (pages per second, one process, same pages, same run)\n",
              head + "| pages/s | " + " | ".join(f"{speed[t]['pages_per_second']:.1f}" for t in tools) + " |\n"
              + "| segmenter's speed ÷ tool's | " + " | ".join(
                  f"{ours / speed[t]['pages_per_second']:.2f}" if speed[t]["pages_per_second"] else "–"
                  for t in tools) + " |\n"
              + "| pages with errors | " + " | ".join(str(speed[t]["errors"]) for t in tools) + " |"]
    comments = results["comments"]
    if comments["pages"]:
        parts.append(f"\nsegmenter's comments: mean token F1 {comments['f1']:.3f} on {comments['pages']} pages "
                     f"with comment ground truth ({', '.join(comments['collections'])}).")
    return "\n".join(parts) + "\n"


def _cell(value: float, best: float) -> str:
    return f"**{value:.3f}**" if value == best else f"{value:.3f}"


def write_report(results: dict[str, Any], report: Path, plot: Path) -> None:
    """The tables between the report's result markers (the rest of the file is prose), and the plot."""
    text = report.read_text(encoding="utf-8") if report.exists() else f"# Benchmark\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        raise ValueError(f"{report} has no '{BEGIN}' ... '{END}' markers to put the results between")
    before, rest = text.split(BEGIN, 1)
    report.write_text(f"{before}{BEGIN}\n{markdown_tables(results)}{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    _plot(results, plot)


def _plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tools = results["tools"]
    names = [*results["collections"], "mean"]
    values = {t: [*(results["collections"][c][t]["f1"] for c in results["collections"]),
                  results["mean_over_collections"][t]] for t in tools}
    figure, (left, right) = plt.subplots(1, 2, figsize=(14, 5), gridspec_kw={"width_ratios": [3, 1]})
    width = 0.8 / len(tools)
    for k, tool in enumerate(tools):
        left.bar([i + k * width for i in range(len(names))], values[tool], width, label=tool)
    left.set_xticks([i + 0.4 - width / 2 for i in range(len(names))], names, rotation=30, ha="right")
    left.set_ylabel("body F1 (tokens; snippets on trafilatura-eval)")
    left.set_ylim(0.5, 1)  # every tool scores above 0.5 on every collection; below, the bars say nothing
    left.legend(fontsize="small", ncol=len(tools), loc="upper center", bbox_to_anchor=(0.5, 1.12))
    speeds = [results["speed"][t]["pages_per_second"] for t in tools]
    right.barh(tools, speeds, color=[f"C{k}" for k in range(len(tools))])
    right.set_xscale("log")  # the fastest tool is ten times faster than most
    right.xaxis.set_minor_formatter(plt.NullFormatter())
    for k, value in enumerate(speeds):
        right.text(value, k, f" {value:.0f}", va="center", fontsize="small")
    right.set_xlabel("pages per second (one process, log scale)")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
