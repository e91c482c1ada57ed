"""Segmenter: the text model and the context model composed, with save/load and a version stamp."""

from __future__ import annotations

import hashlib
import json
import math
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from zipfile import BadZipFile

import numpy as np

from segmenter import page_rules
from segmenter.features import FEATURE_NAMES, line_features
from segmenter.labels import Label
from segmenter.lines import Line, has_markup, html_lines, starts_with_title
from segmenter.regions import REGION_COLUMNS, region_columns
from segmenter.site_memory import SITE_COLUMNS
from segmenter.sources import decode
from segmenter.text_model import TextModel
from segmenter.transitions import (
    TRANSITION_WEIGHT,
    Transitions,
    checked_transition_weight,
)

if TYPE_CHECKING:  # the packed trees (numba, ~130 MB) load with a model, not with this module: importing
    # segmenter (the command line's parser, datatrove's step) does not load them.
    from segmenter.context_trees import ContextTrees

# 2: a model may hold a context model of its own for HTML input, which a reader of format 1 would
# ignore (labelling HTML with the text-input model) rather than refuse.
# 3: the context models are packed trees in .npz files, read without pickle or scikit-learn.
FORMAT_VERSION = 3
READABLE_FORMATS = (1, 2, 3)
PICKLED_FORMATS = (1, 2)  # context models pickled by scikit-learn: its version must match
TEXT_MODEL_FILE = "text.ftz"
CONTEXT_MODEL_FILE = "context.npz"
HTML_CONTEXT_MODEL_FILE = "context_html.npz"
TRANSITIONS_FILE = "transitions.json"
PICKLED_FILES = {CONTEXT_MODEL_FILE: "context.pkl", HTML_CONTEXT_MODEL_FILE: "context_html.pkl"}
META_FILE = "model.json"
# The shipped model: data/model in the repository, installed as segmenter/model by a wheel.
_INSTALLED_MODEL = Path(__file__).resolve().parent / "model"
_SOURCE_MODEL = Path(__file__).resolve().parents[1] / "data" / "model"
# A page with markup that the model leaves without body (its title aside) is decoded again with P(body)
# multiplied by this too: a page has main content, and its most body-like lines are the best guess at
# it. 10 was the one weight of 3, 10 and 30 that raised or kept HTML body F1 on the hand-labelled pages, the
# test and the dev split; the dev split alone, where one page of 10,751 lines decides, favours 30
# (docs/MODEL.md, "Pages without body").
EMPTY_PAGE_BODY_WEIGHT = 10.0


def default_model_path() -> Path:
    """Where the shipped model is: inside the installed package, or in a source checkout's data/."""
    return _INSTALLED_MODEL if (_INSTALLED_MODEL / META_FILE).exists() else _SOURCE_MODEL


# The context model's input columns: the text model's probabilities, then the line's features.
INPUT_COLUMNS: tuple[str, ...] = (*(f"text_{label.value}" for label in Label), *FEATURE_NAMES)
# What a neighbour says about a line: its kind by its text, its size, shape and markup. The rest
# of a neighbour's columns add width (training time) more than they add accuracy.
NEIGHBOUR_FEATURES: tuple[str, ...] = (
    *(f"text_{label.value}" for label in Label), "log_chars", "log_words", "terminal_punctuation",
    "digit_share", "link_share", "page_script_match", "log_repeats", "tag_p", "tag_li", "tag_h1", "tag_h2",
    "tag_h3", *(f"rule_{label.value}" for label in Label),
)
NEIGHBOUR_COLUMNS: tuple[int, ...] = tuple(INPUT_COLUMNS.index(name) for name in NEIGHBOUR_FEATURES)


@dataclass(frozen=True)
class LabelledLine:
    """A line with its label and the model's probability for that label (a line that
    segmenter.page_rules relabels keeps the probability of the label the model gave it)."""

    text: str
    label: Label
    score: float


