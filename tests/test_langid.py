"""Language of texts and of labelled pages."""

from __future__ import annotations

from segmenter.langid import UNKNOWN, LanguageIdentifier, body_language

ENGLISH = "More than 40,000 people have left their homes after three days of heavy rain pushed the rivers up."
BENGALI = ["সিলেটে বন্যায় পানিবন্দি লাখো মানুষ, খোলা হয়েছে আশ্রয়কেন্দ্র", "বাজেটে কৃষি খাতে বরাদ্দ বাড়ানোর দাবি কৃষক সমিতির",
           "রাজধানীতে ডেঙ্গু রোগী বাড়ছে, হাসপাতালে শয্যা সংকট"]


def test_a_page_is_in_its_bodys_language() -> None:
    identifier = LanguageIdentifier()
    lines = [(text, False) for text in BENGALI * 3] + [(ENGLISH, True)]
    assert body_language(identifier, lines) == "en"
    assert body_language(identifier, [(text, False) for text in BENGALI]) == "bn"


def test_too_few_letters_is_unknown() -> None:
    assert LanguageIdentifier().identify("12 - 34")[0] == UNKNOWN


def test_the_compiled_automaton_names_what_py3langid_names() -> None:
    from py3langid.langid import MODEL_FILE
    from py3langid.langid import LanguageIdentifier as Reference

    from segmenter.langid import Automaton

    reference = Reference.from_model_file(MODEL_FILE, norm_probs=True)
    automaton = Automaton.of(reference)
    texts = [ENGLISH, ENGLISH.upper(), *BENGALI, " ".join(BENGALI), "日本語のテキストです。東京は晴れ。",
             "Пожар в центре Москвы потушен", "Die Regierung hat am Montag beschlossen", "مرحبا بكم في موقعنا",
             "", "12 - 34", "\U0001f600\U0001f600", "x\ud800y", "Serbian: Београд је главни град Србије"]
    for text in texts:
        language, probability = automaton.classify(text)
        expected_language, expected_probability = reference.classify(text)
        assert language == expected_language
        assert probability == expected_probability
