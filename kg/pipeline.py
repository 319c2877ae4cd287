"""The library entry point: input paths → articles → facts → entities → graph."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from rdflib import Graph

from .facts import extract_document, sentence_texts
from .ingest import read_inputs, split_articles
from .lexicon import Lexicon, load_lexicon
from .mentions import Segmenter
from .model import Article, Document, Entity, Facts
from .rdf import build_graph
from .resolve import resolve_entities
from .tagger import Tagger


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


def build_documents(documents: Sequence[Document], lexicon: Lexicon | None = None,
                    progress: Callable[[Iterable[Document]], Iterable[Document]] | None = None,
                    tagger: Tagger | None = None) -> Build:
    """Build the graph of already-read documents; ``tagger`` (default: LAC) proposes names."""
    started = time.perf_counter()
    lexicon = lexicon or load_lexicon()
    segmenter = Segmenter(lexicon, tagger)
    articles: list[Article] = []
    facts: list[Facts] = []

    def extract(split, texts, tagged) -> None:
        segmenter.prepare(texts, tagged.result())
        for doc_articles in split:
            articles.extend(doc_articles)
            facts.extend(extract_document(doc_articles, lexicon, segmenter))
        segmenter.forget()

    # The tagger runs on many documents' sentences at once (batches of like length waste
    # less padding than one short document's), and on the next run of documents while the
    # rules read this one: the network runs outside Python's lock, on the other core.
    with ThreadPoolExecutor(max_workers=1) as tagging:
        ahead = None
        for batch in document_batches(progress(documents) if progress else documents):
            split = [split_articles(doc) for doc in batch]
            texts = list(dict.fromkeys(t for doc_articles in split for t in sentence_texts(doc_articles)))
            job = (split, texts, tagging.submit(segmenter.tagger.tag, texts))
            if ahead is not None:
                extract(*ahead)
            ahead = job
        if ahead is not None:
            extract(*ahead)
    entities = resolve_entities(facts, lexicon)
    graph = build_graph(entities, facts)
    return Build(list(documents), articles, facts, entities, graph, time.perf_counter() - started)


BATCH_CHARS = 50_000       # text tagged at once: full batches of like length, and the next run tagged while one is read
FIRST_BATCH_CHARS = 3_000  # the first run is short, so the rules start early and the two threads overlap


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
          progress=None, tagger: Tagger | None = None) -> Build:
    """Read ``paths`` (pages, JSONL corpora, folders) and build their graph.

    Bad input raises ``KGError``; with ``keep_going`` bad files and lines are
    skipped and listed in ``Build.warnings`` instead.
    """
    warnings: list[str] = []
    documents = read_inputs(paths, keep_going=keep_going, warn=warnings.append)
    result = build_documents(documents, lexicon, progress, tagger)
    result.warnings = warnings + result.warnings
    return result
