import pytest

from segmenter.dom_rules import (
    dom_label,
    in_breadcrumb,
    rule_label,
    text_hint,
    text_label,
    text_labels,
)
from segmenter.labels import Label
from segmenter.lines import DomContext, html_lines


def label_of(html: str, text: str) -> Label | None:
    line = next(line for line in html_lines(html, include_title=False) if line.text == text)
    return dom_label(line.dom, line.text)


@pytest.mark.parametrize(
    ("html", "text", "expected"),
    [
        ("<nav><a href='/'>Home</a></nav>", "Home", Label.NAVIGATION),
        ("<div role='navigation'><a>World</a></div>", "World", Label.NAVIGATION),
        ("<ol class='breadcrumb'><li>News</li></ol>", "News", Label.NAVIGATION),
        ("<ul class='crumbs'><li>» Arch Discussion</li></ul>", "» Arch Discussion", Label.NAVIGATION),
        ("<div class='bread_crumb_ur'><a>News</a></div>", "News", Label.NAVIGATION),
        ("<div id='commentList'><p>Great piece!</p></div>", "Great piece!", Label.COMMENTS),
        ("<div id='respond'><p>Please enter your comment!</p></div>", "Please enter your comment!",
         Label.COMMENTS),
        ("<section class='related-posts'><h3>Related</h3></section>", "Related", Label.RELATED),
        ("<div class='most-read'><a>Story</a></div>", "Story", Label.RELATED),
        ("<div class='sharedaddy'><a>Share on Facebook</a></div>", "Share on Facebook", Label.OTHER),
        ("<div class='cookie-banner'><p>We use cookies</p></div>", "We use cookies", Label.OTHER),
        ("<footer><p>© 2023 Daily Mark News</p></footer>", "© 2023 Daily Mark News", Label.OTHER),
        ("<footer><a href='/a'>About us</a></footer>", "About us", None),
        ("<footer><p>Registered office: 1 High Street, London, company number 1234567</p></footer>",
         "Registered office: 1 High Street, London, company number 1234567", Label.OTHER),
        ("<header><div>21.9 C</div></header>", "21.9 C", Label.NAVIGATION),
        ("<article><p>Plain text</p></article>", "Plain text", None),
    ],
)
def test_dom_rules(html: str, text: str, expected: Label | None) -> None:
    assert label_of(html, text) is expected


def test_nearest_ancestor_decides() -> None:
    html = "<div class='comments'><div class='comment-navigation'><a>Older comments</a></div></div>"
    assert label_of(html, "Older comments") is Label.COMMENTS
    html = "<footer class='entry-footer'><span class='tags-links'><a>Politics</a></span></footer>"
    assert label_of(html, "Politics") is Label.NAVIGATION


def test_article_header_and_footer_are_not_chrome() -> None:
    html = "<article><header><h1>Headline</h1></header><footer><p>By Ann</p></footer></article>"
    assert label_of(html, "Headline") is None
    assert label_of(html, "By Ann") is None


def test_an_elements_label_is_its_own_wherever_its_class_words_recur() -> None:
    """The rules' labels are cached by an element's tag and class words: the same words on a page's
    own footer and on an article's, or on a menu entry and on a legal line, must still be told apart."""
    lines = html_lines("<article><footer class='meta'><p>Filed under News by the desk this morning</p></footer></article>"
                       "<footer class='meta'><p>Filed under News by the desk this morning</p><p><a href='/a'>About</a></p></footer>"
                       "<div class='related'><p>Teaser</p></div><nav><div class='related'><p>Teaser</p></div></nav>",
                       include_title=False)
    assert [dom_label(line.dom, line.text) for line in lines] == [
        None, Label.OTHER, None, Label.RELATED, Label.NAVIGATION]


def test_body_classes_do_not_label_the_whole_page() -> None:
    html = "<body class='single comments-open'><p>Paragraph</p></body>"
    assert label_of(html, "Paragraph") is None


def test_category_classes_on_an_article_are_not_tag_lists() -> None:
    html = "<article class='post category-news tag-politics'><p>Paragraph</p></article>"
    assert label_of(html, "Paragraph") is None


