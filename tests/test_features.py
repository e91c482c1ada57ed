import numpy as np

from segmenter.features import FEATURE_NAMES, line_features, page_script, script_of
from segmenter.lines import Line, html_lines, text_lines


def column(matrix: np.ndarray, name: str) -> list[float]:
    return [round(float(v), 3) for v in matrix[:, FEATURE_NAMES.index(name)]]


def test_shape_and_names_agree() -> None:
    matrix = line_features(text_lines("Home\nA sentence of the article.\nHome"))
    assert matrix.shape == (3, len(FEATURE_NAMES))
    assert line_features([]).shape == (0, len(FEATURE_NAMES))


def test_text_features() -> None:
    matrix = line_features(text_lines("Home\nA sentence of the article.\n• Item\nHome"))
    assert column(matrix, "terminal_punctuation") == [0.0, 1.0, 0.0, 0.0]
    assert column(matrix, "starts_with_bullet") == [0.0, 0.0, 1.0, 0.0]
    assert column(matrix, "log_repeats") == [0.693, 0.0, 0.0, 0.693]
    assert column(matrix, "position") == [0.0, 0.25, 0.5, 0.75]
    assert column(matrix, "is_first") == [1.0, 0.0, 0.0, 0.0]
    assert column(matrix, "has_dom") == [0.0] * 4


def test_character_counts_per_line() -> None:
    lines = [Line("  Hello World.  "), Line(""), Line("A 😀 b 𝐀 | 12"), Line("新聞 · 日本語")]
    matrix = line_features(lines)
    assert column(matrix, "log_words") == [round(float(np.log1p(n)), 3) for n in (2, 0, 6, 3)]
    assert column(matrix, "titlecase_share") == [1.0, 0.0, round(2 / 6, 3), 0.0]  # "𝐀" is upper
    assert column(matrix, "upper_share") == [0.2, 0.0, round(2 / 3, 3), 0.0]
    assert column(matrix, "digit_share") == [0.0, 0.0, round(2 / 12, 3), 0.0]
    assert column(matrix, "separator_count") == [0.0, 0.0, 1.0, 1.0]
    assert column(matrix, "cjk_share") == [0.0, 0.0, 0.0, round(5 / 8, 3)]
    assert column(matrix, "terminal_punctuation") == [1.0, 0.0, 0.0, 0.0]


def test_scripts() -> None:
    assert script_of("Ab 日本語") == "CJK"  # most letters win
    assert script_of("ab 日本") == "LATIN"  # and the first seen breaks a tie
    assert script_of("ডেইলি মার্ক") == "BENGALI"
    assert script_of("日本語") == "CJK"
    assert script_of("1234 !!") == ""
    lines = [Line("Popular on Daily Mark News"), Line("ডেইলি মার্ক নিউজে জনপ্রিয় খবরগুলো এখানে পড়ুন")]
    assert page_script(lines) == "BENGALI"
    assert column(line_features(lines), "page_script_match") == [0.0, 1.0]


def test_dom_and_rule_features() -> None:
    lines = html_lines("<nav><a href='/'>Home</a></nav><article><h1>Title</h1><p>Text here.</p></article>"
                       "<div class='comments'><p>Nice!</p></div>", include_title=False)
    matrix = line_features(lines)
    assert column(matrix, "has_dom") == [1.0, 1.0, 1.0, 1.0]
    assert column(matrix, "inside_nav") == [1.0, 0.0, 0.0, 0.0]
    assert column(matrix, "tag_h1") == [0.0, 1.0, 0.0, 0.0]
    assert column(matrix, "link_share") == [1.0, 0.0, 0.0, 0.0]
    assert column(matrix, "rule_navigation") == [1.0, 0.0, 0.0, 0.0]
    assert column(matrix, "rule_comments") == [0.0, 0.0, 0.0, 1.0]