# What the features read of a line: no paragraph is this long, and a 5 MB line would cost seconds.
MAX_LINE_CHARS = 10_000
# Pages labelled per call to the models: enough to amortise each call's overhead, few enough that a
# stream's output starts at once and memory stays flat. On the first 800 pages of benchmarks/
# throughput.py's WARC (`segmenter label --workers 1`), 16 took 27.5 s and 366 MB, 64 took 30.5 s and 386 MB.
BATCH_PAGES = 16


def model_inputs(text_model: TextModel, pages: Sequence[Sequence[Line]],
                 site: Sequence[np.ndarray] | None = None, regions: bool = False) -> np.ndarray:
    """The context model's columns (INPUT_COLUMNS, then SITE_COLUMNS when `site` gives them per
    page, then REGION_COLUMNS with `regions`) for the lines of the pages, one after another: one
    call to the text model for all of them, the features page by page."""
    texts = [line.text for lines in pages for line in lines]
    width = len(INPUT_COLUMNS) + (len(SITE_COLUMNS) if site is not None else 0) + \
        (len(REGION_COLUMNS) if regions else 0)
    if not texts:
        return np.zeros((0, width), dtype=np.float32)
    scores = text_model.predict_proba(texts)
    blocks = [scores, np.vstack([line_features(_cut(lines)) for lines in pages if lines])]
    if site is not None:
        blocks.append(np.vstack([columns for columns, lines in zip(site, pages) if lines]))
    if regions:
        starts = np.cumsum([0, *(len(lines) for lines in pages)])
        blocks.append(np.vstack([region_columns(lines, scores[start:start + len(lines)])
                                 for lines, start in zip(pages, starts) if lines]))
    return np.hstack(blocks)


def checked_body_weight(weight: float) -> float:
    """The weight of body (see Segmenter), or a ValueError: it multiplies a probability, so it must
    be a positive number."""
    if not math.isfinite(weight) or weight <= 0:
        raise ValueError(f"the body weight multiplies P(body): it must be a positive number, not {weight}")
    return weight


def _after_page_rules(lines: Sequence[Line], labelled: list[LabelledLine]) -> list[LabelledLine]:
    """The page's labels after segmenter.page_rules (menu items, the articles after the page's
    own, the headline); a line they relabel keeps its score, the probability of the model's label."""
    labels = page_rules.relabelled(lines, [line.label for line in labelled])
    return [line if line.label is label else replace(line, label=label) for line, label in zip(labelled, labels)]


def _cut(lines: Sequence[Line]) -> Sequence[Line]:
    """The lines as the features read them: a line past MAX_LINE_CHARS is cut (it is output whole)."""
    if all(len(line.text) <= MAX_LINE_CHARS for line in lines):
        return lines
    return [replace(line, text=line.text[:MAX_LINE_CHARS]) if len(line.text) > MAX_LINE_CHARS else line
            for line in lines]


