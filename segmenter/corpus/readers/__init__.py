"""One reader per public collection; each yields `SourcePage`s with their ground truth."""

from __future__ import annotations

from types import ModuleType

from segmenter.corpus.readers import (
    cleaneval,
    dragnet,
    fundus,
    goose3,
    l3s_gn1,
    magic_html,
    mozilla_readability,
    newspaper4k,
    scrapinghub_aeb,
    trafilatura_eval,
    turku,
    wcxb,
    webmainbench,
)

READERS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (
        l3s_gn1, dragnet, trafilatura_eval, turku, fundus, magic_html, mozilla_readability,
        scrapinghub_aeb, cleaneval, wcxb, newspaper4k, goose3, webmainbench,
    )
}
