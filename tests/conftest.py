"""Fixtures shared by the test modules."""
from __future__ import annotations

import errno
import socket
from pathlib import Path

import pytest

from kg.lexicon import load_lexicon


@pytest.fixture(scope="session")
def lexicon():
    """The lexicons and gazetteer, loaded once for the whole run."""
    return load_lexicon()


REPO = Path(__file__).resolve().parents[1]
XWLB = REPO.parent / "shared" / "corpora" / "xwlb_2021.jsonl"
DEV_PAGES = ("000_9d9972b1f00130c9.txt", "001_6f56a82d68c31997.txt", "003_e0eea08fd75f2ef3.txt")


@pytest.fixture(scope="session")
def dev_pages():
    """The graph of the three dev pages of seeds/, built once."""
    from kg.pipeline import build

    return build([str(REPO / "seeds" / name) for name in DEV_PAGES], jobs=1).graph


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


@pytest.fixture
def no_connections(monkeypatch):
    """Every connection or name lookup this process attempts from Python: recorded and refused."""
    attempts = []

    def connect(self, address, *args):
        attempts.append(address)
        raise ConnectionRefusedError(errno.ECONNREFUSED, "refused by the test")

    def connect_ex(self, address, *args):
        attempts.append(address)
        return errno.ECONNREFUSED

    def getaddrinfo(host, *args, **kwargs):
        attempts.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "refused by the test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts
