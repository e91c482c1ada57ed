import numpy as np
import pytest

from segmenter.windows import windowed


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