@pytest.mark.parametrize(
    ("html", "text", "expected"),
    [
        ("<article class='blogitem hentry has-comments'><p>Paragraph</p></article>", "Paragraph", None),
        ("<article class='post js_post_item status-published commented'><p>Paragraph</p></article>",
         "Paragraph", None),
        ("<article class='post category-comment tag-social-media'><p>Paragraph</p></article>", "Paragraph", None),
        ("<div class='summary-item summary-item-has-comments-enabled'><a>Another post</a></div>", "Another post",
         None),
        ("<div class='comments-area has-avatars'><p>Great piece!</p></div>", "Great piece!", Label.COMMENTS),
        ("<div class='col2_most_commented'><a>Story</a></div>", "Story", Label.RELATED),
        ("<ul><li class='menu-item has-submenu'><a>Sport</a></li></ul>", "Sport", Label.NAVIGATION),
        ("<div class='category-submenu'><a>Sociedad</a></div>", "Sociedad", Label.NAVIGATION),
        ("<article class='post status-publish hentry tag-navigation guide-tags-testing'><p>Paragraph</p></article>",
         "Paragraph", None),
        ("<div class='related-posts'><article class='hentry category-popular'><a>Another story</a></article></div>",
         "Another story", Label.RELATED),
        ("<article class='typography newsletter-post post'><h3>A subtitle</h3></article>", "A subtitle", None),
        ("<article class='hentry tag-navigation'><div class='yarpp-related'><a>Another story</a></div></article>",
         "Another story", Label.RELATED),
        ("<div class='menu'><article class='hentry'><div class='related'><a>A story</a></div></article></div>",
         "A story", Label.NAVIGATION),
    ],
)
def test_classes_that_file_or_flag_a_post_do_not_say_what_it_is(html: str, text: str, expected: Label | None
                                                                 ) -> None:
    """A post filed under "comment" or flagged as having comments is an article, not comments;
    menus keep their flags ("has-submenu"). A blog post's own element ("hentry") says nothing: its
    taxonomies take any name ("tag-navigation" puts no related list in a menu); the blocks around it
    still do."""
    assert label_of(html, text) is expected


def test_a_url_in_an_id_names_a_page_not_an_element() -> None:
    """CleanEval wraps each page in <text id="URL">: the URL's words ("newsletter", "menu") say nothing."""
    html = "<text id='http://www.example.org/newsletter/nl33.htm'><p>Paragraph</p></text>"
    assert label_of(html, "Paragraph") is None
    html = "<text id='http://www.example.org/menu/'><div class='related'><a>Story</a></div></text>"
    assert label_of(html, "Story") is Label.RELATED


def test_a_breadcrumb_is_told_by_any_attribute_value_that_names_one() -> None:
    def crumb(html: str) -> bool:
        (line,) = html_lines(html, include_title=False)
        return in_breadcrumb(line.dom)

    assert crumb("<div class='crumbtrail'><a>News</a></div>")
    assert crumb("<nav id='ipsBreadcrumb'><ul><li>Forums</li></ul></nav>")
    assert not crumb("<nav class='menu'><a>News</a></nav>")
    assert not crumb("<text id='http://example.org/breadcrumbs/'><p>Paragraph</p></text>")
    assert not in_breadcrumb(None)


def test_photo_credits_in_figures_are_left_to_the_article() -> None:
    (line,) = html_lines("<article><figure><figcaption>© Rolf Zoellner/imago</figcaption></figure></article>",
                         include_title=False)
    assert rule_label(line.text, line.dom) is None
    (line,) = html_lines("<div><p>© 2024 Example</p></div>", include_title=False)
    assert rule_label(line.text, line.dom) is Label.OTHER


def test_footer_and_legal_blocks_are_left_unlabelled() -> None:
    # The audits found footer and legal class words wrong one time in four: menus, contact
    # lines and partner lists share them. Only the page <footer>'s running text is other.
    html = "<ul class='footer-legal'><li><a href='/c'>Cookie statement</a></li><li>Company no. 12345</li></ul>"
    assert label_of(html, "Cookie statement") is None
    assert label_of(html, "Company no. 12345") is None


def test_no_dom_no_label() -> None:
    assert dom_label(None) is None
    assert dom_label(DomContext("p", ("body:0", "p:0"), 0.0)) is None


def test_text_rules_find_legal_lines() -> None:
    assert text_label("© 2023 Daily Mark News") is Label.OTHER
    assert text_label("Copyright 2020 ACME. All rights reserved.") is Label.OTHER
    assert text_label("The copyright dispute went to court.") is None
    assert text_label("جميع الحقوق © محفوظة لـ دار الصباح") is Label.OTHER
    assert text_label("Tel.: 71 3203-1048") is Label.OTHER
    assert text_label("Call +44 20 7946 0958") is Label.OTHER
    assert text_label("Analyse 11.04.2022") is None
    assert text_label("2伊朗发布首份直升机事故调查报告1440348") is None
    assert text_label("redacao@correio24horas.com.br") is Label.OTHER
    assert text_label("Posted on 12 May 2023 at 10:45") is None
    assert text_label("Contact our newsroom: we read every message you send, and we answer "
                      "most of them within a day, by mail to desk@example.org") is None


def test_legal_lines_are_found_in_any_case_and_after_text_that_lower_casing_lengthens() -> None:
    """The pattern runs over the lines lower-cased: capitals still match, and a line whose
    lower-case form is longer ("İ" becomes two characters) does not shift the lines after it."""
    texts = ["İSTANBUL İZMİR", "ALL RIGHTS RESERVED", "(C) 2019 ACME", "COPYRIGHT NOTICE",
             "TOUS DROITS RÉSERVÉS", "İİİİİİİİİİ", "ab ©", "x", "y"]
    assert text_labels(texts) == [None, *[Label.OTHER] * 4, None, Label.OTHER, None, None]


