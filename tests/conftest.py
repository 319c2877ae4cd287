"""Fixtures shared by the test modules."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.lexicon import load_lexicon


@pytest.fixture(scope="session")
def lexicon():
    """The lexicons and gazetteer, loaded once for the whole run."""
    return load_lexicon()


XWLB = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "xwlb_2021.jsonl"


@pytest.fixture(scope="session")
def thousand_items(tmp_path_factory):
    """The graph of the first 1,000 items of ../shared/corpora/xwlb_2021.jsonl, built once."""
    if not XWLB.exists():
        pytest.skip("needs ../shared/corpora/xwlb_2021.jsonl")
    from kg.pipeline import build

    corpus = tmp_path_factory.mktemp("xwlb") / "items.jsonl"
    with XWLB.open(encoding="utf-8") as lines:
        corpus.write_text("".join(next(lines) for _ in range(1000)), encoding="utf-8")
    return build([str(corpus)], jobs=2).graph