class Segmenter:
    """Labels every line of a page as body, navigation, comments, related or other.

    `html_context_model`, when given, labels the pages whose lines carry markup (HTML input) and
    `context_model` the others (text input): what tells comments from teasers differs with and
    without markup (docs/MODEL.md, "One context model per input kind").

    `body_weight` multiplies each line's P(body) before its most probable label is taken: below 1
    fewer lines are body (precision), above 1 more (recall); 1 takes the model's labels as they are
    (docs/MODEL.md, "Favouring precision or recall").

    `transitions`, when given, say how labels follow one another on a page, and each page's labels
    are then read as one sequence, its steps weighted by `transitions.weight` (segmenter.transitions;
    docs/MODEL.md, "Labels as a sequence"); without them each line gets its most probable label.

    `empty_page_body_weight`: a page with markup (HTML input) whose lines, its title aside, are none
    of them body is labelled again with P(body) multiplied by it as well (EMPTY_PAGE_BODY_WEIGHT);
    1 leaves such pages without body."""

    def __init__(self, text_model: TextModel, context_model: ContextTrees,
                 html_context_model: ContextTrees | None = None, body_weight: float = 1.0,
                 transitions: Transitions | None = None,
                 empty_page_body_weight: float = EMPTY_PAGE_BODY_WEIGHT) -> None:
        from threadpoolctl import ThreadpoolController

        self.text_model = text_model
        self.context_model = context_model
        self.html_context_model = html_context_model
        self.body_weight = checked_body_weight(body_weight)
        self.transitions = transitions
        self.empty_page_body_weight = checked_body_weight(empty_page_body_weight)
        self._threads = ThreadpoolController()

    def label(self, lines: Sequence[Line]) -> list[LabelledLine]:
        """Labels for the lines of one page, in order."""
        return self.label_pages([lines])[0]

    @property
    def uses_site_memory(self) -> bool:
        """Whether the context model was trained with SITE_COLUMNS (see segmenter.site_memory)."""
        return self.context_model.n_features_in == len(INPUT_COLUMNS) + len(SITE_COLUMNS)

    @property
    def uses_regions(self) -> bool:
        """Whether the context model for HTML input reads REGION_COLUMNS (see segmenter.regions)."""
        return self.html_context_model is not None and \
            self.html_context_model.n_features_in == self.context_model.n_features_in + len(REGION_COLUMNS)

    def label_pages(self, pages: Sequence[Sequence[Line]],
                    site: Sequence[np.ndarray] | None = None) -> list[list[LabelledLine]]:
        """Labels for several pages at once: one call to each model, which is much faster
        than a call per page. Windows never reach across pages. `site` gives each page's
        SITE_COLUMNS; a model trained with them reads zeros (nothing known of the site) without."""
        sizes = [len(lines) for lines in pages]
        flat = [line for lines in pages for line in lines]
        if not flat:
            return [[] for _ in pages]
        if not self.uses_site_memory:
            site = None
        elif site is None:
            site = [np.zeros((size, len(SITE_COLUMNS)), dtype=np.float32) for size in sizes]
        page_ids = np.repeat(np.arange(len(pages)), sizes)
        routes = self._routes(pages, sizes)
        # only the HTML-input model reads REGION_COLUMNS: a batch of text pages goes without them
        regions = self.uses_regions and any(model is self.html_context_model for model, _ in routes)
        inputs = model_inputs(self.text_model, pages, site, regions)
        names = np.empty(len(flat), dtype=object)
        scores = np.zeros(len(flat))
        # One OpenMP thread for the trees: on a batch of pages more cost more than they save, and
        # they spin, many times slower when the other cores are busy (parallelism is by process).
        with self._threads.limit(limits=1):
            for model, rows in routes:
                self._decide(model, inputs, page_ids, rows, self.body_weight, names, scores)
                if self.empty_page_body_weight == 1.0:
                    continue
                again = self._rows_of_pages_without_body(pages, rows, names)
                if len(again):
                    self._decide(model, inputs, page_ids, again, self.body_weight * self.empty_page_body_weight,
                                 names, scores)
        labels = {label.value: label for label in Label}
        labelled = [LabelledLine(line.text, labels[name], score)
                    for line, name, score in zip(flat, names.tolist(), scores.tolist())]
        bounds = np.cumsum([0, *sizes])
        return [_after_page_rules(lines, labelled[start:end])
                for lines, start, end in zip(pages, bounds[:-1], bounds[1:])]

    def _decide(self, model: ContextTrees, inputs: np.ndarray, page_ids: np.ndarray, rows: np.ndarray | slice,
                body_weight: float, names: np.ndarray, scores: np.ndarray) -> None:
        """The labels (`names`) and scores of the lines at `rows`, as `model` decides them."""
        # REGION_COLUMNS come last: the text-input model reads the columns before them
        decisions = model.decide(inputs[rows, :model.n_features_in], page_ids[rows], body_weight, self.transitions)
        names[rows] = model.classes[decisions.labels]
        scores[rows] = decisions.scores

    @staticmethod
    def _rows_of_pages_without_body(pages: Sequence[Sequence[Line]], rows: np.ndarray | slice,
                                    names: np.ndarray) -> np.ndarray:
        """Of the lines at `rows` (whole pages), those of the pages with markup where no line but the
        title is body."""
        taken = np.zeros(len(names), dtype=bool)
        taken[rows] = True
        again = []
        start = 0
        for lines in pages:
            end, first = start + len(lines), start + starts_with_title(lines)
            if (first < end and taken[start] and has_markup(lines)
                    and not (names[first:end] == Label.BODY.value).any()):
                again.append(np.arange(start, end))
            start = end
        return np.concatenate(again) if again else np.zeros(0, dtype=np.int64)

    def _routes(self, pages: Sequence[Sequence[Line]], sizes: Sequence[int]
                ) -> list[tuple[ContextTrees, np.ndarray | slice]]:
        """Which context model labels which of the pages' lines (row indices), page by page."""
        if self.html_context_model is None:
            return [(self.context_model, slice(None))]
        has_dom = np.repeat([has_markup(lines) for lines in pages], sizes)
        routes = [(self.context_model, np.flatnonzero(~has_dom)),
                  (self.html_context_model, np.flatnonzero(has_dom))]
        return [(model, rows) for model, rows in routes if len(rows)]

    def label_lines(self, lines: Sequence[str]) -> list[LabelledLine]:
        """Labels for a page given as text lines (one block per line); blank lines are dropped."""
        return self.label([Line(text) for text in lines if text.strip()])

    def label_html(self, html: str | bytes) -> list[LabelledLine]:
        """Labels for the lines of an HTML page (bytes are decoded by declared charset, then detection)."""
        text = decode(html)[0] if isinstance(html, bytes) else html
        return self.label(html_lines(text))

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.text_model.save(path / TEXT_MODEL_FILE)
        self.context_model.save(path / CONTEXT_MODEL_FILE)
        if self.html_context_model is None:
            (path / HTML_CONTEXT_MODEL_FILE).unlink(missing_ok=True)  # a model saved over another must
            # not inherit its HTML half
        else:
            self.html_context_model.save(path / HTML_CONTEXT_MODEL_FILE)
        if self.transitions is None:
            (path / TRANSITIONS_FILE).unlink(missing_ok=True)
        else:
            self.transitions.save(path / TRANSITIONS_FILE)
        for older in PICKLED_FILES.values():  # nor the files of an older format
            (path / older).unlink(missing_ok=True)
        write_meta(path)

    @classmethod
    def load(cls, path: Path | None = None, body_weight: float = 1.0,
             transition_weight: float = TRANSITION_WEIGHT,
             empty_page_body_weight: float = EMPTY_PAGE_BODY_WEIGHT) -> Segmenter:
        """The model in `path`, or the shipped one, labelling with `body_weight`, `empty_page_body_weight`
        and, if the model has transitions, `transition_weight` (see Segmenter)."""
        path, pickled = check_model(path)
        html = _read_context(path, HTML_CONTEXT_MODEL_FILE, pickled) \
            if _context_file(path, HTML_CONTEXT_MODEL_FILE, pickled).exists() else None
        return cls(TextModel.load(path / TEXT_MODEL_FILE), _read_context(path, CONTEXT_MODEL_FILE, pickled), html,
                   body_weight, _read_transitions(path, transition_weight), empty_page_body_weight)


