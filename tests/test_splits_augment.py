from segmenter.corpus.augment import mix, mixed_pages
from segmenter.corpus.records import LabelledLine, LabelledPage
from segmenter.corpus.splits import site, split_of
from segmenter.labels import Label

B, N, C, R = Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.RELATED


def test_site_is_the_host_without_www() -> None:
    assert site("https://www.Example.org/a?b", "x") == "example.org"
    assert site("", "fallback") == "fallback"


def test_split_is_deterministic_and_respects_own_split() -> None:
    assert split_of("example.org") == split_of("example.org")
    assert split_of("example.org", own_split="test") == "test"
    shares = [split_of(f"site{i}.example") for i in range(2000)]
    assert 0.1 < shares.count("test") / 2000 < 0.2
    assert 0.05 < shares.count("dev") / 2000 < 0.15


def page(id: str, lang: str, lines: list[tuple[str, Label]]) -> LabelledPage:
    return LabelledPage(id=id, lang=lang, source="s", split="train",
                        lines=tuple(LabelledLine(t, l) for t, l in lines))


ENGLISH = page("en", "en", [("Menu", N), ("Headline", B), ("Para one", B), ("Para two", B), ("Reply", C)])
BENGALI = page("bn", "bn", [("প্রচ্ছদ", N), ("খেলা", N), ("শিরোনাম", B), ("অনুচ্ছেদ", B), ("মন্তব্য", C),
                            ("জনপ্রিয়", R), ("সর্বশেষ", R)])


def test_mix_puts_one_body_inside_another_page_chrome() -> None:
    mixed = mix(ENGLISH, BENGALI)
    assert [(l.text, l.label) for l in mixed.lines] == [
        ("প্রচ্ছদ", N), ("খেলা", N), ("Headline", B), ("Para one", B), ("Para two", B),
        ("মন্তব্য", C), ("জনপ্রিয়", R), ("সর্বশেষ", R),
    ]
    assert mixed.lang == "en" and mixed.mixed_from == ("en", "bn") and mixed.source == "mixed"


def test_mixed_pages_pair_different_languages() -> None:
    german = page("de", "de", [("Start", N), ("Titel", B), ("Absatz", B), ("Noch einer", B),
                               ("Kommentar", C), ("Beliebt", R), ("Neu", R)])
    pages = mixed_pages([ENGLISH, BENGALI, german], count=10, seed=1)
    assert len(pages) == 10
    for mixed in pages:
        body_id, chrome_id = mixed.mixed_from
        assert body_id != chrome_id
