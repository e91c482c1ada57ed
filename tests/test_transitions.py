"""Labels read as one sequence per page: the counted steps, the decoding and its shortcut for sure body lines."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmenter.labels import LABELS, Label
from segmenter.transitions import Transitions, chained, checked_transition_weight

B, N, C, R, O = LABELS
CLASSES = [label.value for label in LABELS]


def test_steps_are_counted_within_labelled_runs_past_the_title_with_one_added_to_each() -> None:
    transitions = Transitions.counted([[O, B, B, B, N, None, R, R], [B, N, N, B]])
    probs = np.exp(transitions.log_probs)
    # body → body twice, body → navigation once; None breaks N → R; no step leaves a title
    np.testing.assert_allclose(probs[0], np.array([3, 2, 1, 1, 1]) / 8)
    np.testing.assert_allclose(probs[1], np.array([2, 2, 1, 1, 1]) / 7)
    np.testing.assert_allclose(probs[4], np.full(5, 0.2))
    np.testing.assert_allclose(probs[3], np.array([1, 1, 1, 2, 1]) / 6)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def _runs() -> Transitions:
    """Labels that mostly repeat: each follows itself 9 times in 10."""
    return Transitions(np.log(np.full((5, 5), 0.025) + np.eye(5) * 0.875), weight=0.3)


def test_a_line_between_two_of_another_label_joins_them_where_its_own_lead_is_small() -> None:
    probs = np.array([[0.6, 0.1, 0.1, 0.1, 0.1],  # the title: no step leads to or from it
                      [0.1, 0.1, 0.1, 0.6, 0.1],
                      [0.1, 0.45, 0.05, 0.35, 0.05],  # navigation by a little, between related lines
                      [0.1, 0.1, 0.1, 0.6, 0.1],
                      [0.04, 0.9, 0.03, 0.01, 0.02]])  # navigation by far: stays
    decoded = _runs().decode(probs, np.zeros(5, dtype=int), CLASSES)
    assert [LABELS[i] for i in decoded] == [B, R, R, R, N]
    unweighted = Transitions(_runs().log_probs, weight=0.0).decode(probs, np.zeros(5, dtype=int), CLASSES)
    assert unweighted.tolist() == probs.argmax(axis=1).tolist()


def test_no_step_reaches_across_pages_or_leaves_a_title() -> None:
    related, nearly = [0.1, 0.1, 0.1, 0.6, 0.1], [0.1, 0.45, 0.05, 0.35, 0.05]
    probs = np.array([related, related, nearly, nearly, related])
    assert _runs().decode(probs, np.array([0, 0, 1, 1, 1]), CLASSES).tolist() == [3, 3, 1, 3, 3]
    assert chained(np.array([0, 0, 0, 1, 1, 2])).tolist() == [False, False, True, False, False, False]
    assert _runs().decode(probs[:0], np.zeros(0, dtype=int), CLASSES).tolist() == []


def test_columns_are_read_in_the_order_of_the_classes_given() -> None:
    probs = np.array([[0.1, 0.1, 0.1, 0.6, 0.1], [0.1, 0.1, 0.1, 0.6, 0.1], [0.1, 0.45, 0.05, 0.35, 0.05],
                      [0.1, 0.1, 0.1, 0.6, 0.1]])
    order = [0, 2, 1, 4, 3]  # body, comments, navigation, other, related
    decoded = _runs().decode(probs[:, order], np.zeros(4, dtype=int), [CLASSES[i] for i in order])
    assert [order[i] for i in decoded] == [3, 3, 3, 3]


def test_a_body_weight_multiplies_p_body_before_the_sequence_is_chosen() -> None:
    probs = np.array([[0.45, 0.55, 0, 0, 0]] * 3)
    transitions = Transitions(_runs().log_probs, weight=0.5)
    assert transitions.decode(probs, np.zeros(3, dtype=int), CLASSES).tolist() == [1, 1, 1]
    assert transitions.decode(probs, np.zeros(3, dtype=int), CLASSES, body_weight=1.5).tolist() == [0, 0, 0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.lists(st.floats(0.01, 1), min_size=4, max_size=4)),
                min_size=1, max_size=12),
       st.sampled_from([0.3, 1.0, 2.0]), st.sampled_from([0.1, 0.5]))
def test_a_line_past_sure_body_is_body_however_its_rest_is_shared(lines: list[tuple[float, list[float]]],
                                                                   body_weight: float, weight: float) -> None:
    transitions = Transitions.counted([[B, B, N, N, C, R, R, O, B, C, C, N]], weight)
    sure = transitions.sure_body(body_weight)
    probs = np.array([[body, *((1 - body) * np.array(rest) / sum(rest))] for body, rest in lines])
    decoded = transitions.decode(probs, np.zeros(len(lines), dtype=int), CLASSES, body_weight)
    assert all(label == 0 for label, body in zip(decoded, probs[:, 0]) if body > sure)


def test_saved_and_loaded(tmp_path: Path) -> None:
    transitions = Transitions.counted([[B, B, N, N, C, C, R, O]], weight=0.3)
    transitions.save(tmp_path / "transitions.json")
    loaded = Transitions.load(tmp_path / "transitions.json", weight=0.3)
    np.testing.assert_allclose(loaded.log_probs, transitions.log_probs, atol=1e-5)
    assert loaded.weight == 0.3


def test_a_file_of_other_labels_or_weights_below_zero_are_refused(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text('{"labels": ["body", "boilerplate"], "after": {}}')
    with pytest.raises(ValueError, match="other labels"):
        Transitions.load(tmp_path / "t.json")
    with pytest.raises(ValueError, match="0 .* or more"):
        checked_transition_weight(-0.1)
    with pytest.raises(ValueError, match="finite"):
        Transitions(np.zeros((4, 4)))
    assert Label.BODY is B
