"""segmenter: label every line of a web page as body, navigation, comments, related or other."""

from __future__ import annotations

from typing import Any

from segmenter.labels import Label
from segmenter.lines import DomContext, Line

__all__ = ["DomContext", "Label", "LabelledLine", "Line", "Segmenter"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The models pull in scikit-learn and fastText: import them when first asked for, not on
    # `import segmenter` (which the corpus tools and the readers also do).
    if name in ("Segmenter", "LabelledLine"):
        from segmenter import segmenter as module

        return getattr(module, name)
    raise AttributeError(f"module 'segmenter' has no attribute {name!r}")
