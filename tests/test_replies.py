"""segmenter.replies: body lines of a thread's replies, after its opening post, are comments."""

from __future__ import annotations

from segmenter.labels import Label
from segmenter.lines import Line, html_lines
from segmenter.replies import reply_lines, with_replies_comments

B, C, N = Label.BODY, Label.COMMENTS, Label.NAVIGATION


def page(body: str) -> list[Line]:
    return html_lines(f"<html><body>{body}</body></html>", include_title=False)


def post(number: int, text: str, css: str = "post") -> str:
    return (f'<div class="{css} post-{number}" id="p{number}"><div class="author">Ann</div>'
            f'<div class="content"><p>{text}</p></div><a class="reply">Reply</a></div>')


THREAD = "".join(post(n, f"Post number {n} says something long enough to read as body.") for n in range(1, 5))


def test_after_the_opening_post_the_posts_body_lines_are_comments() -> None:
    lines = page(f'<div class="thread">{THREAD}</div>')
    assert [line.text for line in lines][:3] == ["Ann", "Post number 1 says something long enough to read as body.",
                                                 "Reply"]
    labels = [N, B, C] * 4
    assert reply_lines(lines, labels) == [4, 7, 10]
    assert with_replies_comments(lines, labels) == [N, B, C] + [N, C, C] * 3  # only body lines change


def test_a_post_without_machinery_keeps_its_body() -> None:
    """The model calls a reply's reply link or post time comments; a block without one is no reply."""
    lines = page(f'<div class="thread">{THREAD}</div>')
    assert reply_lines(lines, [N, B, C, N, B, C, N, B, N, N, B, C]) == [4, 10]


def test_layout_blocks_side_by_side_are_no_thread() -> None:
    """Columns or sections of one kind, one of them holding the article and its comment section:
    fewer than three blocks with comments lines, or fewer than half of them, make no thread."""
    columns = page('<div class="col"><p>Menu</p></div><div class="col"><p>The article.</p><p>Great piece!</p></div>'
                   '<div class="col"><p>Leave a comment</p></div>')
    assert reply_lines(columns, [N, B, C, C]) == []
    sections = "".join(f'<section class="block"><p>Section {n}</p></section>' for n in range(6))
    lines = page(f"{sections}{THREAD}")
    labels = [B] * 6 + [N, B, C] * 4
    assert reply_lines(lines, labels) == [10, 13, 16]  # the thread still counts; the sections are no posts


def test_posts_are_told_apart_from_their_ids_and_kinds() -> None:
    """Numbered classes and ids are a post's own; posts of another kind are another group."""
    mixed = post(1, "The question.", css="question") + "".join(post(n, f"Answer {n}.", css="answer") for n in range(2, 6))
    lines = page(f'<div class="thread">{mixed}</div>')
    labels = [N, B, C] * 5
    # The first answer opens its group and keeps its body: a known limit (docs/MODEL.md, "Forum replies").
    assert reply_lines(lines, labels) == [7, 10, 13]


def test_text_lines_and_pages_without_comments_are_left_alone() -> None:
    assert reply_lines([Line("Post one"), Line("Reply"), Line("Post two"), Line("Reply")], [B, C, B, C]) == []
    lines = page(f'<div class="thread">{THREAD}</div>')
    assert reply_lines(lines, [N, B, N] * 4) == []
