"""segmenter.headlines: the headline the title holds, the title when it opens with it, and the
date lines under the headline are body; nothing else changes."""

from __future__ import annotations

from segmenter.headlines import dateline, with_headline_body
from segmenter.labels import Label
from segmenter.lines import Line, html_lines

B, N, C, R, O = Label.BODY, Label.NAVIGATION, Label.COMMENTS, Label.RELATED, Label.OTHER
PARAGRAPH = "Conductores de todo tipo de vehículos están invitados a la bendición anual de mañana."


def text(*texts: str) -> list[Line]:
    return [Line(t) for t in texts]


def test_the_headline_in_the_title_and_its_date_line_are_body() -> None:
    lines = text("Diario HOY | Darán bendición a vehículos este sábado", "Inicio Nacionales Deportes",
                 "6 de mayo de 2022 05:30", "Darán bendición a vehículos este sábado", "6 de mayo de 2022 05:30",
                 PARAGRAPH)
    # the title does not open with the headline: it keeps its label; the date above the headline too
    assert with_headline_body(lines, [N, N, N, N, N, B]) == [N, N, N, B, B, B]


def test_a_title_that_opens_with_the_headline_is_body() -> None:
    lines = text("「金に執着」と指弾された東京女子医大元理事長、警視庁逮捕：東京新聞デジタル",
                 "「金に執着」と指弾された東京女子医大元理事長、警視庁逮捕", "2025年1月13日 20時01分", PARAGRAPH)
    # a year needs no space or punctuation beside it in a script without spaces: 2025年 is a year
    assert with_headline_body(lines, [N, N, N, B]) == [B, B, B, B]


def test_date_lines_are_looked_for_a_few_lines_down_past_a_standfirst() -> None:
    lines = text("Floods displace thousands in Sylhet - Daily Mark", "Floods displace thousands in Sylhet",
                 PARAGRAPH, "Posted 12 May 2024", "a", "b", "c", "Updated 13:45")
    assert with_headline_body(lines, [N, N, B, C, O, O, O, C]) == [B, B, B, B, O, O, O, C]
    lines = text("Floods displace thousands in Sylhet - Daily Mark", "Floods displace thousands in Sylhet",
                 "Share Tweet", "By Rahim Uddin, 12 May 2024", "Email", "Updated 13:45", PARAGRAPH)
    assert with_headline_body(lines, [N, N, N, N, N, N, B]) == [B, B, N, B, N, N, B]


def test_short_lines_and_lines_with_less_than_half_the_title_are_no_headline() -> None:
    title = "Floods displace thousands in Sylhet as rivers burst their banks after a week of rain"
    lines = text(title, "Home", "Floods displace thousands", "Sylhet", PARAGRAPH)
    assert with_headline_body(lines, [N, N, N, N, B]) == [N, N, N, N, B]


def test_only_the_first_headline_counts_and_words_must_follow_one_another() -> None:
    lines = text("Floods displace thousands in Sylhet", "Thousands displace floods in Sylhet",
                 "Floods displace thousands in Sylhet", "Floods displace thousands in Sylhet")
    assert with_headline_body(lines, [N, R, R, R]) == [B, R, B, R]


def test_an_html_page_without_a_title_keeps_its_labels() -> None:
    lines = html_lines("<html><body><p>Floods displace thousands in Sylhet today</p>"
                       "<h1>Floods displace thousands in Sylhet</h1><p>More than 40,000 people left.</p></body></html>",
                       include_title=False)
    assert with_headline_body(lines, [N, N, B]) == [N, N, B]
    titled = html_lines("<html><head><title>Floods displace thousands in Sylhet</title></head><body>"
                        "<h1>Floods displace thousands in Sylhet</h1><p>More than 40,000 people left.</p></body></html>")
    assert with_headline_body(titled, [N, N, B]) == [B, B, B]


def test_a_breadcrumb_that_ends_with_the_headline_is_not_the_headline() -> None:
    lines = html_lines("<html><head><title>Floods displace thousands in Sylhet | Daily Mark</title></head><body>"
                       "<ul class='breadcrumbs'><li><a href='/'>Home</a></li><li>Floods displace thousands in Sylhet</li></ul>"
                       "<p>12 May 2024</p><h1>Floods displace thousands in Sylhet</h1><p>Posted 12 May 2024</p>"
                       f"<p>{PARAGRAPH}</p></body></html>")
    assert [line.text for line in lines][2:5] == ["Floods displace thousands in Sylhet", "12 May 2024",
                                                  "Floods displace thousands in Sylhet"]
    assert with_headline_body(lines, [N, N, N, N, N, N, B]) == [B, N, N, N, B, B, B]


def test_a_heading_inside_a_breadcrumb_is_the_headline() -> None:
    lines = html_lines("<html><head><title>Floods displace thousands in Sylhet | Daily Mark</title></head><body>"
                       "<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><h1>Floods displace thousands in Sylhet"
                       f"</h1></li></ol><p>12 May 2024</p><p>{PARAGRAPH}</p></body></html>")
    assert with_headline_body(lines, [N, N, N, N, B]) == [B, N, B, B, B]


def test_pages_of_one_line_or_none() -> None:
    assert with_headline_body([], []) == []
    assert with_headline_body(text("Floods displace thousands in Sylhet"), [N]) == [N]


def test_a_dateline_is_short_and_holds_a_year_a_date_or_a_time() -> None:
    assert dateline("By Rahim Uddin, 12 May 2024") and dateline("12.05.24") and dateline("Updated 13:45")
    assert not dateline("By Rahim Uddin") and not dateline(" ".join(["word"] * 20) + " 2024")
    assert dateline("2025年1月13日 20時01分") and dateline("Опубликовано 12 мая 2024г.")
    assert not dateline("RTX2080 review") and not dateline("A2019")
