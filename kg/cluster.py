"""Extraction on a Dask cluster: documents go out in runs, facts come back, and
resolution, the graph and the Turtle are made here, as in a one-process build.

Dask (``distributed``) rather than Ray or Spark: its futures are the
``concurrent.futures`` ones kg's own worker pool gives, so one code path
serves both; it ships plain Python objects with no JVM and no object store to
size, and ``dask scheduler`` / ``dask worker`` start a cluster anywhere kg is
pip-installed.
"""
from __future__ import annotations

from contextlib import contextmanager

from .cache import code_fingerprint
from .errors import KGError

CONNECT_SECONDS = 30


@contextmanager
def connect(address: str):
    """A client of the Dask scheduler at ``address`` (``tcp://host:8786``)."""
    try:
        from distributed import Client
    except ImportError:
        raise KGError("--cluster needs Dask: pip install 'kg[cluster]'") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:
        raise KGError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        yield client
    finally:
        client.close()


@contextmanager
def cluster_runner(client, extractor):
    """Runs of documents extracted on ``client``'s workers, which must run this kg."""
    here = code_fingerprint()
    others = {worker: code for worker, code in client.run(code_fingerprint).items() if code != here}
    if others:
        raise KGError(f"{len(others)} Dask worker(s) run another version of kg than this one "
                      f"(e.g. {next(iter(others))}): install the same kg on every worker")
    # sent once to every worker, not with every run
    [shared] = client.scatter([extractor], broadcast=True)
    try:
        yield lambda docs: client.submit(_extract, shared, docs, pure=False)
    finally:
        client.cancel([shared])


def _extract(extractor, documents):
    return extractor.extract(documents)
