"""The ``kg`` command: a thin layer over the library (kg.pipeline, kg.query, …)."""
from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from .cache import FOLDER as CACHE_FOLDER
from .errors import KGError
from .progress import Progress, reporter


def fail(message: str) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(1)


def connected(address: str | None):
    """A Dask client of the cluster at ``address``, or nothing without one."""
    if address is None:
        return nullcontext()
    from .cluster import connect
    return connect(address)


@click.group()
@click.version_option(package_name="kg")
def main() -> None:
    """Build, query, validate, export and view knowledge graphs of Chinese news."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for kg.ttl and graph.html.")
@click.option("--keep-going", is_flag=True, help="Skip bad files and lines with a warning each.")
@click.option("--no-view", is_flag=True, help="Write only kg.ttl, not graph.html.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=len(os.sched_getaffinity(0))
              if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, show_default="the cores",
              help="Worker processes that extract documents.")
@click.option("--no-cache", is_flag=True, help=f"Extract every document again, ignoring and not writing "
              f"OUT/{CACHE_FOLDER}.")
@click.option("--cluster", metavar="ADDRESS", help="Extract on a Dask cluster, e.g. tcp://scheduler:8786.")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors: no progress, no summary.")
@click.option("--verbose", "-v", is_flag=True, help="Print each stage with its time and counts, even when "
              "stderr is not a terminal.")
def build(paths: tuple[str, ...], out_dir: str, keep_going: bool, no_view: bool, jobs: int, no_cache: bool,
          cluster: str | None, quiet: bool, verbose: bool) -> None:
    """Build the graph of PATHS (pages, .jsonl corpora, folders; default seeds/).

    Documents an earlier build into OUT extracted are taken from its cache;
    only new and changed ones are extracted again. On a terminal each stage
    shows on stderr while it runs.
    """
    from .cache import write_conformed
    from .pipeline import build as build_graph

    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    # sys.stderr as it is now: click's test runner swaps it for each run
    progress = reporter(sys.stderr, quiet=quiet, verbose=verbose)
    out = Path(out_dir)
    cache_dir = None if no_cache else out / CACHE_FOLDER
    try:
        with connected(cluster) as client:
            result = build_graph(list(paths) or ["seeds"], keep_going=keep_going, progress=progress, jobs=jobs,
                                 cache_dir=cache_dir, cluster=client)
    except KGError as error:
        fail(str(error))
    for warning in result.warnings:
        click.echo(f"kg: warning: {warning}", err=True)
    conformed = validate_built(result.graph, cache_dir, jobs, progress)
    written = write_outputs(result.graph, out, no_view, progress)
    if conformed is not None:
        write_conformed(cache_dir, *conformed)
    if not quiet:
        click.echo(f"{result.summary()} → {', '.join(map(str, written))}", err=True)


def validate_built(graph, cache_dir: Path | None, jobs: int, progress: Progress) -> tuple[str, dict] | None:
    """Validate a built graph, failing on a violation; with a cache, what to
    remember there as conforming (the shapes' fingerprint and the graph's lines)."""
    from .cache import read_conformed
    from .validate import shapes_fingerprint, triple_lines, validate_changes, validate_graph

    conformed = None
    with progress.stage("validating") as stage:
        if cache_dir is None:
            report = validate_graph(graph, processes=jobs)
        else:
            # what the last build's graph had and passed need not be checked again
            shapes, lines = shapes_fingerprint(), triple_lines(graph)
            report = validate_changes(graph, lines, read_conformed(cache_dir, shapes), jobs)
            conformed = shapes, lines
        stage.note = "the whole graph" if report.focus is None else \
            f"the {report.focus} node{'' if report.focus == 1 else 's'} the changes touched"
    if not report.conforms:
        fail(f"the built graph violates the ontology's shapes:\n{report.text()}")
    return conformed


def write_outputs(graph, out: Path, no_view: bool, progress: Progress) -> list[Path]:
    """Write kg.ttl and (unless ``no_view``) graph.html into ``out``; the files written."""
    from .export import serialize_graph
    from .files import write_atomic

    turtle_path, view_path = out / "kg.ttl", out / "graph.html"
    with progress.stage("writing Turtle") as stage:
        turtle = serialize_graph(graph, "ttl")
        write_atomic(turtle_path, turtle)
        stage.note = f"{len(turtle):,} bytes"
    if no_view:
        return [turtle_path]
    from .view import write_view
    with progress.stage("writing the view"):
        write_view(graph, view_path)
    return [turtle_path, view_path]


@main.command()
@click.argument("graph", default="out/kg.ttl", type=click.Path(dir_okay=False))
def validate(graph: str) -> None:
    """Check GRAPH (default out/kg.ttl) against the ontology's SHACL shapes; exit 1 on a violation."""
    from .query import read_graph
    from .validate import validate_graph

    try:
        report = validate_graph(read_graph(graph))
    except KGError as error:
        fail(str(error))
    click.echo(f"{graph}: {report.text()}")
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.argument("name", required=False, metavar="NAME|FILE")
@click.option("--graph", "graph_path", default="out/kg.ttl", show_default=True, type=click.Path(dir_okay=False),
              help="The graph to query (Turtle, or another RDF format by suffix).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter, e.g. person=宋洁; repeat for several.")
@click.option("--format", "fmt", type=click.Choice(("table", "csv", "tsv", "json")), default="table",
              show_default=True, help="How to print the rows.")
@click.option("--limit", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Print at most this many rows; 0 for all.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead of --graph, e.g. "
              "http://localhost:7878/query.")
@click.option("--print", "print_query", is_flag=True, help="Print the query with its parameters bound, "
              "for any SPARQL 1.1 store's console, and run nothing.")
