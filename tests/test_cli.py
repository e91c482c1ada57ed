"""The command-line contract of issue 3, end to end, with a tiny model trained in seconds."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_corpus import LABELS, PAGE, write_corpus

from segmenter.cli import main
from segmenter.headlines import with_headline_body
from segmenter.labels import Label
from segmenter.lines import html_lines
from segmenter.segmenter import EMPTY_PAGE_BODY_WEIGHT, Segmenter
from segmenter.transitions import TRANSITION_WEIGHT

HTML = PAGE.format(title="A new story about the harbour", p1="The harbour reopened on Monday.",
                   p2="Fishermen said the repairs took too long.", who="Ann", other="Yet another story from the site")
TEXT_LINES = [line.text for line in html_lines(HTML)]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_label_text_file_gives_one_tsv_row_per_non_blank_line(tiny_model: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text("\n".join(TEXT_LINES[:4] + ["", "   "] + TEXT_LINES[4:]) + "\r\n", encoding="utf-8")
    code, out, _ = run(["label", str(page), "--model", str(tiny_model)], capsys)
    rows = [row.split("\t", 1) for row in out.splitlines()]
    assert code == 0
    assert [text for _, text in rows] == TEXT_LINES
    assert {label for label, _ in rows} <= {"body", "navigation", "comments", "related", "other"}
    assert rows[4][0] == "body"


def test_label_html_from_standard_input(tiny_model: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HTML.encode("utf-8"))))
    code, out, _ = run(["label", "-", "--model", str(tiny_model)], capsys)
    assert code == 0
    assert [row.split("\t")[0] for row in out.splitlines()] == [label.value for label in LABELS]


def test_label_jsonl_pages_in_order_with_failures_recorded(tiny_model: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    pages = tmp_path / "pages.jsonl"
    pages.write_text("\n".join([json.dumps({"id": "a", "text": "\n".join(TEXT_LINES)}), "not json",
                                json.dumps({"id": "b", "html": HTML}), json.dumps({"id": "c"})]) + "\n")
    code, out, err = run(["label", str(pages), "--output-format", "jsonl", "--model", str(tiny_model)], capsys)
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # some pages failed; every page is still accounted for
    assert [r["id"] for r in results] == ["a", f"{pages}:2", "b", "c"]
    assert [r["text"] for r in results[0]["lines"]] == TEXT_LINES
    assert [r["label"] for r in results[2]["lines"]] == [label.value for label in LABELS]
    assert results[0]["lang"] == "en" and set(results[0]) == {"id", "url", "status", "lang", "lines"}
    assert [r["status"] for r in results] == ["ok", "parse_error", "ok", "parse_error"]
    assert all(0 <= line["score"] <= 1 for line in results[0]["lines"])
    assert "not JSON" in results[1]["error"] and '"text"' in results[3]["error"]
    assert "segmenter: c:" in err


def test_extract_keeps_only_the_chosen_labels(tiny_model: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    code, out, _ = run(["extract", str(page), str(page), "--keep", "body,comments", "--model", str(tiny_model)],
                       capsys)
    # The <title> is the page's title, not its text; each paragraph of HTML is a paragraph of the output.
    kept = [text for text, label in zip(TEXT_LINES[1:], LABELS[1:]) if label.value in ("body", "comments")]
    assert code == 0
    assert out == "\n\n".join(kept) + "\n\n" + "\n\n".join(kept) + "\n"


def test_extract_jsonl_gives_title_language_body_comments_and_lines(tiny_model: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    code, out, _ = run(["extract", str(page), "--output-format", "jsonl", "--model", str(tiny_model)], capsys)
    result = json.loads(out)
    assert code == 0
    assert result["title"] == "A new story about the harbour" and result["lang"] == "en"
    assert result["body"] == "A new story about the harbour\n\nThe harbour reopened on Monday.\n\n" \
                             "Fishermen said the repairs took too long."
    assert result["comments"] == "Please enter your comment!\n\nGreat piece, Ann."
    assert [line["label"] for line in result["lines"]] == [label.value for label in LABELS]


def test_missing_file_and_unknown_label_are_one_line_errors(tiny_model: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["label", str(tmp_path / "absent.txt"), "--model", str(tiny_model)], capsys)
    assert code == 1 and "absent.txt" in err and len(err.splitlines()) == 1
    code, _, err = run(["extract", "--keep", "bodies", "--model", str(tiny_model)], capsys)
    assert code == 2 and "unknown label 'bodies'" in err
    code, _, err = run(["label", "--model", str(tmp_path)], capsys)
    assert code == 2 and "segmenter train" in err


def test_a_body_weight_moves_lines_into_and_out_of_body(tiny_model: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")

    def labels(*flags: str) -> list[str]:
        code, out, _ = run(["label", str(page), "--model", str(tiny_model), *flags], capsys)
        assert code == 0
        return [row.split("\t")[0] for row in out.splitlines()]

    as_trained = labels()
    assert "body" in as_trained and labels("--body-weight", "1") == as_trained
    # no line is sure enough of body to stay body at a billionth of its probability (and the lines
    # that were not body keep their labels), nor sure enough of another label to keep from body at
    # a billion times it; the page's headline and its title are body after the model, whatever the weight
    fewer = labels("--body-weight", "1e-9")
    lines = html_lines(HTML)
    ruled = {i for i, label in enumerate(with_headline_body(lines, [Label.NAVIGATION] * len(lines)))
             if label is Label.BODY}
    assert ruled and {i for i, label in enumerate(fewer) if label == "body"} == ruled
    assert [label for i, (label, before) in enumerate(zip(fewer, as_trained)) if before != "body" and i not in ruled] \
        == [before for i, before in enumerate(as_trained) if before != "body" and i not in ruled]
    assert set(labels("--body-weight", "1e9")) == {"body"}
    for weight, why in (("0", "positive number"), ("-1", "positive number"), ("nan", "positive number"),
                        ("many", "could not convert")):
        with pytest.raises(SystemExit) as refused:
            main(["extract", str(page), "--body-weight", weight, "--model", str(tiny_model)])
        assert refused.value.code == 2 and why in capsys.readouterr().err


def test_an_empty_page_body_weight_reaches_the_model_and_must_be_positive(tiny_model: Path, tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    for flags, weight in (((), EMPTY_PAGE_BODY_WEIGHT), (("--empty-page-body-weight", "1"), 1.0)):
        # at a billionth of P(body) the page has no body but its title and headline (the rules'): it is
        # labelled again with the weight, here 1e-9 * 10 or 1e-9, neither enough to make more lines body
        code, out, _ = run(["label", str(page), "--model", str(tiny_model), "--body-weight", "1e-9", *flags], capsys)
        expected = Segmenter.load(tiny_model, 1e-9, empty_page_body_weight=weight).label_html(HTML)
        assert code == 0 and [row.split("\t")[0] for row in out.splitlines()] == [line.label.value for line in expected]
    code, out, _ = run(["label", str(page), "--model", str(tiny_model), "--body-weight", "1e-9",
                        "--empty-page-body-weight", "1e18"], capsys)
    assert code == 0 and {row.split("\t")[0] for row in out.splitlines()} == {"body"}
    for weight, why in (("0", "positive number"), ("inf", "positive number"), ("many", "could not convert")):
        with pytest.raises(SystemExit) as refused:
            main(["extract", str(page), "--empty-page-body-weight", weight, "--model", str(tiny_model)])
        assert refused.value.code == 2 and why in capsys.readouterr().err


def test_a_transition_weight_reaches_the_model_and_must_not_be_negative(tiny_model: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    for flags, weight in (((), TRANSITION_WEIGHT), (("--transition-weight", "0"), 0.0),
                          (("--transition-weight", "5"), 5.0)):
        code, out, _ = run(["label", str(page), "--model", str(tiny_model), *flags], capsys)
        expected = Segmenter.load(tiny_model, transition_weight=weight).label_html(HTML)
        assert code == 0 and [row.split("\t")[0] for row in out.splitlines()] == [line.label.value for line in expected]
    for weight, why in (("-1", "0 (each line's most probable label) or more"), ("nan", "or more"),
                        ("many", "could not convert")):
        with pytest.raises(SystemExit) as refused:
            main(["extract", str(page), "--transition-weight", weight, "--model", str(tiny_model)])
        assert refused.value.code == 2 and why in capsys.readouterr().err


def test_evaluate_prints_a_table_and_writes_json(tiny_model: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    code, out, err = run(["evaluate", "--model", str(tiny_model), "--corpus", str(corpus),
                          "--json", str(tmp_path / "scores.json")], capsys)
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert code == 0
    assert "| html | **macro-F1** |" in out and "Confusion (text input" in out
    assert scores["overall"]["html"]["lines"] == 5 * len(LABELS)
    assert scores["overall"]["html"]["body_f1"] == 1.0 and scores["body_weight"] == 1.0
    assert scores["transition_weight"] == TRANSITION_WEIGHT
    assert scores["empty_page_body_weight"] == EMPTY_PAGE_BODY_WEIGHT
    assert "html: body F1 1.000" in err and "body weight" not in err and "transition weight" not in err
    code, _, err = run(["evaluate", "--model", str(tiny_model), "--corpus", str(corpus), "--body-weight", "1e-9",
                        "--json", str(tmp_path / "weighted.json")], capsys)
    weighted = json.loads((tmp_path / "weighted.json").read_text())
    # only the headlines, body after the model whatever the weight (segmenter.headlines), stay body
    assert code == 0 and weighted["body_weight"] == 1e-9 and weighted["overall"]["html"]["body_f1"] < 1.0
    assert weighted["overall"]["html"]["confusion"]["matrix"][0][0] == 2 * 5  # 5 test pages' titles and headlines
    assert "body weight 1e-09)" in err
    _, _, err = run(["evaluate", "--model", str(tiny_model), "--corpus", str(corpus), "--transition-weight", "0"],
                    capsys)
    assert "transition weight 0)" in err
    body_lines = weighted["overall"]["html"]["labels"]["body"]["support"]
    assert sum(page["body_missed"] for page in weighted["pages"]["html"]) == body_lines - 2 * 5


def test_train_flags_map_to_train_options(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import segmenter.train

    seen = []
    monkeypatch.setattr(segmenter.train, "train", lambda options, progress: seen.append(options))
    code, _, err = run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path / "m"), "--folds", "2",
                        "--all-collections", "--glue-lists", "--max-context-lines", "1000", "--seed", "3",
                        "--comments-stage", "all", "--quiet"], capsys)
    assert code == 0 and "wrote the model" in err
    options = seen[0]
    assert (options.corpus, options.out, options.folds, options.shippable_only, options.glue_lists,
            options.max_context_lines, options.seed) == (tmp_path, tmp_path / "m", 2, False, True, 1000, 3)
    assert options.context.comments_stage and options.html_context is None
    run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path), "--comments-stage", "html",
         "--text-input-from", str(tmp_path / "base")], capsys)
    assert not seen[1].context.comments_stage and seen[1].html_context.comments_stage
    assert seen[1].text_input_from == tmp_path / "base" and options.text_input_from is None
    assert seen[1].regions and seen[1].with_regions and not options.with_regions  # no HTML-input model there
    run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path), "--no-regions"], capsys)
    assert not seen[2].regions and not seen[2].with_regions
    assert seen[1].markup_signs and seen[2].markup_signs  # on by default
    run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path), "--no-markup-signs"], capsys)
    assert not seen.pop().markup_signs
    assert seen[1].menu_copies == 0.3
    run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path), "--menu-copies", "0"], capsys)
    assert seen.pop().menu_copies == 0.0
    assert seen[1].draws == 3
    run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path), "--draws", "1"], capsys)
    assert seen.pop().draws == 1
    assert seen[1].text_draws == 1
    run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path), "--text-draws", "3"], capsys)
    assert seen.pop().text_draws == 3
    assert seen[1].combine_draws == "average"
    run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path), "--combine-draws", "stack"], capsys)
    assert seen.pop().combine_draws == "stack"
    seen.pop()
    run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path), "--comments-stage", "none"], capsys)
    assert not seen[2].context.comments_stage and seen[2].html_context is None
    defaults = segmenter.train.TrainOptions(tmp_path, tmp_path)
    assert segmenter.train.comments_stage(defaults) == segmenter.train.DEFAULT_COMMENTS_STAGE == "html"


def test_train_reports_the_dev_check_unless_told_not_to(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import segmenter.train

    checked = []
    monkeypatch.setattr(segmenter.train, "train", lambda options, progress: "model")
    monkeypatch.setattr(segmenter.train, "dev_check",
                        lambda model, corpus: checked.append((model, corpus)) or ["this model: text: body F1 0.5"])
    code, _, err = run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path / "m"), "--quiet"], capsys)
    assert code == 0 and checked == [("model", tmp_path)]
    assert err.splitlines()[-1] == "segmenter train: this model: text: body F1 0.5"
    run(["train", "--corpus", str(tmp_path), "--out", str(tmp_path / "m"), "--no-dev-check"], capsys)
    assert len(checked) == 1


def test_console_script_labels_standard_input(tiny_model: Path) -> None:
    script = Path(sys.executable).with_name("segmenter")
    label = subprocess.run([str(script), "label", "--model", str(tiny_model)], input=HTML,
                           capture_output=True, text=True, timeout=120)
    assert label.returncode == 0, label.stderr
    assert [row.split("\t")[0] for row in label.stdout.splitlines()] == [label.value for label in LABELS]


def test_labelling_never_imports_scikit_learn(tmp_path: Path) -> None:
    """It trains the context model; labelling reads the trees without it (docs/MODEL.md, Speed)."""
    (tmp_path / "page.txt").write_text("Home\nThe council met on Monday and agreed the plan.\n")
    script = ("import sys; from segmenter.cli import main; code = main(['label', sys.argv[1]]); "
              "sys.exit(10 + code if any(name.split('.')[0] == 'sklearn' for name in sys.modules) else code)")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "page.txt")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2
