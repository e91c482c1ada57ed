"""Segmenter: the text model and the context model composed, with save/load and a version stamp."""

from __future__ import annotations

import json
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from segmenter.context_model import ContextModel
from segmenter.features import FEATURE_NAMES, line_features
from segmenter.labels import Label
from segmenter.lines import Line, html_lines
from segmenter.sources import decode
from segmenter.text_model import TextModel

FORMAT_VERSION = 1
TEXT_MODEL_FILE = "text.ftz"
CONTEXT_MODEL_FILE = "context.pkl"
META_FILE = "model.json"
DEFAULT_MODEL = Path(__file__).resolve().parent / "model"


@dataclass(frozen=True)
class LabelledLine:
    """A line with its label and the model's probability for that label."""

    text: str
    label: Label
    score: float


def model_inputs(text_model: TextModel, lines: Sequence[Line]) -> np.ndarray:
    """The context model's columns for a page: text-model probabilities, then FEATURE_NAMES."""
    probs = text_model.predict_proba([line.text for line in lines])
    return np.hstack([probs, line_features(lines)])


class Segmenter:
    """Labels every line of a page as body, navigation, comments, related or other."""

    def __init__(self, text_model: TextModel, context_model: ContextModel) -> None:
        self.text_model = text_model
        self.context_model = context_model

    def label(self, lines: Sequence[Line]) -> list[LabelledLine]:
        """Labels for the lines of one page, in order."""
        if not lines:
            return []
        probs = self.context_model.predict_proba(model_inputs(self.text_model, lines))
        classes = [Label(name) for name in self.context_model.classes_]
        best = probs.argmax(axis=1)
        return [LabelledLine(line.text, classes[k], float(probs[i, k]))
                for i, (line, k) in enumerate(zip(lines, best))]

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
        with (path / CONTEXT_MODEL_FILE).open("wb") as handle:
            pickle.dump(self.context_model, handle)
        (path / META_FILE).write_text(json.dumps(_stamp(), indent=1))

    @classmethod
    def load(cls, path: Path | None = None) -> Segmenter:
        """The model in `path`, or the shipped one. A model is code (a pickle): load only models you trust."""
        path = path or DEFAULT_MODEL
        meta_path = path / META_FILE
        if not meta_path.exists():
            raise FileNotFoundError(f"no segmenter model in {path} ({META_FILE} is missing); "
                                    "train one with 'segmenter train' or omit --model for the shipped one")
        meta = json.loads(meta_path.read_text())
        if meta != _stamp():
            raise ValueError(f"the model in {path} was built for another version of segmenter "
                             f"({meta.get('format')}, {meta.get('sklearn')}); retrain it with 'segmenter train'")
        with (path / CONTEXT_MODEL_FILE).open("rb") as handle:
            context = pickle.load(handle)
        return cls(TextModel.load(path / TEXT_MODEL_FILE), context)


def _stamp() -> dict[str, object]:
    import sklearn

    return {"format": FORMAT_VERSION, "sklearn": sklearn.__version__, "features": list(FEATURE_NAMES),
            "labels": [label.value for label in Label]}
