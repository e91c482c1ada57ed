"""TextModel: fastText over each line's text; the only module that imports the fastText binding.

It hides fastText's quirks: labels carry a `__label__` prefix, input lines may hold no newline,
probabilities come in `Label` order, and a training run happens in a process of its own.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from segmenter.fasttext_file import LABEL_PREFIX, FastTextFile, ModelFileError
from segmenter.labels import LABELS, Label
from segmenter.sources import valid_unicode

PREFIX = LABEL_PREFIX.decode()
# fastText reads one example per line: any line break inside a text would split it.
_BREAK_CHARACTERS = "\n\r\u2028\u2029\x0b\x0c"
_LINE_BREAKS = str.maketrans(_BREAK_CHARACTERS, " " * len(_BREAK_CHARACTERS))
# Most lines hold none: looking for one is cheaper than translating every line (0.04 s against
# 0.14 s for 60,000 test-split lines).
_ANY_LINE_BREAK = re.compile(f"[{re.escape(_BREAK_CHARACTERS)}]")
# A line longer than this says nothing more about its kind; cutting it bounds the cost.
MAX_CHARACTERS = 1000


@dataclass(frozen=True)
class TextModelParams:
    """fastText's supervised settings. Character n-grams of 2–5 carry across scripts and
    languages with no tokenizer; word bigrams catch menu and boilerplate phrases."""

    dim: int = 32
    epoch: int = 8
    lr: float = 0.5
    minn: int = 2
    maxn: int = 5
    word_ngrams: int = 2
    bucket: int = 500_000
    min_count: int = 2
    threads: int = 2
    seed: int = 0
    quantize: bool = True  # a model of a few MB instead of tens
    cutoff: int = 200_000  # words and n-grams kept when quantizing


def clean(text: str) -> str:
    """A line as fastText may read it: no line breaks, bounded length, lower-cased, valid UTF-8
    (a lone surrogate from the Python API would make fastText's encoder raise)."""
    text = text[:MAX_CHARACTERS]
    if _ANY_LINE_BREAK.search(text):
        text = text.translate(_LINE_BREAKS)
    return valid_unicode(text.strip().lower())


class TextModel:
    """Scores each line's text with a probability per label. The binding trains; a model file is
    applied by segmenter.fasttext_file, which gives the binding's probabilities in 0.39 of its time
    (docs/MODEL.md, Speed)."""

    def __init__(self, data: bytes) -> None:
        self._data = data  # the model file as read: saved byte for byte
        self._file = FastTextFile.parse(data)
        known = {label.value: i for i, label in enumerate(LABELS)}
        self._columns = [(known[name], column) for column, name in enumerate(self._file.labels) if name in known]

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[Label], params: TextModelParams) -> TextModel:
        """Train in a fresh process: the binding keeps state between trainings in one process,
        and a second training there can diverge to NaN where the first did not."""
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        if not texts:
            raise ValueError("no labelled lines to train the text model on")
        with tempfile.TemporaryDirectory() as folder:
            data, model = os.path.join(folder, "train.txt"), os.path.join(folder, "model.bin")
            with open(data, "w", encoding="utf-8") as handle:
                handle.writelines(f"{PREFIX}{label.value} {clean(text)}\n" for text, label in zip(texts, labels))
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                pool.apply(_fit_file, (data, model, params))
            return cls.load(Path(model))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities, shape (len(texts), 5), columns in `Label` order (zeros for a label the
        model never saw)."""
        out = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        if not texts:
            return out
        scores = self._file.predict_proba([clean(text).encode() for text in texts])
        for label, column in self._columns:
            out[:, label] = scores[:, column]
        return out

    def save(self, path: Path) -> None:
        path.write_bytes(self._data)

    @classmethod
    def load(cls, path: Path) -> TextModel:
        """The model in a fastText file, its compiled predict loaded too (so that worker processes
        forked after loading share it)."""
        if not path.exists():
            raise FileNotFoundError(f"text model {path} is missing")
        try:
            model = cls(path.read_bytes())
        except ModelFileError as error:
            raise ValueError(f"text model {path} is damaged or not a fastText model ({error}); retrain it "
                             f"with 'segmenter train' or reinstall segmenter") from None
        model.predict_proba([""])
        return model


def _fit_file(data: str, out: str, params: TextModelParams) -> None:
    import fasttext

    try:
        model = fasttext.train_supervised(
            input=data, dim=params.dim, epoch=params.epoch, lr=params.lr, minn=params.minn,
            maxn=params.maxn, wordNgrams=params.word_ngrams, bucket=params.bucket,
            minCount=params.min_count, thread=params.threads, seed=params.seed, verbose=0,
        )
    except RuntimeError as error:  # fastText's way of saying the loss diverged
        raise ValueError(f"fastText training failed ({error}); lower the learning rate "
                         f"(lr={params.lr})") from None
    if params.quantize:
        model.quantize(input=data, qnorm=True, retrain=False, cutoff=params.cutoff)
    model.save_model(out)
