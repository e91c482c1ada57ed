"""The five line labels of LABELS.md, defined once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum


class Label(str, Enum):
    """What a line of a page is; see LABELS.md for the definitions."""

    BODY = "body"
    NAVIGATION = "navigation"
    COMMENTS = "comments"
    RELATED = "related"
    OTHER = "other"

    @classmethod
    def parse(cls, name: str) -> Label:
        """The label called `name` (case-insensitive), or a ValueError listing the valid names."""
        try:
            return cls(name.strip().lower())
        except ValueError:
            valid = ", ".join(label.value for label in cls)
            raise ValueError(f"unknown label {name!r}; expected one of: {valid}") from None

    def __str__(self) -> str:
        return self.value


LABELS: tuple[Label, ...] = tuple(Label)


def relabelled_at(labels: Sequence[Label], positions: Iterable[int], label: Label) -> list[Label]:
    """The labels with those at `positions` replaced by `label` (the page rules' relabelling)."""
    relabelled = list(labels)
    for i in positions:
        relabelled[i] = label
    return relabelled
