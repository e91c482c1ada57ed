from pathlib import Path

import numpy as np
import pytest

from segmenter.labels import Label
from segmenter.text_model import TextModel, TextModelParams, clean

TEXTS = ["Home", "World news", "Sports", "Contact us"] * 30 + [
    "The minister said on Tuesday that the plan would go ahead despite protests.",
    "Officials expect the new bridge to open to traffic next spring.",
] * 30 + ["© 2024 Example Media. All rights reserved.", "Share on Facebook"] * 30
LABELS = [Label.NAVIGATION] * 120 + [Label.BODY] * 60 + [Label.OTHER] * 60
FAST = TextModelParams(dim=8, epoch=50, lr=0.2, bucket=20_000, min_count=1, quantize=False, threads=1)


@pytest.fixture(scope="module")
def model() -> TextModel:
    return TextModel.train(TEXTS, LABELS, FAST)


def test_clean_removes_line_breaks_and_bounds_length() -> None:
    assert clean("One\nTwo\r\nThree\u2028") == "one two  three"
    assert len(clean("x" * 5000)) == 1000


def test_probabilities_are_in_label_order_and_sum_to_one(model: TextModel) -> None:
    probs = model.predict_proba(["Home", TEXTS[120], "Share on Facebook"])
    assert probs.shape == (3, 5)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-3)
    assert list(probs.argmax(axis=1)) == [1, 0, 4]  # navigation, body, other


def test_newlines_in_input_do_not_break_prediction(model: TextModel) -> None:
    assert model.predict_proba(["Home\nWorld news", ""]).shape == (2, 5)
    assert model.predict_proba([]).shape == (0, 5)


def test_save_load_round_trip(model: TextModel, tmp_path: Path) -> None:
    model.save(tmp_path / "text.bin")
    again = TextModel.load(tmp_path / "text.bin")
    texts = ["Home", "Officials expect the bridge to open."]
    assert np.allclose(model.predict_proba(texts), again.predict_proba(texts))


def test_a_loaded_model_is_saved_as_the_bytes_it_was_read_from(tmp_path: Path) -> None:
    params = TextModelParams(dim=8, epoch=20, lr=0.2, bucket=20_000, min_count=1, quantize=True, threads=1,
                             cutoff=10_000)
    TextModel.train(TEXTS, LABELS, params).save(tmp_path / "text.ftz")
    loaded = TextModel.load(tmp_path / "text.ftz")
    loaded.save(tmp_path / "copy.ftz")
    loaded.save(tmp_path / "text.ftz")  # over itself: left alone
    assert (tmp_path / "copy.ftz").read_bytes() == (tmp_path / "text.ftz").read_bytes()
    (tmp_path / "text.ftz").write_bytes(b"another model since")  # no longer the file it was read from
    loaded.save(tmp_path / "again.ftz")
    assert (tmp_path / "again.ftz").read_bytes() != b"another model since"
    assert TextModel.load(tmp_path / "again.ftz").predict_proba(["Home"]).argmax() == 1


def test_quantized_model_is_small_and_still_right(tmp_path: Path) -> None:
    params = TextModelParams(dim=8, epoch=50, lr=0.2, bucket=20_000, min_count=1, quantize=True, threads=1,
                             cutoff=10_000)
    model = TextModel.train(TEXTS, LABELS, params)
    model.save(tmp_path / "text.ftz")
    assert (tmp_path / "text.ftz").stat().st_size < 1_000_000
    assert model.predict_proba(["Home"]).argmax() == 1


def test_errors_are_specific(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2 texts but 1 labels"):
        TextModel.train(["a", "b"], [Label.BODY], FAST)
    with pytest.raises(FileNotFoundError, match="missing"):
        TextModel.load(tmp_path / "none.bin")
    (tmp_path / "bad.bin").write_bytes(b"not a model")
    with pytest.raises(ValueError, match="not a fastText model"):
        TextModel.load(tmp_path / "bad.bin")
