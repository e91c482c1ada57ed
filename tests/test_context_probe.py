"""benchmarks/context_probe.py: settings fitted on one set of cached rows, on the tiny corpus."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from context_probe import SETS, _setting, probe
from tiny_corpus import tiny_options

from segmenter.text_model import TextModel


def test_settings_share_the_cached_fold_models_and_rows(tmp_path: Path, tiny_model: Path) -> None:
    options = tiny_options(tmp_path)
    shutil.copy(options.corpus / "test.jsonl", options.corpus / "dev.jsonl")
    work = tmp_path / "work"
    text_model = TextModel.load(tiny_model / "text.ftz")
    first = probe(options, work, {"base": {}}, text_model)
    cached = {path.name: path.stat().st_mtime_ns for path in work.iterdir() if path.suffix in (".ftz", ".npz")}
    assert sorted(cached)[:2] == ["fold0.ftz", "fold1.ftz"] and len(cached) == 3  # two folds, one set of rows
    again = probe(options, work, {"base": {}, "shallow": {"max_leaf_nodes": 3}}, text_model)
    assert {path.name: path.stat().st_mtime_ns for path in work.iterdir() if path.name in cached} == cached
    assert again["base"] == {**first["base"], "fit_seconds": again["base"]["fit_seconds"]}  # same rows, same fit
    assert again["shallow"]["params"] == {"max_leaf_nodes": 3}
    for label, _, _ in SETS:
        assert 0.0 <= again["shallow"][label]["macro_f1"] <= 1.0
    assert set(json.loads((work / "results.json").read_text())) == {"base", "shallow"}


def test_a_setting_is_a_name_and_a_json_object() -> None:
    assert _setting('fewer={"max_iter": 100}') == ("fewer", {"max_iter": 100})
    assert _setting("base=") == ("base", {})
    for bad in ('={"max_iter": 1}', "x=[1]", "x={max_iter: 1}"):
        with pytest.raises(SystemExit, match="--setting"):
            _setting(bad)
