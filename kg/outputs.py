"""A built graph → its checked outputs in a folder: kg.ttl and graph.html.

The last stage of ``kg build``: validate against the shapes, then write every
file whole, or fail and leave what the folder held before.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .cache import read_conformed, write_conformed
from .collector import collector_paused, only_new_objects_collected
from .errors import KGError
from .export import ntriples_of, turtle
from .files import check_writable, write_atomic
from .progress import SILENT, Progress
from .validate import shapes_fingerprint, triple_lines, validate_changes, validate_graph

TURTLE, VIEW = "kg.ttl", "graph.html"


def write_build(graph: Graph, out: str | Path, *, view: bool = True, cache_dir: str | Path | None = None,
                jobs: int = 1, progress: Progress = SILENT) -> list[Path]:
    """Validate ``graph`` and write kg.ttl (and with ``view`` graph.html) into
    ``out``; the files written.

    A graph that violates the shapes raises ``KGError`` with the report, and
    nothing is written. With ``cache_dir`` only what changed since the last
    conforming graph remembered there is checked, and this graph is
    remembered in its place. ``jobs`` processes share a whole-graph check.
    """
    out = Path(out)
    check_writable(out, [TURTLE, VIEW] if view else [TURTLE])
    with collector_paused():        # not while pySHACL validates: it leaves cycles (kg.collector)
        ntriples = ntriples_of(graph)       # once, for the Turtle and the validation cache
    with progress.stage("validating") as stage, only_new_objects_collected():
        if cache_dir is None:
            report = validate_graph(graph, processes=jobs)
        else:
            # what the last build's graph had and passed need not be checked again
            shapes, lines = shapes_fingerprint(), triple_lines(ntriples)
            report = validate_changes(graph, lines, read_conformed(cache_dir, shapes), jobs)
        stage.note = "the whole graph" if report.focus is None else \
            f"the {report.focus} node{'' if report.focus == 1 else 's'} the changes touched"
    if not report.conforms:
        first = " ".join(str(report.violations[0]).split())
        raise KGError(f"the built graph violates the ontology's shapes ({report.text().splitlines()[0]}); "
                      f"the first: {first} (a bug in kg: please report it with the input)")
    files = {out / TURTLE: _turtle(graph, ntriples, progress)}
    if view:
        from .view import render_view
        with progress.stage("writing the view"):
            files[out / VIEW] = render_view(graph)[0]
    for path, text in files.items():
        write_atomic(path, text)
    if cache_dir is not None:
        write_conformed(cache_dir, shapes, ntriples)
    return list(files)


def _turtle(graph: Graph, ntriples: bytes, progress: Progress) -> bytes:
    with progress.stage("writing Turtle") as stage, collector_paused():
        text = turtle(graph, ntriples)
        stage.note = f"{len(text):,} bytes"
    return text
