"""Run one peer main-text extractor over HTML pages, for the benchmark that compares segmenter with its peers.

It runs in the peers' own virtual environment (benchmarks/peers-requirements.txt), so it imports
only the standard library and the peers, never segmenter. One tool per process, so each is timed in a
clean process:

    PEERS_VENV/bin/python benchmarks/peers.py --tool trafilatura --pages pages.jsonl --out out.jsonl
    PEERS_VENV/bin/python benchmarks/peers.py --list      # tool names and installed versions, as JSON

Input: JSONL, {"id", "url", "lang" (ISO 639-1 code, or "" if unknown), "html"} per page.
Output: JSONL, one row per input page in input order, {"id", "text", "seconds", "error"}: the main text
as plain text (paragraphs on their own lines), the wall seconds of the extraction call alone, and ""
or the one-line reason the tool raised (the text is then ""). A failing page never stops the run.
Each tool is warmed up on a tiny page first, and again the first time a language is seen, so imports
and per-language set-up (stoplists, goose3 instances) are not timed. Tools are set to leave comments
out and to keep the main content only; where a tool takes a language, the page's is passed.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

Extractor = Callable[[str, str, str], str]

# Distribution name of each tool, for --list.
DISTRIBUTIONS = {"trafilatura": "trafilatura", "readability": "readability-lxml", "resiliparse": "Resiliparse",
                 "justext": "jusText", "boilerpy3": "boilerpy3", "goose3": "goose3"}

WARM_UP_HTML = ("<html><head><title>Warm-up</title></head><body><nav><a href='/'>Home</a></nav><article>"
                "<h1>Warm-up page</h1><p>This short paragraph is here so that every extractor loads its "
                "modules and builds its tables before the first page is timed, which it then is not.</p>"
                "</article><footer>Footer</footer></body></html>")

# Elements that start a new line in readability's HTML output; cells are joined with a space instead.
BLOCK_TAGS = frozenset({"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl",
                        "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot",
                        "thead", "tr", "ul"})
CELL_TAGS = frozenset({"td", "th"})

# jusText names its stoplists by English language name; only those with an ISO 639-1 code are here.
JUSTEXT_STOPLISTS = {
    "af": "Afrikaans", "an": "Aragonese", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian",
    "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech",
    "cv": "Chuvash", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "fy": "West_Frisian", "ga": "Irish", "gl": "Galician", "gu": "Gujarati", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "ht": "Haitian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "ig": "Igbo", "io": "Ido", "is": "Icelandic", "it": "Italian", "jv": "Javanese", "ka": "Georgian",
    "kk": "Kazakh", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lb": "Luxembourgish", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam",
    "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "nb": "Norwegian_Bokmal", "ne": "Nepali", "nl": "Dutch",
    "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal", "oc": "Occitan", "pl": "Polish", "pt": "Portuguese",
    "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "sh": "Serbo_Croatian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "su": "Sundanese", "sv": "Swedish", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "vo": "Volapuk", "wa": "Walloon",
}


def trafilatura_text(html: str, url: str, lang: str) -> str:
    import trafilatura

    # No target_language: trafilatura would drop pages it detects as another language, not extract them.
    text = trafilatura.extract(html, url=url or None, include_comments=False, include_tables=True,
                               output_format="txt")
    return text or ""


def readability_text(html: str, url: str, lang: str) -> str:
    from readability import Document

    # No url: readability uses it only to make links absolute, which changes no text.
    return html_to_text(Document(html).summary(html_partial=True))


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, a line per block element; "" for empty or unparsable input.

    lxml's text_content() would run the paragraphs of the article together.
    """
    import lxml.etree
    import lxml.html

    if not html or not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    parts: list[str] = []
    # iterwalk rather than recursion: deeply nested pages would exceed Python's recursion limit.
    for event, element in lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            parts.append("\n" if tag in BLOCK_TAGS else " " if tag in CELL_TAGS else "")
            parts.append(element.text or "")
        else:  # an element's end, or a comment or PI, whose own text is not page text but whose tail is
            parts.append("\n" if tag in BLOCK_TAGS else "")
            parts.append(element.tail or "")
    return tidy_lines("".join(parts))


def tidy_lines(text: str) -> str:
    """Collapse white space within lines and drop empty lines."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def resiliparse_text(html: str, url: str, lang: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    # preserve_formatting puts block elements on lines of their own; list_bullets off, since its
    # bullets are not page text.
    return extract_plain_text(HTMLTree.parse(html), preserve_formatting=True, main_content=True, comments=False,
                              list_bullets=False)


def justext_text(html: str, url: str, lang: str) -> str:
    import justext

    stoplist = justext_stoplist(lang)
    # An empty stoplist is jusText's language-independent mode; its command line then sets both
    # stopword thresholds to 0 so that no paragraph is rejected for lacking stopwords.
    thresholds = {} if stoplist else {"stopwords_low": 0, "stopwords_high": 0}
    paragraphs = justext.justext(html, stoplist, **thresholds)
    return "\n".join(paragraph.text for paragraph in paragraphs if not paragraph.is_boilerplate)


@functools.lru_cache(maxsize=None)
def justext_stoplist(lang: str) -> frozenset[str]:
    """The page language's jusText stoplist, or the empty one (language-independent mode) if it has none."""
    import justext

    name = JUSTEXT_STOPLISTS.get(lang)
    return justext.get_stoplist(name) if name in justext.get_stoplists() else frozenset()


