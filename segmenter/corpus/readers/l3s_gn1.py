"""L3S-GN1 (Kohlschütter et al. 2010): Google News pages with every text block annotated.

`annotated/<id>.html` wraps text in `<span class="x-nc-selN">`: 1 headline, 2 full text,
3 supplemental, 4 related content, 5 user comments; sel0 and unwrapped text are boilerplate.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from segmenter.corpus.readers._files import read_html
from segmenter.corpus.records import GroundTruth, SourcePage

NAME = "l3s-gn1"
LICENCE = "research use only"
SHIPPABLE = False
_BODY_CLASSES = ("x-nc-sel1", "x-nc-sel2", "x-nc-sel3")


def _span_text(tree: object, classes: tuple[str, ...]) -> str:
    selector = ", ".join("span." + name for name in classes)
    return "\n".join(span.text(deep=True) for span in tree.css(selector))  # type: ignore[attr-defined]


def read(root: Path) -> Iterator[SourcePage]:
    from selectolax.lexbor import LexborHTMLParser

    for folder in sorted((root / NAME).glob("L3S-GN1-*")):
        urls = dict(_url_mapping(folder / "url-mapping.txt"))
        for path in sorted((folder / "annotated").glob("*.html")):
            html = read_html(path)
            tree = LexborHTMLParser(html)
            truth = GroundTruth(
                main_text=_span_text(tree, _BODY_CLASSES),
                related_text=_span_text(tree, ("x-nc-sel4",)) or None,
                comments_text=_span_text(tree, ("x-nc-sel5",)) or None,
                title=_span_text(tree, ("x-nc-sel1",)),
            )
            yield SourcePage(NAME, path.stem, urls.get(path.stem, ""), truth, html=html)


def _url_mapping(path: Path) -> Iterator[tuple[str, str]]:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        key, _, url = line.partition("\t")
        yield key.strip("<>").removeprefix("urn:uuid:"), url.strip()
