"""A tiny corpus trains a Segmenter in seconds; it saves, loads and labels both input kinds."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest
from tiny_corpus import LABELS, PAGE, UNSEEN_PAGE, B, N, O, tiny_options, train_tiny

from segmenter.context_model import ContextModel
from segmenter.context_trees import Decisions
from segmenter.lines import Line, html_lines
from segmenter.regions import REGION_COLUMNS
from segmenter.segmenter import (
    HTML_CONTEXT_MODEL_FILE,
    INPUT_COLUMNS,
    TEXT_MODEL_FILE,
    TRANSITIONS_FILE,
    Segmenter,
    write_meta,
)
from segmenter.train import MARKUP_SIGNS, train
from segmenter.transitions import Transitions

T = TypeVar("T")


def test_trained_model_labels_html_and_text(tiny_model: Path) -> None:
    segmenter = Segmenter.load(tiny_model)
    html = PAGE.format(title="A new story about the harbour", p1="The harbour reopened on Monday.",
                       p2="Fishermen said the repairs took too long.", who="Ann",
                       other="Yet another story from the site")
    assert [line.label for line in segmenter.label_html(html.encode())] == LABELS
    text_lines = [line.text for line in html_lines(html)]
    labelled = segmenter.label_lines(text_lines + ["", "  "])
    assert len(labelled) == len(text_lines)
    assert labelled[4].label is B and labelled[1].label is N
    assert all(0.0 <= line.score <= 1.0 for line in labelled)
    assert segmenter.label_lines([]) == []


def test_pages_labelled_together_as_one_by_one(tiny_model: Path) -> None:
    segmenter = Segmenter.load(tiny_model)
    pages = [html_lines(PAGE.format(title=f"T{i}", p1="One.", p2="Two.", who="A", other="B")) for i in range(3)]
    together = segmenter.label_pages([pages[0], [], pages[1], pages[2]])
    assert together == [segmenter.label(pages[0]), [], segmenter.label(pages[1]), segmenter.label(pages[2])]


class Always:
    """A context model that calls every line one label."""

    def __init__(self, label: str) -> None:
        self.classes = np.array([label])
        self.n_features_in = len(INPUT_COLUMNS)
        self.body_weights: list[float] = []
        self.transitions: list[Transitions | None] = []

    def decide(self, X: np.ndarray, page_ids: np.ndarray, body_weight: float,
               transitions: Transitions | None = None) -> Decisions:
        self.body_weights.append(body_weight)
        self.transitions.append(transitions)
        return Decisions(np.zeros(len(X), dtype=np.int64), np.ones(len(X)))


def test_pages_with_markup_go_to_the_html_context_model(tiny_model: Path) -> None:
    tiny = Segmenter.load(tiny_model)
    routed = Segmenter(tiny.text_model, tiny.context_model, Always("other"))  # type: ignore[arg-type]
    html = html_lines(PAGE.format(title="T", p1="One.", p2="Two.", who="A", other="B"))
    text = [Line(line.text) for line in html]
    together = routed.label_pages([html, [], text])
    assert [line.label for line in together[0]] == [O] * len(html) and together[1] == []
    assert together[2] == tiny.label(text) == routed.label(text)


def test_the_body_weight_reaches_both_context_models_and_must_be_positive(tiny_model: Path) -> None:
    tiny = Segmenter.load(tiny_model, body_weight=0.5)
    text_model, html_model = Always("navigation"), Always("other")
    weighted = Segmenter(tiny.text_model, text_model, html_model, tiny.body_weight,  # type: ignore[arg-type]
                         empty_page_body_weight=1.0)
    html = html_lines(PAGE.format(title="T", p1="One.", p2="Two.", who="A", other="B"))
    weighted.label_pages([html, [Line(line.text) for line in html]])
    assert text_model.body_weights == html_model.body_weights == [0.5]
    for weight in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="positive number"):
            Segmenter.load(tiny_model, body_weight=weight)
        with pytest.raises(ValueError, match="positive number"):
            Segmenter.load(tiny_model, empty_page_body_weight=weight)


class BodyWhereTold:
    """A context model that calls body the lines at `body` (page, position in the page) and the others
    navigation, and every line body when P(body) is weighted up (above 1)."""

    def __init__(self, body: set[tuple[int, int]]) -> None:
        self.classes = np.array(["body", "navigation"])
        self.n_features_in = len(INPUT_COLUMNS)
        self.body = body
        self.calls: list[tuple[list[int], float]] = []  # the pages decided and the weight of body

    def decide(self, X: np.ndarray, page_ids: np.ndarray, body_weight: float,
               transitions: Transitions | None = None) -> Decisions:
        self.calls.append((sorted(set(page_ids.tolist())), body_weight))
        position = np.arange(len(page_ids)) - np.searchsorted(page_ids, page_ids)
        body = [body_weight > 1 or (page, at) in self.body for page, at in zip(page_ids.tolist(), position.tolist())]
        return Decisions(np.where(body, 0, 1), np.ones(len(X)))


def test_html_pages_without_body_are_labelled_again_with_body_weighted_up(tiny_model: Path) -> None:
    tiny = Segmenter.load(tiny_model)
    html = html_lines(PAGE.format(title="T", p1="One.", p2="Two.", who="A", other="B"))
    text = [Line(line.text) for line in html]
    # page 0: only its title is body; page 1: a line under it is; page 2 (text): none is
    told = {(0, 0), (1, 0), (1, 2)}
    text_model, html_model = BodyWhereTold(told), BodyWhereTold(told)
    segmenter = Segmenter(tiny.text_model, text_model, html_model,  # type: ignore[arg-type]
                          empty_page_body_weight=4.0)
    titled, with_body, text_page = segmenter.label_pages([html, html, text])
    assert html_model.calls == [([0, 1], 1.0), ([0], 4.0)] and text_model.calls == [([2], 1.0)]
    assert {line.label for line in titled} == {B}
    assert [i for i, line in enumerate(with_body) if line.label is B] == [0, 2]
    assert {line.label for line in text_page} == {N}
    as_labelled = Segmenter(tiny.text_model, BodyWhereTold(told), html_model,  # type: ignore[arg-type]
                            empty_page_body_weight=1.0).label_pages([html, html, text])
    assert [i for i, line in enumerate(as_labelled[0]) if line.label is B] == [0] and len(html_model.calls) == 3


def test_transitions_are_counted_saved_loaded_and_reach_both_context_models(tiny_model: Path, tmp_path: Path) -> None:
    tiny = Segmenter.load(tiny_model, transition_weight=0.4)
    assert tiny.transitions is not None and tiny.transitions.weight == 0.4
    follows = np.exp(tiny.transitions.log_probs)
    assert np.allclose(follows.sum(axis=1), 1.0) and all(follows[i, i] == follows[i].max() for i in (0, 1))
    text_model, html_model = Always("navigation"), Always("other")
    routed = Segmenter(tiny.text_model, text_model, html_model, transitions=tiny.transitions)  # type: ignore[arg-type]
    html = html_lines(PAGE.format(title="T", p1="One.", p2="Two.", who="A", other="B"))
    routed.label_pages([html, [Line(line.text) for line in html]])
    # the HTML page is decided twice: it has no body the first time (Segmenter's empty_page_body_weight)
    assert text_model.transitions == [tiny.transitions] and html_model.transitions == [tiny.transitions] * 2
    without = Segmenter(tiny.text_model, tiny.context_model, tiny.html_context_model)
    without.save(tmp_path / "model")
    assert not (tmp_path / "model" / TRANSITIONS_FILE).exists()
    assert Segmenter.load(tmp_path / "model").transitions is None
    with pytest.raises(ValueError, match="transition weight"):
        Segmenter.load(tiny_model, transition_weight=-1.0)
    tiny.save(tmp_path / "damaged")
    (tmp_path / "damaged" / TRANSITIONS_FILE).write_text('{"labels": ')
    write_meta(tmp_path / "damaged")  # stamped as it is: the reader itself must say so
    with pytest.raises(ValueError, match=f"damaged \\({TRANSITIONS_FILE}"):
        Segmenter.load(tmp_path / "damaged")


def test_a_context_model_per_input_kind_trains_saves_and_loads(tmp_path: Path, tiny_model: Path) -> None:
    loaded = Segmenter.load(train_tiny(tmp_path, comments_stage="html"))
    assert loaded.html_context_model is not None and loaded.html_context_model.comments_stage
    assert not loaded.context_model.comments_stage
    assert loaded.uses_regions and loaded.context_model.n_features_in == len(INPUT_COLUMNS)
    assert loaded.html_context_model.n_features_in == len(INPUT_COLUMNS) + len(REGION_COLUMNS)
    assert [line.label for line in loaded.label_html(UNSEEN_PAGE)] == LABELS
    Segmenter.load(tiny_model).save(tmp_path / "model")  # one without, saved over it
    assert not (tmp_path / "model" / HTML_CONTEXT_MODEL_FILE).exists()
    assert Segmenter.load(tmp_path / "model").html_context_model is None


def test_an_html_context_model_without_regions_reads_the_text_columns(tmp_path: Path) -> None:
    train(replace(tiny_options(tmp_path, comments_stage="html"), regions=False))
    loaded = Segmenter.load(tmp_path / "model")
    assert loaded.html_context_model is not None and not loaded.uses_regions
    assert loaded.html_context_model.n_features_in == loaded.context_model.n_features_in == len(INPUT_COLUMNS)
    assert [line.label for line in loaded.label_html(UNSEEN_PAGE)] == LABELS


def test_an_html_half_is_added_to_a_model_keeping_its_text_half(tmp_path: Path, tiny_model: Path) -> None:
    added = train_tiny(tmp_path, comments_stage="html", text_input_from=tiny_model)
    assert (added / TEXT_MODEL_FILE).read_bytes() == (tiny_model / TEXT_MODEL_FILE).read_bytes()
    loaded = Segmenter.load(added)
    assert loaded.html_context_model is not None and loaded.html_context_model.comments_stage
    text = [line.text for line in html_lines(PAGE.format(title="T", p1="One.", p2="Two.", who="A", other="B"))]
    assert loaded.label_lines(text) == Segmenter.load(tiny_model).label_lines(text)


@pytest.mark.parametrize(("stage", "message"), [("none", "comments-stage html"), ("all", "comments-stage html")])
def test_keeping_a_text_half_needs_an_html_context_model(tmp_path: Path, tiny_model: Path, stage: str,
                                                          message: str) -> None:
    with pytest.raises(ValueError, match=message):
        train(tiny_options(tmp_path, comments_stage=stage, text_input_from=tiny_model))


def test_keeping_a_text_half_refuses_to_write_over_it(tmp_path: Path, tiny_model: Path) -> None:
    options = tiny_options(tmp_path, comments_stage="html", text_input_from=tiny_model)
    with pytest.raises(ValueError, match="overwritten"):
        train(replace(options, out=tiny_model))
    with pytest.raises(ValueError, match="site memory"):
        train(replace(options, site_memory=True))


def pickled_model(tiny_model: Path, folder: Path, fmt: int) -> Path:
    """A model as formats 1 and 2 saved it: a context model pickled by scikit-learn."""
    import pickle
    import shutil

    import sklearn

    from segmenter.context_model import ContextModel
    from segmenter.segmenter import INPUT_COLUMNS, _file_stamp

    folder.mkdir()
    shutil.copy(tiny_model / TEXT_MODEL_FILE, folder)
    X, y, ids = np.random.default_rng(0).normal(size=(60, len(INPUT_COLUMNS))), np.array(["body", "navigation"] * 30), np.arange(60) // 10
    (folder / "context.pkl").write_bytes(pickle.dumps(ContextModel(window=1, max_iter=5).fit(X, y, page_ids=ids)))
    meta = json.loads((tiny_model / "model.json").read_text())
    files = {name: _file_stamp(folder / name) for name in (TEXT_MODEL_FILE, "context.pkl")}
    (folder / "model.json").write_text(json.dumps({**meta, "format": fmt, "sklearn": sklearn.__version__, "files": files}))
    return folder


@pytest.mark.parametrize("fmt", [1, 2])
def test_models_of_earlier_formats_load_and_save_as_the_current_one(tiny_model: Path, tmp_path: Path, fmt: int) -> None:
    older = Segmenter.load(pickled_model(tiny_model, tmp_path / "older", fmt))
    assert older.html_context_model is None and older.context_model.classes.tolist() == ["body", "navigation"]
    older.save(tmp_path / "older")
    assert not (tmp_path / "older" / "context.pkl").exists()
    assert json.loads((tmp_path / "older" / "model.json").read_text())["format"] == 3
    lines = ["A line of text.", "Another line."]
    assert Segmenter.load(tmp_path / "older").label_lines(lines) == older.label_lines(lines)


def test_a_pickled_model_needs_the_scikit_learn_that_pickled_it(tiny_model: Path, tmp_path: Path) -> None:
    older = pickled_model(tiny_model, tmp_path / "older", 2)
    meta = json.loads((older / "model.json").read_text())
    (older / "model.json").write_text(json.dumps({**meta, "sklearn": "0.1"}))
    with pytest.raises(ValueError, match="scikit-learn 0.1"):
        Segmenter.load(older)
    meta = json.loads((tiny_model / "model.json").read_text())
    assert "sklearn" not in meta  # the current format reads no pickle


def test_load_errors_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="segmenter train"):
        Segmenter.load(tmp_path)
    (tmp_path / "model.json").write_text(json.dumps({"format": 0}))
    with pytest.raises(ValueError, match="another version of segmenter"):
        Segmenter.load(tmp_path)


def test_list_items_with_one_label_are_glued_into_one_text_line() -> None:
    from segmenter.corpus.records import LabelledLine
    from segmenter.lines import DomContext
    from segmenter.train import glue_lists

    def item(text: str, label: object, list_id: int, n: int) -> LabelledLine:
        return LabelledLine(text, label, False, DomContext("li", ("body:0", f"ul:{list_id}", f"li:{n}", "a:0"), 1.0))

    lines = [item("Home", N, 0, 0), item("World", N, 0, 1), item("Sports", N, 1, 0),
             LabelledLine("A paragraph.", B, False, DomContext("p", ("body:0", "p:0"), 0.0)), item("Next", N, 1, 1)]
    glued = glue_lists(lines)
    assert [(line.text, line.label) for line in glued] == [("Home World", N), ("Sports", N), ("A paragraph.", B),
                                                           ("Next", N)]
    assert all(line.dom is None for line in glued)


def test_unnamed_lines_outside_forums_are_known_not_to_be_comments_in_the_html_view() -> None:
    from dataclasses import replace

    from segmenter.corpus.records import LabelledLine, LabelledPage
    from segmenter.lines import DomContext
    from segmenter.train import _with_markup, known_not_comments, views

    def line(text: str, label: object, not_body: bool, classes: str) -> LabelledLine:
        return LabelledLine(text, label, not_body, DomContext("div", ("body:0", f"div:0 {classes}"), 0.0))

    lines = (line("The story.", B, False, "story"), line("Another story 2024-05-15", None, True, "mod-relnews"),
             line("Great piece!", None, True, "comment-list"), line("Home", N, False, "menu"),
             line("Unsure", None, False, "box"))
    page = LabelledPage(id="t/1", lang="en", source="fundus", lines=lines, url="https://a.example/1")
    marks = known_not_comments(page)
    assert marks == [False, True, False, False, False]
    html, text = list(views(page))[:2]
    assert _with_markup(marks, html) == marks and _with_markup(marks, text) == [False] * len(lines)
    assert not any(known_not_comments(replace(page, page_type="forum")))


def fits_recorded(monkeypatch: pytest.MonkeyPatch, what: Callable[[ContextModel, np.ndarray], T]) -> list[T]:
    """What `what` tells of each context model fitted from now on (its parameters, its rows), in order."""
    seen: list[T] = []
    fit = ContextModel.fit

    def recording_fit(self: ContextModel, X: np.ndarray, *args: object, **kwargs: object) -> ContextModel:
        seen.append(what(self, X))
        return fit(self, X, *args, **kwargs)

    monkeypatch.setattr(ContextModel, "fit", recording_fit)
    return seen


def test_markup_signs_hold_the_html_input_context_model_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fitted = fits_recorded(monkeypatch, lambda model, X: model.get_params())
    options = replace(tiny_options(tmp_path, comments_stage="html"), markup_signs=True)
    train(options)
    assert [(params["body_signs"], params["comments_signs"]) for params in fitted] == [
        ((), ()), (MARKUP_SIGNS["body_signs"], MARKUP_SIGNS["comments_signs"])]
    assert (INPUT_COLUMNS.index("link_share"), -1) in MARKUP_SIGNS["body_signs"]
    fitted.clear()
    train(replace(options, out=tmp_path / "unsigned", markup_signs=False))
    assert [(params["body_signs"], params["comments_signs"]) for params in fitted] == [((), ()), ((), ())]


def test_menu_copies_reach_the_html_input_context_model_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import segmenter.train as training
    from segmenter.menu_copies import MenuCopies

    fitted = fits_recorded(monkeypatch, lambda model, X: len(X))

    def first_page_again(X: np.ndarray, labels: np.ndarray, ids: np.ndarray, share: float, seed: int) -> MenuCopies:
        rows = np.flatnonzero(ids == ids[0])
        return MenuCopies(X[rows], rows, np.full(len(rows), ids.max() + 1))

    monkeypatch.setattr(training, "menu_copies", first_page_again)
    options = replace(tiny_options(tmp_path, comments_stage="html"), menu_copies=0.3)
    train(options)
    assert fitted[1] == fitted[0] + len(LABELS)  # text input's model first, then HTML input's with one copy
    fitted.clear()
    train(replace(options, out=tmp_path / "without", menu_copies=0.0))
    assert fitted[1] == fitted[0]


def test_draws_average_html_input_context_models_fitted_on_their_own_seeds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import segmenter.train as training
    from segmenter.text_model import TextModel

    # the columns each context model learns from: the text-input model reads fewer
    fitted = fits_recorded(monkeypatch, lambda model, X: X.shape[1])
    text_train = TextModel.train
    seeds: list[int] = []

    def recording_train(texts: list[str], labels: list[object], params: training.TextModelParams) -> TextModel:
        seeds.append(params.seed)
        return text_train(texts, labels, params)  # type: ignore[arg-type]

    monkeypatch.setattr(TextModel, "train", recording_train)
    options = replace(tiny_options(tmp_path, comments_stage="html"), draws=2)
    model = train(options)
    text_width, html_width = len(INPUT_COLUMNS), len(INPUT_COLUMNS) + len(REGION_COLUMNS)
    assert fitted == [text_width, html_width, html_width]  # the text-input model once, in draw 0
    assert seeds == [0, 0, 1, 1, 0]  # each draw's fold models, then the final text model
    one = train(replace(options, out=tmp_path / "one", draws=1))
    assert len(model.html_context_model.body.roots) > len(one.html_context_model.body.roots)
    assert [line.label for line in Segmenter.load(tmp_path / "model").label_html(UNSEEN_PAGE)] == LABELS
    assert training.drawn(options, 1).seed == options.seed + 1 and training.drawn(options, 0) == options


def test_without_an_html_input_context_model_one_draw_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fitted = fits_recorded(monkeypatch, lambda model, X: len(X))
    model = train(replace(tiny_options(tmp_path, comments_stage="none"), draws=3))
    assert len(fitted) == 1 and model.html_context_model is None
    with pytest.raises(ValueError, match="at least 1"):
        train(replace(tiny_options(tmp_path, comments_stage="html"), draws=0))


def test_text_draws_average_text_input_context_models_fitted_on_the_same_draws(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fitted = fits_recorded(monkeypatch, lambda model, X: X.shape[1])
    options = replace(tiny_options(tmp_path, comments_stage="html"), draws=1, text_draws=2)
    model = train(options)
    text_width, html_width = len(INPUT_COLUMNS), len(INPUT_COLUMNS) + len(REGION_COLUMNS)
    assert fitted == [text_width, html_width, text_width]  # draw 0 feeds both models, draw 1 the text one
    one = train(replace(options, out=tmp_path / "one", text_draws=1))
    assert len(model.context_model.body.roots) > len(one.context_model.body.roots)
    assert len(model.html_context_model.body.roots) == len(one.html_context_model.body.roots)
    labelled = Segmenter.load(tmp_path / "model").label_lines([line.text for line in html_lines(UNSEEN_PAGE)])
    assert labelled[4].label is B and labelled[1].label is N  # as the one-draw model labels text
    fitted.clear()
    train(replace(tiny_options(tmp_path, comments_stage="none"), text_draws=2))
    assert fitted == [text_width, text_width]
    with pytest.raises(ValueError, match="text_draws must be at least 1"):
        train(replace(options, text_draws=0))


def test_stacked_draws_fit_one_html_input_context_model_on_every_draws_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fitted = fits_recorded(monkeypatch, lambda model, X: len(X))
    options = replace(tiny_options(tmp_path, comments_stage="html"), draws=2, combine_draws="stack")
    model = train(options)
    text_rows, html_rows = fitted
    assert html_rows == 2 * text_rows  # the tiny corpus is whole in each draw: twice its rows, once
    assert options.html_context is not None  # one fit: no more trees to walk than one booster has rounds
    assert len(model.html_context_model.body.roots) <= options.html_context.max_iter
    assert [line.label for line in Segmenter.load(tmp_path / "model").label_html(UNSEEN_PAGE)] == LABELS
    with pytest.raises(ValueError, match="average, stack"):
        train(replace(options, combine_draws="vote"))


def test_stacked_rows_keep_each_parts_pages_apart() -> None:
    from segmenter.train import ContextRows

    def rows(page_ids: list[int], label: str) -> ContextRows:
        n = len(page_ids)
        return ContextRows(np.zeros((n, 2), dtype=np.float32), np.array([label] * n, dtype=object),
                           np.array(page_ids), np.zeros(n, dtype=bool), np.ones(n, dtype=bool))

    stacked = ContextRows.stacked([rows([0, 0, 3], "body"), rows([0, 1], "other")])
    assert stacked.page_ids.tolist() == [0, 0, 3, 4, 5]
    assert stacked.labels.tolist() == ["body"] * 3 + ["other"] * 2
    assert len(stacked) == 5 and stacked.X.shape == (5, 2) and stacked.not_comments.all()


def test_the_dev_check_scores_the_model_and_the_shipped_one_on_the_dev_split(
        tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from segmenter.train import dev_check

    corpus = tiny_model.parent / "corpus"
    model = Segmenter.load(tiny_model)
    assert dev_check(model, corpus) == []  # no dev split
    (tmp_path / "dev.jsonl").write_text((corpus / "test.jsonl").read_text())
    lines = dev_check(model, tmp_path)
    assert len(lines) >= 4  # the shipped model's pages with wrong lines may follow
    assert lines[0] == (f"on the dev split of {tmp_path} (sites held out of training), this model: "
                        "text: body F1 1.000, macro-F1 1.000 (5 pages, 50 lines); "
                        "body F1 per page 1.000 (mean over 5 pages with body)")
    assert lines[1].endswith("this model: html: body F1 1.000, macro-F1 1.000 (5 pages, 50 lines); "
                             "body F1 per page 1.000 (mean over 5 pages with body)")
    assert lines[2].startswith("the shipped model: text: body F1") and lines[3].startswith("the shipped model: html:")
    assert all(line.startswith("the shipped model: ") and "wrong lines are on one page, " in line
               for line in lines[4:])

    no_body = dev_check(Segmenter.load(tiny_model, 1e-9), tmp_path)  # every body line missed
    assert any(line.startswith("on the dev split") and ": text: " in line and "wrong lines are on one page, " in line
               for line in no_body)

    def other_version(path: Path | None = None) -> Segmenter:
        raise ValueError("the model was built for another version of segmenter")

    monkeypatch.setattr(Segmenter, "load", staticmethod(other_version))
    assert dev_check(model, tmp_path)[2:] == [("the shipped model was not compared: "
                                               "the model was built for another version of segmenter")]
