import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from segmenter.trees import PackedTrees


def data(classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(700, 6)).astype(np.float32)
    y = (X[:, 0] * 2 + X[:, 1] * X[:, 2] > 0).astype(int) + (X[:, 3] > 1) * (classes > 2) * 2
    return X, y


@pytest.mark.parametrize("classes", [2, 4])
def test_packed_trees_give_scikit_learns_probabilities(classes: int) -> None:
    X, y = data(classes)
    booster = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=15, random_state=0).fit(X, y)
    packed = PackedTrees.of(booster)
    # odd row counts leave a short last block; float64 rows are walked as given
    for rows in (X, X[:37], X[:1], X.astype(np.float64) + 1e-9):
        assert np.array_equal(packed.raw(rows), booster._raw_predict(rows))  # the trees: bit for bit
        # the link function: numpy's exp against SciPy's, a last bit apart at most
        np.testing.assert_allclose(packed.predict_proba(rows), booster.predict_proba(rows), rtol=1e-14, atol=1e-15)
    assert packed.predict_proba(X[:0]).shape == (0, len(booster.classes_))
    assert packed.classes.tolist() == booster.classes_.tolist()


def test_float32_rows_at_a_threshold_take_scikit_learns_way() -> None:
    """The walk compares float32 rows with float32 thresholds: values next to each float64
    threshold (the float32s just below, nearest and just above it) must go where scikit-learn
    sends them."""
    X, y = data(2)
    wide = X.astype(np.float64) + np.random.default_rng(1).normal(scale=1e-6, size=X.shape)  # thresholds between float32s
    booster = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=15, random_state=0).fit(wide, y)
    packed = PackedTrees.of(booster)
    nearest = packed.threshold[packed.feature >= 0].astype(np.float32)
    values = np.concatenate([np.nextafter(nearest, np.float32(-np.inf)), nearest, np.nextafter(nearest, np.float32(np.inf))])
    rows = np.tile(values[:, None], (1, X.shape[1])).astype(np.float32)
    rows[:, 1:] = np.roll(rows, 7, axis=0)[:, 1:]  # mixed paths, not one value in every column
    assert np.array_equal(packed.raw(rows), booster._raw_predict(rows))


def test_missing_values_go_the_way_each_split_learned() -> None:
    X, y = data(2)
    X[::7, 0] = np.nan  # learned: each split sends missing values the way that fitted best
    X[::5, 1] = np.nan  # and both ways occur
    booster = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(X, y)
    packed = PackedTrees.of(booster)
    assert set(packed.missing_right[packed.feature >= 0].tolist()) == {0, 1}
    assert np.array_equal(packed.raw(X), booster._raw_predict(X))


def test_packed_trees_round_trip_through_arrays_with_string_classes() -> None:
    X, y = data(4)
    booster = HistGradientBoostingClassifier(max_iter=5, random_state=0).fit(X, np.array(list("abcd"))[y])
    packed = PackedTrees.of(booster)
    arrays = packed.arrays("stage.")
    assert all(array.dtype != object for array in arrays.values())  # saved without pickle
    again = PackedTrees.from_arrays(arrays, "stage.")
    assert again.classes.tolist() == ["a", "b", "c", "d"]
    assert np.array_equal(again.predict_proba(X), packed.predict_proba(X))


def test_a_tree_that_is_one_leaf_adds_its_value() -> None:
    """A leaf is a step to itself for the walk: a tree whose root is its leaf ends at once."""
    X, y = data(2)
    booster = HistGradientBoostingClassifier(max_iter=3, min_samples_leaf=len(X), random_state=0).fit(X, y)
    packed = PackedTrees.of(booster)
    assert (packed.feature[packed.roots] < 0).all()  # no split could keep that many rows per leaf
    for rows in (X, X[:1].astype(np.float64), np.full((5, X.shape[1]), np.nan, dtype=np.float32)):
        assert np.array_equal(packed.raw(rows), booster._raw_predict(rows))


def test_rows_walked_together_end_at_their_own_depths() -> None:
    """Rows of one block reach leaves at different depths; each must stay at its own."""
    X, y = data(4)
    booster = HistGradientBoostingClassifier(max_iter=10, max_leaf_nodes=63, min_samples_leaf=2,
                                             random_state=0).fit(X, y)
    packed = PackedTrees.of(booster)
    order = np.random.default_rng(2).permutation(len(X))  # shallow and deep paths in each block
    assert np.array_equal(packed.raw(X[order]), booster._raw_predict(X[order]))


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


@pytest.mark.parametrize("classes", [2, 4])
def test_averaged_boosters_give_the_mean_of_their_raw_scores(classes: int) -> None:
    X = data(classes)[0]
    members = [PackedTrees.of(HistGradientBoostingClassifier(max_iter=iterations, max_leaf_nodes=leaves,
                                                             random_state=0).fit(*data(classes, seed)))
               for iterations, leaves, seed in ((30, 15, 0), (12, 7, 1), (20, 31, 2))]
    averaged = PackedTrees.averaged(members)
    assert len(averaged.roots) == sum(len(member.roots) for member in members)
    for rows in (X, X[:37].astype(np.float64), X[:0]):
        expected = np.mean([member.raw(rows) for member in members], axis=0)
        np.testing.assert_allclose(averaged.raw(rows), expected, rtol=1e-12, atol=1e-12)
    assert averaged.classes.tolist() == members[0].classes.tolist()
    assert PackedTrees.averaged(members[:1]) is members[0]


def test_boosters_of_other_classes_or_none_are_not_averaged() -> None:
    two = PackedTrees.of(HistGradientBoostingClassifier(max_iter=3).fit(*data(2)))
    four = PackedTrees.of(HistGradientBoostingClassifier(max_iter=3).fit(*data(4)))
    with pytest.raises(ValueError, match="cannot be averaged"):
        PackedTrees.averaged([two, four])
    with pytest.raises(ValueError, match="at least one"):
        PackedTrees.averaged([])
