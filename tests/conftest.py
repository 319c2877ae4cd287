"""Fixtures shared by the test modules."""
from __future__ import annotations

import pytest

from kg.lexicon import load_lexicon


@pytest.fixture(scope="session")
def lexicon():
    """The lexicons and gazetteer, loaded once for the whole run."""
    return load_lexicon()
