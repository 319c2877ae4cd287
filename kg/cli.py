"""The ``kg`` command: a thin layer over the library (kg.pipeline, kg.query, …)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import KGError

PROGRESS_MIN_DOCUMENTS = 20


def fail(message: str) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(1)


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
def build(paths: tuple[str, ...], out_dir: str, keep_going: bool, no_view: bool) -> None:
    """Build the graph of PATHS (pages, .jsonl corpora, folders; default seeds/)."""
    from .files import write_atomic
    from .pipeline import build as build_graph
    from .validate import validate_graph

    def progress(documents):
        if len(documents) < PROGRESS_MIN_DOCUMENTS:
            yield from documents
            return
        # click's bar only iterates inside its with-block, which also ends the line
        with click.progressbar(documents, label="extracting", file=sys.stderr) as bar:
            yield from bar

    try:
        result = build_graph(list(paths) or ["seeds"], keep_going=keep_going, progress=progress)
    except KGError as error:
        fail(str(error))
    for warning in result.warnings:
        click.echo(f"kg: warning: {warning}", err=True)
    report = validate_graph(result.graph)
    if not report.conforms:
        fail(f"the built graph violates the ontology's shapes:\n{report.text()}")
    out = Path(out_dir)
    write_atomic(out / "kg.ttl", result.graph.serialize(format="turtle"))
    written = [out / "kg.ttl"]
    if not no_view:
        from .view import write_view
        write_view(result.graph, out / "graph.html")
        written.append(out / "graph.html")
    click.echo(f"{result.summary()} → {', '.join(map(str, written))}", err=True)



@main.command()
@click.option("--graph", "graph_path", default="out/kg.ttl", show_default=True, type=click.Path(dir_okay=False),
              help="The graph to draw (Turtle, or another RDF format by suffix).")
@click.option("--out", default="out/graph.html", show_default=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
@click.option("--focus", metavar="NAME", help="Only the entity with this label or alias and its neighbourhood.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0),
              help="Hops around --focus; an action and its parties count as one.")
@click.option("--types", metavar="CLASS,...", help="Classes to keep, e.g. Person,Company (Organization, Place, "
              "Action include their subclasses).")
@click.option("--article", metavar="ID", help="Only one article: file#index, source file name or IRI.")
def view(graph_path: str, out: str, focus: str | None, depth: int, types: str | None, article: str | None) -> None:
    """Write the interactive HTML view of a graph, or of part of it."""
    from .view import read_graph, write_view

    try:
        stats = write_view(read_graph(graph_path), out, focus=focus, depth=depth, types=types, article=article)
    except KGError as error:
        fail(str(error))
    click.echo(f"{stats.nodes} nodes, {stats.edges} edges, {stats.mode} layout → {out}", err=True)

if __name__ == "__main__":
    main()
