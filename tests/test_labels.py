import pytest

from segmenter.labels import LABELS, Label, relabelled_at


def test_five_labels_in_labels_md_order() -> None:
    assert [label.value for label in LABELS] == ["body", "navigation", "comments", "related", "other"]


def test_parse_is_case_insensitive() -> None:
    assert Label.parse(" Related ") is Label.RELATED


def test_parse_names_the_valid_labels() -> None:
    with pytest.raises(ValueError, match="expected one of: body, navigation"):
        Label.parse("boilerplate")


def test_relabelled_at_sets_only_the_positions_given_and_leaves_the_input_alone() -> None:
    labels = [Label.BODY, Label.NAVIGATION, Label.BODY]
    assert relabelled_at(labels, [0, 2], Label.COMMENTS) == [Label.COMMENTS, Label.NAVIGATION, Label.COMMENTS]
    assert relabelled_at(labels, [], Label.COMMENTS) == labels
    assert labels == [Label.BODY, Label.NAVIGATION, Label.BODY]