def _context_file(path: Path, name: str, pickled: bool) -> Path:
    """Where a context model is: `name` (format 3) or its pickle (PICKLED_FILES)."""
    return path / (PICKLED_FILES[name] if pickled else name)


# What reading a damaged context model raises: numpy's zip reader on a format-3 file, pickle on an older one.
_DAMAGED = (BadZipFile, EOFError, KeyError, ValueError, pickle.UnpicklingError, AttributeError, ImportError,
            IndexError)


def _read_context(path: Path, name: str, pickled: bool) -> ContextTrees:
    """A context model's trees. Formats 1 and 2 pickled a scikit-learn estimator: a pickle is code,
    load only models you trust (saving one again writes format 3)."""
    from segmenter.context_trees import ContextTrees

    file = _context_file(path, name, pickled)
    try:
        if not pickled:
            return ContextTrees.load(file)
        with file.open("rb") as handle:
            return pickle.load(handle).trees_  # type: ignore[no-any-return]
    except FileNotFoundError:
        raise FileNotFoundError(f"the model in {path} has no {file.name}; "
                                "retrain it with 'segmenter train' or reinstall segmenter") from None
    except _DAMAGED as error:
        raise ValueError(f"the model in {path} is damaged ({file.name}: {type(error).__name__}: "
                         f"{error}); retrain it with 'segmenter train' or reinstall segmenter") from None


