"""segmenter.articles: body lines of the articles that follow the page's own are related."""

from __future__ import annotations

from segmenter.articles import other_articles, with_other_articles_related
from segmenter.labels import Label
from segmenter.lines import Line, html_lines

B, N = Label.BODY, Label.NAVIGATION
TITLE = "<title>Floods displace thousands in Sylhet | Daily Mark</title>"


def page(body: str, title: str = TITLE) -> list[Line]:
    return html_lines(f"<html><head>{title}</head><body>{body}</body></html>")


def story(headline: str, paragraph: str, heading: str = "h1", attributes: str = 'class="story"') -> str:
    return f"<article {attributes}><{heading}>{headline}</{heading}><p>{paragraph}</p></article>"


OWN = story("Floods displace thousands in Sylhet", "More than 40,000 people left their homes.")
NEXT = story("Dengue cases rise in Dhaka hospitals", "Hospitals have run out of beds.")


def test_the_next_story_of_an_endless_page_is_related() -> None:
    lines = page(f'<div class="scroll">{OWN}</div><div class="scroll">{NEXT}</div>')
    assert [line.text for line in lines][3:] == ["Dengue cases rise in Dhaka hospitals", "Hospitals have run out of beds."]
    assert other_articles(lines, [N, B, B, B, B]) == [3, 4]
    assert other_articles(lines, [N, B, B, N, B]) == [4]  # only body lines change
    assert with_other_articles_related(lines, [N, B, B, N, B]) == [N, B, B, N, Label.RELATED]


def test_a_wrapper_around_the_stories_is_not_another_story() -> None:
    lines = page(f'<article class="post"><h1>Sylhet floods live</h1><div>{OWN}</div><div>{NEXT}</div></article>')
    assert other_articles(lines, [N, B, B, B, B, B]) == [4, 5]


def test_a_story_before_the_pages_own_keeps_its_labels() -> None:
    lines = page(f"{NEXT}{OWN}")
    assert other_articles(lines, [N, B, B, B, B]) == []


def test_items_inside_the_pages_own_article_are_its_parts() -> None:
    item = story("Walk the treetop path in Beelitz", "A 320 metre path, 23 metres up.", attributes='class="card"')
    lines = page(f'<article class="story"><h1>Floods displace thousands in Sylhet</h1><p>Intro.</p>{item}</article>')
    assert other_articles(lines, [N, B, B, B, B]) == []


def test_articles_under_lesser_headings_are_sections_of_one_page() -> None:
    steps = story("Instructions for the dough", "Stir the flours and salt together.", heading="h2")
    lines = page(f"{OWN}{steps}")
    assert other_articles(lines, [N, B, B, B, B]) == []


def test_without_a_title_or_a_headline_in_it_nothing_changes() -> None:
    body = f"<div>{OWN}</div><div>{NEXT}</div>"
    assert other_articles(page(body, title=""), [B, B, B, B]) == []
    assert other_articles(page(body, title="<title>Daily Mark News</title>"), [N, B, B, B, B]) == []


def test_a_short_headline_in_the_title_does_not_name_the_pages_article() -> None:
    lines = page(story("Sylhet", "The city.") + NEXT)
    assert other_articles(lines, [N, B, B, B, B]) == []


def test_two_articles_whose_headlines_are_in_the_title_leave_the_page_as_it_is() -> None:
    twin = story("Floods displace thousands in Sylhet", "A second copy.")
    lines = page(f"<div>{OWN}</div><div>{twin}</div>")
    assert other_articles(lines, [N, B, B, B, B]) == []


def test_text_lines_and_pages_without_articles_are_left_alone() -> None:
    assert other_articles([Line("Floods"), Line("More than 40,000 people left.")], [B, B]) == []
    assert other_articles(page("<h1>Floods displace thousands in Sylhet</h1><p>Text.</p>"), [N, B, B]) == []
    assert other_articles([], []) == []
