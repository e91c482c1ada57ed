import numpy as np
import pytest

from segmenter.windows import relative_scores, windowed


def test_windows_stop_at_page_edges() -> None:
    X = np.array([[1.0], [2.0], [3.0], [4.0]], dtype=np.float32)
    out = windowed(X, np.array([0, 0, 1, 1]), window=1)
    # own | previous (value, absent) | next (value, absent) | page mean
    assert out.tolist() == [
        [1, 0, 1, 2, 0, 1.5],
        [2, 1, 0, 0, 1, 1.5],
        [3, 0, 1, 4, 0, 3.5],
        [4, 3, 0, 0, 1, 3.5],
    ]
    assert windowed(X[:0], np.zeros(0, dtype=np.int64), window=1, wide_windows=(2,)).shape == (0, 8)


def test_neighbours_contribute_only_the_chosen_columns() -> None:
    X = np.array([[1.0, 10.0], [2.0, 20.0]], dtype=np.float32)
    out = windowed(X, np.array([0, 0]), window=1, neighbour_columns=[1])
    # own (2) | previous column 1 (value, absent) | next column 1 (value, absent) | page means (2)
    assert out.tolist() == [[1, 10, 0, 1, 20, 0, 1.5, 15], [2, 20, 10, 0, 0, 1, 1.5, 15]]


def test_wide_windows_average_within_the_page_and_place_rows_in_its_mass() -> None:
    X = np.array([[1.0], [3.0], [5.0], [2.0]], dtype=np.float32)
    out = windowed(X, np.array([0, 0, 0, 1]), window=0, wide_windows=[1])
    # own | mean over ±1 line within the page | share of the page's total before the row | page mean
    assert out[:, 1].tolist() == [2.0, 3.0, 4.0, 2.0]
    assert out[:, 2].tolist() == pytest.approx([0.0, 1 / 9, 4 / 9, 0.0])
    assert out[:, 3].tolist() == [3.0, 3.0, 3.0, 2.0]


def test_directional_wide_windows_take_the_lines_above_and_below_apart() -> None:
    X = np.array([[1.0], [3.0], [5.0], [2.0]], dtype=np.float32)
    out = windowed(X, np.array([0, 0, 0, 1]), window=0, wide_windows=[1], directional=True)
    # own | mean of the line above | mean of the line below (zeros past the page's edges) | share before | page mean
    assert out[:, 1].tolist() == [0.0, 1.0, 3.0, 0.0]
    assert out[:, 2].tolist() == [3.0, 5.0, 0.0, 0.0]
    assert out[:, 3].tolist() == pytest.approx([0.0, 1 / 9, 4 / 9, 0.0])
    assert out[:, 4].tolist() == [3.0, 3.0, 3.0, 2.0]


def test_relative_scores_read_each_line_against_its_labels_and_its_page() -> None:
    probs = np.array([[0.5, 0.5], [0.8, 0.2], [0.2, 0.8]], dtype=np.float32)
    out = relative_scores(probs, np.array([0, 1, 1]))
    # a page of one line stands where its page does; on the other page the two lines mirror
    half = np.log(4) / 2  # log 0.8 - log 0.2, shared between the two labels
    np.testing.assert_allclose(out, [[0.0, 0.0], [half, -half], [-half, half]], atol=1e-6)


def test_relative_scores_do_not_move_when_a_label_is_favoured_on_every_line() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(12, 5))
    shifted = logits + np.array([1.5, -0.5, 0.0, 2.0, -1.0])  # another draw: each label's log-odds moved alike

    def softmax(z: np.ndarray) -> np.ndarray:
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    pages = np.repeat([0, 1, 2], 4)
    np.testing.assert_allclose(relative_scores(softmax(shifted), pages), relative_scores(softmax(logits), pages),
                               atol=1e-5)


def test_relative_columns_come_after_the_page_means() -> None:
    X = np.array([[0.8, 0.2, 7.0], [0.2, 0.8, 9.0]], dtype=np.float32)
    out = windowed(X, np.array([0, 0]), window=0, relative_columns=[0, 1])
    assert out.shape == (2, 3 + 3 + 2)
    np.testing.assert_allclose(out[:, 6:], relative_scores(X[:, :2], np.array([0, 0])))