def _read_transitions(path: Path, weight: float) -> Transitions | None:
    """The model's transitions, if it has them (models trained before them label line by line)."""
    file = path / TRANSITIONS_FILE
    if not file.exists():
        checked_transition_weight(weight)
        return None
    try:
        return Transitions.load(file, weight).load_decoder()
    except (ValueError, KeyError, TypeError, AttributeError) as error:  # JSON, its shape, its numbers
        raise ValueError(f"the model in {path} is damaged ({file.name}: {type(error).__name__}: {error}); "
                         "retrain it with 'segmenter train' or reinstall segmenter") from None


def write_meta(path: Path) -> None:
    """The model folder's stamp: the versions it needs and the size and digest of each file, by
    which a damaged copy is told before the readers of its files meet it (and a pickle of an older
    format is never unpickled from a changed file)."""
    names = (TEXT_MODEL_FILE, CONTEXT_MODEL_FILE, HTML_CONTEXT_MODEL_FILE, TRANSITIONS_FILE)  # format 3's files
    files = {name: _file_stamp(path / name) for name in names if (path / name).exists()}
    (path / META_FILE).write_text(json.dumps({"format": FORMAT_VERSION, **_stamp(), "files": files}, indent=1))


def _file_stamp(path: Path) -> dict[str, object]:
    return {"bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def check_model(path: Path | None = None) -> tuple[Path, bool]:
    """The model folder (`path`, or the shipped one) once its stamp says this version can load it,
    and whether its context models are pickled (PICKLED_FORMATS)."""
    path = path or default_model_path()
    meta_path = path / META_FILE
    if not meta_path.exists():
        raise FileNotFoundError(f"no segmenter model in {path} ({META_FILE} is missing); "
                                "train one with 'segmenter train' or omit --model for the shipped one")
    try:
        meta = json.loads(meta_path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"the model in {path} is damaged ({META_FILE} is not JSON: {error}); "
                         "retrain it with 'segmenter train' or reinstall segmenter") from None
    meta = meta if isinstance(meta, dict) else {}
    files = meta.pop("files", {})
    found = meta.pop("format", None)
    pickled = found in PICKLED_FORMATS
    if found not in READABLE_FORMATS or meta != _stamp(pickled):
        raise ValueError(f"the model in {path} was built for another version of segmenter "
                         f"(format {found}{', scikit-learn ' + str(meta.get('sklearn')) if pickled else ''}); "
                         "retrain it with 'segmenter train'")
    for name, stamp in files.items():
        if not (path / name).exists():
            raise FileNotFoundError(f"the model in {path} has no {name}; retrain it with 'segmenter train' "
                                    "or reinstall segmenter")
        if _file_stamp(path / name) != stamp:
            raise ValueError(f"the model in {path} is damaged ({name} is not the file it was saved with); "
                             "retrain it with 'segmenter train' or reinstall segmenter")
    return path, pickled


def _stamp(pickled: bool = False) -> dict[str, object]:
    """What a model's meta says besides its format and files; a pickled one also names the
    scikit-learn that pickled it, which alone can read it back."""
    stamp: dict[str, object] = {"features": list(FEATURE_NAMES), "labels": [label.value for label in Label]}
    if pickled:
        import sklearn

        stamp["sklearn"] = sklearn.__version__
    return stamp
