"""STUB — replaced by the graph-view work (issue 6)."""
from kg.files import write_atomic


def write_view(graph, path, **options):
    write_atomic(path, "<!doctype html><title>kg</title>")
