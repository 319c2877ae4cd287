"""The library entry point: input paths → articles → facts → entities → graph."""
from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .cache import Cache, Extracted, open_cache
from .facts import extract_document, sentence_texts
from .ingest import read_inputs, split_articles
from .lexicon import Lexicon, load_lexicon
from .mentions import Segmenter
from .model import Article, Document, Entity, Facts
from .rdf import build_graph
from .resolve import resolve_entities
from .tagger import Tagger, default_tagger


@dataclass
class Build:
    """What one build produced, and how long it took."""
    documents: list[Document]
    articles: list[Article]
    facts: list[Facts]
    entities: list[Entity]
    graph: Graph
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.articles)} articles, {len(self.entities)} entities, "
                f"{len(self.graph)} triples in {self.seconds:.1f} s")


def build_documents(documents: Iterable[Document], lexicon: Lexicon | None = None,
                    progress: Callable[[Iterable[Document]], Iterable[Document]] | None = None,
                    tagger: Tagger | None = None, jobs: int = 1, cache: Cache | None = None,
                    cluster=None) -> Build:
    """Build the graph of already-read documents; ``tagger`` (default: LAC) proposes names.

    Documents are extracted in runs (``document_batches``), in this process
    (``jobs=1``), in ``jobs`` worker processes, or on a Dask ``cluster`` (a
    ``distributed.Client``); ``cache`` holds what earlier builds extracted.
    Resolution and the graph come after, once over all documents, so the
    graph is the same whichever way the documents were extracted.
    """
    started = time.perf_counter()
    lexicon = lexicon or load_lexicon()
    tagger = tagger if tagger is not None else default_tagger()
    if isinstance(documents, Sequence):
        jobs = min(jobs, sum(1 for _ in document_batches(documents)))   # no idle workers
    read: list[Document] = []
    with extraction_runner(lexicon, tagger, jobs, cluster) as run:
        stream = _recorded(progress(documents) if progress else documents, read)
        extracted = [x for batch in extract_runs(stream, run, cache) for x in batch]
    articles = [a for x in extracted for a in x.articles]
    facts = [f for x in extracted for f in x.facts]
    entities = resolve_entities(facts, lexicon)
    graph = build_graph(entities, facts)
    return Build(read, articles, facts, entities, graph, time.perf_counter() - started,
                 list(cache.warnings) if cache else [])


def _recorded(documents: Iterable[Document], into: list[Document]) -> Iterator[Document]:
    for doc in documents:
        into.append(doc)
        yield doc


def extract_runs(documents: Iterable[Document], run, cache: Cache | None) -> Iterator[list[Extracted]]:
    """What each run of documents yields, in input order: from ``cache`` where it
    has the document, else from ``run`` (a function of a run's uncached documents
    that gives a future of their Extracted, in order). A few runs are in flight
    at once, so workers stay busy and memory stays bounded."""
    pending: deque = deque()
    for batch in document_batches(documents):
        known = [cache.get(doc) if cache else None for doc in batch]
        todo = [doc for doc, hit in zip(batch, known) if hit is None]
        pending.append((batch, known, run(todo) if todo else None))
        while len(pending) > IN_FLIGHT or pending and _done(pending[0][2]):
            yield _collect(*pending.popleft(), cache)
    while pending:
        yield _collect(*pending.popleft(), cache)


IN_FLIGHT = 4   # runs submitted ahead of the one being collected


def _done(future) -> bool:
    return future is None or future.done()


def _collect(batch, known, future, cache: Cache | None) -> list[Extracted]:
    fresh = iter(future.result() if future is not None else ())
    out = []
    for doc, hit in zip(batch, known):
        if hit is None:
            hit = next(fresh)
            # what came back from a worker is a copy: point it at our document
            for article in hit.articles:
                article.doc = doc
            if cache is not None:
                cache.put(doc, hit)
        out.append(hit)
    return out