def test_a_pages_lines_get_the_text_rules_labels_each_line_would_get_alone() -> None:
    """The legal pattern runs once over a page's lines joined: a match must not start in one line
    and end in the next, nor a line break inside a text begin a line."""
    texts = ["-- ~", "(c) 2020 ACME", "See the (c)", "long " * 41 + "©", "Notes\n(c) 2020", "Tel: 0800 123", "©"]
    assert text_labels(texts) == [None, Label.OTHER, None, None, None, Label.OTHER, Label.OTHER]
    assert text_labels(texts) == [text_label(text) for text in texts]
    assert text_labels([]) == []


def test_the_legal_pattern_is_searched_only_where_a_cue_is_and_finds_every_one() -> None:
    """Each cue the pattern is looked for behind, on a line of its own, twice on one line and on
    the last line; a cue where the pattern does not match ("(c)" after words) stays unlabelled."""
    lines = ["© ACME", "(c) 2020 ACME", "Copyright 2020", "All rights reserved.", "Alle Rechte vorbehalten",
             "Tous droits réservés", "Todos los derechos reservados", "版权所有", "جميع الحقوق محفوظة"]
    assert text_labels(lines) == [Label.OTHER] * len(lines)
    assert text_labels(["See the (c) mark", "a", "© © twice", "copyrighted?", "last ©"]) == \
        [None, None, Label.OTHER, None, Label.OTHER]


@pytest.mark.parametrize(
    ("html", "text", "expected"),
    [
        ("<div class='footermenu'><ul class='footermenu-wrap'><li><a>Video</a></li></ul></div>", "Video",
         Label.NAVIGATION),
        ("<ul class='footerlinks'><li><a href='/a'>MDR Investigativ</a></li></ul>", "MDR Investigativ",
         None),
        ("<div class='footer-legal'><p>Registered in England No. 123</p></div>",
         "Registered in England No. 123", None),
        ("<ul class='navigation-subcategories-trending-list'><li><a>Running</a></li></ul>", "Running",
         Label.NAVIGATION),
        ("<div class='js-blogmenu-dropdown'><ul class='related-blog-list'><li><a>Workshop</a></li></ul></div>",
         "Workshop", Label.NAVIGATION),
        ("<div class='related-keywords'><a>Ohio</a></div>", "Ohio", Label.NAVIGATION),
        ("<div class='item-list recent-comments'><p>by Ann on Foo</p></div>", "by Ann on Foo", Label.RELATED),
        ("<div class='most-shared'><a>Top story</a></div>", "Top story", Label.RELATED),
        ("<aside class='teaser_social_block'><a>Inhalt teilen</a></aside>", "Inhalt teilen", Label.OTHER),
        ("<footer><div><p>Rechtliches</p></div></footer>", "Rechtliches", None),
        ("<section class='related-topics'><h2>Ähnliche Themen</h2></section>", "Ähnliche Themen",
         Label.NAVIGATION),
        ("<div class='top_comments'><ul><li><a>Why athletes pee pink (14)</a></li></ul></div>",
         "Why athletes pee pink (14)", Label.RELATED),
        ("<span class='login-popup2 tooltip'><form><p>Login</p></form></span>", "Login", Label.NAVIGATION),
        ("<ul class='seo-related-search__links'><li><a>2024 Silver Coin</a></li></ul>", "2024 Silver Coin",
         Label.NAVIGATION),
        ("<ul class='asides--trending-tags'><li><a>#Syahrini</a></li></ul>", "#Syahrini", Label.NAVIGATION),
        ("<footer><p>L-4361 Esch-sur-Alzette</p></footer>", "L-4361 Esch-sur-Alzette", Label.OTHER),
        ("<div class='print:hidden'><ul><li><a>Europa</a></li></ul></div>", "Europa", None),
        ("<div class='youth-copyright01'><p>共青团中央主办</p></div>", "共青团中央主办", None),
        ("<article><div class='header'><h1>李强在新疆调研</h1></div></article>", "李强在新疆调研", None),
    ],
)
def test_audited_rule_fixes(html: str, text: str, expected: Label | None) -> None:
    assert label_of(html, text) is expected


def test_javascript_notices_inside_noscript_are_other_and_its_other_text_is_left_alone() -> None:
    page = ("<body><noscript><p>Bitte aktivieren Sie JavaScript in Ihrem Browser.</p>"
            "<div class='post'>The new bridge opens in May, the council said.</div></noscript>"
            "<p>Our JavaScript course starts on Monday.</p></body>")
    notice, post, article = html_lines(page, include_title=False)
    assert text_hint(notice.text, notice.dom) is Label.OTHER
    assert text_hint(post.text, post.dom) is None
    assert text_hint(article.text, article.dom) is None  # outside <noscript>: the page's own text
    assert text_hint(notice.text, None) is None  # text input: no markup to tell