def boilerpy3_text(html: str, url: str, lang: str) -> str:
    recorder = boilerpy3_recorder()
    recorder.records.clear()
    text = boilerpy3_extractor().get_content(html)
    if recorder.records:
        # Without raise_on_failure a page it cannot parse at all comes back empty, the exception only
        # logged: raise it again so the page counts as failed, not as a page without main text.
        record = recorder.records[-1]
        raise record.exc_info[1] if record.exc_info else RuntimeError(record.getMessage())
    return text


@functools.lru_cache(maxsize=None)
def boilerpy3_extractor() -> Any:
    from boilerpy3.extractors import ArticleExtractor

    # raise_on_failure=False lets it skip stray end tags instead of failing the whole page.
    return ArticleExtractor(raise_on_failure=False)


class Recorder(logging.Handler):
    """Keeps the error records a logger emits."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@functools.lru_cache(maxsize=None)
def boilerpy3_recorder() -> Recorder:
    recorder = Recorder()
    logging.getLogger("boilerpy3").addHandler(recorder)
    return recorder


def goose3_text(html: str, url: str, lang: str) -> str:
    # A url with empty raw_html would make goose3 fetch the page: give it the url only beside some HTML.
    article = goose3_for(lang).extract(url=url if html else None, raw_html=html)
    return article.cleaned_text or ""


@functools.lru_cache(maxsize=None)
def goose3_for(lang: str) -> Any:
    """One goose3 instance per language: the language and its stopword class are fixed in its configuration."""
    from goose3 import Goose
    from goose3.text import StopWords, StopWordsArabic, StopWordsChinese, StopWordsJapanese, StopWordsKorean

    config: dict[str, Any] = {"enable_image_fetching": False}
    if lang:
        # These languages are not written with spaces between words: goose3 has a segmenting class for each.
        segmenting = {"ar": StopWordsArabic, "ja": StopWordsJapanese, "ko": StopWordsKorean, "zh": StopWordsChinese}
        config.update(use_meta_language=False, target_language=lang,
                      stopwords_class=segmenting.get(lang, StopWords))
    # Unknown language: goose3's default, the page's own lang attribute or meta tag, else English.
    return Goose(config)


TOOLS: dict[str, Extractor] = {
    "trafilatura": trafilatura_text,
    "readability": readability_text,
    "resiliparse": resiliparse_text,
    "justext": justext_text,
    "boilerpy3": boilerpy3_text,
    "goose3": goose3_text,
}


def base_language(lang: str) -> str:
    """'zh-CN' or 'pt_BR' -> 'zh', 'pt'; '' stays ''."""
    return lang.strip().lower().replace("_", "-").split("-")[0]


def one_line(error: Exception) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())[:500]


def extract_page(extractor: Extractor, page: dict[str, Any]) -> dict[str, Any]:
    """The output row of one page: text, the seconds of the extraction call alone, and any error."""
    html, url, lang = page.get("html") or "", page.get("url") or "", base_language(page.get("lang") or "")
    text, error = "", ""
    start = time.perf_counter()
    try:
        text = extractor(html, url, lang)
    except Exception as exc:  # a page the tool fails on is recorded, never stops the run
        error = one_line(exc)
    seconds = time.perf_counter() - start
    # Outside the timing: one layout for all tools (some leave blank lines or runs of spaces).
    return {"id": page.get("id", ""), "text": tidy_lines(text or ""), "seconds": seconds, "error": error}


def warm_up(extractor: Extractor, lang: str) -> None:
    """Run the tool once on a tiny page, untimed, so imports and per-language set-up are not counted."""
    try:
        extractor(WARM_UP_HTML, "https://example.com/warm-up", lang)
    except Exception:  # a tool that fails here fails on the pages too, where it is recorded
        pass


def read_pages(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def run(tool: str, pages: Path, out: Path) -> None:
    extractor = TOOLS[tool]
    warmed: set[str] = set()
    count = errors = empty = 0
    total = 0.0
    with out.open("w", encoding="utf-8") as handle:
        for page in read_pages(pages):
            lang = base_language(page.get("lang") or "")
            if lang not in warmed:
                warm_up(extractor, lang)
                warmed.add(lang)
            row = extract_page(extractor, page)
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
            errors += bool(row["error"])
            empty += not row["text"]
            total += row["seconds"]
    print(f"peers.py {tool}: {count} pages, {errors} errors, {empty} without text, {total:.3f} s extracting",
          file=sys.stderr)


def versions(distributions: dict[str, str] = DISTRIBUTIONS) -> dict[str, str | None]:
    """The installed version of each tool's distribution (None when it is not installed)."""
    found: dict[str, str | None] = {}
    for tool, distribution in distributions.items():
        try:
            found[tool] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            found[tool] = None
    return found


def quiet() -> None:
    """Keep the tools' log records and warnings off stderr, which carries only the closing summary."""
    logging.getLogger().addHandler(logging.NullHandler())  # stops logging's last-resort stderr handler
    logging.disable(logging.INFO)  # jieba (goose3's Chinese) logs its dictionary loading on a handler of its own
    warnings.simplefilter("ignore")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", choices=sorted(TOOLS), help="the one peer to run")
    parser.add_argument("--pages", type=Path, help='JSONL of {"id", "url", "lang", "html"}')
    parser.add_argument("--out", type=Path, help='JSONL written: {"id", "text", "seconds", "error"} per page')
    parser.add_argument("--list", action="store_true", help="print the tools and their installed versions as JSON")
    args = parser.parse_args()
    if args.list:
        print(json.dumps(versions()))
        return
    if not (args.tool and args.pages and args.out):
        parser.error("--tool, --pages and --out are required (or --list)")
    quiet()
    run(args.tool, args.pages, args.out)


if __name__ == "__main__":
    main()
