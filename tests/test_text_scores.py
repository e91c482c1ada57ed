import pytest

from segmenter.text_scores import SnippetCounts, TokenScore


def test_token_score_counts_shared_tokens_as_multisets() -> None:
    score = TokenScore.of("the cat sat. Menu Menu", "The cat sat on the mat")
    # extracted: the cat sat menu menu (5); truth: the cat sat on the mat (6); shared: the cat sat (3)
    assert score.precision == pytest.approx(3 / 5)
    assert score.recall == pytest.approx(3 / 6)
    assert score.f1 == pytest.approx(2 * 0.6 * 0.5 / 1.1)


def test_token_score_ignores_line_breaks_and_punctuation() -> None:
    assert TokenScore.of("Hello,\nworld!", "hello world").f1 == 1.0


def test_each_han_character_is_a_token() -> None:
    score = TokenScore.of("日本語", "日本")
    assert (score.precision, score.recall) == (pytest.approx(2 / 3), 1.0)


def test_extracting_nothing_scores_zero() -> None:
    assert TokenScore.of("", "some text") == TokenScore(0.0, 0.0, 0.0)


def test_an_empty_ground_truth_cannot_be_scored() -> None:
    with pytest.raises(ValueError, match="ground truth"):
        TokenScore.of("text", "  ")


def test_snippets_are_found_leaked_missed_and_kept_out_by_whole_tokens() -> None:
    counts = SnippetCounts.of("The article's first line.\nA teaser headline",
                              inside=["article's first", "second line", ""],
                              outside=["teaser  headline", "line a"])
    # "line a" spans the line break: tokens "line a" are adjacent in the text, so it leaks too.
    assert counts == SnippetCounts(found=1, missed=1, leaked=2, kept_out=0)
    assert SnippetCounts.of("cart", inside=["car"], outside=[]) == SnippetCounts(missed=1)


def test_snippet_counts_add_up_to_pooled_precision_and_recall() -> None:
    pooled = SnippetCounts(found=3, missed=1) + SnippetCounts(found=1, leaked=1, kept_out=2)
    assert pooled == SnippetCounts(4, 1, 1, 2)
    assert (pooled.precision, pooled.recall) == (pytest.approx(0.8), pytest.approx(0.8))
    assert pooled.f1 == pytest.approx(0.8)
    assert SnippetCounts().f1 == 0.0
