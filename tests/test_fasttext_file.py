"""segmenter.fasttext_file gives the probabilities the fastText binding gives, for the same file."""

import struct
from pathlib import Path

import numpy as np
import pytest

from segmenter.fasttext_file import FastTextFile, ModelFileError
from segmenter.labels import Label
from segmenter.segmenter import default_model_path
from segmenter.text_model import TextModel, TextModelParams, clean

TEXTS = ["Home", "World news", "Sports", "Contact us", "প্রচ্ছদ", "首页 新闻"] * 20 + [
    "The minister said on Tuesday that the plan would go ahead despite protests.",
    "ঢাকায় মঙ্গলবার মন্ত্রী বলেন, প্রতিবাদ সত্ত্বেও পরিকল্পনা এগিয়ে যাবে।",
] * 30 + ["© 2024 Example Media. All rights reserved.", "Please enter your comment!"] * 30
LABELS = [Label.NAVIGATION] * 120 + [Label.BODY] * 60 + [Label.OTHER, Label.COMMENTS] * 30
# Every path through fastText's tokenizer: separators it splits on and ones it does not (no-break
# space), multi-byte and four-byte characters, a label-like token, the end token mid-line (fastText
# stops reading there), one-character words, a long word, nothing at all.
PROBES = [
    "home", "world  news", "sports\tcontact\x0bus\x0cx\x00y\rz", "প্রচ্ছদ খেলা", "首页 新闻 😀𝕏", "a\u00a0b",
    "__label__body home", "world </s> news", "</s>", "x y z", "e" * 300, "", " ", "unseen-word qqqq",
    "the minister said on tuesday", "ঢাকায় মঙ্গলবার মন্ত্রী", "© 2024 example media.", "please enter your comment!",
]


def binding_probabilities(path: Path, texts: list[str], labels: tuple[str, ...]) -> np.ndarray:
    import fasttext

    names, scores = fasttext.load_model(str(path)).predict(texts, k=-1)
    out = np.zeros((len(texts), len(labels)), dtype=np.float32)
    for row, (row_names, row_scores) in enumerate(zip(names, scores)):
        for name, score in zip(row_names, row_scores):
            out[row, labels.index(name.removeprefix("__label__"))] = score
    return out


@pytest.fixture(scope="module", params=[False, True], ids=["dense", "quantized"])
def model_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    params = TextModelParams(dim=8, epoch=30, lr=0.2, bucket=20_000, min_count=1, threads=1,
                             quantize=request.param, cutoff=2_000)
    path = tmp_path_factory.mktemp("model") / "text.bin"
    TextModel.train(TEXTS, LABELS, params).save(path)
    return path


def test_probabilities_are_the_bindings(model_file: Path) -> None:
    model = FastTextFile.parse(model_file.read_bytes())
    ours = model.predict_proba([text.encode() for text in PROBES])
    assert np.allclose(ours, binding_probabilities(model_file, PROBES, model.labels), rtol=0, atol=1e-6)


def test_the_end_token_ends_the_line(model_file: Path) -> None:
    model = FastTextFile.parse(model_file.read_bytes())
    cut, whole = model.predict_proba([b"world </s> news", b"world"])
    assert cut.tolist() == whole.tolist()


def test_the_shipped_model_on_corpus_like_lines() -> None:
    path = default_model_path() / "text.ftz"
    model = FastTextFile.parse(path.read_bytes())
    texts = [clean(text) for text in TEXTS[::7] + PROBES]
    ours = model.predict_proba([text.encode() for text in texts])
    assert np.allclose(ours, binding_probabilities(path, texts, model.labels), rtol=0, atol=1e-6)


def test_files_it_cannot_read_are_refused(model_file: Path) -> None:
    data = model_file.read_bytes()
    with pytest.raises(ModelFileError, match="magic"):
        FastTextFile.parse(b"\0" * 64)
    with pytest.raises(ModelFileError):
        FastTextFile.parse(data[:len(data) // 2])
    loss_at = 8 + 6 * 4  # magic and version, then dim, ws, epoch, minCount, neg, wordNgrams
    one_vs_all = data[:loss_at] + struct.pack("<i", 4) + data[loss_at + 4:]
    with pytest.raises(ModelFileError, match="softmax"):
        FastTextFile.parse(one_vs_all)
    model = FastTextFile.parse(data)
    qout_at = len(data) - 16 - model.output.nbytes - 1  # the flag, then the output matrix's sizes and values
    with pytest.raises(ModelFileError, match="qout"):
        FastTextFile.parse(data[:qout_at] + b"\x01" + data[qout_at + 1:])
