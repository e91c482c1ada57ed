"""Shared fixtures: where the public collections are, when they are."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA_ARCHIVES = SHARED / "corpora"


@pytest.fixture(scope="session")
def corpora_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unpacked collections: $SEGMENTER_CORPORA if set, else ../shared/corpora unpacked once."""
    given = os.environ.get("SEGMENTER_CORPORA")
    if given and Path(given).is_dir():
        return Path(given)
    unpack = CORPORA_ARCHIVES / "unpack.sh"
    if not unpack.exists() or shutil.which("bash") is None:
        pytest.skip("../shared/corpora is not here; corpus-level checks need it")
    root = tmp_path_factory.mktemp("corpora")
    subprocess.run(["bash", str(unpack), str(root)], check=True, capture_output=True)
    return root


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Segmenter trained in seconds on the hand-made pages of tiny_corpus.py."""
    from tiny_corpus import train_tiny

    return train_tiny(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="session")
def tiny_site_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny Segmenter trained with site memory."""
    from tiny_corpus import train_tiny

    return train_tiny(tmp_path_factory.mktemp("tiny-site"), site_memory=True)
