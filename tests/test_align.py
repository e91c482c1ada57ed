from segmenter.corpus.align import align, contains_snippet

ARTICLE = (
    "My Headline\n"
    "The first paragraph of the article has many words in it.\n"
    "Subhead\n"
    "A second paragraph that is also long enough to match."
)


def test_lines_of_the_text_match_despite_spacing_and_punctuation() -> None:
    lines = ["Home", "My Headline", "The first  paragraph of the article has many words in it",
             "Subhead", "A second paragraph that is also long enough to match!", "Share this"]
    assert align(lines, ARTICLE) == [False, True, True, True, True, False]


def test_short_line_inside_a_paragraph_does_not_match_alone() -> None:
    assert align(["many words", "Contact"], ARTICLE) == [False, False]


def test_short_run_beside_a_matched_line_matches() -> None:
    lines = ["The first paragraph of the article has many", "words in it."]
    assert align(lines, ARTICLE) == [True, True]


def test_cjk_without_spaces() -> None:
    truth = "我们的善良和恶毒都不够纯粹，所以痛苦。\n有人说二零二四年了还在拍这些女性困境。"
    lines = ["首页", "我们的善良和恶毒都不够纯粹，所以痛苦。", "有人说二零二四年了还在拍这些女性困境", "登录"]
    assert align(lines, truth) == [False, True, True, False]


def test_bengali() -> None:
    truth = "ঢাকায় আজ সকাল থেকে ভারী বৃষ্টি হচ্ছে এবং রাস্তায় জলাবদ্ধতা দেখা দিয়েছে।"
    lines = ["প্রচ্ছদ", "ঢাকায় আজ সকাল থেকে ভারী বৃষ্টি হচ্ছে এবং রাস্তায় জলাবদ্ধতা দেখা দিয়েছে"]
    assert align(lines, truth) == [False, True]


def test_no_truth_matches_nothing() -> None:
    assert align(["a", "b"], None) == [False, False]
    assert align(["a"], " \n ") == [False]


def test_snippets() -> None:
    assert contains_snippet("Die GEMA dreht völlig am Zeiger! Mehr dazu", ["die gema dreht völlig"])
    assert not contains_snippet("Impressum", ["Impressum und Datenschutz erklärung"])
    assert contains_snippet("Impressum und Datenschutz", ["Footer: Impressum und Datenschutz erklärung"])
