import os
import subprocess
import sys
from pathlib import Path

from segmenter.corpus.records import GroundTruth, SourcePage
from segmenter.corpus.weak import weak_label
from segmenter.labels import Label
from segmenter.langid import LanguageIdentifier

B, N, C, R, O = Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.RELATED, Label.OTHER
IDENTIFIER = LanguageIdentifier()

ARTICLE = """<html><head><title>Moscow prepares | Daily Mark News</title></head><body>
<header><div class="weather">21.9 C</div></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<main><h1>Moscow prepares</h1><div class="meta">By Ann Smith, 3 March 2023</div>
<p>The first paragraph of the article tells the whole story in many words.</p>
<p>A second paragraph adds more detail about what happened next in the city.</p>
<p class="caption">A photo caption the ground truth forgot</p></main>
<div id="comments"><h3>3 Comments</h3><p>Great piece, thanks for writing it!</p></div>
<aside class="related"><h3>Related stories</h3><a>Another story</a></aside>
<footer><p>© 2023 Daily Mark News</p></footer></body></html>"""
TRUTH = GroundTruth(
    main_text="The first paragraph of the article tells the whole story in many words.\n"
    "A second paragraph adds more detail about what happened next in the city.",
    title="Moscow prepares", authors=("Ann Smith",),
)


def labels(page: SourcePage) -> list[tuple[str, Label | None]]:
    return [(line.text, line.label) for line in weak_label(page, IDENTIFIER).lines]


def test_article_page_labels_follow_labels_md() -> None:
    page = SourcePage("test", "a", "https://dailymark.example/a", TRUTH, html=ARTICLE)
    assert labels(page) == [
        ("Moscow prepares | Daily Mark News", B),
        ("21.9 C", N), ("Home", N), ("World", N),
        ("Moscow prepares", B), ("By Ann Smith, 3 March 2023", B),
        ("The first paragraph of the article tells the whole story in many words.", B),
        ("A second paragraph adds more detail about what happened next in the city.", B),
        ("A photo caption the ground truth forgot", None),
        ("3 Comments", C), ("Great piece, thanks for writing it!", C),
        ("Related stories", R), ("Another story", R),
        ("© 2023 Daily Mark News", O),
    ]


def test_copyright_text_is_other_even_inside_a_menu() -> None:
    html = "<ul class='sitemap'><li><a>Home</a></li><li>© 2012 NBCNews.com</li></ul>"
    page = SourcePage("test", "c", "", GroundTruth(main_text="Nothing of the menu."), html=html)
    assert labels(page)[-2:] == [("Home", N), ("© 2012 NBCNews.com", O)]


def test_markup_comments_win_over_a_main_text_that_holds_them() -> None:
    html = ("<p>The product is a sturdy chair made of oak and linen, built to last.</p>"
            "<ol class='commentlist'><li><p>Jamie on October 23rd, 2012 6:03 pm</p></li></ol>")
    truth = GroundTruth(main_text="The product is a sturdy chair made of oak and linen, built to last.\n"
                                  "Jamie on October 23rd, 2012 6:03 pm")
    assert labels(SourcePage("t", "r", "", truth, html=html)) == [
        ("The product is a sturdy chair made of oak and linen, built to last.", B),
        ("Jamie on October 23rd, 2012 6:03 pm", C),
    ]


def test_unaligned_lines_of_a_complete_truth_are_known_not_body() -> None:
    page = SourcePage("test", "a", "", TRUTH, html=ARTICLE)
    caption = next(l for l in weak_label(page, IDENTIFIER).lines if l.text.startswith("A photo"))
    assert caption.label is None and caption.not_body


def test_snippet_truth_labels_only_what_snippets_decide() -> None:
    truth = GroundTruth(with_snippets=("first paragraph of the article",),
                        without_snippets=("Home",), comment_snippets=("Great piece",))
    got = dict(labels(SourcePage("test", "a", "", truth, html=ARTICLE)))
    assert got["The first paragraph of the article tells the whole story in many words."] is B
    assert got["Home"] is N
    assert got["Great piece, thanks for writing it!"] is C
    assert got["World"] is None and got["Related stories"] is None


FORUM = """<body><nav><a>Forum index</a></nav><h1>Printer will not print</h1><div class="thread">
<div class="post" id="p1"><span class="author">ann</span><p>My printer stopped printing after the update, what can I do?</p></div>
<div class="post" id="p2"><span class="author">bob</span><p>Try reinstalling the driver from the vendor's support page first.</p></div>
<div class="post" id="p3"><span class="author">cy</span><p>Same problem here, reinstalling the driver fixed it for me.</p></div>
</div></body>"""


def test_forum_replies_become_comments() -> None:
    truth = GroundTruth(
        main_text="Printer will not print\n"
        "My printer stopped printing after the update, what can I do?\n"
        "Try reinstalling the driver from the vendor's support page first.\n"
        "Same problem here, reinstalling the driver fixed it for me.",
        replies_in_main_text=True,
    )
    got = labels(SourcePage("test", "f", "", truth, html=FORUM))
    assert got == [
        ("Forum index", N), ("Printer will not print", B), ("ann", None),
        ("My printer stopped printing after the update, what can I do?", B),
        ("bob", C), ("Try reinstalling the driver from the vendor's support page first.", C),
        ("cy", C), ("Same problem here, reinstalling the driver fixed it for me.", C),
    ]


# Two children of <body> hold two body lines each: the thread search must pick one the same way in every run.
TIED = """<body><div class="intro"><p>An opening paragraph that sets out the question at some length.</p>
<p>A second opening paragraph that goes on about the question a little.</p></div><div class="thread">
<div class="post"><p>The first post of the thread, written by the person who asked.</p></div>
<div class="post"><p>A reply to the first post that suggests an answer to try.</p></div></div></body>"""
TIED_TRUTH = ("An opening paragraph that sets out the question at some length.\n"
              "A second opening paragraph that goes on about the question a little.\n"
              "The first post of the thread, written by the person who asked.\n"
              "A reply to the first post that suggests an answer to try.")


def test_weak_labels_do_not_depend_on_string_hashing() -> None:
    script = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from test_weak import *; "
              "print(labels(SourcePage('test', 't', '', GroundTruth(main_text=TIED_TRUTH, "
              "replies_in_main_text=True), html=TIED)))")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(runs) == 1


def test_text_pages_take_the_collection_noise_flags() -> None:
    truth = GroundTruth(noise_lines=(False, True))
    page = weak_label(SourcePage("t", "x", "", truth, text_lines=("Kept line.", "noise")), IDENTIFIER)
    assert [(l.label, l.not_body) for l in page.lines] == [(None, False), (None, True)]
    assert page.input_kind == "text"
