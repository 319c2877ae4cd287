"""Documents → what each yields (``Extracted``): in this process, in worker
processes or on a Dask cluster, with the cache in front.

The tagger gets a run of documents' sentences at once (``document_batches``);
a run is tagged and read by the rules in one place, so a worker loads the
lexicons, jieba and the tagger once and then only receives documents.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from .cache import Cache, Extracted
from .facts import extract_document, sentence_texts
from .ingest import split_articles
from .lexicon import Lexicon
from .tokens import Segmenter
from .model import Article, Document
from .tagger import Tagger


def extract_runs(documents: Iterable[Document], run, cache: Cache | None) -> Iterator[list[Extracted]]:
    """What each run of documents yields, in input order: from ``cache`` where it
    has the document, else from ``run`` (a function of a run's uncached documents
    that gives a future of their Extracted, in order).

    The cache is asked only whether it has a document as runs are formed, so the
    documents it lacks go to the workers first, and it is read while a run waits
    on them: after one changed article, the worker starts at once and the cache
    of all the others is read while it works. A few runs are in flight at once
    (``IN_FLIGHT``: workers stay busy, memory stays bounded); runs the cache has
    whole do not count, and at most ``LOOK_AHEAD_CHARS`` of text waits.
    """
    pending: deque[_Run] = deque()
    ahead = 0
    for documents_run in document_batches(documents):
        cached = [cache is not None and cache.has(doc) for doc in documents_run]
        todo = [doc for doc, hit in zip(documents_run, cached) if not hit]
        pending.append(_Run(documents_run, cached, run(todo) if todo else None))
        ahead += pending[-1].chars
        while _in_flight(pending) > IN_FLIGHT or ahead > LOOK_AHEAD_CHARS:
            ahead -= pending[0].chars
            yield _collect_head(pending, cache, run)
    while pending:
        yield _collect_head(pending, cache, run)


IN_FLIGHT = 4   # runs submitted ahead of the one being collected
LOOK_AHEAD_CHARS = 20_000_000       # 7 times a year of 新闻联播


@dataclass
class _Run:
    documents: list[Document]
    cached: list[bool]              # found in the cache as the run was formed
    future: Future | None           # of what the documents not cached yield
    read: list[Extracted | None] | None = None     # the cache's entries, once read

    @property
    def chars(self) -> int:
        return sum(len(doc.text) for doc in self.documents)

    def read_cache(self, cache: Cache | None) -> None:
        if self.read is None:
            self.read = [cache.get(doc) if hit else None for doc, hit in zip(self.documents, self.cached)]


def _in_flight(pending: deque[_Run]) -> int:
    return sum(1 for r in pending if r.future is not None)


def _collect_head(pending: deque[_Run], cache: Cache | None, run) -> list[Extracted]:
    head = pending.popleft()
    for later in pending:       # while the head waits on a worker
        if head.future is None or head.future.done():
            break
        later.read_cache(cache)
    head.read_cache(cache)
    fresh = iter(head.future.result() if head.future is not None else ())
    out = []
    for doc, in_cache, hit in zip(head.documents, head.cached, head.read):
        if hit is None:
            # an entry that went bad since it was found is extracted now
            hit = run([doc]).result()[0] if in_cache else next(fresh)
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
        with _TaggingAhead(extractor) as run:
            yield run
        return
    pool = _Pool(extractor, jobs)
    try:
        yield pool.submit
    finally:
        pool.close()


class _TaggingAhead:
    """Extraction in this process, the tagger a few runs ahead of the rules: it runs
    in a thread of its own, and ONNX Runtime lets go of Python's lock while the
    network runs, so on two cores the rules read one run while the next is tagged.
    (Runs are not cut finer for this: the tagger is fastest on long runs.)"""

    def __init__(self, extractor: Extractor):
        self.extractor = extractor
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="kg-tagger")

    def __call__(self, documents: Sequence[Document]) -> _Later:
        split, texts = self.extractor.sentences(documents)
        tagged = self.thread.submit(self.extractor.tagger.tag, texts)
        return _Later(tagged, lambda: self.extractor.read(split, texts, tagged.result()))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.thread.shutdown(cancel_futures=True)


class _Later:
    """A run's result, made when it is asked for (the rules), once what it needs (the tags) is done."""

    def __init__(self, needed: Future, make):
        self.needed, self.make = needed, make

    def done(self) -> bool:
        return self.needed.done()

    def result(self):
        return self.make()


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
        split, texts = self.sentences(documents)
        return self.read(split, texts, self.tagger.tag(texts))

    @staticmethod
    def sentences(documents: Sequence[Document]) -> tuple[list[list[Article]], list[str]]:
        """Each document's articles, and the sentences of them all, each once: what the tagger gets."""
        split = [split_articles(doc) for doc in documents]
        return split, list(dict.fromkeys(t for doc_articles in split for t in sentence_texts(doc_articles)))

    def read(self, split: list[list[Article]], texts: list[str], tagged) -> list[Extracted]:
        """The rules over tagged sentences: each document's Extracted."""
        # a segmenter of its own per run: a cluster's worker may run several at once
        segmenter = Segmenter(self.lexicon, self.tagger)
        segmenter.prepare(texts, tagged)
        return [Extracted(doc_articles, extract_document(doc_articles, self.lexicon, segmenter))
                for doc_articles in split]


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
