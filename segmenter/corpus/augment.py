"""Mixed-language pages: one page's body inside another page's chrome, in another language.

An English article on a Bengali site shows Bengali menus and related headlines around English
paragraphs; collections hold few such pages, so they are built: the lines above the first body
line and below the last one come from a page in one language, the body from a page in another.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from segmenter.corpus.records import LabelledLine, LabelledPage
from segmenter.labels import Label
from segmenter.langid import UNKNOWN

# A donor must bring enough of its part to make the page worth learning from.
MIN_BODY_LINES = 3
MIN_CHROME_LINES = 3


def _body_span(page: LabelledPage) -> tuple[int, int] | None:
    body = [i for i, line in enumerate(page.lines) if line.label is Label.BODY]
    return (body[0], body[-1]) if body else None


def _usable_body(page: LabelledPage) -> bool:
    return page.lang != UNKNOWN and sum(line.label is Label.BODY for line in page.lines) >= MIN_BODY_LINES


def _usable_chrome(page: LabelledPage) -> bool:
    span = _body_span(page)
    if span is None or page.lang == UNKNOWN:
        return False
    outside = page.lines[: span[0]] + page.lines[span[1] + 1 :]
    return sum(line.label not in (None, Label.BODY) for line in outside) >= MIN_CHROME_LINES


def mix(body_page: LabelledPage, chrome_page: LabelledPage) -> LabelledPage:
    """`body_page`'s body lines inside `chrome_page`'s lines above and below its body."""
    body_span, chrome_span = _body_span(body_page), _body_span(chrome_page)
    assert body_span is not None and chrome_span is not None
    lines: tuple[LabelledLine, ...] = (
        chrome_page.lines[: chrome_span[0]]
        + body_page.lines[body_span[0] : body_span[1] + 1]
        + chrome_page.lines[chrome_span[1] + 1 :]
    )
    return LabelledPage(
        id=f"mixed/{body_page.id}+{chrome_page.id}", lang=body_page.lang, source="mixed",
        lines=lines, url=chrome_page.url, split=body_page.split, page_type=body_page.page_type,
        input_kind=body_page.input_kind, mixed_from=(body_page.id, chrome_page.id),
    )


def mixed_pages(pages: Sequence[LabelledPage], count: int, seed: int = 0) -> list[LabelledPage]:
    """`count` mixed pages from `pages` (all of one split), each pairing two languages."""
    rng = random.Random(seed)
    bodies = [p for p in pages if p.input_kind == "html" and _usable_body(p)]
    chromes = [p for p in pages if p.input_kind == "html" and _usable_chrome(p)]
    by_language: dict[str, list[LabelledPage]] = {}
    for page in chromes:
        by_language.setdefault(page.lang, []).append(page)
    if not bodies or len(by_language) < 2:
        return []
    mixed = []
    languages = sorted(by_language)
    while len(mixed) < count:
        body = rng.choice(bodies)
        others = [lang for lang in languages if lang != body.lang]
        chrome = rng.choice(by_language[rng.choice(others)])
        mixed.append(mix(body, chrome))
    return mixed