def query(name: str | None, graph_path: str, params: tuple[str, ...], fmt: str, limit: int,
          list_queries: bool, endpoint: str | None, print_query: bool) -> None:
    """Run a named query (see --list) or a SPARQL file on a graph or an endpoint.

    A name given for an entity may be one of its aliases: kg says on stderr
    which entity it stands for; a name the graph does not hold is an error
    listing the closest ones.
    """
    from . import names
    from . import query as q
    from . import remote

    try:
        if list_queries:
            click.echo(q.format_query_list(q.list_queries()), nl=False)
            return
        if not name:
            raise KGError("give a query name or a .rq file (kg query --list shows the named queries)")
        if print_query:
            click.echo(remote.bound_query(name, q.parse_params(params)), nl=False)
            return
        store = None if endpoint else q.load_store(graph_path)
        select = remote.endpoint_select(endpoint) if endpoint else names.store_select(store)
        resolution = names.resolve_params(select, name, q.parse_params(params))
        for note in resolution.notes:
            click.echo(f"kg: {note}", err=True)
        if endpoint:
            rows = remote.run_remote_query(endpoint, name, resolution.params, limit=limit)
        else:
            rows = q.run_query(store, name, resolution.params, limit=limit)
    except KGError as error:
        fail(str(error))
    click.echo(q.format_rows(rows, fmt), nl=False)
    if rows.truncated:
        click.echo(q.truncation_note(rows), err=True)


@main.command()
@click.argument("graph", default="out/kg.ttl", type=click.Path(dir_okay=False))
@click.option("--endpoint", required=True, metavar="URL", help="The store's Graph Store Protocol endpoint, e.g. "
              "http://localhost:7878/store (Oxigraph), http://localhost:3030/kg/data (Fuseki).")
@click.option("--named-graphs", is_flag=True, help="One named graph per source file, as --format trig exports; "
              "else the default graph.")
@click.option("--replace", is_flag=True, help="Empty each graph before loading it; else add to what it holds.")
def push(graph: str, endpoint: str, named_graphs: bool, replace: bool) -> None:
    """Load GRAPH into a SPARQL store and check that the store holds every triple."""
    from .query import read_graph
    from .remote import push as push_graph, shown_url

    try:
        report = push_graph(read_graph(graph), endpoint, named_graphs=named_graphs, replace=replace)
    except KGError as error:
        fail(str(error))
    click.echo(f"{report.summary()} → {shown_url(endpoint)}", err=True)


@main.command()
@click.option("--graph", "graph_path", default="out/kg.ttl", show_default=True, type=click.Path(dir_okay=False),
              help="The graph to export (Turtle, or another RDF format by suffix).")
@click.option("--format", "fmt", required=True,
              type=click.Choice(("ttl", "nt", "trig", "jsonld", "graphml", "gexf", "neo4j")),
              help="ttl, nt, jsonld: the graph; trig: one named graph per source file; graphml, gexf: for Gephi; "
                   "neo4j: a folder of CSV files and import scripts for Neo4j, Ladybug and Kùzu.")
@click.option("--out", type=click.Path(), help="The file (for neo4j: the folder) to write; standard output "
              "if not given.")
def export(graph_path: str, fmt: str, out: str | None) -> None:
    """Export a graph for graph databases (ttl, nt, trig, jsonld, neo4j) or for Gephi (graphml, gexf)."""
    from .export import export_graph, serialize_graph
    from .property_graph import write_property_graph
    from .query import read_graph

    try:
        if fmt == "neo4j" and out is None:
            raise KGError("--format neo4j writes a folder: give it with --out")
        if fmt != "neo4j" and out is not None and Path(out).is_dir():
            raise KGError(f"is a folder; --format {fmt} writes a file", path=out)
        graph = read_graph(graph_path)
        if out is None:
            sys.stdout.buffer.write(serialize_graph(graph, fmt))
            return
        if fmt == "neo4j":
            write_property_graph(graph, out)
        else:
            export_graph(graph, fmt, out)
    except KGError as error:
        fail(str(error))
    click.echo(f"{len(graph)} triples → {out}", err=True)



@main.command()
@click.option("--graph", "graph_path", default="out/kg.ttl", show_default=True, type=click.Path(dir_okay=False),
              help="The graph to draw (Turtle, or another RDF format by suffix).")
@click.option("--out", type=click.Path(dir_okay=False), help="The HTML file to write; default graph.html, or "
              "focus-NAME.html with --focus, beside the graph.")
@click.option("--focus", metavar="NAME", help="Only the entity with this label or alias and its neighbourhood.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0),
              help="Hops around --focus; an action and its parties count as one.")
@click.option("--types", metavar="CLASS,...", help="Classes to keep, e.g. Person,Company (Organization, Place, "
              "Action include their subclasses).")
@click.option("--article", metavar="ID", help="Only one article: file#index, source file name or IRI.")
def view(graph_path: str, out: str | None, focus: str | None, depth: int, types: str | None,
         article: str | None) -> None:
    """Write the interactive HTML view of a graph, or of part of it."""
    from .query import read_graph
    from .view import view_file_name, write_view

    out = out or str(Path(graph_path).parent / view_file_name(focus))
    try:
        stats = write_view(read_graph(graph_path), out, focus=focus, depth=depth, types=types, article=article)
    except KGError as error:
        fail(str(error))
    extras = [f"{stats.communities} communities collapsed"] * bool(stats.communities) + \
        [f"{stats.isolated} isolated nodes hidden"] * bool(stats.isolated)
    click.echo(f"{stats.nodes} nodes, {stats.edges} edges, {stats.mode} layout"
               f"{''.join(', ' + e for e in extras)} → {out}", err=True)

if __name__ == "__main__":
    main()
