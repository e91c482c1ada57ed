"""segmenter: label every line of a web page as body, navigation, comments, related or other."""

from segmenter.labels import Label
from segmenter.lines import DomContext, Line

__all__ = ["DomContext", "Label", "Line"]
__version__ = "0.1.0"
