"""The library entry point: input paths → articles → facts → entities → graph."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .cache import Cache, open_cache
from .extract import document_batches, extract_runs, extraction_runner
from .ingest import read_inputs
from .lexicon import Lexicon, load_lexicon
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
