import pytest

from segmenter.lines import html_lines, page_lines, text_lines
from segmenter.sources import html_page, text_page


def texts(html: str, **kwargs: bool) -> list[str]:
    return [line.text for line in html_lines(html, **kwargs)]


def test_title_first_then_one_line_per_block() -> None:
    html = "<title> The  Title </title><h1>Head</h1><p>First para.</p><p>Second para.</p>"
    assert texts(html) == ["The Title", "Head", "First para.", "Second para."]


def test_title_can_be_left_out() -> None:
    assert texts("<title>T</title><p>x</p>", include_title=False) == ["x"]


def test_inline_elements_do_not_split() -> None:
    html = "<p>Read <a href='/x'>this <b>bold</b> link</a>, <em>then</em> <span>go</span>.</p>"
    assert texts(html) == ["Read this bold link, then go."]


def test_br_splits_a_block() -> None:
    assert texts("<p>line one<br>line two<br/><br>line three</p>") == ["line one", "line two", "line three"]


def test_nested_lists_give_one_line_per_item() -> None:
    html = "<ul><li>Fruit<ul><li>Apple</li><li>Pear</li></ul></li><li>Veg</li></ul>"
    assert texts(html) == ["Fruit", "Apple", "Pear", "Veg"]


def test_table_rows_are_lines_and_cells_stay_on_their_row() -> None:
    html = "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>"
    assert texts(html) == ["Name Age", "Ann 31"]


def test_a_selects_options_are_set_apart_on_its_line() -> None:
    html = "<p>Archives</p><select><option>Select Month</option><option>May 2012</option><option>April 2012</option></select>"
    assert texts(html) == ["Archives", "Select Month May 2012 April 2012"]


def test_pre_is_verbatim_line_by_line() -> None:
    assert texts("<pre>def f():\n    return 1\n\n</pre>") == ["def f():", "    return 1"]


def test_scripts_styles_and_hidden_elements_are_dropped() -> None:
    html = (
        "<body><script>var a = 1;</script><style>p{}</style>"
        "<p hidden>gone</p><div style='display: none'>gone</div><div aria-hidden='true'>gone</div>"
        "<p>kept</p><!-- a comment -->"
    )
    assert texts(html) == ["kept"]


def test_ruby_annotations_are_left_out_of_the_base_text() -> None:
    html = ("<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>"
            "をなくす</p><p><ruby>汉<rt>hàn</rt>字<rt>zì</rt></ruby></p>")
    assert texts(html) == ["子どもへの虐待をなくす", "汉字"]


def test_noscript_is_walked_as_a_crawler_sees_it() -> None:
    # Discourse forums serve their posts only inside <noscript>; a browser with scripts off,
    # which is how crawlers and WARCs see a page, renders it.
    html = ("<body><div id='app'></div><noscript><div class='post'><p>First post.</p>"
            "<p>A reply.</p></div></noscript></body>")
    assert texts(html) == ["First post.", "A reply."]


def test_content_a_script_shows_on_loading_is_walked() -> None:
    # React streams Suspense content into hidden divs that its script moves into place.
    streamed = "<body><template id='B:0'></template><div hidden id='S:0'><p>Streamed text.</p></div></body>"
    assert texts(streamed) == ["Streamed text."]
    # A content-lock app hides all of <main> until its script has run.
    locked = ("<body><main><div style='display:none'>Loading</div>"
              "<div style='display:none'><p>The product.</p></div><script>unlock()</script></main></body>")
    assert texts(locked) == ["Loading", "The product."]


def test_a_main_landmark_of_many_hidden_children_is_tested_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import segmenter.lines

    tested = []
    is_hidden = segmenter.lines._is_hidden

    def counting(attributes: dict[str, str | None]) -> bool:
        tested.append(attributes)
        return is_hidden(attributes)

    monkeypatch.setattr(segmenter.lines, "_is_hidden", counting)
    children = 300
    html = "<body><main>" + "".join(f"<div hidden>Item {i}.</div>" for i in range(children)) + "</main></body>"
    assert texts(html) == [f"Item {i}." for i in range(children)]
    assert len(tested) <= 3 * children  # each child once as met and once for its main, not once per sibling


def test_a_page_hidden_whole_is_read_with_its_hidden_elements() -> None:
    # Anti-flicker snippets hide the whole page until a script has run.
    text = " ".join(["The article's text."] * 200)
    html = f"<body><p>Loading</p><div style='visibility:hidden'><p>{text}</p></div></body>"
    assert texts(html) == ["Loading", text]


def test_a_short_page_beside_a_bigger_hidden_menu_stays_as_shown() -> None:
    menu = "".join(f"<li>Section {i}</li>" for i in range(40))
    article = "A short article of a few sentences. " * 3
    html = f"<body><div style='display:none'><ul>{menu}</ul></div><p>{article}</p></body>"
    assert texts(html) == [article.strip()]


def test_hidden_parts_beside_shown_content_stay_hidden() -> None:
    html = ("<body><main><article><p>Shown.</p></article><pre hidden>raw source</pre>"
            "<div style='display: none'>template</div></main><div hidden id='modal'>dialog</div></body>")
    assert texts(html) == ["Shown."]


def test_the_innermost_element_of_given_names_and_its_parent() -> None:
    (line,) = html_lines("<ul class='outer'><li><ul class='inner'><li><a>ABAP</a></li></ul></li></ul>",
                         include_title=False)
    assert line.dom is not None
    item = line.dom.innermost({"li"})
    assert item is not None and item[-1].startswith("li") and line.dom.parent_of_innermost({"li"}) == item[:-1]
    assert "inner" in item[-2] and line.dom.innermost({"table"}) is None
    assert line.dom.parent_of_innermost({"table"}) is None


def test_whitespace_is_collapsed() -> None:
    assert texts("<p>  many\n\t spaces   here </p>") == ["many spaces here"]


def test_dom_context_keeps_path_and_link_share() -> None:
    lines = html_lines("<nav class='main-nav' id='top'><ul><li><a href='/'>Home</a></li></ul></nav>"
                       "<p>Text and <a href='#'>link</a></p>", include_title=False)
    home, para = lines
    assert home.dom is not None and para.dom is not None
    assert home.dom.tag == "li"
    assert home.dom.path == ("body:0", "nav:0 top main-nav", "ul:0", "li:0", "a:0")
    assert home.dom.link_share == 1.0
    assert para.dom.path == ("body:0", "p:1")
    assert round(para.dom.link_share, 2) == round(4 / 13, 2)


def test_deep_nesting_does_not_recurse() -> None:
    html = "<div>" * 5000 + "deep" + "</div>" * 5000
    (line,) = html_lines(html, include_title=False)
    assert line.text == "deep"
    assert line.dom is not None and len(line.dom.path) == 48


def test_non_utf8_page_through_page_lines() -> None:
    data = '<meta charset="koi8-r"><p>Привет, мир</p>'.encode("koi8-r")
    assert [line.text for line in page_lines(html_page(data))] == ["Привет, мир"]


def test_text_lines_drop_blank_lines_and_keep_the_rest_as_given() -> None:
    assert [line.text for line in text_lines("a\n\n  \n b \r\nc")] == ["a", " b ", "c"]
    assert [line.text for line in page_lines(text_page("x\ny"))] == ["x", "y"]
