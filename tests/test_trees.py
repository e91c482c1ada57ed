import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from segmenter.trees import PackedTrees, predict_proba


def data(classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(700, 6)).astype(np.float32)
    y = (X[:, 0] * 2 + X[:, 1] * X[:, 2] > 0).astype(int) + (X[:, 3] > 1) * (classes > 2) * 2
    return X, y


@pytest.mark.parametrize("classes", [2, 4])
def test_packed_trees_give_scikit_learns_probabilities_bit_for_bit(classes: int) -> None:
    X, y = data(classes)
    booster = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=15, random_state=0).fit(X, y)
    packed = PackedTrees.of(booster)
    # odd row counts leave a short last block; float64 rows are walked as given
    for rows in (X, X[:37], X[:1], X.astype(np.float64) + 1e-9):
        assert np.array_equal(predict_proba(booster, packed, rows), booster.predict_proba(rows))
    assert predict_proba(booster, packed, X[:0]).shape == (0, len(booster.classes_))


def test_rows_with_missing_values_take_scikit_learns_own_walk() -> None:
    X, y = data(2)
    X[::7, 0] = np.nan  # learned: each split sends missing values the way that fitted best
    booster = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(X, y)
    packed = PackedTrees.of(booster)
    assert np.array_equal(predict_proba(booster, packed, X), booster.predict_proba(X))


def test_each_tree_is_numbered_with_siblings_side_by_side() -> None:
    X, y = data(2)
    booster = HistGradientBoostingClassifier(max_iter=5, max_leaf_nodes=7, random_state=0).fit(X, y)
    packed = PackedTrees.of(booster)
    splits = np.flatnonzero(packed.feature >= 0)
    children = np.concatenate([packed.left[splits], packed.left[splits] + 1])
    assert sorted(children.tolist() + packed.roots.tolist()) == list(range(len(packed.feature)))


def test_categorical_splits_are_refused() -> None:
    X, y = data(2)
    X[:, 5] = np.arange(len(X)) % 4
    y = (X[:, 5] % 2 == 1).astype(int)  # only the categories tell
    booster = HistGradientBoostingClassifier(max_iter=5, categorical_features=[5], random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="numeric splits only"):
        PackedTrees.of(booster)


def test_the_compiled_walk_can_be_loaded_before_any_rows_arrive() -> None:
    import segmenter.trees

    X, y = data(2)
    booster = HistGradientBoostingClassifier(max_iter=3, random_state=0).fit(X, y)
    PackedTrees.of(booster).load_walk()
    assert segmenter.trees._walk.signatures  # loaded (compiled or from the cache) in this process
