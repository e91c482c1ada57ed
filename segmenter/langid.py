"""Offline language identification of texts (py3langid; its model ships in its wheel)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from itertools import islice

# Enough text to decide a page's language; more only costs time.
MAX_CHARACTERS = 4000
# Below this many letters the identifier guesses; call the language unknown instead.
MIN_LETTERS = 8
UNKNOWN = "und"


class LanguageIdentifier:
    """Names the language of a text with an ISO 639-1 code, or "und"."""

    def __init__(self, languages: Sequence[str] | None = None) -> None:
        self.languages = tuple(languages) if languages else None

    @cached_property
    def _model(self) -> object:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier as Identifier

        model = Identifier.from_model_file(MODEL_FILE, norm_probs=True)
        if self.languages:
            model.set_languages(list(self.languages))
        return model

    def load(self) -> LanguageIdentifier:
        """Load the model now rather than at the first text (before forking workers, who then share it)."""
        _ = self._model
        return self

    def identify(self, text: str) -> tuple[str, float]:
        """The language of `text` and the identifier's probability for it."""
        sample = text[:MAX_CHARACTERS]
        if len(list(islice(filter(str.isalpha, sample), MIN_LETTERS))) < MIN_LETTERS:  # stop counting at enough
            return UNKNOWN, 0.0
        language, probability = self._model.classify(sample)  # type: ignore[attr-defined]
        return str(language), float(probability)

    def page_language(self, lines: Sequence[str]) -> str:
        """The language of a page, from its lines (longest first, up to MAX_CHARACTERS)."""
        sample, size = [], 0
        for line in sorted(lines, key=len, reverse=True):
            sample.append(line)
            size += len(line)
            if size >= MAX_CHARACTERS:
                break
        return self.identify("\n".join(sample))[0]


def body_language(identifier: LanguageIdentifier, lines: Sequence[tuple[str, bool]]) -> str:
    """The language of a labelled page: of its body lines when it has any, else of all its lines.
    An English article on a Bengali news site is English, however many Bengali menus surround it."""
    body = [text for text, is_body in lines if is_body]
    return identifier.page_language(body or [text for text, _ in lines])
