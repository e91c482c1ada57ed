import pytest

from segmenter.extraction import Extraction, extract, kept_text
from segmenter.labels import Label
from segmenter.lines import Line, html_lines
from segmenter.segmenter import LabelledLine

B, N, C = Label.BODY, Label.NAVIGATION, Label.COMMENTS
HTML = ("<title>Site | Story</title><nav><ul><li>Home</li><li>World</li></ul></nav>"
        "<h1>Story</h1><p>First paragraph.</p><ul><li>one</li><li>two</li></ul><p>Last paragraph.</p>"
        "<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>"
        "<div class='comments'><p>Nice.</p><p>Agreed.</p></div>")


def labelled(lines: list[Line], labels: list[Label]) -> list[LabelledLine]:
    return [LabelledLine(line.text, label, 0.9) for line, label in zip(lines, labels, strict=True)]


def test_html_blocks_are_paragraphs_and_lists_and_tables_stay_together() -> None:
    lines = html_lines(HTML)
    assert [line.text for line in lines] == ["Site | Story", "Home", "World", "Story", "First paragraph.", "one",
                                             "two", "Last paragraph.", "a 1", "b 2", "Nice.", "Agreed."]
    labels = [B, N, N, B, B, B, B, B, B, B, C, C]
    assert extract(lines, labelled(lines, labels)) == Extraction(
        title="Site | Story",
        body="Story\n\nFirst paragraph.\n\none\ntwo\n\nLast paragraph.\n\na 1\nb 2",
        comments="Nice.\n\nAgreed.")


def test_a_list_broken_by_another_label_starts_a_new_paragraph() -> None:
    lines = html_lines("<ul><li>one</li><li>ad</li><li>two</li></ul>")
    assert kept_text(lines, labelled(lines, [B, N, B]), {B}) == "one\n\ntwo"


def test_text_input_keeps_one_line_per_line_and_names_its_first_line_the_title() -> None:
    # A WET record's first line is the title; other dumps may start with text, so it stays in the body.
    lines = [Line("Title of the page"), Line("Home"), Line("A paragraph."), Line("Another.")]
    assert extract(lines, labelled(lines, [B, N, B, B])) == Extraction(
        "Title of the page", "Title of the page\nA paragraph.\nAnother.", "")


def test_text_inputs_title_is_left_out_when_the_headline_it_opens_with_is_kept() -> None:
    lines = [Line("Floods displace thousands in Sylhet | Daily Mark"), Line("Home"),
             Line("Floods displace thousands in Sylhet"), Line("A paragraph.")]
    assert extract(lines, labelled(lines, [B, N, B, B])).body == "Floods displace thousands in Sylhet\nA paragraph."
    assert extract(lines, labelled(lines, [B, N, N, B])).body == (  # the headline not kept: the title says it
        "Floods displace thousands in Sylhet | Daily Mark\nA paragraph.")


def test_labels_must_match_lines() -> None:
    with pytest.raises(ValueError, match="2 labels for 1 lines"):
        extract([Line("x")], [LabelledLine("x", B, 1.0), LabelledLine("y", B, 1.0)])
