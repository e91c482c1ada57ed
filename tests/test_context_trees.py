"""The context model's labelling form: saved and read back as plain arrays, with the estimator's answers."""

from pathlib import Path

import numpy as np
import pytest
from test_context_model import pages, threads_and_articles

from segmenter.context_model import ContextModel
from segmenter.context_trees import ContextTrees, body_wins
from segmenter.labels import Label
from segmenter.transitions import Transitions


@pytest.mark.parametrize(("comments_stage", "directional"), [(False, False), (True, False), (False, True)])
def test_saved_and_loaded_without_pickle_with_the_same_answers(tmp_path: Path, comments_stage: bool,
                                                                directional: bool) -> None:
    X, y, ids, teasers = threads_and_articles(60)
    model = ContextModel(window=1, max_iter=20, neighbour_columns=[0, 2], comments_stage=comments_stage,
                         directional_windows=directional)
    model.fit(X, y, page_ids=ids, not_body=teasers, not_comments=teasers)
    model.trees_.save(tmp_path / "context.npz")
    with np.load(tmp_path / "context.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    loaded = ContextTrees.load(tmp_path / "context.npz")
    assert (loaded.window, loaded.neighbour_columns, loaded.wide_windows, loaded.directional_windows,
            loaded.n_features_in) == (1, (0, 2), (8, 24), directional, 3)
    assert loaded.classes.tolist() == model.classes_.tolist() and loaded.comments_stage == comments_stage
    assert np.array_equal(loaded.predict_proba(X, ids), model.predict_proba(X, ids))
    decided, expected = loaded.decide(X, ids), model.decide(X, ids)
    assert np.array_equal(decided.labels, expected.labels) and np.array_equal(decided.scores, expected.scores)


def test_one_label_past_body_needs_no_trees(tmp_path: Path) -> None:
    X, y, ids = pages(20)
    y = np.where(y == "body", "body", "navigation")
    model = ContextModel(window=1, max_iter=10).fit(X, y, page_ids=ids)
    assert model.trees_.kind is None
    model.trees_.save(tmp_path / "context.npz")
    loaded = ContextTrees.load(tmp_path / "context.npz")
    assert loaded.kind is None and loaded.classes.tolist() == ["body", "navigation"]
    assert np.array_equal(loaded.predict_proba(X, ids), model.predict_proba(X, ids))


def test_rows_of_another_width_are_refused() -> None:
    X, y, ids = pages(10)
    trees = ContextModel(window=1, max_iter=10).fit(X, y, page_ids=ids).trees_
    with pytest.raises(ValueError, match="expected 2 columns"):
        trees.decide(np.zeros((3, 5)))
    assert trees.predict_proba(np.zeros((0, 2))).shape == (0, 3)


def test_averaged_models_give_each_stage_the_mean_of_the_members_raw_scores() -> None:
    X, y, ids, teasers = threads_and_articles(60)
    members = [ContextModel(window=1, max_iter=iterations, neighbour_columns=[0, 2], comments_stage=True)
               .fit(X[rows], y[rows], page_ids=ids[rows], not_body=teasers[rows], not_comments=teasers[rows]).trees_
               for iterations, rows in ((20, slice(None)), (12, slice(0, len(X) * 2 // 3)))]
    averaged = ContextTrees.averaged(members)
    rows = averaged.rows(X, ids)
    assert members[0].kind is None and averaged.kind is None  # navigation alone past comments
    for stage in ("body", "comments"):
        expected = np.mean([getattr(member, stage).raw(rows) for member in members], axis=0)
        np.testing.assert_allclose(getattr(averaged, stage).raw(rows), expected, rtol=1e-12, atol=1e-12)
    assert averaged.classes.tolist() == members[0].classes.tolist()
    probabilities = averaged.predict_proba(X, ids)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    decided = averaged.decide(X, ids)
    assert np.array_equal(decided.labels, probabilities.argmax(axis=1))


def test_models_that_read_other_columns_are_not_averaged() -> None:
    X, y, ids = pages(10)
    one = ContextModel(window=1, max_iter=5).fit(X, y, page_ids=ids).trees_
    two = ContextModel(window=2, max_iter=5).fit(X, y, page_ids=ids).trees_
    with pytest.raises(ValueError, match="cannot be averaged"):
        ContextTrees.averaged([one, two])
    with pytest.raises(ValueError, match="at least one"):
        ContextTrees.averaged([])


@pytest.mark.parametrize("comments_stage", [False, True])
@pytest.mark.parametrize("body_weight", [0.2, 0.7, 1.0, 1.5, 4.0])
def test_a_body_weight_takes_the_most_probable_label_with_p_body_multiplied(comments_stage: bool,
                                                                             body_weight: float) -> None:
    X, y, ids, teasers = threads_and_articles(60)
    trees = ContextModel(window=1, max_iter=20, neighbour_columns=[0, 2], comments_stage=comments_stage) \
        .fit(X, y, page_ids=ids, not_body=teasers, not_comments=teasers).trees_
    probabilities = trees.predict_proba(X, ids)
    weighted = probabilities * np.where(trees.classes == "body", body_weight, 1.0)
    decided = trees.decide(X, ids, body_weight)
    assert decided.labels.tolist() == weighted.argmax(axis=1).tolist()
    # the score is the label's own probability, not its weighted one
    np.testing.assert_array_equal(decided.scores, probabilities[np.arange(len(X)), decided.labels])
    body = decided.labels == 0
    if body_weight < 1:
        assert body.sum() <= (probabilities.argmax(axis=1) == 0).sum()
    assert 0 < body.sum() < len(X)


@pytest.mark.parametrize("body_weight", [0.25, 1.0, 3.0])
def test_body_wins_outright_where_no_share_of_the_rest_can_pass_it(body_weight: float) -> None:
    threshold = body_wins(body_weight)
    assert body_weight * threshold == pytest.approx(1.0 - threshold)  # all of the rest on one label: a tie
    assert body_wins(1.0) == 0.5


@pytest.mark.parametrize("comments_stage", [False, True])
@pytest.mark.parametrize(("weight", "body_weight"), [(0.1, 1.0), (0.5, 1.0), (0.3, 0.5), (2.0, 3.0)])
def test_with_transitions_each_page_gets_its_most_probable_sequence(comments_stage: bool, weight: float,
                                                                   body_weight: float) -> None:
    X, y, ids, teasers = threads_and_articles(60)
    trees = ContextModel(window=1, max_iter=20, neighbour_columns=[0, 2], comments_stage=comments_stage) \
        .fit(X, y, page_ids=ids, not_body=teasers, not_comments=teasers).trees_
    transitions = Transitions.counted([[Label(name) if name else None for name in y[ids == page]]
                                       for page in np.unique(ids)], weight)
    probabilities = trees.predict_proba(X, ids)
    # the later stages' trees skip the lines past sure_body, and the labels are those of every probability known
    expected = transitions.decode(probabilities, ids, trees.classes.tolist(), body_weight)
    decided = trees.decide(X, ids, body_weight, transitions)
    assert decided.labels.tolist() == expected.tolist()
    np.testing.assert_array_equal(decided.scores, probabilities[np.arange(len(X)), decided.labels])
    unweighted = trees.decide(X, ids, body_weight, Transitions(transitions.log_probs, weight=0.0))
    assert unweighted.labels.tolist() == trees.decide(X, ids, body_weight).labels.tolist()
