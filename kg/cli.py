"""The ``kg`` command: a thin layer over the library (kg.pipeline, kg.query, …)."""
from __future__ import annotations

import os
import re
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from .cache import FOLDER as CACHE_FOLDER
from .errors import KGError
from .progress import reporter


def fail(message: str) -> None:
    click.echo(f"kg: error: {_printable(message)}", err=True)
    sys.exit(1)


def _printable(text: str) -> str:
    """``text`` on one line that any terminal shows: line breaks and other
    controls (a file name may hold them) as escapes, and the surrogate escapes
    of file names that are not UTF-8 as ``\\udcff``."""
    text = _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Commands(click.Group):
    """kg's commands, with one error path: an expected failure (bad input, a
    file that cannot be read or written, a graph that breaks the shapes) is
    one line ``kg: error: FILE[:LINE]: what`` and exit 1; a bug is one line
    saying where to report it and exit 70, with the traceback under KG_DEBUG=1.
    A usage mistake (an unknown option, a bad value) is one line too, exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            where = "kg" if error.ctx is None or error.ctx.parent is None else f"kg {error.ctx.info_name}"
            click.echo(f"kg: error: {_printable(error.format_message())} See '{where} --help'.", err=True)
            sys.exit(2)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KGError as error:
            fail(str(error))
        except BrokenPipeError:         # kg query … | head: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            fail(f"{where}{error.strerror or error}")
        except Exception as error:
            if os.environ.get("KG_DEBUG"):
                raise
            summary = " ".join(str(error).split())[:300]
            click.echo(f"kg: internal error: {type(error).__name__}: {_printable(summary)} (a bug in kg: "
                       "please report it with the command and input that caused it; KG_DEBUG=1 shows the "
                       "traceback)", err=True)
            sys.exit(70)


def connected(address: str | None):
    """A Dask client of the cluster at ``address``, or nothing without one."""
    if address is None:
        return nullcontext()
    from .cluster import connect
    return connect(address)


@click.group(cls=Commands)
@click.version_option(package_name="kg")
def main() -> None:
    """Build, query, validate, export and view knowledge graphs of Chinese news."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(),
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
    from .collector import no_collection_at_exit
    from .files import check_writable
    from .outputs import TURTLE, VIEW, write_build
    from .pipeline import build as build_graph

    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other.")
    # sys.stderr as it is now: click's test runner swaps it for each run
    progress = reporter(sys.stderr, quiet=quiet, verbose=verbose)
    out = Path(out_dir)
    check_writable(out, [TURTLE] if no_view else [TURTLE, VIEW])     # before the long part, not after
    cache_dir = None if no_cache else out / CACHE_FOLDER
    with connected(cluster) as client:
        result = build_graph(list(paths) or ["seeds"], keep_going=keep_going, progress=progress, jobs=jobs,
                             cache_dir=cache_dir, cluster=client)
    for warning in result.warnings:
        click.echo(f"kg: warning: {_printable(warning)}", err=True)
    written = write_build(result.graph, out, view=not no_view, cache_dir=cache_dir, jobs=jobs, progress=progress)
    if not quiet:
        click.echo(f"{result.summary()} → {', '.join(map(str, written))}", err=True)
    no_collection_at_exit()


@main.command()
@click.argument("graph", default="out/kg.ttl", type=click.Path(dir_okay=False))
def validate(graph: str) -> None:
    """Check GRAPH (default out/kg.ttl) against the ontology's SHACL shapes; exit 1 on a violation."""
    from .query import read_graph
    from .validate import validate_graph

    report = validate_graph(read_graph(graph))
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
@click.option("--allow-service", is_flag=True, help="Run a query with a SERVICE clause, which asks another "
              "server over the network; without it such a query is refused (kg query runs offline).")
def query(name: str | None, graph_path: str, params: tuple[str, ...], fmt: str, limit: int,
          list_queries: bool, endpoint: str | None, print_query: bool, allow_service: bool) -> None:
    """Run a named query (see --list) or a SPARQL file on a graph or an endpoint.

    A name given for an entity may be one of its aliases: kg says on stderr
    which entity it stands for; a name the graph does not hold is an error
    listing the closest ones.
    """
    from . import names
    from . import query as q
    from . import remote

    if list_queries:
        click.echo(q.format_query_list(q.list_queries()), nl=False)
        return
    if not name:
        raise KGError("give a query name or a .rq file (kg query --list shows the named queries)")
    if print_query:
        click.echo(remote.bound_query(name, q.parse_params(params)), nl=False)
        return
    if not allow_service:       # before the graph is read; run_query and run_remote_query check too
        q.refuse_service(q.load_query(name))
    store = None if endpoint else q.load_store(graph_path)
    select = remote.endpoint_select(endpoint) if endpoint else names.store_select(store)
    resolution = names.resolve_params(select, name, q.parse_params(params))
    for note in resolution.notes:
        click.echo(f"kg: {note}", err=True)
    if endpoint:
        rows = remote.run_remote_query(endpoint, name, resolution.params, limit=limit, allow_service=allow_service)
    else:
        rows = q.run_query(store, name, resolution.params, limit=limit, allow_service=allow_service)
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

    report = push_graph(read_graph(graph), endpoint, named_graphs=named_graphs, replace=replace)
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
    click.echo(f"{len(graph)} triples → {out}", err=True)


@main.command()
@click.option("--graph", "graph_path", default="out/kg.ttl", show_default=True, type=click.Path(dir_okay=False),
              help="The graph to draw (Turtle, or another RDF format by suffix).")
@click.option("--out", type=click.Path(), help="The HTML file to write; default graph.html, or "
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
    stats = write_view(read_graph(graph_path), out, focus=focus, depth=depth, types=types, article=article)
    notes = [f"{stats.nodes} nodes", f"{stats.edges} edges", f"{stats.mode} layout"]
    if stats.communities:
        notes.append(f"{stats.communities} communities collapsed")
    if stats.isolated:
        notes.append(f"{stats.isolated} isolated nodes hidden")
    click.echo(f"{', '.join(notes)} → {out}", err=True)


if __name__ == "__main__":
    main()
