import pickle

import numpy as np
import pytest
from sklearn.base import clone

from segmenter.context_model import ContextModel


def pages(n_pages: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pages whose middle lines are body, with an ambiguous column that only context decides."""
    rng = np.random.default_rng(seed)
    X, y, ids = [], [], []
    for page in range(n_pages):
        for i in range(10):
            label = "navigation" if i < 3 else "body" if i < 8 else "other"
            X.append([rng.normal(1.0 if label == "body" else 0.0, 0.8), float(i < 3)])
            y.append(label)
            ids.append(page)
    return np.array(X, dtype=np.float32), np.array(y), np.array(ids)


def test_fit_returns_self_and_learns_from_context() -> None:
    X, y, ids = pages(60)
    model = ContextModel(window=2, max_iter=50)
    assert model.fit(X, y, page_ids=ids) is model
    assert list(model.classes_) == ["body", "navigation", "other"]
    Xt, yt, idt = pages(20, seed=1)
    assert (model.predict(Xt, page_ids=idt) == yt).mean() > 0.9
    probs = model.predict_proba(Xt, page_ids=idt)
    assert probs.shape == (len(Xt), 3) and np.allclose(probs.sum(axis=1), 1.0)


def test_unlabelled_lines_are_context_not_targets() -> None:
    X, y, ids = pages(40)
    y = y.astype(object)
    y[::4] = None
    model = ContextModel(window=2, max_iter=30).fit(X, y, page_ids=ids)
    assert list(model.classes_) == ["body", "navigation", "other"]
    with pytest.raises(ValueError, match="body and not body"):
        ContextModel().fit(X[:3], [None, None, None])


def test_lines_known_only_as_not_body_teach_the_first_stage() -> None:
    X, y, ids = pages(60)
    y = y.astype(object)
    hidden = np.array([label == "navigation" for label in y]) & (np.arange(len(y)) % 10 != 0)
    y[hidden] = None  # most navigation lines: unlabelled, known not to be body
    model = ContextModel(window=2, max_iter=40).fit(X, y, page_ids=ids, not_body=hidden)
    Xt, yt, idt = pages(20, seed=1)
    body = model.predict_proba(Xt, idt)[:, 0]
    assert list(model.classes_) == ["body", "navigation", "other"]
    assert ((body > 0.5) == (yt == "body")).mean() > 0.9


def threads_and_articles(n_pages: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Forum pages end in unnamed replies (comments); article pages end in unnamed teasers that
    no label names, only "not body": columns are body-likeness, a comment rule, teaser-likeness."""
    rng = np.random.default_rng(seed)
    X, y, ids, teasers = [], [], [], []
    for page in range(n_pages):
        forum = page % 2 == 0
        for i in range(10):
            tail = i >= 6
            body = 2 <= i < 6
            X.append([rng.normal(1.0 if body else 0.0, 0.3), float(i == 9 and not forum),
                      rng.normal(1.0 if tail and not forum else 0.0, 0.3)])
            y.append("navigation" if i < 2 else "body" if body else "comments" if forum or i == 9 else None)
            teasers.append(tail and not forum and i != 9)
            ids.append(page)
    return np.array(X, dtype=np.float32), np.array(y, dtype=object), np.array(ids), np.array(teasers)


def test_lines_known_not_to_be_comments_teach_the_second_stage() -> None:
    X, y, ids, teasers = threads_and_articles(80)
    model = ContextModel(window=1, max_iter=40, comments_stage=True)
    model.fit(X, y, page_ids=ids, not_body=teasers, not_comments=teasers)
    Xt, yt, idt, teasers_t = threads_and_articles(20, seed=1)
    probs = model.predict_proba(Xt, idt)
    comments = probs[:, list(model.classes_).index("comments")]
    assert list(model.classes_) == ["body", "comments", "navigation"]
    assert (comments[teasers_t] < 0.5).all() and (comments[yt == "comments"] > 0.5).all()
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert model.decide(Xt, idt).labels.tolist() == probs.argmax(axis=1).tolist()


def test_estimator_contract() -> None:
    model = ContextModel(window=1, max_iter=10)
    assert clone(model).get_params() == model.get_params()
    assert not hasattr(model, "classes_")
    with pytest.raises(Exception, match="not fitted"):
        model.predict_proba(np.zeros((1, 2)))


def test_pickle_round_trip_and_errors() -> None:
    X, y, ids = pages(30)
    model = ContextModel(window=1, max_iter=20).fit(X, y, page_ids=ids)
    again = pickle.loads(pickle.dumps(model))
    assert np.allclose(again.predict_proba(X, ids), model.predict_proba(X, ids))
    with pytest.raises(ValueError, match="expected 2 columns"):
        model.predict_proba(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="1 page ids for 2 lines"):
        model.predict_proba(np.zeros((2, 2)), page_ids=np.array([0]))
    assert model.predict_proba(np.zeros((0, 2))).shape == (0, 3)
    older = model.__getstate__()
    del older["comments_stage"], older["comments_"]  # pickled before the comments stage existed
    again = ContextModel.__new__(ContextModel)
    again.__setstate__(older)
    assert again.get_params()["comments_stage"] is False
    assert np.allclose(again.predict_proba(X, ids), model.predict_proba(X, ids))
    del older["body_signs"], older["comments_signs"]  # pickled before the signs existed
    again.__setstate__(older)
    assert again.get_params()["body_signs"] == again.get_params()["comments_signs"] == ()


def test_decide_gives_predict_probas_best_label_and_score() -> None:
    X, y, ids = pages(30)
    model = ContextModel(window=1, max_iter=20, wide_windows=()).fit(X, y, page_ids=ids)
    probs = model.predict_proba(X, ids)
    decisions = model.decide(X, ids)
    assert decisions.labels.tolist() == probs.argmax(axis=1).tolist()
    assert np.allclose(decisions.scores, probs.max(axis=1))
    assert model.predict(X, ids).tolist() == model.classes_[probs.argmax(axis=1)].tolist()
    assert len(model.decide(X[:0], ids[:0]).labels) == 0


def test_stages_predict_from_packed_trees_as_scikit_learn_would() -> None:
    X, y, ids = pages(60)
    model = ContextModel(window=1, max_iter=20).fit(X, y, page_ids=ids)
    rows = model.trees_.rows(X, ids)
    body = model.body_.predict_proba(rows)[:, 1]
    expected = np.hstack([body[:, None], (1 - body)[:, None] * model.kind_.predict_proba(rows)])
    np.testing.assert_allclose(model.predict_proba(X, ids), expected, rtol=1e-13, atol=1e-15)
    assert model.trees_.comments is None and model.trees_.kind is not None and not model.trees_.comments_stage
    assert "trees_" not in model.__getstate__()  # rebuilt on loading
    again = pickle.loads(pickle.dumps(model))
    assert np.array_equal(again.predict_proba(X, ids), model.predict_proba(X, ids))


def own_column_set(model: ContextModel, X: np.ndarray, ids: np.ndarray, column: int, value: float) -> np.ndarray:
    """The rows the trees read, with one of each line's own columns set (its neighbours' left as they are)."""
    rows = model.trees_.rows(X, ids)
    rows[:, column] = value
    return rows


def test_signs_hold_a_stage_to_one_direction_of_a_column() -> None:
    X, y, ids, teasers = threads_and_articles(80)
    X[:, 1] = np.where(y == "body", 1.0, X[:, 1])  # the comment rule fires on body lines too, in training
    free = ContextModel(window=1, max_iter=40, comments_stage=True)
    held = clone(free).set_params(body_signs=((1, -1),), comments_signs=((1, 1),))
    for model in (free, held):
        model.fit(X, y, page_ids=ids, not_body=teasers, not_comments=teasers)
    Xt, _, idt, _ = threads_and_articles(20, seed=1)

    def body(model: ContextModel, rule: float) -> np.ndarray:
        return model.trees_.body.probability_of(True, own_column_set(model, Xt, idt, 1, rule))

    def comments(model: ContextModel, rule: float) -> np.ndarray:
        return model.trees_.comments.probability_of(True, own_column_set(model, Xt, idt, 1, rule))

    assert (body(free, 1.0) > body(free, 0.0) + 0.1).any()  # what the training lines taught
    assert (body(held, 1.0) <= body(held, 0.0)).all()
    assert (comments(held, 1.0) >= comments(held, 0.0)).all()


@pytest.mark.parametrize("signs", [((5, 1),), ((1, 2),), ((-1, -1),)])
def test_a_sign_names_an_input_column_and_a_direction(signs: tuple[tuple[int, int], ...]) -> None:
    X, y, ids = pages(10)
    with pytest.raises(ValueError, match="a sign is"):
        ContextModel(window=1, max_iter=5, body_signs=signs).fit(X, y, page_ids=ids)
