from segmenter.tokens import normalise, tokens


def test_latin_words_are_case_folded_without_punctuation() -> None:
    assert tokens("Hello, WORLD! Straße") == ["hello", "world", "strasse"]


def test_bengali_words_keep_their_vowel_signs() -> None:
    assert tokens("ডেইলি মার্ক নিউজে জনপ্রিয়") == ["ডেইলি", "মার্ক", "নিউজে", "জনপ্রিয়"]


def test_devanagari_words_stay_whole() -> None:
    assert tokens("हिन्दी भाषा") == ["हिन्दी", "भाषा"]


def test_cjk_and_thai_give_one_token_per_character() -> None:
    assert tokens("日本語です") == ["日", "本", "語", "で", "す"]
    assert tokens("ภาษาไทย") == list("ภาษาไทย")


def test_entities_nfkc_and_invisible_characters() -> None:
    assert normalise("caf&eacute;\u200b ＡＢＣ") == "café abc"
