"""Build the labelled-line corpus from the unpacked collections: one JSONL file per split."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from segmenter.corpus.augment import mixed_pages
from segmenter.corpus.readers import READERS
from segmenter.corpus.records import LabelledPage, SourcePage, dumps, read_pages
from segmenter.corpus.splits import SPLITS, site, split_of
from segmenter.corpus.weak import weak_label
from segmenter.langid import LanguageIdentifier

# Mixed-language pages added to the training split, as a share of its real pages.
MIXED_SHARE = 0.15
STATS_FILE = "stats.json"
# The hand-labelled evaluation pages: they, and every page of their sites, are test pages.
GOLD_PAGES = Path(__file__).resolve().parents[2] / "data" / "gold_pages.jsonl"


@dataclass(frozen=True)
class BuildOptions:
    corpora: Path
    out: Path
    collections: tuple[str, ...] = tuple(READERS)
    workers: int = 2
    mixed_share: float = MIXED_SHARE
    limit: int | None = None  # pages per collection, for quick runs
    progress: bool = True
    hold_out: Path | None = GOLD_PAGES  # JSONL pages whose sites must stay in the test split


def _source_pages(options: BuildOptions) -> Iterator[SourcePage]:
    for name in options.collections:
        if name not in READERS:
            raise ValueError(f"unknown collection {name!r}; known: {', '.join(READERS)}")
        if not (options.corpora / name).is_dir():
            raise FileNotFoundError(
                f"{options.corpora / name} is missing: unpack the collections first "
                f"(../shared/corpora/unpack.sh {options.corpora})"
            )
        for number, page in enumerate(READERS[name].read(options.corpora)):
            if options.limit is not None and number >= options.limit:
                break
            yield page


_IDENTIFIER: LanguageIdentifier | None = None


@dataclass(frozen=True)
class Failure:
    """A page that could not be labelled, and why."""

    id: str
    reason: str


def held_out_sites(path: Path | None) -> frozenset[str]:
    """The sites of the pages in a JSONL file of labelled pages (none when there is no file)."""
    if path is None or not path.exists():
        return frozenset()
    with path.open(encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle if line.strip()]
    return frozenset(site(page.get("url", ""), page["id"]) for page in pages)


@dataclass(frozen=True)
class Labeller:
    """Weak-labels a page and assigns its split; picklable, for worker processes."""

    held_out: frozenset[str]

    def __call__(self, page: SourcePage) -> LabelledPage | Failure:
        labelled = _label(page)
        if isinstance(labelled, Failure):
            return labelled
        page_site = site(page.url, labelled.id)
        own = "test" if page_site in self.held_out else page.own_split
        return replace(labelled, split=split_of(page_site, own))


def _label(page: SourcePage) -> LabelledPage | Failure:
    global _IDENTIFIER  # one identifier per worker process, loaded on first use
    if _IDENTIFIER is None:
        _IDENTIFIER = LanguageIdentifier()
    try:
        labelled = weak_label(page, _IDENTIFIER)
    except (ValueError, TypeError, RecursionError, UnicodeError) as error:
        return Failure(f"{page.collection}/{page.id}", f"{type(error).__name__}: {error}")
    return labelled


def build(options: BuildOptions) -> dict[str, Any]:
    """Write `train.jsonl`, `dev.jsonl`, `test.jsonl` and `stats.json` under `options.out`."""
    from tqdm import tqdm

    options.out.mkdir(parents=True, exist_ok=True)
    files = {split: (options.out / f"{split}.jsonl").open("w", encoding="utf-8") for split in SPLITS}
    train: list[LabelledPage] = []
    stats = CorpusStats()
    try:
        with Pool(options.workers) as pool:
            labeller = Labeller(held_out_sites(options.hold_out))
            pages = pool.imap(labeller, _source_pages(options), chunksize=4)
            for page in tqdm(pages, desc="labelling pages", unit="page", disable=not options.progress):
                if isinstance(page, Failure):
                    stats.failures.append(page)
                    continue
                files[page.split].write(dumps(page) + "\n")
                stats.add(page)
                if page.split == "train":
                    train.append(page)
        for page in mixed_pages(train, round(options.mixed_share * len(train))):
            files["train"].write(dumps(page) + "\n")
            stats.add(page)
    finally:
        for handle in files.values():
            handle.close()
    summary = stats.summary()
    (options.out / STATS_FILE).write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    return summary


class CorpusStats:
    """Pages, lines and labels per collection and split, and languages, for the data card."""

    def __init__(self) -> None:
        self.pages: Counter[tuple[str, str]] = Counter()
        self.labels: Counter[tuple[str, str, str]] = Counter()
        self.languages: Counter[tuple[str, str]] = Counter()
        self.language_pages: Counter[tuple[str, str, str]] = Counter()
        self.failures: list[Failure] = []

    def add(self, page: LabelledPage) -> None:
        key = (page.source, page.split)
        self.pages[key] += 1
        self.languages[(page.source, page.lang)] += 1
        self.language_pages[(page.lang, page.split, "mixed" if page.mixed_from else "real")] += 1
        for line in page.lines:
            name = line.label.value if line.label else ("not_body" if line.not_body else "unlabelled")
            self.labels[(*key, name)] += 1

    def summary(self) -> dict[str, Any]:
        rows = []
        for (source, split), pages in sorted(self.pages.items()):
            labels = {name: n for (s, sp, name), n in self.labels.items() if (s, sp) == (source, split)}
            rows.append({"source": source, "split": split, "pages": pages, "labels": labels})
        languages: dict[str, dict[str, int]] = {}
        for (source, language), n in self.languages.items():
            languages.setdefault(source, {})[language] = n
        by_language = [{"lang": lang, "split": split, "kind": kind, "pages": n}
                       for (lang, split, kind), n in sorted(self.language_pages.items())]
        failures = [{"id": f.id, "reason": f.reason} for f in self.failures]
        return {"rows": rows, "languages": languages, "by_language": by_language, "failures": failures}


def read_corpus(directory: Path, splits: Sequence[str] = SPLITS) -> Iterator[LabelledPage]:
    """The labelled pages of a built corpus, split by split."""
    for split in splits:
        path = directory / f"{split}.jsonl"
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: build the corpus first (segmenter corpus build)")
        yield from read_pages(path)
