import pytest

from segmenter.labels import LABELS, Label


def test_five_labels_in_labels_md_order() -> None:
    assert [label.value for label in LABELS] == ["body", "navigation", "comments", "related", "other"]


def test_parse_is_case_insensitive() -> None:
    assert Label.parse(" Related ") is Label.RELATED


def test_parse_names_the_valid_labels() -> None:
    with pytest.raises(ValueError, match="expected one of: body, navigation"):
        Label.parse("boilerplate")
