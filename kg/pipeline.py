"""The library entry point: input paths → articles → facts → entities → graph."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .cache import Cache, open_cache
from .collector import collector_paused
from .extract import document_batches, extract_runs, extraction_runner
from .reading import read_inputs
from .lexicon import Lexicon, load_lexicon
from .model import Article, Document, Entity, Facts
from .progress import SILENT, Progress
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


@collector_paused()
def build_documents(documents: Iterable[Document], lexicon: Lexicon | None = None,
                    progress: Progress = SILENT, tagger: Tagger | None = None, jobs: int = 1,
                    cache: Cache | None = None, cluster=None) -> Build:
    """Build the graph of already-read documents; ``tagger`` (default: LAC) proposes names.

    Documents are extracted in runs (``document_batches``), in this process
    (``jobs=1``), in ``jobs`` worker processes, or on a Dask ``cluster`` (a
    ``distributed.Client``); ``cache`` holds what earlier builds extracted.
    Resolution and the graph come after, once over all documents, so the
    graph is the same whichever way the documents were extracted.
    ``progress`` is told each stage: extracting (counted in documents),
    resolving entities, building the graph.
    """
    started = time.perf_counter()
    lexicon = lexicon or load_lexicon()
    tagger = tagger if tagger is not None else default_tagger()
    total = len(documents) if isinstance(documents, Sequence) else None
    if total is not None:
        jobs = min(jobs, sum(1 for _ in document_batches(documents)))   # no idle workers
    read: list[Document] = []
    hits_before = cache.hits if cache else 0
    with progress.stage("extracting", total) as stage, extraction_runner(lexicon, tagger, jobs, cluster) as run:
        extracted = []
        # counted as their results come back, not as they are sent: workers run ahead
        for batch in extract_runs(_recorded(documents, read), run, cache):
            extracted.extend(batch)
            stage.advance(len(batch))
        articles = [a for x in extracted for a in x.articles]
        stage.note = _extraction_note(len(read), len(articles), (cache.hits if cache else 0) - hits_before)
    facts = [f for x in extracted for f in x.facts]
    with progress.stage("resolving entities") as stage:
        entities = resolve_entities(facts, lexicon)
        stage.note = f"{len(entities)} entities"
    with progress.stage("building the graph") as stage:
        graph = build_graph(entities, facts)
        stage.note = f"{len(graph)} triples"
    return Build(read, articles, facts, entities, graph, time.perf_counter() - started,
                 list(cache.warnings) if cache else [])


def _extraction_note(documents: int, articles: int, from_cache: int) -> str:
    return (f"{documents} documents, {articles} articles; "
            f"{documents - from_cache} extracted, {from_cache} from the cache")


def _recorded(documents: Iterable[Document], into: list[Document]) -> Iterator[Document]:
    for doc in documents:
        into.append(doc)
        yield doc


def build(paths: Sequence[str], keep_going: bool = False, lexicon: Lexicon | None = None,
          progress: Progress = SILENT, tagger: Tagger | None = None, jobs: int = 1,
          cache_dir: str | Path | None = None, cluster=None) -> Build:
    """Read ``paths`` (pages, JSONL corpora, folders) and build their graph.

    ``jobs`` worker processes extract (or a Dask ``cluster``); with ``cache_dir``
    documents extracted by an earlier build with the same extractor are taken
    from there, and entries no longer used are removed. Bad input raises
    ``KGError``; with ``keep_going`` bad files and lines are skipped and listed
    in ``Build.warnings`` instead. ``progress`` is told each stage, reading first.
    """
    warnings: list[str] = []
    with progress.stage("reading") as stage:
        documents = read_inputs(paths, keep_going=keep_going, warn=warnings.append)
        stage.note = f"{len(documents)} documents"
    lexicon = lexicon or load_lexicon()
    tagger = tagger if tagger is not None else default_tagger()
    cache = open_cache(cache_dir, lexicon, tagger) if cache_dir is not None else None
    result = build_documents(documents, lexicon, progress=progress, tagger=tagger, jobs=jobs, cache=cache,
                             cluster=cluster)
    if cache is not None:
        cache.prune()
    result.warnings = warnings + result.warnings
    return result