@contextmanager
def extraction_runner(lexicon: Lexicon, tagger: Tagger, jobs: int = 1, cluster=None):
    """A function that extracts a run of documents and gives a future of the result."""
    extractor = Extractor(lexicon, tagger)
    if cluster is not None:
        from .cluster import cluster_runner
        with cluster_runner(cluster, extractor) as run:
            yield run
        return
    if jobs <= 1:
        yield lambda docs: _Done(extractor.extract(docs))
        return
    pool = _Pool(extractor, jobs)
    try:
        yield pool.submit
    finally:
        pool.close()


class _Pool:
    """Worker processes, started when the first run that is not in the cache comes."""

    def __init__(self, extractor: Extractor, jobs: int):
        self.extractor, self.jobs = extractor, jobs
        self.executor: ProcessPoolExecutor | None = None

    def submit(self, documents: Sequence[Document]):
        if self.executor is None:
            # spawned, not forked: a fork would copy the parent's threads and ONNX session
            self.executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=_start_worker, initargs=(self.extractor,))
        return self.executor.submit(_extract_in_worker, documents)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)


class Extractor:
    """Extraction of runs of documents: one tagger call per run, then the rules."""

    def __init__(self, lexicon: Lexicon, tagger: Tagger):
        self.lexicon = lexicon
        self.tagger = tagger

    def extract(self, documents: Sequence[Document]) -> list[Extracted]:
        # a segmenter of its own per run: a cluster's worker may run several at once
        segmenter = Segmenter(self.lexicon, self.tagger)
        split = [split_articles(doc) for doc in documents]
        segmenter.prepare(list(dict.fromkeys(t for doc_articles in split for t in sentence_texts(doc_articles))))
        return [Extracted(doc_articles, extract_document(doc_articles, self.lexicon, segmenter))
                for doc_articles in split]


class _Done:
    """A future already resolved: what the one-process runner gives."""

    def __init__(self, value):
        self.value = value

    def done(self) -> bool:
        return True

    def result(self):
        return self.value


# A worker process's own extractor, made once by the pool's initializer.
_worker: Extractor | None = None


def _start_worker(extractor: Extractor) -> None:
    global _worker
    _worker = extractor


def _extract_in_worker(documents: Sequence[Document]) -> list[Extracted]:
    return _worker.extract(documents)


BATCH_CHARS = 50_000       # text tagged at once: enough sentences of each length to fill the tagger's batches
FIRST_BATCH_CHARS = 3_000  # the first runs are short, so every worker starts early


def document_batches(documents: Iterable[Document]) -> Iterator[list[Document]]:
    """Documents in runs the tagger gets at once: the first of about ``FIRST_BATCH_CHARS``
    characters, each next one twice as long, up to ``BATCH_CHARS``."""
    batch: list[Document] = []
    size, limit = 0, FIRST_BATCH_CHARS
    for doc in documents:
        batch.append(doc)
        size += len(doc.text)
        if size >= limit:
            yield batch
            batch, size, limit = [], 0, min(2 * limit, BATCH_CHARS)
    if batch:
        yield batch


def build(paths: Sequence[str], keep_going: bool = False, lexicon: Lexicon | None = None,
          progress=None, tagger: Tagger | None = None, jobs: int = 1,
          cache_dir: str | Path | None = None, cluster=None) -> Build:
    """Read ``paths`` (pages, JSONL corpora, folders) and build their graph.

    ``jobs`` worker processes extract (or a Dask ``cluster``); with ``cache_dir``
    documents extracted by an earlier build with the same extractor are taken
    from there, and entries no longer used are removed. Bad input raises
    ``KGError``; with ``keep_going`` bad files and lines are skipped and listed
    in ``Build.warnings`` instead.
    """
    warnings: list[str] = []
    documents = read_inputs(paths, keep_going=keep_going, warn=warnings.append)
    lexicon = lexicon or load_lexicon()
    tagger = tagger if tagger is not None else default_tagger()
    cache = open_cache(cache_dir, lexicon, tagger) if cache_dir is not None else None
    result = build_documents(documents, lexicon, progress, tagger, jobs=jobs, cache=cache, cluster=cluster)
    if cache is not None:
        cache.prune()
    result.warnings = warnings + result.warnings
    return result
